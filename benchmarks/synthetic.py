"""A deterministic synthetic edition, for measuring the generator at scale.

`write_edition(root, docs)` writes a complete MkDocs project: `docs` documents
of one to four printed pages each, with lines, hyphenation, apparatus marks,
the source's notes with `::cites`, editorial notes, citations in the
editorial prose (five per document, of a bibliography of 2,000 entries),
references to pages inside and outside the edition, and five mentions and
one date per document, of a register of 500 people, places, organisations
and events named with diacritics and in Cyrillic.

The text is realistic in what search and compression see: words drawn by
their real frequencies (the `wordfreq` package's lists: `pip install
wordfreq`) in English, with a Russian or Ukrainian passage every fifteen
lines, so that the vocabulary grows with the edition as real prose does.
Pseudo-random, from a seed: the same arguments give the same files, byte
for byte.
"""

from __future__ import annotations

import functools
import random
import re
import textwrap
from pathlib import Path

from wordfreq import top_n_list, word_frequency

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = 2000
CITATIONS_PER_DOC = 5
REGISTER = 500  # entries: people, places, organisations, events
MENTIONS_PER_DOC = 5
TYPES = ("person", "place", "organisation", "event")
SECTION = 50  # documents per navigation section

SEED = "moscow-and-tokyo"
QUERY = "frontier"  # a word every document has (its first line): the most results a query can have
GIVEN = ("Vasily", "Mikhail", "Genrikh", "Hiroaki", "Oleh", "Jiří", "Łukasz", "Sōichi", "Grigorii", "Ana")
SURNAMES = ("Blyukher", "Frinovsky", "Lyushkov", "Kuromiya", "Dvořák", "Wałęsa", "Ōshima", "Mamoulia",
            "Krivosheev", "Parkhitko", "Tukhachevsky", "Stern", "Štefánik", "Müller", "Yegorov", "Tōgō")
CYRILLIC = str.maketrans({"a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и",
                          "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с",
                          "t": "т", "u": "у", "f": "ф", "h": "х", "y": "ы", "ř": "рж", "ł": "л", "ō": "о",
                          "ü": "ю", "š": "ш", "á": "а", "í": "и", "ě": "е", "ę": "е", "j": "й", "c": "ц"})


# The web's word lists hold its obscenities; a historian's edition holds few, and the figures need none.
_CRUDE = re.compile("fuck|shit|cunt|bitch|nigg|porn|dick|pussy|whore|slut|bastard|asshole")


@functools.cache
def vocabulary(language: str, size: int) -> tuple[list[str], list[float]]:
    """The `size` most frequent words of a language, with their frequencies (wordfreq)."""
    words = [w for w in top_n_list(language, size) if w.isalpha() and not _CRUDE.search(w)]
    return words, [word_frequency(w, language) for w in words]


def words(rng: random.Random, n: int, language: str = "en") -> str:
    vocab, weights = vocabulary(language, 30000 if language == "en" else 10000)
    return " ".join(rng.choices(vocab, weights, k=n))


def name(j: int) -> str:
    """A register entry's name: a person's given name and surname, with diacritics."""
    return f"{GIVEN[j % len(GIVEN)]} {SURNAMES[(j // len(GIVEN)) % len(SURNAMES)]}"


def pages(i: int) -> int:
    """How many printed pages document i has: one to four."""
    return 1 + (i * 7919) % 4


def first_page(i: int) -> int:
    """Document i's first page in its book (books of SECTION documents)."""
    return 1 + sum(pages(k) for k in range(i - i % SECTION, i))


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
    """An entry named with diacritics, with a variant without them and one in Cyrillic; events have dates."""
    kind = TYPES[j % len(TYPES)]
    plain_name = name(j).translate(str.maketrans("řłōüšáíěęŁŠŌ", "rlousaieeLSO"))
    variants = sorted({plain_name, name(j).lower().translate(CYRILLIC).title()} - {name(j)})
    out = (f"- id: e{j}\n  type: {kind}\n  name: {name(j)}\n  variants: [{', '.join(variants)}]\n"
           f"  description: A synthetic entry, number {j}.\n  source: the synthetic edition\n")
    return out + (f"  date: 1938-07-{j % 28 + 1:02d}\n" if kind == "event" else "")


def document(i: int, citations: bool, mentions: bool = True) -> str:
    """Document i: pages(i) printed pages of book i // SECTION, 20 lines each."""
    book, first = i // SECTION, first_page(i)
    last = first + pages(i) - 1
    rng = random.Random(f"{SEED}-{i}")

    def cite(k: int, locator: str) -> str:
        return f" [@w{(i * CITATIONS_PER_DOC + k) % ENTRIES}, {locator}]" if citations else ""

    out = [f"""---
title: Document {i:04d}, pp. {first}–{last}
source:
  type: book
  title: Book {book}
  authors: [A. Author]
  date: "1938"
  language: en
witness: a synthetic page
transcribed: 2026-11-21
---

## Introduction

This synthetic document is number {i}; it tells of arrests in the city{cite(0, "12")}
and of the frontier{cite(1, "3–4")}. A later study disagrees.[^ed-later]

::text lines
"""]
    for page in range(first, last + 1):
        out.append(f"::page {page}")
        for n in range(1, 21):
            if n % 15 == 0:  # a passage in Russian or Ukrainian
                text = words(rng, 10, "ru" if (i + n) % 2 else "uk")
            else:
                text = words(rng, 12)
            if page == first and n == 1:
                text = f"{QUERY} {text}"
            if n == 3:
                text = text.replace(" ", " {ligature: rst -> first} ", 1)
            if n == 5:
                target = page + 1 if page < last else 900 + i % 7  # a page of the edition, or one outside it
                text += f" (see [p. {target}](page:{target}))"
            if n == 7:
                text += f".[^{page * 10}]"
            if n == 11:
                text += " gar-"
            if n == 12:
                text = "rison " + text
            if n == 14:
                text = text.replace(" ", " {sic: teh -> the | a misprint} ", 1)
            if mentions and page == first and n in (2, 4, 6, 8, 10):  # five mentions
                j = (i * MENTIONS_PER_DOC + n // 2 - 1) % REGISTER
                text = f"[{name(j)}]{{@e{j}}} {text}"
            if mentions and page == first and n == 9:
                text += " [in July 1938]{date 1938-07}"
            out.append(text)
        out.append("")
    out.append("")
    for page in range(first, last + 1):
        out.append(f"[^{page * 10}]: Archive file {i}, sheet {page}.")
    out.append("")
    if citations:
        out.append(f"::cites {first * 10} [@w{(i * CITATIONS_PER_DOC + 2) % ENTRIES}, fols. {first}–{last}]")
        out.append("")
    out.append(f"[^ed-later]: See the later study{cite(3, '88')}, and the first again{cite(4, '13')}.")
    return "\n".join(out) + "\n"


def mkdocs_yml(docs: int, edition: bool) -> str:
    """The project's configuration; without the edition, plain Material with the same navigation.

    Documents sit in a "Texts" section as an archive groups them: books of
    50 documents, collections of ten books, series of ten collections.  With
    `navigation.prune`, a page carries only the path to itself: the series,
    its series' collections, its collection's books and its book's
    documents, so the navigation on a page grows with the logarithm of the
    edition, not with the edition.
    """
    return (f"site_name: Synthetic edition\nsite_url: https://example.org/edition/\n{_setup(edition)}"
            f"nav:\n  - index.md\n  - Texts:\n" + "\n".join(_nav(range(docs)))
            + ("\n  - changelog.md\n" if edition else "\n"))


FANOUT = 10  # books in a collection, collections in a series
LEVELS = ("Series", "Collection", "Book")


def _nav(docs: range, depth: int = 0) -> list[str]:
    """The navigation's lines for `docs`: sections of LEVELS[depth] and below, down to the documents."""
    pad = " " * (6 + 2 * depth)
    if depth == len(LEVELS):
        return [f"{pad}- texts/d{i:04d}.md" for i in docs]
    size = SECTION * FANOUT ** (len(LEVELS) - 1 - depth)
    lines = []
    for start in range(docs.start, docs.stop, size):
        lines.append(f"{pad}- {LEVELS[depth]} {start // size}:")
        lines += _nav(range(start, min(start + size, docs.stop)), depth + 1)
    return lines


def _setup(edition: bool) -> str:
    if edition:
        return textwrap.dedent("""\
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
    # Material's own search, as a plain site has it
    return textwrap.dedent("""\
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
