"""The bad-input corpus: what contributors get wrong, file by file.

Each case is one mistake in an otherwise correct miniature edition, checked by
`edition check` as a contributor runs it: a non-zero exit, no traceback, and
every problem on a line `file:line:col: CODE message. Fix: hint`, the one
expected among them at its place.  The exact wording of every code is tested
in test_diagnostics.py and beside each feature; here the point is that no
input, however broken, escapes that form.  The encodings also fail the strict
build (tests at the end).
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from edition.cli import main

from .conftest import (
    FRONT_MATTER,
    MINI_BIB,
    MINI_CHANGELOG,
    MINI_CONFIG,
    run_mkdocs,
)

DOC = "docs/texts/t.md"
BODY = "::text lines\n::page 1\nA line of the source.[^1]\n\n[^1]: Its note.\n"
BODY_AT = FRONT_MATTER.count("\n") + 1  # the file line of the body's first line
REGISTER = ("- id: blyukher\n  type: person\n  name: Vasily Blyukher\n  variants: [Blukher, Блюхер]\n"
            "  description: Marshal.\n  source: Parkhitko 2025, ¶ 24\n")
CONFIG = MINI_CONFIG.format(anchors="false", published="false")
REPORTED = re.compile(r"(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>ED\d{3}) \S.*\. Fix: \S.*")


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # relative to the edition's folder
    content: bytes
    expected: str  # "line:col: CODE"


def doc(body: str, front: str = FRONT_MATTER) -> bytes:
    return (front + body).encode()


def fields(old: str, new: str) -> bytes:
    assert old in FRONT_MATTER
    return doc(BODY, FRONT_MATTER.replace(old, new))


def body(name: str, text: str, line: int, col: int, code: str) -> Case:
    """A case in the transcription; `line` counts from the body's first line."""
    return Case(name, DOC, doc(text), f"{BODY_AT + line - 1}:{col}: {code}")


def bib(name: str, text: str, expected: str) -> Case:
    return Case(name, "bibliography.bib", text.encode(), expected)


def register(name: str, text: str, expected: str) -> Case:
    return Case(name, "register.yml", text.encode(), expected)


CASES = [
    # encodings
    Case("invalid UTF-8 (Latin-1)", DOC, doc("::text lines\n::page 1\nBlücher.\n").replace("ü".encode(), b"\xfc"),
         f"{BODY_AT + 2}:3: ED001"),
    Case("invalid UTF-8 (a lone continuation byte)", DOC, b"\x80" + doc(BODY), "1:1: ED001"),
    Case("a UTF-16 file", DOC, doc(BODY).decode().encode("utf-16"), "1:1: ED001"),
    Case("byte-order mark", DOC, b"\xef\xbb\xbf" + doc(BODY), "1:1: ED002"),
    Case("CR LF line ends", DOC, doc(BODY).replace(b"\n", b"\r\n"), "1:4: ED003"),
    Case("CR line ends (old Mac)", DOC, doc(BODY).replace(b"\n", b"\r"), "1:4: ED003"),
    Case("decomposed letter (NFD)", DOC, doc(BODY.replace("A line", unicodedata.normalize("NFD", "Blücher's line"))),
         f"{BODY_AT + 2}:3: ED004"),
    Case("a form feed from a PDF", DOC, doc(BODY.replace("A line", "A\x0cline")), f"{BODY_AT + 2}:2: ED007"),
    Case("a line separator (U+2028)", DOC, doc(BODY.replace("A line", "A\u2028line")), f"{BODY_AT + 2}:2: ED007"),
    body("a tab in the transcription", "::text lines\n::page 1\nA\tline.\n", 3, 2, "ED007"),
    Case("a 10 MB source", DOC, doc(BODY + "A line of the source.\n" * 480_000), "1:1: ED005"),
    Case("empty document", DOC, b"", "1:1: ED100"),
    Case("only blank lines", DOC, b"\n\n\n", "1:1: ED100"),
    Case("invalid UTF-8 in the bibliography", "bibliography.bib", MINI_BIB.replace("Peter", "P\xe9ter").encode("latin-1"),
         "2:22: ED001"),
    Case("byte-order mark in the register", "register.yml", b"\xef\xbb\xbf" + REGISTER.encode(), "1:1: ED002"),
    Case("CR LF in the bibliography", "bibliography.bib", MINI_BIB.replace("\n", "\r\n").encode(), "1:21: ED003"),
    Case("decomposed letter in the register", "register.yml",
         REGISTER.replace("Blyukher\n", unicodedata.normalize("NFD", "Blyukher (Блюхер, Blücher)\n"), 1).encode(),
         "3:36: ED004"),
    # script (see edition.safety)
    body("a javascript: link", "::text lines\n::page 1\nA [line](javascript:alert(1)).\n", 3, 10, "ED010"),
    body("an obfuscated javascript: link", "::text lines\n::page 1\nA [line](JaVa&#x09;Script&#58;alert(1)).\n",
         3, 10, "ED010"),
    body("a data: image", "::text lines\n::page 1\nA line.\n\n![x](data:text/html;base64,PHNjcmlwdD4=)\n",
         5, 6, "ED010"),
    body("a javascript: link definition", "::text lines\n::page 1\nA [line][x].\n\n[x]: javascript:alert(1)\n",
         5, 6, "ED010"),
    body("a javascript: link's address on its next line", "::text lines\n::page 1\nA [line](\n javascript:alert(1)).\n",
         4, 2, "ED010"),
    body("a javascript: link definition's address on its next line",
         "::text lines\n::page 1\nA [line][x].\n\n[x]:\n  javascript:alert(1)\n", 6, 3, "ED010"),
    body("an event handler", "::text lines\n::page 1\nA line.\n{: onmouseover=\"alert(1)\"}\n", 4, 4, "ED011"),
    # front matter
    Case("no front matter", DOC, BODY.encode(), "1:1: ED100"),
    Case("front matter never closed", DOC, doc(BODY, FRONT_MATTER.removesuffix("---\n")).removesuffix(b""),
         "1:1: ED101"),
    Case("unquoted colon", DOC, fields("title: A test document", "title: Lake Hassan: a history"), "2:19: ED101"),
    Case("a tab in the YAML", DOC, fields("  type: book", "\ttype: book"), "4:1: ED101"),
    Case("a field twice", DOC, fields("witness:", "title: Again\nwitness:"), "9:1: ED101"),
    Case("required field missing", DOC, fields("witness: the test's own text\n", ""), "2:1: ED102"),
    Case("a list written as text", DOC, fields("editors: [The tests]", "editors: The tests"), "10:10: ED103"),
    Case("unknown source type", DOC, fields("type: book", "type: novel"), "4:9: ED103"),
    Case("misspelt field", DOC, fields("witness:", "witnes:"), "9:1: ED104"),
    Case("date in words", DOC, fields('date: "2016"', "date: 21 May 2025"), "7:9: ED105"),
    Case("impossible date", DOC, fields("transcribed: 2026-11-21", "transcribed: 2026-02-30"), "11:14: ED105"),
    Case("a YAML tag", DOC, fields("title: A test document", "title: !!python/object:os.system x"), "2:8: ED103"),
    Case("'unverified' names a missing field", DOC,
         fields("transcribed: 2026-11-21\n", "transcribed: 2026-11-21\nunverified:\n  source.publisher: one record\n"),
         "13:3: ED106"),
    Case("a search weight out of range", DOC,
         fields("transcribed: 2026-11-21\n", "transcribed: 2026-11-21\nsearch:\n  weight: 20\n"), "13:11: ED103"),
    Case("Material's search.boost, which Pagefind does not read", "docs/index.md",
         b"---\nsearch:\n  boost: 2\n---\n# Home\n", "3:3: ED104"),
    Case("a search weight in words, on a page that is not a document", "docs/index.md",
         b"---\nsearch:\n  weight: high\n---\n# Home\n", "3:11: ED103"),
    Case("a javascript: address as the source's", DOC,
         fields("  language: en\n", "  language: en\n  url: javascript:alert(1)\n"), "9:8: ED010"),
    Case("a correction dated before the transcription", DOC,
         fields("transcribed: 2026-11-21\n", "transcribed: 2026-11-21\ncorrections:\n  - date: 2026-11-02\n"
                "    what: p. 1, l. 1\n    why: a typo\n    by: '#3'\n"), "13:11: ED105"),
    Case("a correction dated the month before the transcription", DOC,
         fields("transcribed: 2026-11-21\n", "transcribed: 2026-11-21\ncorrections:\n  - date: 2026-10\n"
                "    what: p. 1, l. 1\n    why: a typo\n    by: '#3'\n"), "13:11: ED105"),
    Case("a YAML tag on a date", DOC,
         fields("transcribed: 2026-11-21", "transcribed: !!python/object/apply:os.system [x]"), "11:14: ED103"),
    Case("a language named, not tagged", DOC, fields("  language: en\n", "  language: English\n"), "8:13: ED103"),
    Case("a locale for a language tag", DOC, fields("  language: en\n", "  language: en_US\n"), "8:13: ED103"),
    Case("an address without its scheme", DOC,
         fields("  language: en\n", "  language: en\n  url: www.example.org\n"), "9:8: ED103"),
    # notes
    body("a note marker without its note", "::text lines\n::page 1\nA word.[^20]\n", 3, 8, "ED200"),
    body("a note without its marker", "::text lines\n::page 1\nA word.\n\n[^3]: A note.\n", 5, 1, "ED201"),
    body("a note defined twice", "::text lines\n::page 1\nA word.[^3]\n\n[^3]: A note.\n[^3]: Another.\n", 6, 1, "ED202"),
    body("an author's note marked twice", "::text lines\n::page 1\nA word.[^1]\nAgain.[^1]\n\n[^1]: A note.\n", 4, 7, "ED204"),
    # pages and lines
    body("pages out of order", "::text lines\n::page 2\nA line.\n::page 1\nA line.\n", 4, 1, "ED300"),
    body("a page without its number", "::text lines\n::page\nA line.\n", 2, 1, "ED301"),
    body("a line before the first page", "::text lines\nA line before any page.\n::page 1\nA line.\n", 2, 1, "ED302"),
    body("a page break in paragraphs", "::text paragraphs\n::page 1\nA paragraph.\n", 2, 1, "ED303"),
    # directives and structure
    body("a misspelt directive", "::text lines\n::pgae 1\nA line.\n", 2, 1, "ED400"),
    body("::text twice", "::text lines\n::text lines\n::page 1\nA line.\n", 2, 1, "ED402"),
    body("a code block in the transcription", "::text lines\n::page 1\n```\ncode\n```\n", 3, 1, "ED403"),
    Case("no ::text", DOC, doc("An introduction only.\n"), f"{BODY_AT}:1: ED404"),
    body("a note linked to the same work twice",
         "::text lines\n::page 1\nA line.[^1]\n\n[^1]: A note.\n::cites 1 [@Berton1993, 5]\n::cites 1 [@Berton1993, 5]\n",
         7, 1, "ED401"),
    # the apparatus
    body("an unclosed mark", "::text lines\n::page 1\nA {sic: sough -> sought word.\n", 3, 3, "ED500"),
    body("an unknown kind of change", "::text lines\n::page 1\nA {typo: sough -> sought} word.\n", 3, 3, "ED501"),
    body("a sic without its reading", "::text lines\n::page 1\nA {sic: sought} word.\n", 3, 3, "ED502"),
    body("an emendation that changes nothing", "::text lines\n::page 1\nA {sic: sought -> sought} word.\n", 3, 3, "ED503"),
    # citations and the bibliography
    body("a citation of a missing key", "::text lines\n::page 1\nA line.[^1]\n\n[^1]: A note.\n::cites 1 [@Nobody2020, 5]\n", 6, 3, "ED602"),
    body("two works in one part of a citation (':' for ';')",
         "As [@Meijer1964, 622–23: @Berton1993] says.\n\n::text lines\n::page 1\nA line.\n", 1, 4, "ED603"),
    body("a citation never closed", "As shown [@Berton1993, 72\n\n::text lines\n::page 1\nA line.\n", 1, 10, "ED603"),
    bib("an entry that cannot be read", MINI_BIB + "@book{Broken,\n  title = {Unclosed\n", "9:1: ED600"),
    bib("a key twice", MINI_BIB + "\n" + MINI_BIB, "10:1: ED601"),
    bib("an undefined @string", "@article{A1,\n  title = {T},\n  journal = ASIJ,\n  date = {1993},\n}\n",
        "3:3: ED605"),
    bib("a crossref to nothing", "@incollection{A1,\n  title = {T},\n  crossref = {Nowhere},\n}\n", "3:3: ED606"),
    # the register
    register("not YAML", "- id: blyukher\n  variants: [Blukher\n", "3:1: ED700"),
    register("not a list", "id: blyukher\n", "1:1: ED700"),
    register("an entry without its source", REGISTER.replace("  source: Parkhitko 2025, ¶ 24\n", ""),
             "1:3: ED701"),
    register("an unknown type", REGISTER.replace("type: person", "type: lake"), "2:9: ED702"),
    register("an id twice", REGISTER + REGISTER, "7:3: ED703"),
    register("a malformed Wikidata ID", REGISTER + "  wikidata: '12345'\n", "7:13: ED704"),
    body("a mention of a missing entry", "::text lines\n::page 1\nA line about [Blukher]{@blyuker}.\n", 3, 14, "ED706"),
    body("Julian and Gregorian days that are not the same day",
         "::text lines\n::page 1\nOn [8 (21) December 1917]{date 1917-12-21 julian 1917-12-30}.\n", 3, 4, "ED707"),
    body("a space between a mention's words and its id", "::text lines\n::page 1\nA line about [Blukher] {@blyukher}.\n",
         3, 24, "ED707"),
    body("an impossible date in the text", "::text lines\n::page 1\nA line of [May 1938]{date 1938-13}.\n", 3, 11, "ED707"),
]


def write_edition(folder: Path, case: Case | None) -> None:
    """The miniature edition, correct but for the case's file."""
    files = {"mkdocs.yml": CONFIG.encode(), "changelog.md": MINI_CHANGELOG.encode(), "bibliography.bib": MINI_BIB.encode(),
             "register.yml": REGISTER.encode(), "docs/index.md": b"# Home\n", DOC: doc(BODY)}
    if case is not None:
        files[case.file] = case.content
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)


def test_the_corpus_is_large_and_covers_every_kind_of_file() -> None:
    assert len(CASES) >= 40
    assert {case.file for case in CASES} == {DOC, "docs/index.md", "bibliography.bib", "register.yml"}
    assert len({case.name for case in CASES}) == len(CASES)


def test_the_miniature_edition_is_correct_without_the_mistake(capsys, tmp_path: Path) -> None:
    write_edition(tmp_path, None)
    assert main(["-C", str(tmp_path), "check"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_mistake_is_reported_at_its_place_with_a_fix(capsys, tmp_path: Path, case: Case) -> None:
    write_edition(tmp_path, case)
    code = main(["-C", str(tmp_path), "check"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    lines = out.splitlines()
    assert lines and [line for line in lines if not REPORTED.fullmatch(line)] == []
    assert any(line.startswith(f"{case.file}:{case.expected} ") for line in lines), out


# The witness's file a document names (`witness_file`, on the line after 'transcribed'), which `edition
# check` reads at every run: each case is the value, what stands at WITNESS (bytes, or a function that
# puts it there; None: nothing) and the one problem reported, at the value.
WITNESS = "witnesses/t.txt"
WITNESS_AT = "12:15"  # the value's place in the document


def witness_file(value: str) -> bytes:
    return fields("transcribed: 2026-11-21\n", f"transcribed: 2026-11-21\nwitness_file: {value}\n")


def link_out(folder: Path) -> None:
    (folder.parent / "elsewhere.txt").write_text("A line of the source.\n", encoding="utf-8")
    (folder / WITNESS).symlink_to(folder.parent / "elsewhere.txt")


# Until edition.diagnostics lists ED107–ED109 (and the reading of the edition asks frontmatter.witness_file).
LATIN_1 = "A line of the source.\nBlücher.\n".encode("latin-1")
WITNESS_CASES = [
    pytest.param("/etc/hostname", None, "ED107", id="a witness file by an absolute path"),
    pytest.param("../witnesses/t.txt", None, "ED107", id="a witness file above the edition's folder"),
    pytest.param(WITNESS, link_out, "ED107", id="a witness file that is a link to a file elsewhere"),
    pytest.param(WITNESS, None, "ED108", id="a witness file that is not there"),
    pytest.param("witnesses", None, "ED108", id="a witness file that is a folder"),
    pytest.param(WITNESS, LATIN_1, "ED109", id="a witness file in Latin-1"),
    pytest.param(WITNESS, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "ED109", id="a PDF named as the witness file"),
    pytest.param(f"[{WITNESS}]", b"A line of the source.\n", "ED103", id="a witness file given as a list"),
]


@pytest.mark.parametrize("value, witness, code", WITNESS_CASES)
def test_a_mistake_in_the_witness_file_is_reported_at_its_name_with_a_fix(capsys, tmp_path: Path, value: str,
                                                                            witness, code: str) -> None:
    folder = tmp_path / "edition"
    write_edition(folder, Case(code, DOC, witness_file(value), ""))
    (folder / "witnesses").mkdir()
    if isinstance(witness, bytes):
        (folder / WITNESS).write_bytes(witness)
    elif witness is not None:
        witness(folder)
    result = main(["-C", str(folder), "check"])
    out, err = capsys.readouterr()
    assert result == 1
    assert "Traceback" not in out + err
    lines = out.splitlines()
    assert lines and [line for line in lines if not REPORTED.fullmatch(line)] == []
    assert [line for line in lines if line.startswith(f"{DOC}:{WITNESS_AT}: {code} ")] == lines, out


def test_a_witness_file_inside_the_edition_checks_clean(capsys, tmp_path: Path) -> None:
    write_edition(tmp_path, Case("a witness file", DOC, witness_file(WITNESS), ""))
    (tmp_path / "witnesses").mkdir()
    (tmp_path / WITNESS).write_text("A line of the source.\n\n1 Its note.\n", encoding="utf-8")
    assert main(["-C", str(tmp_path), "check"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("name", ["invalid UTF-8 (Latin-1)", "a 10 MB source", "byte-order mark", "not YAML"])
def test_the_installed_command_exits_non_zero_without_a_traceback(tmp_path: Path, name: str) -> None:
    case = next(c for c in CASES if c.name == name)
    write_edition(tmp_path, case)
    done = subprocess.run([Path(sys.executable).parent / "edition", "check"], cwd=tmp_path, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout.startswith(f"{case.file}:{case.expected} ")


ENCODINGS = ["invalid UTF-8 (Latin-1)", "byte-order mark", "CR LF line ends", "decomposed letter (NFD)", "a 10 MB source",
             "invalid UTF-8 in the bibliography"]


def test_a_strict_build_fails_on_every_encoding_problem_and_names_its_place(tmp_path: Path) -> None:
    write_edition(tmp_path, None)
    for i, name in enumerate(ENCODINGS):  # one build: each problem in a file of its own
        case = next(c for c in CASES if c.name == name)
        path = tmp_path / (case.file.replace("t.md", f"t{i}.md") if case.file == DOC else case.file)
        path.write_bytes(case.content)
    build = run_mkdocs(tmp_path, tmp_path / "site")
    assert build.returncode == 1
    assert "Traceback" not in build.log
    for i, name in enumerate(ENCODINGS):
        case = next(c for c in CASES if c.name == name)
        file = case.file.replace("t.md", f"t{i}.md")
        assert f"{file}:{case.expected} " in build.log, build.log
