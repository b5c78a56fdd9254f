"""A deterministic synthetic edition, for measuring the generator at scale.

`write_edition(root, docs)` writes a complete MkDocs project: `docs` documents
of two printed pages each, with lines, hyphenation, apparatus marks, the
source's notes with `::cites`, editorial notes, citations in the editorial
prose (five per document, of a bibliography of 2,000 entries), references
to pages inside and outside the edition, and five mentions and one date per
document, of a register of 500 entries.  Nothing is random: the same
arguments give the same files, byte for byte.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = 2000
CITATIONS_PER_DOC = 5
REGISTER = 500  # entries: people, places, organisations, events
MENTIONS_PER_DOC = 5
TYPES = ("person", "place", "organisation", "event")
SECTION = 50  # documents per navigation section

WORDS = ("the consul reported that arrests continued in the city while the garrison was moved to the "
         "villages and the railway stood idle for many days before orders came from Moscow about the "
         "frontier and the lake where the two armies met in the summer of that year").split()


def bib_entry(i: int) -> str:
    """One of three kinds of entry, as reference managers write them."""
    kind = i % 3
    if kind == 0:
        return (f"@article{{w{i},\n  author = {{Author{i}, Anna and Second, B{{\\'e}}la}},\n"
                f"  title = {{On the {{Far East}}, part {i}}},\n  journaltitle = {{Journal {i % 40 + 1}}},\n"
                f"  volume = {{{i % 40 + 1}}},\n  date = {{19{i % 100:02d}}},\n  pages = {{1--{i + 1}}},\n}}\n")
    if kind == 1:
        return (f"@book{{w{i},\n  author = {{Авторов{i}, Иван}},\n  title = {{Книга {i}}},\n"
                f"  location = {{Moscow}},\n  publisher = {{Nauka}},\n  date = {{19{i % 100:02d}}},\n"
                f"  langid = {{russian}},\n}}\n")
    return (f"@misc{{w{i},\n  title = {{Fond {i % 40 + 1}, opis' {i}}},\n  institution = {{RGVA}},\n"
            f"  unverified = {{Contents unknown.}},\n}}\n")


def register_entry(j: int) -> str:
    """An entry with a variant in Latin script and one in Cyrillic; events have dates."""
    kind = TYPES[j % len(TYPES)]
    out = (f"- id: e{j}\n  type: {kind}\n  name: Name {j}\n  variants: [Nome {j}, Имя {j}]\n"
           f"  description: A synthetic entry.\n  source: the synthetic edition\n")
    return out + (f"  date: 1938-07-{j % 28 + 1:02d}\n" if kind == "event" else "")


def line(doc: int, n: int) -> str:
    start = (doc * 7 + n * 3) % len(WORDS)
    return " ".join(WORDS[(start + k) % len(WORDS)] for k in range(12))


def document(i: int, citations: bool, mentions: bool = True) -> str:
    """Document i: two printed pages (2i+1, 2i+2) of book i // 50, 20 lines each."""
    book, first = i // SECTION, 2 * (i % SECTION) + 1

    def cite(k: int, locator: str) -> str:
        return f" [@w{(i * CITATIONS_PER_DOC + k) % ENTRIES}, {locator}]" if citations else ""

    out = [f"""---
title: Document {i:04d}, pp. {first}–{first + 1}
source:
  type: book
  title: Book {book}
  authors: [A. Author]
  date: "1938"
  language: en
witness: a synthetic page
editors: [The benchmark]
transcribed: 2026-11-21
---

## Introduction

This synthetic document is number {i}; it tells of arrests in the city{cite(0, "12")}
and of the frontier{cite(1, "3–4")}. A later study disagrees.[^ed-later]

::text lines
"""]
    for page in (first, first + 1):
        out.append(f"::page {page}")
        for n in range(1, 21):
            text = line(i, page * 20 + n)
            if n == 3:
                text = text.replace("the ", "{ligature: rst -> first} ", 1)
            if n == 5:
                text += f" (see [p. {first + 1 if page == first else 400 + i % 7}](page:{first + 1 if page == first else 400 + i % 7}))"
            if n == 7:
                text += f".[^{page * 10}]"
            if n == 11:
                text = text.rsplit(" ", 1)[0] + " gar-"
            if n == 12:
                text = "rison " + text
            if n == 15:
                text = text.replace("the ", "{sic: teh -> the | a misprint} ", 1)
            if mentions and page == first and n in (2, 4, 6, 8, 10):  # five mentions
                word, rest = text.split(" ", 1)
                text = f"[{word}]{{@e{(i * MENTIONS_PER_DOC + n // 2 - 1) % REGISTER}}} {rest}"
            if mentions and page == first and n == 9:
                text += " [in July 1938]{date 1938-07}"
            out.append(text)
        out.append("")
    out.append("")
    for page in (first, first + 1):
        out.append(f"[^{page * 10}]: Archive file {i}, sheet {page}.")
    out.append("")
    if citations:
        out.append(f"::cites {first * 10} [@w{(i * CITATIONS_PER_DOC + 2) % ENTRIES}, fols. {first}–{first + 1}]")
        out.append("")
    out.append(f"[^ed-later]: See the later study{cite(3, '88')}, and the first again{cite(4, '13')}.")
    return "\n".join(out) + "\n"


def mkdocs_yml(docs: int, edition: bool) -> str:
    """The project's configuration; without the edition, plain Material with the same navigation.

    Documents sit in a "Texts" section, a subsection of 50 per book, as an
    edition of a thousand documents would group them: with
    `navigation.prune`, a page carries the list of books and its own
    book's documents, not the whole edition.
    """
    books = []
    for s in range(0, docs, SECTION):
        items = "\n".join(f"          - texts/d{i:04d}.md" for i in range(s, min(s + SECTION, docs)))
        books.append(f"      - Book {s // SECTION}:\n{items}")
    if edition:
        setup = textwrap.dedent("""\
            theme:
              name: material
              features: [navigation.sections, navigation.prune]
            markdown_extensions:
              - edition.extension:
                  bibliography: bibliography.bib
                  anchors: false   # no register of published addresses yet (see manual/docs/performance.md)
                  published: false  # nor of published texts
              - toc:
                  permalink: true
              - tables
              - admonition
              - pymdownx.superfences
            plugins: [edition]  # the generator, with Pagefind's search
            """)
    else:  # Material's own search, as a plain site has it
        setup = textwrap.dedent("""\
            theme:
              name: material
              features: [navigation.sections, navigation.prune]
            markdown_extensions:
              - footnotes
              - toc:
                  permalink: true
              - tables
              - admonition
              - pymdownx.superfences
            """)
    return (f"site_name: Synthetic edition\nsite_url: https://example.org/edition/\n{setup}"
            f"nav:\n  - index.md\n  - Texts:\n" + "\n".join(books) + "\n"
            + ("  - changelog.md\n" if edition else ""))


# Edition markup and what plain Markdown keeps of it: the text as printed.
PLAIN = (
    (re.compile(r"^::(text|page|cites)\b.*\n", re.MULTILINE), ""),
    (re.compile(r"\{ligature: \S+ -> (\S+)\}"), r"\1"),
    (re.compile(r"\{sic: (\S+) -> \S+ \| [^}]*\}"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\{(@e\d+|date [\d-]+)\}"), r"\1"),
    (re.compile(r"\[(p\. \d+)\]\(page:\d+\)"), r"\1"),
    (re.compile(r" \[@w\d+, [^\]]+\]"), ""),
)


def plain(text: str) -> str:
    """A document with the edition's markup stripped, for plain Material."""
    for pattern, replacement in PLAIN:
        text = pattern.sub(replacement, text)
    return text


def write_edition(root: Path, docs: int, *, citations: bool = True, edition: bool = True) -> None:
    """Write the synthetic project under `root`; `edition=False` writes the
    same documents, their markup stripped, for plain Material."""
    (root / "docs" / "texts").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs_yml(docs, edition), encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Synthetic edition\n", encoding="utf-8")
    for i in range(docs):
        text = document(i, citations)
        (root / "docs" / "texts" / f"d{i:04d}.md").write_text(text if edition else plain(text), encoding="utf-8")
    if not edition:
        return
    (root / "register.yml").write_text("\n".join(register_entry(j) for j in range(REGISTER)), encoding="utf-8")
    (root / "docs" / "changelog.md").write_text("# Changelog\n\n## 1.0.0 — 2026-11-21\n\nThe first version.\n",
                                                encoding="utf-8")
    entries = ENTRIES if citations else 0
    (root / "bibliography.bib").write_text("\n".join(bib_entry(i) for i in range(entries)), encoding="utf-8")
