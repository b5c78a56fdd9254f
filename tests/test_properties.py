"""Properties of the markup, over inputs hypothesis makes up (issue 9):
no input makes the reader, the checks or the renderer raise; every word of
a source survives into its reading or its diplomatic text; rendering the
same source twice gives the same bytes."""

from __future__ import annotations

import re

import markdown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from edition.document import decode, parse_document
from edition.plaintext import plain_texts
from edition.register import UnmarkedNames, name_key, read_register

from .conftest import FRONT_MATTER

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LETTERS = "abcdefghijklmnopqrstuvwxyzäöüßéСтлинБюхерж"
word = st.text(alphabet=LETTERS, min_size=1, max_size=9)
# Text with the markup's own characters in it, to shake the scanner.
PIECES = list("ab ::[]^{}@->|\\*_`#\n\t!()<>&;.-–0123456789\u0301\ufeff") + [
    "::page 1\n", "::text lines\n", "::text paragraphs\n", "[^1]", "\n[^1]: ", "{sic: ", " -> ", "{space}",
    "]{@blyukher}", "{date 1938-", "\r\n", "    ", "```\n", "](javascript:x)", "{: onclick=x}"]
markupish = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["edition.extension", "toc"])


@SETTINGS
@given(st.one_of(markupish, st.text(max_size=300)))
def test_no_input_makes_the_checks_or_the_renderer_raise(body: str) -> None:
    text, _ = decode((FRONT_MATTER + body).encode("utf-8", "surrogatepass"), "t.md")
    if text is None:
        return  # reported as ED001
    parse_document(text, "t.md")  # diagnostics, not exceptions
    render(text.split("---\n", 2)[-1])


@st.composite
def documents(draw) -> tuple[str, list[str]]:
    """A valid printed page: lines of words, some split at a line end, some
    emended, some with the author's note markers; and every word it holds."""
    lines: list[str] = []
    words: list[str] = []
    notes: list[int] = []
    for _ in range(draw(st.integers(1, 8))):
        parts = []
        for w in draw(st.lists(word, min_size=1, max_size=6)):
            kind = draw(st.sampled_from(["plain", "plain", "plain", "sic", "note"]))
            if kind == "sic":
                correct = draw(word.filter(lambda c, w=w: c != w))
                parts.append(f"{{sic: {w} -> {correct}}}")
                words += [w, correct]
            elif kind == "note":
                notes.append(14 + len(notes))
                parts.append(f"{w}.[^{notes[-1]}]")
                words.append(w)
            else:
                parts.append(w)
                words.append(w)
        lines.append(" ".join(parts))
    for i in range(len(lines) - 1):  # a word split at the line's end
        if draw(st.booleans()) and re.search(r"[^\W\d_]{2}$", lines[i]) and re.match(r"[^\W\d_]", lines[i + 1]):
            lines[i] += "-"
    note_words = [draw(word) for _ in notes]
    words += note_words
    definitions = "".join(f"[^{n}]: {w}.\n" for n, w in zip(notes, note_words, strict=True))
    body = "::text lines\n::page 1\n" + "\n".join(lines) + "\n\n" + definitions
    return FRONT_MATTER + body, words


@SETTINGS
@given(documents())
def test_every_word_survives_into_the_reading_or_the_diplomatic_text(case) -> None:
    text, words = case
    document, diagnostics = parse_document(text, "t.md")
    assert diagnostics == []
    texts = plain_texts(document, text)
    found = set(re.findall(r"[^\W\d_]+", texts["reading"] + " " + texts["diplomatic"]))
    # A word split at a line end is whole in the reading text and in halves in the diplomatic.
    assert [w for w in words if w not in found] == []


@SETTINGS
@given(documents())
def test_rendering_the_same_source_twice_gives_the_same_bytes(case) -> None:
    text, _ = case
    body = text.split("---\n", 2)[-1]
    assert render(body) == render(body)
    document, _ = parse_document(text, "t.md")
    assert plain_texts(document, text) == plain_texts(document, text)


# A register whose names begin with words, share first words, hold apostrophes, hyphens and
# Cyrillic, and one another's beginnings ('Nikol'sk' and 'Nikol'sk Ussuriiskii').
REGISTER = """\
- id: blyukher
  type: person
  name: Vasily Blyukher
  variants: [Blucher, Blücher, Блюхер, Vasily]
  description: A marshal.
  source: A study, p. 1
- id: nikolsk
  type: place
  name: Nikol'sk
  variants: [Nikol'sk Ussuriiskii, Nikolsk-Ussuriisky]
  description: A town.
  source: A study, p. 1
- id: war
  type: event
  name: Sino-Japanese War
  variants: [War of 1894]
  description: A war.
  source: A study, p. 1
"""
NAME_PIECES = ["Vasily", " Blyukher", "Blucher", "Blücher", "Блюхер", "Nikol'sk", "Nikol’sk", " Ussuriiskii",
               "Nikolsk-Ussuriisky", "Sino-Japanese", " War", "War of 1894", "of", " ", "-", "'", "x", "s",
               "Vasilyx", "xBlucher", ",", ".", "é", "\u0301", "_", "1894"]


@SETTINGS
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=30).map("".join))
@example("Sino-Japanese War of 1894, Vasily Blyukher and Vasily")  # a name's word that begins another
def test_names_are_found_where_a_word_begins_as_by_the_whole_line(line: str) -> None:
    """`UnmarkedNames.find` tries the names only where a word begins that
    begins one: it must find what the pattern of every name, run over the
    whole folded line, finds."""
    register, problems = read_register(REGISTER, "register.yml")
    names = UnmarkedNames(register)
    assert not problems and len(names.index) == 9  # Blücher is Blucher
    folded = name_key(line)
    assert [(m.start(), m[0]) for m in names.find(folded)] == \
           [(m.start(), m[0]) for m in names.pattern.finditer(folded)]
