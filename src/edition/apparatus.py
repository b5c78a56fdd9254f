"""The critical apparatus: the kinds of editorial change and how a mark is written.

A mark stands in the transcription where the change is, in braces:
`{ligature: rst -> first}`, `{sic: sough -> sought | the print has it too}`,
`{space}`, `{italic: Acta Slavica Iaponica}`, `{supplied: the}`,
`{doubtful: peace -> peace time / peacetime}`.  Two kinds are never written
as marks: a line-end hyphen (`-`) and `::furniture` record themselves.

The same braces record what an archival witness itself holds — a deletion,
an addition, a gap, a change of hand, a stamp, a signature, a marginal note:
`{del: old}`, `{add above: new}`, `{gap: 3 words | illegible}`.  These are
no changes of the editors' (their cause is the witness's own), so they are
shown in both views but never listed in the apparatus.

This module knows the kinds and reads one mark's inside; the scanner
(`markup.py`) finds the marks and places them.
"""

from __future__ import annotations

import difflib
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
    PLACED = "place: text"  # an addition: where in the witness it stands
    GAP = "extent | reason"
    NAME = "name"  # a hand, declared in the front matter
    VARIANTS = "siglum: reading | siglum: reading"


class Cause(str, Enum):
    """Who is at fault for what a kind of mark mends: named in the apparatus, so
    that damage done by a text layer is never counted as the source's error."""

    EXTRACTION = "the text layer's, not the source's"  # extraction from a PDF, or OCR
    SOURCE = "the source's own"
    EDITORS = "the editors'"
    CONVENTION = "a convention of print or page"
    # Not a change at all: what the witness itself holds (the author struck a word out, a clerk
    # stamped the page), recorded in both views and never counted in the apparatus.
    WITNESS = "the witness's own, recorded as it stands"
    VARIANT = "no one's: the witnesses differ"


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    label: str  # what the apparatus and the summary call it
    shape: Shape
    example: str  # a mark as an editor writes it (docs, hints)
    means: str  # one sentence for readers, on the edition's apparatus page
    cause: Cause

    @property
    def in_apparatus(self) -> bool:
        """An editorial act (or a convention the edition follows), listed in the apparatus."""
        return self.cause is not Cause.WITNESS


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
    Kind("abbr", "abbreviation expanded", Shape.CHANGE, "{abbr: Gen. -> General}",
         "an abbreviation of the witness is expanded in the reading text; the diplomatic text keeps it",
         Cause.CONVENTION),
    Kind("reg", "spelling regularised", Shape.CHANGE, "{reg: Совѣтъ -> Совет}",
         "a spelling of the witness (pre-reform orthography) is given in its modern form in the reading "
         "text, where the editors mark it; the diplomatic text keeps the witness's", Cause.CONVENTION),
    Kind("unclear", "unclear reading", Shape.TEXT, "{unclear: Khasan | the ink has faded}",
         "a hard-to-read passage of the witness is given as the editors read it, with doubt", Cause.EDITORS),
    Kind("var", "variant reading", Shape.VARIANTS, "{var: A: the border | B: the frontier}",
         "where the witnesses the front matter declares differ, the text follows the base witness (the first "
         "declared), and the apparatus gives each witness's reading under its siglum", Cause.VARIANT),
    # What the witness holds: recorded, not changed (Cause.WITNESS), so never in the apparatus.
    Kind("del", "deletion", Shape.TEXT, "{del: old}",
         "words struck out in the witness: struck through in the diplomatic text, left out of the reading "
         "text", Cause.WITNESS),
    Kind("add", "addition", Shape.PLACED, "{add above: new}",
         "words added in the witness, above or below the line, in the margin or inline: raised or marked "
         "in the diplomatic text, in their place in the reading text", Cause.WITNESS),
    Kind("gap", "gap", Shape.GAP, "{gap: 3 words | illegible}",
         "words the editors cannot read, or that are lost, with their extent: shown as "
         "“[… 3 words illegible]” in both views", Cause.WITNESS),
    Kind("hand", "change of hand", Shape.NAME, "{hand: pencil}",
         "the hand (or typewriter) the text continues in, one of those the front matter declares: "
         "labelled in the diplomatic text", Cause.WITNESS),
    Kind("stamp", "stamp", Shape.TEXT, "{stamp: СЕКРЕТНО}", "a stamp's words, boxed and labelled",
         Cause.WITNESS),
    Kind("signature", "signature", Shape.TEXT, "{signature: И. Сталин}", "a signature, boxed and labelled",
         Cause.WITNESS),
    Kind("margin", "marginal note", Shape.TEXT, "{margin: agreed}",
         "a note written in the margin (not an addition to the text), labelled where it stands",
         Cause.WITNESS),
)}
# Where an addition stands (TEI's add/@place): above, below, in the margin, inline …
PLACES = ("above", "below", "margin", "inline", "top", "bottom")
# A gap's unit (TEI's @unit, singular forms accepted) and reason, with the words readers see.
GAP_UNITS = {"character": "chars", "characters": "chars", "letter": "chars", "letters": "chars",
             "word": "words", "words": "words", "line": "lines", "lines": "lines"}
GAP_REASONS = {"illegible": "illegible", "damage": "lost to damage", "cancelled": "struck out, illegible"}
# Names a mistaken mark may use for a kind: "did you mean …?" (besides close spellings).
_ALIASES = {"delete": "del", "deletion": "del", "deleted": "del", "strike": "del", "addition": "add",
            "added": "add", "insert": "add", "ins": "add", "illegible": "gap", "lost": "gap", "damage": "gap",
            "abbreviation": "abbr", "expan": "abbr", "expansion": "abbr", "orig": "reg", "spelling": "reg",
            "regularised": "reg", "regularized": "reg", "handshift": "hand", "signed": "signature",
            "sign": "signature", "note": "margin", "marginal": "margin", "marginalia": "margin", "seal": "stamp",
            "doubt": "doubtful"}
SIGLUM_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*")  # a witness's siglum: A, B, Ms2
NAME_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")  # a hand's, as the front matter declares it
_GAP_RE = re.compile(r"(?P<n>[1-9][0-9]{0,3}) (?P<unit>[a-z]+)")

WRITTEN = [k for k in KINDS.values() if k.shape is not Shape.AUTOMATIC]
_KIND_RE = re.compile(r"[a-z]+")
# A mark in the edition's prose, where marks do not belong (reported, not rendered).
MARK_IN_PROSE_RE = re.compile(r"(?<!\\)\{(?:" + "|".join(k.name for k in WRITTEN) + r")(?: [a-z]+)?\s*[:|}]")


@dataclass(frozen=True, slots=True)
class Mark:
    """What one mark says: the witness's text, the reading text, and why."""

    kind: str
    witness: str  # as the witness has it ('' where the witness has nothing)
    reading: str  # as the reading text shows it
    alternatives: tuple[str, ...] = ()  # for a doubtful reading
    reason: str = ""
    detail: str = ""  # an addition's place ('above'), a gap's extent ('3 words'), a hand's name
    readings: tuple[tuple[str, str], ...] = ()  # a variant's: (siglum, reading), the base witness's first


class MarkError(ValueError):
    """A mark that cannot be read: (code, message, hint)."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def read_mark(inside: str) -> Mark:
    """Read the text between a mark's braces, or raise `MarkError`."""
    if inside.partition(":")[0].strip() == "var":  # its '|' parts the witnesses' readings
        return _variant(inside.partition(":")[2])
    head, bar, reason = inside.partition("|")
    name, colon, content = head.partition(":")
    name, content, reason = name.strip(), content.strip(), reason.strip()
    # 'add above': a kind, then what it needs before ':' (only an addition has anything there)
    name, _, place = name.partition(" ")
    place = place.strip()
    kind = KINDS.get(name)
    if kind is None:
        written = ", ".join(k.name for k in WRITTEN)
        if inside.startswith(("@", "date ")):  # a mention or a date, not straight after its '[words]'
            raise MarkError("ED707", f"'{{{inside}}}' does not follow the words it marks",
                            "put the words in brackets right before it, with no space: "
                            f"'[{'Trotsky' if inside.startswith('@') else 'July 1938'}]{{{inside}}}'")
        if not _KIND_RE.fullmatch(name) or (place and name not in _ALIASES):
            raise MarkError("ED502", f"'{{{inside}}}' does not start with a kind of mark",
                            f"write e.g. '{KINDS['ligature'].example}'; the kinds are {written}; "
                            "a brace of the source itself is written '\\{'")
        meant = _ALIASES.get(name) or next(iter(difflib.get_close_matches(name, [k.name for k in WRITTEN], 1)), None)
        raise MarkError("ED501", f"'{name}' is not a kind of mark the edition knows",
                        f"did you mean '{meant}'? write it like '{KINDS[meant].example}'" if meant
                        else f"use one of {written}")
    if kind.shape is Shape.AUTOMATIC:
        raise MarkError("ED501", f"'{name}' is not written as a mark", f"write it as {kind.example!r}")

    def wrong(what: str) -> MarkError:
        return MarkError("ED502", f"a '{name}' mark {what}", f"write it like '{kind.example}'")

    if kind.shape is Shape.PLACED:
        if place not in PLACES:
            raise MarkError("ED502", f"an addition needs its place before ':', not '{place}'" if place else
                            "an addition needs its place before ':'",
                            f"write one of {', '.join(PLACES)}, like '{kind.example}'")
    elif place:
        raise wrong("has nothing between its kind and ':'")
    if bar and not reason:
        raise MarkError("ED502", f"the mark '{{{inside}}}' has '|' but no reason after it",
                        "write the reason after '|', or remove the '|'")
    if bar and kind.shape is not Shape.GAP and not kind.in_apparatus:
        # A reason is printed in the apparatus, which lists no deletion, stamp …
        raise wrong("takes no reason after '|': it records the witness and is not in the apparatus; "
                    "give the editors' comment in an editorial note")
    witness, arrow, reading = (s.strip() for s in content.partition("->"))

    if kind.shape is Shape.NOTHING:
        if colon:
            raise wrong("takes no text")
        return Mark(name, "", " ", reason=reason)
    if not content:
        raise wrong("needs its text after ':'")
    if arrow and kind.shape not in (Shape.CHANGE, Shape.DOUBT):
        raise wrong("has no '->'")
    if kind.shape is Shape.GAP:
        return _gap(content, reason, wrong)
    if kind.shape is Shape.NAME:
        if not NAME_RE.fullmatch(content):
            raise wrong(f"names a hand in lower case with hyphens, not '{content}'")
        return Mark(name, "", "", detail=content)
    if kind.shape in (Shape.TEXT, Shape.PLACED):
        # What only the reading text has (supplied) or only the witness (a deletion)
        return Mark(name, "" if name == "supplied" else content, "" if name == "del" else content,
                    reason=reason, detail=place)
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


def _gap(extent: str, reason: str, wrong) -> Mark:
    """A gap: '3 words | illegible' — how much is missing, and why."""
    m = _GAP_RE.fullmatch(extent)
    if not m or m["unit"] not in GAP_UNITS:
        raise wrong(f"gives its extent as a number and a unit (characters, words or lines), not '{extent}'")
    if reason not in GAP_REASONS:
        raise wrong(f"gives its reason after '|': {', '.join(GAP_REASONS)}" +
                    (f", not '{reason}'" if reason else ""))
    unit = m["unit"].removesuffix("s") + ("" if m["n"] == "1" else "s")  # '1 words' is '1 word'
    return Mark("gap", "", "", reason=reason, detail=f"{m['n']} {unit}")


def _variant(content: str) -> Mark:
    """A variant: 'A: the border | B: the frontier', the base witness's reading first.
    A reading may be empty: that witness omits the words."""
    readings = []
    for part in content.split("|"):
        siglum, colon, reading = (s.strip() for s in part.partition(":"))
        if not (colon and SIGLUM_RE.fullmatch(siglum)):
            raise MarkError("ED502", f"a 'var' mark gives each reading after its witness's siglum and ':', not "
                            f"'{part.strip()}'", f"write it like '{KINDS['var'].example}'")
        readings.append((siglum, reading))
    sigla = [s for s, _ in readings]
    if len(readings) < 2 or len(set(sigla)) < len(sigla):
        raise MarkError("ED502", "a 'var' mark gives the reading of each witness once, at least two",
                        f"write it like '{KINDS['var'].example}'")
    if len({r for _, r in readings}) == 1:
        agree = f"reads '{readings[0][1]}'" if readings[0][1] else "omits the words"
        raise MarkError("ED503", f"the variant changes nothing: every witness {agree}",
                        "delete the mark: the witnesses agree")
    return Mark("var", readings[0][1], readings[0][1], readings=tuple(readings))


def gap_words(mark: Mark) -> str:
    """A gap as readers see it, in both views: '[… 3 words illegible]'."""
    return f"[… {mark.detail} {GAP_REASONS[mark.reason]}]"


def lemma_and_variant(mark: Mark, before: str, after: str, negative: bool = False) -> tuple[str, str]:
    """The two sides of an apparatus entry, `lemma ] variant`: the reading
    text's words, then the witness's.  `before` and `after` are the witness's
    text around the mark, which a lost space needs to be seen at all.  A
    `negative` apparatus names only the witnesses that differ from the text
    ('the border ] the frontier B'); a positive one, the default, those that
    agree too ('the border A ] the frontier B')."""
    if mark.kind == "space":
        first = before.split()[-1] if before.split() else ""
        second = after.split()[0] if after.split() else ""
        return f"{first} {second}".strip(), first + second
    if mark.kind == "supplied":
        return f"⟨{mark.reading}⟩", "not in the witness"
    if mark.kind == "doubtful":
        return mark.witness, " / ".join(mark.alternatives)
    if mark.kind == "var":  # 'the border A ] the frontier B', 'om.' where a witness lacks the words
        # Witnesses that agree are named together ('at once A C ] om. B'): one that reads as the base is no variant.
        sigla: dict[str, list[str]] = {}
        for siglum, words in mark.readings:
            sigla.setdefault(words, []).append(siglum)
        lemma, *others = (f"{words or 'om.'} {' '.join(names)}" for words, names in sigla.items())
        if negative:
            lemma = mark.reading or "om."
        return lemma, "; ".join(others)
    if mark.kind == "unclear":
        return mark.reading, "unclear in the witness"
    return mark.reading, mark.witness
