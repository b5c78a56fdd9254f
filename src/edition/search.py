"""Search that knows the register: every name of an entry finds its passages.

Material's search (lunr) matches words as written: "Blucher" does not find
"Blücher", "Khasan" does not find "Hassan".  Each section of the search
index gets a field of *aliases*: every name and spelling of each register
entry the section names (under any of them), and the section's words
without their diacritics.  The text readers see in results is untouched.
"""

from __future__ import annotations

import re

from .register import Register, fold

_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
_TAG_RE = re.compile(r"<[^>]+>")


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(fold(text))


class Aliases:
    """Finds the register's entries named in a text, by whole words."""

    def __init__(self, register: Register) -> None:
        self.names: dict[tuple[str, ...], set[str]] = {}  # a name as folded words -> entries so named
        for entity in register.entities.values():
            for name in entity.names:
                self.names.setdefault(tuple(_words(name)), set()).add(entity.id)
        self.register = register
        self.longest = max((len(n) for n in self.names), default=0)

    def of(self, text: str) -> str:
        """The aliases of a section of text: all names of every entry it
        names, and its words as they read without diacritics."""
        plain = _TAG_RE.sub(" ", text)
        words = _words(plain)
        found: set[str] = set()
        for i in range(len(words)):
            for n in range(1, self.longest + 1):
                found |= self.names.get(tuple(words[i:i + n]), set())
        names = [name for entity_id in sorted(found) for name in self.register.entities[entity_id].names]
        undotted = [fold(w) for w in _WORD_RE.findall(" ".join([plain, *names])) if fold(w) != w.casefold()]
        return " ".join(dict.fromkeys([*names, *undotted]))
