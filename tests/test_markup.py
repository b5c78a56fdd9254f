"""The markup, read into the model: what each construct means, as a table."""

from __future__ import annotations

import pytest

from edition.markup import scan_body
from edition.model import Block, Hyphen, Line, Milestone, NoteLine, Series


def scan(text: str):
    body, diagnostics = scan_body(text.split("\n"), "t.md")
    assert diagnostics == []
    return body


def anchors(text: str) -> list[str]:
    body = scan(text)
    return [item.anchor for line in body.lines for item in line.items
            if not isinstance(item, Hyphen) and item.anchor]


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
