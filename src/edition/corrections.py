"""The corrections log: every change to a transcription after it was published.

A document lists its corrections in its front matter (`corrections:`, each
with date, what, why, by).  The record of published texts
(`published.txt`) holds, for each document as last published, a
fingerprint of its transcription and how many entries its log had then.
A transcription that differs from its fingerprint needs a log entry the
record has not seen.  Only the deploy workflow writes the record, after a
build that passed, so a pull request is checked against what readers have.

    docs/texts/kuromiya-mamoulia-ch6.md  9f2c61a0d4b7e385  0

The transcription is the file from its `::text` line on: the text, its
notes and its apparatus marks.  The editors' introduction above it may
change without an entry.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .diagnostics import Diagnostic, Loc
from .model import Document

HEADER = """\
# The transcriptions as last published: for each document, a fingerprint of
# its text (from its '::text' line on) and the number of entries its
# corrections log had then.  Written by the deploy workflow (`make record`);
# `edition check` fails when a transcription differs from its fingerprint and
# its log has no new entry.  Do not edit by hand.
"""
_TEXT_RE = re.compile(r"^::text(?=[ \t]|$)", re.MULTILINE)
_LINE_RE = re.compile(r"(?P<path>\S+\.md)[ \t]+(?P<print>[0-9a-f]{16})[ \t]+(?P<count>\d+)")


@dataclass(frozen=True, slots=True)
class Published:
    fingerprint: str
    corrections: int  # entries in the document's log when it was published
    loc: Loc


@dataclass(slots=True)
class Record:
    path: str
    documents: dict[str, Published] = field(default_factory=dict)  # source path -> as published


def fingerprint(text: str) -> str | None:
    """The transcription's fingerprint (None without a `::text` line, which is reported elsewhere)."""
    m = _TEXT_RE.search(text)
    if m is None:
        return None
    return hashlib.sha256(text[m.start():].rstrip().encode("utf-8")).hexdigest()[:16]


def read(text: str, path: str) -> tuple[Record, list[Diagnostic]]:
    record, diagnostics = Record(path), []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        m = _LINE_RE.fullmatch(line.strip())
        if m is None:
            diagnostics.append(Diagnostic(
                "ED822", Loc(path, n), f"'{line.strip()}' is not a document, its fingerprint and a count",
                "the deploy workflow writes this file; restore the line from the repository's history"))
            continue
        record.documents[m["path"]] = Published(m["print"], int(m["count"]), Loc(path, n))
    return record, diagnostics


def check(document: Document, text: str, record: Record) -> list[Diagnostic]:
    """A published transcription that changed must have a new log entry; the log only grows, in order."""
    log: list[dict] = document.meta.get("corrections") or []
    diagnostics = []
    for i in range(1, len(log)):
        before, entry = log[i - 1].get("date"), log[i].get("date")
        if before and entry and entry < before:
            diagnostics.append(Diagnostic(
                "ED821", document.locs.get(f"corrections.{i}.date", Loc(document.path, 1)),
                f"correction {i + 1} is dated {entry}, before correction {i} ({before})",
                "keep the log in the order the corrections were made, adding each new one at its end"))
    published = record.documents.get(document.path)
    now = fingerprint(text)
    if published is None or now is None:  # not yet published: nothing to log against
        return diagnostics
    where = Loc(document.path, text[:_TEXT_RE.search(text).start()].count("\n") + 1)
    if len(log) < published.corrections:
        diagnostics.append(Diagnostic(
            "ED821", document.locs.get("corrections", Loc(document.path, 1)),
            f"the corrections log has {len(log)} entries; when published it had {published.corrections}",
            "restore the removed entries: the log records every correction for good"))
    elif now != published.fingerprint and len(log) == published.corrections:
        diagnostics.append(Diagnostic(
            "ED820", where, "the transcription has changed since it was published, and its corrections log "
            "has no entry for the change",
            "add an entry at the end of 'corrections:' in the front matter: '- date: YYYY-MM-DD', then "
            "'what:' (what changed, where), 'why:' and 'by:' (your name or the pull request, e.g. '#12')"))
    return diagnostics


def write(documents: dict[str, tuple[str, int]]) -> str:
    """The record of publishing `documents` (path -> fingerprint, log entries).
    A document no longer in the edition drops out: its address is kept by
    the anchor register, which asks for a redirect."""
    lines = [HEADER]
    for path, (mark, count) in sorted(documents.items()):
        lines.append(f"{path}  {mark}  {count}")
    return "\n".join(lines) + "\n"
