"""Search: Pagefind's index of the built site, and the register's names in it.

Pagefind indexes the site after it is built and splits its index into
chunks, so the first query downloads a few hundred kilobytes, not the whole
edition (Material's lunr index at 1,000 documents is 13 MB); it folds
diacritics itself ("Blucher" finds "Blücher").  What it cannot know is that
"Блюхер" and "Blyukher" are the same man as "Blukher": every source's page
carries, hidden, every name of each register entry it names, so that any
of them finds the page (an entry's own page shows all its names).
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from collections.abc import Callable
from html import escape
from pathlib import Path

from .register import Register, fold

IGNORE = "data-pagefind-ignore"  # an element search leaves out (markers, page numbers, boxes)
OUTPUT = "pagefind"  # the index's folder in the site
ALIAS_WEIGHT = 10  # Pagefind's highest

_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
_TAG_RE = re.compile(r"<[^>]+>")


def _words(text: str) -> list[str]:
    # Folded before it is cut into words: 'Блю́хер' (a stress mark) is one word, 'блюхер'.
    return _WORD_RE.findall(" ".join(_folded(part) for part in text.split()))


@functools.lru_cache(maxsize=1 << 16)
def _folded(part: str) -> str:
    """A piece of text between spaces folded once, not at each of its many uses in a build."""
    return fold(part)


class Aliases:
    """Finds the register's entries named in a text, by whole words."""

    def __init__(self, register: Register) -> None:
        self.names: dict[tuple[str, ...], set[str]] = {}  # a name as folded words -> entries so named
        for entity in register.entities.values():
            for name in entity.names:
                self.names.setdefault(tuple(_words(name)), set()).add(entity.id)
        self.register = register
        self.lengths: dict[str, set[int]] = {}  # a name's first word -> how many words such names have
        for name in self.names:
            if name:
                self.lengths.setdefault(name[0], set()).add(len(name))

    def of(self, html: str) -> list[str]:
        """Every name of every entry the text names, under any of its names."""
        words = _words(_TAG_RE.sub(" ", html))
        found: set[str] = set()
        for i, word in enumerate(words):
            for n in self.lengths.get(word, ()):
                found |= self.names.get(tuple(words[i:i + n]), set())
        return list(dict.fromkeys(name for entity_id in sorted(found)
                                  for name in self.register.entities[entity_id].names))

    def html(self, html: str) -> str:
        """The names, hidden from readers and screen readers, for the index;
        weighed as much as Pagefind allows, as a title would be, so that a
        source naming Blukher comes before a page that merely says "Blücher"."""
        names = self.of(html)
        return (f'<p class="aliases" hidden data-pagefind-weight="{ALIAS_WEIGHT}">{escape(" · ".join(names))}</p>\n'
                if names else "")


class SearchIndexError(Exception):
    """Pagefind failed; the message is its own output."""


def index(site: Path, meanwhile: Callable[[], None] = lambda: None) -> str:
    """Index the built site into `site/pagefind/`, calling `meanwhile` while
    Pagefind works (in its own process); returns Pagefind's summary."""
    pagefind = subprocess.Popen([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", OUTPUT,
                                 "--exclude-selectors", ".headerlink"],  # the "¶" after every heading
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        meanwhile()
    finally:
        out, err = pagefind.communicate()  # its output is the message
    if pagefind.returncode:
        raise SearchIndexError((err or out).strip())
    return out
