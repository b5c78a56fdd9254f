"""The edition's bibliography: `bibliography.bib`, checked with its own line numbers.

The file is read here, by a small reader of BibTeX's syntax that knows
where every entry and field stands; pandoc (see `citeproc.py`) converts
what was read to CSL-JSON for formatting, as it reads real-world BibTeX and
BibLaTeX best (LaTeX escapes, `@string`, crossref, `date`, `journaltitle`,
`location`).  pandoc is given only the entries that can be read whole: one
broken entry is reported at its line and left out, never the rest with it.
Where pandoc would go quietly wrong — an undefined `@string`, a crossref to
nowhere or in a loop (pandoc then never stops), a date it drops, a LaTeX
command it does not know and drops with its text — this module says so.
An entry may carry an `unverified` field: what the editors could not
confirm, shown to readers.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from .citations import KEY
from .diagnostics import Diagnostic, Loc

_KEY_RE = re.compile(KEY)  # a key a citation can name
_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
_NAME_RE = re.compile(r"[^\s=,{}()\"#%]+")  # an entry's type, a field's name, a bare value
_ENTRY_KEY_RE = re.compile(r"[^\s,{}()\"#%=]+")
_BROKEN_KEY_RE = re.compile(r"@\s*\w+\s*[{(]\s*([^\s,{}()\"#%=]+)\s*,")
_BETWEEN_RE = re.compile(r"[@%]")  # what ends the text between entries
_PERCENT_RE = re.compile(r"(?<!\\)%")  # a comment's start, as pandoc reads it even within a value
# Where an entry at the latest ends: the next line that begins with '@' (so
# that an unclosed brace takes only its own entry with it, as in biber).
_NEXT_BLOCK_RE = re.compile(r"\n[ \t]*@")
_LINK_FIELDS = ("crossref", "xdata")
# Containers, not works: an @xdata's fields are inherited (pandoc does so);
# a @set groups works that are entries of their own.
_CONTAINERS = {"xdata", "set"}
# Fields whose value biblatex reads verbatim: a '%' there is text (pandoc
# agrees), as in a date, where it marks one uncertain and approximate.
_VERBATIM = {"url", "doi", "eprint", "file", "verba", "verbb", "verbc", "pdf"}


def _verbatim(name: str) -> bool:
    return name in _VERBATIM or name.endswith("date")
# Fields pandoc does not carry into CSL: a command in them loses nothing the reader sees.
_NOT_PRINTED = {"indextitle", "indexsorttitle", "sorttitle", "sortname", "sortkey", "sortyear", "presort",
                "sortshorthand", "options", "file", "ids", "entryset", "related", "relatedtype",
                "relatedstring", "relatedoptions", "langidopts", "hyphenation", "execute", "label",
                "keywords", "crossref", "xdata", "xref", "unverified", "pdf"}
# Commands whose first argument is not text pandoc prints as written.
_NOT_TEXT = {"foreignlanguage", "bibstring", "href", "url", "hyphenation", "selectlanguage", "begin", "end",
             "ding", "mkbibordinal", "addtocounter"}
# A LaTeX command with a plain-text argument, which pandoc keeps unless it does not know the command.
_COMMAND_RE = re.compile(r"\\(?P<name>[A-Za-z]+)\s*\{(?P<arg>[^{}\\$]*[^\W\d_][^{}\\$]*)\}")
# biblatex's punctuation commands and babel's shorthands, which pandoc prints
# as written ('T \\adddot{} x' -> 'T . x', '<<Titel>>', 'Ost"=West'): given
# to pandoc as the characters they stand for.
_SHORTHANDS = [(re.compile(r"\\add(dot|comma|colon|semicolon|period|space|abbrvspace)\b\s*(\{\})?"),
                lambda m: {"dot": ".", "comma": ",", "colon": ":", "semicolon": ";", "period": ".",
                           "space": " ", "abbrvspace": " "}[m[1]]),
               (re.compile(r"<<"), lambda m: "«"), (re.compile(r">>"), lambda m: "»"),
               (re.compile(r'"='), lambda m: "-"), (re.compile(r'"[-~|]'), lambda m: ""),
               (re.compile(r'"`'), lambda m: "„"), (re.compile(r"\"'"), lambda m: "“"),
               (re.compile(r'"<'), lambda m: "«"), (re.compile(r'">'), lambda m: "»")]
# A date as biblatex reads it and pandoc keeps it (ISO 8601-2: YYYY, YYYY-MM,
# YYYY-MM-DD, a time, '?' '~' '%' for uncertain and approximate, ranges with
# '/' open at either end).  pandoc silently drops any other.
_DAY_RE = r"-?\d{4}(?:-(?:0[1-9]|1[0-2]|2[1-4])(?:-(?:0[1-9]|[12]\d|3[01]))?)?(?:T[\d:]+(?:Z|[+-][\d:]+)?)?[?~%]*"
_DATE_RE = re.compile(rf"(?:{_DAY_RE})?(?:/(?:{_DAY_RE})?)?")
# What biblatex prints for its \bibstring keys found in a year.
_BIBSTRINGS = {"nodate": "n.d.", "forthcoming": "forthcoming", "inpress": "in press",
               "inpreparation": "in preparation", "submitted": "submitted"}
# An @string whose expansion is longer than this is an attack (22 doubling
# @strings would be four million characters, and minutes of pandoc), not a name.
MAX_STRING = 100_000
# Private-use characters of plane 16 tag the copies of works citeproc is
# given (citeproc.py): in the file, they would be removed from the page.
_RESERVED_RE = re.compile("[\U00100000-\U0010ffff]")
# Fields of titles, whose braces keep words as written: pandoc's CSL-JSON
# loses the braces around a lowercase word ('{nm}'), so the style would capitalise it.
_TITLE_FIELDS = {"title", "subtitle", "titleaddon", "booktitle", "booksubtitle", "maintitle", "mainsubtitle",
                 "journaltitle", "journal", "journalsubtitle", "series", "eventtitle", "issuetitle", "origtitle"}
_CSL_TITLES = ("title", "container-title", "collection-title", "volume-title", "event-title", "original-title")
_PROTECTED_RE = re.compile(r"(?<!\\)(?<![A-Za-z])\{([^{}\\$A-Za-z]*[a-z][^{}\\$]*)\}")  # its first letter lowercase


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # lower case
    value: str  # as written: braced, quoted or a name, joined by '#'
    loc: Loc  # of its name


@dataclass(frozen=True, slots=True)
class Work:
    key: str
    type: str
    loc: Loc
    unverified: str = ""
    commands: tuple[tuple[str, str, Loc], ...] = ()  # LaTeX commands and their text, to check pandoc kept it
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True, slots=True)
class Bibliography:
    path: str
    text: str  # the file as the editors wrote it: the download
    readable: str  # the blocks that could be read: what pandoc is given
    works: dict[str, Work]
    broken: frozenset[str] = frozenset()  # the keys of entries left out, reported: not to be reported again


@dataclass(frozen=True, slots=True)
class _Block:
    type: str  # lower case: 'string', 'book', …
    key: str
    fields: tuple[Field, ...]
    loc: Loc
    percent: tuple[tuple[Loc, str], ...] = ()  # a '%' in a value, and the field's name


class _Unreadable(Exception):
    """An entry the reader cannot read: its diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


class _Reader:
    """BibTeX's syntax, as pandoc and biber read it: '%' begins a comment
    outside values, @comment and @preamble are skipped, a block is
    '@type{…}' or '@type(…)'.  Every position is an offset in the text."""

    def __init__(self, text: str, path: str) -> None:
        self.text, self.path = text, path
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def loc(self, i: int) -> Loc:
        line = bisect.bisect_right(self.starts, i)
        return Loc(self.path, line, i - self.starts[line - 1] + 1)

    def blocks(self, diagnostics: list[Diagnostic], broken: set[str]) -> list[_Block]:
        """Every block read; an unreadable entry is reported, its key put in `broken`."""
        text, i, found = self.text, 0, []
        while True:
            i = self._skip(i, len(text))
            if i >= len(text):
                return found
            if text[i] != "@":  # BibTeX ignores text between entries
                m = _BETWEEN_RE.search(text, i)
                i = m.start() if m else len(text)
                continue
            start = i
            m = _NEXT_BLOCK_RE.search(text, i + 1)
            end = m.start() + 1 if m else len(text)
            try:
                block, i = self._block(start, end)
            except _Unreadable as err:
                diagnostics.append(err.diagnostic)
                if key := _BROKEN_KEY_RE.match(text, start):
                    broken.add(key[1])
                i = end
                continue
            if block is not None:
                found.append(block)

    def _skip(self, i: int, end: int) -> int:
        """Past spaces and comments."""
        text = self.text
        while i < end:
            if text[i].isspace():
                i += 1
            elif text[i] == "%":
                nl = text.find("\n", i, end)
                i = end if nl < 0 else nl + 1
            else:
                return i
        return i

    def _fail(self, start: int) -> _Unreadable:
        return _Unreadable(Diagnostic(
            "ED600", self.loc(start), "this entry cannot be read",
            "check its braces and quotes, and that every field ends with a comma; "
            "the entry is not in the bibliography until it is fixed"))

    def _block(self, start: int, end: int) -> tuple[_Block | None, int]:
        text = self.text
        m = _NAME_RE.match(text, start + 1)
        if not m:
            raise self._fail(start)
        kind = m[0].lower()
        i = self._skip(m.end(), end)
        if i >= end or text[i] not in "{(":
            if kind == "comment":  # '@comment' and the rest of its line: BibTeX's comment
                return None, end
            raise self._fail(start)
        close = "}" if text[i] == "{" else ")"
        if kind in ("comment", "preamble"):  # not entries: pandoc and biber skip them
            j = self._value_end(i, len(text), close)
            return None, (j if j is not None else end)
        i = self._skip(i + 1, end)
        key = ""
        if kind != "string":
            km = _ENTRY_KEY_RE.match(text, i)
            key = km[0] if km else ""
            i = self._skip(km.end() if km else i, end)
            if i < end and text[i] == ",":
                i += 1
            elif not (i < end and text[i] == close):
                raise self._fail(start)
        fields, percent = [], []
        while True:
            i = self._skip(i, end)
            if i < end and text[i] == close:
                return _Block(kind, key, tuple(fields), self.loc(start), tuple(percent)), i + 1
            nm = _NAME_RE.match(text, i, end)
            if not nm:
                raise self._fail(start)
            name_at = i
            i = self._skip(nm.end(), end)
            if i >= end or text[i] != "=":
                raise self._fail(start)
            i = self._skip(i + 1, end)
            value_at = i
            i = self._value(i, end, start, _verbatim(nm[0].lower()), percent, nm[0])
            fields.append(Field(nm[0].lower(), text[value_at:i].strip(), self.loc(name_at)))
            after = self._skip(i, end)
            if after < end and text[after] == ",":
                i = after + 1
            elif after < end and text[after] == close:
                i = after
            elif after < end and (nxt := _NAME_RE.match(text, after, end)) and \
                    text[self._skip(nxt.end(), end):self._skip(nxt.end(), end) + 1] == "=":
                line = self.loc(after)
                raise _Unreadable(Diagnostic(
                    "ED600", line, f"a comma is missing after the value of '{nm[0]}', so "
                    f"this line was read as part of it", f"end line {self.loc(i).line} with ','"))
            else:
                raise self._fail(start)

    def _value(self, i: int, end: int, start: int, verbatim: bool, percent: list, name: str) -> int:
        """The end of a value: parts braced, quoted or a name, joined by '#'."""
        text = self.text
        while True:
            if i < end and text[i] in '{"':
                j = self._value_end(i, end, "}" if text[i] == "{" else '"')
                if j is None:
                    raise self._fail(start)
                if not verbatim:
                    percent += [(self.loc(p.start()), name) for p in _PERCENT_RE.finditer(text, i, j)]
                i = j
            else:
                m = _NAME_RE.match(text, i, end)
                if not m:
                    raise self._fail(start)
                i = m.end()
            after = self._skip(i, end)
            if after < end and text[after] == "#":
                i = self._skip(after + 1, end)
                continue
            return i

    def _value_end(self, i: int, end: int, close: str) -> int | None:
        """Just after the brace or quote that closes the one at `i` (braces nest)."""
        depth = 0
        text = self.text
        for j in range(i + 1, end):
            c = text[j]
            if c == "{":
                depth += 1
            elif c == "}" and depth:
                depth -= 1
            elif c == close and depth == 0:
                return j + 1
        return None


def read_bibliography(text: str, path: str) -> tuple[Bibliography, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    reader = _Reader(text, path)
    broken: set[str] = set()
    blocks = reader.blocks(diagnostics, broken)
    for m in _RESERVED_RE.finditer(text):
        diagnostics.append(Diagnostic(
            "ED614", reader.loc(m.start()), f"the character U+{ord(m[0]):X} is reserved by the edition "
            "(it marks the copies of works pandoc formats) and would be removed from the page",
            "write the character the source has; a private-use character of the font you use is kept if it "
            "is in the basic plane (U+E000–U+F8FF)"))
    sizes: dict[str, int] = {m: 3 for m in _MONTHS}  # each @string's expanded length
    strings: list[_Block] = []
    entries: dict[str, _Block] = {}
    for block in blocks:
        if block.type == "string":
            strings += _string(block, sizes, diagnostics)
            continue
        if not _KEY_RE.fullmatch(block.key):
            diagnostics.append(Diagnostic(
                "ED600", block.loc, f"the entry '@{block.type}' has no usable key ('{block.key}')",
                "write a key after the brace, e.g. '@article{Berton1993,'; letters, digits and _ : . - / "))
            continue
        if not block.key.isascii():
            diagnostics.append(_not_ascii(block))
            continue
        if block.key in entries:
            diagnostics.append(Diagnostic(
                "ED601", block.loc, f"the key '{block.key}' is given twice (first at {entries[block.key].loc})",
                "give each work its own key; if both entries are the same work, delete one"))
            continue
        block = _check_fields(block, sizes, diagnostics)
        if block is not None:
            entries[block.key] = block
    diagnostics += _links(entries, path)
    broken |= {b.key for b in blocks if b.type != "string"} - entries.keys()
    works = {key: _work(b) for key, b in entries.items() if b.type not in _CONTAINERS}
    readable = [_written(b) for b in strings] + [_written(b) for b in entries.values() if b.type != "set"]
    diagnostics.sort(key=lambda d: (d.loc.line, d.loc.col))  # in the file's order
    return Bibliography(path, text, "\n\n".join(readable), works, frozenset(broken)), diagnostics


def _not_ascii(block: _Block) -> Diagnostic:
    """A key with a letter outside ASCII: 'Bеrton1993' with a Cyrillic 'е' looks
    like 'Berton1993' and would be cited in its place without a word."""
    odd = ", ".join(f"'{c}' ({unicodedata.name(c, f'U+{ord(c):04X}').lower()})" for c in dict.fromkeys(block.key)
                    if not c.isascii())
    return Diagnostic("ED613", block.loc, f"the key '{block.key}' has letters that are not ASCII, {odd}, so a "
                      "citation that looks the same may name another work",
                      "write the key in ASCII letters and digits, e.g. 'Berton1993'; the entry is not in the "
                      "bibliography until it is fixed")


def _string(block: _Block, sizes: dict[str, int], diagnostics: list[Diagnostic]) -> list[_Block]:
    """An @string, if its expansion is of a sane length (bounded before pandoc expands it)."""
    if len(block.fields) != 1:
        diagnostics.append(Diagnostic("ED600", block.loc, "this @string cannot be read",
                                      "write one name and its text, e.g. '@string{ASI = {Acta Slavica Iaponica}}'"))
        return []
    f = block.fields[0]
    size = sum(sizes.get(part.lower(), len(part)) if kind == "name" else len(part) for kind, part in _parts(f.value))
    if any(sizes.get(part.lower(), 0) > MAX_STRING for kind, part in _parts(f.value) if kind == "name"):
        sizes[f.name] = size  # built on one reported already: left out with it
        return []
    if size > MAX_STRING:
        diagnostics.append(Diagnostic(
            "ED609", f.loc, f"the @string '{f.name}' expands to {size:,} characters (at most {MAX_STRING:,})",
            "write its text out once; a @string built by doubling others is left out, with the entries that use it"))
        sizes[f.name] = MAX_STRING + 1
        return []
    sizes[f.name] = size
    return [block]


def _parts(value: str) -> list[tuple[str, str]]:
    """A raw value's parts joined by '#': ('text', '{…}' or '"…"'), or ('name', an @string's name or a number)."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(value + "#"):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            part = value[start:i].strip()
            if part:
                parts.append(("text" if part[0] in '{"' or part.isdigit() else "name", part))
            start = i + 1
    return parts


# Fields that name a work in a citation: a person or body responsible, a title, or the title of what holds it
# (an unsigned article in a named newspaper is cited by the newspaper).
_NAMING = frozenset({"author", "editor", "translator", "institution", "organization", "title", "shorttitle",
                     "journaltitle", "journal", "booktitle", "maintitle"})


def _check_fields(block: _Block, sizes: dict[str, int], diagnostics: list[Diagnostic]) -> _Block | None:
    """An entry's fields checked: the entry as pandoc is to get it (a field
    given twice keeps its first value, as in biber), or None if left out."""
    seen: dict[str, Field] = {}
    for f in block.fields:
        if f.name in seen:
            diagnostics.append(Diagnostic(
                "ED611", f.loc, f"the field '{f.name}' is given twice in '{block.key}' (first at line "
                f"{seen[f.name].loc.line}); biber keeps the first, pandoc the last",
                f"delete one of them; until then the first, '{_short(seen[f.name].value)}', is used"))
            continue
        seen[f.name] = f
        for kind, name in _parts(f.value):
            if kind == "name" and name.lower() not in sizes:
                diagnostics.append(Diagnostic(
                    "ED605", f.loc, f"the field '{f.name}' uses '{name}', which no @string defines",
                    f"put the text in braces, '{f.name} = {{{name}}}', or define it: '@string{{{name} = {{…}}}}'"))
            elif kind == "name" and sizes[name.lower()] > MAX_STRING:
                diagnostics.append(Diagnostic(
                    "ED609", f.loc, f"the field '{f.name}' uses the @string '{name}', which is too long",
                    f"shorten '{name}' (reported at its line); the entry '{block.key}' is left out until then"))
                return None
        if date := _date_problem(f):
            diagnostics.append(Diagnostic("ED610", f.loc, *date))
    for loc, name in block.percent:
        diagnostics.append(Diagnostic(
            "ED612", loc, f"a '%' in the field '{name}' begins a comment, and the rest of the line is lost",
            "write '\\%' for a percent sign"))
    # A container (@xdata, @set) is no work of its own; a work may inherit its names (crossref, xdata, xref).
    if block.type not in _CONTAINERS and not set(seen) & (_NAMING | {"crossref", "xdata", "xref", "entryset"}):
        diagnostics.append(Diagnostic(
            "ED615", block.loc, f"the entry '{block.key}' has neither an author nor a title (nor the title of "
            "a periodical or book that holds it), so its citations "
            "would show its key, and its bibliography entry only its date",
            "give it a title — for a work known only by description, the description in brackets, e.g. "
            "'title = {[Unsigned article on the Far Eastern Army]}' — or a short title ('shorttitle')"))
    return _Block(block.type, block.key, tuple(seen.values()), block.loc)


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:39] + "…"


def _unwrapped(value: str) -> str:
    value = value.strip()
    if value[:1] == "{" and value[-1:] == "}" or value[:1] == '"' == value[-1:]:
        value = value[1:-1]
    return value.strip()


def _date_problem(f: Field) -> tuple[str, str] | None:
    """What is wrong with a date field pandoc would drop without a word: (message, fix)."""
    if f.name == "year" and year_text(f.value) is None:
        return (f"the year '{_unwrapped(f.value)}' has LaTeX that pandoc cannot read, and would be dropped",
                "write the year in plain text, e.g. 'year = {2002}' or 'year = {cop. 2002}'")
    value = _unwrapped(f.value)
    if f.name not in ("date", "urldate", "origdate", "eventdate") or _DATE_RE.fullmatch(value):
        return None
    if "X" in value:
        return (f"the date '{value}' has unspecified digits, which pandoc drops",
                "write the range it stands for, e.g. '1990/1999' for '199X'")
    if ".." in value:
        return (f"the date '{value}' is open with '..', which pandoc drops",
                "leave the open side empty, e.g. '1990/' or '/1995'")
    return (f"the date '{value}' is not one biblatex or pandoc can read, and would be dropped",
            "write it as YYYY, YYYY-MM or YYYY-MM-DD, a range 'YYYY/YYYY', or put words in 'year', "
            "e.g. 'year = {cop. 2002}'")


def year_text(value: str) -> str | None:
    """A year as printed: its text, \\bibstring and \\autocap read; None if other LaTeX remains."""
    text = _unwrapped(value)
    text = re.sub(r"\\bibstring\s*\{(\w+)\}", lambda m: _BIBSTRINGS.get(m[1], m[0]), text)
    text = re.sub(r"\\autocap\s*\{(\w)\}", lambda m: m[1], text)
    text = text.replace("~", "\u00a0").replace("--", "–").replace("{", "").replace("}", "")
    return None if "\\" in text else text


def _links(entries: dict[str, _Block], path: str) -> list[Diagnostic]:
    """A crossref or xdata must name an entry of the file (pandoc would
    ignore it), and must not lead back to its own entry: pandoc would
    follow the loop for ever.  The entries of a loop are left out."""
    found: list[Diagnostic] = []
    targets = {key: [(f, t) for f in b.fields if f.name in _LINK_FIELDS for t in _link_targets(f)]
               for key, b in entries.items()}
    looped: set[str] = set()
    for key in entries:
        path_ = _loop(key, targets)
        if path_ is None:
            continue
        looped.add(key)
        field = next(f for f, t in targets[key] if t == path_[1])
        found.append(Diagnostic(
            "ED608", field.loc, f"'{field.name}' of '{key}' leads back to it ({' → '.join(path_)}); pandoc "
            "would never stop following it", f"delete the '{field.name}' that closes the loop; the entries of "
            "the loop are not in the bibliography until then"))
    for key in list(entries):
        if key in looped:
            del entries[key]
            continue
        for f, target in targets[key]:
            if target not in targets:
                found.append(Diagnostic(
                    "ED606", f.loc, f"'{f.name}' names '{target}', which is not in {path}",
                    f"add the entry '{target}' or correct the key; without it the fields '{key}' "
                    "should inherit are missing"))
            elif target in looped:
                found.append(Diagnostic(
                    "ED606", f.loc, f"'{f.name}' names '{target}', which is left out of the bibliography",
                    f"mend '{target}' (reported at its line); without it the fields '{key}' should inherit "
                    "are missing"))
    return found


def _link_targets(f: Field) -> list[str]:
    """The keys a crossref names (one), or an xdata (a list, separated by commas)."""
    names = _unwrapped(f.value).split(",") if f.name == "xdata" else [_unwrapped(f.value)]
    return [n.strip() for n in names if n.strip()]


def _loop(key: str, targets: dict[str, list]) -> list[str] | None:
    """The path from `key` back to itself along crossref and xdata, if there is one."""
    stack, seen = [(key, [key])], set()
    while stack:
        at, path = stack.pop()
        for _, target in targets.get(at, []):
            if target == key:
                return path + [key]
            if target not in seen:
                seen.add(target)
                stack.append((target, path + [target]))
    return None


def _work(block: _Block) -> Work:
    unverified = ""
    commands = []
    for f in block.fields:
        if f.name not in _NOT_PRINTED:
            commands += [(m["name"], m["arg"], f.loc) for m in _COMMAND_RE.finditer(f.value)
                         if m["name"] not in _NOT_TEXT]
        if f.name == "unverified":
            unverified = _unwrapped(f.value)
    return Work(block.key, block.type, block.loc, unverified, tuple(commands), block.fields)


def _written(block: _Block) -> str:
    """A block as pandoc is given it: one field a line, shorthands as their characters."""
    fields = [f"  {f.name} = {f.value if _verbatim(f.name) else _characters(f.value)}" for f in block.fields]
    if block.type == "string":
        return f"@string{{{fields[0].strip()}}}"
    return f"@{block.type}{{{block.key},\n" + ",\n".join(fields) + "\n}"


def _characters(value: str) -> str:
    value = _PERCENT_RE.sub(r"\\%", value)  # reported (ED612): pandoc is given the percent sign
    for pattern, replace in _SHORTHANDS:
        value = pattern.sub(replace, value)
    return value


def check_conversion(bib: Bibliography, items: list[dict]) -> list[Diagnostic]:
    """What pandoc lost: an entry it did not read, a LaTeX command's text it dropped."""
    found = []
    # Lower case: pandoc sentence-cases English titles ('\\emph{Lenin}' -> '<i>lenin</i>').
    by_id = {item["id"]: _flat(item).lower() for item in items}
    for work in bib.works.values():
        converted = by_id.get(work.key)
        if converted is None:
            found.append(Diagnostic("ED600", work.loc, f"pandoc could not read the entry '{work.key}'",
                                    "compare it with an entry that works; the entry is not in the "
                                    "bibliography until it is fixed"))
            continue
        for name, arg, loc in work.commands:
            if " ".join(arg.split()).lower() not in converted:
                found.append(Diagnostic(
                    "ED607", loc, f"pandoc does not know the LaTeX command '\\{name}' and would drop "
                    f"'{arg.strip()}' with it", "write the text without the command, or use one pandoc "
                    "knows, such as \\emph, \\textit, \\textbf, \\textsc or \\url"))
    return found


def _flat(item: object) -> str:
    """Every string of a CSL-JSON item, markup removed, spaces made single."""
    if isinstance(item, dict):
        return " ".join(_flat(v) for v in item.values())
    if isinstance(item, list):
        return " ".join(_flat(v) for v in item)
    return " ".join(re.sub(r"<[^>]+>", "", str(item)).split())


def complete(bib_text: str, items: list[dict]) -> list[dict]:
    """What pandoc's CSL-JSON loses of what it read, put back: a year in
    words ('cop. 2002', which it reads, then writes as no date at all), and
    the braces that keep a lowercase word of a title as written ('{nm}')."""
    bib, _ = read_bibliography(bib_text, "")
    for item in items:
        work = bib.works.get(item.get("id", ""))
        if work is None:
            continue
        fields = {f.name: f.value for f in work.fields}
        if "date" not in fields and "year" in fields and not item.get("issued", {}).get("date-parts") \
                and "status" not in item and (text := year_text(fields["year"])):
            item["issued"] = {"literal": text}
        for name, value in fields.items():
            if name in _TITLE_FIELDS:
                for word in _PROTECTED_RE.findall(_unwrapped(value)):
                    _protect(item, word)
    return items


def _protect(item: dict, word: str) -> None:
    """Mark the first place of `word` in the item's titles as not to be re-cased."""
    pattern = re.compile(rf"(?<![\w>]){re.escape(word)}(?![\w<])")
    for name in _CSL_TITLES:
        if isinstance(item.get(name), str) and pattern.search(item[name]):
            item[name] = pattern.sub(f'<span class="nocase">{word}</span>', item[name], count=1)
            return


def plain_field(bib: Bibliography, key: str, name: str) -> str | None:
    """A field as its entry writes it, with the braces that keep capitals
    removed: the title as printed, which pandoc's reading changes to sentence
    case.  None where LaTeX commands need pandoc to read them."""
    work = bib.works.get(key)
    value = next((f.value for f in work.fields if f.name == name), None) if work is not None else None
    if value is None or "\\" in value:
        return None
    value = _unwrapped(value)
    return re.sub(r"\s+", " ", value.replace("{", "").replace("}", "").replace("---", "—").replace("--", "–"))
