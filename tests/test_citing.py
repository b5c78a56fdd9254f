"""Citable for good: the version, the anchor register, "Cite this", metadata."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition import anchors, cite
from edition.identity import Editor, Identity, split_name
from edition.diagnostics import Loc
from edition.release import Release, read_release

from . import miniature
from .conftest import FRONT_MATTER, Build, run_mkdocs

P131 = miniature.BOOK
ARTICLE = miniature.ARTICLE
ARTIFACTS = Path(__file__).parent / "artifacts"


def page(build: Build, address: str) -> BeautifulSoup:
    return BeautifulSoup((build.site / address / "index.html").read_text(encoding="utf-8"), "html.parser")


def meta(soup: BeautifulSoup, name: str) -> list[str]:
    return [m["content"] for m in soup.find_all("meta", attrs={"name": name})]


# --- The version ---------------------------------------------------------

def test_the_version_is_the_changelogs_first_heading() -> None:
    release, diagnostics = read_release("# Changelog\n\n## 1.2.0 — 2026-11-21\n\n## 1.1.0 — 2026-01-02\n", "c.md")
    assert diagnostics == [] and (release.version, release.date) == ("1.2.0", "2026-11-21")


@pytest.mark.parametrize("text, expected", [
    ("# Changelog\n\nNothing yet.\n",
     "c.md:1:1: ED800 the changelog has no version heading. Fix: add the edition's version as a heading, "
     "'## 1.0.0 — 2026-11-21', above what it changed"),
    ("# Changelog\n\n## Next version\n",
     "c.md:3:4: ED801 'Next version' is not a version and its date. Fix: write the latest version as "
     "'## 1.0.0 — 2026-11-21' (version, dash, the day in YYYY-MM-DD)"),
    ("# Changelog\n\n## 1.0.0 — 2026-02-30\n",
     "c.md:3:12: ED801 '2026-02-30' is not a date of the calendar: there is no 30 February 2026. Fix: give the day "
     "the version was published, as YYYY-MM-DD"),
])
def test_a_changelog_without_a_version_is_reported(text: str, expected: str) -> None:
    release, diagnostics = read_release(text, "c.md")
    assert release is None and [str(d) for d in diagnostics] == [expected]


def test_every_page_shows_the_version_and_links_the_changelog(mini_build: Build) -> None:
    for address in ("", P131, "register/blyukher/"):
        footer = page(mini_build, address).find(class_="edition-version")
        assert " ".join(footer.get_text().split()) == "Version 0.1.0 of 21 November 2026 · Changelog"
    assert page(mini_build, P131).find(class_="edition-version").a["href"] == "../../changelog/"


# --- The anchor register -------------------------------------------------

REGISTER = """\
# comment
texts/a/
  #p1.l1
  #old -> #p1.l2
  #p1.l2
  #n2
texts/gone/ -> texts/a/
  #n1 -> texts/a/#n2
"""


def test_the_register_reads_pages_anchors_and_moves() -> None:
    register, diagnostics = anchors.read(REGISTER, "anchors.txt")
    assert diagnostics == []
    assert list(register.pages) == ["texts/a/", "texts/gone/"]
    assert register.anchors[("texts/a/", "p1.l1")] == Loc("anchors.txt", 3, 3)
    assert len(register.anchors) == 5
    assert {k: v for k, (v, _) in register.moved.items()} == {
        "texts/a/#old": "texts/a/#p1.l2", "texts/gone/": "texts/a/", "texts/gone/#n1": "texts/a/#n2"}


@pytest.mark.parametrize("line", ["javascript:alert(1)//", "texts/a", "  #x", "texts/a/ -> https://evil.example/",
                                  "texts/../etc/"])
def test_a_malformed_line_is_reported_and_no_redirect_can_leave_the_site(line: str) -> None:
    _, diagnostics = anchors.read(line + "\n", "anchors.txt")
    assert [d.code for d in diagnostics] == ["ED810"]
    assert str(diagnostics[0]).startswith(f"anchors.txt:1:{len(line) - len(line.lstrip()) + 1}: ED810 "
                                          f"'{line.strip()}' is neither a page nor one of its anchors. Fix: ")


def test_the_check_names_what_a_build_would_break() -> None:
    register, _ = anchors.read(REGISTER, "anchors.txt")
    built = {"texts/a/": ["p1.l2", "n2", "p1.l3"]}
    assert [str(d) for d in anchors.check(register, built)] == [
        "anchors.txt:3:3: ED811 the published anchor 'texts/a/#p1.l1' is not in this build. Fix: restore it, "
        "or record where it went: '#p1.l1 -> #<its new anchor>' under its page",
    ]
    assert anchors.unlisted(register, built) == [("texts/a/", "p1.l3")]  # new: recorded when published
    built = {"texts/b/": []}
    assert [str(d) for d in anchors.check(register, built)][:2] == [
        "anchors.txt:2:1: ED811 the published page 'texts/a/' is not in this build. Fix: restore it, or record "
        "where it went: 'texts/a/ -> <its new address>'",
        "anchors.txt:4:3: ED812 'texts/a/#old' is redirected to 'texts/a/#p1.l2', which this build does not "
        "have. Fix: redirect it to an address the site has",
    ]


def test_update_adds_new_addresses_and_never_removes_one() -> None:
    register, _ = anchors.read(REGISTER, "anchors.txt")
    text = anchors.update(register, {"texts/a/": ["p1.l2", "n2", "p1.l3"], "texts/c/": ["x"]})
    assert text.endswith("texts/a/\n  #p1.l1\n  #old -> #p1.l2\n  #p1.l2\n  #n2\n  #p1.l3\n"
                         "texts/gone/ -> texts/a/\n  #n1 -> texts/a/#n2\ntexts/c/\n  #x\n")
    again, diagnostics = anchors.read(text, "anchors.txt")
    assert diagnostics == [] and again.moved.keys() == register.moved.keys()


def test_every_passage_of_both_documents_is_in_the_recorded_register(mini_source: Path) -> None:
    """The first build, as the deploy workflow's, recorded every address it published."""
    register, diagnostics = anchors.read((mini_source / "anchors.txt").read_text(encoding="utf-8"), "anchors.txt")
    assert diagnostics == []
    listed = {f for p, f in register.anchors if p == P131}
    assert {"p131", *(f"p131.l{n}" for n in range(1, 34)), *(f"n{n}" for n in range(14, 20)),
            "n17.l2", "app-p131.l11.e1", "ed-berton1993", "cite"} <= listed
    listed = {f for p, f in register.anchors if p == ARTICLE}
    assert {*(f"para{n}" for n in range(1, 11)), "h1", "ed-imtfe", "app-para6.e1"} <= listed
    assert {"register/blyukher/", "bibliography/", "chronology/"} <= set(register.pages)
    assert ("bibliography/", "Berton1993") in register.anchors


def test_correcting_a_word_moves_no_anchor(mini_build: Build, mini_copy: Path) -> None:
    doc = mini_copy / miniature.BOOK_FILE
    text = doc.read_text(encoding="utf-8")
    corrected = text.replace("Simultaneously, Moscow", "Simultaneously, Mocsow", 1).replace(
        "the atmosphere there", "the atmoshpere there", 1).replace(
        "transcribed: 2026-11-21\n", "transcribed: 2026-11-21\ncorrections:\n  - {date: 2026-11-22, what: two "
        "words, why: a test, by: the tests}\n", 1)  # logged, as a correction after publication must be
    assert corrected.count("Mocsow") == corrected.count("atmoshpere") == corrected.count("what: two words") == 1
    doc.write_text(corrected, encoding="utf-8")
    build = run_mkdocs(mini_copy, mini_copy / "site")
    assert build.returncode == 0, build.log
    for address, added in ((P131, ["corrections"]), (ARTICLE, [])):  # the log's heading is new; nothing moved
        before = anchors.ids(str(page(mini_build, address).find("article")))
        assert anchors.ids(str(page(build, address).find("article"))) == before + added


def test_deleting_a_page_fails_the_build_with_the_address_it_would_break(mini_copy: Path) -> None:
    (mini_copy / miniature.BOOK_FILE).unlink()
    build = run_mkdocs(mini_copy, mini_copy / "site")
    assert build.returncode != 0
    line = next(n for n, text in enumerate((mini_copy / "anchors.txt").read_text().split("\n"), 1) if text == P131)
    assert (f"WARNING -  edition: anchors.txt:{line}:1: ED811 the published page '{P131}' is not in this build. "
            f"Fix: restore it, or record where it went: '{P131} -> <its new address>'") in build.warnings()


def test_a_broken_citation_is_one_error_not_also_the_addresses_it_takes_with_it(mini_copy: Path) -> None:
    """An unknown key empties the bibliography page of its entries' anchors;
    the contributor is told of the key, not told to redirect the anchors."""
    doc = mini_copy / miniature.BOOK_FILE
    doc.write_text(doc.read_text(encoding="utf-8").replace("[@Berton1993, 72];", "[@Berton1994, 72];"),
                   encoding="utf-8")
    build = run_mkdocs(mini_copy, mini_copy / "site")
    assert build.returncode != 0
    reported = [w for w in build.warnings() if " ED" in w]
    assert len(reported) == 1 and reported[0].endswith(
        "ED602 'Berton1994' is not in bibliography.bib. Fix: did you mean 'Berton1993'?"), reported
    assert "published addresses are not in this build; they are checked again once the problems above are " \
           "mended" in build.log


def test_a_moved_page_and_a_moved_anchor_land_on_their_new_places(mini_copy: Path, browser) -> None:
    texts = mini_copy / "docs" / "texts"
    (texts / "eurasian-triangle-p131.md").rename(texts / "eurasian-triangle-page-131.md")
    # The links follow, and so does the record of published texts (ED823).
    for linking in [mini_copy / "mkdocs.yml", mini_copy / "published.txt", *(mini_copy / "docs").rglob("*.md")]:
        linking.write_text(linking.read_text().replace("eurasian-triangle-p131.md", "eurasian-triangle-page-131.md"))
    register = mini_copy / "anchors.txt"
    text = register.read_text().replace(P131 + "\n", P131 + " -> texts/eurasian-triangle-page-131/\n", 1)
    intro = mini_copy / "docs" / "index.md"
    heading = next(line for line in intro.read_text().split("\n") if line.startswith("# "))
    intro.write_text(intro.read_text().replace(heading, "# A small edition", 1))
    text = text.replace("  #a-miniature-edition\n", "  #a-miniature-edition -> #a-small-edition\n", 1)
    register.write_text(text)
    updated = run_mkdocs(mini_copy, mini_copy / "site", record=True)
    assert updated.returncode == 0, updated.warnings()
    build = run_mkdocs(mini_copy, mini_copy / "site")
    assert build.returncode == 0, build.log
    assert "texts/eurasian-triangle-page-131/" in register.read_text()  # the new addresses, recorded as published
    old = build.site / P131 / "index.html"
    assert '<meta http-equiv="refresh" content="0; url=../../texts/eurasian-triangle-page-131/">' in old.read_text()
    home = page(build, "")
    assert home.find(id="a-miniature-edition").find_next(id="a-small-edition").name == "h1"

    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(build.site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        tab = browser.new_page()
        tab.goto(f"http://127.0.0.1:{server.server_address[1]}/{P131}#p131.l5")
        tab.wait_for_url("**/texts/eurasian-triangle-page-131/#p131.l5")
        assert tab.locator("#p131\\.l5").count() == 1
        tab.close()
    finally:
        server.shutdown()


# --- "Cite this" -----------------------------------------------------------

def test_names_split_as_written() -> None:
    assert split_name("Jan M. Meijer") == {"family": "Meijer", "given": "Jan M."}
    assert split_name("Ludwig van Beethoven") == {"family": "van Beethoven", "given": "Ludwig"}
    assert split_name("Kuromiya, Hiroaki") == {"family": "Kuromiya", "given": "Hiroaki"}
    assert split_name("Homer") == {"literal": "Homer"}


EDITED = Identity("An Edition", (Editor("Ed Itor"),), "A Press", "CC-BY-4.0", "10.5281/zenodo.1")


def _work(identity: Identity = EDITED) -> tuple[cite.Work, cite.Forms]:
    meta = {"source": {"title": "A Book", "authors": ["Ann Author"], "pages": "5", "language": "en",
                       "publisher": "Old Press", "date": "1990"}}
    work = cite.work("texts-a", meta, None, identity=identity,
                     release=Release("1.0.0", "2026-11-21", Loc("c.md", 3)), address="https://e.org/texts/a/")
    # What citeproc makes of the source (`work.source`), its locator given as the sentinel.
    note = "Ann Author, <em>A Book</em> (Old Press, 1990), 987654321."
    return work, cite.forms(work, note, "Author, Ann. <em>A Book</em>. Old Press, 1990.", "987654321")


def test_a_passage_gets_its_locator_and_address_in_every_form() -> None:
    work, forms = _work()
    assert work.source == {"id": "texts-a-source", "type": "document", "title": "A Book", "publisher": "Old Press",
                           "language": "en", "issued": {"date-parts": [[1990]]},
                           "author": [{"family": "Author", "given": "Ann"}]}
    filled = forms.fill("p. 5, l. 3", "https://e.org/texts/a/#p5.l3")
    assert filled["note"] == ("Ann Author, <em>A Book</em> (Old Press, 1990), p. 5, l. 3, transcribed in <em>An "
                              "Edition</em>, ed. Ed Itor, version 1.0.0 (November 21, 2026), "
                              "https://doi.org/10.5281/zenodo.1, https://e.org/texts/a/#p5.l3.")
    assert filled["bibliography"] == ("Author, Ann. <em>A Book</em>. Old Press, 1990. Transcribed in <em>An "
                                      "Edition</em>. Edited by Ed Itor. Version 1.0.0, November 21, 2026. "
                                      "https://doi.org/10.5281/zenodo.1. https://e.org/texts/a/.")
    assert filled["bibtex"] == (
        "@incollection{texts-a,\n  author = {Author, Ann},\n  title = {A Book, p. 5},\n  booktitle = {An Edition},\n"
        "  editor = {Itor, Ed},\n  publisher = {A Press},\n  version = {1.0.0},\n  date = {2026-11-21},\n"
        "  origtitle = {A Book},\n  origpublisher = {Old Press},\n  origdate = {1990},\n"
        "  addendum = {Transcription of: Author, Ann. A Book. Old Press, 1990.},\n  doi = {10.5281/zenodo.1},\n"
        "  note = {p. 5, l. 3},\n  url = {https://e.org/texts/a/#p5.l3}\n}")
    assert filled["ris"].split("\n") == [
        "TY  - CHAP", "AU  - Author, Ann", "TI  - A Book, p. 5", "T2  - An Edition", "A2  - Itor, Ed", "PB  - A Press",
        "ET  - 1.0.0", "PY  - 2026", "DA  - 2026/11/21", "OP  - Author, Ann. A Book. Old Press, 1990.",
        "DO  - 10.5281/zenodo.1", "UR  - https://e.org/texts/a/#p5.l3", "N1  - p. 5, l. 3", "LA  - en", "ER  -"]
    item = json.loads(filled["csl_json"])[0]
    assert item == {"id": "texts-a", "type": "chapter", "title": "A Book, p. 5", "container-title": "An Edition",
                    "version": "1.0.0", "issued": {"date-parts": [[2026, 11, 21]]},
                    "author": [{"family": "Author", "given": "Ann"}], "editor": [{"family": "Itor", "given": "Ed"}],
                    "publisher": "A Press", "DOI": "10.5281/zenodo.1", "license": "CC-BY-4.0", "language": "en",
                    "original-title": "A Book", "original-author": [{"family": "Author", "given": "Ann"}],
                    "original-publisher": "Old Press", "original-date": {"date-parts": [[1990]]},
                    "note": "p. 5, l. 3", "URL": "https://e.org/texts/a/#p5.l3"}


def test_without_a_locator_the_forms_drop_it_cleanly() -> None:
    _, forms = _work()
    filled = forms.fill("", "https://e.org/texts/a/")
    assert filled["note"].startswith("Ann Author, <em>A Book</em> (Old Press, 1990), transcribed in ")
    assert "N1" not in filled["ris"] and "note" not in filled["bibtex"]
    assert filled["bibtex"].endswith("  doi = {10.5281/zenodo.1},\n  url = {https://e.org/texts/a/}\n}")  # no stray comma
    assert "note" not in json.loads(filled["csl_json"])[0]


def test_editors_not_known_are_named_nowhere() -> None:
    work, forms = _work(Identity("An Edition"))
    filled = forms.fill("p. 5", "https://e.org/texts/a/")
    assert filled["note"] == ("Ann Author, <em>A Book</em> (Old Press, 1990), p. 5, transcribed in <em>An Edition</em>, "
                              "version 1.0.0 (November 21, 2026), https://e.org/texts/a/.")
    assert "Edited" not in filled["bibliography"] and "editor" not in filled["bibtex"]
    assert "A2" not in filled["ris"] and "editor" not in json.loads(filled["csl_json"])[0]
    assert "DO  -" not in filled["ris"] and "license" not in work.item


def test_unverified_facts_of_a_source_with_no_entry_are_left_out_and_said() -> None:
    meta = {"source": {"title": "A Book", "authors": ["Ann Author"], "publisher": "Old Press", "date": "1990",
                       "language": "en"}, "unverified": {"source.date": "only one catalogue gives it"}}
    work = cite.work("texts-a", meta, None, identity=EDITED, release=Release("1.0.0", "2026-11-21", Loc("c.md", 3)),
                     address="https://e.org/texts/a/")
    assert "issued" not in work.source and "original-date" not in work.item
    assert work.unverified == (("the source's date", "only one catalogue gives it"),)


def test_the_cite_box_of_p131_names_the_book_and_the_edition(mini_build: Build) -> None:
    box = page(mini_build, P131).find("details", class_="cite")
    forms = {el["data-form"]: " ".join(el.get_text().split()) for el in box.find_all(class_="cite-form")}
    address = "http://127.0.0.1:8000/" + P131
    assert forms["url"] == address
    # The book's year is not confirmed (its entry leaves it out): "n.d.", as the style has it.
    assert forms["note"] == (
        "Hiroaki Kuromiya and Georges Mamoulia, The Eurasian Triangle: Russia, the Caucasus and Japan, 1904–1945 "
        f"(De Gruyter, n.d.), p. 131, transcribed in {miniature.SITE_NAME}, ed. Jane Doe and John Roe, version 0.1.0 "
        f"(November 21, 2026), https://doi.org/10.5281/zenodo.1234567, {address}.")
    assert forms["bibliography"] == (
        "Kuromiya, Hiroaki, and Georges Mamoulia. The Eurasian Triangle: Russia, the Caucasus and Japan, 1904–1945. "
        f"De Gruyter, n.d. Transcribed in {miniature.SITE_NAME}. Edited by Jane Doe and John Roe. Version 0.1.0, "
        f"November 21, 2026. https://doi.org/10.5281/zenodo.1234567. {address}.")
    assert box.find(attrs={"data-form": "note"}).find("em").get_text().startswith("The Eurasian Triangle")
    assert "@incollection{texts-eurasian-triangle-p131," in forms["bibtex"]
    assert "TY - CHAP AU - Kuromiya, Hiroaki AU - Mamoulia, Georges" in forms["ris"]
    assert "((" not in box.get_text() and "(Chicago" not in box.get_text()  # the style's name, once, unbracketed
    data = json.loads(box["data-cite"])
    assert data["passages"]["p131.l5"] == "p. 131, l. 5" and data["passages"]["n17"] == "n. 17"
    assert data["passages"]["n17.l2"] == "n. 17, l. 2"
    assert [b.get("hidden") for b in box.find_all("button")] == [""] * 6  # shown by the script only


def test_the_article_names_its_author_as_signed_with_the_editors_romanization(mini_build: Build) -> None:
    soup = page(mini_build, ARTICLE)
    box = soup.find("details", class_="cite")
    forms = {el["data-form"]: " ".join(el.get_text().split()) for el in box.find_all(class_="cite-form")}
    assert forms["note"].startswith("Олег Пархітько [Oleh Parkhitko], “Lake Hassan: The Conflict Between Two Empires "
                                    "and Rewritten History,” Intent")
    assert forms["bibliography"].startswith("Пархітько, Олег, [Oleh Parkhitko].")
    assert "author = {{Пархітько, Олег [Oleh Parkhitko]}}" in forms["bibtex"]
    assert "AU - Пархітько, Олег [Oleh Parkhitko]" in forms["ris"]
    assert meta(soup, "citation_author") == ["Пархітько, Олег [Oleh Parkhitko]"]
    header = soup.find(class_="document-meta").get_text(" ")
    assert "Олег Пархітько [Oleh Parkhitko]" in header and "editors' romanization" in header
    assert json.loads(box["data-cite"])["passages"]["para8"] == "¶ 8"


# --- Metadata ------------------------------------------------------------

def _forms_of(soup: BeautifulSoup) -> dict[str, str]:
    box = soup.find("details", class_="cite")
    return {el["data-form"]: el.get_text() for el in box.find_all(class_="cite-form")}


@pytest.mark.parametrize("address", [P131, ARTICLE])
def test_every_form_and_tag_agree_field_by_field(mini_build: Build, address: str) -> None:
    """Authors, title, edition, editors, publisher, version, date, address and
    DOI: the same in BibTeX, RIS, CSL-JSON, the Highwire and Dublin Core tags
    and JSON-LD; the source as published recorded in each."""
    soup = page(mini_build, address)
    forms = _forms_of(soup)
    csl = json.loads(forms["csl_json"])[0]
    bibtex = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", forms["bibtex"], re.M))
    ris: dict[str, list[str]] = {}
    for tag, value in re.findall(r"^([A-Z][A-Z0-9])  - ?(.*)$", forms["ris"], re.M):
        ris.setdefault(tag, []).append(value)
    ld = json.loads(soup.find("script", type="application/ld+json").string)
    url = "http://127.0.0.1:8000/" + address
    authors = [cite.inverted(p) for p in csl["author"]]
    assert authors == ris["AU"] == meta(soup, "citation_author") == meta(soup, "DC.creator")
    assert [a.strip("{}") for a in bibtex["author"].split(" and ")] == authors
    assert csl["title"] == bibtex["title"] == ris["TI"][0] == meta(soup, "citation_title")[0] == ld["name"]
    edition = miniature.SITE_NAME
    assert csl["container-title"] == bibtex["booktitle"] == ris["T2"][0] == meta(soup, "citation_book_title")[0] \
        == ld["isPartOf"]["name"] == edition
    assert ris["A2"] == meta(soup, "citation_editor") == ["Doe, Jane", "Roe, John"] == \
        [cite.inverted(p) for p in csl["editor"]] == bibtex["editor"].split(" and ")
    assert [e["name"] for e in ld["isPartOf"]["editor"]] == ["Jane Doe", "John Roe"]
    assert ld["isPartOf"]["editor"][1]["@id"] == "https://orcid.org/0000-0002-1825-0097"
    assert csl["publisher"] == bibtex["publisher"] == ris["PB"][0] == meta(soup, "citation_publisher")[0] \
        == meta(soup, "DC.publisher")[0] == "The Miniature Project"
    assert csl["version"] == bibtex["version"] == ris["ET"][0] == ld["version"] == "0.1.0"
    assert csl["issued"] == {"date-parts": [[2026, 11, 21]]}
    assert bibtex["date"] == ld["datePublished"] == meta(soup, "DC.date")[0] == "2026-11-21"
    assert ris["DA"] == meta(soup, "citation_date") == ["2026/11/21"]
    assert csl["URL"] == bibtex["url"] == ris["UR"][0] == meta(soup, "citation_public_url")[0] == ld["url"] == url
    assert csl["DOI"] == bibtex["doi"] == ris["DO"][0] == meta(soup, "citation_doi")[0] == "10.5281/zenodo.1234567"
    assert ld["identifier"] == "https://doi.org/10.5281/zenodo.1234567"
    # The source as published.
    source_title = csl["original-title"]
    assert bibtex["origtitle"] == ld["isBasedOn"]["name"] == source_title
    # The style's case (headline or sentence): the same words.
    assert source_title.casefold() in ris["OP"][0].casefold()
    assert source_title.casefold() in meta(soup, "citation_abstract")[0].casefold()
    assert f"original-title: {source_title}" in meta(soup, "z.extra")[0]
    assert [cite.inverted(p) for p in csl["original-author"]] == authors


def zotero_item(soup: BeautifulSoup) -> dict:
    """What Zotero's "Embedded Metadata" translator saves from a page's tags,
    for the tags the edition writes (zotero/translators, 'Embedded
    Metadata.js' at f6350ed: HIGHWIRE_MAPPINGS, lines 43–82; creators 404–415,
    'citation_author' -> author, 'citation_editor' -> editor; the item type
    'bookSection' from 'citation_book_title', lines 297–361; and RDF.js at
    6c9e20a, lines 982 and 1428–1442: 'DC.rights' -> rights, 'z.<field>'
    copied to that field).  A tag it would read for another field and that
    the edition must not write fails the test."""
    assert not meta(soup, "DC.source") and not meta(soup, "DC.contributor")  # -> bookTitle, author: wrong
    assert not soup.select(".Z3988") and not soup.select('link[rel="unapi-server"]')  # would win over the tags
    item = {"itemType": "bookSection" if meta(soup, "citation_book_title") else "webpage",
            "creators": [("author", a) for a in meta(soup, "citation_author")]
            + [("editor", e) for e in meta(soup, "citation_editor")]}
    for tag, field in (("citation_title", "title"), ("citation_book_title", "bookTitle"),
                       ("citation_publisher", "publisher"), ("citation_date", "date"), ("citation_doi", "DOI"),
                       ("citation_public_url", "url"), ("citation_language", "language"),
                       ("citation_abstract", "abstractNote"), ("DC.rights", "rights"), ("z.extra", "extra")):
        if values := meta(soup, tag):
            item[field] = values[0]
    return item


def test_zotero_saves_the_transcription_in_the_edition_with_the_source_recorded(mini_build: Build) -> None:
    item = zotero_item(page(mini_build, P131))
    assert item["itemType"] == "bookSection"
    assert item["title"] == "The Eurasian Triangle: Russia, the Caucasus and Japan, 1904–1945, p. 131"
    assert item["bookTitle"] == miniature.SITE_NAME
    assert item["creators"] == [("author", "Kuromiya, Hiroaki"), ("author", "Mamoulia, Georges"),
                                ("editor", "Doe, Jane"), ("editor", "Roe, John")]
    assert (item["publisher"], item["date"], item["DOI"]) == ("The Miniature Project", "2026/11/21",
                                                              "10.5281/zenodo.1234567")
    assert item["url"] == "http://127.0.0.1:8000/" + P131
    assert item["abstractNote"] == ("Transcription of: Kuromiya, Hiroaki, and Georges Mamoulia. The Eurasian "
                                    "Triangle: Russia, the Caucasus and Japan, 1904–1945. De Gruyter, n.d.")
    assert item["extra"].split("\n") == [
        "original-title: The Eurasian Triangle: Russia, the Caucasus and Japan, 1904–1945",
        "original-author: Kuromiya || Hiroaki", "original-author: Mamoulia || Georges",
        "original-publisher: De Gruyter", "version: 0.1.0"]
    assert item["rights"] == ("Editorial matter: CC BY 4.0 (CC-BY-4.0); the source: Open access (not confirmed)")
    article = zotero_item(page(mini_build, ARTICLE))
    assert (article["itemType"], article["creators"][0]) == ("bookSection", ("author", "Пархітько, Олег [Oleh Parkhitko]"))
    assert "original-container-title: Intent" in article["extra"] and "original-date: 2025-05-21" in article["extra"]


def test_the_footer_names_the_editors_the_licence_and_the_sources_rights(mini_build: Build) -> None:
    credit = page(mini_build, P131).find(class_="edition-credit")
    assert " ".join(credit.get_text().split()) == (
        f"{miniature.SITE_NAME}, edited by Jane Doe and John Roe, The Miniature Project. Editorial matter licensed "
        "under CC BY 4.0. Rights of the source: Open access (not confirmed).")
    assert credit.find("a", rel="license")["href"] == "https://creativecommons.org/licenses/by/4.0/"
    home = page(mini_build, "").find(class_="edition-credit").get_text()
    assert "Jane Doe" in home and "Rights of the source" not in home


def test_pages_that_are_not_documents_carry_no_citation_tags(mini_build: Build) -> None:
    assert meta(page(mini_build, "register/blyukher/"), "citation_title") == []


def test_the_sitemap_lists_every_page(mini_build: Build) -> None:
    sitemap = (mini_build.site / "sitemap.xml").read_text(encoding="utf-8")
    for address in (P131, ARTICLE, "register/blyukher/", "bibliography/", "changelog/"):
        assert f"<loc>http://127.0.0.1:8000/{address}</loc>" in sitemap


# --- In the browser -----------------------------------------------------

def test_copy_buttons_copy_the_citation(served_mini: str, browser) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.goto(served_mini + P131)
    tab.click("details.cite > summary")
    tab.click("details.cite dd:has([data-form=bibtex]) .cite-copy")
    tab.wait_for_function("document.querySelector('details.cite dd:has([data-form=bibtex]) .cite-copy')"
                          ".textContent === 'Copied'")
    copied = tab.evaluate("navigator.clipboard.readText()")
    assert copied == tab.locator("details.cite [data-form=bibtex]").inner_text().strip()
    assert copied.startswith("@incollection{texts-eurasian-triangle-p131,")
    context.close()


def test_a_line_address_offers_its_citation(served_mini: str, browser) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.goto(served_mini + P131 + "#p131.l7")
    button = tab.locator("button.cite-passage")
    assert button.inner_text() == "Cite this passage: p. 131, l. 7"
    button.click()
    dialog = tab.locator("dialog.cite-dialog")
    assert dialog.locator("h2").inner_text() == "Cite p. 131, l. 7"
    note = dialog.locator("[data-form=note]").inner_text()
    assert "(De Gruyter, n.d.), p. 131, l. 7, transcribed in" in note
    assert note.strip().endswith(f", http://127.0.0.1:8000/{P131}#p131.l7.")
    copy = dialog.locator("dd:has([data-form=note]) .cite-copy")
    copy.click()
    tab.wait_for_function("document.querySelector('dialog.cite-dialog dd:has([data-form=note]) .cite-copy')"
                          ".textContent === 'Copied'")
    assert tab.evaluate("navigator.clipboard.readText()") == note.strip()
    context.close()


def test_selected_lines_are_cited_as_a_range(served_mini: str, browser) -> None:
    tab = browser.new_page()
    tab.goto(served_mini + P131)
    # Select from the start of line 5 ("rested") to the middle of line 7.
    tab.evaluate("""() => {
        const r = document.createRange();
        r.setStartAfter(document.getElementById('p131.l5'));
        const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        walk.currentNode = document.getElementById('p131.l7');
        r.setEnd(walk.nextNode(), 3);
        getSelection().removeAllRanges(); getSelection().addRange(r);
    }""")
    tab.wait_for_function("document.querySelector('button.cite-passage') && !document.querySelector('button.cite-passage').hidden")
    assert tab.locator("button.cite-passage").inner_text() == "Cite this passage: p. 131, ll. 5–7"
    tab.goto(served_mini + ARTICLE + "#para8")
    assert tab.locator("button.cite-passage").inner_text() == "Cite this passage: ¶ 8"
    tab.close()


def test_the_cite_box_reads_without_javascript(mini_build: Build, served_mini: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(served_mini + P131)
    tab.click("details.cite > summary")
    assert tab.locator("details.cite [data-form=note]").is_visible()
    assert re.search(r"n\.d\.\), p\. 131, transcribed in .*, http://127\.0\.0\.1:8000/",
                     tab.locator("details.cite [data-form=note]").inner_text())
    assert tab.locator("details.cite .cite-copy").first.is_hidden()
    tab.screenshot(path=str(ARTIFACTS / "p131-cite-box-no-javascript.png"))
    context.close()


def test_without_a_version_nothing_states_one(mini_site) -> None:
    build = mini_site({"texts/a.md": FRONT_MATTER + "::text lines\n::page 1\nA line.\n"},
                      changelog="# Changelog\n")
    assert build.returncode != 0 and "Traceback" not in build.log, build.log  # stopped by --strict, not a crash
    assert ("WARNING -  edition: changelog.md:1:1: ED800 the changelog has no version heading. Fix: add the "
            "edition's version as a heading, '## 1.0.0 — 2026-11-21', above what it changed") in build.warnings()
    html = (build.site / "texts" / "a" / "index.html").read_text(encoding="utf-8")
    assert "Cite this document" not in html and "citation_publication_date" not in html
    assert "edition-version" not in html and not (build.site / "texts" / "a" / "tei.xml").exists()
