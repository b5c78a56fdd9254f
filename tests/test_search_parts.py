"""A large edition's search index is made in parts, each by a Pagefind of
its own (Pagefind holds every page it has read until it writes its index),
and the browser merges them: one search finds what every part holds, as one
index would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edition import search

from . import miniature
from .conftest import build_here, serve
from .test_search import results, searched

QUERIES = ("Blucher", "Блюхер", "Frinovsky", "Ussuriisk", "Khasan", "border")


def found(browser, base: str) -> dict[str, set[str]]:
    """The pages each query lists (the search box's results)."""
    out = {}
    for query in QUERIES:
        page = searched(browser, base, query)
        out[query] = {href for href, _ in results(page)}
        page.close()
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The miniature edition built with one index, and with parts of three pages."""
    folder = miniature.write(tmp_path_factory.mktemp("parts"))
    whole, parted = folder.parent / "whole", folder.parent / "parted"
    assert build_here(folder, whole) == []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PART_PAGES", 3)
        assert build_here(folder, parted) == []
    return whole, parted


def page_count(index: Path) -> int:
    return json.loads((index / search.ENTRY).read_text())["languages"]["en"]["page_count"]


def test_each_part_holds_at_most_its_pages_and_together_every_page(sites) -> None:
    whole, parted = sites
    parts = json.loads((parted / "pagefind" / search.PARTS).read_text())
    folders = [parted / "pagefind"] + [parted / "pagefind" / part for part in parts]
    assert len(folders) > 2
    assert all(page_count(folder) <= 3 for folder in folders)
    assert sum(page_count(folder) for folder in folders) == page_count(whole / "pagefind")
    assert json.loads((whole / "pagefind" / search.PARTS).read_text()) == []  # a small edition: one part


def test_one_search_finds_in_every_part_what_one_index_finds(sites, browser) -> None:
    whole, parted = sites
    with serve(whole) as base:
        expected = found(browser, base)
    with serve(parted) as base:
        got = found(browser, base)
    assert all(expected.values())  # every query finds something
    assert got == expected
    assert miniature.BOOK in got["Ussuriisk"] and miniature.ARTICLE in got["Blucher"]
