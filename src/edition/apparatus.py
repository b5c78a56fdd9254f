"""The critical apparatus: the kinds of editorial change and how a mark is written.

A mark stands in the transcription where the change is, in braces:
`{ligature: rst -> first}`, `{sic: sough -> sought | the print has it too}`,
`{space}`, `{italic: Acta Slavica Iaponica}`, `{supplied: the}`,
`{doubtful: peace -> peace time / peacetime}`.  Two kinds are never written
as marks: a line-end hyphen (`-`) and `::furniture` record themselves.

This module knows the kinds and reads one mark's inside; the scanner
(`markup.py`) finds the marks and places them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Shape(str, Enum):
    """How a kind's mark is written inside the braces after 'kind:'."""

    CHANGE = "witness -> reading"
    NOTHING = ""  # the mark alone says it all: {space}
    TEXT = "text"
    DOUBT = "text -> reading / reading"
    AUTOMATIC = "not written as a mark"


class Cause(str, Enum):
    """Who is at fault for what a kind of mark mends: named in the apparatus, so
    that damage done by a text layer is never counted as the source's error."""

    EXTRACTION = "the text layer's, not the source's"  # extraction from a PDF, or OCR
    SOURCE = "the source's own"
    EDITORS = "the editors'"
    CONVENTION = "a convention of print or page"


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    label: str  # what the apparatus and the summary call it
    shape: Shape
    example: str  # a mark as an editor writes it (docs, hints)
    means: str  # one sentence for readers, on the edition's apparatus page
    cause: Cause


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("ligature", "lost ligature", Shape.CHANGE, "{ligature: rst -> first}",
         "letters the witness lost with a ligature (fi, fl, ff) are restored", Cause.EXTRACTION),
    Kind("space", "lost space", Shape.NOTHING, "{space}",
         "a space the witness lost is restored (a note marker run into the next word, "
         "an italic boundary)", Cause.EXTRACTION),
    Kind("italic", "lost italics", Shape.TEXT, "{italic: Acta Slavica Iaponica}",
         "italics the witness lost are restored", Cause.EXTRACTION),
    Kind("extraction", "damaged by the text layer", Shape.CHANGE,
         "{extraction: Sato ¯ -> Satō | the macron detached from its letter}",
         "other damage the text layer or OCR did to what the source prints correctly — a diacritic "
         "detached or wrong, a glyph mis-mapped, a character dropped — is mended, never marked [sic]",
         Cause.EXTRACTION),
    Kind("hyphenation", "line-end hyphenation", Shape.AUTOMATIC, "ar-",
         "a word split at a printed line end is joined in the reading text; the diplomatic text keeps the "
         "hyphen", Cause.CONVENTION),
    Kind("sic", "error of the source", Shape.CHANGE, "{sic: sough -> sought | the print has it too}",
         "the source's own error is kept in the diplomatic text, marked [sic], and corrected "
         "in the reading text", Cause.SOURCE),
    Kind("supplied", "supplied", Shape.TEXT, "{supplied: the}",
         "text the witness lacks is supplied by the editors, shown in ⟨angle brackets⟩", Cause.EDITORS),
    Kind("doubtful", "doubtful reading", Shape.DOUBT, "{doubtful: peace -> peace time / peacetime}",
         "the witness's text is kept, and the readings it may stand for are listed", Cause.EDITORS),
    Kind("furniture", "page furniture omitted", Shape.AUTOMATIC, "::furniture running head: …",
         "a running head, page number or web-page furniture is left out of the reading text; the "
         "diplomatic text shows it", Cause.CONVENTION),
)}

WRITTEN = [k for k in KINDS.values() if k.shape is not Shape.AUTOMATIC]
_KIND_RE = re.compile(r"[a-z]+")
# A mark in the edition's prose, where marks do not belong (reported, not rendered).
MARK_IN_PROSE_RE = re.compile(r"(?<!\\)\{(?:" + "|".join(k.name for k in WRITTEN) + r")\s*[:|}]")


@dataclass(frozen=True, slots=True)
class Mark:
    """What one mark says: the witness's text, the reading text, and why."""

    kind: str
    witness: str  # as the witness has it ('' where the witness has nothing)
    reading: str  # as the reading text shows it
    alternatives: tuple[str, ...] = ()  # for a doubtful reading
    reason: str = ""


class MarkError(ValueError):
    """A mark that cannot be read: (code, message, hint)."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def read_mark(inside: str) -> Mark:
    """Read the text between a mark's braces, or raise `MarkError`."""
    head, bar, reason = inside.partition("|")
    name, colon, content = head.partition(":")
    name, content, reason = name.strip(), content.strip(), reason.strip()
    kind = KINDS.get(name)
    if kind is None:
        written = ", ".join(k.name for k in WRITTEN)
        if inside.startswith(("@", "date ")):  # a mention or a date, not straight after its '[words]'
            raise MarkError("ED707", f"'{{{inside}}}' does not follow the words it marks",
                            "put the words in brackets right before it, with no space: "
                            f"'[{'Trotsky' if inside.startswith('@') else 'July 1938'}]{{{inside}}}'")
        if not _KIND_RE.fullmatch(name):
            raise MarkError("ED502", f"'{{{inside}}}' does not start with a kind of change",
                            f"write e.g. '{KINDS['ligature'].example}'; the kinds are {written}; "
                            "a brace of the source itself is written '\\{'")
        raise MarkError("ED501", f"'{name}' is not a kind of change the apparatus knows",
                        f"use one of {written}")
    if kind.shape is Shape.AUTOMATIC:
        raise MarkError("ED501", f"'{name}' is not written as a mark", f"write it as {kind.example!r}")
    if bar and not reason:
        raise MarkError("ED502", f"the mark '{{{inside}}}' has '|' but no reason after it",
                        "write the reason after '|', or remove the '|'")
    witness, arrow, reading = (s.strip() for s in content.partition("->"))

    def wrong(what: str) -> MarkError:
        return MarkError("ED502", f"a '{name}' mark {what}", f"write it like '{kind.example}'")

    if kind.shape is Shape.NOTHING:
        if colon:
            raise wrong("takes no text")
        return Mark(name, "", " ", reason=reason)
    if not content:
        raise wrong("needs its text after ':'")
    if kind.shape is Shape.TEXT:
        if arrow:
            raise wrong("has no '->'")
        return Mark(name, "" if name == "supplied" else content, content, reason=reason)
    if not (arrow and witness and reading):
        raise wrong("needs the witness's text, '->' and " +
                    ("the reading text" if kind.shape is Shape.CHANGE else "the possible readings"))
    if kind.shape is Shape.CHANGE:
        if witness == reading:
            raise MarkError("ED503", f"the mark changes nothing: '{witness}' -> '{reading}'",
                            "write the reading the edition gives, or delete the mark")
        return Mark(name, witness, reading, reason=reason)
    alternatives = tuple(a.strip() for a in reading.split("/"))
    if any(not a for a in alternatives):
        raise wrong("has an empty reading between '/'")
    if all(a == witness for a in alternatives):
        raise MarkError("ED503", f"the doubtful reading offers nothing but '{witness}' itself",
                        "list the readings the text may stand for, separated by '/'")
    return Mark(name, witness, witness, alternatives, reason)


def lemma_and_variant(mark: Mark, before: str, after: str) -> tuple[str, str]:
    """The two sides of an apparatus entry, `lemma ] variant`: the reading
    text's words, then the witness's.  `before` and `after` are the witness's
    text around the mark, which a lost space needs to be seen at all."""
    if mark.kind == "space":
        first = before.split()[-1] if before.split() else ""
        second = after.split()[0] if after.split() else ""
        return f"{first} {second}".strip(), first + second
    if mark.kind == "supplied":
        return f"⟨{mark.reading}⟩", "not in the witness"
    if mark.kind == "doubtful":
        return mark.witness, " / ".join(mark.alternatives)
    return mark.reading, mark.witness
