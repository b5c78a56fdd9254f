"""Hostile and real bibliographies: a .bib from a pull request cannot hold the
build, and what real files hold (biblatex's own examples, years in words,
comments, duplicate fields) is formatted or reported at its own line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition import citeproc
from edition.project import STYLE  # the package's own
from edition.bibliography import Bibliography, read_bibliography
from edition.citeproc import csl_json
from edition.markup import scan_body
from edition.references import PageCitations, resolve

from .conftest import MINI_BIB

# Debian's texlive-bibtex-extra ships it; `make test` installs the package (`make bibtex-examples`).
EXAMPLES = Path("/usr/share/texlive/texmf-dist/bibtex/bib/biblatex/biblatex/biblatex-examples.bib")
LOOP = "@book{Self, title = {T}, crossref = {Self}}\n"


def messages(text: str) -> list[str]:
    return [str(d) for d in read_bibliography(text, "bibliography.bib")[1]]


def words(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def formatted(text: str, prose: str = "") -> tuple[dict[str, str], list[str], list[str]]:
    """The bibliography's entries as text, every problem found, the notes of `prose`."""
    bib, found = read_bibliography(text, "bibliography.bib")
    body, more = scan_body([prose], "docs/t.md")
    resolved = resolve([PageCitations("t/", "T", body)], bib, STYLE, None)
    found += more + resolved.diagnostics
    return ({key: words(html) for key, html in resolved.entries.items()}, [str(d) for d in found],
            [words(n) for n in resolved.notes.get("t/", [])])


def pandoc_children(pid: int) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            stat = (proc / "stat").read_text()
        except (OSError, ValueError):
            continue
        if proc.name.isdigit() and int(stat.rsplit(")", 1)[1].split()[1]) == pid and "pandoc" in stat:
            found.append(int(proc.name))
    return found


# 1. crossref and xdata loops: pandoc followed them for ever, growing to 20 GB.

def test_a_crossref_or_xdata_loop_is_reported_and_never_reaches_pandoc() -> None:
    text = (LOOP + "@book{A, title = {A}, crossref = {B}}\n@book{B, title = {B}, xdata = {X, A}}\n"
            "@xdata{X, publisher = {P}}\n@book{Fine, title = {Fine}, xdata = {X}, year = 2000}\n")
    bib, found = read_bibliography(text, "bibliography.bib")
    assert [str(d) for d in found] == [
        "bibliography.bib:1:26: ED608 'crossref' of 'Self' leads back to it (Self → Self); pandoc would never stop "
        "following it. Fix: delete the 'crossref' that closes the loop; the entries of the loop are not in the "
        "bibliography until then",
        "bibliography.bib:2:23: ED608 'crossref' of 'A' leads back to it (A → B → A); pandoc would never stop "
        "following it. Fix: delete the 'crossref' that closes the loop; the entries of the loop are not in the "
        "bibliography until then",
        "bibliography.bib:3:23: ED608 'xdata' of 'B' leads back to it (B → A → B); pandoc would never stop "
        "following it. Fix: delete the 'xdata' that closes the loop; the entries of the loop are not in the "
        "bibliography until then",
    ]
    assert sorted(bib.works) == ["Fine"]  # the @xdata is a container, not a work
    started = time.monotonic()
    [item] = csl_json(bib.readable)
    assert time.monotonic() - started < 10
    assert (item["id"], item["publisher"]) == ("Fine", "P")


def test_pandoc_that_runs_too_long_is_stopped_with_a_clear_error(monkeypatch) -> None:
    monkeypatch.setattr(citeproc, "TIMEOUT", 2)
    loop = Bibliography("bibliography.bib", LOOP, LOOP, {})  # as if the reader had let the loop through
    body, _ = scan_body(["See [@Self]."], "docs/t.md")
    object.__setattr__(loop, "works", {"Self": read_bibliography("@book{Self, title={T}}", "b")[0].works["Self"]})
    resolved = resolve([PageCitations("t/", "T", body)], loop, STYLE, None)
    assert [str(d) for d in resolved.diagnostics] == [
        "bibliography.bib:1:1: ED604 pandoc could not format the bibliography: pandoc was stopped after 2 s; an "
        "entry may make it loop. Fix: check the entry pandoc names, or the style file"]
    assert pandoc_children(os.getpid()) == []  # killed, not left running


def test_pandoc_is_stopped_at_its_memory_limit(monkeypatch) -> None:
    monkeypatch.setattr(citeproc, "MEMORY", 300 << 20)
    with pytest.raises(citeproc.CiteprocError, match=r"pandoc was stopped at its memory limit \(300 MB\)"):
        csl_json(LOOP)


def test_pandoc_dies_with_the_build() -> None:
    """A build killed (Ctrl-C twice, a CI timeout) left pandoc running on."""
    build = subprocess.Popen([sys.executable, "-c", f"from edition.citeproc import csl_json; csl_json({LOOP!r})"])
    try:
        for _ in range(100):
            if children := pandoc_children(build.pid):
                break
            time.sleep(0.1)
        assert children, "pandoc never started"
        build.kill()
        build.wait()
        for _ in range(50):
            if not Path(f"/proc/{children[0]}").exists() or "Z" in Path(f"/proc/{children[0]}/stat").read_text():
                break
            time.sleep(0.1)
        else:
            os.kill(children[0], signal.SIGKILL)
            pytest.fail("pandoc outlived the build")
    finally:
        build.kill()


# 2. @string expansion.

def test_doubling_strings_are_stopped_at_the_string_that_grows_too_long() -> None:
    text = ("@string{s0 = {ab}}\n" + "".join(f"@string{{s{i} = s{i - 1} # s{i - 1}}}\n" for i in range(1, 23))
            + "@book{Bomb, title = s22}\n@book{Fine, title = {Fine}, year = 2000}\n")
    started = time.monotonic()
    bib, found = read_bibliography(text, "bibliography.bib")
    assert [str(d) for d in found] == [
        "bibliography.bib:16:9: ED609 the @string 's15' expands to 131,072 characters (at most 100,000). Fix: "
        "write its text out once; a @string built by doubling others is left out, with the entries that use it",
        "bibliography.bib:24:13: ED609 the field 'title' uses the @string 's22', which is too long. Fix: shorten "
        "'s22' (reported at its line); the entry 'Bomb' is left out until then",
    ]
    assert [item["id"] for item in csl_json(bib.readable)] == ["Fine"]
    assert time.monotonic() - started < 5  # 22 s before


# 3. Dates.

DATES = """\
@book{Cop, title = {Cop}, year = {cop. 2002}}
@book{Slash, title = {Slash}, year = {2005/1}}
@book{Nodate, title = {Nodate}, year = {\\bibstring{nodate}}}
@book{Autocap, title = {Autocap}, year = {\\autocap{f}orthcoming}}
@book{Month, title = {Month}, date = {2005-03}}
@book{Day, title = {Day}, date = {2005-03-04}}
@book{Range, title = {Range}, date = {1984/1986}}
@book{Open, title = {Open}, date = {1990/}}
@book{Uncertain, title = {Uncertain}, date = {1723?}}
@book{Circa, title = {Circa}, date = {1723~}}
@book{Both, title = {Both}, date = {1723%}}
"""


def test_a_year_in_words_and_every_date_biblatex_allows_is_formatted() -> None:
    entries, found, notes = formatted(DATES, "See [@Cop]; [@Nodate].")
    assert found == []
    assert entries == {
        "Autocap": "Autocap. forthcoming.", "Both": "Both. 1723.", "Circa": "Circa. [1723?].",
        "Cop": "Cop. cop. 2002.", "Day": "Day. 2005.", "Month": "Month. 2005.", "Nodate": "Nodate. n.d.",
        "Open": "Open. 1990–.", "Range": "Range. 1984–1986.", "Slash": "Slash. 2005/1.", "Uncertain": "Uncertain. 1723."}
    assert notes == ["Cop (cop. 2002).", "Nodate (n.d.)."]


def test_a_year_pandoc_cannot_read_no_longer_stops_the_build(mini_site) -> None:
    build = mini_site({"index.md": "# Home\n\nSee [@Cop]; [@Nodate]; [@Berton1993].\n"}, bib=MINI_BIB + DATES)
    assert "Traceback" not in build.log
    assert build.returncode == 0, build.log
    page = BeautifulSoup((build.site / "bibliography" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert " ".join(page.select_one("#Cop .csl-entry").get_text().split()) == "Cop. cop. 2002."


def test_a_date_pandoc_would_drop_is_reported_at_its_field() -> None:
    found = messages("@book{A, title = {T},\n  date = {cop. 2002}}\n@book{B, date = {199X}}\n"
                     "@book{C, date = {1990/..}}\n@book{D, year = {\\mkbibdate{1990}}}\n")
    assert [m for m in found if " ED610 " in m] == [
        "bibliography.bib:2:3: ED610 the date 'cop. 2002' is not one biblatex or pandoc can read, and would be "
        "dropped. Fix: write it as YYYY, YYYY-MM or YYYY-MM-DD, a range 'YYYY/YYYY', or put words in 'year', "
        "e.g. 'year = {cop. 2002}'",
        "bibliography.bib:3:10: ED610 the date '199X' has unspecified digits, which pandoc drops. Fix: write the "
        "range it stands for, e.g. '1990/1999' for '199X'",
        "bibliography.bib:4:10: ED610 the date '1990/..' is open with '..', which pandoc drops. Fix: leave the "
        "open side empty, e.g. '1990/' or '/1995'",
        "bibliography.bib:5:10: ED610 the year '\\mkbibdate{1990}' has LaTeX that pandoc cannot read, and would "
        "be dropped. Fix: write the year in plain text, e.g. 'year = {2002}' or 'year = {cop. 2002}'",
    ]


# 4. Real bibliographies.

def test_one_bad_entry_is_left_out_at_its_true_line_and_the_rest_formatted() -> None:
    """A backslash at a line's end ('\\\\') put every later line one too early."""
    text = ("@book{Poem, title = {First line \\\\\n second line \\\\\n third}, year = 1990}\n\n"
            "@book{Bad, title = {Bad}\n  year = 1991}\n\n"
            "@book{After, title = {After}, year = 1992, publisher = Nowhere}\n")
    entries, found, notes = formatted(text, "See [@Poem]; [@After]; [@Bad].")
    assert found == [
        "bibliography.bib:6:3: ED600 a comma is missing after the value of 'title', so this line was read as "
        "part of it. Fix: end line 5 with ','",
        "bibliography.bib:8:44: ED605 the field 'publisher' uses 'Nowhere', which no @string defines. Fix: put "
        "the text in braces, 'publisher = {Nowhere}', or define it: '@string{Nowhere = {…}}'",
    ]
    assert sorted(entries) == ["After", "Poem"]
    assert notes[0].startswith("First Line")


def test_the_bibliography_page_lists_the_rest_when_one_entry_is_bad(mini_site) -> None:
    bad = "@book{Bad, title = {Bad}\n  year = 1991}\n"
    build = mini_site({"index.md": "# Home\n\nSee [@Berton1993, 60].\n"}, bib=MINI_BIB + "\n" + bad)
    assert build.returncode == 1
    assert "bibliography.bib:11:3: ED600 a comma is missing after the value of 'title'" in build.log
    page = BeautifulSoup((build.site / "bibliography" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [li["id"] for li in page.select("li.bib-entry")] == ["Berton1993"]
    home = (build.site / "index.html").read_text(encoding="utf-8")
    assert "Peter Berton" in home  # the citation formatted, not left as '@Berton1993'


def test_comments_duplicates_xdata_comment_and_preamble_are_read_as_pandoc_and_biber_read_them() -> None:
    text = """\
%@string{pub = {Commented Out}}
@comment{jabref-meta: databaseType:biblatex; @book{Hidden, title = {Hidden}}}
@preamble{"\\newcommand{\\noopsort}[1]{}"}
@xdata{Mouton, publisher = {Mouton}, location = {The Hague}}
@book{A,
  % title = {An old title},
  title = {The first},
  title = {The second},
  xdata = {Mouton},
  note = {50% new},
  url = {https://example.org/a%20b},
  year = 1964,
}
@book{B, title = {B}, publisher = pub, year = 1965}
"""
    entries, found, _ = formatted(text)
    assert found == [
        "bibliography.bib:8:3: ED611 the field 'title' is given twice in 'A' (first at line 7); biber keeps the "
        "first, pandoc the last. Fix: delete one of them; until then the first, '{The first}', is used",
        "bibliography.bib:10:13: ED612 a '%' in the field 'note' begins a comment, and the rest of the line is "
        "lost. Fix: write '\\%' for a percent sign",
        "bibliography.bib:14:23: ED605 the field 'publisher' uses 'pub', which no @string defines. Fix: put the "
        "text in braces, 'publisher = {pub}', or define it: '@string{pub = {…}}'",
    ]
    assert entries["A"] == "The First. Mouton, 1964. https://example.org/a%20b."
    assert sorted(entries) == ["A", "B"]
    item = csl_json(read_bibliography(text, "bibliography.bib")[0].readable)[0]
    assert (item["title"], item["note"]) == ("The first", "50% new")  # the '%' given to pandoc as '\\%'


def test_a_latex_command_is_reported_only_where_its_text_is_lost() -> None:
    text = ("@book{A, title = {On \\emph{Lenin} and \\foreignlanguage{german}{Wort} \\mkbibquote{Q}},\n"
            "  indextitle = {\\sortcmd{Hidden}}, note = {\\bibstring{and} \\lostcmd{Lost}}, year = 2000}\n")
    _, found, _ = formatted(text)
    assert found == [
        "bibliography.bib:2:36: ED607 pandoc does not know the LaTeX command '\\lostcmd' and would drop 'Lost' "
        "with it. Fix: write the text without the command, or use one pandoc knows, such as \\emph, \\textit, "
        "\\textbf, \\textsc or \\url"]


def test_punctuation_commands_babel_shorthands_and_braced_lowercase_are_printed_as_meant() -> None:
    text = ("@book{A, title = {Sizes of 5 {nm} in the Ost\"=West <<Handel>>\\adddot{} Part two},\n"
            "  langid = {english}, year = 2000}\n")
    entries, found, _ = formatted(text)
    assert found == []
    assert entries["A"] == "Sizes of 5 nm in the Ost-West «Handel». Part Two. 2000."


def test_private_use_characters_of_a_font_are_kept_and_the_edition_s_own_reported() -> None:
    entries, found, _ = formatted("@book{A, title = {Ligature \ue8b3 kept}, year = 2000}\n"
                                  "@book{B, title = {Tag \U00100001}, year = 2000}\n")
    assert entries["A"] == "Ligature \ue8b3 Kept. 2000."
    assert found == [
        "bibliography.bib:2:23: ED614 the character U+100001 is reserved by the edition (it marks the copies of "
        "works pandoc formats) and would be removed from the page. Fix: write the character the source has; a "
        "private-use character of the font you use is kept if it is in the basic plane (U+E000–U+F8FF)"]


def test_a_work_known_only_by_description_must_be_given_a_title() -> None:
    entries, found, _ = formatted("@misc{Leaflet1938, date = {1938-08-01}, pages = {2}}\n"
                                  "@article{Named, journaltitle = {Pravda}, title = {[Unsigned article]}, "
                                  "date = {1938-08-01}}\n"
                                  "@article{InPravda, journaltitle = {Pravda}, date = {1938-08-01}}\n")
    assert found == [
        "bibliography.bib:1:1: ED615 the entry 'Leaflet1938' has neither an author nor a title (nor the title of a "
        "periodical or book that holds it), so its citations "
        "would show its key, and its bibliography entry only its date. Fix: give it a title — for a work known "
        "only by description, the description in brackets, e.g. 'title = {[Unsigned article on the Far Eastern "
        "Army]}' — or a short title ('shorttitle')"]
    assert entries["Named"].startswith("“[Unsigned Article].” Pravda")
    assert entries["InPravda"].startswith("Pravda")  # cited by the newspaper that holds it


def test_a_key_that_only_looks_like_another_is_reported_and_left_out() -> None:
    impostor = "@book{Bеrton1993, title = {The Impostor}, year = 2020}\n"  # a Cyrillic 'е'
    entries, found, notes = formatted(MINI_BIB + impostor, "See [@Berton1993, 72].")
    assert found == [
        "bibliography.bib:9:1: ED613 the key 'Bеrton1993' has letters that are not ASCII, 'е' (cyrillic small "
        "letter ie), so a citation that looks the same may name another work. Fix: write the key in ASCII "
        "letters and digits, e.g. 'Berton1993'; the entry is not in the bibliography until it is fixed"]
    assert sorted(entries) == ["Berton1993"]
    assert notes[0].startswith("Peter Berton")


# 5. biblatex's own examples.

def test_biblatex_s_own_examples_build_whole(mini_site) -> None:
    assert EXAMPLES.exists(), "needs Debian's texlive-bibtex-extra: run 'make bibtex-examples' (make test does)"
    examples = EXAMPLES.read_text(encoding="utf-8")
    build = mini_site({"index.md": "# Home\n\nSee [@westfahl:space, 60]; [@murray]; [@knuth:ct:a].\n"},
                      bib=MINI_BIB + "\n" + examples)
    assert build.returncode == 0, build.log
    assert build.warnings() == []
    page = BeautifulSoup((build.site / "bibliography" / "index.html").read_text(encoding="utf-8"), "html.parser")
    listed = {li["id"]: " ".join(li.select_one(".csl-entry").get_text().split()) for li in page.select("li.bib-entry")}
    works, _ = read_bibliography(examples, "biblatex-examples.bib")
    # Every entry but the two @set, which group entries listed each on their own.
    assert set(listed) == set(works.works) | {"Berton1993"} and len(listed) == 91
    assert {"set", "stdmodel"} & set(listed) == set()
    assert "Core Diameters from 1.5 to 5.2 nm: Core" in listed["murray"]  # '{nm}' kept lower case
    assert listed["westfahl:space"].startswith("Westfahl, Gary. “The True Frontier: Confronting and Avoiding")
    assert listed["jaffe"].endswith("Leipzig, 1885–1888.")
