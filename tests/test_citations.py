"""Citations and the bibliography: Chicago notes with locators, links back, errors with the .bib's lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition.bibliography import read_bibliography
from edition.citations import find_citations
from edition.markup import scan_body
from edition.project import STYLE  # the package's own
from edition.references import PageCitations, resolve

from . import miniature
from .conftest import FRONT_MATTER, MINI_BIB, Build, search_index

LINE = FRONT_MATTER.count("\n") + 1
# Codes whose exact messages are tested here rather than in test_diagnostics.
# Here, in test_bibtex and in test_register.
TESTED_ELSEWHERE = {"ED600", "ED601", "ED602", "ED604", "ED605", "ED606", "ED607",
                    "ED608", "ED609", "ED610", "ED611", "ED612", "ED613", "ED614", "ED615",  # test_hostile_bibtex.py
                    "ED700", "ED701", "ED702", "ED703", "ED704", "ED705", "ED706",
                    "ED709",  # test_register.py
                    "ED800", "ED801", "ED810", "ED811", "ED812",  # ED8xx: test_citing.py
                    "ED820", "ED821", "ED822", "ED823", "ED824",  # test_commands.py
                    "ED006",  # test_commands.py: the navigation is mkdocs.yml's
                    "ED012", "ED013", "ED014", "ED015", "ED016", "ED017",  # test_hostile_site.py: files, settings, cache
                    "ED008", "ED009",  # test_hostile_markup.py
                    "ED019", "ED020", "ED021",  # test_identity.py
                    "ED825",  # test_release_files.py
                    "ED110", "ED111", "ED112", "ED113", "ED114", "ED115",  # test_facsimile.py
                    "ED116", "ED117", "ED118", "ED122",  # test_facsimile_site.py
                    "ED119", "ED120", "ED121",  # test_translation.py
                    "ED022"}  # test_markup.py


def soup(build: Build, name: str) -> BeautifulSoup:
    return BeautifulSoup((build.site / name).read_text(encoding="utf-8"), "html.parser")


def words(el) -> str:
    return " ".join(el.get_text().split())


@pytest.mark.parametrize("line, found", [
    ("[@Berton1993]", [("Berton1993", "", "")]),
    ("as shown [@Berton1993, 72].", [("Berton1993", "", ", 72")]),
    ("[see @Meijer1964, 622–23; @Berton1993]", [("Meijer1964", "see ", ", 622–23"), ("Berton1993", "", "")]),
    ("[@RGVA-4-19-13, fols. 191–92]", [("RGVA-4-19-13", "", ", fols. 191–92")]),
    # not citations: an e-mail address, a link, code, a note marker
    ("write to [editors@example.org]", []),
    ("[@handle](https://example.org/@handle)", []),
    ("`[@Berton1993]`", []),
    ("[^ed-x]", []),
    # not citations either: an '@' that is not before a key, a link's text running on to the next line
    ("a ledger's \"[12 @ 3d.]\" in pencil", []),
    ("on its channel [Intent on Telegram, @intent_odesa,", []),
])
def test_what_is_a_citation(line: str, found: list) -> None:
    citations, problems = find_citations(line, "t.md", 1)
    assert problems == []
    assert [(i.key, i.prefix, i.rest) for c in citations for i in c.items] == found


@pytest.mark.parametrize("line, col, message", [
    # ':' typed for ';': pandoc would cite Berton alone, Meijer and its pages gone
    ("As [@Meijer1964, 622–23: @Berton1993] says.", 4,
     "'[@Meijer1964, 622–23: @Berton1993]' names two works in one part, so pandoc would cite only one"),
    ("[@, 72]", 1, "'[@, 72]' is not a citation: '@, 72' does not name a work as '@key'"),
    ("[@@Berton1993, 72]", 1, "'[@@Berton1993, 72]' is not a citation: '@@Berton1993, 72' does not name a work "
                              "as '@key'"),
    ("[write to ed@example.org; compare @Berton1993, 72]", 1,
     "'[write to ed@example.org; compare @Berton1993, 72]' is not a citation: 'write to ed@example.org' does not "
     "name a work as '@key'"),
    ("As shown [@Berton1993, 72", 10, "the citation '[@Berton1993, 72' is never closed on its line"),
])
def test_a_citation_that_would_lose_a_work_or_show_as_text_is_reported(line: str, col: int, message: str) -> None:
    citations, problems = find_citations(line, "t.md", 1)
    assert citations == []
    assert [(p.col, p.message) for p in problems] == [(col, message)]


def test_a_key_written_without_brackets_is_reported_only_if_it_is_a_work() -> None:
    """'@Berton1993, 72' is printed as written; '@handle' (not a key) is left alone."""
    from edition.bibliography import read_bibliography
    from edition.markup import scan_body
    from edition.references import PageCitations, check

    bib, _ = read_bibliography("@article{Berton1993,\n  title = {T},\n  date = {1993},\n}\n", "bibliography.bib")
    prose = "As @Berton1993, 72 shows, and @handle wrote to ed@example.org; see [@Berton1993, 72]."
    body, found = scan_body([prose, "", "::text lines"], "t.md", 1)
    reported = [str(d) for d in found + check([PageCitations("t/", "T", body)], bib).diagnostics]
    assert reported == ["t.md:1:4: ED603 '@Berton1993' stands outside brackets, so it is printed as written, not "
                        "cited. Fix: write '[@Berton1993]', or '[@Berton1993, 72]' with the page"]


def test_bibliography_errors_name_the_bib_files_own_line() -> None:
    text = MINI_BIB + "\n@book{Berton1993, title = {Again}}\n\n@book{Broken, title = {unclosed\n@misc{Fine, title={x}}\n"
    bib, diagnostics = read_bibliography(text, "bibliography.bib")
    assert [str(d) for d in diagnostics] == [
        "bibliography.bib:10:1: ED601 the key 'Berton1993' is given twice (first at bibliography.bib:1:1). "
        "Fix: give each work its own key; if both entries are the same work, delete one",
        "bibliography.bib:12:1: ED600 this entry cannot be read. Fix: check its braces and quotes, and that every "
        "field ends with a comma; the entry is not in the bibliography until it is fixed",
    ]
    assert sorted(bib.works) == ["Berton1993", "Fine"]


def page_with(text: str) -> PageCitations:
    body, diagnostics = scan_body(text.split("\n"), "docs/t.md")
    assert diagnostics == []
    return PageCitations("t/", "T", body)


def test_an_unknown_key_is_reported_where_it_is_cited() -> None:
    bib, _ = read_bibliography(MINI_BIB, "bibliography.bib")
    resolved = resolve([page_with("Soviet figures [@Krivosheev1993, 52].")], bib, STYLE, None)
    assert [str(d) for d in resolved.diagnostics] == [
        "docs/t.md:1:16: ED602 'Krivosheev1993' is not in bibliography.bib. Fix: add an entry "
        "'@…{Krivosheev1993, …}' to bibliography.bib, or correct the key"]


def test_a_style_pandoc_cannot_read_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csl"
    bad.write_text("<style>not a style</style>", encoding="utf-8")
    bib, _ = read_bibliography(MINI_BIB, "bibliography.bib")
    resolved = resolve([page_with("As Berton says [@Berton1993, 72].")], bib, bad, None)
    [diagnostic] = resolved.diagnostics
    assert str(diagnostic).startswith("bibliography.bib:1:1: ED604 pandoc could not format the bibliography: ")
    assert str(diagnostic).endswith("Fix: check the entry pandoc names, or the style file")


def test_full_note_first_then_short_note_both_with_the_page(mini_site) -> None:
    build = mini_site({
        "index.md": "# Home\n",
        "texts/t.md": FRONT_MATTER + "::text lines\n::page 1\nA line.[^ed-a] Another.[^ed-b]\n\n"
                      "[^ed-a]: The claim is Berton's [@Berton1993, 72].\n"
                      "[^ed-b]: Again [@Berton1993, 72]; and later [see @Berton1993, 80].\n",
        "other.md": "# Other\n\nA page citing it afresh [@Berton1993, 60].\n",
    })
    assert build.returncode == 0, build.log
    assert build.warnings() == []
    page = soup(build, "texts/t/index.html")
    assert words(page.select_one("#ed-a")).startswith(
        "The claim is Berton's Peter Berton, “A New Russo-Japanese Alliance?: Diplomacy in the Far East During "
        "World War I,” Acta Slavica Iaponica 11 (1993): 72.")
    assert words(page.select_one("#ed-b")).startswith(
        "Again Berton, “A New Russo-Japanese Alliance?,” 72.; and later see Berton, “A New Russo-Japanese "
        "Alliance?,” 80.")
    # Another page is another document: its first citation is full again; in prose it is a note of its own.
    other = soup(build, "other/index.html")
    assert words(other.select_one("#ed-berton1993")).startswith("Peter Berton, “A New Russo-Japanese Alliance?")
    bibliography = soup(build, "bibliography/index.html")
    entry = bibliography.select_one("#Berton1993")
    assert words(entry).startswith("Berton, Peter. “A New Russo-Japanese Alliance?")
    assert [a["href"] for a in entry.select(".cited-at a")] == [
        "../other/#ed-berton1993", "../texts/t/#ed-a", "../texts/t/#ed-b", "../texts/t/#ed-b"]


def test_an_unknown_key_fails_the_strict_build_naming_file_and_line(mini_site) -> None:
    build = mini_site({
        "index.md": "# Home\n",
        "texts/t.md": FRONT_MATTER + "Soviet figures [@Krivosheev1993, 52].\n\n::text lines\n",
    })
    assert build.returncode != 0
    assert f"docs/texts/t.md:{LINE}:16: ED602 'Krivosheev1993' is not in bibliography.bib" in build.log
    assert "Traceback" not in build.log


def test_script_in_a_bib_entry_or_a_citation_never_reaches_the_page(mini_site) -> None:
    bib = MINI_BIB + "@book{X, title = {<script>alert(1)</script> and <img src=x onerror=alert(2)>}}\n"
    build = mini_site({
        "index.md": "# Home\n\nSee [<img src=x onerror=alert(3)> @X, 5] and [<script>alert(4)</script> @Berton1993].\n",
    }, bib=bib)
    assert build.returncode == 0, build.log
    for name in ("index.html", "bibliography/index.html"):
        page = soup(build, name)
        assert not [s for s in page.find_all("script") if "alert(" in s.get_text()]
        assert not page.find_all("img")
        assert not [t for t in page.find_all(True) if any(a.startswith("on") for a in t.attrs)]
        assert "alert(2)" in page.get_text() or name == "index.html"  # shown as text, not run


def test_the_edition_links_p131s_notes_to_the_works_they_cite(mini_build: Build) -> None:
    page = soup(mini_build, miniature.BOOK + "index.html")
    link = page.select_one("#n17 a.work-link")
    assert (link.get_text(), link["href"]) == ("Berton 1993, 72", "../../bibliography/#Berton1993")
    assert words(page.select_one("#n17")).startswith("Peter Berton, “A New Russo-Japanese Alliance?")  # verbatim
    assert page.select_one("#n19 a.work-link")["href"] == "../../bibliography/#Meijer1964"
    bibliography = soup(mini_build, "bibliography/index.html")
    cited = [a["href"] for a in bibliography.select("#Berton1993 .cited-at a")]
    assert f"../{miniature.BOOK}#n17" in cited
    assert "Unverified: The year is not confirmed" in words(bibliography.select_one("#KuromiyaMamoulia"))
    assert (mini_build.site / "bibliography.bib").read_text(encoding="utf-8") == \
        miniature.BIBLIOGRAPHY
    assert '"id": "Berton1993"' in (mini_build.site / "bibliography.json").read_text(encoding="utf-8")


def test_the_bibliography_is_in_alphabetical_order_and_the_gazette_dated_to_the_day(mini_build: Build) -> None:
    """The gazette of note 16 is a newspaper: listed under its name (it has no
    author or title, and as a journal article it came first) and dated to the
    day, as note 16 gives it (8 (21) December 1917)."""
    bibliography = soup(mini_build, "bibliography/index.html")
    assert [li["id"] for li in bibliography.select(".bibliography-list > li")] == [
        "Berton1993", "RGVA-4-19-13", "Gazeta1917", "KuromiyaMamoulia", "Meijer1964", "Parkhitko2025"]
    assert words(bibliography.select_one("#Gazeta1917 .csl-entry")) == (
        "Gazeta Vremennago Rabochago i Krest’ianskago Pravitel’stva. December 21, 1917.")


def test_the_books_reference_to_its_own_page_links_once_the_page_is_in(mini_site) -> None:
    text = FRONT_MATTER + "::text lines\n::page 131\nAs shown (see [p. 78](page:78)) and [p. 62](page:62).\n"
    build = mini_site({"index.md": "# Home\n", "texts/a.md": text,
                       "texts/b.md": FRONT_MATTER + "::text lines\n::page 78\nThe 1916 treaty.\n"})
    assert build.returncode == 0, build.log
    page = soup(build, "texts/a/index.html")
    assert page.select_one("a.page-ref")["href"] == "../b/#p78"
    missing = page.select_one(".page-ref.missing")
    assert (missing.get_text(), missing["title"]) == ("p. 62", (
        "Page 62 of this book is not in the edition yet; the link leads to the bibliography's list of pages to come"))


def test_p131s_references_to_pages_of_the_book_are_shown_as_not_in_the_edition(mini_build: Build) -> None:
    page = soup(mini_build, miniature.BOOK + "index.html")
    assert [el.get_text() for el in page.select(".page-ref.missing")] == ["p. 62", "p. 78", "p. 103"]
    assert words(page.select_one("#n15")).startswith("See p. 78 for the 1916 treaty")


def test_an_entry_with_a_non_breaking_space_is_shown_on_the_bibliography_page(mini_site) -> None:
    bib = MINI_BIB.replace("Diplomacy in the", "Diplomacy\u00a0in the")  # pandoc's HTML writes &nbsp;
    build = mini_site({"index.md": "# Home\n\nSee [@Berton1993, 72].\n"}, bib=bib)
    assert build.returncode == 0, build.log
    entry = soup(build, "bibliography/index.html").select_one("#Berton1993")
    assert "Berton, Peter." in words(entry)


def test_a_citations_note_marker_stands_on_the_word_before_it() -> None:
    import markdown
    html = markdown.markdown("Berton's article in *Acta Slavica Iaponica* [@Berton1993, 72]; more.",
                             extensions=["edition.extension"])
    assert "<em>Acta Slavica Iaponica</em><sup" in html


def test_formatted_citations_reach_the_search_index(tab, served_mini: str) -> None:
    found = dict(search_index(tab, served_mini, "Iaponica"))
    assert "Acta Slavica Iaponica 11 (1993): 72" in found[miniature.BOOK]




def test_a_work_without_an_author_is_named_by_its_title_set_by_its_type() -> None:
    from edition.references import work_label
    article = {"id": "Pravda1938", "type": "article-newspaper", "title": "[Unsigned <span class=\"nocase\">article</span>]",
               "issued": {"date-parts": [[1938]]}}
    book = {"id": "Papers", "type": "book", "title": "The Trotsky Papers & more", "issued": {"date-parts": [[1964]]}}
    assert work_label(article) == "“[Unsigned article]” 1938"  # a part of a work: quoted
    assert work_label(book) == "<em>The Trotsky Papers &amp; more</em> 1964"  # a whole work: italic, escaped
    assert work_label({"id": "B", "author": [{"family": "Berton"}], "issued": {"date-parts": [[1993]]}}) == \
        "Berton 1993"
