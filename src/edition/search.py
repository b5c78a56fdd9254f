"""Search: Pagefind's index of the built site, and the register's names in it.

Pagefind indexes each page as the site is built (in a process of its own,
on another core) and splits its index into chunks, so the first query
downloads a few hundred kilobytes, not the whole edition (Material's lunr
index at 1,000 documents is 13 MB); it folds diacritics itself ("Blucher"
finds "Blücher").  What it cannot know is that "Блюхер" and "Blyukher" are
the same man as "Blukher": every source's page carries, hidden, every name
of each register entry it names, so that any of them finds the page (an
entry's own page shows all its names).
"""

from __future__ import annotations

import base64
import functools
import json
import re
import subprocess
import threading
from collections.abc import Callable
from html import escape
from pathlib import Path

from pagefind.service import get_executable

from .register import Register, fold

IGNORE = "data-pagefind-ignore"  # an element search leaves out (markers, page numbers, boxes)
OUTPUT = "pagefind"  # the index's folder in the site
BODY, BODY_END = "<div data-pagefind-body", "<!--/data-pagefind-body-->"  # theme/main.html
_LANG_RE = re.compile(r'<html\b[^>]*?\blang="([^"]*)"')
ALIAS_WEIGHT = 10  # Pagefind's highest; assets/search.js tells results found by it alone

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
    """Pagefind failed, or could not be started; the message is its own."""


class Indexer:
    """Pagefind, in a process of its own, given each page as it is written,
    so that it indexes on another core while the site is built; `write`
    writes the index.  (Pagefind's "service" mode: each message is base64
    of JSON, followed by a comma, both ways.)"""

    def __init__(self) -> None:
        executable = get_executable()  # Pagefind's own lookup: PAGEFIND_BINARY_PATH, its wheels, PATH
        if executable is None:
            raise SearchIndexError("the Pagefind program is not installed: pip install 'pagefind[bin]'")
        try:
            self.process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        except OSError as err:
            raise SearchIndexError(f"{executable}: {err}") from None
        self.sent = 0
        self.answers: dict[int, dict] = {}
        self.output = b""  # what Pagefind printed that is not an answer
        self.answered = threading.Condition()
        self.reader = threading.Thread(target=self._read, name="edition-pagefind", daemon=True)
        self.reader.start()
        try:  # the "¶" after every heading is no word of the text
            self.index_id = self._ask({"type": "NewIndex", "config": {"exclude_selectors": [".headerlink"]}})["index_id"]
        except SearchIndexError:
            self.close()
            raise

    def add(self, html: str, url: str) -> None:
        """Give Pagefind a page (`url` from the site's root, '/texts/…/');
        a problem with it is raised by `write`.  Of a page with the
        searchable element of theme/main.html only what Pagefind reads
        is sent, its language and that element: half of a document's page,
        and the same index, byte for byte.  Any other page is sent whole, and
        Pagefind treats it as its own rules say (it leaves it out while other
        pages have the element)."""
        start, end = html.find(BODY), html.rfind(BODY_END)  # the template's own: before and after the content
        if 0 <= start < end:
            lang = _LANG_RE.search(html)
            html = f'<html lang="{lang[1] if lang else ""}"><body>{html[start:end]}</body></html>'
        self._send({"type": "AddFile", "index_id": self.index_id, "url": url, "file_contents": html})

    def write(self, site: Path, meanwhile: Callable[[], None] = lambda: None) -> None:
        """Write the index into `site/pagefind/`, once every page is given,
        calling `meanwhile` while Pagefind builds it; end the process.
        Pagefind hands its files over rather than writing them itself: in
        this mode it may end before its last file is written."""
        files = self._ask({"type": "GetFiles", "index_id": self.index_id}, meanwhile)["files"]
        if problems := [a["message"] for a in self.answers.values() if a.get("type") == "Error"]:
            raise SearchIndexError("; ".join(dict.fromkeys(problems)))
        self.close()
        for folder in {(site / OUTPUT / file["path"]).parent for file in files}:  # a few, for 1,600 files
            folder.mkdir(parents=True, exist_ok=True)
        for file in files:
            (site / OUTPUT / file["path"]).write_bytes(base64.b64decode(file["content"]))

    def close(self) -> None:
        """End the process (also when the build failed before `write`)."""
        try:
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            self.process.kill()

    def _send(self, payload: dict) -> int:
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode()
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")
            self.process.stdin.flush()
        except BrokenPipeError:
            raise SearchIndexError(self._ended()) from None
        return self.sent

    def _ask(self, payload: dict, meanwhile: Callable[[], None] = lambda: None) -> dict:
        """Send a message and wait for its answer, calling `meanwhile` before waiting."""
        message_id = self._send(payload)
        meanwhile()
        with self.answered:
            while message_id not in self.answers:
                if not self.answered.wait(timeout=1) and self.process.poll() is not None:
                    raise SearchIndexError(self._ended())
        answer = self.answers[message_id]
        if answer.get("type") == "Error":
            raise SearchIndexError(answer["message"])
        return answer

    def _read(self) -> None:
        """Collect Pagefind's answers as they come (unread, they would stop it)."""
        pending = b""
        while chunk := self.process.stdout.read1(1 << 16):
            *messages, pending = (pending + chunk).split(b",")
            for message in messages:
                try:
                    answer = json.loads(base64.b64decode(message))
                except ValueError:  # not a message: something Pagefind printed
                    self.output += message
                    continue
                with self.answered:
                    self.answers[answer.get("message_id") or 0] = answer["payload"]
                    self.answered.notify_all()
        self.output += pending

    def _ended(self) -> str:
        self.process.wait()
        self.reader.join(timeout=10)  # what it said last
        said = self.output.decode(errors="replace").strip()
        return f"Pagefind stopped (exit status {self.process.returncode}){': ' + said if said else ''}"
