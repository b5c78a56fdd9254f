"""Citations in the edition's own prose and notes, in pandoc's syntax.

`[@Berton1993]`, `[@Berton1993, 72]`, `[see @Meijer1964, 622–23; @Berton1993]`.
A bracket is a citation when an `@` starts a word in it; an e-mail address
(`[ed@example.org]`), a link (`[@handle](https://…)`) and code
(`` `[@x]` ``) are left alone.  A citation pandoc would misread, or
that would lose a work (`[@Meijer1964, 622–23: @Berton1993]`, with ':' for
';'), is reported, never shown as text or passed on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .diagnostics import Loc

_TICKS_RE = re.compile(r"`+")
# A bracket not opened by '^' (a note) nor followed by '(' or '[' (a link) or ':' (a link definition).
# (Its first part holds no '@', so the bracket is read once, not once for each '@' in it.)
_BRACKET_RE = re.compile(r"(?<![\\!])\[(?!\^)(?P<inside>[^\[\]@]*@[^\[\]]*)\](?![(\[:])")
KEY = r"\w[\w:.#$%&\-+?<>~/]*"  # what pandoc reads as a citation key after '@'
_ITEM_RE = re.compile(r"(?P<prefix>(?:.*?\s)?)(?P<suppress>-?)@(?P<key>" + KEY + r"?)"
                      r"(?P<rest>(?:,.*)?|\s.*)$", re.S)
_HAS_LOCATOR_RE = re.compile(r"\d|\b[ivxlcdm]+\b", re.I)
_AT_WORD_RE = re.compile(r"(?:^|(?<=[\s;\[]))-?@\w")  # '@' starting a word, then a key: not an e-mail address
# '[@key' with no ']' after it on the line (a link's text may run on to the next line; a citation may not).
_UNCLOSED_RE = re.compile(r"(?<![\\!])\[-?@\w[^\]]*$")


@dataclass(frozen=True, slots=True)
class CiteItem:
    key: str
    prefix: str = ""
    rest: str = ""  # ', 72' — the locator (and any suffix), as written
    suppress_author: bool = False


@dataclass(frozen=True, slots=True)
class Citation:
    """One bracketed citation: where it is, its raw text, its items."""

    loc: Loc
    end: int  # the column after its closing bracket
    text: str
    items: tuple[CiteItem, ...]

    def pandoc(self, key=lambda key: key) -> str:
        """The citation in pandoc's syntax, each key passed through `key`."""
        parts = [f"{i.prefix}{'-' if i.suppress_author else ''}@{key(i.key)}{i.rest}" for i in self.items]
        return "[" + "; ".join(parts) + "]"


@dataclass(frozen=True, slots=True)
class CiteProblem:
    col: int
    message: str
    hint: str


# What is not prose for a bare key: a link's address, then a bracket (a citation, a link's text), an autolink.
_ADDRESS_RE = re.compile(r"(?<=\])\([^)]*\)")
_NOT_PROSE_RE = re.compile(r"\[[^\[\]]*\]|<[^<>\s]+>")
_BARE_RE = re.compile(r"(?<![\w@.\-])-?@(?P<key>" + KEY + ")")


def bare_keys(line: str) -> list[tuple[str, int]]:
    """'@Berton1993' written outside brackets: (the key, its column).  Only
    pandoc's bracketed citations are formatted, so one that is a key of the
    bibliography was meant as a citation (references.check says so)."""
    text = mask_code(line)
    # A link's address is looked for before the line's last ')' only (after it, every '](' would be
    # read to the line's end).
    cut = text.rfind(")") + 1
    text = _ADDRESS_RE.sub(_blank, text[:cut]) + text[cut:]
    text = _NOT_PROSE_RE.sub(_blank, text)
    return [(m["key"].rstrip(".:?"), m.start() + 1) for m in _BARE_RE.finditer(text)]


def _blank(m: re.Match[str]) -> str:
    return " " * len(m[0])


def mask_code(line: str) -> str:
    """The line with its code spans (`…`, ``…``: code, never markup) blanked
    out.  A run of backticks opens a span that the next run of as many
    closes; a run that none closes is text.  Read run by run, never
    character by character from every backtick (a line of backticks would
    take minutes)."""
    if "`" not in line:  # most lines: asked for by every reader of a line
        return line
    runs = list(_TICKS_RE.finditer(line))
    after: list[int | None] = [None] * len(runs)  # the next run as long as each
    seen: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        size = len(runs[i][0])
        after[i], seen[size] = seen.get(size), i
    out, pos, i = [], 0, 0
    while i < len(runs):
        if (j := after[i]) is None:
            i += 1
            continue
        out += [line[pos:runs[i].start()], " " * (runs[j].end() - runs[i].start())]
        pos, i = runs[j].end(), j + 1
    return "".join(out) + line[pos:]


def unpaired_code(line: str) -> int | None:
    """The index of a run of backticks that Markdown may read otherwise than
    `mask_code`, or None: one that no run as long closes on its line
    (Markdown closes it on a later line of the paragraph, or with part of a
    longer run), or one after a backslash (Markdown opens a span with part
    of it)."""
    runs = list(_TICKS_RE.finditer(line))
    i = 0
    while i < len(runs):
        if runs[i].start() and line[runs[i].start() - 1] == "\\":
            return runs[i].start()
        closer = next((j for j in range(i + 1, len(runs)) if len(runs[j][0]) == len(runs[i][0])), None)
        if closer is None:
            return runs[i].start()
        i = closer + 1  # the runs between are the span's text
    return None


def find_citations(line: str, path: str, line_no: int) -> tuple[list[Citation], list[CiteProblem]]:
    text = mask_code(line)
    found: list[Citation] = []
    problems: list[CiteProblem] = []
    for m in _BRACKET_RE.finditer(text):
        if not _AT_WORD_RE.search(m["inside"]) and not m["inside"].lstrip().startswith(("@", "-@")):
            continue  # '[write to ed@example.org]', '[12 @ 3d.]': no key ('[@, 72]' is a citation lacking one)
        items = []
        for part in m["inside"].split(";"):
            item = _ITEM_RE.fullmatch(part.strip())
            if item is None:
                problems.append(CiteProblem(
                    m.start() + 1, f"'{m[0]}' is not a citation: '{part.strip()}' does not name a work as '@key'",
                    "give each work its key after '@', the works separated by ';', e.g. "
                    "'[see @Meijer1964, 622–23; @Berton1993]'; an e-mail address goes outside the brackets"))
                break
            rest = item["rest"]
            if _AT_WORD_RE.search(item["prefix"]) or _AT_WORD_RE.search(rest):
                problems.append(CiteProblem(
                    m.start() + 1, f"'{m[0]}' names two works in one part, so pandoc would cite only one",
                    "separate the works with ';': '[@Meijer1964, 622–23; @Berton1993, 72]'"))
                break
            if rest and not rest.startswith(","):
                problems.append(CiteProblem(
                    m.start() + 1, f"'{m[0]}' has text after the key '{item['key']}' without a comma",
                    f"write the page after a comma: '[@{item['key']}, 72]'"))
            elif rest and not _HAS_LOCATOR_RE.search(rest):
                problems.append(CiteProblem(
                    m.start() + 1, f"'{m[0]}' gives no page or other locator after the comma",
                    f"write the locator after the comma, e.g. '[@{item['key']}, 72]' or "
                    f"'[@{item['key']}, chap. 3]'; words before the key go before '@'"))
            items.append(CiteItem(item["key"], item["prefix"], rest, bool(item["suppress"])))
        else:
            found.append(Citation(Loc(path, line_no, m.start() + 1), m.end() + 1, m[0], tuple(items)))
    # Searched after the line's last ']' only: from each '[@' before it the search would run on to a ']'.
    if m := _UNCLOSED_RE.search(text, text.rfind("]") + 1):
        problems.append(CiteProblem(m.start() + 1, f"the citation '{m[0].strip()}' is never closed on its line",
                                    "end it with ']' on the same line; a citation may not run over a line "
                                    "break"))
    return found, problems
