"""The markup, read into the model: what each construct means, as a table."""

from __future__ import annotations

import json

import pytest

from edition import cache
from edition.apparatus import read_mark
from edition.markup import scan_body
from edition.model import (
    Annotation,
    Block,
    CitationUse,
    Emendation,
    Hyphen,
    Line,
    Milestone,
    NoteLine,
    NoteRef,
    PageRef,
    Role,
    Series,
)


def scan(text: str):
    body, diagnostics = scan_body(text.split("\n"), "t.md")
    assert diagnostics == []
    return body


def anchors(text: str) -> list[str]:
    body = scan(text)
    return [item.anchor for line in body.lines for item in line.items
            if isinstance(item, (Line, NoteLine, Block, Milestone, Emendation)) and item.anchor]


@pytest.mark.parametrize("text, expected", [
    # printed lines are numbered within their page
    ("::text lines\n::page 131\none\ntwo\n::page 132\nthree",
     ["text", "p131", "p131.l1", "p131.l2", "p132", "p132.l1"]),
    # roman page numbers
    ("::text lines\n::page xv\none", ["text", "pxv", "pxv.l1"]),
    # a blank line or a quotation marker alone is no printed line
    ("::text lines\n::page 5\none\n\n> two\n>\n> three", ["text", "p5", "p5.l1", "p5.l2", "p5.l3"]),
    # headings and list items of a printed page are printed lines too
    ("::text lines\n::page 5\n# Title\n- item", ["text", "p5", "p5.l1", "p5.l2"]),
    # furniture is counted per page
    ("::text lines\n::page 5\n::furniture running head: A\none\n::page 6\n::furniture running head: B",
     ["text", "p5", "p5.fw1", "p5.l1", "p6", "p6.fw1"]),
    # note lines after the first are addressable; the first is the note itself
    ("::text lines\n::page 5\nx[^17]\n\n[^17]: first\nsecond", ["text", "p5", "p5.l1", "n17.l2"]),
    # born-digital: paragraphs and headings numbered apart; every list item is a paragraph
    ("::text paragraphs\n\n# Title\n\nOne\ngoes on.\n\n- a\n- b\n\n## Part\nTwo",
     ["text", "h1", "para1", "para2", "para3", "h2", "para4"]),
    # figures, datelines, bylines
    ("::text paragraphs\n::dateline May 21\n::figure A map.\n::figure\n::byline Me",
     ["text", "dateline", "fig1", "fig2", "byline"]),
])
def test_anchors_come_from_the_sources_coordinates(text: str, expected: list[str]) -> None:
    assert anchors(text) == expected


@pytest.mark.parametrize("lines, joined, hyphens", [
    (["ar-", "rested"], [False, True], 1),           # line-end hyphenation: one word
    (["Russo\\-", "Japanese"], [False, True], 0),    # a real hyphen at the line end
    (["pre- and", "post-war"], [False, False], 0),   # a hyphen inside the line
    (["a dash --", "next"], [False, False], 0),      # a typed dash is not a hyphen
    (["accom-", "::page 2", "modate"], [False, True], 1),  # a word runs on over a page break
])
def test_line_ends(lines: list[str], joined: list[bool], hyphens: int) -> None:
    body = scan("::text lines\n::page 1\n" + "\n".join(lines))
    assert [line.joined for line in body.printed_lines] == joined
    assert sum(isinstance(i, Hyphen) for line in body.lines for i in line.items) == hyphens


def test_a_word_split_in_a_note_is_joined_there() -> None:
    body = scan("::text lines\n::page 1\nx[^9]\n\n[^9]: Wash-\nington")
    note_lines = [i for line in body.lines for i in line.items if isinstance(i, NoteLine)]
    assert [(n.anchor, n.joined) for n in note_lines] == [("n9.l2", True)]


def test_notes_keep_printed_labels_and_editorial_notes_are_lettered_by_first_reference() -> None:
    body = scan("Intro.[^ed-second]\n::text lines\n::page 131\nA[^14] B[^ed-first] C[^15]\n\n"
                "[^ed-first]: one\n[^14]: n\n[^15]: m\n[^ed-second]: two")
    shown = {n.label: (n.series, n.display, n.page) for n in body.notes.values()}
    assert shown == {
        "14": (Series.AUTHOR, "14", "131"),
        "15": (Series.AUTHOR, "15", "131"),
        "ed-second": (Series.EDITORIAL, "a", None),  # met first, in the introduction
        "ed-first": (Series.EDITORIAL, "b", None),
    }


def test_every_item_knows_its_file_line_and_column() -> None:
    body = scan("::text lines\n::page 131\n> Quoted line[^4]\n\n[^4]: note\nmore")
    line = body.printed_lines[0]
    assert (line.loc.line, line.loc.col) == (3, 3)  # after the '> '
    assert str(body.pages[0].loc) == "t.md:2:1"
    assert str(body.notes["4"].loc) == "t.md:5:1"


def test_directive_text_is_kept_verbatim() -> None:
    body = scan("::text paragraphs\n::furniture comment count: 31\n::figure Map. *Image*: Image.")
    furniture, figure = body.milestones[1:]
    assert (furniture.label, furniture.text) == ("comment count", "31")
    assert figure.text == "Map. *Image*: Image."
    assert isinstance(furniture, Milestone) and isinstance(body.lines[1].items[0], Milestone)


def test_editorial_prose_has_no_text_items() -> None:
    body = scan("# Introduction\n\nSome prose-\nwith a hyphen.\n\n    code")
    assert body.layout is None
    assert not any(isinstance(i, (Line, Block)) for line in body.lines for i in line.items)


def test_note_definitions_in_fenced_code_are_not_notes() -> None:
    body = scan("```\n[^1]: not a note\n```")
    assert body.notes == {}


def marks(text: str) -> list[tuple[str, str, str, str, str]]:
    """(anchor, place, kind, lemma, variant) of every apparatus entry, in order."""
    return [(e.anchor, e.place, e.kind, e.lemma, e.variant) for e in scan(text).apparatus]


@pytest.mark.parametrize("line, entry", [
    ("the {ligature: rst -> first} such", ("ligature", "first", "rst")),
    ("Moscow also {sic: sough -> sought | the print has it} to", ("sic", "sought", "sough")),
    ("villages.[^14]{space}Here", ("space", "villages.¹⁴ Here", "villages.¹⁴Here")),
    ("{italic: Acta Slavica Iaponica}{space}no. 11", ("italic", "Acta Slavica Iaponica", "Acta Slavica Iaponica")),
    ("in {supplied: the} city", ("supplied", "⟨the⟩", "not in the witness")),
    ("in {doubtful: peace -> peace time / peacetime}", ("doubtful", "peace", "peace time / peacetime")),
    # spaces around the parts do not matter
    ("the {ligature:rst->first} such", ("ligature", "first", "rst")),
])
def test_a_mark_gives_its_apparatus_entry(line: str, entry: tuple[str, str, str]) -> None:
    note = "\n\n[^14]: A note." if "[^14]" in line else ""
    first = marks(f"::text lines\n::page 131\n{line}{note}")[0]
    assert first[2:] == entry


def test_a_marks_reason_is_kept_as_written() -> None:
    body = scan("::text lines\n::page 1\nMoscow {sic: sough -> sought | the print has “sough” too: a misprint}")
    assert body.apparatus[0].mark.reason == "the print has “sough” too: a misprint"


@pytest.mark.parametrize("text, expected", [
    # numbered within their printed line
    ("::text lines\n::page 131\na {space}b {space}c\nd {space}e",
     [("p131.l1.e1", "p. 131, l. 1"), ("p131.l1.e2", "p. 131, l. 1"), ("p131.l2.e1", "p. 131, l. 2")]),
    # within their paragraph, over its lines; headings apart
    ("::text paragraphs\n\n## A {sic: Heeding -> Heading}\n\na {space}b\nc {space}d\n\ne {space}f",
     [("h1.e1", "heading 1"), ("para1.e1", "¶ 1"), ("para1.e2", "¶ 1"), ("para2.e1", "¶ 2")]),
    # within a note of the source, and its further printed lines
    ("::text lines\n::page 5\nx[^17]\n\n[^17]: a {space}b\nc {space}d",
     [("n17.e1", "n. 17"), ("n17.l2.e1", "n. 17, l. 2")]),
    # a line-end hyphen and furniture are entries of their own, in the order of the text
    ("::text lines\n::page 5\n::furniture running head: Head\nwere ar-\nrested {space}x",
     [("p5.fw1", "p. 5, running head"), ("p5.l1.hy", "p. 5, l. 1"), ("p5.l2.e1", "p. 5, l. 2")]),
])
def test_apparatus_anchors_come_from_the_line_paragraph_or_note(text: str, expected: list) -> None:
    assert [m[:2] for m in marks(text)] == expected


@pytest.mark.parametrize("lines, lemma, variant", [
    (["people were ar-", "rested in the city"], "arrested", "ar-|rested"),
    (["Accord-", "ing to the consul"], "According", "Accord-|ing"),
    (["scoundrels in Wash-", "ington."], "Washington", "Wash-|ington"),  # the full stop is not the word's
    (["accom-", "::page 2", "modate soldiers"], "accommodate", "accom-|modate"),  # over a page break
])
def test_a_hyphenated_word_is_named_whole_in_the_apparatus(lines: list[str], lemma: str, variant: str) -> None:
    [entry] = marks("::text lines\n::page 1\n" + "\n".join(lines))
    assert entry[2:] == ("hyphenation", lemma, variant)


@pytest.mark.parametrize("line", [
    "a \\{brace\\} of the source",     # escaped braces are the source's
    "in code `{sic: a -> b}` only",   # code is shown, not read
])
def test_what_is_not_a_mark(line: str) -> None:
    assert scan(f"::text lines\n::page 1\n{line}").apparatus == []


def test_marks_in_editorial_notes_are_reported_not_read() -> None:
    text = "::text lines\n::page 1\nA word.[^ed-x]\n\n[^ed-x]: The editors read {sic: a -> b}."
    body, diagnostics = scan_body(text.split("\n"), "t.md")
    assert body.apparatus == []
    assert [(d.code, d.loc.line, d.loc.col) for d in diagnostics] == [("ED504", 5, 27)]


def test_every_kind_is_documented_with_its_example() -> None:
    from edition.apparatus import KINDS
    from .conftest import ROOT
    page = (ROOT / "manual" / "docs" / "transcribing.md").read_text(encoding="utf-8")
    for kind in KINDS.values():
        assert f"`{kind.name}` —" in page
    written = [k for k in KINDS.values() if k.example.startswith("{")]
    # as the kind's example has it, or without its reason
    examples = {k.name: (k.example, k.example.split(" |")[0].removesuffix("}") + "}") for k in written}
    assert [name for name, forms in examples.items() if not any(form in page for form in forms)] == []


def test_a_tab_may_indent_a_notes_next_paragraph_but_not_stand_in_a_line() -> None:
    lines = ["::text lines", "::page 1", "A line.[^1]", "", "[^1]: A note.", "", "\tIts second paragraph.",
             "", "::page 2", "Another\tline."]
    _, found = scan_body(lines, "t.md", 1)
    assert [(d.code, d.loc.line, d.loc.col) for d in found] == [("ED007", 10, 8)]


# Every construct that stands inside a line, in prose, in the text and in both series of notes.
SPANS = """Intro, cited [@Berton1993, 5], with a note.[^ed-intro]

::text lines
::page 131
> A [Blukher]{@blyukher} line{sic: teh -> the} of [6 July 1938]{date 1938-07-06}, see [p. 62](page:62).[^14]
and a hyphen-
ated word[^ed-a] and [a `code]` span]{@frinovsky}

[^14]: The note's [Frinovsky]{@frinovsky}, [p. 9](page:9),
second line{space}here.
[^ed-a]: The edition's note [@Berton1993, 7], after[^ed-intro].
[^ed-intro]: Another.
"""


def test_each_item_of_a_line_spans_exactly_its_markup() -> None:
    """The renderer, the TEI and the plain texts cut a line where the model
    says: each item's columns hold its markup and nothing else."""
    lines = SPANS.split("\n")
    body = scan(SPANS)
    seen = set()
    for i, info in enumerate(body.lines):
        for item in info.items:
            assert item.loc.line == i + 1
            source = lines[i]
            start = item.loc.col - 1
            seen.add(type(item).__name__)
            if isinstance(item, NoteRef):
                assert source[start:item.end - 1] == f"[^{item.label}]"
            elif isinstance(item, Annotation):
                brace = "{@" + item.value if item.kind == "mention" else "{date " + item.value
                assert source[start] == "[" and source[item.close - 1:item.end - 1] == f"]{brace}}}"
            elif isinstance(item, PageRef):
                assert source[start] == "[" and source[item.close - 1:item.end - 1] == f"](page:{item.page})"
            elif isinstance(item, Emendation):
                assert read_mark(source[start + 1:item.end - 2]) == item.mark and source[item.end - 2] == "}"
            elif isinstance(item, CitationUse):
                assert source[start:item.end - 1] == item.citation.text
            elif isinstance(item, Hyphen):
                assert source[start:] == "-"
    assert seen >= {"NoteRef", "Annotation", "PageRef", "Emendation", "CitationUse", "Hyphen"}
    # The passage of a mention holding code: the scanner reads past the ']' in the code span, as Markdown does.
    assert [a.text for a in body.annotations] == ["Blukher", "6 July 1938", "a `code]` span", "Frinovsky"]
    on_lines = [item for info in body.lines for item in info.items]
    assert [r for r in body.refs if r in on_lines] == [r for r in body.refs if r.label != "ed-berton1993"]
    assert body.annotations == [a for a in on_lines if isinstance(a, Annotation)]
    assert body.page_refs == [r for r in on_lines if isinstance(r, PageRef)]
    assert [e for e in body.apparatus if e.end] == [e for e in on_lines if isinstance(e, Emendation)]


def test_a_made_notes_marker_stands_where_its_citation_does() -> None:
    body = scan(SPANS)
    made = body.citations[0]
    assert made.made and NoteRef(made.note, made.loc, made.end) in body.refs


def test_block_markup_is_recorded_for_each_line_of_the_text() -> None:
    body = scan("::text paragraphs\n\n# Title\n\n> quoted\n\n- item\n\nplain")
    assert [(line.block, line.col) for line in body.lines if line.role is Role.TEXT] == [
        ("heading", 3), ("quote", 3), ("list", 3), ("plain", 1)]


def test_a_model_comes_back_whole_from_the_cache() -> None:
    """Models are kept as typed JSON (edition.cache): every item and field is read back as it was."""
    body = scan(SPANS)
    assert cache._decode(json.dumps(cache._encode(body))) == body


# --- The editors' prose quotes typographically (ED022) ---------------------------------------

def test_straight_quotation_marks_in_the_editors_prose_are_reported_once_a_line() -> None:
    lines = ['The running head, "Moscow versus Tokyo", names the section.',  # two marks: one report, at the first
             "The editors' reading of Nikol'sk, and `\"code\"` and [a link](x.md \"title\") {: #id }.",  # none
             '!!! note "For the editors"',  # an admonition's title is quoted in its syntax
             "A word in 'single quotes' here.",
             "::text lines", "::page 1",
             'A printed line "as the source has it".',  # the transcription is the source's: never checked
             "", '[^ed-a]: An editorial note, "quoted".', "[^1]: The source's note, \"as printed\"."]
    _, diagnostics = scan_body(lines, "t.md")
    assert [(str(d.loc), d.message) for d in diagnostics if d.code == "ED022"] == [
        ("t.md:1:19", "2 straight quotation marks in the editors' prose"),
        ("t.md:4:11", "a straight quotation mark in the editors' prose"),
        ("t.md:9:29", "2 straight quotation marks in the editors' prose")]
    assert str(diagnostics[0]).endswith("Fix: write typographic quotation marks, “ ” and ‘ ’, as the sources print "
                                        "them (an apostrophe is ’)")


def test_damage_by_the_text_layer_is_its_own_kind_never_the_sources_error() -> None:
    from edition.apparatus import KINDS, Cause
    mark = read_mark("extraction: Sato ¯ -> Satō | the macron detached")
    assert (mark.kind, mark.witness, mark.reading, mark.reason) == ("extraction", "Sato ¯", "Satō",
                                                                    "the macron detached")
    assert {k for k, kind in KINDS.items() if kind.cause is Cause.EXTRACTION} == {
        "ligature", "space", "italic", "extraction"}
    assert [k for k, kind in KINDS.items() if kind.cause is Cause.SOURCE] == ["sic"]
