"""The search index made in parts (`edition.search.PART` pages each, each
by a Pagefind of its own), searched in Chromium through the site's search
box as one index: the reader finds what one index would find."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from edition.search import OUTPUT, PARTS, Indexer, vocabulary

from . import miniature
from .conftest import Build, serve
from .test_search import first_results


@pytest.fixture(scope="module")
def in_parts(mini_build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The miniature edition, its index made again in parts of two pages:
    the article's page first, the book's last, the others between."""
    site = tmp_path_factory.mktemp("in-parts") / "site"
    shutil.copytree(mini_build.site, site, symlinks=True)
    shutil.rmtree(site / OUTPUT)
    folders = sorted(path.parent.relative_to(site).as_posix() for path in site.rglob("index.html"))
    urls = ["/" if folder == "." else f"/{folder}/" for folder in folders]
    first, last = f"/{miniature.ARTICLE}", f"/{miniature.BOOK}"
    urls = [first, *(url for url in urls if url not in (first, last)), last]
    words = vocabulary([miniature.ARTICLE_TEXT, miniature.BOOK_BODY])
    indexer = Indexer(pages=len(urls), part=2, words=lambda: words)
    for url in urls:
        indexer.add_written((site / url.strip("/") / "index.html").read_text(encoding="utf-8"), url)
    indexer.write(site)
    return site


def test_the_parts_are_written_beside_the_first_and_named_for_the_search(in_parts: Path) -> None:
    parts = json.loads((in_parts / OUTPUT / PARTS).read_text(encoding="utf-8"))
    assert len(parts) >= 2
    for part in parts:
        assert (in_parts / OUTPUT / part / "pagefind-entry.json").is_file()


@pytest.mark.parametrize("query", ["Blyukher", "Ussuriisk", "Khasan", "Japanese"])
def test_a_search_of_the_parts_finds_the_pages_one_index_finds(in_parts: Path, served_mini: str, tab,
                                                               query: str) -> None:
    whole = first_results(tab, served_mini, query)
    with serve(in_parts) as base:
        merged = first_results(tab, base, query)
    assert whole  # the word is there to be found
    assert sorted(merged) == sorted(whole)
