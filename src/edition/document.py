"""Read one edition document (a Markdown file in `docs/texts/`) into the model."""

from __future__ import annotations

import re
import unicodedata
from html import escape

from . import frontmatter
from .diagnostics import Diagnostic, Loc
from .markup import scan_body, undeclared
from .model import Document


# C0 and C1 controls but tab and line end, and Unicode's line and paragraph separators (ED007);
# bidirectional controls, which reorder what follows, and zero-width characters, which hide a
# difference between two words (ED007); private-use characters, which mean something only in one
# font and which later steps use as placeholders of their own (ED009); lone surrogates, which no
# file can hold but a YAML escape ('\ud800') can write (ED009).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_HIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e"
                        "\u2060\u2066-\u2069\ufeff\ue000-\uf8ff\U000f0000-\U0010ffff\ud800-\udfff]")
_PRIVATE_RE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff\ud800-\udfff]")
_JOINERS = "\u200c\u200d"  # ZWNJ and ZWJ: letters of Persian and Indic scripts, emoji sequences need them
_CONTROLS = {"\x00": "NULL", "\x08": "BACKSPACE", "\x0b": "LINE TABULATION", "\x0c": "FORM FEED",
             "\x1b": "ESCAPE", "\x7f": "DELETE", "\x85": "NEXT LINE"}  # names unicodedata lacks
MAX_PAGE_BYTES = 2_000_000  # a page of the site is read whole by every reader who opens it


def decode(data: bytes, path: str, *, limit: int | None = None) -> tuple[str | None, list[Diagnostic]]:
    """A file's text with '\n' line ends, and what is wrong with its encoding:
    a byte that is not UTF-8 or a file over `limit` bytes (no text: None);
    a byte-order mark, CR line ends, text not in Unicode's composed form (NFC)
    (reported; the text is read all the same, so later problems are found too)."""
    if limit is not None and len(data) > limit:
        return None, [Diagnostic("ED005", Loc(path, 1), f"the file is {len(data):,} bytes; a page of the edition "
                                 f"may be at most {limit:,} ({limit / 1e6:.0f} MB)",
                                 "split the source into several documents (one per chapter, letter or issue), "
                                 "each its own page")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _place(data[: err.start].decode("utf-8").removeprefix("\ufeff"))
        return None, [Diagnostic("ED001", Loc(path, line, col),
                                 f"byte 0x{data[err.start]:02x} is not UTF-8",
                                 "save the file as UTF-8 (most editors offer it under 'Save with encoding')")]
    diagnostics = []
    if text.startswith("\ufeff"):
        text = text[1:]
        diagnostics.append(Diagnostic("ED002", Loc(path, 1), "the file begins with a byte-order mark (U+FEFF)",
                                      "save it as 'UTF-8', not 'UTF-8 with BOM'"))
    if (cr := text.find("\r")) >= 0:
        diagnostics.append(Diagnostic("ED003", Loc(path, *_place(text[:cr])),
                                      "the lines end in CR LF (Windows) or CR, not LF",
                                      "save the file with LF ('Unix') line ends; the repository's "
                                      ".gitattributes makes Git do so when it is committed"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        diagnostics.append(_not_composed(text, path))
    diagnostics += hidden_characters(text, path)
    # Read as U+FFFD, reported: no later step may take one for a placeholder of its own.
    return _PRIVATE_RE.sub("\ufffd", text), diagnostics


def hidden_characters(text: str, path: str) -> list[Diagnostic]:
    """The first character of each line that a reader cannot see, or that
    could make the text read otherwise than it holds (see `_HIDDEN_RE`).
    A joiner (ZWJ, ZWNJ) is reported only outside a word: between two
    letters, marks or symbols it is part of the script (Persian, Indic) or
    of an emoji."""
    found: list[Diagnostic] = []
    line, counted, reported = 1, 0, 0  # lines counted as the search goes: never from the start again
    for m in _HIDDEN_RE.finditer(text):
        char, at = m[0], m.start()
        if char in _JOINERS and 0 < at < len(text) - 1 and _joins(text[at - 1]) and _joins(text[at + 1]):
            continue
        line, counted = line + text.count("\n", counted, at), at
        if line == reported:
            continue
        reported = line
        col = at - text.rfind("\n", 0, at)
        name = f"U+{ord(char):04X} {unicodedata.name(char, _CONTROLS.get(char, 'CONTROL'))}"
        if _PRIVATE_RE.match(char):
            found.append(Diagnostic("ED009", Loc(path, line, col), f"a private-use character or a lone "
                                    f"surrogate, {name.removesuffix(' CONTROL')}",
                                    "write the character Unicode has for it (or describe it in an "
                                    "editorial note): a private-use character is read only by one font"))
        elif _CONTROL_RE.match(char):
            found.append(Diagnostic("ED007", Loc(path, line, col), f"an invisible control character, {name}",
                                    "delete it; copying from a PDF or "
                                    "a word processor leaves such characters (a page break is '::page')"))
        else:
            found.append(Diagnostic("ED007", Loc(path, line, col), f"an invisible formatting character, {name}, "
                                    "which can make the text read otherwise than it holds",
                                    "delete it: the page sets a text's direction by its language, and a "
                                    "zero-width character only hides a difference between two words"))
    return found


def _joins(char: str) -> bool:
    """A letter, a mark or a symbol (an emoji): what a joiner may stand between."""
    return unicodedata.category(char)[0] in "LMS"


def _place(before: str) -> tuple[int, int]:
    """The line and column (from 1, in characters) just after `before`."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _not_composed(text: str, path: str) -> Diagnostic:
    """ED004 at the first character that NFC would change."""
    start, line = next((i, line) for i, line in enumerate(text.split("\n"))
                       if not unicodedata.is_normalized("NFC", line))
    end = next(i for i in range(1, len(line) + 1) if not unicodedata.is_normalized("NFC", line[:i]))
    col = end - 1
    while col > 0 and unicodedata.combining(line[col]):  # back to the letter the marks belong to
        col -= 1
    written = line[col:end]
    parts = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in written)
    return Diagnostic("ED004", Loc(path, start + 1, col + 1),
                      f"'{unicodedata.normalize('NFC', written)}' is written as {len(written)} characters "
                      f"({parts}), not in Unicode's composed form (NFC)",
                      "retype it as one character, or save the file normalised to NFC; search and the "
                      "corrections log compare text in that form")


def parse_document(text: str, path: str) -> tuple[Document, list[Diagnostic]]:
    """Parse a document's whole text: front matter, then body."""
    lines = text.split("\n")
    close, body_start, diagnostics = frontmatter.split(lines, path)
    meta: dict = {}
    locs: dict = {}
    if close is not None:
        meta, locs, found = frontmatter.parse(lines[1:close], path)
        diagnostics += found + _hidden_in_fields(meta, locs, path, "")
    elif not diagnostics:
        diagnostics.append(Diagnostic("ED100", Loc(path, 1), "this document has no front matter",
                                      "start the file with a '---' line, the fields listed on the "
                                      "'How to transcribe' page, and a closing '---'"))
    body, found = scan_body(lines[body_start:], path, body_start + 1, require_text=True,
                            negative=meta.get("apparatus") == "negative")
    return Document(path, meta, body, locs), diagnostics + found + undeclared(body, meta)


def _hidden_in_fields(value, locs: dict[str, Loc], path: str, name: str) -> list[Diagnostic]:
    """What `hidden_characters` finds in the front matter's values, which a
    YAML escape can write ('"\\u202e"', '"\\ud800"'), at the field's place.
    A private-use character or a lone surrogate is read as U+FFFD, as in `decode`."""
    if isinstance(value, (dict, list)):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        found = []
        for key, item in list(items):
            field = f"{name}.{key}" if name else str(key)
            found += _hidden_in_fields(item, locs, path, field if field in locs else name)
            if isinstance(item, str):
                value[key] = _PRIVATE_RE.sub("\ufffd", item)
        return found
    if not isinstance(value, str):
        return []
    loc = locs.get(name, Loc(path, 2))
    return [Diagnostic(d.code, loc, f"'{name}' holds {d.message}", d.hint)
            for d in hidden_characters(value, path)[:1]]


def parse_page(text: str, path: str, *, is_document: bool) -> tuple[Document, list[Diagnostic]]:
    """Any page of the site: documents in full; other pages' YAML and notes only."""
    if is_document:
        return parse_document(text, path)
    lines = text.split("\n")
    close, body_start, diagnostics = frontmatter.split(lines, path)
    if close is not None:
        diagnostics += frontmatter.syntax(lines[1:close], path)
    body, found = scan_body(lines[body_start:], path, body_start + 1)
    return Document(path, {}, body), diagnostics + found


def title(document: Document, src_uri: str) -> str:
    """A document's title in the edition (its file's name if the front matter failed)."""
    return str(document.meta.get("title") or src_uri)


def title_html(meta: dict) -> str:
    """A document's title as HTML for its heading and the navigation: escaped,
    with the title of the book it transcribes in italics where it names it
    ('Kuromiya and Mamoulia, <em>The Eurasian Triangle</em>, p. 131')."""
    text = escape(str(meta.get("title", "")))
    source = meta.get("source") or {}
    if source.get("type") != "book" or not source.get("title"):
        return text
    whole = escape(str(source["title"]))
    for name in (whole, whole.split(":")[0].strip()):  # the whole title, or its main title
        if name and name in text:
            return text.replace(name, f"<em>{name}</em>", 1)
    return text


def book(document: Document) -> str:
    """The title of the source a document transcribes: its pages belong to that book."""
    return str((document.meta.get("source") or {}).get("title", ""))
