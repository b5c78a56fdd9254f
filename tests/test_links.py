"""Every link of the built site that stays inside it leads somewhere: to a
file the site has and, for an anchor, to an element of that page with the
id (issue 9: no broken links)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from .conftest import Build

LINKS = "a[href], link[href], script[src], img[src], iframe[src]"


def ids_of(page: Path, cache: dict[Path, set[str]]) -> set[str]:
    if page not in cache:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        cache[page] = {el["id"] for el in soup.select("[id]")}
    return cache[page]


def broken_links(site: Path) -> list[str]:
    """'page: link' for each internal link that does not resolve.  A link
    from the site's root ('/…', as the 404 page has) is read from `site`."""
    cache: dict[Path, set[str]] = {}
    broken = []
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for el in soup.select(LINKS):
            link = el.get("href") or el.get("src")
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # outside the site
            path = unquote(parts.path)
            target = (site / path.lstrip("/") if path.startswith("/") else page.parent / path) if path else page
            if target.is_dir():
                target = target / "index.html"
            fragment = unquote(parts.fragment)
            if not target.is_file() or (fragment and target.suffix == ".html"
                                        and fragment not in ids_of(target, cache)):
                broken.append(f"{page.relative_to(site)}: {link}")
    return broken


def test_every_internal_link_and_anchor_of_the_site_resolves(mini_build: Build) -> None:
    """On the miniature edition (the real one's links: test_edition.py)."""
    pages = list(mini_build.site.rglob("*.html"))
    assert len(pages) > 25  # the documents, the register's entries, the lists, the guides
    assert broken_links(mini_build.site) == []


def test_the_checker_finds_a_missing_page_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<p id="here">x</p><a href="#here">ok</a><a href="#gone">no</a>'
                                           '<a href="../b/">no</a><a href="/a/#here">ok</a>'
                                           '<a href="https://example.org/">outside</a>', encoding="utf-8")
    assert broken_links(tmp_path) == ["a/index.html: #gone", "a/index.html: ../b/"]
