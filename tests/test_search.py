"""Search, typed into the site's own search box in Chromium: every name of a
register entry, with or without diacritics, in Latin or Cyrillic, finds it."""

from __future__ import annotations

import pytest

from edition.register import read_register
from edition.search import Aliases

from .conftest import ROOT

ARTICLE = "texts/parkhitko-2025-lake-khasan/"
BOOK = "texts/kuromiya-mamoulia-ch6/"


def first_results(browser, base: str, query: str, n: int = 3) -> list[tuple[str, str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base)
    page.keyboard.press("/")  # Material's shortcut to the search box
    page.keyboard.type(query)
    # Playwright enters non-Latin letters as inserted text, without the key
    # events a keyboard sends; Material searches on those, so press one.
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item")
    results = page.evaluate("""n => [...document.querySelectorAll('.md-search-result__item > a')].slice(0, n)
        .map(a => [new URL(a.href).pathname + new URL(a.href).hash, a.innerText])""", n)
    page.close()
    return [(href.removeprefix("/"), text) for href, text in results]


@pytest.mark.parametrize("query, where, words", [
    ("Blucher", ARTICLE, "Blukher"),
    ("Bliukher", ARTICLE, "Blukher"),
    ("Блюхер", ARTICLE, "Blukher"),
    ("Blyukher", ARTICLE, "Blukher"),
    ("Hassan", ARTICLE, "Hassan"),
    ("Khasan", ARTICLE, "Hassan"),
    ("Frinovsky", ARTICLE, "Frinovsky"),
    ("Fridovsky", ARTICLE, "Frinovsky"),
    ("Ussuriisk", BOOK, "Ussuriisk"),
])
def test_each_name_finds_the_right_document_first(browser, served_edition: str, query: str, where: str,
                                                  words: str) -> None:
    results = first_results(browser, served_edition, query, n=6)
    # The document comes first (the register's own pages after it), and its
    # passages show the reading text: "Fridovsky" finds "Frinovsky".
    assert results[0][0].startswith(where), results
    assert any(words in text for href, text in results if href.startswith(where)), results


def test_aliases_name_every_spelling_of_the_entries_a_text_names() -> None:
    register, _ = read_register((ROOT / "register.yml").read_text(encoding="utf-8"), "register.yml")
    aliases = Aliases(register).of("<p>So when Mikhail Frinovsky arrived, Blücher was at Lake Hassan.</p>").split()
    for name in ("Fridovsky", "Фриновский", "Blyukher", "Bliukher", "Блюхер", "Khasan", "Хасан", "blucher"):
        assert name in aliases
    assert "Stalin" not in aliases  # only what the text names
