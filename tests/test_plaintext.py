"""The plain-text exports: the diplomatic text is the witness, the reading text the edition's."""

from __future__ import annotations

import re

import pytest

from edition.document import parse_document
from edition.plaintext import plain_texts

from . import conftest, miniature

FRONT_MATTER = conftest.FRONT_MATTER + """
An introduction, which is the editors' and not in the plain text.

"""


def views(text: str) -> tuple[str, str]:
    document, diagnostics = parse_document(text, "docs/texts/mini.md")
    assert diagnostics == []
    texts = plain_texts(document, text)
    return texts["diplomatic"], texts["reading"]


def non_blank(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("document, witness", [
    (miniature.BOOK_TEXT, miniature.BOOK_WITNESS),
    (miniature.ARTICLE_TEXT, miniature.ARTICLE_WITNESS),
], ids=["book", "article"])
def test_the_diplomatic_text_is_the_witness_line_for_line(document: str, witness: str) -> None:
    """Every line of the witness, in order, and nothing else but the edition's
    page lines ("[p. 131]").  Blank lines are not compared: the witness's are
    the capture's layout, the export's part its blocks."""
    diplomatic, _ = views(document)
    ours = [line for line in non_blank(diplomatic) if not re.fullmatch(r"\[p\. \w+\]", line)]
    assert ours == non_blank(witness)


def test_the_reading_text_of_page_131_is_restored() -> None:
    _, reading = views(miniature.BOOK_TEXT)
    lines = reading.splitlines()
    assert lines[:3] == ["[p. 131]", "", "Simultaneously, Moscow sought to strengthen the home front in the Far East. "
                                         "In"]
    # a word split at a line end is joined on the line where it begins
    assert "of 17 to 18 January 1932, as many as four hundred politically suspect people were arrested" in lines
    assert "in the city, and the atmosphere there had become “very disquieting.” According" in lines
    for phrase in ("Moscow also sought to use", "the first such undertaking", "in peace\ntime",
                   "villages.¹⁴ Here and there", "Washington.\nIn any case",
                   "\n17 Peter Berton, “A New Russo-Japanese Alliance?: Diplomacy in the Far East During World "
                   "War I.”\nActa Slavica Iaponica no. 11 (1993), 72.\n",
                   "\n19 Jan M. Meijer, ed., The Trotsky Papers, 1917–1922, pt. one"):
        assert phrase in reading
    for witness_only in ("Moscow versus Tokyo", "sough ", " rst ", "conict", "ar-", "[sic]", "Iaponicano"):
        assert witness_only not in reading


def test_the_reading_text_of_the_article_leaves_its_furniture_out() -> None:
    _, reading = views(miniature.ARTICLE_TEXT)
    assert "So when Mikhail Frinovsky, the second in command of the NKVD" in reading
    assert reading.startswith("May 21, 2025, 10:23 p.m.\n\nLake Hassan: the conflict between two empires")
    assert reading.endswith("turning from aggressor to victim.\n\nОлег Пархітько\n")
    for furniture in ("Меню", "Social networks", "Share", "\n31\n"):
        assert furniture not in reading
    assert "\nConclusions\n" in reading  # the editorial note's marker is the edition's, not the text's


def test_pages_lines_notes_and_words_over_a_page_break() -> None:
    diplomatic, reading = views(FRONT_MATTER + """\
::text lines

::page 7
::furniture running head: A Test 7

The {ligature: rst -> first} line, {sic: sough -> sought} and a mark-
er.[^1]{space}Then a word split over the page, accom-
::page 8
::furniture running head: 8 Another Test
modate, and {supplied: the} Russo\\-
Japanese {doubtful: peace -> peace time / peacetime} end.[^2]

[^1]: One.
[^2]: Two, in two
lines.
""")
    assert diplomatic == """\
[p. 7]
A Test 7

The rst line, sough and a mark-
er.¹Then a word split over the page, accom-

1 One.

[p. 8]
8 Another Test
modate, and Russo-
Japanese peace end.²

2 Two, in two
lines.
"""
    assert reading == """\
[p. 7]

The first line, sought and a marker.¹
Then a word split over the page, accommodate,

1 One.

[p. 8]
and the Russo-Japanese
peace end.²

2 Two, in two
lines.
"""


def test_a_born_digital_text_keeps_its_blocks_apart() -> None:
    diplomatic, reading = views(FRONT_MATTER + """\
::text paragraphs

::furniture site menu: Menu
::dateline 21 May 2025

# Title

::figure A map. Photo: x

One paragraph[^ed-one]
goes on.[^1]

- an item
- another

> A quotation.

::byline The Author

[^1]: The source's note.
[^ed-one]: The editors' note.
""")
    assert diplomatic == """\
Menu

21 May 2025

Title

A map. Photo: x

One paragraph goes on.¹

an item

another

A quotation.

The Author

1 The source's note.
"""
    assert reading == diplomatic.replace("Menu\n\n", "")


@pytest.mark.parametrize("text", [miniature.BOOK_TEXT, miniature.ARTICLE_TEXT], ids=["book", "article"])
def test_the_same_document_gives_the_same_text(text: str) -> None:
    assert views(text) == views(text)
