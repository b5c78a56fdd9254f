"""Real-world BibTeX: what reference managers export is read whole, and what
pandoc would get quietly wrong is reported at the .bib file's own line."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from edition.bibliography import check_conversion, read_bibliography
from edition.citeproc import csl_json
from edition.markup import scan_body
from edition.project import STYLE  # the package's own
from edition.references import PageCitations, resolve

from . import miniature
from .conftest import FRONT_MATTER, Build

EXPORT = Path(__file__).parent / "data" / "real-world-export.bib"


def text_of(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def notes_for(bib_text: str, prose: str) -> tuple[list[str], dict[str, str], list[str]]:
    bib, problems = read_bibliography(bib_text, "bibliography.bib")
    body, found = scan_body([prose], "docs/t.md")
    resolved = resolve([PageCitations("t/", "T", body)], bib, STYLE, None)
    diagnostics = [str(d) for d in problems + found + resolved.diagnostics]
    return [text_of(n) for n in resolved.notes.get("t/", [])], resolved.entries, diagnostics


def test_a_reference_managers_export_is_read_whole_and_formatted() -> None:
    notes, entries, diagnostics = notes_for(
        EXPORT.read_text(encoding="utf-8"),
        "Text [@berton_new_1993, 72]; [@Muller2001, 5]; [@Doc12, 12]; [@Cyr2020]; again [@Doc12, 13].")
    assert diagnostics == []
    assert notes == [
        # @string 'ASI' expanded; Zotero's braced capitals kept
        "Peter Berton, “A New Russo-Japanese Alliance?: Diplomacy in the Far East During World War I,” "
        "Acta Slavica Iaponica 11 (1993): 72.",
        # LaTeX escapes, '#' concatenation; a German title (langid) keeps its case
        "Jörg Müller et al., Über die Straße: Zeugnisse & Dokumente, 50% neu (Mouton & Co., 2001), 5.",
        # crossref: the editor, book title, publisher and year come from the parent entry
        "Jan M. Meijer, ed., “Telegram to Lenin,” in The Trotsky Papers (Mouton, 1964), 12.",
        "Олег Пархітько, “Озеро Хасан: конфлікт двох імперій,” Інтент, May 2020.",
        "Meijer, “Telegram to Lenin,” 13.",  # the short note, with its own page
    ]
    assert sorted(entries) == ["Cyr2020", "Doc12", "Muller2001", "Trotsky1964", "berton_new_1993"]
    assert text_of(entries["Muller2001"]) == ("Müller, Jörg, François Cañón, and Søren Østergaard. Über die "
                                             "Straße: Zeugnisse & Dokumente, 50% neu. Mouton & Co., 2001.")


def test_what_pandoc_would_get_quietly_wrong_is_reported_at_its_line() -> None:
    text = ("@article{A1,\n  title = {Good},\n  journal = ASIJ,\n  year = 2000,\n  month = jan,\n}\n\n"
            "@incollection{A2,\n  title = {Child},\n  crossref = {Nowhere},\n}\n\n"
            "@book{A3,\n  title = {On \\foreigncmd{Stalin} and \\emph{Lenin}},\n  year = 2003,\n}\n")
    bib, diagnostics = read_bibliography(text, "bibliography.bib")
    diagnostics += check_conversion(bib, csl_json(bib.readable))
    assert [str(d) for d in diagnostics] == [
        "bibliography.bib:3:3: ED605 the field 'journal' uses 'ASIJ', which no @string defines. Fix: put the "
        "text in braces, 'journal = {ASIJ}', or define it: '@string{ASIJ = {…}}'",
        "bibliography.bib:10:3: ED606 'crossref' names 'Nowhere', which is not in bibliography.bib. Fix: add the "
        "entry 'Nowhere' or correct the key; without it the fields 'A2' should inherit are missing",
        "bibliography.bib:14:3: ED607 pandoc does not know the LaTeX command '\\foreigncmd' and would drop "
        "'Stalin' with it. Fix: write the text without the command, or use one pandoc knows, such as \\emph, "
        "\\textit, \\textbf, \\textsc or \\url",
    ]


def test_one_broken_entry_does_not_take_the_others_with_it() -> None:
    text = ("@book{Before, title = {Before}, year = 1990}\n\n@book{Broken,\n  title = {unclosed,\n  year = 1991,\n}\n\n"
            "@book{After, title = {After}, year = 1992}\n")
    notes, entries, diagnostics = notes_for(text, "See [@Before] and [@After].")
    assert diagnostics == [
        "bibliography.bib:3:1: ED600 this entry cannot be read. Fix: check its braces and quotes, and that every "
        "field ends with a comma; the entry is not in the bibliography until it is fixed"]
    assert notes == ["Before (1990).", "After (1992)."]
    assert sorted(entries) == ["After", "Before"]


def generated_bib(n: int) -> str:
    kinds = [
        "@article{{a{i},\n  author = {{Author{i}, Anna and Second, B{{\\'e}}la}},\n  title = {{On the {{Far East}}, "
        "part {i}}},\n  journaltitle = {{Journal {j}}},\n  volume = {{{j}}},\n  date = {{19{y:02d}}},\n"
        "  pages = {{1--{i}}},\n}}\n",
        "@book{{b{i},\n  author = {{Авторов{i}, Иван}},\n  title = {{Книга {i}}},\n  location = {{Moscow}},\n"
        "  publisher = {{Nauka}},\n  date = {{19{y:02d}-0{m}}},\n  langid = {{russian}},\n}}\n",
        "@misc{{c{i},\n  title = {{Fond {j}, opis' {i}}},\n  institution = {{RGVA}},\n  unverified = {{Contents "
        "unknown.}},\n}}\n",
    ]
    return "\n".join(kinds[i % 3].format(i=i, j=i % 40 + 1, y=i % 100, m=i % 9 + 1) for i in range(n))


def test_a_large_generated_bibliography_is_read_whole_with_its_lines() -> None:
    text = generated_bib(2000)
    bib, diagnostics = read_bibliography(text, "bibliography.bib")
    assert diagnostics == []
    assert len(bib.works) == 2000
    starts = [i + 1 for i, line in enumerate(text.split("\n")) if line.startswith("@")]
    assert [w.loc.line for w in bib.works.values()] == starts
    items = csl_json(bib.readable)
    assert check_conversion(bib, items) == []
    assert {item["id"] for item in items} == set(bib.works)
    by_id = {item["id"]: item for item in items}
    assert by_id["a1998"]["author"][1] == {"family": "Second", "given": "Béla"}
    assert by_id["b1000"]["title"] == "Книга 1000"


def test_the_bibliography_lists_the_sources_own_documents_and_the_pages_not_held(mini_build: Build) -> None:
    page = BeautifulSoup((mini_build.site / "bibliography" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    book = page.select_one("#KuromiyaMamoulia")
    assert [a["href"] for a in book.select(".transcribed a")] == [f"../{miniature.BOOK}"]
    assert [a.get_text() for a in book.select(".cited-at a")] == [
        "Kuromiya and Mamoulia, The Eurasian Triangle, p. 131, l. 13",
        "Kuromiya and Mamoulia, The Eurasian Triangle, p. 131, note 15",
        "Kuromiya and Mamoulia, The Eurasian Triangle, p. 131, note 18"]
    missing = page.select_one("#pages-not-yet-in-the-edition + p + ul.missing-pages")
    assert " ".join(missing.get_text().split()) == (
        "The Eurasian Triangle: Russia, the Caucasus and Japan, 1904–1945: "
        "p. 62 (referred to at Kuromiya and Mamoulia, The Eurasian Triangle, p. 131, l. 13); "
        "p. 78 (referred to at Kuromiya and Mamoulia, The Eurasian Triangle, p. 131, note 15); "
        "p. 103 (referred to at Kuromiya and Mamoulia, The Eurasian Triangle, p. 131, note 18).")
    assert [a["href"] for a in missing.select("a")] == [
        f"../{miniature.BOOK}#p131.l13", f"../{miniature.BOOK}#n15", f"../{miniature.BOOK}#n18"]
    article = page.select_one("#Parkhitko2025")
    assert article.select_one(".transcribed a")["href"] == f"../{miniature.ARTICLE}"
    assert article.select_one(".cited-at") is None  # transcribed, so not "not cited"


def test_a_source_key_the_bibliography_lacks_fails_the_strict_build(mini_site) -> None:
    front = FRONT_MATTER.replace("  type: book\n", "  type: book\n  key: Kuromiya2016\n")
    build = mini_site({"index.md": "# Home\n", "texts/t.md": front + "::text lines\n::page 1\nA line.\n"})
    assert build.returncode == 1
    line = front.split("\n").index("  key: Kuromiya2016") + 1
    assert (f"docs/texts/t.md:{line}:8: ED602 the source's key 'Kuromiya2016' is not in bibliography.bib. Fix: add "
            "the source's entry '@…{Kuromiya2016, …}' to bibliography.bib, or correct the key") in build.log


def test_a_page_ref_to_a_missing_page_links_to_the_list(mini_build: Build) -> None:
    page = BeautifulSoup((mini_build.site / miniature.BOOK / "index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    ref = page.select_one("#n15 .page-ref.missing")
    assert (ref.get_text(), ref["href"]) == ("p. 78", "../../bibliography/#pages-not-yet-in-the-edition")
    assert ref["title"] == (
        "Page 78 of this book is not in the edition yet; the link leads to the bibliography's list of pages to come")


def test_a_forgotten_comma_is_reported_at_its_line_by_check_and_alone_by_the_build(capsys, mini_copy: Path) -> None:
    """A value without its comma swallows the next field's line; pandoc
    stops at it.  The contributor is told where the comma goes, and not also
    of pandoc's failure, which follows from it."""
    from edition.cli import main

    from .conftest import run_mkdocs

    bib = mini_copy / "bibliography.bib"
    lines = bib.read_text(encoding="utf-8").split("\n")
    at = lines.index("  volume     = {11},")
    lines[at] = "  volume     = {11}"
    bib.write_text("\n".join(lines), encoding="utf-8")
    message = (f"bibliography.bib:{at + 2}:3: ED600 a comma is missing after the value of 'volume', so this line "
               f"was read as part of it. Fix: end line {at + 1} with ','")
    assert main(["-C", str(mini_copy), "check"]) == 1
    assert capsys.readouterr().out == message + "\n"
    build = run_mkdocs(mini_copy, mini_copy / "site")
    assert build.returncode == 1 and build.warnings() == [f"WARNING -  edition: {message}"]
