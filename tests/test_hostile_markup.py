"""Hostile markup: what a stranger's pull request may write in a page's
Markdown.  No input makes the reader (`parse_page`, which both `edition
check` and the build use) or the conversion slow or raise: markup Markdown
reads too slowly or recursively is refused with ED008 before Markdown sees
it, and characters that hide what a text holds are reported (ED007, ED009)."""

from __future__ import annotations

import time

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edition.document import decode, parse_page
from edition.markup import MAX_INDENT, MAX_NESTING, MAX_RUN

from .conftest import FRONT_MATTER

SIZE = 100_000  # characters of hostile markup: a large page, within the 2 MB a page may have
BOUND = 2.0  # seconds: a guard against hangs (each case takes well under a second), not a benchmark
# The time is the process's own work (a runaway pattern spends it), not the clock's: with the suite on
# every core, and other work on the machine, the clock also counts the time it waited for a core.
clock = time.process_time
TEXT = "::text lines\n::page 1\n"


def convert(body: str) -> str:
    return markdown.markdown(body, extensions=["edition.extension", "toc"])


def codes(text: str) -> set[str]:
    return {d.code for d in parse_page(FRONT_MATTER + text, "t.md", is_document=True)[1]}


def timed(function, *args):
    start = clock()
    result = function(*args)
    return result, clock() - start


# --- 1. Every character of the markup, 100 KB of it ---------------------------

CHARS = list("[]^@{}:`*_<>-|\\#") + [" ", "\n"]
RUNS = {f"{c!r} run": c * SIZE for c in CHARS}
RUNS |= {f"{p!r} repeated": p * (SIZE // len(p)) for p in ("[^", "[@", "{@", "[a", "![", "[a](", "*a ", "<a")}
RUNS |= {f"{a!r} then {b!r}": a * (SIZE // 2) + b * (SIZE // 2)
         for a, b in ("[]", "][", "{}", "`*", "*_", "<>", "[\n", "@]")}
RUNS |= {"'[\\n' then ']\\n'": "[\n" * (SIZE // 4) + "]\n" * (SIZE // 4),
         "'::page ' and spaces": "::page " + " " * SIZE + "1",
         "'::page 1' and spaces between words": "::page 1" + " " * SIZE + "x",
         "'::furniture ' and spaces": "::furniture " + " " * SIZE + "x",
         "'::furniture head' and spaces before its text": "::furniture head" + " " * SIZE + "x y",
         "a list 500 deep": "".join("    " * i + "- a\n" for i in range(500)),
         "emphasis in emphasis": "*" * (SIZE // 2) + "a" + "*" * (SIZE // 2)}


@pytest.mark.parametrize("where", ["introduction", "transcription"])
@pytest.mark.parametrize("name", RUNS)
def test_a_hundred_kilobytes_of_markup_are_read_and_converted_in_bounded_time(name: str, where: str) -> None:
    body = RUNS[name] + "\n\n" + TEXT if where == "introduction" else TEXT + RUNS[name] + "\n"
    found, parse_time = timed(codes, body)
    html, convert_time = timed(convert, body)
    assert parse_time < BOUND and convert_time < BOUND, (parse_time, convert_time)
    # A page is refused (shown as written, never given to Markdown) exactly when ED008 says so.
    assert ("ED008" in found) == ('class="edition-refused"' in html)


# --- 2. The limits: what real text needs passes, beyond it ED008 at its place ---

@pytest.mark.parametrize("line, col, what", [
    ("A blank to fill: " + "_" * (MAX_RUN + 1), 18, f"more than {MAX_RUN} '_' in a row"),
    ("`" * 5000, 1, f"more than {MAX_RUN} '`' in a row"),
    ("see [" + "[a " * MAX_NESTING, 6 + 3 * (MAX_NESTING - 1), f"more than {MAX_NESTING} brackets '[' (or links' "
     "addresses '](') open at once in a paragraph"),
    ("[a](" * (MAX_NESTING + 1), 4 * MAX_NESTING + 1, f"more than {MAX_NESTING} brackets '[' (or links' addresses "
     "'](') open at once in a paragraph"),
    ("> " * (MAX_NESTING + 1) + "quoted", 1, f"block quotes more than {MAX_NESTING} deep"),
    (" " * (MAX_INDENT + 1) + "- item", 1, f"indented by more than {MAX_INDENT} columns (lists more than "
     f"{MAX_INDENT // 4} deep)"),
])
def test_markup_beyond_a_limit_is_reported_where_it_stands(line: str, col: int, what: str) -> None:
    _, diagnostics = parse_page(f"Intro.\n\n{line}\n", "t.md", is_document=False)
    assert [(d.code, d.loc.line, d.loc.col, d.message) for d in diagnostics] == [
        ("ED008", 3, col, f"markup beyond the edition's limit: {what}")]
    assert "the limits are on the 'How to transcribe' page" in diagnostics[0].hint


def test_markup_within_the_limits_is_read_as_markup() -> None:
    text = ("A blank " + "_" * MAX_RUN + ", " + "[a " * MAX_NESTING + "]" * MAX_NESTING + "\n\n"
            + "> " * MAX_NESTING + "quoted\n\n" + "".join("    " * i + "- item\n" for i in range(MAX_INDENT // 4)))
    _, diagnostics = parse_page(text, "t.md", is_document=False)
    assert diagnostics == []
    assert "edition-refused" not in convert(text) and "<blockquote>" in convert(text)


def test_brackets_are_counted_across_the_lines_of_a_paragraph_not_past_it() -> None:
    closed = "[a\n" * MAX_NESTING + "\n" + "[a\n" * MAX_NESTING  # a blank line between
    assert parse_page(closed, "t.md", is_document=False)[1] == []
    found = parse_page("[a\n" * (MAX_NESTING + 1), "t.md", is_document=False)[1]
    assert [(d.code, d.loc.line, d.loc.col) for d in found] == [("ED008", MAX_NESTING + 1, 1)]


def test_a_refused_page_is_shown_as_written_never_as_html() -> None:
    html = convert("<script>alert(1)</script> " + "[" * (MAX_RUN + 1))
    assert html.startswith('<pre class="edition-refused">&lt;script&gt;alert(1)&lt;/script&gt; [[[')
    assert "<script" not in html


# --- 3. Damage anywhere: diagnostics or a conversion, never an exception ------

DAMAGE = list("[]^@{}:`*_<>-|\\#!() \n\t") + ["\x00", "\x0c", "\u202e", "\u200b", "\ue000", "\ufeff",
                                                "[^", "[@", "{@", "{sic: ", "::page ", "::furniture ",
                                                "\n> ", "\n    - ", "]{date ", "[" * 40, "`" * 60, "> " * 20]
GOOD = (FRONT_MATTER + "An introduction [@Berton1993, 72].\n\n::text lines\n::page 1\n"
        "A {sic: sough -> sought} word.[^1]\n[Blukher]{@blyukher} ar-\nrested `code`.\n\n[^1]: A note.\n")


@st.composite
def damaged(draw) -> str:
    text = GOOD
    for _ in range(draw(st.integers(1, 12))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(DAMAGE)) * draw(st.integers(1, 30)) + text[at:]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damaged_documents_give_diagnostics_or_a_conversion_quickly(text: str) -> None:
    start = clock()
    decoded, diagnostics = decode(text.encode("utf-8"), "t.md")
    assert decoded is not None
    diagnostics += parse_page(decoded, "t.md", is_document=True)[1]
    assert all(str(d).startswith("t.md:") for d in diagnostics)
    convert(decoded.split("---\n", 2)[-1])
    assert clock() - start < BOUND


# --- 4. Characters that hide what a text holds -----------------------------------

@pytest.mark.parametrize("text, expected", [
    # Two private-use characters around a number were read by the TEI export as its own placeholder.
    ("Intro \ue0007\ue001 here.\n", "t.md:1:7: ED009 a private-use character or a lone surrogate, U+E000"),
    ("A line.\nA \u202etxt.exe word.\n", "t.md:2:3: ED007 an invisible formatting character, U+202E "
     "RIGHT-TO-LEFT OVERRIDE, which can make the text read otherwise than it holds"),
    ("pay\u200bpal\n", "t.md:1:4: ED007 an invisible formatting character, U+200B ZERO WIDTH SPACE, which can "
     "make the text read otherwise than it holds"),
    ("a \u200c b and \u2066isolated\u2069\n", "t.md:1:3: ED007 an invisible formatting character, U+200C ZERO "
     "WIDTH NON-JOINER, which can make the text read otherwise than it holds"),
    ("x\ufeffy\n", "t.md:1:2: ED007 an invisible formatting character, U+FEFF ZERO WIDTH NO-BREAK SPACE, which "
     "can make the text read otherwise than it holds"),
])
def test_hidden_characters_are_reported_with_their_code_points(text: str, expected: str) -> None:
    decoded, diagnostics = decode(text.encode("utf-8"), "t.md")
    assert [str(d).split(". Fix: ")[0] for d in diagnostics] == [expected]
    assert "\ue000" not in decoded  # read as U+FFFD: no later step takes it for a placeholder of its own


def test_joiners_inside_a_word_or_an_emoji_are_the_script_s_own() -> None:
    text = "Persian \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645, Hindi \u0915\u094d\u200d\u0937, \U0001f468\u200d\U0001f469\n"
    assert decode(text.encode("utf-8"), "t.md") == (text, [])


def test_a_lone_surrogate_written_as_a_yaml_escape_is_reported_and_never_reaches_the_page() -> None:
    text = FRONT_MATTER.replace("title: A test document", 'title: "Lake \\ud800"') + TEXT + "A line.\n"
    document, diagnostics = parse_page(text, "t.md", is_document=True)
    assert [str(d).split(". Fix: ")[0] for d in diagnostics] == [
        "t.md:2:8: ED009 'title' holds a private-use character or a lone surrogate, U+D800"]
    assert document.meta["title"] == "Lake \ufffd"
    document.meta["title"].encode("utf-8")  # the build's cache and pages write it as UTF-8
