"""The corrections log: every change to a transcription after it was published.

A document lists its corrections in its front matter (`corrections:`, each
with date, what, why, by).  The record of published texts
(`published.txt`) holds, for each document as last published, how many
entries its log had then and a fingerprint of each part of its
transcription: each printed page with its lines, furniture and the
source's notes on it, and the rest (`text`: a text in paragraphs, the
editorial notes).  A published part that differs from its fingerprint needs
a log entry the record has not seen; a page added is new text, not a
correction.  Only the deploy workflow writes the record, after a build that
passed, so a pull request is checked against what readers have.

    docs/texts/kuromiya-mamoulia-ch6.md  0  text:3c0d9a1e77f2  p131:9f2c61a0d4b7

A part is its lines of the file from `::text` on, with their markup: the
text, notes, apparatus marks, mentions.  The editors' introduction above
`::text` may change without an entry.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .diagnostics import Diagnostic, Loc
from .model import Document, Milestone, Role

HEADER = """\
# The transcriptions as last published: for each document, the number of
# entries its corrections log had then, and a fingerprint of each part of its
# text (from its '::text' line on): each printed page, and the rest.  Written by the deploy workflow (`make record`);
# `edition check` fails when a transcription differs from its fingerprint and
# its log has no new entry.  Do not edit by hand.
"""
# A count of nine digits at most: Python refuses to read an integer of over 4,300.
_LINE_RE = re.compile(r"(?P<path>\S+\.md)[ \t]+(?P<count>\d{1,9})(?P<parts>(?:[ \t]+[\w.-]+:[0-9a-f]{12})+)")
REST = "text"  # the part of a transcription that is on no printed page


@dataclass(frozen=True, slots=True)
class Published:
    parts: dict[str, str]  # part -> fingerprint
    corrections: int  # entries in the document's log when it was published
    loc: Loc


@dataclass(slots=True)
class Record:
    path: str
    documents: dict[str, Published] = field(default_factory=dict)  # source path -> as published


def _text_line(document: Document) -> int | None:
    """The file line of the document's '::text', None without one (reported elsewhere)."""
    return next((m.loc.line for m in document.body.milestones if m.kind == "text"), None)


def fingerprints(document: Document, text: str) -> dict[str, tuple[str, int]]:
    """Each part of the transcription: its fingerprint and its first line in
    the file.  Empty without a `::text` line."""
    start = _text_line(document)
    if start is None:
        return {}
    body = document.body
    lines = text.split("\n")
    first = len(lines) - len(body.lines)  # index of the body's first line
    cites = {work.loc.line: work.note for work in body.works_cited}  # '::cites' lines, by file line
    parts: dict[str, list[str]] = {}
    at: dict[str, int] = {}
    page = REST
    for i in range(start - 1, len(lines)):
        line, info = lines[i], body.lines[i - first]
        if info.role is Role.BLANK:
            continue
        if info.items and isinstance(info.items[0], Milestone) and info.items[0].kind == "page":
            page = info.items[0].anchor
        part = page
        label = info.note if info.role is Role.NOTE else cites.get(i + 1)
        if label is not None:  # a source's note belongs to the page it is printed on
            note = document.body.notes.get(label)
            part = f"p{note.page}" if note is not None and note.page else REST
        parts.setdefault(part, []).append(line)
        at.setdefault(part, i + 1)
    return {part: (hashlib.sha256("\n".join(kept).encode("utf-8")).hexdigest()[:12], at[part])
            for part, kept in parts.items()}


def read(text: str, path: str) -> tuple[Record, list[Diagnostic]]:
    record, diagnostics = Record(path), []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        m = _LINE_RE.fullmatch(line.strip())
        if m is None:
            diagnostics.append(Diagnostic(
                "ED822", Loc(path, n), f"'{line.strip()}' is not a document, a count and its parts' fingerprints",
                "the deploy workflow writes this file; restore the line from the repository's history"))
            continue
        parts = dict(part.split(":") for part in m["parts"].split())
        record.documents[m["path"]] = Published(parts, int(m["count"]), Loc(path, n))
    return record, diagnostics


def gone(record: Record, documents: set[str]) -> list[Diagnostic]:
    """A published document the edition no longer has, by that path: were it
    renamed, its text would no longer be guarded, since the record names the
    old file."""
    return [Diagnostic("ED823", published.loc, f"the published document '{path}' is not in the edition",
                       "if it was renamed, write its new path on this line, so that its corrections log "
                       "still guards it; if it was removed, delete the line (and record where its address "
                       "went in anchors.txt)")
            for path, published in record.documents.items() if path not in documents]


def against(base: Record, head: Record, documents: set[str]) -> list[Diagnostic]:
    """What a pull request did to the record, against the record as published
    (`base`): only the deploy workflow writes it, so a line may only follow
    its document to a new path, or go with a removed document.  Any other
    change would lift the guard on a published text."""
    diagnostics = []
    added = {path: pub for path, pub in head.documents.items() if path not in base.documents}
    restore = "restore the line as the repository's main branch has it: the deploy workflow writes this file"
    for path, old in base.documents.items():
        new = head.documents.get(path)
        if new is not None:
            if (new.parts, new.corrections) != (old.parts, old.corrections):
                diagnostics.append(Diagnostic("ED824", new.loc, f"the line of '{path}' is not as published", restore))
            continue
        moved = next((p for p, pub in added.items() if (pub.parts, pub.corrections) == (old.parts, old.corrections)),
                     None)
        if moved is not None:
            del added[moved]
        elif path in documents:
            diagnostics.append(Diagnostic("ED824", Loc(head.path, 1), f"the line of '{path}' is gone, and the "
                                          "document is still in the edition", restore))
    diagnostics += [Diagnostic("ED824", pub.loc, f"the line of '{path}' is not in the record as published",
                               restore + "; a text is recorded when it is published") for path, pub in added.items()]
    return diagnostics


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
    now = fingerprints(document, text)
    if published is None or not now:  # not yet published: nothing to log against
        return diagnostics
    changed = [part for part, mark in published.parts.items() if now.get(part, ("",))[0] != mark]
    if len(log) < published.corrections:
        diagnostics.append(Diagnostic(
            "ED821", document.locs.get("corrections", Loc(document.path, 1)),
            f"the corrections log has {len(log)} entries; when published it had {published.corrections}",
            "restore the removed entries: the log records every correction for good"))
    elif changed and len(log) == published.corrections:
        part = changed[0]
        where = now[part][1] if part in now else _text_line(document)
        what = "the transcription" if part == REST else f"page {part[1:]} of the transcription"
        diagnostics.append(Diagnostic(
            "ED820", Loc(document.path, where), f"{what} has changed since it was published, and its "
            "corrections log has no entry for the change",
            "add an entry at the end of 'corrections:' in the front matter: '- date: YYYY-MM-DD', then "
            "'what:' (what changed, where), 'why:' and 'by:' (your name or the pull request, e.g. '#12')"))
    return diagnostics


def write(documents: list[tuple[Document, str]]) -> str:
    """The record of publishing `documents` (each with its source text): the
    length of each one's log and its parts' fingerprints.  A document no
    longer in the edition drops out: its address is kept by the anchor
    register, which asks for a redirect."""
    lines = [HEADER]
    for document, text in sorted(documents, key=lambda d: d[0].path):
        count = len(document.meta.get("corrections") or [])
        parts = "  ".join(f"{part}:{mark}" for part, (mark, _) in fingerprints(document, text).items())
        lines.append(f"{document.path}  {count}  {parts}")
    return "\n".join(lines) + "\n"
