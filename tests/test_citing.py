"""Citable for good: the version, the anchor register, "Cite this", metadata."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition import anchors, cite
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
    assert cite.split_name("Jan M. Meijer") == {"family": "Meijer", "given": "Jan M."}
    assert cite.split_name("Ludwig van Beethoven") == {"family": "van Beethoven", "given": "Ludwig"}
    assert cite.split_name("Kuromiya, Hiroaki") == {"family": "Kuromiya", "given": "Hiroaki"}
    assert cite.split_name("Homer") == {"literal": "Homer"}


def _work() -> tuple[cite.Work, cite.Forms]:
    meta = {"source": {"title": "A Book", "authors": ["Ann Author"], "pages": "5", "language": "en"},
            "editors": ["Ed Itor"]}
    work = cite.work("texts-a", meta, None, edition="An Edition",
                     release=Release("1.0.0", "2026-11-21", Loc("c.md", 3)), address="https://e.org/texts/a/")
    note = 'Ann Author, “A Book,” in <em>An Edition</em>, 987654321, <a href="https://e.org/texts/a/">https://e.org/texts/a/</a>.'
    return work, cite.forms(work, note, "Author, Ann. “A Book.”", "987654321")


def test_a_passage_gets_its_locator_and_address_in_every_form() -> None:
    _, forms = _work()
    filled = forms.fill("p. 5, l. 3", "https://e.org/texts/a/#p5.l3")
    assert filled["note"] == ('Ann Author, “A Book,” in <em>An Edition</em>, p. 5, l. 3, <a href="https://e.org/'
                              'texts/a/#p5.l3">https://e.org/texts/a/#p5.l3</a>.')
    assert filled["bibtex"] == (
        "@incollection{texts-a,\n  author = {Author, Ann},\n  title = {A Book},\n  booktitle = {An Edition},\n"
        "  editor = {{Ed Itor}},\n  version = {1.0.0},\n  date = {2026-11-21},\n"
        "  url = {https://e.org/texts/a/#p5.l3},\n  note = {p. 5, l. 3}\n}")
    assert filled["ris"].split("\n") == [
        "TY  - CHAP", "AU  - Author, Ann", "TI  - A Book", "T2  - An Edition", "A2  - Ed Itor", "ET  - 1.0.0",
        "PY  - 2026", "DA  - 2026/11/21", "UR  - https://e.org/texts/a/#p5.l3", "N1  - p. 5, l. 3", "LA  - en", "ER  -"]
    item = json.loads(filled["csl_json"])[0]
    assert (item["title"], item["URL"], item["note"], item["issued"]) == (
        "A Book", "https://e.org/texts/a/#p5.l3", "p. 5, l. 3", {"date-parts": [[2026, 11, 21]]})
    assert filled["bibliography"] == "Author, Ann. “A Book.”"


def test_without_a_locator_the_forms_drop_it_cleanly() -> None:
    _, forms = _work()
    filled = forms.fill("", "https://e.org/texts/a/")
    assert filled["note"].startswith("Ann Author, “A Book,” in <em>An Edition</em>, <a ")
    assert "N1" not in filled["ris"] and "note" not in filled["bibtex"]
    assert "note" not in json.loads(filled["csl_json"])[0]


def test_the_cite_box_of_p131(mini_build: Build) -> None:
    box = page(mini_build, P131).find("details", class_="cite")
    forms = {el["data-form"]: " ".join(el.get_text().split()) for el in box.find_all(class_="cite-form")}
    address = "http://127.0.0.1:8000/" + P131
    assert forms["url"] == address
    assert forms["note"] == (
        "Hiroaki Kuromiya and Georges Mamoulia, “The Eurasian Triangle: Russia, the Caucasus and Japan, "
        "1904–1945,” in A Miniature Edition, version 0.1.0, ed. The edition’s editors (2026), "
        f"p. 131, {address}.")
    assert "@incollection{texts-eurasian-triangle-p131," in forms["bibtex"]
    assert "TY - CHAP AU - Kuromiya, Hiroaki AU - Mamoulia, Georges" in forms["ris"]
    data = json.loads(box["data-cite"])
    assert data["passages"]["p131.l5"] == "p. 131, l. 5" and data["passages"]["n17"] == "n. 17"
    assert data["passages"]["n17.l2"] == "n. 17, l. 2"
    assert [b.get("hidden") for b in box.find_all("button")] == [""] * 6  # shown by the script only


def test_the_article_is_cited_under_the_name_it_is_signed_with(mini_build: Build) -> None:
    box = page(mini_build, ARTICLE).find("details", class_="cite")
    note = " ".join(box.find(attrs={"data-form": "note"}).get_text().split())
    assert note.startswith("Олег Пархітько, “Lake Hassan: The Conflict Between Two Empires and Rewritten History,”")
    assert json.loads(box["data-cite"])["passages"]["para8"] == "¶ 8"


# --- Metadata ------------------------------------------------------------

def test_p131_carries_the_tags_zotero_reads(mini_build: Build) -> None:
    soup = page(mini_build, P131)
    address = "http://127.0.0.1:8000/" + P131
    assert meta(soup, "citation_title") == ["The Eurasian Triangle: Russia, the Caucasus and Japan, 1904–1945"]
    assert meta(soup, "citation_author") == ["Kuromiya, Hiroaki", "Mamoulia, Georges"]
    assert meta(soup, "citation_publication_date") == ["2026/11/21"]
    assert meta(soup, "citation_book_title") == [miniature.SITE_NAME]
    assert meta(soup, "citation_public_url") == [address]
    assert meta(soup, "citation_language") == ["en"]
    assert meta(soup, "DC.creator") == ["Kuromiya, Hiroaki", "Mamoulia, Georges"]
    assert meta(soup, "DC.identifier") == [address]
    assert meta(soup, "DC.date") == ["2026-11-21"]
    assert soup.find("link", rel="canonical")["href"] == address
    ld = json.loads(soup.find("script", type="application/ld+json").string)
    assert (ld["@type"], ld["url"], ld["version"], ld["datePublished"]) == ("Chapter", address, "0.1.0", "2026-11-21")
    # The book's year is not confirmed: the metadata leaves it out.
    assert ld["isBasedOn"] == {"@type": "Book", "name": "The Eurasian Triangle: Russia, the Caucasus and Japan, "
                               "1904–1945", "publisher": "De Gruyter"}


def test_the_article_carries_its_tags(mini_build: Build) -> None:
    soup = page(mini_build, ARTICLE)
    assert meta(soup, "citation_title") == ["Lake Hassan: the conflict between two empires and rewritten history"]
    assert meta(soup, "citation_author") == ["Пархітько, Олег"]
    assert meta(soup, "citation_publication_date") == ["2026/11/21"]
    assert meta(soup, "citation_public_url") == ["http://127.0.0.1:8000/" + ARTICLE]


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
    assert f", p. 131, l. 7, http://127.0.0.1:8000/{P131}#p131.l7." in note
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
    assert re.search(r"p\. 131, http://127\.0\.0\.1:8000/", tab.locator("details.cite [data-form=note]").inner_text())
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
