"""Search, typed into the site's search box in Chromium (Pagefind's index):
every name of a register entry, with or without diacritics, in Latin or
Cyrillic, finds the passages that name it."""

from __future__ import annotations

import pytest

from edition.register import read_register
from edition.search import Aliases

from . import miniature
from .conftest import copy_mini, run_mkdocs, serve, visit

ARTICLE = miniature.ARTICLE
BOOK = miniature.BOOK


def searched(tab, base: str, query: str):
    """The site's home page, opened in `tab`, with `query` typed into its search box, its results shown."""
    page = visit(tab, base)
    page.keyboard.press("/")  # the shortcut to the search box
    page.keyboard.type(query)
    # Results come as the reader types; wait for those of the whole query.
    page.wait_for_function("q => document.querySelector('.md-search-result__list').dataset.query === q", arg=query)
    return page


def results(page) -> list[tuple[str, str]]:
    """The pages listed (address, text shown), best first."""
    found = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')]
        .map(li => [new URL(li.querySelector('a').href).pathname, li.innerText])""")
    return [(href.removeprefix("/"), text) for href, text in found]


def first_results(tab, base: str, query: str) -> list[tuple[str, str]]:
    return results(searched(tab, base, query))


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
def test_each_name_finds_the_right_document_first(tab, served_mini: str, query: str, where: str,
                                                  words: str) -> None:
    results = first_results(tab, served_mini, query)
    # The source comes first, or after the register's entries of that name
    # (which list its passages); its passages show the reading text:
    # "Fridovsky" finds "Frinovsky".
    places = [href for href, _ in results]
    assert next(p for p in places if not p.startswith("register/")).startswith(where), results
    assert places.index(next(p for p in places if p.startswith(where))) < 3, results
    assert any(words in text for href, text in results if href.startswith(where)), results


def test_aliases_name_every_spelling_of_the_entries_a_text_names() -> None:
    register, _ = read_register(miniature.REGISTER, "register.yml")
    aliases = Aliases(register).of("<p>So when Mikhail Frinovsky arrived, Blücher was at Lake Hassan.</p>")
    for name in ("Fridovsky", "Фриновский", "Vasily Blyukher", "Bliukher", "Блюхер", "Lake Khasan", "Хасан"):
        assert name in aliases
    assert "Stalin" not in aliases  # only what the text names


def test_a_name_with_a_stress_mark_or_in_capitals_is_the_same_name() -> None:
    register, _ = read_register(miniature.REGISTER, "register.yml")
    # A Russian text may mark the stress: 'ю́' is 'ю' and a combining accent.
    assert "Vasily Blyukher" in Aliases(register).of("<p>маршал Блю\u0301хер</p>")
    assert "Vasily Blyukher" in Aliases(register).of("<p>BLÜCHER</p>")


PAYLOAD = """<img src=x onerror="document.title='pwned'"> <script>document.title='pwned'</script>"""


def test_a_result_shows_markup_in_a_source_as_text_and_never_runs_it(tab, mini_source, tmp_path) -> None:
    folder = copy_mini(mini_source, tmp_path / "edition")
    doc = folder / miniature.ARTICLE_FILE
    doc.write_text(doc.read_text(encoding="utf-8").replace(
        "## Introduction\n", f"## Introduction\n\nA reader wrote onerror here: {PAYLOAD}\n", 1), encoding="utf-8")
    build = run_mkdocs(folder, tmp_path / "site")
    with serve(build.site) as base:
        page = searched(tab, base, "onerror")
        found = results(page)
        assert page.title() != "pwned"
        assert not page.query_selector(".md-search-result__list img, .md-search-result__list script")
    assert found[0][0] == ARTICLE
    assert PAYLOAD[:40] in found[0][1]


def test_a_page_weighed_down_in_its_front_matter_comes_after_pages_that_say_less(tab, mini_source, tmp_path) -> None:
    """`search: {weight: 0.1}`: a page repeating a word comes before one saying it
    once, unless its front matter weighs it down (as the register's lists are)."""
    folder = copy_mini(mini_source, tmp_path / "edition")
    pages = {"_often.md": ("", 3), "_once.md": ("", 1), "_often-light.md": ("search:\n  weight: 0.1\n", 3)}
    for name, (front, times) in pages.items():
        text = " ".join(["The word quinquereme is here."] * times)
        (folder / "docs" / name).write_text(f"---\n{front}---\n# {name}\n\n{text}\n", encoding="utf-8")
    build = run_mkdocs(folder, tmp_path / "site")
    assert build.returncode == 0, build.log
    with serve(build.site) as base:
        found = [href for href, _ in first_results(tab, base, "quinquereme")]
    assert found == ["_often/", "_once/", "_often-light/"]


def on_top(page, selector: str) -> bool:
    """Whether a reader sees the element: what is drawn at its centre is it
    (Material hides the results by opacity and size, which Playwright's
    `is_visible` does not count)."""
    return page.evaluate("""s => { const el = document.querySelector(s); const r = el.getBoundingClientRect();
        const seen = document.elementFromPoint(r.x + r.width / 2, r.y + Math.min(r.height / 2, 10));
        return r.width > 0 && r.height > 0 && getComputedStyle(el.closest('.md-search__output')).opacity === '1'
               && el.contains(seen); }""", selector)


@pytest.mark.parametrize("width", [1280, 390])
def test_clicking_into_the_search_box_and_typing_shows_the_results(browser, served_mini: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(served_mini + BOOK)
    if width < 1220:  # on a phone the box is behind the magnifier in the header
        page.click("label.md-header__button[for='__search']")
    page.click(".md-search__input")
    page.keyboard.type("Blyukher")
    page.wait_for_function("() => document.querySelector('.md-search-result__list').dataset.query === 'Blyukher'")
    page.wait_for_timeout(400)  # Material's transition
    assert on_top(page, ".md-search-result__link")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.matches('.md-search-result__link')")
    page.close()


def test_tabbing_out_of_the_search_box_closes_it(browser, served_mini: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served_mini + BOOK)
    page.focus(".md-search__input")
    assert page.evaluate("() => document.getElementById('__search').checked")
    page.keyboard.press("Tab")  # to the results
    assert page.evaluate("() => document.getElementById('__search').checked")
    page.keyboard.press("Tab")  # on into the page
    assert not page.evaluate("() => document.activeElement.closest('[data-edition-search]')")
    assert not page.evaluate("() => document.getElementById('__search').checked")
    page.close()


def test_a_source_found_only_by_another_spelling_says_so(tab, served_mini: str) -> None:
    """The article writes 'Blukher': found for 'Blyukher' by the register's
    hidden names, it shows the passage naming him, and says why."""
    found = dict(first_results(tab, served_mini, "Blyukher"))
    excerpt = found[ARTICLE].split("\n", 1)[1].strip()
    assert excerpt.startswith("Found under another spelling of a name the text uses:")
    assert "Marshal Vasily Blukher" in excerpt and "Блюхер" not in excerpt  # the passage, not the hidden names
    assert "Found under" not in found["register/blyukher/"]
    assert "Found under" not in dict(first_results(tab, served_mini, "Blukher"))[ARTICLE]
