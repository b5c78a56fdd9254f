"""Past one machine: an edition too large for one build is built as sub-sites
in parallel jobs and searched as one, with Pagefind's `mergeIndex` (see the
manual's Performance page).  Two built sub-sites, one origin, one search."""

from __future__ import annotations

from pathlib import Path

from . import miniature
from .conftest import FRONT_MATTER, Build, serve


def test_the_indexes_of_two_sub_sites_merge_into_one_search(mini_build: Build, mini_site, browser,
                                                            tmp_path: Path) -> None:
    other = mini_site({"index.md": "# The second sub-site\n",
                       "texts/t.md": FRONT_MATTER + "::text paragraphs\n\nThe quartermaster's palimpsest.\n"})
    assert other.returncode == 0, other.log
    root = tmp_path / "served"
    root.mkdir()
    (root / "a").symlink_to(mini_build.site)  # the two sub-sites under one origin, as one Pages site holds them
    (root / "b").symlink_to(other.site)
    with serve(root) as base:
        page = browser.new_page()
        page.goto(base + "a/")
        found = page.evaluate("""async () => {
            const pagefind = await import('/a/pagefind/pagefind.js');
            await pagefind.options({ bundlePath: '/a/pagefind/' });
            await pagefind.mergeIndex('/b/pagefind/');
            const urls = async q => Promise.all((await pagefind.search(q)).results.map(async r => (await r.data()).url));
            return { own: await urls('Blyukher'), other: await urls('palimpsest') };
        }""")
        page.close()
    assert f"/a/{miniature.ARTICLE}" in found["own"]  # a word of the first sub-site
    assert "/b/texts/t/" in found["other"]  # and of the second, found by the same search
