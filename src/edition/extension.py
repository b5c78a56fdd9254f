"""The Python-Markdown extension that renders edition markup.

Enable it in `mkdocs.yml` as `- edition.extension`.  It works in any
Python-Markdown host (no MkDocs import): the body is read once by
`markup.scan_body`, and the model's items are threaded through Markdown's
stages as placeholder tokens:

1. preprocessor: each anchored item becomes a token `STX edition:N ETX` at
   its place in the line, an apparatus mark is replaced by its token; note
   definitions are lifted out of the text;
   a note marker by its token, and a mention, a date or a reference to a page
   by a pair of tokens around its words;
2. inline: tokens become elements (line starts, page breaks, furniture,
   marks holding both views, note markers labelled as printed (14) or
   lettered (a) …), a pair of tokens an element holding its words;
3. tree: paragraph anchors move onto their blocks, line-break whitespace is
   settled, the transcription is wrapped with its view switch, and the notes
   (two separate series) and the apparatus are listed.

Diagnostics are not reported here: the MkDocs hook and the checker report
them from the same `scan_body`, with the file's real line numbers.  The hook
reads every page before any is converted, and `offer`s what it read, so that
a page is not read twice.
"""

from __future__ import annotations

import dataclasses
import html
import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .apparatus_html import apparatus_section, feature_element, hyphen_element, mark_element
from .markup import PLACES, scan_body
from .model import (
    Annotation,
    Block,
    Body,
    BodyLine,
    CaptionLine,
    CitationUse,
    Emendation,
    Feature,
    Hyphen,
    Line,
    Milestone,
    Note,
    NoteLine,
    NoteRef,
    PageRef,
    Role,
    Row,
    Series,
)
from .safety import URL_ATTRIBUTES, is_event_handler, unsafe_scheme
from .search import IGNORE

TOKEN = util.STX + "edition:{}" + util.ETX
# An item that holds words of the text (a mention, a date, a reference to a page): its element
# opens at the first token and closes at the second.
OPEN, CLOSE = util.STX + "edition-open:{}" + util.ETX, util.STX + "edition-close:{}" + util.ETX
OFFERED: dict[str, Body] = {}  # bodies read already, by the text a conversion will be given (`offer`)
_TOKEN_RE = util.STX + r"edition:(\d+)" + util.ETX
_SPAN_RE = util.STX + r"edition-open:(\d+)" + util.ETX + "(.*?)" + util.STX + r"edition-close:\1" + util.ETX
_ANY_TOKEN_RE = re.compile(util.STX + r"edition(?:-open|-close)?:\d+" + util.ETX)
# Elements that stand between printed lines: no source whitespace around them.
_BREAKS = {"lb", "pb", "fw"}
# What a directive line stands for: never a word of a caption or of the text's paragraphs.
_DIRECTIVES = {"pb", "fw", "figure", "table", "dateline", "byline"}
# The lines below '::figure' or '::table' that belong to it (markup.BodyLine.block).
_FIGURE_LINES = {"caption", "row"}
HEADINGS = {f"h{i}": i for i in range(1, 7)}
# Headings inside the transcription are the source's: its title (#) is shown
# below the page's own title and the edition's "Text" heading.
SOURCE_HEADING_SHIFT = 2


class EditionExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        # Read by the site (edition/publishing.py), which formats citations and builds the register.
        self.config: dict[str, list[Any]] = {
            "bibliography": ["bibliography.bib", "the edition's BibTeX file, relative to mkdocs.yml"],
            "csl": ["", "the CSL style of citations, relative to mkdocs.yml (default: the package's Chicago "
                        "notes and bibliography)"],
            "register": ["register.yml", "the register of people, places, organisations and events"],
            "changelog": ["docs/changelog.md", "the edition's changelog: its first heading is the version"],
            "anchors": ["anchors.txt", "every address the edition has published (written by `make record`)"],
            "published": ["published.txt", "each transcription as last published (written by `make record`)"],
        }
        super().__init__(**kwargs)
        self.reset()

    def reset(self) -> None:
        self.body = Body()
        self.items: list[Any] = []
        self.note_texts: dict[str, str] = {}
        self.ref_counts: dict[str, int] = {}
        self.written: dict[str, str] = {}  # a token -> the markup it stands in place of

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.registerExtensions(["tables"], {})  # a source's tables ('::table'), in any host
        # Sources come from strangers' pull requests: raw HTML is not passed
        # through but shown as the text it is, so no source can run script.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After whitespace normalisation (30), which strips STX/ETX from the
        # source, so a source can never forge a token; before fenced code (25)
        # and raw HTML (20), so the body is read as the editor wrote it.
        md.preprocessors.register(_Tokens(md, self), "edition", 28)
        # Above backticks (190), so a token is never shown as code.
        md.inlinePatterns.register(_TokenInline(_TOKEN_RE, self), "edition-token", 200)
        # Where the mentions' own pattern stood, above links (160): its words are read as links are.
        md.inlinePatterns.register(_SpanInline(_SPAN_RE, self), "edition-span", 170)
        # Notes are built before inline processing (20) so their text is
        # processed with the rest; structure is settled after it, before toc (5).
        md.treeprocessors.register(_Notes(md, self), "edition-notes", 50)
        md.treeprocessors.register(_Structure(md, self), "edition-structure", 15)
        # Last of all, on the finished tree: no address or attribute that could run script (see `safety`).
        md.treeprocessors.register(_Unsafe(md), "edition-safety", 0)
        md.postprocessors.register(_Unread(md, self), "edition-unread", 25)

    def token(self, item: Any, form: str = TOKEN) -> str:
        self.items.append(item)
        return form.format(len(self.items) - 1)

    def note_marker(self, label: str) -> etree.Element:
        """A note's marker, labelled as printed (14) or lettered (a); each after the first has an id of its own."""
        note = self.body.notes[label]
        count = self.ref_counts[label] = self.ref_counts.get(label, 0) + 1
        ref_id = f"{note.anchor}-ref" + (str(count) if count > 1 else "")
        # A marker is no word of the text: kept out of the search index.
        sup = etree.Element("sup", {"class": f"note-ref {note.series.value}", "id": ref_id, IGNORE: ""})
        name = "Note" if note.series is Series.AUTHOR else "Editorial note"
        a = etree.SubElement(sup, "a", {"class": "footnote-ref", "href": f"#{note.anchor}",
                                        "aria-label": f"{name} {note.display}"})
        a.text = util.AtomicString(note.display)
        return sup


def offer(lines: list[str], body: Body) -> None:
    """Offer the conversion of a page the body already read from its lines
    (as in the file, after the front matter and the blank lines after it),
    so as not to read them again (a tenth of a first build).  It is taken
    only if Markdown gives the conversion exactly these lines as
    Python-Markdown's NormalizeWhitespace leaves them: lines of spaces
    emptied, two blank lines added.  Reading those would give this body but
    for the blank lines at its end: a line of spaces reads as an empty one,
    and blank lines after everything else change nothing else.  Given any
    other lines (a tab, which Markdown expands), the conversion reads the
    page itself.  The site empties OFFERED before each build (`forget_offers`)."""
    given = ["" if not line.strip(" ") else line for line in lines] + ["", ""]
    OFFERED["\n".join(given)] = dataclasses.replace(body, lines=body.lines + [BodyLine(Role.BLANK)] * 2)


def forget_offers() -> None:
    """A new build offers its own bodies: none of an earlier build's is taken."""
    OFFERED.clear()


class _Tokens(Preprocessor):
    def __init__(self, md: Markdown, ext: EditionExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        ext = self.ext
        ext.body = OFFERED.pop("\n".join(lines), None)
        if ext.body is None:
            ext.body, _ = scan_body(lines, "")
        if ext.body.refused:
            # Markup beyond the edition's limits (ED008, which fails the build): Markdown would take
            # minutes over it, or recurse until Python stops it.  The page shows its source as written.
            ext.body = Body()
            source = html.escape("\n".join(lines).strip("\n"))
            return [self.md.htmlStash.store(f'<pre class="edition-refused">{source}</pre>')]
        out: list[str] = []
        notes: dict[str, list[str]] = {}
        infos = ext.body.lines
        for i, (raw, info) in enumerate(zip(lines, infos, strict=True)):
            # A figure's caption and a table's rows are blocks of their own, and a table's rows
            # one block apart from its caption, as Markdown reads a table.
            after = infos[i - 1].block if i else ""
            if (after in _FIGURE_LINES and info.block not in _FIGURE_LINES
                    or info.block == "row" and after != "row"):
                out.append("")
            if info.role is Role.DIRECTIVE and not info.items:  # '::cites': read, not shown
                out.append("")
            elif info.role is Role.DIRECTIVE:
                token = ext.token(info.items[0])
                # The transcription's start must be a block of its own; a figure or table with lines
                # below it begins one.
                if info.items[0].kind == "text":
                    out += ["", token, ""]
                else:
                    captioned = i + 1 < len(infos) and infos[i + 1].block in _FIGURE_LINES
                    out += ["", token] if captioned else [token]
            elif info.role is Role.TEXT:
                out.append(self.tokenize(raw, info.col, info.items))
            elif info.role is Role.EDITORIAL and info.items:
                out.append(self.tokenize(raw, 1, info.items))
            elif info.role is Role.NOTE:
                # Lifted out without a trace, so a paragraph may run on past
                # the notes at a page foot into the next page.
                text = raw[info.col - 1:] if info.note not in notes else self.dedent(raw)
                cut = len(raw) - len(text)
                notes.setdefault(info.note, []).append(self.tokenize(text, 1, info.items, cut))
            else:
                out.append(raw)
        ext.note_texts = {label: "\n".join(text).strip("\n") for label, text in notes.items()}
        for use in ext.body.citations:
            if use.made:  # the note made for a citation in prose holds the citation alone
                ext.note_texts[use.note] = ext.token(use)
        return out

    def tokenize(self, raw: str, col: int, items: tuple, cut: int = 0) -> str:
        """Put the items' tokens into a line: a printed line's or paragraph's
        before its text at `col`, the others in place of the markup the
        scanner found.  `cut` is how many characters were taken off the
        file's line, whose columns the items count in."""
        token = self.ext.token
        starts = ""
        spans: list[tuple[int, int, str]] = []  # (from, to, what stands there instead), in the file's columns
        for item in items:
            if isinstance(item, (Line, NoteLine, CaptionLine, Row, Block)):
                starts += token(item)
            elif isinstance(item, Hyphen):  # the printed '-'
                spans.append((item.loc.col - 1, item.loc.col, token(item)))
            elif isinstance(item, (Annotation, PageRef)):  # '[' and ']{@id}' or '](page:62)' around the words
                spans += [(item.loc.col - 1, item.loc.col, token(item, OPEN)),
                          (item.close - 1, item.end - 1, CLOSE.format(len(self.ext.items) - 1))]
            elif isinstance(item, CitationUse) and item.made:  # gives way to the marker of the note made for it
                spans.append((item.loc.col - 1, item.end - 1, token(NoteRef(item.note, item.loc, item.end))))
            elif not isinstance(item, NoteRef) or item.label in self.ext.body.notes:
                # a mark, a citation, a note's marker (of no note: left as written, and reported as ED200)
                spans.append((item.loc.col - 1, item.end - 1, token(item)))
        line = raw.rstrip()
        for start, end, text in sorted(spans, reverse=True):  # from the right, so earlier columns stay put
            self.ext.written[text] = line[start - cut:end - cut]
            line = line[: start - cut] + text + line[end - cut:]
        return line[: col - 1] + starts + line[col - 1:]

    @staticmethod
    def dedent(raw: str) -> str:
        return raw[4:] if raw.startswith("    ") else raw.lstrip("\t")


class _Unread(Postprocessor):
    """A token that Markdown kept as code, in a code block of the edition's prose (which the
    scanner reads as prose), shows the markup it stands for, as written."""

    def __init__(self, md: Markdown, ext: EditionExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        return _ANY_TOKEN_RE.sub(lambda m: html.escape(self.ext.written.get(m[0], ""), quote=False), text)


class _TokenInline(InlineProcessor):
    def __init__(self, pattern: str, ext: EditionExtension) -> None:
        super().__init__(pattern)
        self.ext = ext

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:
        item = self.ext.items[int(m.group(1))]
        el = self.ext.note_marker(item.label) if isinstance(item, NoteRef) else render_item(item)
        return el, m.start(0), m.end(0)


def render_item(item: Any) -> etree.Element:
    """The element one model item stands for in the text."""
    if isinstance(item, Row):  # its address goes to its row (`_Structure.address_row`)
        return etree.Element("edition-row", {"id": item.anchor, "data-n": str(item.n)})
    if isinstance(item, (Line, NoteLine, CaptionLine)):
        el = etree.Element("span", {"class": "lb", "id": item.anchor, "data-n": str(item.n)})
        if item.joined:
            el.set("data-joined", "")
        return el
    if isinstance(item, Hyphen):
        return hyphen_element(item)
    if isinstance(item, Emendation):
        return _atomic(mark_element(item))
    if isinstance(item, Feature):
        return _atomic(feature_element(item))
    if isinstance(item, CitationUse):
        # Formatted for the whole edition at once by the site (citeproc.py); until
        # then, and in a host without the site hook, the citation as written.
        el = etree.Element("cite", {"class": "citation", "data-cite": str(item.n)})
        el.text = util.AtomicString(item.citation.text)
        return el
    if isinstance(item, Block):
        return etree.Element("edition-block", {"id": item.anchor, "data-n": str(item.n)})
    return render_milestone(item)


def render_milestone(m: Milestone) -> etree.Element:
    if m.kind == "text":
        return etree.Element("edition-text")
    if m.kind == "page":
        el = etree.Element("span", {"class": "pb", "id": m.anchor, "data-n": m.text, IGNORE: ""})
        link = etree.SubElement(el, "a", {"href": f"#{m.anchor}", "title": f"Printed page {m.text}"})
        link.text = util.AtomicString(f"p. {m.text}")
        return el
    el = etree.Element("span", {"class": m.kind, "id": m.anchor})
    if m.kind == "furniture":  # the witness's, not the text's: the diplomatic view only
        el.set("class", "fw")
        el.set(IGNORE, "")
        label = etree.SubElement(el, "a", {"class": "fw-label", "href": f"#app-{m.anchor}"})
        label.text = util.AtomicString(f"{m.label} (not part of the text):")
        label.tail = " "
        text = etree.SubElement(el, "span", {"class": "fw-text"})
        text.text = util.AtomicString(m.text)
    elif m.kind in ("figure", "table"):
        if m.label:
            el.set("data-place", m.label)
        # A table is reproduced: named only to say where the page has it.
        if m.kind == "figure" or m.label:
            what = "Image (not reproduced)" if m.kind == "figure" else "Table"
            label = etree.SubElement(el, "span", {"class": "figure-label", IGNORE: ""})
            label.text = util.AtomicString(f"{what}, {PLACES[m.label]}" if m.label else what)
        if m.text:
            if len(el):
                el[-1].tail = " "
            caption = etree.SubElement(el, "span", {"class": "figure-caption"})
            caption.text = util.AtomicString(m.text)
    else:  # dateline, byline: the source's own words
        el.text = util.AtomicString(m.text)
    return el


ENTITY_HREF = "entity:"  # a mention's link until the site points it at the register's page


class _SpanInline(InlineProcessor):
    """A mention links its words to the register, a date marks them with its
    ISO form, a reference to a page links them to the page (`references`
    points it there).  The words are left as written (their marks included)."""

    def __init__(self, pattern: str, ext: EditionExtension) -> None:
        super().__init__(pattern)
        self.ext = ext

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:
        item = self.ext.items[int(m.group(1))]
        if isinstance(item, PageRef):
            el = etree.Element("a", {"href": f"page:{item.page}"})
        elif item.kind == "mention":
            el = etree.Element("a", {"class": "mention", "href": ENTITY_HREF + item.value, "data-entity": item.value})
        else:
            el = etree.Element("time", {"class": "date", "datetime": item.value.split("/")[0], "data-when": item.value})
            if item.julian:
                el.set("data-julian", item.julian)
        el.text = m.group(2)
        return el, m.start(0), m.end(0)


class _Notes(Treeprocessor):
    """Append the source's notes and the edition's notes as two lists."""

    def __init__(self, md: Markdown, ext: EditionExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        body = self.ext.body
        in_text = body.layout is not None
        titles = {Series.AUTHOR: ("notes", "Notes of the source"),
                  Series.EDITORIAL: ("editorial-notes", "Editorial notes" if in_text else "Notes")}
        for series in Series:
            notes = body.notes_in(series)  # already in display order
            if not notes:
                continue
            anchor, title = titles[series]
            section = etree.SubElement(root, "section", {
                "class": f"footnote notes {series.value}-notes", "aria-labelledby": anchor})
            heading = etree.SubElement(section, "h2", {"id": anchor})
            heading.text = title
            ol = etree.SubElement(section, "ol", {"type": "a"} if series is Series.EDITORIAL else {})
            for note in notes:
                ol.append(self.item(note))

    def item(self, note: Note) -> etree.Element:
        li = etree.Element("li", {"id": note.anchor})
        if note.series is Series.AUTHOR:
            if note.label.isdigit():
                li.set("value", note.label)
            else:
                li.set("data-label", note.label)
            if note.page:
                li.set("data-page", note.page)
        holder = etree.Element("div")
        self.md.parser.parseChunk(holder, self.ext.note_texts[note.label])
        li.extend(holder)
        works = [(i, w) for i, w in enumerate(self.ext.body.works_cited) if w.note == note.label]
        if works:  # the edition's links to the works the note cites, after its printed text
            p = etree.SubElement(li, "p", {"class": "works-cited"})
            p.text = "Cited: "
            for n, (i, work) in enumerate(works):
                # Linked to the bibliography by the site (placeholder until then).
                el = etree.SubElement(p, "cite", {"class": "work", "data-work": str(i)})
                el.text = util.AtomicString(work.citation.text)
                el.tail = "; " if n < len(works) - 1 else ""
        back = etree.Element("a", {"class": "footnote-backref", "href": f"#{note.anchor}-ref",
                                   "aria-label": f"Back to the marker of note {note.display}"})
        back.text = "↩"
        last = li[-1] if len(li) and li[-1].tag == "p" else etree.SubElement(li, "p")
        last.append(back)
        _append_text(last, back, " ")
        return li


def _append_text(parent: etree.Element, child: etree.Element, text: str) -> None:
    """Put `text` just before `child`, which is in `parent`."""
    kids = list(parent)
    i = kids.index(child)
    if i == 0:
        parent.text = (parent.text or "") + text
    else:
        kids[i - 1].tail = (kids[i - 1].tail or "") + text


class _Unsafe(Treeprocessor):
    """Drops what `safety` forbids; the scanner has reported it (ED010, ED011) at its line."""

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            for name, value in list(el.attrib.items()):
                if is_event_handler(name):
                    del el.attrib[name]
                elif name in URL_ATTRIBUTES and unsafe_scheme(value):
                    # the link's words stay, as text (MkDocs expects every <a> and <img> to have an address)
                    text = el.get("alt", "") if el.tag == "img" else el.text
                    el.attrib.clear()
                    el.tag, el.text = "span", text


class _Structure(Treeprocessor):
    def __init__(self, md: Markdown, ext: EditionExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for el in list(root.iter("edition-block")):
            self.anchor_block(el, parents)
        for el in list(root.iter("sup")):
            if "editorial" in el.get("class", "").split():
                self.hug_previous_word(el, parents)
        for el in list(root.iter("span")):
            if _kind(el) in _BREAKS:
                self.settle_whitespace(el, parents)
        for el in list(root.iter("a")):
            if _kind(el) == "mention" and el.find(".//a") is not None:
                self.unnest_mention(el)
        for el in list(root.iter("span")):
            if _kind(el) in ("figure", "table"):
                self.gather_caption(el, parents)
        for p in list(root.iter("p")):
            self.blockify(p, parents)
        for el in list(root.iter("edition-row")):
            self.address_row(el, parents)
        self.wrap_text(root)
        mark_continuations(root)
        self.add_apparatus(root)
        mark_languages(root)
        for h in root.iter():
            # The table of contents names a heading by its reading text, not both views glued.
            if h.tag in HEADINGS and any(_kind(a) == "app" for a in h.iter("a")):
                h.set("data-toc-label", " ".join(_reading_text(h).split()))

    @staticmethod
    def anchor_block(marker: etree.Element, parents: dict) -> None:
        """Give the paragraph or heading the marker opens its number and anchor."""
        parent = parents[marker]
        _remove(marker, parent)
        parent.set("id", marker.get("id"))
        parent.set("data-n", marker.get("data-n"))
        parent.set("class", (parent.get("class", "") + " numbered").strip())

    @staticmethod
    def hug_previous_word(marker: etree.Element, parents: dict) -> None:
        """An editorial note's marker stands on the word before it, as pandoc
        sets a citation's: 'Iaponica [@Berton1993]' becomes 'Iaponicaᵃ'."""
        parent = parents[marker]
        kids = list(parent)
        i = kids.index(marker)
        if i == 0:
            parent.text = (parent.text or "").rstrip()
        else:
            kids[i - 1].tail = (kids[i - 1].tail or "").rstrip()

    @staticmethod
    def unnest_mention(el: etree.Element) -> None:
        """A mention holding an apparatus mark (itself a link): links never
        nest, so the words before the mark link to the register ('Mikhail'
        of 'Mikhail Fridovsky'), or else a small arrow after it does."""
        link = etree.Element("a", {k: el.get(k) for k in ("class", "href", "data-entity")})
        el.tag = "span"
        el.attrib = {"class": "mention-group"}
        words = (el.text or "").rstrip()
        if words:
            link.text, link.tail = words, el.text[len(words):]
            el.text = None
            el.insert(0, link)
        else:
            link.set("class", "mention-link")
            link.set(IGNORE, "")
            link.text = "↗"
            el.append(link)

    @staticmethod
    def settle_whitespace(el: etree.Element, parents: dict) -> None:
        """Source newlines around breaks become one space, or none where a word runs on."""
        parent = parents[el]
        kids = list(parent)
        i = kids.index(el)
        before = parent.text if i == 0 else kids[i - 1].tail
        # Only words before it (not a page break or furniture) call for a space.
        had_text = bool((parent.text or "").strip()) or any(
            _kind(k) not in _BREAKS or (k.tail or "").strip() for k in kids[:i])
        before = (before or "").rstrip("\n")
        if _kind(el) == "lb" and "data-joined" not in el.attrib and had_text and not before.endswith(" "):
            before += " "
        if i == 0:
            parent.text = before
        else:
            kids[i - 1].tail = before
        if _kind(el) != "lb" and el.tail:
            el.tail = el.tail.lstrip("\n")

    @staticmethod
    def gather_caption(el: etree.Element, parents: dict) -> None:
        """A figure or table that begins its block holds what follows it there: its
        caption's lines (which the scanner ends at a blank line or a directive)."""
        parent = parents[el]
        kids = list(parent)
        if kids[0] is not el or (parent.text or "").strip():
            return
        stop = next((i for i, k in enumerate(kids) if i and _kind(k) in _DIRECTIVES), len(kids))
        caption = kids[1:stop]
        if not caption and not (el.tail or "").strip():
            return
        figcaption = etree.SubElement(el, "span", {"class": "figure-caption", "data-lines": ""})
        figcaption.text, el.tail = (el.tail or "").lstrip(), None
        for k in caption:
            parent.remove(k)
            figcaption.append(k)
        if caption:
            caption[-1].tail = (caption[-1].tail or "").rstrip("\n")

    @staticmethod
    def address_row(marker: etree.Element, parents: dict) -> None:
        """A table row's address, on the row (its marker stood in the first cell).  Rows
        Markdown did not read as a table (reported: ED408) keep it where they stand."""
        cell = parents[marker]
        if cell.tag not in ("td", "th"):
            marker.tag = "span"
            return
        _remove(marker, cell)
        cell.text = (cell.text or "").lstrip()
        row = parents[cell]
        row.set("id", marker.get("id"))
        row.set("data-n", marker.get("data-n"))

    @staticmethod
    def blockify(p: etree.Element, parents: dict) -> None:
        """A paragraph holding only directives is not a paragraph of the text."""
        kids = list(p)
        if not kids or (p.text or "").strip() or any((k.tail or "").strip() for k in kids):
            return
        if any(_kind(k) not in _DIRECTIVES and k.tag != "edition-text" for k in kids):
            return
        parent = parents[p]
        at = list(parent).index(p)
        parent.remove(p)
        for offset, k in enumerate(kids):
            k.tail = None
            if k.tag == "span":
                k.tag = "figure" if _kind(k) in ("figure", "table") else "div"
                if k.tag == "figure":
                    for child in k:
                        if _kind(child) == "figure-caption":
                            child.tag = "figcaption"
            parent.insert(at + offset, k)
        table = parent[at + len(kids)] if at + len(kids) < len(parent) else None
        if _kind(kids[-1]) == "table" and table is not None and table.tag == "table":
            parent.remove(table)  # its rows, which Markdown read as a block of their own
            kids[-1].append(table)

    def wrap_text(self, root: etree.Element) -> None:
        """Put the transcription into its own section, apart from the editorial prose."""
        body = self.ext.body
        start = root.find("edition-text")
        if start is None or body.layout is None:
            return
        kids = list(root)
        i = kids.index(start)
        # id "diplomatic": without JavaScript, the link '#diplomatic' shows that view (CSS :target).
        section = etree.Element("section", {"class": "transcription", "id": "diplomatic",
                                            "data-layout": body.layout.value, "aria-labelledby": "text"})
        heading = etree.SubElement(section, "h2", {"id": "text", "class": "edition-heading"})
        heading.text = "Text"
        section.append(view_switch())
        for el in kids[i + 1:]:
            if el.tag == "section" and "notes" in el.get("class", ""):
                break
            root.remove(el)
            section.append(el)
            for h in el.iter():
                if h.tag in HEADINGS:
                    h.tag = f"h{min(HEADINGS[h.tag] + SOURCE_HEADING_SHIFT, 6)}"
                    h.set("class", (h.get("class", "") + " source-heading").strip())
        root.remove(start)
        root.insert(i, section)

    def add_apparatus(self, root: etree.Element) -> None:
        """The apparatus follows the source's notes, before the edition's notes."""
        section = apparatus_section(self.ext.body.apparatus)
        if section is None:
            return
        kids = list(root)
        before = [i for i, k in enumerate(kids) if k.tag == "section"
                  and {"transcription", "author-notes"} & set(k.get("class", "").split())]
        root.insert(before[-1] + 1 if before else len(kids), section)


# --- Where a printed page ends mid-sentence ---------------------------------

# What ends a sentence, before any closing quotation marks or brackets.
_FINAL = ".!?…"
_CLOSERS = "”’\"'»›)]*"
# What stands apart from the running sentences: its words never end a page's sentence.
_APART = {"figure", "table", "arch-stamp", "arch-signature", "arch-margin"}
CONTINUES = "The sentence continues on the next page"


def continuation_mark() -> etree.Element:
    """The edition's sign (drawn by CSS, so never copied, searched or read as a word of the
    text) that a printed page ends mid-sentence: an image named for screen readers."""
    return etree.Element("span", {"class": "page-continues", "role": "img", "aria-label": CONTINUES,
                                  "title": CONTINUES, IGNORE: ""})


def mark_continuations(root: etree.Element) -> None:
    """After the last printed line of each page of a printed text whose
    reading text does not end a sentence, a continuation mark: before the
    next page's break when it stands in the same block, else at the end
    of the block that holds the page's last words."""
    section = next((s for s in root.iter("section") if "transcription" in s.get("class", "").split()), None)
    if section is None or section.get("data-layout") != "lines":
        return
    parents = {child: parent for parent in section.iter() for child in parent}
    last: list[tuple[etree.Element, str]] = []  # the latest run of words: (element, "text" or "tail")
    ends: list[tuple[tuple[etree.Element, str], etree.Element | None]] = []  # (last words, the page break after)

    def walk(el: etree.Element) -> None:
        for child in el:
            if _kind(child) == "pb":
                if last:
                    ends.append((last[-1], child))
            elif IGNORE not in child.attrib and not {"edition-heading", *_APART} & set(child.get("class", "").split()):
                if (child.text or "").strip():
                    last.append((child, "text"))
                walk(child)
            if (child.tail or "").strip():
                last.append((child, "tail"))

    walk(section)
    if last:
        ends.append((last[-1], None))
    for (el, where), pb in ends:
        words = ((el.text if where == "text" else el.tail) or "").rstrip().rstrip(_CLOSERS)
        if words and words[-1] in _FINAL:
            continue
        block = el if where == "text" else parents[el]
        while block is not section and block.tag not in _BLOCKS:
            block = parents[block]
        if pb is not None and parents[pb] is block:
            _remove_trailing_space(block, pb)
            block.insert(list(block).index(pb), continuation_mark())
        elif block is not section:
            _remove_trailing_space(block, None)
            block.append(continuation_mark())


_BLOCKS = {"p", "li", "blockquote", "div", "figure", "td", "dd", *HEADINGS}


def _remove_trailing_space(block: etree.Element, before: etree.Element | None) -> None:
    """The mark follows the words of the line, with no space before it (a page break's newline)."""
    kids = list(block)
    i = kids.index(before) if before is not None else len(kids)
    if i == 0:
        block.text = (block.text or "").rstrip()
    else:
        kids[i - 1].tail = (kids[i - 1].tail or "").rstrip()


# --- Passages in another script --------------------------------------------

# A run of Cyrillic words, with the spaces and punctuation between them.
_CYR = "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"
_CYRILLIC_RE = re.compile(f"[{_CYR}](?:[{_CYR}\u0300-\u036f'’ʼ-]|[\\s,.;:!?«»„“”()–—-]+(?=[{_CYR}]))*")
# Letters that tell one language written in Cyrillic from the others; a run without any is undetermined.
_LETTERS = (("be", "ўЎ"), ("uk", "іїєґІЇЄҐ"), ("ru", "ыэёЫЭЁ"), ("sr", "ђћљњџјЂЋЉЊЏЈ"))
_NOT_PROSE = {"code", "pre", "script", "style", "kbd", "samp"}


def language_of(text: str) -> str:
    """The BCP 47 tag of a run of Cyrillic text: its language where a letter
    tells it ('Пархітько' is Ukrainian), else only its script ('und-Cyrl')."""
    has = set(text)
    if has & set("ўЎ") or (has & set("іІ") and has & set("ыЫ")):
        return "be"
    return next((lang for lang, letters in _LETTERS[1:] if has & set(letters)), "und-Cyrl")


def mark_languages(root: etree.Element) -> None:
    """The page is in the edition's language: a passage in Cyrillic is
    tagged with its own (`lang`), so that a screen reader speaks it with
    the right voice and a browser hyphenates it by the right rules.  An
    element holding nothing else takes the tag; a run within other words is
    wrapped in a span that does."""
    for el in list(root.iter()):
        if el.tag in _NOT_PROSE or el.get("lang") or not isinstance(el.tag, str):
            continue
        if el.text and _CYRILLIC_RE.search(el.text):
            if not len(el) and _CYRILLIC_RE.fullmatch(el.text.strip()):
                el.set("lang", language_of(el.text))
            else:
                head, spans = _split_languages(el.text)
                el.text = head
                for i, span in enumerate(spans):
                    el.insert(i, span)
        for child in list(el):
            if child.tail and _CYRILLIC_RE.search(child.tail):
                head, spans = _split_languages(child.tail)
                child.tail = head
                at = list(el).index(child) + 1
                for i, span in enumerate(spans):
                    el.insert(at + i, span)


def _split_languages(text: str) -> tuple[str, list[etree.Element]]:
    """A text as its words before the first Cyrillic run, and a span for each run (its tail the words after)."""
    spans: list[etree.Element] = []
    head, at = "", 0
    for m in _CYRILLIC_RE.finditer(text):
        if spans:
            spans[-1].tail = text[at:m.start()]
        else:
            head = text[:m.start()]
        span = etree.Element("span", {"lang": language_of(m[0])})
        span.text = m[0]
        spans.append(span)
        at = m.end()
    spans[-1].tail = text[at:]
    return head, spans


VIEWS = (("reading", "Reading text", "#text"), ("diplomatic", "Diplomatic text", "#diplomatic"))
VIEW_SWITCH_END = '<span class="view-status" role="status"></span></div>'  # what the site puts beside the text follows it


def view_switch() -> etree.Element:
    """The reader's choice of view.  Links, so it works without JavaScript
    ('#diplomatic' shows that view); view.js makes it a remembered choice."""
    nav = etree.Element("div", {"class": "view-switch", "role": "group", "aria-label": "View of the text",
                                IGNORE: ""})
    for view, label, href in VIEWS:
        a = etree.SubElement(nav, "a", {"href": href, "data-view": view})
        a.text = label
        if view == "reading":
            a.set("aria-current", "true")
    status = etree.SubElement(nav, "span", {"class": "view-status", "role": "status"})
    status.text = ""
    return nav


def _reading_text(el: etree.Element) -> str:
    """An element's text as the reading view shows it."""
    text = el.text or ""
    for child in el:
        if IGNORE not in child.attrib:
            text += _reading_text(child)
        text += child.tail or ""
    return text


def _atomic(el: etree.Element) -> etree.Element:
    """Mark an element's texts as final: a source's words are never read as Markdown again."""
    for sub in el.iter():
        if sub.text:
            sub.text = util.AtomicString(sub.text)
    return el


def _kind(el: etree.Element) -> str:
    return (el.get("class") or "").split(" ")[0]


def _remove(el: etree.Element, parent: etree.Element) -> None:
    """Remove an element, keeping its tail text in place."""
    kids = list(parent)
    i = kids.index(el)
    if el.tail:
        if i == 0:
            parent.text = (parent.text or "") + el.tail
        else:
            kids[i - 1].tail = (kids[i - 1].tail or "") + el.tail
    parent.remove(el)


def makeExtension(**kwargs: Any) -> EditionExtension:
    return EditionExtension(**kwargs)
