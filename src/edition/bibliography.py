"""The edition's bibliography: `bibliography.bib`, checked with its own line numbers.

bibtexparser reads the file to find every entry and every mistake with its
line; pandoc (see `citeproc.py`) converts it to CSL-JSON for formatting, as
it reads real-world BibTeX and BibLaTeX best (LaTeX escapes, `@string`,
crossref, `date`, `journaltitle`, `location`).  An entry may carry an
`unverified` field: what the editors could not confirm, shown to readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from .diagnostics import Diagnostic, Loc

_KEY_RE = re.compile(r"[\w][\w:.#$%&\-+?<>~/]*")  # what pandoc accepts after '@'


@dataclass(frozen=True, slots=True)
class Work:
    key: str
    type: str
    loc: Loc
    unverified: str = ""


@dataclass(frozen=True, slots=True)
class Bibliography:
    path: str
    text: str
    works: dict[str, Work]


def read_bibliography(text: str, path: str) -> tuple[Bibliography, list[Diagnostic]]:
    library = bibtexparser.parse_string(text)
    works: dict[str, Work] = {}
    diagnostics: list[Diagnostic] = []
    for block in library.blocks:
        loc = Loc(path, block.start_line + 1)
        if isinstance(block, DuplicateBlockKeyBlock):
            first = works.get(block.key)
            diagnostics.append(Diagnostic(
                "ED601", loc, f"the key '{block.key}' is given twice" + (f" (first at {first.loc})" if first else ""),
                "give each work its own key; if both entries are the same work, delete one"))
        elif isinstance(block, ParsingFailedBlock):
            diagnostics.append(Diagnostic(
                "ED600", loc, "this entry cannot be read",
                "check its braces and quotes, and that every field ends with a comma; "
                "the entry is not in the bibliography until it is fixed"))
        elif isinstance(block, Entry):
            if not _KEY_RE.fullmatch(block.key):
                diagnostics.append(Diagnostic(
                    "ED600", loc, f"the entry '@{block.entry_type}' has no usable key ('{block.key}')",
                    "write a key after the brace, e.g. '@article{Berton1993,'; letters, digits and _ : . - / "))
                continue
            unverified = block.fields_dict.get("unverified")
            works[block.key] = Work(block.key, block.entry_type.lower(), loc,
                                    str(unverified.value).strip("{}") if unverified else "")
    return Bibliography(path, text, works), diagnostics
