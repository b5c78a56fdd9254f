"""An original and its translation, two documents of a miniature edition:
paired by the translation's front matter, aligned paragraph by paragraph
(born-digital) or page by page (printed), linked both ways on their pages
and in their TEI (@corresp), and shown side by side in Chromium, each column
in its own language, the partners level at every width and in both views.
Bad pairs are reported at their front-matter line.  The texts are the test's own."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from edition.document import parse_document
from edition.translation import pair_translations

from .conftest import Build, loaded, run_mkdocs, search_index, serve, write_mini
from .test_accessibility import serious_violations
from .test_browser import ARTIFACTS
from .test_tei import assert_valid

FRONT = """\
---
title: {title}
source:
  type: {kind}
  title: Озеро Хасан
  authors: [Олег Пархітько]
  date: "2025"
  language: uk
witness: the test's own text
{extra}transcribed: 2026-11-21
---

"""
UK = ["Влітку 1938 року на кордоні біля озера Хасан почалися бої між радянськими та японськими військами.",
      "Коротко.",
      "Третій абзац оригіналу, довший за переклад, щоб колонки чекали одна на одну."]
EN = ["In the summer of 1938 fighting began on the border near Lake Khasan between Soviet and Japanese troops.",
      "A short paragraph, which in this translation is a good deal longer than in the original, so that the "
      "columns must wait for each other.",
      "The third paragraph."]
TRANSLATION = "original: texts/khasan-uk.md\ntranslation: editors\nlanguage: en\n"


def article(title: str, paragraphs: list[str], extra: str = "") -> str:
    return FRONT.format(title=title, kind="web-article", extra=extra) + "::text paragraphs\n\n" + \
        "\n\n".join(paragraphs) + "\n"


def printed(title: str, pages: dict[str, list[str]], extra: str = "") -> str:
    body = "".join(f"::page {n}\n" + "\n".join(lines) + "\n\n" for n, lines in pages.items())
    return FRONT.format(title=title, kind="book", extra=extra) + "::text lines\n\n" + body


DOCUMENTS = {
    "texts/khasan-uk.md": article("Lake Khasan, the original", UK),
    "texts/khasan-en.md": article("Lake Khasan, translated", EN, TRANSLATION),
    "texts/book-ru.md": printed("A book, the original", {"2": [f"Строка {i} второй страницы." for i in range(1, 9)],
                                                        "4": [f"Строка {i} четвёртой страницы." for i in range(1, 3)]}),
    "texts/book-en.md": printed("A book, translated", {"3": [f"Line {i} of the third page." for i in range(1, 3)],
                                                       "5": [f"Line {i} of the fifth page." for i in range(1, 9)]},
                                "original: texts/book-ru.md\ntranslation: published\nlanguage: en\n"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    folder = write_mini(tmp_path_factory.mktemp("translation"), {"index.md": "# Home\n", **DOCUMENTS})
    build = run_mkdocs(folder, folder / "site")
    assert build.returncode == 0, build.log  # strict
    return build


def page(built: Build, name: str) -> BeautifulSoup:
    return BeautifulSoup((built.site / "texts" / name / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_each_page_links_to_the_other_and_sets_its_text_in_its_language(built: Build) -> None:
    translation, original = page(built, "khasan-en"), page(built, "khasan-uk")
    note = translation.select_one(".parallel-note")
    assert " ".join(note.get_text().split()) == "This is the editors' translation of Lake Khasan, the original (Ukrainian)."
    assert note.a["href"] == "../khasan-uk/"
    assert " ".join(original.select_one(".parallel-note").get_text().split()) == (
        "The editors' translation: Lake Khasan, translated (English).")
    assert (translation.select_one("section.transcription")["lang"], original.select_one("section.transcription")["lang"]) == ("en", "uk")
    assert original.select_one(".parallel-toggle").get_text() == "Show the translation beside the text"


def test_the_tei_links_each_unit_to_its_partner_and_is_valid(built: Build, tei_schema: etree.RelaxNG) -> None:
    schema = tei_schema  # tei_all, read once for the session
    for name in ("khasan-en", "khasan-uk", "book-en", "book-ru"):
        assert_valid(schema, (built.site / "texts" / name / "tei.xml").read_text(encoding="utf-8"))
    english = (built.site / "texts" / "book-en" / "tei.xml").read_text(encoding="utf-8")
    assert '<pb n="5" xml:id="p5" corresp="http://127.0.0.1:8000/texts/book-ru/tei.xml#p4" />' in english
    russian = (built.site / "texts" / "khasan-uk" / "tei.xml").read_text(encoding="utf-8")
    assert 'xml:id="para2" corresp="http://127.0.0.1:8000/texts/khasan-en/tei.xml#para2"' in russian


def test_search_finds_each_text_in_its_own_words(tab, built: Build) -> None:
    with serve(built.site) as base:
        assert [url for url, _ in search_index(tab, base, "Коротко")] == ["texts/khasan-uk/"]
        assert [url for url, _ in search_index(tab, base, "fifth")] == ["texts/book-en/"]


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
@pytest.mark.parametrize("name, units", [("khasan-en", [("para1", "para1"), ("para2", "para2"), ("para3", "para3")]),
                                         ("book-ru", [("p2", "p3"), ("p4", "p5")])])
def test_side_by_side_the_partners_stay_level(browser, built: Build, size, name: str, units) -> None:
    label = "desktop" if size[0] > 1000 else "phone"
    with serve(built.site) as base:
        view = browser.new_page(viewport={"width": size[0], "height": size[1]})
        view.goto(base + f"texts/{name}/")
        loaded(view)
        view.click(".parallel-toggle")
        view.wait_for_selector(".parallel-columns")
        other = view.locator(".parallel-column + .parallel-column")
        assert (other.get_attribute("lang"), other.get_attribute("dir")) == ("uk" if name == "khasan-en" else "en",
                                                                             "ltr")

        def level() -> list[float]:
            return [view.locator(f"[id='{mine}']").bounding_box()["y"] -
                    view.locator(f"[id='other-{theirs}']").bounding_box()["y"] for mine, theirs in units]

        assert [abs(d) < 1 for d in level()] == [True] * len(units)
        view.mouse.wheel(0, 300)  # one page scroll carries both
        view.wait_for_timeout(200)
        assert [abs(d) < 1 for d in level()] == [True] * len(units)
        view.click(".view-switch a[data-view=diplomatic]")  # another view, other heights: level again
        view.wait_for_timeout(300)
        assert [abs(d) < 1 for d in level()] == [True] * len(units)
        ARTIFACTS.mkdir(exist_ok=True)
        view.screenshot(path=ARTIFACTS / f"parallel-{name}-{label}.png", full_page=True)
        assert serious_violations(view) == []
        view.click(".parallel-toggle")  # back to one column
        assert view.locator(".parallel-columns").count() == 0
        assert view.locator("section.transcription").count() == 1
        view.close()


@pytest.mark.parametrize("extra, expected", [
    ("original: texts/khasan-ru.md\ntranslation: editors\nlanguage: en\n",
     "10:11: ED119 'original' names 'texts/khasan-ru.md', which is no document of the edition. Fix: give the "
     "original's path under docs/, as its page's address has it, e.g. 'texts/khasan-uk.md'"),
    ("original: texts/khasan-uk.md\ntranslation: editors\n",
     "10:11: ED120 a translation needs 'language' too. Fix: give all three: 'original:' (the original's path under "
     "docs/, e.g. 'texts/letter-ru.md'), 'translation: editors' or 'translation: published', and 'language:' (this "
     "text's language, e.g. 'en')"),
    ("original: texts/khasan-uk.md\ntranslation: editors\nlanguage: uk\n",
     "12:11: ED120 this translation's language, 'uk', is its original's. Fix: give the language this text is in"),
])
def test_a_bad_pair_is_reported_at_its_line(extra: str, expected: str) -> None:
    original, _ = parse_document(DOCUMENTS["texts/khasan-uk.md"], "docs/texts/khasan-uk.md")
    translation, problems = parse_document(article("Translated", EN, extra), "docs/texts/khasan-en.md")
    assert problems == []
    _, found = pair_translations({"texts/khasan-uk.md": original, "texts/khasan-en.md": translation})
    assert [str(d) for d in found] == [f"docs/texts/khasan-en.md:{expected}"]


def test_texts_that_cannot_be_aligned_are_reported() -> None:
    original, _ = parse_document(DOCUMENTS["texts/khasan-uk.md"], "docs/texts/khasan-uk.md")
    short, _ = parse_document(article("Translated", EN[:2], TRANSLATION), "docs/texts/khasan-en.md")
    printed_one, _ = parse_document(printed("Translated", {"1": ["A line."]}, TRANSLATION), "docs/texts/khasan-en.md")
    fix = ("a translation is aligned with its original paragraph by paragraph (both '::text paragraphs') or page by "
           "page (both '::text lines'): give it as many as the original, in the same order")
    for translation, problem in ((short, "the original has 3 paragraphs, this translation 2"),
                                 (printed_one, "the original is numbered by paragraphs, this translation by printed "
                                               "lines")):
        _, found = pair_translations({"texts/khasan-uk.md": original, "texts/khasan-en.md": translation})
        assert [str(d) for d in found] == [f"docs/texts/khasan-en.md:10:11: ED121 {problem}. Fix: {fix}"]


def test_a_translation_without_its_pair_fails_the_strict_build(mini_site) -> None:
    build = mini_site({"index.md": "# Home\n", "texts/khasan-en.md": DOCUMENTS["texts/khasan-en.md"]})
    assert build.returncode != 0 and "docs/texts/khasan-en.md:10:11: ED119" in build.log


def test_side_by_side_prints_in_two_columns(browser, built: Build) -> None:
    """Printed (or saved as PDF by Chromium) with the original beside it, as the reader set it."""
    with serve(built.site) as base:
        view = browser.new_page(viewport={"width": 1000, "height": 1400})
        view.goto(base + "texts/khasan-en/")
        loaded(view)
        view.click(".parallel-toggle")
        view.wait_for_selector(".parallel-columns")
        view.emulate_media(media="print")
        columns = view.locator(".parallel-column")
        first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
        assert second["x"] >= first["x"] + first["width"] and abs(second["y"] - first["y"]) < 1
        assert not view.locator(".parallel-toggle").is_visible()
        assert "Коротко." in columns.nth(1).inner_text() and "The third paragraph." in columns.nth(0).inner_text()
        for n in (1, 2, 3):  # level on paper too
            assert abs(view.locator(f"[id='para{n}']").bounding_box()["y"]
                       - view.locator(f"[id='other-para{n}']").bounding_box()["y"]) < 1
        view.screenshot(path=ARTIFACTS / "parallel-print.png", full_page=True)
        assert view.pdf(path=str(ARTIFACTS / "parallel-print.pdf")).startswith(b"%PDF")
        view.close()
