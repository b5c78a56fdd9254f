"""Citations in the edition's own prose and notes, in pandoc's syntax.

`[@Berton1993]`, `[@Berton1993, 72]`, `[see @Meijer1964, 622–23; @Berton1993]`.
A bracket is a citation only when every part of it names a key after `@`
at the start of a word; so an e-mail address (`[ed@example.org]`), a link
(`[@handle](https://…)`) and code (`` `[@x]` ``) are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .diagnostics import Loc

CODE_SPAN_RE = re.compile(r"(`+).+?\1")  # `…` and ``…``: code, never markup
# A bracket not opened by '^' (a note) nor followed by '(' or '[' (a link) or ':' (a link definition).
_BRACKET_RE = re.compile(r"(?<![\\!])\[(?!\^)(?P<inside>[^\[\]]*@[^\[\]]*)\](?![(\[:])")
_ITEM_RE = re.compile(r"(?P<prefix>(?:.*?\s)?)(?P<suppress>-?)@(?P<key>[\w][\w:.#$%&\-+?<>~/]*?)"
                      r"(?P<rest>(?:,.*)?|\s.*)$", re.S)
_HAS_LOCATOR_RE = re.compile(r"\d|\b[ivxlcdm]+\b", re.I)


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


def find_citations(line: str, path: str, line_no: int) -> tuple[list[Citation], list[CiteProblem]]:
    text = CODE_SPAN_RE.sub(lambda m: " " * len(m[0]), line)
    found: list[Citation] = []
    problems: list[CiteProblem] = []
    for m in _BRACKET_RE.finditer(text):
        items = []
        for part in m["inside"].split(";"):
            item = _ITEM_RE.fullmatch(part.strip())
            if item is None:
                break
            rest = item["rest"]
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
    return found, problems
