"""An archival witness: a typescript with its author's deletions and
additions, a gap, two hands, a stamp, a signature, a marginal note, an
abbreviation and a pre-reform spelling the editors mark.  Each is recorded in
both views, only the editors' acts are in the apparatus, the reading text is
what search holds, and the TEI is valid."""

from __future__ import annotations


import markdown
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from edition.apparatus import KINDS, Cause
from edition.document import parse_document
from edition.plaintext import plain_texts
from edition.search import IGNORE
from edition.tei import to_tei

from .conftest import Build, loaded, run_mkdocs, serve, write_mini
from .test_browser import ARTIFACTS
from .test_tei import CONTEXT, assert_valid, tree

TYPESCRIPT = """\
---
title: A typescript report, 3 August 1938
source:
  type: letter
  title: Report on the border incident
  authors: [Г. Штерн]
  date: 1938-08-03
  language: ru
witness: the typescript, with pencil annotations
hands: {typist: the typewriter, pencil: "a pencil annotation, perhaps the addressee's"}
transcribed: 2026-11-21
---

## Introduction

A miniature typescript for the generator's tests.

::text lines

::page 1
{hand: typist}{stamp: СЕКРЕТНО}
The {abbr: Ген. -> Генеральный} штаб {del: сообщает} {add above: докладывает}, что
{reg: Совѣтъ -> Совет} {unclear: одобрил} план {gap: 3 words | illegible}
{gap: 1 line | damage}
{hand: pencil}{margin: согласен} {signature: Г. Штерн}
"""

NS = {"tei": "http://www.tei-c.org/ns/1.0"}


@pytest.fixture(scope="module")
def schema(tei_schema: etree.RelaxNG) -> etree.RelaxNG:
    return tei_schema  # tei_all, read once for the session


def parsed():
    document, diagnostics = parse_document(TYPESCRIPT, "docs/texts/typescript.md")
    assert diagnostics == []
    return document


def page() -> BeautifulSoup:
    html = markdown.markdown(TYPESCRIPT.split("---\n", 2)[-1], extensions=["edition.extension", "toc"])
    return BeautifulSoup(html, "html.parser")


def words(el) -> str:
    return " ".join(el.get_text(" ").split())


def reading_words(soup: BeautifulSoup) -> str:
    """The text search indexes: everything but what carries data-pagefind-ignore."""
    for el in soup.select(f"[{IGNORE}]"):
        el.decompose()
    return words(soup.select_one("section.transcription"))


def test_only_the_editors_acts_are_in_the_apparatus() -> None:
    body = parsed().body
    assert [(e.kind, e.lemma, e.variant) for e in body.apparatus] == [
        ("abbr", "Генеральный", "Ген."), ("reg", "Совет", "Совѣтъ"), ("unclear", "одобрил", "unclear in the witness")]
    assert [f.kind for f in body.features] == ["hand", "stamp", "del", "add", "gap", "gap", "hand", "margin",
                                               "signature"]
    assert {k for k, kind in KINDS.items() if kind.cause is Cause.WITNESS} == {
        "del", "add", "gap", "hand", "stamp", "signature", "margin"}


def test_search_holds_the_reading_text_and_the_witnesss_own_words() -> None:
    assert reading_words(page()) == ("Text СЕКРЕТНО The Генеральный штаб докладывает , что Совет одобрил план "
                                     "согласен Г. Штерн")


def test_the_page_shows_both_views() -> None:
    soup = page()
    deleted = soup.select_one("del.arch-del")
    assert (deleted.get_text(), deleted.has_attr(IGNORE)) == ("сообщает", True)
    added = soup.select_one("ins.arch-add")
    assert (added.get_text(), added["data-place"], added.has_attr(IGNORE)) == ("докладывает", "above", False)
    assert [words(g) for g in soup.select(".arch-gap")] == ["[… 3 words illegible]", "[… 1 line lost to damage]"]
    assert [h["data-hand"] for h in soup.select(".arch-hand")] == ["typist", "pencil"]
    assert words(soup.select_one(".arch-stamp")) == "stamp: СЕКРЕТНО"
    assert words(soup.select_one(".arch-signature")) == "signature: Г. Штерн"
    assert words(soup.select_one(".arch-margin")) == "in the margin: согласен"
    abbr = soup.select_one("a.app-abbr")
    assert (abbr.select_one(".app-wit").get_text(), abbr.select_one(".app-rdg").get_text()) == ("Ген.", "Генеральный")


def test_the_plain_texts_follow_the_views() -> None:
    texts = plain_texts(parsed(), TYPESCRIPT)
    assert texts["diplomatic"] == (
        "[p. 1]\n\n[hand: typist][stamp: СЕКРЕТНО]\nThe Ген. штаб ⟦сообщает⟧ \\докладывает/, что\n"
        "Совѣтъ одобрил план [… 3 words illegible]\n[… 1 line lost to damage]\n"
        "[hand: pencil][in the margin: согласен] Г. Штерн\n")
    assert texts["reading"] == (
        "[p. 1]\n\n[stamp: СЕКРЕТНО]\nThe Генеральный штаб докладывает, что\n"
        "Совет одобрил план [… 3 words illegible]\n[… 1 line lost to damage]\n[in the margin: согласен] Г. Штерн\n")


def test_the_tei_encodes_each_and_is_valid(schema: etree.RelaxNG) -> None:
    xml = to_tei(parsed(), TYPESCRIPT, CONTEXT)
    assert_valid(schema, xml)
    for expected in (
        '<handNote xml:id="hand-typist">the typewriter</handNote>',
        '<handShift new="#hand-typist" /><stamp>СЕКРЕТНО</stamp>',
        '<choice xml:id="p1.l2.e1"><abbr>Ген.</abbr><expan>Генеральный</expan></choice>',
        '<del rend="strikethrough">сообщает</del> <add place="above">докладывает</add>',
        '<choice xml:id="p1.l3.e1"><orig>Совѣтъ</orig><reg type="spelling">Совет</reg></choice>',
        '<unclear xml:id="p1.l3.e2">одобрил</unclear>',
        '<gap quantity="3" unit="words" reason="illegible" />',
        '<gap quantity="1" unit="lines" reason="damage" />',
        '<handShift new="#hand-pencil" /><note place="margin" type="authorial">согласен</note> '
        '<seg type="signature">Г. Штерн</seg>',
    ):
        assert expected in xml
    # the apparatus lists the editors' acts only
    assert tree(xml).xpath("//tei:note[@type='apparatus']/@subtype", namespaces=NS) == ["abbr", "reg", "unclear"]


# -- the typescript edition, built strict, and seen ------------------------------

@pytest.fixture(scope="module")
def typescript_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    folder = write_mini(tmp_path_factory.mktemp("typescript"),
                        {"index.md": "# Home\n", "texts/typescript.md": TYPESCRIPT})
    return run_mkdocs(folder, folder / "site")


def test_the_typescript_edition_builds_strict_with_valid_tei(typescript_build: Build,
                                                              schema: etree.RelaxNG) -> None:
    assert typescript_build.returncode == 0, typescript_build.log
    assert_valid(schema, (typescript_build.site / "texts" / "typescript" / "tei.xml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("view", ["reading", "diplomatic"])
def test_screenshots_of_the_typescript(browser, typescript_build: Build, view: str) -> None:
    """For people to look at; and what each view shows, as the reader sees it."""
    with serve(typescript_build.site) as base:
        page = browser.new_page(viewport={"width": 1000, "height": 700})
        page.goto(base + "texts/typescript/" + ("#diplomatic" if view == "diplomatic" else ""))
        loaded(page)
        section = page.locator("section.transcription")
        section.scroll_into_view_if_needed()
        shown = " ".join(section.inner_text().split())
        ARTIFACTS.mkdir(exist_ok=True)
        section.screenshot(path=ARTIFACTS / f"typescript-{view}.png")
        page.close()
    if view == "reading":
        assert "сообщает" not in shown and "докладывает" in shown and "Генеральный" in shown
        assert "hand:" not in shown and "Совет " in shown
    else:
        assert "сообщает" in shown and "Ген." in shown and "Совѣтъ" in shown and "typist" in shown
    assert "[… 3 words illegible]" in shown and "СЕКРЕТНО" in shown


def test_an_undeclared_hand_fails_the_strict_build(mini_site) -> None:
    build = mini_site({"index.md": "# Home\n",
                       "texts/t.md": TYPESCRIPT.replace("{hand: pencil}", "{hand: ink}")})
    assert build.returncode != 0
    assert ("docs/texts/t.md:25:1: ED505 the hand 'ink' is not declared in the front matter. Fix: declare each "
            "hand of the witness under 'hands:' with what it is, e.g. 'hands: {typist: the typewriter, ink: …}'"
            ) in build.log

