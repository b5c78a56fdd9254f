"""Diagnostics as data: every problem the core finds is a value, not a log line.

The core never prints or raises for a user's mistake; it returns
`Diagnostic`s, and an adapter (the MkDocs hook, a command) reports them.
Codes are stable: documentation and tests refer to them, so never reuse one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Every code the core can emit, with a short title (listed on the
# "How to transcribe" page).  Grouped by hundreds:
# ED0xx input, ED1xx front matter, ED2xx notes, ED3xx pages and lines,
# ED4xx directives and structure, ED5xx the apparatus, ED6xx the bibliography
# and citations, ED7xx the register and the chronology, ED8xx the edition's
# versions and its published addresses.
CODES: dict[str, str] = {
    "ED001": "file is not valid UTF-8",
    "ED002": "file begins with a byte-order mark",
    "ED003": "CR line ends",
    "ED004": "text not in Unicode's composed form (NFC)",
    "ED005": "file too large for a page",
    "ED006": "page not in the navigation",
    "ED007": "an invisible control character, or a tab in the transcription",
    "ED008": "markup nested or repeated beyond the edition's limit",
    "ED009": "a private-use character, or a lone surrogate",
    "ED010": "link to an address that could run script",
    "ED011": "event-handler attribute",
    "ED012": "file name the edition cannot publish",
    "ED013": "file of a type the edition does not publish",
    "ED014": "file or path outside the edition",
    "ED015": "address claimed twice",
    "ED016": "setting that would let a source run script",
    "ED017": "the build's cache committed to the repository",
    "ED018": "backticks not paired on their line",
    "ED019": "the edition plugin's options malformed",
    "ED020": "an editor named twice",
    "ED021": "not a licence's SPDX identifier, an ORCID iD or a DOI",
    "ED022": "a straight quotation mark in the editors' prose",
    "ED100": "front matter missing",
    "ED101": "front matter is not valid YAML",
    "ED102": "required front-matter field missing",
    "ED103": "front-matter field has the wrong type",
    "ED104": "unknown front-matter field",
    "ED105": "malformed date",
    "ED106": "'unverified' names a field that is not there",
    "ED107": "'witness_file' leads out of the edition",
    "ED108": "'witness_file' names no file",
    "ED109": "witness file is not UTF-8 text",
    "ED110": "facsimile image missing",
    "ED111": "facsimile file is not an image the edition reads",
    "ED112": "facsimile image damaged",
    "ED113": "facsimile image outside the edition",
    "ED114": "facsimile image too large",
    "ED115": "facsimile image holds more than one picture",
    "ED116": "facsimile of a page the text does not have, or twice",
    "ED117": "page of the text without its facsimile",
    "ED118": "both a facsimile and a statement that none may be shown",
    "ED119": "a translation's original is no document of the edition",
    "ED120": "a translation without its language, or whose it is",
    "ED121": "a translation that cannot be aligned with its original",
    "ED122": "a line's box on its page's image is malformed, outside the image, or of no line of the page",
    "ED200": "note referenced but never defined",
    "ED201": "note defined but never referenced",
    "ED202": "note label defined twice",
    "ED203": "malformed note label",
    "ED204": "author's note referenced more than once",
    "ED205": "author's note outside the text",
    "ED300": "page numbers out of order",
    "ED301": "malformed page number",
    "ED302": "printed line before the first page break",
    "ED303": "page break in a text numbered by paragraphs",
    "ED304": "line-end hyphen with no line to join",
    "ED400": "unknown directive",
    "ED401": "malformed directive",
    "ED402": "'::text' given more than once",
    "ED403": "code block inside the transcription",
    "ED404": "document has no '::text'",
    "ED405": "source directive outside the text",
    "ED406": "an apparatus mark inside a directive",
    "ED407": "a line below a figure or table whose caption is in its directive",
    "ED408": "a table Markdown cannot show as written",
    "ED500": "unbalanced apparatus mark",
    "ED501": "unknown kind of mark",
    "ED502": "malformed apparatus mark",
    "ED503": "emendation that changes nothing",
    "ED504": "apparatus mark outside the transcription",
    "ED505": "a hand the front matter does not declare",
    "ED506": "a variant names a witness the front matter does not declare",
    "ED507": "a variant lacks a witness's reading, or gives them out of order",
    "ED508": "a mark inside a mark",
    "ED600": "bibliography entry cannot be read",
    "ED601": "bibliography key given twice",
    "ED602": "citation of a key the bibliography lacks",
    "ED603": "citation without a usable locator",
    "ED604": "bibliography cannot be formatted",
    "ED605": "undefined @string in a bibliography entry",
    "ED606": "crossref to an entry the bibliography lacks",
    "ED607": "LaTeX command pandoc would drop with its text",
    "ED608": "crossref or xdata that leads back to its own entry",
    "ED609": "@string that expands too far",
    "ED610": "date in a bibliography entry that pandoc would drop",
    "ED611": "field given twice in a bibliography entry",
    "ED612": "'%' in a bibliography field, which begins a comment",
    "ED613": "bibliography key with letters outside ASCII",
    "ED614": "character the edition reserves, in the bibliography",
    "ED615": "bibliography entry with neither an author nor a title",
    "ED700": "register file cannot be read",
    "ED701": "register entry lacks a required field",
    "ED702": "register field is unknown or has the wrong type",
    "ED703": "register id given twice, or malformed",
    "ED704": "authority ID in the wrong form",
    "ED705": "register date not in ISO 8601 form",
    "ED706": "mention of an id the register lacks",
    "ED707": "malformed mention or date",
    "ED708": "mention or date outside the transcription",
    "ED709": "a name of the register not marked as a mention",
    "ED800": "changelog names no version",
    "ED801": "malformed version heading",
    "ED810": "malformed line in the anchor register",
    "ED811": "published address would disappear",
    "ED812": "redirect to an address the site lacks",
    # ED813 (addresses not yet recorded) is retired: the deploy workflow records them.
    "ED820": "transcription changed without a corrections-log entry",
    "ED821": "corrections log shortened or out of order",
    "ED822": "malformed line in the record of published texts",
    "ED823": "a published document missing from the edition",
    "ED824": "the record of published texts changed by hand",
    "ED825": "CITATION.cff or .zenodo.json not what the edition's configuration gives",
}


@dataclass(frozen=True, slots=True)
class Loc:
    """A place in a source file; line and column count from 1."""

    path: str
    line: int
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    loc: Loc
    message: str
    hint: str

    def __post_init__(self) -> None:
        if self.code not in CODES:  # a programming error, not a user's
            raise ValueError(f"unknown diagnostic code {self.code}")

    def __str__(self) -> str:
        return inert(f"{self.loc}: {self.code} {self.message}. Fix: {self.hint}")


# Control, format (bidirectional, zero-width), line- and paragraph-separator
# characters, and unpaired surrogates: none may reach a log line, where a
# newline would start a line of its own (GitHub reads '::error …' at a
# line's start as a command) and a bidirectional control reorders the rest.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
                     "\ufff9-\ufffb\ud800-\udfff]")


def inert(text: str) -> str:
    """`text` with every character that could change how a line is read
    written as its code point ('U+000A'), so a message is one visible line."""
    return _HIDDEN.sub(lambda m: f"<U+{ord(m[0]):04X}>", text)

