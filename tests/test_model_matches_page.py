"""The model and the page agree (hypothesis): for every document the
scanner accepts, each mention, date, page and printed line the model holds
is on the rendered page, and nothing else is.  The register, the
chronology and the TEI are made from the model, the page from Markdown:
where the two read a line differently (a code span Markdown closes on a
later line), a reader would see one thing and the exports another."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edition.document import parse_document

from .conftest import FRONT_MATTER

WORDS = st.sampled_from(["Blyukher", "came", "to", "the", "lake", "Khasan", "on", "a", "day"])
TOKENS = st.one_of(WORDS, WORDS, WORDS, WORDS.map(lambda w: f"[{w}]{{@blyukher}}"),
                   st.just("[6 July 1938]{date 1938-07-06}"), st.sampled_from(["`", "``", "`code`", "\\`"]))
LINE = st.lists(TOKENS, min_size=1, max_size=8).map(" ".join)


@st.composite
def documents(draw) -> str:
    """A printed text of one or two pages, its lines made of words, mentions, dates and backticks."""
    body = ["::text lines"]
    for page in range(1, draw(st.integers(1, 2)) + 1):
        body.append(f"::page {page}")
        body += draw(st.lists(LINE, min_size=1, max_size=5))
        if draw(st.booleans()):
            body.append("")  # a paragraph's end
    return FRONT_MATTER + "\n".join(body) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_mention_date_page_and_line_of_the_model_is_on_the_page_and_nothing_else(text: str) -> None:
    document, problems = parse_document(text, "t.md")
    if problems:
        return  # reported to the contributor, never built into the edition
    html = markdown.markdown(text.split("---\n", 2)[-1], extensions=["edition.extension", "toc"])
    page = BeautifulSoup(html, "html.parser")
    body = document.body
    mentions = [a.value for a in body.annotations if a.kind == "mention"]
    dates = [a.value for a in body.annotations if a.kind == "date"]
    assert [a["href"].removeprefix("entity:") for a in page.select("a[href^='entity:']")] == mentions
    assert [t["data-when"] for t in page.select("time.date")] == dates
    ids = {el["id"] for el in page.select("[id]")}
    assert {p.anchor for p in body.pages} <= ids
    assert {line.anchor for line in body.printed_lines} <= ids
    assert not {i for i in ids if i.startswith("p") and "." in i} - {line.anchor for line in body.printed_lines}
