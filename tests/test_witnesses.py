"""A text known in several witnesses: each declared with its siglum, the
base witness first; a variant gives every witness's reading; the text
follows the base witness, the apparatus lists the others under their sigla,
and the TEI is parallel segmentation (app, lem, rdg @wit; listWit).  Every
witness's reading is in the page, for the reader's choice of witness in the
diplomatic view (seen in Chromium in test_witness_view.py); where the witness
shown lacks the words, a named sign stands in their place."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from edition.apparatus import lemma_and_variant, read_mark
from edition.document import parse_document
from edition.plaintext import plain_texts
from edition.search import IGNORE
from edition.tei import to_tei

from .conftest import FRONT_MATTER
from .test_tei import CONTEXT, assert_valid

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


def test_a_negative_apparatus_names_only_the_witnesses_that_differ() -> None:
    """The editors' choice, in the front matter: the entry and the mark's description follow it."""
    text = TEXT.replace("transcribed:", "apparatus: negative\ntranscribed:")
    document, diagnostics = parse_document(text, "t.md")
    assert diagnostics == []
    assert [(e.lemma, e.variant) for e in document.body.apparatus] == [
        ("the border", "the frontier B"), ("at once", "om. B")]
    html = markdown.markdown(BODY, extensions=["edition.extension"])  # no front matter: positive, the default
    assert "the border A ] the frontier B" in html


def test_the_text_follows_the_base_witness_and_search_holds_only_its_words() -> None:
    html = markdown.markdown(BODY, extensions=["edition.extension"])
    text = BeautifulSoup(html, "html.parser").select_one("section.transcription p")
    for el in text.select(f"[{IGNORE}]"):  # the page number, the other witnesses' readings: not searched
        el.decompose()
    assert " ".join(text.get_text(" ").split()) == "Along the border and at once back."
    assert plain_texts(parsed(), TEXT)["diplomatic"] == "[p. 1]\n\nAlong the border and at once back.\n"


@pytest.mark.parametrize("mark, expected", [
    ("{var: A: | B: the words}", ("om. A", "the words B")),  # the base lacks what another has
    ("{var: A: at once | B: | C: at once}", ("at once A C", "om. B")),  # who agrees with the base is no variant
    ("{var: A: the border | B: the frontier | C: the frontier}", ("the border A", "the frontier B C")),
])
def test_an_entry_names_together_the_witnesses_that_agree(mark: str, expected: tuple[str, str]) -> None:
    assert lemma_and_variant(read_mark(mark[1:-1]), "", "") == expected


def shows(mark, siglum: str) -> tuple[str, str]:
    """What a reader sees and hears of a variant's mark where witness `siglum` shows: the base in the
    reading view, the reader's choice in the diplomatic view (marks.css shows that reading alone, and
    draws an omission's sign); what is heard is the link's name (aria-describedby adds its entry)."""
    reading = mark.select_one(f"[data-wit='{siglum}']")
    if "app-om" in reading["class"]:
        assert reading["role"] == "img"
        return f"om.\u2009{siglum}", reading["aria-label"]
    return reading.get_text(), reading.get_text()


MARK = '<a aria-describedby="app-p1.l1.e1" class="app app-var" href="#app-p1.l1.e1" id="p1.l1.e1" title="{}">{}</a>'


@pytest.mark.parametrize("mark, html, seen", [
    ("{var: A: the border | B: the frontier}",
     MARK.format("variant reading: the border A ] the frontier B", '<span class="app-text" data-wit="A">the border'
                 '</span><span class="app-wit-reading" data-pagefind-ignore="" data-wit="B">the frontier</span>'),
     {"A": ("the border", "the border"), "B": ("the frontier", "the frontier")}),
    ("{var: A: at once | B:}",  # B lacks the words: in its view a sign, named
     MARK.format("variant reading: at once A ] om. B", '<span class="app-text" data-wit="A">at once</span><span '
                 'aria-label="not in witness B" class="app-wit-reading app-om" data-pagefind-ignore="" data-wit="B" '
                 'role="img"></span>'),
     {"A": ("at once", "at once"), "B": ("om.\u2009B", "not in witness B")}),
    ("{var: A: | B: the words}",  # the base lacks them: the sign in the reading view too, never an empty link
     MARK.format("variant reading: om. A ] the words B", '<span aria-label="not in witness A" class="app-text '
                 'app-om" data-wit="A" role="img"></span><span class="app-wit-reading" data-pagefind-ignore="" '
                 'data-wit="B">the words</span>'),
     {"A": ("om.\u2009A", "not in witness A"), "B": ("the words", "the words")}),
])
def test_a_variants_mark_holds_each_witnesss_reading(mark: str, html: str, seen: dict) -> None:
    page = markdown.markdown(f"::text lines\n::page 1\n{mark}\n", extensions=["edition.extension"])
    found = BeautifulSoup(page, "html.parser").select_one("a.app-var")
    assert str(found) == html
    assert {siglum: shows(found, siglum) for siglum in seen} == seen


def test_the_tei_is_parallel_segmentation_and_valid(tei_schema: etree.RelaxNG) -> None:
    xml = to_tei(parsed(), TEXT, CONTEXT)
    assert_valid(tei_schema, xml)  # tei_all, read once for the session
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
    ("{var: A: | B:}",
     f"t.md:{LINE}:7: ED503 the variant changes nothing: every witness omits the words. Fix: delete the mark: "
     "the witnesses agree"),
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
