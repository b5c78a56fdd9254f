"""TEI P5 export of one document: its header from the front matter, the
editors' introduction, the transcription with both views, the source's notes
and the edition's, mentions and dates, and the apparatus.

The export reads the model the site renders from (`markup.scan_body`) and the
document's own lines, so it holds what the page holds, under the same ids
(`p131.l5`, `n17`, `para12`).  Both views stay in one text, the TEI way:

- diplomatic: `sic`, `orig` and `unclear`, `fw`, and every `lb` a line end;
- reading: `corr`, `reg`, `unclear` and `supplied`, no `fw`; an `lb` with
  `break="no"` continues the word.

`plaintext.py` reads the plain texts off this tree, so the exports cannot
disagree.  The encoding is tabled on the "Exports" page (docs/exports.md).
The standard library builds the XML; the tests validate it against tei_all.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from html import escape, unescape
from typing import Any

from markdown import Markdown

from .apparatus import GAP_UNITS, KINDS
from .apparatus_html import SIC
from .citations import CiteItem
from .facsimile import page_images
from .facsimile_html import image_folder
from .header import language_name
from .identity import Identity
from .markup import ESCAPE_RE
from .model import (
    Annotation,
    Block,
    BodyLine,
    CaptionLine,
    CitationUse,
    Document,
    Emendation,
    Feature,
    Hyphen,
    Layout,
    Line,
    Milestone,
    NoteLine,
    NoteRef,
    PageRef,
    Role,
    Row,
    Series,
    note_anchor,
)

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PROLOG = ('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<?xml-model href="https://tei-c.org/Vault/P5/3.1.0/xml/tei/custom/schema/relaxng/tei_all.rng" '
          'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n')
WITNESS_PREFIX = "wit-"  # a witness's xml:id, for the same reason
HAND_PREFIX = "hand-"  # a hand's xml:id: its name could be another id's ('text', 'p1')
EDITORS = "#editors"  # the titleStmt's respStmt: who made every change, note and the introduction

# How a change is kept in both views: (the witness's element, the reading's).
_CHOICES = {"sic": ("sic", "corr"), "ligature": ("orig", "reg"), "space": ("orig", "reg"),
            "italic": ("orig", "reg"), "extraction": ("orig", "reg"), "hyphenation": ("orig", "reg"),
            "abbr": ("abbr", "expan"), "reg": ("orig", "reg")}
_NAMES = {"person": ("persName", {}), "place": ("placeName", {}), "organisation": ("orgName", {}),
          "event": ("name", {"type": "event"})}
_TITLE_LEVELS = {"book": "m", "article": "a", "web-article": "a", "newspaper": "a"}
_NCNAME_RE = re.compile(r"[^\W\d][\w.\-]*")  # what xml:id accepts (near enough: no ':' or leading digit)
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# Citations and note markers in the edition's prose become placeholders that
# Markdown leaves alone (private-use characters), then the elements they stand for.
_PLACEHOLDER = "\ue000{}\ue001"
_PLACEHOLDER_RE = re.compile("\ue000(\\d+)\ue001")
_FROM_HTML = {"p": ("p", {}), "em": ("hi", {"rend": "italic"}), "strong": ("hi", {"rend": "bold"}),
              "code": ("code", {}), "ul": ("list", {"rend": "bulleted"}), "ol": ("list", {"rend": "numbered"}),
              "li": ("item", {}), "blockquote": ("quote", {}), "pre": ("eg", {}), "br": ("lb", {})}
_HEADING_RE = re.compile(r"h([1-6])")
# What XML 1.0 forbids in text: C0 controls but tab and line ends, and U+FFFE/U+FFFF.  A source holding one
# is reported (ED007) and fails the strict build; a build that goes on exports it as U+FFFD, in its place.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NAMED_ENTITY_RE = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);)[A-Za-z][A-Za-z0-9]*;")

Node = ET.Element | str


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What an export needs beyond the document: the edition's release and its addresses."""

    edition_title: str  # the edition's name: the publisher of the TEI file
    version: str  # the edition's version, e.g. "1.2.0"
    date: str  # the release's date, ISO 8601
    url: str  # the document's permanent URL
    register_url: Callable[[str], str]  # a register id -> the URL of its entry's page
    register_types: Mapping[str, str]  # a register id -> person, place, organisation or event
    bibliography_url: Callable[[str], str]  # a bibliography key -> the URL of its entry
    identity: Identity = Identity("")  # the edition's editors, publisher and licence (mkdocs.yml)
    # An original's or a translation's paragraphs or pages -> their partners in the other's TEI (its URL#id).
    corresp: Mapping[str, str] = field(default_factory=dict)


def to_tei(document: Document, text: str, context: ExportContext) -> str:
    """The document as a TEI P5 file.  `text` is the document's Markdown as
    parsed (`document.parse_document`).  The same input gives the same string."""
    tei = ET.Element("TEI", {"xmlns": TEI_NS})
    tei.text = "\n"
    julian = any(a.julian for a in document.body.annotations)
    tei.append(_Header(document.meta).element(context, julian))
    tei.append(text_element(document, text, context))
    return PROLOG + _NOT_XML_RE.sub("\ufffd", ET.tostring(tei, encoding="unicode")) + "\n"


def text_element(document: Document, text: str, context: ExportContext) -> ET.Element:
    """The document's `<text>` (no namespace): the introduction as `<front>`,
    the transcription and every note as `<body>`, the apparatus and the works
    the source's notes cite as `<back>`."""
    return _Text(document, text.split("\n"), context).text()


def body_element(document: Document, text: str, context: ExportContext) -> ET.Element:
    """The transcription alone, `<body>` (no namespace): what the plain texts are read from."""
    return _Text(document, text.split("\n"), context).transcription()


# -- the header --------------------------------------------------------------


class _Header:
    """The teiHeader: only what the front matter says.  A field it flags as
    unverified is marked `cert="unknown"` and explained in the notesStmt."""

    def __init__(self, meta: dict[str, Any]) -> None:
        self.meta = meta
        self.source: dict[str, Any] = meta.get("source") or {}
        self.unverified = {str(k): str(v) for k, v in (meta.get("unverified") or {}).items()}
        self.flagged: dict[str, list[ET.Element]] = {}

    def value(self, parent: ET.Element, tag: str, field: str, text: str = "",
              attrs: dict[str, str] | None = None) -> ET.Element:
        el = _sub(parent, tag, text, attrs)
        if field in self.unverified:
            el.set("cert", "unknown")
            self.flagged.setdefault(field, []).append(el)
        return el

    def element(self, context: ExportContext, julian: bool) -> ET.Element:
        # Built first, so that every flagged element is known to the notesStmt.
        parts = [self.title_stmt(context), self.edition_stmt(context), self.publication_stmt(context)]
        source_desc = ET.Element("sourceDesc")
        source_desc.append(self.bibl(context))
        if witnesses := self.meta.get("witnesses"):  # what each lem's and rdg's @wit points to
            listed = _sub(source_desc, "listWit")
            for siglum, what in witnesses.items():
                _sub(listed, "witness", what, {XML_ID: WITNESS_PREFIX + siglum, "n": siglum})
        profile, revision = self.profile_desc(julian), self.revision_desc()
        header = ET.Element("teiHeader")
        file_desc = _sub(header, "fileDesc")
        file_desc.extend(parts)
        if self.unverified:
            file_desc.append(self.notes_stmt())
        file_desc.append(source_desc)
        header.extend(el for el in (profile, revision) if el is not None)
        ET.indent(header, level=1)
        header.tail = "\n"
        return header

    def title_stmt(self, context: ExportContext) -> ET.Element:
        stmt = ET.Element("titleStmt")
        self.value(stmt, "title", "title", self.meta.get("title", ""))
        for name in self.source.get("authors", []):
            self.value(stmt, "author", "source.authors", name)
        editors = self.meta.get("editors", [])
        for name in editors:
            self.value(stmt, "editor", "editors", name)
        # What resp="#editors" points to: the document's editors, else the edition's; an
        # edition whose editors are not named answers for its changes as a body, under its title.
        resp = _sub(stmt, "respStmt", attrs={XML_ID: EDITORS[1:]})
        _sub(resp, "resp", "transcribed and edited by" if editors else "edited by")
        for name in editors:
            _sub(resp, "name", name)
        for editor in () if editors else context.identity.editors:
            attrs = {"ref": f"https://orcid.org/{editor.orcid}"} if editor.orcid else {}
            _sub(resp, "orgName" if editor.body else "persName", editor.name, attrs)
        if not editors and not context.identity.editors:
            _sub(resp, "orgName", context.edition_title)
        return stmt

    @staticmethod
    def edition_stmt(context: ExportContext) -> ET.Element:
        stmt = ET.Element("editionStmt")
        edition = _sub(stmt, "edition", f"{context.edition_title}, version {context.version}, ",
                       {"n": context.version})
        _sub(edition, "date", context.date, {"when": context.date})
        return stmt

    @staticmethod
    def publication_stmt(context: ExportContext) -> ET.Element:
        """This file as published: by the edition (or its publisher), under the
        licence of its editorial matter; the source's rights stand with the source."""
        stmt = ET.Element("publicationStmt")
        identity = context.identity
        _sub(stmt, "publisher", identity.publisher or context.edition_title)
        _sub(stmt, "date", context.date, {"when": context.date})
        _sub(stmt, "idno", context.url, {"type": "URI"})
        if identity.doi:
            _sub(stmt, "idno", identity.doi, {"type": "DOI"})
        if identity.licence:
            availability = _sub(stmt, "availability")
            _sub(availability, "licence", identity.licence_name, {"target": identity.licence_url})
            _sub(availability, "p", "The editorial matter (introduction, notes, apparatus) is licensed as above; "
                 "the transcribed source keeps its own rights, stated in the sourceDesc.")
        return stmt

    def bibl(self, context: ExportContext) -> ET.Element:
        """The source as the front matter describes it.  Its rights are the
        source's, so they stand here, not in the publicationStmt (which speaks
        for this file, whose licence the front matter does not give)."""
        s = self.source
        bibl = ET.Element("bibl", {"type": s["type"]} if s.get("type") else {})
        for name in s.get("authors", []):
            self.value(bibl, "author", "source.authors", name)
        level = _TITLE_LEVELS.get(s.get("type", ""))
        self.value(bibl, "title", "source.title", s.get("title", ""), {"level": level} if level else {})
        for key, unit in (("chapter", "chapter"), ("section", "section"), ("pages", "page")):
            if s.get(key):
                self.value(bibl, "biblScope", f"source.{key}", s[key], {"unit": unit})
        for key, tag, attrs in (("outlet", "title", {"level": "j"}), ("publisher", "publisher", {}),
                                ("place", "pubPlace", {})):
            if s.get(key):
                self.value(bibl, tag, f"source.{key}", s[key], attrs)
        if s.get("date"):
            self.value(bibl, "date", "source.date", s["date"], {"when": _w3c(s["date"])})
        if s.get("language"):
            self.value(bibl, "textLang", "source.language", language_name(s["language"]),
                       {"mainLang": s["language"]})
        if s.get("url"):
            self.value(bibl, "idno", "source.url", s["url"], {"type": "URI"})
        if s.get("key"):
            _sub(bibl, "ptr", attrs={"type": "bibliography", "target": context.bibliography_url(s["key"])})
        if s.get("rights"):
            _sub(self.value(bibl, "availability", "source.rights"), "p", s["rights"])
        if s.get("translation_of"):
            self.original(bibl, s["translation_of"])
        if self.meta.get("witness"):
            self.value(bibl, "note", "witness", self.meta["witness"], {"type": "witness"})
        return bibl

    def original(self, bibl: ET.Element, original: dict[str, str]) -> None:
        related = self.value(bibl, "relatedItem", "source.translation_of", attrs={"type": "translationOf"})
        inner = _sub(related, "bibl")
        language = original.get("language", "")
        self.value(inner, "title", "source.translation_of.title", original.get("title", ""), {XML_LANG: language})
        _sub(inner, "textLang", language_name(language), {"mainLang": language})
        if original.get("url"):
            self.value(inner, "idno", "source.translation_of.url", original["url"], {"type": "URI"})

    def notes_stmt(self) -> ET.Element:
        """One note per unverified field, naming it and pointing to its elements."""
        stmt = ET.Element("notesStmt")
        for name, known in self.unverified.items():
            note = _sub(stmt, "note", known, {"type": "unverified", "n": name})
            elements = self.flagged.get(name, [])
            for i, el in enumerate(elements, 1):
                el.set(XML_ID, f"unverified-{name}" + (f".{i}" if len(elements) > 1 else ""))
            if elements:
                note.set("target", " ".join(f"#{el.get(XML_ID)}" for el in elements))
        return stmt

    def profile_desc(self, julian: bool) -> ET.Element | None:
        profile = ET.Element("profileDesc")
        language = self.source.get("language")
        if language:
            _sub(_sub(profile, "langUsage"), "language", language_name(language), {"ident": language})
        if hands := self.meta.get("hands"):  # what each handShift's @new points to
            notes = _sub(profile, "handNotes")
            for name, what in hands.items():
                _sub(notes, "handNote", what, {XML_ID: HAND_PREFIX + name})
        if julian:  # what the Julian dates' datingMethod points to
            calendar = _sub(_sub(profile, "calendarDesc"), "calendar", attrs={XML_ID: "julian"})
            _sub(calendar, "p", "The Julian calendar (Old Style), given by the source beside the Gregorian date.")
        return profile if len(profile) else None

    def revision_desc(self) -> ET.Element | None:
        if not self.meta.get("transcribed"):
            return None
        revision = ET.Element("revisionDesc")
        self.value(revision, "change", "transcribed", "Transcribed from the witness.",
                   {"when": _w3c(self.meta["transcribed"]), "who": EDITORS})
        for entry in self.meta.get("corrections") or []:  # the corrections log, as the site shows it
            _sub(revision, "change", f"{entry['what']} Why: {entry['why']} By: {entry['by']}",
                 {"when": _w3c(entry["date"]), "type": "correction"})
        return revision


def _w3c(date: str) -> str:
    """A front-matter date as TEI's @when takes it: a time needs its seconds."""
    date = date.replace(" ", "T")
    return date + ":00" if re.fullmatch(r".*T\d\d:\d\d", date) else date


# -- the text ------------------------------------------------------------------


class _Text:
    """Walks the document's lines with the model's items once, building the
    `<body>` as it goes; the edition's prose (the introduction, editorial
    notes) is gathered and converted from Markdown at the end."""

    def __init__(self, document: Document, lines: list[str], context: ExportContext) -> None:
        self.doc, self.body, self.context = document, document.body, context
        self.lines = lines[len(lines) - len(self.body.lines):]  # the body's: after the front matter
        self.pages = {p.number for p in self.body.pages}
        # Each page's image, where the edition publishes one (facsimile_html): its full size.
        self.facs = {image.page: f"{context.url}{image_folder(image.page)}/full/max/0/default.jpg"
                     for image in page_images(document.meta)}
        self.ids: set[str] = set()
        self.notes: dict[str, ET.Element] = {}  # label -> its <note>, made by its marker or its definition
        self.placed: set[str] = set()  # notes already standing at a marker
        self.note_paragraph: dict[str, ET.Element] = {}  # label -> the <p> its next line goes into
        self.prose: dict[str, list[str]] = {}  # an editorial note's Markdown, by label
        self.intro: list[str] = []
        self.inserts: list[list[Node]] = []  # what each placeholder in the prose stands for
        self.root = ET.Element("body")
        self.root.text = "\n"
        self.identify(self.root, "text")
        self.sections = _Sections(self.root)
        self.group: ET.Element | None = None  # an open <list> or <quote>
        self.block: ET.Element | None = None  # where the text's words go: a <p>, <item> or <head>
        self.figure: ET.Element | None = None  # the <figure> or <table> the caption lines and rows below go into
        self.in_text = False
        self.gap = False  # a blank line since the last line (a note's next paragraph)

    def transcription(self) -> ET.Element:
        for info, raw in zip(self.body.lines, self.lines, strict=True):
            self.line(info, raw.rstrip())
        for label, markdown in self.prose.items():  # after the text: links may point into it
            for block in _html_blocks("\n".join(markdown)):
                # a note holds paragraphs, lists and quotations; a heading there is a paragraph
                heading = _HEADING_RE.fullmatch(block.tag)
                self.note_element(label).append(self.from_html(block, "p" if heading else None))
        language = (self.doc.meta.get("source") or {}).get("language")
        if language:  # the source's language; the introduction's is not recorded
            self.root.set(XML_LANG, language)
        return self.root

    def text(self) -> ET.Element:
        text = ET.Element("text")
        text.text = "\n"
        body = self.transcription()
        for part in (self.front(), body, self.back()):
            if part is not None:
                text.append(part)
                part.tail = "\n"
        return text

    def identify(self, el: ET.Element, anchor: str) -> None:
        """The site's anchor as the element's xml:id, where XML allows it."""
        if _NCNAME_RE.fullmatch(anchor) and anchor not in self.ids:
            el.set(XML_ID, anchor)
            self.ids.add(anchor)
            if anchor in self.context.corresp:
                el.set("corresp", self.context.corresp[anchor])

    # -- lines ---------------------------------------------------------------

    def line(self, info: BodyLine, line: str) -> None:
        if info.role is Role.NOTE:
            self.note_line(info, line)
        elif info.role is Role.BLANK or (info.role is Role.DIRECTIVE and not info.items):
            # '::cites' stands where Markdown sees a blank line
            self.block = None
            if not self.in_text:
                self.intro.append("")
        elif info.role is Role.EDITORIAL:
            self.intro.append(self.with_placeholders(line, info.items))
        elif info.role is Role.DIRECTIVE:
            self.milestone(info.items[0])
        else:
            self.text_line(info, line)
        self.gap = info.role is Role.BLANK

    def milestone(self, m: Milestone) -> None:
        if m.kind == "text":
            self.in_text = True
            return
        if m.kind == "page":
            el = ET.Element("pb", {"n": m.text, **({"facs": self.facs[m.text]} if m.text in self.facs else {})})
        elif m.kind == "furniture":
            el = ET.Element("fw", {"type": re.sub(r"\s+", "-", m.label.strip())})
            el.text = m.text
        elif m.kind in ("figure", "table"):
            el = self.figure = ET.Element(m.kind)
            if m.text:
                _sub(el, "head", m.text)
            if m.label and m.kind == "table":  # a table has no place in TEI: a figure holding it has
                el = ET.Element("figure", {"type": "table"})
                el.append(self.figure)
            if m.label:
                el.set("place", m.label)
        else:  # dateline, byline
            el = ET.Element(m.kind)
            el.text = m.text
        self.identify(self.figure if m.kind in ("figure", "table") else el, m.anchor)
        if m.kind in ("dateline", "byline"):  # TEI has them open or close a division, never inside a paragraph
            self.block = None
        if self.block is None:
            self.group = None
            self.sections.add(el)
        else:  # a page break or furniture inside a paragraph that runs on
            _append(self.block, "\n")
            self.block.append(el)

    def text_line(self, info: BodyLine, line: str) -> None:
        if info.block in ("caption", "row"):
            self.figure_line(info, line)
            return
        start = next((i for i in info.items if isinstance(i, (Line, Block))), None)
        if self.opens_block(info.block, start):
            self.open_block(info.block, start, line[:info.col - 1])
        elif not isinstance(start, Line):  # a born-digital paragraph's next line
            _append(self.block, " ")
        if isinstance(start, Line):
            self.line_break(self.block, start)
        self.inline(self.block, line, info.col - 1, info.items)
        if info.block == "heading":  # a heading is one line
            self.block = None

    def figure_line(self, info: BodyLine, line: str) -> None:
        """A line of a caption (into the figure's or table's <head>), or a table's row."""
        figure = self.figure
        row = next((i for i in info.items if isinstance(i, Row)), None)
        if info.block == "caption":
            head = figure.find("head")
            if head is None:
                head = ET.Element("head")
                figure.insert(0, head)
            start = next((i for i in info.items if isinstance(i, CaptionLine)), None)
            if start is not None:
                self.line_break(head, start)
            elif head.text or len(head):  # a born-digital caption's next line
                _append(head, " ")
            self.inline(head, line, info.col - 1, info.items)
        elif row is not None:  # not the line of dashes under the header
            el = _block(figure, "row", {"role": "label"} if row.header else None)
            self.identify(el, row.anchor)
            for start, end in row.cells:
                cell = _sub(el, "cell")
                self.inline(cell, line[:end - 1], start - 1,
                            tuple(i for i in info.items if start <= i.loc.col < end))

    def opens_block(self, kind: str, start: Line | Block | None) -> bool:
        if isinstance(start, Block):  # the scanner numbered a paragraph or heading here
            return True
        if self.block is None or self.body.layout is Layout.PARAGRAPHS:
            return self.block is None
        in_quote = self.group is not None and self.group.tag == "quote"
        return kind in ("heading", "list") or (kind == "quote" and not in_quote)

    def open_block(self, kind: str, start: Line | Block | None, prefix: str) -> None:
        if kind == "heading":
            self.group = None
            marks = prefix.rstrip()
            el = _block(self.sections.open(len(marks) - len(marks.rstrip("#"))), "head")
        elif kind in ("list", "quote"):
            tag = "list" if kind == "list" else "quote"
            if self.group is None or self.group.tag != tag:
                self.group = self.sections.add(ET.Element(tag))
            el = _block(self.group, "item" if kind == "list" else "p")
        else:
            self.group = None
            el = self.sections.add(ET.Element("p"))
        if isinstance(start, Block):
            if start.kind == "para":
                el.set("n", str(start.n))
            self.identify(el, start.anchor)
        self.block = el

    def line_break(self, parent: ET.Element, line: Line | NoteLine | CaptionLine) -> None:
        attrs = {"n": str(line.n)}
        if line.joined:
            attrs["break"] = "no"
        else:  # whitespace before a line, as TEI texts have it
            _append(parent, "\n")
        self.identify(_sub(parent, "lb", attrs=attrs), line.anchor)

    def note_line(self, info: BodyLine, line: str) -> None:
        label = info.note or ""
        note = self.body.notes.get(label)
        if note is None:  # a label the scanner refused (reported)
            return
        if note.series is Series.EDITORIAL:
            markdown = self.prose.setdefault(label, [])
            if self.gap:
                markdown.append("")
            markdown.append(self.with_placeholders(line, info.items)[info.col - 1:])
            return
        first = label not in self.note_paragraph
        if first or self.gap:
            self.note_paragraph[label] = _sub(self.note_element(label), "p")
        paragraph = self.note_paragraph[label]
        start = next((i for i in info.items if isinstance(i, NoteLine)), None)
        if start is not None:
            self.line_break(paragraph, start)
        elif not (first or self.gap):
            _append(paragraph, " ")
        self.inline(paragraph, line, info.col - 1, info.items)

    # -- inside a line -------------------------------------------------------

    def inline(self, parent: ET.Element, line: str, start: int, items: tuple) -> None:
        """A line's words from `start`, with what its markup stands for: marks,
        note markers, mentions and dates, references to pages."""
        stack = [parent]
        pos = start
        for cut in sorted(self.cuts(items), key=lambda cut: cut.start):
            if cut.start < start:
                continue
            _append(stack[-1], ESCAPE_RE.sub(r"\1", line[pos:cut.start]))
            if cut.element is None:
                stack.pop()
            else:
                stack[-1].append(cut.element)
                if cut.opens:
                    stack.append(cut.element)
            pos = cut.end
        _append(stack[-1], ESCAPE_RE.sub(r"\1", line[pos:]))

    def cuts(self, items: tuple) -> list[_Cut]:
        """The spans of a line that are markup, and what each stands for."""
        cuts: list[_Cut] = []
        for item in items:
            if isinstance(item, (Line, NoteLine, CaptionLine, Row, Block)):
                continue
            s = item.loc.col - 1
            if isinstance(item, Emendation):
                cuts.append(_Cut(s, item.end - 1, self.change(item.kind, item)))
            elif isinstance(item, Feature):
                cuts.append(_Cut(s, item.end - 1, _feature(item)))
            elif isinstance(item, Hyphen):  # the printed '-' at the line's end
                cuts.append(_Cut(s, s + 1, self.change("hyphenation", item)))
            elif isinstance(item, NoteRef):
                if item.label in self.body.notes:
                    cuts.append(_Cut(s, item.end - 1, self.marker(item.label)))
            else:  # '[' opens the words of a mention, a date or a reference to a page; ']{…}' or '](…)' closes them
                cuts += [_Cut(s, s + 1, self.annotation(item) if isinstance(item, Annotation) else self.page_ref(item),
                              opens=True), _Cut(item.close - 1, item.end - 1)]
        return cuts

    def change(self, kind: str, item: Emendation | Hyphen) -> ET.Element:
        """A change in both views: `choice` (the witness's element, the
        reading's), or `supplied`, or `unclear` for a doubtful reading."""
        if isinstance(item, Hyphen):
            witness, reading = "-", ""
        else:
            witness, reading = item.mark.witness, item.mark.reading
        if kind == "supplied":
            el = ET.Element("supplied")
            el.text = reading
        elif kind == "doubtful":  # both views keep the words; the readings are in the apparatus
            el = ET.Element("unclear", {"reason": "ambiguous"})
            el.text = witness
        elif kind == "var":  # parallel segmentation: the base witness's reading is the lemma
            el = ET.Element("app")
            for i, (siglum, words) in enumerate(item.mark.readings):
                _sub(el, "rdg" if i else "lem", words, {"wit": f"#{WITNESS_PREFIX}{siglum}"})
        elif kind == "unclear":  # the editors' reason is the apparatus entry's
            el = ET.Element("unclear")
            el.text = reading
        else:
            witness_tag, reading_tag = _CHOICES[kind]
            el = ET.Element("choice")
            _sub(el, witness_tag, witness)
            if kind == "italic":
                _sub(_sub(el, reading_tag, attrs={"type": kind}), "hi", reading, {"rend": "italic"})
            else:
                # a regularised spelling's type is its own; the others' name what was lost
                _sub(el, reading_tag, reading, {"type": "spelling" if kind == "reg" else kind}
                     if reading_tag == "reg" else {})
        self.identify(el, item.anchor)
        return el

    def page_ref(self, ref: PageRef) -> ET.Element:
        el = ET.Element("ref", {"type": "page", "n": ref.page})
        if ref.page in self.pages:
            el.set("target", f"#p{ref.page}")
        return el

    def annotation(self, a: Annotation) -> ET.Element:
        if a.kind == "date":
            start, slash, end = a.value.partition("/")
            attrs = {"from": start, "to": end} if slash else {"when": a.value}
            if a.julian:
                attrs |= {"when-custom": a.julian, "datingMethod": "#julian"}
            return ET.Element("date", attrs)
        tag, attrs = _NAMES.get(self.context.register_types.get(a.value, ""), ("name", {}))
        return ET.Element(tag, {**attrs, "ref": self.context.register_url(a.value)})

    # -- notes ---------------------------------------------------------------

    def note_element(self, label: str) -> ET.Element:
        if label not in self.notes:
            note = self.body.notes[label]
            if note.series is Series.AUTHOR:
                place = "foot" if self.body.layout is Layout.LINES else "end"
                el = ET.Element("note", {"n": note.display, "place": place})
            else:
                el = ET.Element("note", {"type": "editorial", "resp": EDITORS, "n": note.display})
            self.identify(el, note.anchor)
            self.notes[label] = el
        return self.notes[label]

    def marker(self, label: str) -> ET.Element:
        """A note stands at its marker; a second marker of an editorial note points to it."""
        if label in self.placed:
            return ET.Element("ptr", {"type": "noteref", "target": f"#{note_anchor(label)}"})
        self.placed.add(label)
        return self.note_element(label)

    def bibl(self, item: CiteItem) -> ET.Element:
        """A work cited: the words before it, a pointer to its entry, the locator as written."""
        bibl = ET.Element("bibl")
        bibl.text = item.prefix or None
        _sub(bibl, "ptr", attrs={"target": self.context.bibliography_url(item.key)})
        locator = item.rest.lstrip(",").strip()
        if locator:
            _sub(bibl, "citedRange", locator)
        return bibl

    def citation(self, use: CitationUse) -> list[Node]:
        nodes: list[Node] = []
        for i, item in enumerate(use.citation.items):
            nodes += ["; "] * bool(i) + [self.bibl(item)]
        if not use.made:
            return nodes
        note = self.marker(use.note)  # a citation in the introduction is an editorial note of its own
        for node in nodes:
            _put(note, node)
        return [note]

    # -- the edition's prose -------------------------------------------------

    def with_placeholders(self, line: str, items: tuple) -> str:
        """A line of the edition's prose, each citation and note marker a placeholder."""
        spans = [(use.loc.col - 1, use.end - 1, self.citation(use)) for use in items if isinstance(use, CitationUse)]
        spans += [(ref.loc.col - 1, ref.end - 1, [self.marker(ref.label)]) for ref in items
                  if isinstance(ref, NoteRef) and ref.label in self.body.notes]
        for s, e, nodes in sorted(spans, key=lambda span: span[0], reverse=True):
            self.inserts.append(nodes)
            line = line[:s] + _PLACEHOLDER.format(len(self.inserts) - 1) + line[e:]
        return line

    def front(self) -> ET.Element | None:
        """The editors' introduction, its sections nested by their headings."""
        if not any(line.strip() for line in self.intro):
            return None
        front = ET.Element("front")
        front.text = "\n"
        div = _block(front, "div", {"type": "introduction", "resp": EDITORS})
        sections = _Sections(div)
        for block in _html_blocks("\n".join(self.intro)):
            heading = _HEADING_RE.fullmatch(block.tag)
            if heading:
                sections.open(int(heading[1]))
            sections.add(self.from_html(block, "head" if heading else None))
        return front

    def from_html(self, html: ET.Element, tag: str | None = None) -> ET.Element:
        """An HTML block of Markdown's as a TEI element (as `tag` if given),
        its placeholders replaced by what they stand for."""
        name, attrs = (tag, {}) if tag else _FROM_HTML.get(html.tag, ("p", {}))
        el = ET.Element(name, attrs)
        self.html_content(html, el)
        self.fill(el)
        return el

    def html_content(self, html: ET.Element, el: ET.Element) -> None:
        _append(el, html.text)
        for child in html:
            tag, attrs = self.tei_tag(child)
            target = el if tag is None else _sub(el, tag, attrs=attrs)
            self.html_content(child, target)
            _append(el, child.tail)

    def tei_tag(self, html: ET.Element) -> tuple[str | None, dict[str, str]]:
        """The TEI for an inline HTML element; None keeps its words alone (a
        link to another page of the site, which this file cannot reach)."""
        if html.tag == "a":
            href = html.get("href", "")
            if (href.startswith("#") and href[1:] in self.ids) or _SCHEME_RE.match(href):
                return "ref", {"target": href}
            return None, {}
        return _FROM_HTML.get(html.tag, (None, {}))

    def fill(self, el: ET.Element) -> None:
        for child in list(el):
            self.fill(child)
        nodes: list[Node] = [*self.unplace(el.text)]
        for child in el:
            nodes += [child, *self.unplace(child.tail)]
            child.tail = None
        el.text = None
        for child in list(el):
            el.remove(child)
        for node in nodes:
            _put(el, node)

    def unplace(self, text: str | None) -> Iterator[Node]:
        for i, part in enumerate(_PLACEHOLDER_RE.split(text or "")):
            if i % 2:
                yield from self.inserts[int(part)]
            elif part:
                yield part

    # -- the back ------------------------------------------------------------

    def back(self) -> ET.Element | None:
        back = ET.Element("back")
        back.text = "\n"
        if self.body.apparatus:
            div = _block(back, "div", {"type": "apparatus", "resp": EDITORS})
            self.identify(div, "apparatus")
            for e in self.body.apparatus:
                _block(div, "note", {"type": "apparatus", "subtype": e.kind, "target": f"#{e.anchor}"})
                self.entry(div[-1], e)
        if self.body.works_cited:
            works = _block(_block(back, "div", {"type": "works-cited", "resp": EDITORS}), "listBibl")
            for work in self.body.works_cited:  # the edition's link from a note of the source to its work
                for item in work.citation.items:
                    bibl = self.bibl(item)
                    bibl.set("corresp", f"#{note_anchor(work.note)}")
                    works.append(bibl)
                    bibl.tail = "\n"
        return back if len(back) else None

    def entry(self, note: ET.Element, e: Emendation) -> None:
        """An apparatus entry as the site lists it: place, lemma ] witness — kind: reason."""
        self.identify(note, f"app-{e.anchor}")
        variant = f"{e.variant} {SIC}" if e.kind == "sic" else e.variant
        reason = f": {e.mark.reason}" if e.mark.reason else ""
        kind = KINDS[e.kind]
        _sub(note, "label", e.place).tail = f" {e.lemma} ] {variant} — {kind.label} ({kind.cause.value}){reason}"


def _feature(f: Feature) -> ET.Element:
    """What the witness holds: `del`, `add` with its place, `gap`, `handShift`
    (to a hand of the header's `handNotes`), `stamp`, a signature (`seg`:
    TEI's `signed` may not stand within a paragraph) and a marginal `note`."""
    k = f.mark
    if k.kind == "gap":
        quantity, unit = k.detail.split(" ")
        return ET.Element("gap", {"quantity": quantity, "unit": GAP_UNITS[unit], "reason": k.reason})
    if k.kind == "hand":
        return ET.Element("handShift", {"new": f"#{HAND_PREFIX}{k.detail}"})
    tag, attrs = {"del": ("del", {"rend": "strikethrough"}), "add": ("add", {"place": k.detail}),
                  "stamp": ("stamp", {}), "signature": ("seg", {"type": "signature"}),
                  "margin": ("note", {"place": "margin", "type": "authorial"})}[k.kind]
    el = ET.Element(tag, attrs)
    el.text = k.witness
    return el


@dataclass(frozen=True, slots=True)
class _Cut:
    """A span of a line that is markup."""

    start: int
    end: int
    element: ET.Element | None = None  # what it stands for; None closes the passage last opened
    opens: bool = False  # the element holds the words up to the next closing cut


class _Sections:
    """Divisions opened by headings: a heading of level n closes those of level n and deeper."""

    def __init__(self, root: ET.Element) -> None:
        self.stack = [(0, root)]

    @property
    def container(self) -> ET.Element:
        return self.stack[-1][1]

    def add(self, el: ET.Element) -> ET.Element:
        self.container.append(el)
        el.tail = "\n"
        return el

    def open(self, level: int) -> ET.Element:
        while self.stack[-1][0] >= level:
            self.stack.pop()
        div = _block(self.container, "div")
        div.text = "\n"
        self.stack.append((level, div))
        return div


# -- helpers ---------------------------------------------------------------------


def _html_blocks(markdown: str) -> list[ET.Element]:
    """Markdown as Python-Markdown renders it, block by block.  Raw HTML is
    taken as text, as on the site."""
    rendered = _NOT_XML_RE.sub("\ufffd", _NAMED_ENTITY_RE.sub(_entity, _markdown().reset().convert(markdown)))
    return [el for el in ET.fromstring(f"<div>{rendered}</div>") if el.tag != "hr"]


@functools.cache
def _markdown() -> Markdown:
    """One converter for all (making one costs more than most conversions:
    0.4 s of a thousand documents' exports); reset before each use."""
    md = Markdown()
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def _entity(m: re.Match[str]) -> str:
    """An HTML entity Markdown let through (XML knows five): its character, or itself as text."""
    char = unescape(m[0])
    return escape(char, quote=False) if char != m[0] else "&amp;" + m[0][1:]


def _sub(parent: ET.Element, tag: str, text: str = "", attrs: dict[str, str] | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs or {})
    el.text = text or None
    return el


def _block(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None) -> ET.Element:
    """A child on a line of its own."""
    el = _sub(parent, tag, attrs=attrs)
    el.tail = "\n"
    return el


def _append(el: ET.Element, text: str | None) -> None:
    """Words after whatever `el` holds so far."""
    if not text:
        return
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _put(el: ET.Element, node: Node) -> None:
    if isinstance(node, str):
        _append(el, node)
    else:
        el.append(node)
