"""Edition markup: read a Markdown body line by line into a `Body`.

This is the one place that knows the edition's syntax (see the "How to
transcribe" page).  It reads lines, not a Markdown tree, because the
source's coordinates are lines: a printed line is a line of the file.
The Python-Markdown extension renders from the `Body` this returns; the
checker reports its diagnostics.  Both therefore agree by construction.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .apparatus import KINDS, MARK_IN_PROSE_RE, Mark, MarkError, lemma_and_variant, read_mark
from .citations import bare_keys, find_citations, mask_code, unpaired_code
from .dates import gregorian_of_julian, when_problem
from .diagnostics import Diagnostic, Loc
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
    Layout,
    Line,
    Milestone,
    Note,
    NoteLine,
    NoteRef,
    Page,
    PageRef,
    Role,
    Row,
    Series,
    WorkCited,
    figure_name,
    series_of,
)
from .register import ID_RE
from .safety import unsafe_scheme

DIRECTIVES = ("text", "page", "furniture", "figure", "table", "dateline", "byline", "cites")
# Where a figure or table stands on its page: TEI's words for a place (att.placement), with what the page says.
PLACES = {"top": "at the top of the page", "bottom": "at the foot of the page", "inline": "among the lines",
          "margin": "in the margin", "opposite": "on the facing page", "overleaf": "overleaf"}
_DASHES_RE = re.compile(r"\s*:?-+:?\s*")  # a cell of the line under a table's header
# Read from a line without its trailing spaces (no '[ \t]*$' after a lazy argument: a run of
# spaces inside the argument would be read again from each of its spaces).
_DIRECTIVE_RE = re.compile(r"::(?P<name>\S*)(?:[ \t]+(?P<arg>.*))?$")
# The same shapes Python-Markdown's footnotes use, so nothing is read differently.
_NOTE_DEF_RE = re.compile(r" {0,3}\[\^(?P<label>[^\]]*)\]:[ \t]*")
_NOTE_REF_RE = re.compile(r"(?<!\\)\[\^(?P<label>[^\]]*)\]")
_AUTHOR_LABEL_RE = re.compile(r"[0-9A-Za-z*†‡§¶]+")
_EDITORIAL_LABEL_RE = re.compile(r"ed-[a-z0-9]+(?:-[a-z0-9]+)*")
_PAGE_RE = re.compile(r"[0-9]+|[ivxlcdm]+")
# The source's reference to a page of its own: '[p. 62](page:62)'.
PAGE_LINK_RE = re.compile(r"(?<!\\)\[(?P<text>[^\[\]]*)\]\((?P<target>page:(?P<page>[^)\s]*))\)")
_CITES_RE = re.compile(r"(?P<label>\S+)\s+(?P<cite>\[.*\])")
_NOTE_LABEL_RE = re.compile(r"\s*\[\^[^\]]+\]:\s*")
_FENCE_RE = re.compile(r" {0,3}(```|~~~)")
# Where a line gives an address: '[text](dest)', '![alt](dest)', '[label]: dest', '<dest>'.
_LINK_DEST_RE = re.compile(r"\]\(\s*<?(?P<dest>[^\s)>]+)|^ {0,3}\[[^\]]+\]:\s*<?(?P<defined>[^\s>]+)"
                           r"|<(?P<auto>[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>]*)>")
# A line that ends before its link's address, which Markdown lets stand on the next line.
_OPEN_DEST_RE = re.compile(r"\]\(\s*<?$|^ {0,3}\[[^\]]+\]:\s*<?$")
_NEXT_DEST_RE = re.compile(r"\s*<?(?P<dest>[^\s)>]+)")
# An attribute list ('{: onclick="…"}', '{#id onmouseover=…}') with an event handler.
_EVENT_ATTR_RE = re.compile(r"\{[^{}]*?(?<![\w-])(?P<attr>on[A-Za-z]+)\s*=")
# Block prefixes before a line's text: quote markers, then a heading or list marker.
_QUOTE_RE = re.compile(r" {0,3}>[ ]?")
_HEADING_RE = re.compile(r"#{1,6}[ \t]+")
_LIST_RE = re.compile(r"(?:[-*+]|[0-9]+[.)])[ \t]+")
ESCAPE_RE = re.compile(r"\\(.)")  # a backslash keeps the next character as text
_BRACE_RE = re.compile(r"\\.?|[{}]")  # a brace, or an escape (which may be of a brace)
# '[Blukher]{@blyukher}' and '[January 1932]{date 1932-01}': a passage and what it names.
ANNOTATION_RE = re.compile(r"(?<!\\)\[(?P<text>(?:[^\[\]\\]|\\.)*)\](?P<brace>\{(?P<kind>@|date\b)(?P<value>[^{}]*)\})")
# Limits on markup nested or repeated (ED008), generous for any text: beyond them Python-Markdown
# takes time growing with the square of the markup's length (each '[' is read on to its ']'), or
# recurses until Python stops it (tests/test_hostile_markup.py measures both).
MAX_RUN = 100  # the same character of markup in a row
MAX_NESTING = 16  # brackets open at once in a paragraph; block quotes inside one another
MAX_INDENT = 100  # columns of indentation before a line's text (a tab is 4): 25 levels of lists
# A run longer than MAX_RUN: each alternative starts at a run's first character only.
_RUN_RE = re.compile("|".join(f"(?<!{c}){c}{{{MAX_RUN + 1}}}" for c in map(re.escape, "`*_[]{}\\")))
# A bracket, a link's address opened ('](': Markdown reads on to its ')'), or an escape (of a bracket).
_BRACKET_RE = re.compile(r"\\.|\]\(|[\[\])]")
# The characters that begin every mark, annotation, note marker, link, address and escape
# ('<' of an autolink, '`' of code that may hide them): a line without any is its own witness.
MARKUP_CHAR_RE = re.compile(r"[\[\]{}<\\`]")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")  # a note marker as printed: ¹⁴
# What may follow the second half of a hyphenated word: not part of the word.
_TRAILING = ".,;:!?\"'”’)]»…"


def scan_body(
    lines: Sequence[str], path: str, first_line: int = 1, *, require_text: bool = False, negative: bool = False
) -> tuple[Body, list[Diagnostic]]:
    """Read a Markdown body (front matter already removed).

    `first_line` is the file line of `lines[0]`, so locations are the file's.
    `require_text` is set for edition documents, which must have a '::text'.
    `negative`: the document's variants are listed in a negative apparatus.
    """
    scanner = _Scanner(path, first_line, negative)
    for index, line in enumerate(lines):
        scanner.line(index, line)
    return scanner.finish(require_text)


def undeclared(body: Body, meta: Mapping[str, Any]) -> list[Diagnostic]:
    """What the text names that the front matter must declare: each hand a
    `{hand: …}` mark changes to (ED505); each witness a variant gives a
    reading of (ED506), and every declared one, the base witness first (ED507)."""
    hands, witnesses = meta.get("hands") or {}, list(meta.get("witnesses") or {})
    found = []
    for e in body.apparatus:
        if e.kind != "var":
            continue
        sigla = [s for s, _ in e.mark.readings]
        example = "'{var: " + " | ".join(f"{s}: …" for s in witnesses) + "}'"
        if unknown := [s for s in sigla if s not in witnesses]:
            found.append(Diagnostic("ED506", e.loc, f"the variant names the witness '{unknown[0]}', which the "
                                    "front matter does not declare", f"the witnesses are {', '.join(witnesses)}: "
                                    f"correct the siglum, or declare the witness under 'witnesses:'" if witnesses
                                    else "declare the text's witnesses, each with its siglum and what it is, the "
                                    "base witness first: 'witnesses: {A: the typescript, B: the carbon copy}'"))
        elif sigla != witnesses:
            missing = [s for s in witnesses if s not in sigla]
            found.append(Diagnostic("ED507", e.loc, f"the variant gives no reading of witness '{missing[0]}'"
                                    if missing else "the variant gives the readings in another order than the "
                                    "front matter declares the witnesses", "give each witness's reading, in "
                                    f"the order declared, the base witness's first: {example}; an empty reading "
                                    "says the witness omits the words"))
    for f in body.features:
        if f.kind == "hand" and f.mark.detail not in hands:
            close = difflib.get_close_matches(f.mark.detail, list(hands), 1)
            found.append(Diagnostic("ED505", f.loc, f"the hand '{f.mark.detail}' is not declared in the front matter",
                                    f"did you mean '{close[0]}'?" if close else
                                    "declare each hand of the witness under 'hands:' with what it is, e.g. "
                                    f"'hands: {{typist: the typewriter, {f.mark.detail}: …}}'"))
    return found


def block_prefix(line: str) -> tuple[int, str]:
    """Length of a line's block markup ('> ', '## ', '- ') and which kind ended it."""
    pos, kind = 0, "plain"
    while m := _QUOTE_RE.match(line, pos):
        pos, kind = m.end(), "quote"
    if m := _HEADING_RE.match(line, pos):
        return m.end(), "heading"
    if m := _LIST_RE.match(line, pos):
        return m.end(), "list"
    return pos, kind


# Not prose: a link's address and title, an attribute or mark's braces, an HTML tag, a link's
# definition, an admonition's first line (its title is quoted in the syntax).
# (Each span stops at its opener too: '<<<<…' or '{@{@…' is read once, never from every opener to the line's end.)
_NOT_PROSE_RE = re.compile(r"\]\([^()]*\)|\{[^{}]*\}|<[^<>]*>|^\[(?!\^)[^\]]+\]:\s.*$|^\s*(?:!!!|\?\?\?\+?)\s.*$")
# A double quotation mark anywhere; a single one only where it opens a word.
_STRAIGHT_QUOTE_RE = re.compile(r'"|(?<![\w\'’])\'(?=\w)')


def straight_quotes(line: str, start: int = 0) -> list[int]:
    """The columns (from 0) of the straight quotation marks in a line of prose."""
    if '"' not in line and "'" not in line:
        return []
    text = _NOT_PROSE_RE.sub(lambda m: " " * len(m[0]), mask_code(line))
    return [m.start() for m in _STRAIGHT_QUOTE_RE.finditer(text, start)]


class _Scanner:
    def __init__(self, path: str, first_line: int, negative: bool = False) -> None:
        self.path = path
        self.first_line = first_line
        self.negative = negative
        self.body = Body()
        self.diagnostics: list[Diagnostic] = []
        self.in_text = False
        self.in_fence = False
        self.dest_next = False  # the last line ended '](' or '[label]:': its address is on this one
        self.page: Page | None = None
        self.page_line = 0
        self.reported_no_page = False
        self.pending_hyphen: Hyphen | None = None  # a '-' waiting for the line it joins
        self.hyphen_half = ""  # the word's first half, as printed
        self.hyphen_place = ""
        self.join_next = False
        # Where apparatus marks are numbered: the current line, paragraph or note.
        self.base: str | None = None
        self.place = ""
        self.marks_here = 0
        self.note: str | None = None  # label of the note definition being read
        self.note_line = 0
        self.note_gap = False  # a blank line inside the note definition
        self.prev_role = Role.BLANK
        self.prev_kind = "plain"
        self.paras = 0
        self.headings = 0
        self.furniture_count: dict[str | None, int] = {}
        self.figures = self.tables = 0
        self.figure: Milestone | None = None  # the figure or table whose caption or rows are being read
        self.caption_lines = 0
        self.rows: list[Row] = []
        self.header_cells = 0  # a table's columns, from its header row; 0 before the dashes under it
        self.ref_labels: set[str] = set()
        self.bad_labels: set[str] = set()  # reported once (ED203), not again as undefined
        self.text_seen = False  # a '::text' line, even a malformed one
        self.made_notes: dict[str, int] = {}  # notes made for citations in prose, by name
        self.open_brackets = 0  # in the paragraph, as Python-Markdown will read it

    # -- helpers ---------------------------------------------------------

    def loc(self, index: int, col: int = 1) -> Loc:
        return Loc(self.path, self.first_line + index, col)

    def report(self, code: str, loc: Loc, message: str, hint: str) -> None:
        self.diagnostics.append(Diagnostic(code, loc, message, hint))

    def emit(self, role: Role, col: int = 1, items: tuple = (), note: str | None = None, block: str = "") -> None:
        self.body.lines.append(BodyLine(role, col, items, note, block))
        self.prev_role = role

    def lines_layout(self) -> bool:
        return self.in_text and self.body.layout is Layout.LINES

    def number_marks_in(self, anchor: str | None, place: str) -> None:
        self.base, self.place, self.marks_here = anchor, place, 0

    # -- one line --------------------------------------------------------

    def line(self, index: int, raw: str) -> None:
        line = raw.rstrip()
        if self.in_fence:
            if _FENCE_RE.match(line):
                self.in_fence = False
            self.emit(Role.EDITORIAL)
            return
        if not line:
            self.blank(index)
            return
        if self.beyond_limits(index, line):
            self.emit(Role.TEXT if self.in_text else Role.EDITORIAL)  # not read further: the page is refused
            return
        self.unsafe(index, line)
        # A tab may indent a note's next paragraph, or follow its label ('[^14]:\t').
        label = _NOTE_LABEL_RE.match(line)
        indent = label.end() if label else len(line) - len(line.lstrip(" \t"))
        if self.in_text and (tick := unpaired_code(line)) is not None:
            self.report("ED018", self.loc(index, tick + 1), "backticks that no run as long closes on this line; "
                        "Markdown would end the code span elsewhere, and the words between would lose their marks "
                        "and links", "close each run of backticks with one as long on the same line")
        if self.in_text and (tab := line.find("\t", indent)) >= 0:
            self.report("ED007", self.loc(index, tab + 1), "a tab in the transcription, which the page shows as "
                        "spaces and the exports as a tab", "write a space, as the source has one")
        if self.note is not None and self.continues_note(raw, line):
            self.note_continuation(index, raw, line)
            return
        self.note = None
        if line.startswith("::"):
            self.directive(index, line)
        elif m := _NOTE_DEF_RE.match(line):
            self.note_definition(index, line, m)
        elif not self.in_text:
            if _FENCE_RE.match(line):
                self.in_fence = True
                self.emit(Role.EDITORIAL)
            else:
                self.marks_in_prose(index, line)
                self.straight_quotes(index, line)
                cites = self.cite(index, line, None)
                self.emit(Role.EDITORIAL, items=cites + self.scan_refs(index, line, 0))
        else:
            self.text_line(index, raw, line)

    def unsafe(self, index: int, line: str) -> None:
        """Addresses and attributes that could run script (see `safety`)."""
        if not self.dest_next and not MARKUP_CHAR_RE.search(line):  # no link, address or attribute list
            return
        text = mask_code(line)  # an example in code is only shown
        addresses = [(m.start(g), m[g]) for m in _LINK_DEST_RE.finditer(text)
                     for g in ("dest", "defined", "auto") if m[g]]
        if self.dest_next and (m := _NEXT_DEST_RE.match(text)):
            addresses.insert(0, (m.start("dest"), m["dest"]))
        self.dest_next = bool(_OPEN_DEST_RE.search(text))
        for col0, address in addresses:
            if scheme := unsafe_scheme(address):
                self.report("ED010", self.loc(index, col0 + 1),
                            f"a link to a '{scheme}:' address; the edition links only to http, https and "
                            "mailto addresses and to its own pages",
                            "link to a web address (https://…) or a page of the edition; script and data "
                            "addresses are never allowed, since they could run on a reader's browser")
        for m in _EVENT_ATTR_RE.finditer(text):
            self.report("ED011", self.loc(index, m.start("attr") + 1),
                        f"the attribute '{m['attr']}' would run script when a reader's browser fires it",
                        "remove it; the edition's pages never carry script from their sources")

    def beyond_limits(self, index: int, line: str) -> bool:
        """Report markup repeated or nested beyond the edition's limits (ED008).
        Such a page is refused whole: the extension shows it as written,
        without giving it to Markdown."""
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        quotes = pos = 0
        while quotes <= MAX_NESTING and (m := _QUOTE_RE.match(line, pos)):
            pos, quotes = m.end(), quotes + 1
        if len(line) > MAX_RUN and (m := _RUN_RE.search(line)):
            col, what = m.start() + 1, f"more than {MAX_RUN} '{m[0][0]}' in a row"
            fix = f"write at most {MAX_RUN}; a character of the source itself is written with a '\\' before it"
        elif indent > MAX_INDENT:
            col, what = 1, f"indented by more than {MAX_INDENT} columns (lists more than {MAX_INDENT // 4} deep)"
            fix = "indent less: a list inside a list is indented by 4 spaces"
        elif quotes > MAX_NESTING:
            col, what = 1, f"block quotes more than {MAX_NESTING} deep"
            fix = "write one '>' for each quotation inside another, at most " + str(MAX_NESTING)
        else:
            col = self.bracket_nesting(line)
            what = f"more than {MAX_NESTING} brackets '[' (or links' addresses '](') open at once in a paragraph"
            fix = "close each '[' with its ']'; a bracket of the source itself is written '\\['"
        if col is None:
            return False
        self.body.refused = True
        self.report("ED008", self.loc(index, col), f"markup beyond the edition's limit: {what}",
                    fix + " (the limits are on the 'How to transcribe' page)")
        return True

    def bracket_nesting(self, line: str) -> int | None:
        """The column of a '[' beyond MAX_NESTING open ones in the paragraph,
        counted as Python-Markdown reads brackets: not in code, not escaped."""
        if self.open_brackets > MAX_NESTING:
            return None  # reported in this paragraph already
        for m in _BRACKET_RE.finditer(mask_code(line)):
            # '](' closes a bracket and opens an address: as many open.  A ')' closes an address, or
            # is prose ('1)'): never below none open.
            if m[0] in ("]", ")"):
                self.open_brackets = max(self.open_brackets - 1, 0)
            elif m[0] == "[":
                self.open_brackets += 1
                if self.open_brackets > MAX_NESTING:
                    return m.start() + 1
        return None

    def blank(self, index: int) -> None:
        self.open_brackets = 0
        self.close_figure(index)
        self.unjoined_hyphen()
        self.dest_next = False  # a blank line ends the paragraph, and any link in it
        if self.note is not None:
            self.note_gap = True
        self.emit(Role.BLANK)

    def unjoined_hyphen(self) -> None:
        if self.pending_hyphen is not None:
            self.report(
                "ED304",
                self.pending_hyphen.loc,
                "this line ends in a hyphen, but no printed line follows it in the same paragraph",
                "if the word runs on after a page break, keep the '::page' line inside the paragraph "
                "(no blank lines around it); if the hyphen is a real one, write it as '\\-'",
            )
        self.pending_hyphen = None
        self.join_next = False

    def continues_note(self, raw: str, line: str) -> bool:
        if self.note_gap:  # after a blank line only indented lines go on
            return raw.startswith(("    ", "\t"))
        return not line.startswith("::") and not _NOTE_DEF_RE.match(line)

    # -- directives ------------------------------------------------------

    def directive(self, index: int, line: str) -> None:
        if self.figure is not None:  # a caption's last line may not end in a hyphen
            self.close_figure(index)
            self.unjoined_hyphen()
        m = _DIRECTIVE_RE.match(line)
        name, arg = (m["name"], m["arg"] or "") if m else ("", "")
        loc = self.loc(index)
        if name not in DIRECTIVES:
            self.report(
                "ED400",
                loc,
                f"unknown directive '::{name}'",
                "use one of " + ", ".join(f"'::{d}'" for d in DIRECTIVES)
                + "; a line of the source that starts with '::' can be written '\\::'",
            )
            self.emit(Role.BLANK)
            return
        if name == "text":
            milestone = self.text_directive(loc, arg)
        elif not self.in_text:
            self.report(
                "ED405",
                loc,
                f"'::{name}' belongs to the transcription, but the text has not begun",
                "put '::text lines' or '::text paragraphs' on a line of its own before it",
            )
            milestone = None
        elif name != "cites" and (mark := MARK_IN_PROSE_RE.search(line)) is not None:
            # A directive's text is shown as written: a mark in it would be published raw.
            fix = (f"write the caption on the lines below a '::{name}' of its own (e.g. '::{name} top:'), where "
                   "marks work" if name in ("figure", "table") else "write the line as the witness has it and "
                   "record the change in the introduction or an editorial note; a mark works only in the "
                   "transcription's lines")
            self.report("ED406", self.loc(index, mark.start() + 1),
                        f"a mark '{mark[0].rstrip(':|}').strip()}…}}' inside '::{name}', whose text is shown exactly "
                        "as written", fix)
            milestone = getattr(self, f"{name}_directive")(loc, arg)
        elif name == "cites":
            if self.cites_directive(loc, arg):
                self.emit(Role.DIRECTIVE)  # read, and not shown where it stands
                return
            milestone = None
        else:
            milestone = getattr(self, f"{name}_directive")(loc, arg)
        if milestone is None:
            self.emit(Role.BLANK)
            return
        self.body.milestones.append(milestone)
        self.emit(Role.DIRECTIVE, 1, (milestone,))

    def text_directive(self, loc: Loc, arg: str) -> Milestone | None:
        self.text_seen = True
        if self.in_text:
            self.report("ED402", loc, "'::text' is given a second time",
                        "a document has one transcription; delete this line")
            return None
        try:
            layout = Layout(arg)
        except ValueError:
            self.report("ED401", loc, f"'::text' needs 'lines' or 'paragraphs', not '{arg}'",
                        "write '::text lines' for a printed source, '::text paragraphs' for a born-digital one")
            return None
        self.in_text = True
        self.body.layout = layout
        return Milestone("text", loc, anchor="text")

    def page_directive(self, loc: Loc, arg: str) -> Milestone | None:
        if self.body.layout is Layout.PARAGRAPHS:
            self.report("ED303", loc, "'::page' in a text numbered by paragraphs",
                        "change '::text paragraphs' to '::text lines' if the source is printed, or delete this line")
            return None
        if not _PAGE_RE.fullmatch(arg):
            self.report("ED301", loc, f"'{arg}' is not a page number",
                        "write the printed page number, e.g. '::page 131' (or roman, '::page xv')")
            self.reported_no_page = True  # its lines are not numbered; one report is enough
            return None
        previous = self.body.pages[-1] if self.body.pages else None
        if previous and (previous.number == arg or (arg.isdigit() and previous.number.isdigit()
                                                    and int(arg) <= int(previous.number))):
            self.report("ED300", loc, f"page {arg} comes after page {previous.number} ({previous.loc})",
                        "pages go in printed order, each once; check the number or move the page")
            return None
        self.page = Page(arg, loc)
        self.page_line = 0
        self.body.pages.append(self.page)
        return Milestone("page", loc, text=arg, anchor=self.page.anchor)

    def furniture_directive(self, loc: Loc, arg: str) -> Milestone | None:
        label, colon, text = arg.partition(":")
        label, text = label.strip(), text.strip()
        if not (label and colon and text):
            self.report("ED401", loc, "'::furniture' needs what it is and its text",
                        "write e.g. '::furniture running head: Moscow versus Tokyo 131'")
            return None
        page = self.page.number if self.lines_layout() and self.page else None
        k = self.furniture_count[page] = self.furniture_count.get(page, 0) + 1
        anchor = f"p{page}.fw{k}" if page else f"fw{k}"
        place = f"p. {page}, {label}" if page else label
        self.body.apparatus.append(Emendation(Mark("furniture", text, ""), anchor, place, loc,
                                              lemma="om.", variant=text))
        return Milestone("furniture", loc, text=text, label=label, anchor=anchor)

    def figure_directive(self, loc: Loc, arg: str) -> Milestone:
        self.figures += 1
        return self.open_figure("figure", loc, arg, f"fig{self.figures}")

    def table_directive(self, loc: Loc, arg: str) -> Milestone:
        self.tables += 1
        return self.open_figure("table", loc, arg, f"tab{self.tables}")

    def open_figure(self, kind: str, loc: Loc, arg: str, anchor: str) -> Milestone:
        """'::figure', '::figure top:', '::figure Map of the lake', '::table bottom: Losses':
        its place on the page (a word of PLACES before a colon) and a one-line caption, both
        optional; the lines below it, up to a blank line, are its caption's printed lines and,
        for a table, its rows."""
        place, colon, rest = arg.partition(":")
        place, caption = (place.strip(), rest.strip()) if colon and place.strip() in PLACES else ("", arg.strip())
        self.figure = Milestone(kind, loc, text=caption, label=place, anchor=anchor)
        self.caption_lines, self.rows, self.header_cells = 0, [], 0
        return self.figure

    def close_figure(self, index: int) -> None:
        """The end of a figure's or table's lines: a table has its header, the dashes under it, and rows."""
        table, self.figure = self.figure, None
        if table is None or table.kind != "table" or self.header_cells:
            return
        what = ("its header row is not followed by the line of dashes under it" if self.rows
                else "it has no rows")
        self.report("ED408", self.loc(index - 1) if self.rows else table.loc, f"{figure_name(table)}: {what}",
                    _TABLE_SHAPE)

    def dateline_directive(self, loc: Loc, arg: str) -> Milestone | None:
        return self.labelled_line("dateline", loc, arg)

    def byline_directive(self, loc: Loc, arg: str) -> Milestone | None:
        return self.labelled_line("byline", loc, arg)

    def cites_directive(self, loc: Loc, arg: str) -> bool:
        """'::cites 17 [@Berton1993, 72]': the source's note 17 cites that work."""
        m = _CITES_RE.fullmatch(arg)
        found, problems = find_citations(arg, loc.path, loc.line) if m else ([], [])
        if not m or len(found) != 1 or found[0].text != m["cite"]:
            self.report("ED401", loc, "'::cites' needs a note of the source and one citation",
                        "write e.g. '::cites 17 [@Berton1993, 72]' below the note")
            return False
        offset = len("::cites ")
        for p in problems:
            self.report("ED603", Loc(loc.path, loc.line, p.col + offset), p.message, p.hint)
        keys = {item.key for item in found[0].items}
        for earlier in (w for w in self.body.works_cited if w.note == m["label"]):
            if twice := sorted(keys & {item.key for item in earlier.citation.items}):
                self.report("ED401", loc, f"note {m['label']} is already linked to '{twice[0]}' "
                            f"(line {earlier.loc.line})",
                            "keep one of the two lines; a note citing two works has one '::cites' line for each")
                return False
        self.body.works_cited.append(WorkCited(m["label"], found[0], loc))
        return True

    def labelled_line(self, kind: str, loc: Loc, arg: str) -> Milestone | None:
        if not arg:
            self.report("ED401", loc, f"'::{kind}' needs the {kind} as the source has it",
                        f"write e.g. '::{kind} ' followed by the text")
            return None
        count = sum(1 for m in self.body.milestones if m.kind == kind)
        return Milestone(kind, loc, text=arg, anchor=kind if not count else f"{kind}{count + 1}")

    # -- notes -----------------------------------------------------------

    def note_definition(self, index: int, line: str, m: re.Match[str]) -> None:
        label = m["label"]
        loc = self.loc(index, line.index("[^") + 1)
        series = series_of(label)
        pattern = _EDITORIAL_LABEL_RE if series is Series.EDITORIAL else _AUTHOR_LABEL_RE
        self.close_figure(index)
        self.unjoined_hyphen()
        if not pattern.fullmatch(label):
            self.bad_labels.add(label)
            self.report("ED203", loc, f"'[^{label}]' is not a note label the edition accepts",
                        "an author's note keeps its printed label (digits, letters or * † ‡ § ¶); "
                        "an editorial note is named 'ed-' and lower-case words, e.g. '[^ed-rgva]'")
        elif label in self.body.notes:
            self.report("ED202", loc, f"note [^{label}] is defined twice (first at {self.body.notes[label].loc})",
                        "give each note its own label, or merge the two definitions")
        else:
            if series is Series.AUTHOR and not self.in_text:
                self.report("ED205", loc, f"the author's note [^{label}] is defined before the text begins",
                            "move it below '::text', where the source prints it; "
                            "notes of the edition are named 'ed-…'")
            page = self.page.number if series is Series.AUTHOR and self.lines_layout() and self.page else None
            self.body.notes[label] = Note(label, series, loc, page, display=label)
        self.note, self.note_line, self.note_gap = label, 1, False
        source_note = self.in_text and series is Series.AUTHOR
        if source_note:
            self.number_marks_in(f"n{label}", f"n. {label}")
        self.emit(Role.NOTE, m.end() + 1, self.note_text(index, line, m.end(), source_note), note=label)

    def note_continuation(self, index: int, raw: str, line: str) -> None:
        source_note = self.in_text and series_of(self.note) is Series.AUTHOR
        col = len(raw) - len(raw.lstrip()) + 1
        self.note_gap = False
        items: tuple = ()
        if source_note and self.lines_layout():
            self.note_line += 1
            item = NoteLine(self.note, self.note_line, self.loc(index, col), joined=self.join_next)
            self.number_marks_in(item.anchor, f"n. {self.note}, l. {self.note_line}")
            items = (item,)
        self.emit(Role.NOTE, col, items + self.note_text(index, line, col - 1, source_note), note=self.note)

    def straight_quotes(self, index: int, line: str, start: int = 0) -> None:
        """The editors' prose quotes as the transcription does, with “ ” and ‘ ’
        (ED022, once a line, at its first straight mark).  Code, link addresses
        and attribute braces are not prose; an apostrophe (editors', Nikol'sk)
        is not a quotation mark: only a ' that opens a word is."""
        found = straight_quotes(line, start)
        if found:
            marks = f"{len(found)} straight quotation marks" if len(found) > 1 else "a straight quotation mark"
            self.report("ED022", self.loc(index, found[0] + 1), f"{marks} in the editors' prose",
                        "write typographic quotation marks, “ ” and ‘ ’, as the sources print them "
                        "(an apostrophe is ’)")

    def note_text(self, index: int, line: str, start: int, source_note: bool) -> tuple:
        """A note's line from `start`: its markers; in the source's notes, its marks and line end."""
        if not source_note:
            self.straight_quotes(index, line, start)
            refs = self.scan_refs(index, line, start)
            self.marks_in_prose(index, line)
            return refs + (self.cite(index, line, self.note) if series_of(self.note) is Series.EDITORIAL else ())
        return self.marked_text(index, line, start, printed=self.lines_layout())

    def scan_refs(self, index: int, line: str, start: int) -> tuple[NoteRef, ...]:
        """The note markers on a line from `start` (reported, or recorded and given back)."""
        text = mask_code(line)
        refs = []
        # Up to the line's last ']' only: from each '[^' after it the search would run to the line's end.
        for m in _NOTE_REF_RE.finditer(text, start, text.rfind("]") + 1):
            label = m["label"]
            loc = self.loc(index, m.start() + 1)
            if series_of(label) is Series.AUTHOR:
                if not self.in_text:
                    self.report("ED205", loc, f"the author's note [^{label}] is referenced before the text begins",
                                f"the source's own marker belongs in the text; to point to the note, "
                                f"link to it: '[note {label}](#n{label})'")
                    self.ref_labels.add(label)  # reported once, not again as unreferenced
                    continue
                if label in self.ref_labels:
                    self.report("ED204", loc, f"the author's note [^{label}] is referenced a second time",
                                "the source prints each note marker once; delete the second marker")
                    continue
            self.ref_labels.add(label)
            refs.append(NoteRef(label, loc, m.end() + 1))
        self.body.refs += refs
        return tuple(refs)

    # -- the text --------------------------------------------------------

    def text_line(self, index: int, raw: str, line: str) -> None:
        if self.figure is not None and self.figure_line(index, raw, line):
            return
        prefix, kind = block_prefix(raw)
        col = prefix + 1
        if not raw[prefix:].strip():  # e.g. a '>' line: blank inside a quotation
            self.blank(index)
            return
        indented_block = self.prev_role is Role.BLANK and raw.startswith(("    ", "\t"))
        if indented_block or _FENCE_RE.match(line):
            self.report("ED403", self.loc(index),
                        "this line would be shown as computer code, not as text",
                        "remove the indentation (or the ``` fence): transcriptions have no code blocks")
        if self.body.layout is Layout.LINES:
            items = self.printed_line(index, col)
        else:
            items = self.paragraph_start(index, col, kind)
        items += self.marked_text(index, line, col - 1, printed=self.body.layout is Layout.LINES)
        self.prev_kind = kind
        self.emit(Role.TEXT, col, items, block=kind)

    def printed_line(self, index: int, col: int) -> tuple:
        if self.page is None:
            if not self.reported_no_page:
                self.report("ED302", self.loc(index, col),
                            "a printed line comes before the first page break",
                            "put '::page N' (the printed page number) before the page's first line")
                self.reported_no_page = True
            self.number_marks_in(None, "")
            return ()
        self.page_line += 1
        item = Line(self.page.number, self.page_line, self.loc(index, col), joined=self.join_next)
        self.body.printed_lines.append(item)
        self.number_marks_in(item.anchor, f"p. {self.page.number}, l. {self.page_line}")
        return (item,)

    # -- figures and tables ----------------------------------------------

    def figure_line(self, index: int, raw: str, line: str) -> bool:
        """A line below '::figure' or '::table': a line of its caption, or a row.
        False for a line that is neither, read after its error as the text's."""
        fig = self.figure
        col = len(raw) - len(raw.lstrip(" ")) + 1
        is_row = fig.kind == "table" and line.lstrip().startswith("|")
        if is_row:
            self.table_row(index, raw, line)
            return True
        if self.rows or fig.text:
            code, what = ("ED408", f"this line follows the rows of {figure_name(fig)}") if self.rows else (
                "ED407", f"this line follows '::{fig.kind} {fig.text}', whose caption is given in the directive")
            self.report(code, self.loc(index, col), what + ", so it would be read as a line of the text",
                        "put a blank line above it if it is the text's; if it belongs to the "
                        f"{fig.kind}'s caption, write the whole caption on the lines below a bare '::{fig.kind}'"
                        + (" (before the rows)" if self.rows else ""))
            self.figure = None
            return False
        if not self.caption_lines:
            self.unjoined_hyphen()  # a word split before the figure does not run on into its caption
        self.caption_lines += 1
        items: tuple = ()
        if self.lines_layout():
            item = CaptionLine(fig.anchor, self.caption_lines, self.loc(index, col), joined=self.join_next)
            self.number_marks_in(item.anchor, f"{self.figure_place()}, l. {self.caption_lines}")
            items = (item,)
        elif self.caption_lines == 1:  # a born-digital caption's marks are numbered in the figure
            self.number_marks_in(fig.anchor, self.figure_place())
        items += self.marked_text(index, line, col - 1, printed=self.lines_layout())
        self.emit(Role.TEXT, col, items, block="caption")
        return True

    def figure_place(self) -> str:
        """Where the figure or table being read stands, for readers: 'p. 131, fig. 1'."""
        page = f"p. {self.page.number}, " if self.lines_layout() and self.page else ""
        return page + figure_name(self.figure)

    def table_row(self, index: int, raw: str, line: str) -> None:
        """A row '| a | b |': its cells as the file's columns; the line of dashes under the header."""
        table = self.figure
        if not self.rows:
            self.unjoined_hyphen()  # a caption's hyphen does not run on into the table
        cells = _cells(line)
        if self.rows and not self.header_cells and all(_DASHES_RE.fullmatch(line[s - 1:e - 1]) for s, e in cells):
            self.header_cells = len(self.rows[0].cells)
            if len(cells) != self.header_cells:
                self.report("ED408", self.loc(index), f"the line under the header has {len(cells)} cells, "
                            f"the header {self.header_cells}", _TABLE_SHAPE)
            self.emit(Role.TEXT, block="row")
            return
        if self.rows and not self.header_cells:
            self.report("ED408", self.loc(index), f"{figure_name(table)}: its header row is not followed by "
                        "the line of dashes under it", _TABLE_SHAPE)
            self.header_cells = len(self.rows[0].cells)  # reported once
        elif self.header_cells and len(cells) != self.header_cells:
            extra = cells[self.header_cells][0] if len(cells) > self.header_cells else len(line) + 1
            self.report("ED408", self.loc(index, extra),
                        f"this row has {len(cells)} cells, the header {self.header_cells}; "
                        "a table shows as many as its header has", "give every row as many cells as the header: "
                        "an empty cell is '| |', a '|' of the source itself is written '\\|'")
        col = line.index("|") + 2  # the row's address goes into its first cell
        row = Row(table.anchor, len(self.rows) + 1, self.loc(index, col - 1), cells, header=not self.rows)
        self.rows.append(row)
        self.number_marks_in(row.anchor, f"{self.figure_place()}, row {row.n}")
        self.emit(Role.TEXT, col, (row,) + self.marked_text(index, line, col - 1, printed=False), block="row")

    # -- apparatus marks ---------------------------------------------------

    def marked_text(self, index: int, line: str, start: int, *, printed: bool) -> tuple:
        """The transcribed text of a line from `start`: note markers, references
        to pages, mentions and dates, apparatus marks and, on a printed line,
        how the line ends."""
        if not MARKUP_CHAR_RE.search(line):  # most lines: no pass below could find anything
            witness = line[start:]
            if self.pending_hyphen is not None:
                self.hyphenation(witness)
            return self.line_end(index, line, witness) if printed else ()
        marks, annotations, masked = self.find_marks(index, line, start)
        items: tuple = self.scan_refs(index, masked, start)
        for m in PAGE_LINK_RE.finditer(masked, start):
            if not _PAGE_RE.fullmatch(m["page"]):
                self.report("ED301", self.loc(index, m.start("target")), f"'{m['page']}' is not a page number",
                            "write the page the source refers to, e.g. '[p. 62](page:62)'")
            else:
                items += (PageRef(m["page"], self.loc(index, m.start() + 1), m.end("text") + 1, m.end() + 1,
                                  self.base or "", self.place, self.note or ""),)
        self.body.page_refs += [i for i in items if isinstance(i, PageRef)]
        witness, at = _witness_text(line, start, marks, annotations)
        for m in annotations:
            text = _witness_text(line, m.start("text"), marks, annotations, end=m.end("text"))[0]
            offset = len(_witness_text(line, start, marks, annotations, end=m.start())[0])
            items += self.annotation(index, m, text, witness, offset)
        if self.pending_hyphen is not None:
            self.hyphenation(witness)
        items += tuple(self.emendation(index, s, e, mark, witness[:pos], witness[pos:])
                       if KINDS[mark.kind].in_apparatus else self.feature(index, s, e, mark)
                       for (s, e, mark), pos in zip(marks, at, strict=True))
        return items + self.line_end(index, line, witness) if printed else items

    def find_marks(self, index: int, line: str, start: int
                   ) -> tuple[list[tuple[int, int, Mark]], list[re.Match[str]], str]:
        """The readable marks on a line, as (start, end, mark); its
        annotations; and the line with every mark blanked out, for finding
        note markers."""
        text = mask_code(line)
        annotations = list(ANNOTATION_RE.finditer(text, start))
        braces = {m.start("brace") for m in annotations}  # an annotation's '{…}' is no mark
        spans: list[tuple[int, int]] = []
        opened: int | None = None
        depth, nested = 0, False  # a mark inside a mark is reported once, and neither is read
        for m in _BRACE_RE.finditer(text, start):
            i = m.start()
            if m[0] == "{":
                if depth == 0:
                    opened = i
                elif not nested:
                    nested = True
                    self.report("ED508", self.loc(index, i + 1), f"a mark inside the mark "
                                f"'{text[opened:i].split(':')[0]}…' (column {opened + 1}); marks do not nest",
                                "write them one after the other, e.g. '{del: old} {add above: new}'; a mention "
                                "goes around a mark, '[{sic: Blucher -> Blyukher}]{@blyukher}', never inside one")
                depth += 1
            elif m[0] == "}":
                if depth == 0:
                    self.report("ED500", self.loc(index, i + 1), "'}' closes no apparatus mark",
                                "open the mark with '{' on the same line, or write a brace of the source as '\\}'")
                    continue
                depth -= 1
                if depth == 0:
                    if not nested:
                        spans.append((opened, i + 1))
                    nested = False
        if depth:
            self.unclosed(index, opened)
        marks = []
        masked, pos = [], 0
        for s, e in spans:
            masked += [text[pos:s], " " * (e - s)]
            pos = e
            if s in braces:
                continue
            try:
                marks.append((s, e, read_mark(line[s + 1:e - 1])))
            except MarkError as err:
                self.report(err.code, self.loc(index, s + 1), err.message, err.hint)
        return marks, annotations, "".join(masked) + text[pos:]

    def annotation(self, index: int, m: re.Match[str], text: str, context: str, at: int) -> tuple[Annotation, ...]:
        """Record a mention or a date, or say what is wrong with it."""
        loc = self.loc(index, m.start() + 1)
        value = m["value"].strip()
        where = (loc, m.end("text") + 1, m.end() + 1, self.base or "", self.place, context, at)
        if m["kind"] == "@":
            if not ID_RE.fullmatch(value):
                self.report("ED707", loc, f"'{{@{value}}}' does not name a register entry",
                            "write the entry's id after '@', in lower case with hyphens: '[Blukher]{@blyukher}'")
                return ()
            self.body.annotations.append(Annotation("mention", value, text, *where))
            return (self.body.annotations[-1],)
        when, _, julian = value.partition(" julian ")
        julian = julian.strip()
        problem = when_problem(when) or (julian and ("has a range as its Julian date" if "/" in julian
                                                     else when_problem(julian)))
        if problem:
            self.report("ED707", loc, f"'{{date {value}}}' {problem}",
                        "write '{date 1932-01}', a range '{date 1938-07-29/1938-08-11}', or both calendars "
                        "'{date 1917-12-21 julian 1917-12-08}' (Gregorian first)")
            return ()
        if julian and (gregorian := gregorian_of_julian(julian)) and len(when) == 10 and gregorian != when:
            self.report("ED707", loc, f"'{{date {value}}}': {julian} in the Julian calendar is {gregorian} in the "
                        f"Gregorian, not {when}", "check both days against the source; the Gregorian comes first")
            return ()
        self.body.annotations.append(Annotation("date", when, text, *where, julian))
        return (self.body.annotations[-1],)

    def unclosed(self, index: int, col0: int) -> None:
        self.report("ED500", self.loc(index, col0 + 1), "this '{' opens an apparatus mark that is not closed",
                    "end the mark with '}' on the same line (a mark never spans lines); "
                    "a brace of the source itself is written '\\{'")

    def emendation(self, index: int, s: int, e: int, mark: Mark, before: str, after: str) -> Emendation:
        self.marks_here += 1
        base = self.base or "text"  # a line outside any page: reported already (ED302)
        lemma, variant = lemma_and_variant(mark, before, after, self.negative)
        item = Emendation(mark, f"{base}.e{self.marks_here}", self.place, self.loc(index, s + 1), e + 1,
                          lemma, variant)
        self.body.apparatus.append(item)
        return item

    def feature(self, index: int, s: int, e: int, mark: Mark) -> Feature:
        self.body.features.append(Feature(mark, self.loc(index, s + 1), e + 1))
        return self.body.features[-1]

    def cite(self, index: int, line: str, note: str | None) -> tuple:
        """The edition's citations on a line of its prose (`note` None) or of its note `note`."""
        found, problems = find_citations(line, self.path, self.first_line + index)
        for p in problems:
            self.report("ED603", self.loc(index, p.col), p.message, p.hint)
        self.body.bare_keys += [(key, self.loc(index, col)) for key, col in bare_keys(line)]
        uses = []
        for citation in found:
            label, made = note, note is None
            if made:  # a citation in prose is a note of its own, named after its first work
                base = "ed-" + (re.sub(r"[^a-z0-9]+", "-", citation.items[0].key.lower()).strip("-") or "cite")
                self.made_notes[base] = k = self.made_notes.get(base, 0) + 1
                label = base if k == 1 else f"{base}-{k}"
                self.body.notes[label] = Note(label, Series.EDITORIAL, citation.loc, None, display=label)
                self.ref_labels.add(label)
                self.body.refs.append(NoteRef(label, citation.loc, citation.end))
            uses.append(CitationUse(citation, len(self.body.citations), label, made))
            self.body.citations.append(uses[-1])
        return tuple(uses)

    def marks_in_prose(self, index: int, line: str) -> None:
        text = mask_code(line)  # `{sic: …}` in code is an example
        for m in ANNOTATION_RE.finditer(text):
            self.report("ED708", self.loc(index, m.start() + 1),
                        "a mention or date stands outside the transcription",
                        "the register and chronology list the sources' own words: put it below '::text' or "
                        "in a note of the source; in the edition's prose link to the entry instead, "
                        "'[Blyukher](../register/blyukher.md)'")
        for m in MARK_IN_PROSE_RE.finditer(text):
            self.report("ED504", self.loc(index, m.start() + 1),
                        "an apparatus mark stands outside the transcription",
                        "marks record changes to the source's text: put it below '::text' or in a note of "
                        "the source; in the edition's own prose write a brace as '\\{'")

    def line_end(self, index: int, line: str, witness: str) -> tuple:
        """Read a printed line's end: '-' splits a word, '\\-' is a real hyphen."""
        self.join_next = False
        self.pending_hyphen = None
        if line.endswith("\\-"):
            self.join_next = True
            return ()
        if line.endswith("-") and not line.endswith("--") and len(line) > 1:
            anchor = f"{self.base}.hy" if self.base else "text.hy"
            self.pending_hyphen = Hyphen(self.loc(index, len(line)), anchor)
            self.join_next = True
            words = witness[:-1].split()
            self.hyphen_half, self.hyphen_place = (words[-1] if words else ""), self.place
            return (self.pending_hyphen,)
        return ()

    def hyphenation(self, witness: str) -> None:
        """The apparatus entry of a word split at the previous line's end."""
        hyphen = self.pending_hyphen
        words = witness.split()
        rest = words[0].rstrip(_TRAILING) if words else ""
        self.body.apparatus.append(Emendation(
            Mark("hyphenation", "-", ""), hyphen.anchor, self.hyphen_place, hyphen.loc,
            lemma=self.hyphen_half + rest, variant=f"{self.hyphen_half}-|{rest}"))

    def paragraph_start(self, index: int, col: int, kind: str) -> tuple:
        loc = self.loc(index, col)
        if kind == "heading":
            self.headings += 1
            block = Block("heading", self.headings, loc)
        elif self.prev_role is not Role.TEXT or kind == "list" or self.prev_kind == "heading":
            self.paras += 1
            block = Block("para", self.paras, loc)
        else:
            return ()
        self.body.blocks.append(block)
        self.number_marks_in(block.anchor, f"¶ {block.n}" if block.kind == "para" else f"heading {block.n}")
        return (block,)

    # -- the end ---------------------------------------------------------

    def finish(self, require_text: bool) -> tuple[Body, list[Diagnostic]]:
        self.close_figure(len(self.body.lines))
        self.unjoined_hyphen()
        if require_text and not self.text_seen:
            self.report("ED404", Loc(self.path, self.first_line),
                        "this document has no transcription",
                        "put '::text lines' (printed source) or '::text paragraphs' (born-digital) "
                        "on its own line where the transcription begins")
        self.check_notes()
        return self.body, self.diagnostics

    def check_notes(self) -> None:
        notes = self.body.notes
        for ref in self.body.refs:
            if ref.label not in notes and ref.label not in self.bad_labels:
                self.report("ED200", ref.loc, f"note [^{ref.label}] is referenced but never defined",
                            f"add its text on a line '[^{ref.label}]: …' below the page's text, "
                            "or remove the marker")
        for work in self.body.works_cited:
            note = notes.get(work.note)
            if note is None or note.series is not Series.AUTHOR:
                self.report("ED401", work.loc, f"'::cites' names note {work.note}, which is not a note of the source "
                            "on this page", "give the label of the source's note that cites the work, e.g. '17'")
        for note in notes.values():
            if note.label not in self.ref_labels:
                self.report("ED201", note.loc, f"note [^{note.label}] is defined but never referenced",
                            f"put the marker [^{note.label}] where the source has it, or delete the definition")
        # Editorial notes are lettered in the order a reader meets them, and
        # kept in that order: the source's notes first, as defined, then a, b, c.
        refs = sorted(self.body.refs, key=lambda r: (r.loc.line, r.loc.col))
        order = [r.label for r in refs if r.label in notes]
        editorial = sorted(self.body.notes_in(Series.EDITORIAL),
                           key=lambda n: order.index(n.label) if n.label in order else len(order))
        self.body.notes = {n.label: n for n in self.body.notes_in(Series.AUTHOR)}
        for i, note in enumerate(editorial):
            self.body.notes[note.label] = Note(note.label, note.series, note.loc, note.page, display=_letters(i))


_TABLE_SHAPE = ("write a table as Markdown does: a row for its header, the line of dashes under it "
                "('| --- | --- |'), then its rows, each '| cell | cell |'; a blank line ends it")


def _cells(line: str) -> tuple[tuple[int, int], ...]:
    """A row's cells as (start, end) columns of the line, 1-based, end exclusive, spaces
    around each left out.  A '|' in a mark's braces, in code or escaped parts no cells."""
    text = mask_code(line)
    bars, depth, i = [], 0, 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 1
        elif c in "{}":
            depth = max(depth + (1 if c == "{" else -1), 0)
        elif c == "|" and not depth:
            bars.append(i)
        i += 1
    if not text.rstrip().endswith("|") or len(bars) == 1:
        bars.append(len(text))
    cells = []
    for a, b in zip(bars, bars[1:]):
        part = line[a + 1:b]
        start = a + 1 + len(part) - len(part.lstrip())
        cells.append((start + 1, max(start, a + 1 + len(part.rstrip())) + 1))
    return tuple(cells)


def _letters(i: int) -> str:
    """0 → a, 25 → z, 26 → aa: the editorial series never uses digits."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(97 + r) + s
    return s


def _witness_text(line: str, start: int, marks: list[tuple[int, int, Mark]],
                  annotations: Sequence[re.Match[str]] = (), end: int | None = None) -> tuple[str, list[int]]:
    """A line from `start` (to `end`) as the witness reads, for the apparatus:
    marks give their witness's text, note markers their printed label (¹⁴),
    annotations only their passage.  Also where each mark stands in it."""

    def plain(text: str) -> str:
        cut = text.rfind("]") + 1  # as in `scan_refs`
        # The source's markers as printed (¹⁴); the editors' are not the witness's.
        text = _NOTE_REF_RE.sub(lambda m: "" if series_of(m["label"]) is Series.EDITORIAL
                                else m["label"].translate(SUPERSCRIPT), text[:cut]) + text[cut:]
        return ESCAPE_RE.sub(r"\1", text)

    end = len(line) if end is None else end
    syntax = [(m.start(), m.start() + 1) for m in annotations] + [(m.start("brace") - 1, m.end()) for m in annotations]
    cuts = sorted([(s, e, mark.witness, True) for s, e, mark in marks] + [(s, e, "", False) for s, e in syntax])
    out, at, pos = "", [], start
    for s, e, witness, is_mark in cuts:
        if s < start or e > end:
            continue
        out += plain(line[pos:s])
        if is_mark:
            at.append(len(out))
        out += witness
        pos = e
    return out + plain(line[pos:end]), at
