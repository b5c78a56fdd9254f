"""The edition's version: the first version heading of its changelog.

The changelog is the one place a version is declared, so the number shown
on every page, written into every citation and the one the release notes
describe cannot disagree.  A heading reads `## 1.2.0 — 2026-11-21`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .diagnostics import Diagnostic, Loc

_HEADING_RE = re.compile(r"^## +(?P<version>\d+\.\d+(?:\.\d+)?) +[—–-] +(?P<date>\d{4}-\d{2}-\d{2}) *$")
_EXAMPLE = "## 1.0.0 — 2026-11-21"


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
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.startswith("## "):
            continue
        m = _HEADING_RE.match(line)
        if m is None:
            return None, [Diagnostic("ED801", Loc(path, n, 4), f"'{line[3:].strip()}' is not a version and its date",
                                     f"write the latest version as '{_EXAMPLE}' (version, dash, the day in YYYY-MM-DD)")]
        try:
            date.fromisoformat(m["date"])
        except ValueError:
            return None, [Diagnostic("ED801", Loc(path, n, m.start("date") + 1), f"'{m['date']}' is not a real day",
                                     "give the day the version was published, as YYYY-MM-DD")]
        return Release(m["version"], m["date"], Loc(path, n)), []
    return None, [Diagnostic("ED800", Loc(path, 1), "the changelog has no version heading",
                             f"add the edition's version as a heading, '{_EXAMPLE}', above what it changed")]
