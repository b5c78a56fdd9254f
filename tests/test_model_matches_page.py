"""The model and the page agree (hypothesis): for every document the
scanner accepts, each mention, date, reference to a page, note marker,
apparatus mark, page and printed line the model holds is on the rendered
page and in the TEI, and nothing else is.  The register, the chronology
and the TEI are made from the model, the page from Markdown: where the two
read a line differently (a code span Markdown closes on a later line), a
reader would see one thing and the exports another."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edition import tei
from edition.document import parse_document
from edition.model import note_anchor
from edition.tei import XML_ID

from .conftest import FRONT_MATTER

WORDS = st.sampled_from(["Blyukher", "came", "to", "the", "lake", "Khasan", "on", "a", "day"])
MARKUP = st.sampled_from(["[6 July 1938]{date 1938-07-06}", "[p. 2](page:2)", "[p. 62](page:62)", "[^ed-a]",
                          "{sic: teh -> the}", "[a `b]` c]{@blyukher}", "`[^ed-a]`", "\\[^ed-a]"])
# Mostly code spans closed on their line: a backtick alone is reported (ED018), and the example dropped.
CODE = st.sampled_from(["`code`", "`code`", "`code`", "``a`b``", "\\`", "`"])
TOKENS = st.one_of(WORDS, WORDS, WORDS, WORDS.map(lambda w: f"[{w}]{{@blyukher}}"), MARKUP, MARKUP, CODE)
LINE = st.lists(TOKENS, min_size=1, max_size=8).map(" ".join)
CONTEXT = tei.ExportContext(edition_title="E", version="1", date="2024-01-01", url="u", register_url=str,
                            register_types={}, bibliography_url=str)


@st.composite
def documents(draw) -> str:
    """A printed text of one or two pages, its lines made of words, mentions,
    dates, references to pages, marks, note markers and backticks; the
    source's note 1 on its first page, which may hold some of them too,
    and the editorial note it refers to."""
    body = ["::text lines"]
    for page in range(1, draw(st.integers(1, 2)) + 1):
        body.append(f"::page {page}")
        body += draw(st.lists(LINE, min_size=1, max_size=5))
        if page == 1:
            body[-1] += "[^1]"
            body += ["", f"[^1]: {draw(LINE)} [^ed-a]"]
        if draw(st.booleans()):
            body.append("")  # a paragraph's end
    body += ["", "[^ed-a]: An editorial note."]
    return FRONT_MATTER + "\n".join(body) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_item_of_the_model_is_on_the_page_and_in_the_tei_and_nothing_else(text: str) -> None:
    document, problems = parse_document(text, "t.md")
    if problems:
        return  # reported to the contributor, never built into the edition
    html = markdown.markdown(text.split("---\n", 2)[-1], extensions=["edition.extension", "toc"])
    page = BeautifulSoup(html, "html.parser")
    xml = tei.body_element(document, text, CONTEXT)
    body = document.body
    # Sorted: the page lists the source's notes after the text, the TEI puts each at its marker.
    mentions = sorted((a.value, a.text) for a in body.annotations if a.kind == "mention")
    dates = sorted((a.value, a.text) for a in body.annotations if a.kind == "date")
    pages = sorted(ref.page for ref in body.page_refs)
    markers = sorted(ref.label for ref in body.refs)
    marks = sorted(e.anchor for e in body.apparatus if e.end)
    assert sorted(a["href"].removeprefix("entity:") for a in page.select("a[href^='entity:']")) == [v for v, _ in mentions]
    assert sorted(t["data-when"] for t in page.select("time.date")) == [v for v, _ in dates]
    assert sorted(a["href"].removeprefix("page:") for a in page.select("a[href^='page:']")) == pages
    assert sorted(a["href"][1:].removeprefix("n") for a in page.select("a.footnote-ref")) == markers
    assert sorted(a["id"] for a in page.select("a.app")) == marks
    ids = {el["id"] for el in page.select("[id]")}
    assert {p.anchor for p in body.pages} <= ids
    assert {line.anchor for line in body.printed_lines} <= ids
    assert not {i for i in ids if i.startswith("p") and "." in i and ".e" not in i} - {
        line.anchor for line in body.printed_lines}
    # The TEI: the same mentions and dates around the same words, references, notes at their markers, marks.
    assert sorted((el.get("ref"), "".join(el.itertext())) for el in xml.iter("name")) == mentions
    assert sorted((el.get("when"), "".join(el.itertext())) for el in xml.iter("date")) == dates
    assert sorted(el.get("n") for el in xml.iter("ref")) == pages
    notes = [el.get(XML_ID) for el in xml.iter("note")] + [el.get("target")[1:] for el in xml.iter("ptr")]
    assert sorted(notes) == sorted(note_anchor(label) for label in markers)
    assert sorted(el.get(XML_ID) for el in xml.iter("choice")) == marks
