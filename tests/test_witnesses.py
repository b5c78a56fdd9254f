"""A text known in several witnesses: each declared with its siglum, the
base witness first; a variant gives every witness's reading; the text
follows the base witness, the apparatus lists the others under their sigla,
and the TEI is parallel segmentation (app, lem, rdg @wit; listWit)."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from edition.document import parse_document
from edition.plaintext import plain_texts
from edition.tei import to_tei

from .conftest import FRONT_MATTER
from .test_tei import CONTEXT, SCHEMA, assert_valid

TWO = FRONT_MATTER.replace("transcribed:", "witnesses: {A: the typescript, B: the carbon copy}\ntranscribed:")
BODY = "::text lines\n::page 1\nAlong {var: A: the border | B: the frontier} and {var: A: at once | B:} back.\n"
TEXT = TWO + BODY
LINE = TWO.count("\n") + 3  # the file line of the text's line


def parsed():
    document, diagnostics = parse_document(TEXT, "t.md")
    assert diagnostics == []
    return document


def test_the_apparatus_lists_each_witnesss_reading_under_its_siglum() -> None:
    assert [(e.kind, e.lemma, e.variant) for e in parsed().body.apparatus] == [
        ("var", "the border A", "the frontier B"), ("var", "at once A", "om. B")]


def test_both_views_follow_the_base_witness() -> None:
    html = markdown.markdown(BODY, extensions=["edition.extension"])
    text = BeautifulSoup(html, "html.parser").select_one("section.transcription p")
    assert " ".join(text.get_text(" ").split()) == "p. 1 Along the border and at once back."
    assert plain_texts(parsed(), TEXT)["diplomatic"] == "[p. 1]\n\nAlong the border and at once back.\n"


def test_the_tei_is_parallel_segmentation_and_valid() -> None:
    xml = to_tei(parsed(), TEXT, CONTEXT)
    assert_valid(etree.RelaxNG(etree.parse(str(SCHEMA))), xml)
    assert ('<app xml:id="p1.l1.e1"><lem wit="#wit-A">the border</lem><rdg wit="#wit-B">the frontier</rdg></app>'
            in xml)
    assert '<rdg wit="#wit-B" /></app>' in xml
    assert '<witness xml:id="wit-B" n="B">the carbon copy</witness>' in xml


@pytest.mark.parametrize("mark, expected", [
    ("{var: A: the border | C: the frontier}",
     f"t.md:{LINE}:7: ED506 the variant names the witness 'C', which the front matter does not declare. Fix: the "
     "witnesses are A, B: correct the siglum, or declare the witness under 'witnesses:'"),
    ("{var: A: the border | A: the frontier}",
     f"t.md:{LINE}:7: ED502 a 'var' mark gives the reading of each witness once, at least two. Fix: write it like "
     "'{var: A: the border | B: the frontier}'"),
    ("{var: A the border | B: the frontier}",
     f"t.md:{LINE}:7: ED502 a 'var' mark gives each reading after its witness's siglum and ':', not 'A the "
     "border'. Fix: write it like '{var: A: the border | B: the frontier}'"),
])
def test_a_malformed_variant_is_reported_at_its_place(mark: str, expected: str) -> None:
    text = TEXT.replace("{var: A: the border | B: the frontier}", mark)
    assert [str(d) for d in parse_document(text, "t.md")[1]] == [expected]


def test_a_variant_without_declared_witnesses_says_how_to_declare_them() -> None:
    _, diagnostics = parse_document(FRONT_MATTER + BODY, "t.md")
    assert str(diagnostics[0]) == (
        f"t.md:{LINE - 1}:7: ED506 the variant names the witness 'A', which the front matter does not declare. Fix: "
        "declare the text's witnesses, each with its siglum and what it is, the base witness first: 'witnesses: "
        "{A: the typescript, B: the carbon copy}'")
