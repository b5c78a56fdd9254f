"""The edition's version: the first version heading of its changelog.

The changelog is the one place a version is declared, so the number shown
on every page, written into every citation and the one the release notes
describe cannot disagree.  A heading reads `## 1.2.0 — 2026-11-21`.  Only a
heading the page shows counts: one in a fenced code block or an HTML comment
(an example of a heading, a draft) is not the version.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .dates import date_problem
from .diagnostics import Diagnostic, Loc

_HEADING_RE = re.compile(r"^## +(?P<version>\d+\.\d+(?:\.\d+)?) +[—–-] +(?P<date>\d{4}-\d{2}-\d{2}) *$")
_EXAMPLE = "## 1.0.0 — 2026-11-21"
_FENCE_RE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)")  # CommonMark's; four spaces make code
_COMMENT_RE = re.compile(r" {0,3}<!--")


@dataclass(frozen=True, slots=True)
class Release:
    version: str  # "1.0.0"
    date: str  # ISO 8601, the day it was published
    loc: Loc

    @property
    def year(self) -> str:
        return self.date[:4]


def read_release(text: str, path: str) -> tuple[Release | None, list[Diagnostic]]:
    """The latest release: the changelog's first second-level heading."""
    for n, line in _shown(text):
        if not line.startswith("## "):
            continue
        m = _HEADING_RE.match(line)
        if m is None:
            return None, [Diagnostic("ED801", Loc(path, n, 4), f"'{line[3:].strip()}' is not a version and its date",
                                     f"write the latest version as '{_EXAMPLE}' (version, dash, the day in YYYY-MM-DD)")]
        if problem := date_problem(m["date"]):
            return None, [Diagnostic("ED801", Loc(path, n, m.start("date") + 1), f"'{m['date']}' {problem}",
                                     "give the day the version was published, as YYYY-MM-DD")]
        return Release(m["version"], m["date"], Loc(path, n)), []
    return None, [Diagnostic("ED800", Loc(path, 1), "the changelog has no version heading",
                             f"add the edition's version as a heading, '{_EXAMPLE}', above what it changed")]


def _shown(text: str) -> Iterator[tuple[int, str]]:
    """The changelog's lines with their numbers, but those of fenced code
    blocks and HTML comments, which the page does not show as headings.  (An
    indented line is never a heading: `read_release` wants '## ' at its start.)"""
    fence, comment = "", False
    for n, line in enumerate(text.split("\n"), start=1):
        if comment:
            comment = "-->" not in line
        elif fence:
            m = _FENCE_RE.fullmatch(line)  # closed by a fence of the same kind, as long, with nothing after it
            if m and m["fence"][0] == fence[0] and len(m["fence"]) >= len(fence) and not m["info"].strip():
                fence = ""
        elif (m := _FENCE_RE.fullmatch(line)) and not (m["fence"][0] == "`" and "`" in m["info"]):
            fence = m["fence"]
        elif _COMMENT_RE.match(line):
            comment = "-->" not in line[line.index("<!--") + 4:]
        else:
            yield n, line
