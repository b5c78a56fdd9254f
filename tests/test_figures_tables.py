"""Figures and tables as the print has them: a caption of its own printed
lines (numbered within the figure, so the page's lines never move), with
hyphenation, marks, notes and mentions in it; a figure's place on the page;
a table's rows, each with its address; and all of it in the TEI (valid),
the plain texts and the "Cite this" passages."""

from __future__ import annotations

from lxml import etree

from edition.cite import passages
from edition.document import parse_document
from edition.plaintext import plain_texts
from edition.tei import to_tei

from .conftest import FRONT_MATTER
from .test_tei import CONTEXT, assert_valid, tree

BODY = """\
::text lines

::page 7
The plan of the attack was drawn up
at the staff.

::figure top:
Fig. 3. Marshal V. K. {sic: Blucher -> Blyukher} at Kha-
barovsk, 1929.[^4]

::table bottom:
Table 2. Losses
| | Killed | Wounded |
| --- | --- | --- |
| Red Army | 792 | {sic: 3,297 -> 3,279} |
| Kwantung Army | 526 | 913 |

The third line.

[^4]: A note on the figure.
"""
TEXT = FRONT_MATTER + BODY
NS = {"tei": "http://www.tei-c.org/ns/1.0"}


def parsed():
    document, diagnostics = parse_document(TEXT, "t.md")
    assert diagnostics == []
    return document


def test_a_caption_moves_no_line_of_the_page() -> None:
    body = parsed().body
    assert [line.anchor for line in body.printed_lines] == ["p7.l1", "p7.l2", "p7.l3"]
    assert [(e.anchor, e.place, e.lemma, e.variant) for e in body.apparatus] == [
        ("fig1.l1.e1", "p. 7, fig. 1, l. 1", "Blyukher", "Blucher"),
        ("fig1.l1.hy", "p. 7, fig. 1, l. 1", "Khabarovsk", "Kha-|barovsk"),
        ("tab1.r2.e1", "p. 7, table 1, row 2", "3,279", "3,297")]


def test_every_caption_line_figure_table_and_row_can_be_cited() -> None:
    cited = dict(passages(parsed().body))
    assert {a: cited[a] for a in ("fig1", "fig1.l2", "tab1", "tab1.l1", "tab1.r1", "tab1.r3")} == {
        "fig1": "p. 7, fig. 1", "fig1.l2": "p. 7, fig. 1, l. 2", "tab1": "p. 7, table 1",
        "tab1.l1": "p. 7, table 1, l. 1", "tab1.r1": "p. 7, table 1, row 1", "tab1.r3": "p. 7, table 1, row 3"}


def test_the_tei_has_the_place_caption_lines_and_rows_and_is_valid(tei_schema: etree.RelaxNG) -> None:
    xml = to_tei(parsed(), TEXT, CONTEXT)
    assert_valid(tei_schema, xml)  # tei_all, read once for the session
    root = tree(xml)
    figure = root.xpath("//tei:figure[@xml:id='fig1']", namespaces=NS)[0]
    assert figure.get("place") == "top"
    assert [lb.get("n") for lb in figure.xpath("tei:head/tei:lb", namespaces=NS)] == ["1", "2"]
    table = root.xpath("//tei:figure[@place='bottom'][@type='table']/tei:table[@xml:id='tab1']", namespaces=NS)[0]
    rows = table.xpath("tei:row", namespaces=NS)
    assert [(r.get("role"), len(r)) for r in rows] == [("label", 3), (None, 3), (None, 3)]
    assert "".join(rows[1][2].itertext()) == "3,2973,279"  # choice: sic, corr


def test_the_plain_texts_give_a_caption_line_by_line_and_a_row_a_line() -> None:
    texts = plain_texts(parsed(), TEXT)
    assert texts["diplomatic"] == (
        "[p. 7]\n\nThe plan of the attack was drawn up\nat the staff.\n\n"
        "Fig. 3. Marshal V. K. Blucher at Kha-\nbarovsk, 1929.⁴\n\n"
        "Table 2. Losses\n\n\tKilled\tWounded\nRed Army\t792\t3,297\nKwantung Army\t526\t913\n\n"
        "The third line.\n\n4 A note on the figure.\n")
    assert "Fig. 3. Marshal V. K. Blyukher at Khabarovsk,\n1929.⁴" in texts["reading"]


def test_a_born_digital_caption_runs_on_and_numbers_its_marks_in_the_figure() -> None:
    text = FRONT_MATTER + ("::text paragraphs\n\n::figure\nA photograph of the {sic: lake -> lake Khasan}\n"
                           "from the hill.\n\nThe text.\n")
    document, diagnostics = parse_document(text, "t.md")
    assert diagnostics == []
    assert [(e.anchor, e.place) for e in document.body.apparatus] == [("fig1.e1", "fig. 1")]
    assert [b.anchor for b in document.body.blocks] == ["para1"]  # the caption is no paragraph of the text
