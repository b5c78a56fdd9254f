"""The real edition, built by `mkdocs build --strict`: what a reader sees."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from .conftest import SOURCES, Build

BOOK = "texts/kuromiya-mamoulia-ch6/index.html"
ARTICLE = "texts/parkhitko-2025-lake-khasan/index.html"
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def page(build: Build, name: str) -> BeautifulSoup:
    return BeautifulSoup((build.site / name).read_text(encoding="utf-8"), "html.parser")


def test_the_edition_builds_strict_with_no_warning(edition_build: Build) -> None:
    assert edition_build.returncode == 0, edition_build.log
    assert edition_build.warnings() == []


def test_page_131_keeps_its_page_its_33_lines_and_its_block_quotation(edition_build: Build) -> None:
    soup = page(edition_build, BOOK)
    assert soup.select_one("#p131 a")["href"] == "#p131"
    lines = soup.select("section.transcription span.lb")
    assert [el["id"] for el in lines] == [f"p131.l{n}" for n in range(1, 34)]
    quote = soup.select_one("section.transcription blockquote")
    assert [el["id"] for el in quote.select("span.lb")] == [f"p131.l{n}" for n in range(27, 32)]
    assert quote.get_text().strip().startswith("The strengthening of Japanese forces in Siberia")
    head = soup.select_one("#p131\\.fw1")
    assert head.select_one(".fw-text").get_text() == "Moscow versus Tokyo Ë 131"
    assert "not part of the text" in head.get_text()


def test_page_131_shows_notes_14_to_19_under_their_own_numbers(edition_build: Build) -> None:
    soup = page(edition_build, BOOK)
    notes = soup.select("section.author-notes ol > li")
    assert [(li["id"], li["value"]) for li in notes] == [(f"n{n}", str(n)) for n in range(14, 20)]
    markers = soup.select("section.transcription sup.note-ref.author a")
    assert [a.get_text() for a in markers] == [str(n) for n in range(14, 20)]
    assert notes[3].get_text(" ", strip=True).startswith(
        "Peter Berton, “A New Russo-Japanese Alliance?: Diplomacy in the Far East During World War I.” "
        "Acta Slavica Iaponicano. 11 (1993), 72.")
    assert soup.select_one("#n17\\.l2") is not None  # note 17's second printed line


def test_editorial_notes_are_a_separate_lettered_series(edition_build: Build) -> None:
    soup = page(edition_build, BOOK)
    markers = soup.select("sup.note-ref.editorial a")
    assert [a.get_text() for a in markers] == ["a", "b"]
    section = soup.select_one("section.editorial-notes")
    assert section.select_one("ol")["type"] == "a"
    assert [li["id"] for li in section.select("li")] == ["ed-sough", "ed-peace-time"]


def test_hyphenation_is_marked_and_real_hyphens_stay(edition_build: Build) -> None:
    soup = page(edition_build, BOOK)
    joined = [el["id"] for el in soup.select("section.transcription span.lb[data-joined]")]
    assert joined == ["p131.l5", "p131.l6", "p131.l8", "p131.l17", "p131.l20", "p131.l30"]
    assert len(soup.select("section.transcription span.hy")) == 6
    assert "Russo-Japanese War" in soup.select_one("section.transcription").get_text()


def test_the_header_shows_the_metadata_and_flags_what_is_unverified(edition_build: Build) -> None:
    soup = page(edition_build, BOOK)
    rows = zip(soup.select(".document-meta dt"), soup.select(".document-meta dd"), strict=True)
    meta = {dt.get_text(): dd for dt, dd in rows}
    assert meta["Authors"].get_text() == "Hiroaki Kuromiya; Georges Mamoulia"
    assert meta["Date"].select_one(".unverified").get_text().startswith("(unverified: 2016 is not confirmed")
    assert meta["Address"].get_text() == "not known"
    assert meta["Witness"].get_text().startswith("The text layer of the book's PDF")


def test_the_article_has_its_byline_date_headings_and_numbered_paragraphs(edition_build: Build) -> None:
    soup = page(edition_build, ARTICLE)
    text = soup.select_one("section.transcription")
    assert text.select_one(".dateline").get_text() == "May 21, 2025, 10:23 p.m."
    assert text.select_one(".byline").get_text() == "Олег Пархітько"
    for link in text.select("a.headerlink"):
        link.decompose()
    headings = [h.get_text() for h in text.select(".source-heading")]
    assert headings == ["Lake Hassan: the conflict between two empires and rewritten history",
                        "Japan-Russia relations in the first half of the XX century",
                        "The situation on the eve of the conflict", "The USSR takes what lies dormant",
                        "The hot phase of the conflict", "Consequences of the conflict", "Conclusions."]
    paragraphs = text.select(".numbered[id^=para]")
    assert [p["id"] for p in paragraphs] == [f"para{n}" for n in range(1, len(paragraphs) + 1)]
    # 57 non-blank lines less 7 furniture, the dateline, the title, 6 headings, 3 captions
    # and the byline: 32 paragraphs, and the 6 entries of the table of contents.
    assert len(paragraphs) == 38
    assert paragraphs[0].get_text().startswith("The main difficulty in studying history")
    furniture = [el.select_one(".fw-text").get_text() for el in text.select(".fw")]
    assert furniture == ["Меню", "Social networks", "Цей матеріал також доступний українською", "31",
                         "Image generated by AI", "Share"]
    captions = [el.get_text() for el in text.select("figure figcaption")]
    assert captions == ["Image generated by AI", "Map of Japanese expansion. Image: Image.",
                        "Lake Hassan and the Zaozerna and Bezymenna hills. Photo: arseniev.org",
                        "Camouflaged Soviet tanks. Photo: garmatny.blogspot.com"]


def diplomatic_words(soup: BeautifulSoup) -> Counter[str]:
    """The words of a page as the witness has them: a printed line break is a break."""
    for el in soup.select("span.lb"):
        el.replace_with("\n")
    # What the edition adds is not the witness's: its markers, labels and permalinks.
    for el in soup.select("sup.note-ref.editorial, a.headerlink, .fw-label, .figure-label, .footnote-backref"):
        el.decompose()
    content = soup.select_one("article")
    return Counter(content.get_text().split())


@pytest.mark.parametrize("source, built", [
    ("kuromiya-mamoulia-p131.txt", BOOK),
    ("parkhitko-2025-lake-khasan.txt", ARTICLE),
])
def test_every_word_of_the_source_is_on_the_page(edition_build: Build, source: str, built: str) -> None:
    text = (SOURCES / source).read_text(encoding="utf-8").translate(SUPERSCRIPTS)
    soup = page(edition_build, built)
    labels = [li["value"] for li in soup.select("section.author-notes li[value]")]
    # A note's printed number is the number of its list item, not a word of its text.
    text = re.sub(rf"^(?:{'|'.join(labels) or 'x^'}) ", "", text, flags=re.M)
    missing = Counter(text.split()) - diplomatic_words(soup)
    assert missing == Counter()
