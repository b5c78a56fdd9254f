"""The plain text of a document in its two views, as UTF-8 strings.

- diplomatic: the witness exactly: its printed lines one per line with their
  line-end hyphens, its errors, its page furniture, its note markers and
  numbers as printed;
- reading: the text as the edition reads it: a word split at a line end
  joined on the line where it begins, ligatures, spaces and errors mended,
  supplied words in, furniture out; abbreviations expanded and spellings
  regularised where the editors mark them.

What an archival witness holds follows the page's views: a deletion is
"⟦struck⟧" in the diplomatic text and left out of the reading text; an
addition is "\\added/" in the diplomatic text (the Leiden signs) and in its
place in the reading text; a change of hand is "[hand: pencil]" in the
diplomatic text only; a gap ("[… 3 words illegible]"), a stamp ("[stamp: …]")
and a marginal note ("[in the margin: …]") are in both.

Both are read off the document's TEI (`tei.body_element`), so the two exports
cannot disagree.  They hold the source's words only: the introduction, the
editorial notes, the apparatus and signs such as "[sic]" are the site's and
the TEI's.  A page begins with a line "[p. 131]"; blank lines part
paragraphs, headings, captions and the like; a table's row is a line, its
cells parted by tabs; the source's notes follow their
page (or, in a born-digital text, the text), each after its printed number.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from . import tei
from .apparatus import Mark, gap_words
from .markup import SUPERSCRIPT
from .model import Document

_BLOCKS = {"p", "head", "item", "dateline", "byline"}
_VIEWS = {"reading": {"corr", "reg", "expan", "unclear"}, "diplomatic": {"sic", "orig", "abbr", "unclear"}}
_GAP_WORDS = {"chars": "characters", "words": "words", "lines": "lines"}
# The plain text needs no addresses: the TEI is built with none.
_NO_ADDRESSES = tei.ExportContext(edition_title="", version="", date="", url="", register_url=str,
                                  register_types={}, bibliography_url=str)


def plain_texts(document: Document, text: str) -> dict[str, str]:
    """The reading and the diplomatic text (keys "reading", "diplomatic");
    `text` is the document's Markdown as parsed."""
    body = tei.body_element(document, text, _NO_ADDRESSES)
    return {view: _View(view).render(body) for view in _VIEWS}


class _View:
    """One view of a `<body>`, written line by line."""

    def __init__(self, view: str) -> None:
        self.reading = view == "reading"
        self.chosen = _VIEWS[view]
        self.lines: list[str] = []
        self.line = ""
        self.notes: list[ET.Element] = []  # the source's notes met since the last page break
        # Reading: a word split at a line end is being completed; what stands
        # between its halves (a page break, the page's notes) waits for its end.
        self.joining = False
        self.held: list[Callable[[], None]] = []
        self.closing_gap = False  # diplomatic: supplied words left out between two spaces, one goes

    def render(self, body: ET.Element) -> str:
        self.content(body)
        self.end_block()
        self.flush_notes()
        self.end_line()
        return re.sub(r"\n{3,}", "\n\n", "\n".join(self.lines)).strip("\n") + "\n"

    def content(self, el: ET.Element) -> None:
        self.words(el.text)
        for child in el:
            self.node(child)
            self.words(child.tail)

    def node(self, el: ET.Element) -> None:
        tag = el.tag
        if tag == "note" and el.get("place") == "margin":
            self.words(f"[in the margin: {''.join(el.itertext())}]")
        elif tag == "note":
            self.marker(el)
        elif tag == "del":
            if self.reading:  # one space, not the two around the deleted words
                self.closing_gap = self.line.endswith(" ")
            else:
                self.words(f"⟦{''.join(el.itertext())}⟧")
        elif tag == "add":
            self.words(''.join(el.itertext()) if self.reading else f"\\{''.join(el.itertext())}/")
        elif tag == "gap":
            self.words(gap_words(Mark("gap", "", "", reason=el.get("reason", ""), detail=_extent(el))))
        elif tag == "handShift":
            if not self.reading:
                self.words(f"[hand: {el.get('new', '').removeprefix('#' + tei.HAND_PREFIX)}]")
        elif tag == "app":  # both views follow the base witness
            lemma = el.find("lem")
            if len(lemma) or lemma.text:
                self.content(lemma)
            else:  # the base witness lacks the words: one space, not the two around them
                self.closing_gap = self.line.endswith(" ")
        elif tag == "stamp":
            self.words(f"[stamp: {''.join(el.itertext())}]")
        elif tag == "lb":
            if self.reading and el.get("break") == "no":
                self.joining = True
            else:
                self.end_line()
        elif tag == "pb":
            self.between_lines(lambda: self.page(el.get("n", "")))
        elif tag == "fw":
            if not self.reading:
                self.put("".join(el.itertext()))
        elif tag == "choice":
            for part in el:
                if part.tag in self.chosen:
                    self.content(part)
            if self.reading and el.find("reg[@type='hyphenation']") is not None:
                self.joining = True
        elif tag == "supplied":
            if self.reading:
                self.content(el)
            else:  # the witness has nothing here: one space, not the two around the supplied words
                self.closing_gap = self.line.endswith(" ")
        elif tag == "row":  # a line, its cells parted by tabs
            self.end_line()
            for i, cell in enumerate(el):
                self.line += "\t" if i else ""
                self.content(cell)
            self.finish_word()
            self.end_line()
        elif tag in _BLOCKS:
            self.end_block()
            self.content(el)
            self.end_block()
        else:  # divisions, lists, quotations, figures; names, dates, italics, references
            self.content(el)

    def marker(self, note: ET.Element) -> None:
        if note.get("type") == "editorial":
            return
        self.words(note.get("n", "").translate(SUPERSCRIPT))
        self.notes.append(note)

    def page(self, n: str) -> None:
        self.flush_notes()
        self.put(f"[p. {n}]")

    def flush_notes(self) -> None:
        """The notes of a page, after its last line, as printed: number, space, text."""
        if not self.notes:
            return
        self.put("")
        for note in self.notes:
            self.words(f"{note.get('n')} ")
            for i, paragraph in enumerate(note):
                if i:
                    self.end_line()
                self.content(paragraph)
            self.finish_word()
            self.end_line()
        self.put("")
        self.notes = []

    # -- lines ---------------------------------------------------------------

    def words(self, text: str | None) -> None:
        text = (text or "").replace("\n", "")  # the TEI's newlines are layout, never the source's
        if self.closing_gap and text.startswith(" "):
            text = text[1:]
        self.closing_gap = False
        if self.joining and text:
            word, space, text = text.partition(" ")
            self.line += word
            if not space:
                return
            self.finish_word()
        self.line += text

    def between_lines(self, action: Callable[[], None]) -> None:
        if self.joining:
            self.held.append(action)
        else:
            action()

    def finish_word(self) -> None:
        if not self.joining:
            return
        self.joining = False
        self.end_line()
        held, self.held = self.held, []
        for action in held:
            action()

    def end_line(self) -> None:
        if self.line.strip():
            self.lines.append(self.line.rstrip())
        self.line = ""

    def end_block(self) -> None:
        self.finish_word()
        self.put("")

    def put(self, line: str) -> None:
        """A line of its own (a blank line parts blocks)."""
        self.end_line()
        self.lines.append(line)


def _extent(gap: ET.Element) -> str:
    """A `gap`'s extent as the mark gave it: '3 words', '1 line'."""
    n, unit = gap.get("quantity", ""), _GAP_WORDS[gap.get("unit", "words")]
    return f"{n} {unit.removesuffix('s') if n == '1' else unit}"
