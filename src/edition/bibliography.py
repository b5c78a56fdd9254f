"""The edition's bibliography: `bibliography.bib`, checked with its own line numbers.

bibtexparser reads the file to find every entry and every mistake with its
line; pandoc (see `citeproc.py`) converts it to CSL-JSON for formatting, as
it reads real-world BibTeX and BibLaTeX best (LaTeX escapes, `@string`,
crossref, `date`, `journaltitle`, `location`).  Where pandoc would go
quietly wrong — an undefined `@string`, a crossref to nowhere, a LaTeX
command it does not know and drops with its text — this module says so.
An entry may carry an `unverified` field: what the editors could not
confirm, shown to readers.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, Field, ParsingFailedBlock, String

from .citations import KEY
from .diagnostics import Diagnostic, Loc

_KEY_RE = re.compile(KEY)  # a key a citation can name
_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
# A LaTeX command with a plain-text argument, which pandoc keeps unless it does not know the command.
_COMMAND_RE = re.compile(r"\\(?P<name>[A-Za-z]+)\s*\{(?P<arg>[^{}\\$]*[^\W\d_][^{}\\$]*)\}")
_LINK_FIELDS = ("crossref", "xdata")
_SIMPLE_VALUE_RE = re.compile(r'\s*(?:\{[^{}]*\}|"[^"{}]*"|\w+)\s*')
# bibtexparser logs the entries it cannot read; they are reported here, with a fix.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


@dataclass(frozen=True, slots=True)
class Work:
    key: str
    type: str
    loc: Loc
    unverified: str = ""
    commands: tuple[tuple[str, str, Loc], ...] = ()  # LaTeX commands and their text, to check pandoc kept it


@dataclass(frozen=True, slots=True)
class Bibliography:
    path: str
    text: str  # the file as the editors wrote it: the download
    readable: str  # the blocks that could be read: what pandoc is given
    works: dict[str, Work]


def read_bibliography(text: str, path: str) -> tuple[Bibliography, list[Diagnostic]]:
    library = bibtexparser.parse_string(text, parse_stack=[])  # values raw, as written
    macros = {block.key.lower() for block in library.blocks if isinstance(block, String)} | _MONTHS
    works: dict[str, Work] = {}
    lines = _Lines(path, text)
    readable: list[str] = []
    diagnostics: list[Diagnostic] = []
    for block in library.blocks:
        loc = Loc(path, block.start_line + 1)
        if isinstance(block, DuplicateBlockKeyBlock):
            first = works.get(block.key)
            diagnostics.append(Diagnostic(
                "ED601", loc, f"the key '{block.key}' is given twice" + (f" (first at {first.loc})" if first else ""),
                "give each work its own key; if both entries are the same work, delete one"))
            continue
        if isinstance(block, ParsingFailedBlock):
            diagnostics.append(Diagnostic(
                "ED600", loc, "this entry cannot be read",
                "check its braces and quotes, and that every field ends with a comma; "
                "the entry is not in the bibliography until it is fixed"))
            continue
        readable.append(block.raw)
        if isinstance(block, Entry):
            if not _KEY_RE.fullmatch(block.key):
                diagnostics.append(Diagnostic(
                    "ED600", loc, f"the entry '@{block.entry_type}' has no usable key ('{block.key}')",
                    "write a key after the brace, e.g. '@article{Berton1993,'; letters, digits and _ : . - / "))
                readable.pop()
                continue
            works[block.key] = _work(block, loc, lines, macros, diagnostics)
    for work in works.values():
        diagnostics += _links(library.entries_dict[work.key], lines, works)
    return Bibliography(path, text, "\n\n".join(readable), works), diagnostics


class _Lines:
    """Where a field stands: its line, and the column of its name."""

    def __init__(self, path: str, text: str) -> None:
        self.path, self.lines = path, text.split("\n")

    def loc(self, f: Field) -> Loc:
        line = self.lines[f.start_line] if f.start_line < len(self.lines) else ""
        return Loc(self.path, f.start_line + 1, max(line.find(f.key), 0) + 1)


def _work(entry: Entry, loc: Loc, lines: _Lines, macros: set[str], diagnostics: list[Diagnostic]) -> Work:
    unverified = ""
    commands = []
    for f in entry.fields:
        field_loc = lines.loc(f)
        value = str(f.value)
        if (after := _after_value(value)) is not None:
            line = f.start_line + value.count("\n", 0, after)
            text = lines.lines[line] if line < len(lines.lines) else ""
            diagnostics.append(Diagnostic(
                "ED600", Loc(lines.path, line + 1, len(text) - len(text.lstrip()) + 1),
                f"a comma is missing after the value of '{f.key}', so "
                f"this line was read as part of it", f"end line {line} with ','"))
        for name in _string_names(value):
            if name.lower() not in macros:
                diagnostics.append(Diagnostic(
                    "ED605", field_loc, f"the field '{f.key}' uses '{name}', which no @string defines",
                    f"put the text in braces, '{f.key} = {{{name}}}', or define it: '@string{{{name} = {{…}}}}'"))
        commands += [(m["name"], m["arg"], field_loc) for m in _COMMAND_RE.finditer(value)]
        if f.key.lower() == "unverified":
            unverified = value.strip().removeprefix("{").removesuffix("}").strip()
    return Work(entry.key, entry.entry_type.lower(), loc, unverified, tuple(commands))


def _after_value(value: str) -> int | None:
    """Where text follows a field's whole value with no comma between
    ('{11}\\n  date = {1993}': a comma forgotten, and the next field swallowed);
    None if nothing does.  A value is braced, quoted or a name, joined by '#'."""
    if _SIMPLE_VALUE_RE.fullmatch(value):  # most values: one group of braces, quotes or a name
        return None
    i, n = 0, len(value)
    while True:
        while i < n and value[i].isspace():
            i += 1
        if i < n and value[i] in '{"':
            close, depth = "}" if value[i] == "{" else '"', 0
            for j in range(i, n):
                if value[j] == "{" and not (j == i and close == "}"):
                    depth += 1
                elif value[j] == "}" and depth:
                    depth -= 1
                elif value[j] == close and depth == 0 and j > i:
                    i = j + 1
                    break
            else:
                return None  # unbalanced: bibtexparser would not have read it so
        else:
            while i < n and not value[i].isspace() and value[i] != "#":
                i += 1
        while i < n and value[i].isspace():
            i += 1
        if i < n and value[i] == "#":
            i += 1
            continue
        return i if i < n else None


def _string_names(value: str) -> list[str]:
    """The @string names in a raw value: its parts joined by '#' that are
    neither {braced}, "quoted" nor a number."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return [p.strip() for p in parts if p.strip() and p.strip()[0] not in '{"' and not p.strip().isdigit()]


def _links(entry: Entry, lines: _Lines, works: dict[str, Work]) -> list[Diagnostic]:
    """A crossref or xdata must name an entry of the file: pandoc would ignore it."""
    found = []
    for f in entry.fields:
        if f.key.lower() in _LINK_FIELDS:
            target = str(f.value).strip().strip('{}"').strip()
            if target not in works:
                found.append(Diagnostic(
                    "ED606", lines.loc(f), f"'{f.key}' names '{target}', which is not in {lines.path}",
                    f"add the entry '{target}' or correct the key; without it the fields '{entry.key}' "
                    "should inherit are missing"))
    return found


def check_conversion(bib: Bibliography, items: list[dict]) -> list[Diagnostic]:
    """What pandoc lost: an entry it did not read, a LaTeX command's text it dropped."""
    found = []
    # Lower case: pandoc sentence-cases English titles ('\\emph{Lenin}' -> '<i>lenin</i>').
    by_id = {item["id"]: json.dumps(item, ensure_ascii=False).lower() for item in items}
    for work in bib.works.values():
        converted = by_id.get(work.key)
        if converted is None:
            found.append(Diagnostic("ED600", work.loc, f"pandoc could not read the entry '{work.key}'",
                                    "compare it with an entry that works; the entry is not in the "
                                    "bibliography until it is fixed"))
            continue
        for name, arg, loc in work.commands:
            if arg.strip().lower() not in converted:
                found.append(Diagnostic(
                    "ED607", loc, f"pandoc does not know the LaTeX command '\\{name}' and would drop "
                    f"'{arg.strip()}' with it", "write the text without the command, or use one pandoc "
                    "knows, such as \\emph, \\textit, \\textbf, \\textsc or \\url"))
    return found


def plain_field(bib: Bibliography, key: str, name: str) -> str | None:
    """A field as its entry writes it, with the braces that keep capitals
    removed: the title as printed, which pandoc's reading changes to sentence
    case.  None where LaTeX commands need pandoc to read them."""
    entry = bibtexparser.parse_string(bib.readable, parse_stack=[]).entries_dict.get(key)
    field = entry.fields_dict.get(name) if entry is not None else None
    if field is None or "\\" in str(field.value):
        return None
    value = str(field.value).strip()
    value = value[1:-1] if value[:1] == "{" and value[-1:] == "}" or value[:1] == '"' == value[-1:] else value
    return re.sub(r"\s+", " ", value.replace("{", "").replace("}", "").replace("---", "—").replace("--", "–"))
