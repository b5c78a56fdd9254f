"""The miniature edition (tests/miniature.py), built by `mkdocs build --strict`:
what a reader sees of a document, its notes, apparatus and views."""

from __future__ import annotations

import re
from pathlib import Path
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from . import miniature
from .conftest import Build, search_index

BOOK = miniature.BOOK + "index.html"
ARTICLE = miniature.ARTICLE + "index.html"
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def page(build: Build, name: str) -> BeautifulSoup:
    return BeautifulSoup((build.site / name).read_text(encoding="utf-8"), "html.parser")


# What each view hides (the stylesheet's rules; the browser tests check them in Chromium).
HIDDEN = {"reading": ".app-wit, .hy, .fw", "diplomatic": ".app-rdg"}


def view(soup: BeautifulSoup, name: str) -> BeautifulSoup:
    """The page as one view shows it, printed line breaks as line breaks."""
    for el in soup.select(HIDDEN[name]):
        el.decompose()
    for el in soup.select("span.lb"):
        el.replace_with("\n" if name == "diplomatic" else "")
    return soup


def words(el) -> str:
    return " ".join(el.get_text().split())


def test_the_mini_builds_strict_with_no_warning(mini_build: Build) -> None:
    assert mini_build.returncode == 0, mini_build.log
    assert mini_build.warnings() == []


def test_page_131_keeps_its_page_its_33_lines_and_its_block_quotation(mini_build: Build) -> None:
    soup = page(mini_build, BOOK)
    assert soup.select_one("#p131 a")["href"] == "#p131"
    lines = soup.select("section.transcription span.lb")
    assert [el["id"] for el in lines] == [f"p131.l{n}" for n in range(1, 34)]
    quote = soup.select_one("section.transcription blockquote")
    assert [el["id"] for el in quote.select("span.lb")] == [f"p131.l{n}" for n in range(27, 32)]
    assert quote.get_text().strip().startswith("The strengthening of Japanese forces in Siberia")
    head = soup.select_one("#p131\\.fw1")
    assert head.select_one(".fw-text").get_text() == "Moscow versus Tokyo Ë 131"
    assert "not part of the text" in head.get_text()


def test_page_131_shows_notes_14_to_19_under_their_own_numbers(mini_build: Build) -> None:
    soup = page(mini_build, BOOK)
    notes = soup.select("section.author-notes ol > li")
    assert [(li["id"], li["value"]) for li in notes] == [(f"n{n}", str(n)) for n in range(14, 20)]
    markers = soup.select("section.transcription sup.note-ref.author a")
    assert [a.get_text() for a in markers] == [str(n) for n in range(14, 20)]
    assert soup.select_one("#n17\\.l2") is not None  # note 17's second printed line
    berton = "Peter Berton, “A New Russo-Japanese Alliance?: Diplomacy in the Far East During World War I.” "
    reading = words(view(page(mini_build, BOOK), "reading").select_one("#n17"))
    assert reading.startswith(berton + "Acta Slavica Iaponica no. 11 (1993), 72.")
    diplomatic = words(view(page(mini_build, BOOK), "diplomatic").select_one("#n17"))
    assert diplomatic.startswith(berton + "Acta Slavica Iaponicano. 11 (1993), 72.")


def test_editorial_notes_are_a_separate_lettered_series(mini_build: Build) -> None:
    soup = page(mini_build, ARTICLE)
    markers = soup.select("sup.note-ref.editorial a")
    assert [a.get_text() for a in markers] == ["a", "b", "c"]
    section = soup.select_one("section.editorial-notes")
    assert section.select_one("ol")["type"] == "a"
    assert [li["id"] for li in section.select("li")] == ["ed-toc", "ed-losses", "ed-imtfe"]


def test_hyphenation_is_marked_and_real_hyphens_stay(mini_build: Build) -> None:
    soup = page(mini_build, BOOK)
    joined = [el["id"] for el in soup.select("section.transcription span.lb[data-joined]")]
    assert joined == ["p131.l5", "p131.l6", "p131.l8", "p131.l17", "p131.l20", "p131.l30"]
    assert len(soup.select("section.transcription a.hy")) == 6
    assert "Russo-Japanese War" in soup.select_one("section.transcription").get_text()


def test_the_header_shows_the_metadata_and_flags_what_is_unverified(mini_build: Build) -> None:
    soup = page(mini_build, BOOK)
    rows = zip(soup.select(".document-meta dt"), soup.select(".document-meta dd"), strict=True)
    meta = {dt.get_text(): dd for dt, dd in rows}
    assert meta["Authors"].get_text() == "Hiroaki Kuromiya; Georges Mamoulia"
    assert meta["Date"].select_one(".unverified").get_text().startswith("(unverified: 2016 is not confirmed")
    assert meta["Address"].get_text() == "not known"
    assert meta["Witness"].get_text().startswith("The text layer of the book's PDF")
    assert (meta["Transcribed"].time["datetime"], meta["Transcribed"].get_text()) == ("2026-11-21", "21 November 2026")
    article = page(mini_build, ARTICLE)
    rows = zip(article.select(".document-meta dt"), article.select(".document-meta dd"), strict=True)
    date = {dt.get_text(): dd for dt, dd in rows}["Date"]
    assert (date.time["datetime"], date.time.get_text()) == ("2025-05-21T22:23", "21 May 2025, 22:23")


def test_the_article_has_its_byline_date_headings_and_numbered_paragraphs(mini_build: Build) -> None:
    soup = page(mini_build, ARTICLE)
    text = soup.select_one("section.transcription")
    assert text.select_one(".dateline").get_text() == "May 21, 2025, 10:23 p.m."
    assert text.select_one(".byline").get_text() == "Олег Пархітько"
    for link in text.select("a.headerlink"):
        link.decompose()
    headings = [h.get_text() for h in text.select(".source-heading")]
    assert headings == ["Lake Hassan: the conflict between two empires and rewritten history",
                        "The situation on the eve of the conflict", "The hot phase of the conflict", "Conclusions."]
    paragraphs = text.select(".numbered[id^=para]")
    assert [p["id"] for p in paragraphs] == [f"para{n}" for n in range(1, len(paragraphs) + 1)]
    # 7 paragraphs, and the 3 entries of the table of contents.
    assert len(paragraphs) == 10
    assert paragraphs[0].get_text().startswith("The main difficulty in studying history")
    furniture = [el.select_one(".fw-text").get_text() for el in text.select(".fw")]
    assert furniture == ["Меню", "Social networks", "31", "Image generated by AI", "Share"]
    captions = [el.get_text() for el in text.select("figure figcaption")]
    assert captions == ["Image generated by AI", "Map of Japanese expansion. Image: Image.",
                        "Camouflaged Soviet tanks. Photo: garmatny.blogspot.com"]


def diplomatic_words(soup: BeautifulSoup) -> Counter[str]:
    """The words of a page as the witness has them: a printed line break is a break."""
    soup = view(soup, "diplomatic")
    # What the edition adds is not the witness's: its markers, labels and permalinks.
    for el in soup.select("sup.note-ref.editorial, a.headerlink, .fw-label, .figure-label, .footnote-backref, "
                          ".sic, .view-switch"):
        el.decompose()
    content = soup.select_one("article")
    return Counter(content.get_text().split())


@pytest.mark.parametrize("source, built", [
    (miniature.BOOK_WITNESS, BOOK),
    (miniature.ARTICLE_WITNESS, ARTICLE),
], ids=["book", "article"])
def test_every_word_of_the_source_is_on_the_page(mini_build: Build, source: str, built: str) -> None:
    text = source.translate(SUPERSCRIPTS)
    soup = page(mini_build, built)
    labels = [li["value"] for li in soup.select("section.author-notes li[value]")]
    # A note's printed number is the number of its list item, not a word of its text.
    text = re.sub(rf"^(?:{'|'.join(labels) or 'x^'}) ", "", text, flags=re.M)
    missing = Counter(text.split()) - diplomatic_words(soup)
    assert missing == Counter()


def test_page_131_reads_restored_in_the_reading_view(mini_build: Build) -> None:
    text = words(view(page(mini_build, BOOK), "reading").select_one("section.transcription"))
    for phrase in ("the first such undertaking", "their conflicting interests", "exploit the conflict to maximal "
                   "effect", "Moscow also sought to use", "people were arrested in the city",
                   "villages.14 Here and there", "According to the consul’s", "in peace(?) time"):
        assert phrase in text
    for witness_only in ("rst", "sough", "conict", "eect", "Moscow versus Tokyo", "[sic]"):
        assert witness_only not in text.split()


def test_page_131_shows_the_witness_in_the_diplomatic_view(mini_build: Build) -> None:
    lines = view(page(mini_build, BOOK), "diplomatic").select_one("section.transcription").get_text().split("\n")
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    assert "Moscow versus Tokyo Ë 131" in lines[lines.index("p. 131") + 1]  # the running head
    assert lines[lines.index("p. 131") + 2].startswith("Simultaneously")
    assert next(line for line in lines if line.startswith("of 17 to 18 January")).endswith("were ar-")
    assert next(line for line in lines if line.startswith("rested in the city"))
    text = " ".join(lines)
    assert "the rst such undertaking" in text and "Moscow also sough [sic] to use" in text
    assert "villages.14Here" in text and "conicting" in text


def apparatus(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [(li["class"][1].removeprefix("app-entry-"), words(li)) for li in soup.select(".apparatus-list > li")]


def test_page_131s_apparatus_lists_every_change_of_its_kind(mini_build: Build) -> None:
    entries = apparatus(page(mini_build, BOOK))
    assert Counter(kind for kind, _ in entries) == {
        "ligature": 4, "hyphenation": 6, "space": 7, "italic": 2, "sic": 1, "doubtful": 1, "furniture": 1}
    # Each entry says whose fault the change mends: the text layer's damage is never the source's error.
    assert ("ligature", "p. 131, l. 14 first ] rst — lost ligature (the text layer's, not the source's)") in entries
    assert ("hyphenation", "p. 131, l. 4 arrested ] ar-|rested — line-end hyphenation (a convention of print or "
                           "page)") in entries
    assert ("sic", "p. 131, l. 11 sought ] sough [sic] — error of the source (the source's own): the printed page "
                   "reads “sough” too: the book’s own misprint") in entries
    assert ("space", "p. 131, l. 9 villages.¹⁴ Here ] villages.¹⁴Here — lost space (the text layer's, not the "
                     "source's): the note marker ran into the next word") in entries
    assert ("furniture", "p. 131, running head om. ] Moscow versus Tokyo Ë 131 — page furniture omitted (a "
                         "convention of print or page)") in entries
    assert entries[-1][1].startswith("n. 19 The Trotsky Papers, 1917–1922 ] The Trotsky Papers, 1917–1922 — "
                                     "lost italics (the text layer's")


@pytest.mark.parametrize("name", [BOOK, ARTICLE])
def test_apparatus_and_text_link_to_each_other(mini_build: Build, name: str) -> None:
    soup = page(mini_build, name)
    entries = soup.select(".apparatus-list > li")
    assert entries
    for li in entries:
        place = li.select_one("a.app-place")["href"].removeprefix("#")
        target = soup.find(id=place)
        assert target is not None, place
        # and back: the word in the text (or the hyphen, the furniture's label) links to its entry
        back = target if target.name == "a" else target.select_one("a.fw-label")
        assert back["href"] == f"#{li['id']}"


def test_the_article_corrects_fridovsky_and_leaves_its_furniture_out_of_the_reading_text(
        mini_build: Build) -> None:
    reading = words(view(page(mini_build, ARTICLE), "reading").select_one("section.transcription"))
    diplomatic = words(view(page(mini_build, ARTICLE), "diplomatic").select_one("section.transcription"))
    assert "when Mikhail Frinovsky, the second in command" in reading
    assert "when Mikhail Fridovsky [sic], the second in command" in diplomatic
    assert "Social networks" not in reading and "Social networks" in diplomatic
    kinds = Counter(kind for kind, _ in apparatus(page(mini_build, ARTICLE)))
    assert kinds == {"sic": 1, "furniture": 5}


def indexed_text(el) -> str:
    """An element's text as Pagefind indexes it: without what the page marks
    `data-pagefind-ignore` or the search leaves out (the headings' "¶")."""
    el = BeautifulSoup(str(el), "html.parser")
    for ignored in el.select("[data-pagefind-ignore], .headerlink"):
        ignored.decompose()
    return " ".join(el.get_text().split())


def test_search_indexes_the_reading_text_in_whole_words(mini_build: Build) -> None:
    soup = page(mini_build, BOOK)
    body = soup.select_one("[data-pagefind-body]")
    # The text and the source's notes (the apparatus, rightly, names the witness's forms).
    plain = indexed_text(body.select_one("section.transcription")) + " " + indexed_text(
        body.select_one("section.author-notes"))
    for phrase in ("the first such undertaking", "people were arrested in the city", "Moscow also sought to use",
                   "villages. Here and there", "Acta Slavica Iaponica no. 11"):
        assert phrase in plain
    tokens = set(re.findall(r"\w+", plain))
    for glued in ("rstfirst", "firstrst", "soughsought", "conictconflict", "ar", "rested", "rst", "sough", "eect",
                  "Iaponicano", "Ë"):
        assert glued not in tokens


def test_search_finds_the_reading_text(tab, served_mini: str) -> None:
    book = miniature.BOOK
    # Words the witness lost a ligature of or split at a line end:
    # "first" (printed "rst"), "arrested" ("ar-/rested").
    for word in ("first", "undertaking", "arrested", "sought", "conflict", "villages", "Iaponica"):
        assert book in dict(search_index(tab, served_mini, word)), word


def test_the_edition_wide_apparatus_counts_every_kind_and_links_to_each_entry(mini_build: Build) -> None:
    soup = page(mini_build, "apparatus/index.html")
    rows = {tr.select("td")[0].get_text(): [td.get_text() for td in tr.select("td")[1:]]
            for tr in soup.select(".apparatus-summary tbody tr")}
    assert rows["lost ligature"] == ["the text layer's, not the source's", "4", "0", "4"]
    assert rows["error of the source"] == ["the source's own", "1", "1", "2"]
    assert rows["page furniture omitted"] == ["a convention of print or page", "1", "5", "6"]
    # Each kind is explained to readers in words, not in the transcribers' markup.
    explained = [p.get_text() for p in soup.select(".apparatus-summary h2 + p")]
    assert "A word split at a printed line end is joined in the reading text; the diplomatic text keeps the " \
           "hyphen. Whose: a convention of print or page." in explained
    assert not [text for text in explained if "::" in text or "written as" in text], explained
    links = [a["href"] for a in soup.select(".apparatus-summary a.app-place")]
    assert len(links) == 22 + 6
    assert f"../{miniature.BOOK}#p131.l14.e1" in links
    for href in links:
        path, _, anchor = href.partition("#")
        target = page(mini_build, (Path("apparatus") / path / "index.html").as_posix().replace("apparatus/../", ""))
        assert target.find(id=anchor) is not None, href
