"""The edition's model of a document: small immutable records, each with its `Loc`.

Anchors (HTML ids) are derived here from the source's own coordinates —
page number, line number, note label, paragraph number — never from build
order or wording, so correcting a word moves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from .apparatus import Mark
from .citations import Citation
from .diagnostics import Loc


class Layout(str, Enum):
    LINES = "lines"  # a printed witness: pages and printed lines
    PARAGRAPHS = "paragraphs"  # a born-digital witness: numbered paragraphs


class Series(str, Enum):
    AUTHOR = "author"  # the source's own notes, labelled as printed
    EDITORIAL = "editorial"  # the edition's notes, lettered a, b, c …


EDITORIAL_PREFIX = "ed-"


@dataclass(frozen=True, slots=True)
class Page:
    number: str
    loc: Loc

    @property
    def anchor(self) -> str:
        return f"p{self.number}"


@dataclass(frozen=True, slots=True)
class Line:
    """A printed line.  `joined` is true when it continues the previous
    line's word (line-end hyphenation or a real hyphen at the line end)."""

    page: str
    n: int
    loc: Loc
    joined: bool = False

    @property
    def anchor(self) -> str:
        return f"p{self.page}.l{self.n}"


@dataclass(frozen=True, slots=True)
class Hyphen:
    """A line-end hyphen that splits a word: printed, but not part of the word.
    Its apparatus entry (kind 'hyphenation') shares its anchor."""

    loc: Loc
    anchor: str


@dataclass(frozen=True, slots=True)
class Emendation:
    """An entry of the apparatus: a mark in the text, or a change the markup
    records by itself (a line-end hyphen, page furniture).

    `anchor` is the anchor of the line, paragraph or note it stands in plus
    its number there (`p131.l14.e1`, `para12.e2`, `n17.l2.e1`), or the
    hyphen's or furniture's own anchor; the apparatus entry is `app-` + it.
    """

    mark: Mark
    anchor: str
    place: str  # where, for readers: "p. 131, l. 14", "¶ 12", "n. 17, l. 2"
    loc: Loc
    end: int = 0  # the column after the mark's closing brace; 0 when not written as a mark
    lemma: str = ""  # the apparatus entry: lemma ] variant
    variant: str = ""

    @property
    def kind(self) -> str:
        return self.mark.kind


@dataclass(frozen=True, slots=True)
class Feature:
    """What the witness itself holds, recorded where it stands: a deletion, an
    addition, a gap, a change of hand, a stamp, a signature, a marginal note.
    Not a change of the editors', so no entry of the apparatus, and no anchor."""

    mark: Mark
    loc: Loc
    end: int  # the column after the mark's closing brace

    @property
    def kind(self) -> str:
        return self.mark.kind


@dataclass(frozen=True, slots=True)
class NoteLine:
    """A printed line of a note after its first (note 17 runs over two lines)."""

    label: str
    n: int
    loc: Loc
    joined: bool = False

    @property
    def anchor(self) -> str:
        return f"{note_anchor(self.label)}.l{self.n}"


@dataclass(frozen=True, slots=True)
class CaptionLine:
    """A printed line of a figure's or table's caption: numbered within it
    (`fig1.l2`), so that a caption never moves the page's line numbers."""

    figure: str  # the figure's or table's anchor
    n: int
    loc: Loc
    joined: bool = False

    @property
    def anchor(self) -> str:
        return f"{self.figure}.l{self.n}"


@dataclass(frozen=True, slots=True)
class Row:
    """A row of a table as printed (`tab1.r2`); `cells` are the columns, in
    the file's line, where each cell's text starts and ends (1-based, end exclusive)."""

    table: str
    n: int
    loc: Loc
    cells: tuple[tuple[int, int], ...]
    header: bool = False

    @property
    def anchor(self) -> str:
        return f"{self.table}.r{self.n}"


@dataclass(frozen=True, slots=True)
class Block:
    """A numbered paragraph or heading of a born-digital text."""

    kind: str  # "para" or "heading"
    n: int
    loc: Loc

    @property
    def anchor(self) -> str:
        return f"para{self.n}" if self.kind == "para" else f"h{self.n}"


@dataclass(frozen=True, slots=True)
class Milestone:
    """A directive line: where the transcription begins, a page break,
    recorded page furniture, a figure or a table, a dateline or a byline."""

    kind: str
    loc: Loc
    text: str = ""  # a one-line caption is the figure's or table's
    label: str = ""  # furniture: what it is ("running head"); a figure or table: its place on the page ("top")
    anchor: str = ""


def figure_name(m: Milestone) -> str:
    """A figure or table as readers cite it: 'fig. 2', 'table 1' (its number in the document)."""
    return ("fig. " if m.kind == "figure" else "table ") + m.anchor.removeprefix("fig").removeprefix("tab")


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A note's marker '[^14]'; a citation in prose makes its note's marker (at the citation)."""

    label: str
    loc: Loc
    end: int  # the column after its ']'


@dataclass(frozen=True, slots=True)
class Note:
    label: str
    series: Series
    loc: Loc
    page: str | None  # the printed page an author's note stands on
    display: str  # "14" as printed, or "a", "b" … for editorial notes

    @property
    def anchor(self) -> str:
        return note_anchor(self.label)


def note_anchor(label: str) -> str:
    return label if label.startswith(EDITORIAL_PREFIX) else f"n{label}"


def series_of(label: str) -> Series:
    return Series.EDITORIAL if label.startswith(EDITORIAL_PREFIX) else Series.AUTHOR


@dataclass(frozen=True, slots=True)
class CitationUse:
    """A citation in the edition's prose or notes.  Written in prose, it
    becomes an editorial note of its own (`made`), named from its first key."""

    citation: Citation
    n: int  # its number in the page, from 0: how the site finds its formatted note
    note: str  # the editorial note it stands in, or the one made for it
    made: bool

    @property
    def loc(self) -> Loc:
        return self.citation.loc

    @property
    def end(self) -> int:
        return self.citation.end


@dataclass(frozen=True, slots=True)
class WorkCited:
    """A work the source's own note cites ('::cites 17 [@Berton1993, 72]'):
    the note's text stays as printed; the edition links it to the work."""

    note: str
    citation: Citation
    loc: Loc


@dataclass(frozen=True, slots=True)
class PageRef:
    """The source's reference to a page of its own ('see p. 62'), and where it stands."""

    page: str  # the printed page referred to
    loc: Loc  # the link's '['
    close: int  # the column of the ']' after the link's words
    end: int  # the column after the link's ')'
    anchor: str  # the line or note that holds it, e.g. 'p131.l12', 'n15'
    place: str  # the same for readers, e.g. 'p. 131, l. 12', 'n. 15'
    note: str = ""  # the label of the source's note that holds it, if any


@dataclass(frozen=True, slots=True)
class Annotation:
    """A passage of the source linked to the register ('[Blukher]{@blyukher}')
    or to the chronology ('[January 1932]{date 1932-01}'); its text unchanged."""

    kind: str  # 'mention' or 'date'
    value: str  # the register's id, or the date in ISO 8601 (a range as 'start/end')
    text: str  # the passage as the witness has it
    loc: Loc  # the '[' that opens the passage
    close: int  # the column of the ']' that closes it
    end: int  # the column after the '}' of what it names
    anchor: str  # the line, paragraph or note that holds it, e.g. 'p131.l8', 'para12'
    place: str  # the same for readers, e.g. 'p. 131, l. 8', '¶ 12'
    context: str  # the witness's whole line, for a snippet
    at: int  # where the passage starts in `context`
    julian: str = ""  # a date's Julian (Old Style) form, when the source gives both


def place_in(title: str, place: str) -> str:
    """A place with its document: 'Kuromiya …, p. 131' and 'p. 131, l. 13'
    give 'Kuromiya …, p. 131, l. 13' (the printed page said once)."""
    printed, _, rest = place.partition(", ")
    if rest and printed.startswith("p. ") and title.endswith(printed):
        return f"{title}, {rest}"
    return f"{title}, {place}"


class Role(str, Enum):
    """What one line of a Markdown body is, for the renderer."""

    EDITORIAL = "editorial"  # the edition's own prose (before '::text')
    BLANK = "blank"
    DIRECTIVE = "directive"
    TEXT = "text"  # a line of the transcription
    NOTE = "note"  # a line of a note definition


@dataclass(frozen=True, slots=True)
class BodyLine:
    role: Role
    col: int = 1  # 1-based column where the line's text starts (after '> ', '# ' …)
    items: tuple[Any, ...] = ()  # model items anchored on this line
    note: str | None = None  # label, for Role.NOTE
    block: str = ""  # for Role.TEXT, the block markup before `col`: "plain", "quote", "heading" or "list"


@dataclass(slots=True)
class Body:
    """Everything the markup of one Markdown body holds."""

    layout: Layout | None = None
    lines: list[BodyLine] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    printed_lines: list[Line] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    notes: dict[str, Note] = field(default_factory=dict)  # the source's notes, then the edition's a, b, c
    refs: list[NoteRef] = field(default_factory=list)
    apparatus: list[Emendation] = field(default_factory=list)  # in the order of the text
    features: list[Feature] = field(default_factory=list)  # the witness's deletions, additions … in order
    citations: list[CitationUse] = field(default_factory=list)  # the edition's, in the order of the page
    works_cited: list[WorkCited] = field(default_factory=list)  # by the source's notes
    bare_keys: list[tuple[str, Loc]] = field(default_factory=list)  # '@Key' outside brackets, in the edition's prose
    page_refs: list[PageRef] = field(default_factory=list)  # the source's "see p. 62"
    annotations: list[Annotation] = field(default_factory=list)  # mentions and dates, in order
    refused: bool = False  # markup beyond the edition's limits (ED008): never given to Markdown

    def notes_in(self, series: Series) -> list[Note]:
        return [n for n in self.notes.values() if n.series is series]


@dataclass(frozen=True, slots=True)
class Document:
    """A source file of the edition: its metadata and its body."""

    path: str
    meta: dict[str, Any]
    body: Body
    locs: dict[str, Loc] = field(default_factory=dict)  # front-matter field -> where its value stands
