"""Search: Pagefind's index of the built site, and the register's names in it.

Pagefind indexes each page as the site is built (in a process of its own,
on another core) and splits its index into chunks, so the first query
downloads a few hundred kilobytes, not the whole edition (Material's lunr
index at 1,000 documents is 13 MB); it folds diacritics itself ("Blucher"
finds "Blücher").  What it cannot know is that "Блюхер" and "Blyukher" are
the same man as "Blukher": every source's page carries, hidden, every name
of each register entry it names, so that any of them finds the page (an
entry's own page shows all its names).

Only the source's own words count: the names are those the transcription
and the source's notes mention, never the editors' introduction, apparatus
or notes, and each entry's names lead to the first passage naming it.
What Pagefind is given of a page (`for_index`) is the page as written,
with what search needs: the page's kind (sources, register, editorial
pages) as metadata, by which results are filtered, the editors' words on a source's page weighed at half
the source's, the ids of its lines, paragraphs, notes and headings only (the
passages a result links to: assets/search.js), the names of the passages
(the cite box's) as metadata, and the register's and chronology's snippets
of context left out (a fragment of another passage is no match).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import sqlite3
import subprocess
import threading
from collections.abc import Callable, Iterable
from html import escape, unescape
from pathlib import Path, PurePosixPath
from typing import Any

from pagefind.service import get_executable

from . import cache
from .register import Register, fold
from .sitefiles import CHRONOLOGY, REGISTER

IGNORE = "data-pagefind-ignore"  # an element search leaves out (markers, page numbers, boxes)
OUTPUT = "pagefind"  # the index's folder in the site
ENTRY = "pagefind-entry.json"  # in it: what the other files are
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
        # What the names found in a page depend on, besides the page: a page's are kept under it.
        self.signature = hashlib.sha256(json.dumps(
            sorted((e.id, e.names) for e in register.entities.values()), ensure_ascii=False).encode()).hexdigest()
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

    def first_passages(self, html: str) -> dict[str, str]:
        """The entries the source's own text names (its transcription and its
        notes, not the editors' introduction, apparatus or notes), each with
        the first passage naming it (a line's, paragraph's or note's id):
        the entries it marks as mentions, then those whose names its words
        spell."""
        reader = _SourceText()
        reader.read(html)
        found: dict[str, str] = {}
        for entity_id, passage in reader.mentions:
            if entity_id in self.register.entities:
                found.setdefault(entity_id, passage)
        for passage, text in reader.texts.items():
            for entity_id in self._named(text):
                found.setdefault(entity_id, passage)
        return found

    def _named(self, text: str) -> list[str]:
        words = _words(text)
        found: set[str] = set()
        for i, word in enumerate(words):
            for n in self.lengths.get(word, ()):
                found |= self.names.get(tuple(words[i:i + n]), set())
        return sorted(found)

    def html(self, html: str) -> str:
        """The names, hidden from readers and screen readers, for the index;
        weighed as much as Pagefind allows, as a title would be, so that a
        source naming Blukher comes before a page that merely says "Blücher".
        Each entry's names carry the first passage naming it, where a result
        found by them leads (`for_index` makes that an anchor of the index)."""
        groups = [f'<span {PASSAGE_ATTR}="{escape(passage)}">'
                  f'{escape(" · ".join(self.register.entities[entity_id].names))}</span>'
                  for entity_id, passage in self.first_passages(html).items()]
        return (f'<p class="aliases" hidden data-pagefind-weight="{ALIAS_WEIGHT}">{" · ".join(groups)}</p>\n'
                if groups else "")


# --- The source's own text, and its passages ---------------------------------------------------

SOURCE_SECTIONS = frozenset({"transcription", "author-notes"})  # the source's text and its own notes
# Elements with an id that are no passage: marks within a line (apparatus, hyphens, note markers),
# page furniture and breaks, the view switch, the cite box, the sections themselves.
NOT_PASSAGE_CLASSES = frozenset({"app", "hy", "note-ref", "footnote-ref", "footnote-backref", "fw", "pb",
                                 "headerlink", "view-switch", "cite", "mention", "mention-group"})
NOT_PASSAGE_TAGS = frozenset({"section", "details", "summary", "sup", "sub", "a", "button", "input", "label",
                              "form", "nav", "script", "style", "template", "svg"})
PASSAGE_ATTR = "data-search-passage"  # on the hidden names: the passage they lead to
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                  "wbr", "param"})


def is_passage(tag: str, classes: set[str]) -> bool:
    """Whether an element with an id is a passage a search result may lead
    to: a line (its milestone), a paragraph, note, heading, figure, entry."""
    return tag not in NOT_PASSAGE_TAGS and not classes & NOT_PASSAGE_CLASSES


# A tag (its slash, name and attributes), or a comment or declaration, in HTML the edition wrote.
_MARKUP_RE = re.compile(r"""<(/?)([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<!--.*?-->|<[!?][^>]*>""", re.S)
_ATTRIBUTE_RE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


class _SourceText:
    """The mentions and words of the source's own text in a page, by passage
    (the id of the last passage begun before them); what search leaves out
    (data-pagefind-ignore: the diplomatic forms, note markers, furniture) is
    left out here too.  `read` takes the edition's own HTML apart as
    Python's HTMLParser did, by one pattern, in 60 % of its time (the
    register's names for search took 2.6 s of a first build at 1,000
    documents, 1.9 s now; the same passages and text on every page of the
    synthetic edition and this one)."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, bool, bool]] = []  # tag, begins the source's text, begins left-out text
        self.source = 0  # how deep in the source's sections
        self.ignored = 0  # how deep in what search leaves out
        self.passage = ""
        self.mentions: list[tuple[str, str]] = []  # entity id, passage
        self.texts: dict[str, str] = {}  # passage -> its text

    def read(self, html: str) -> None:
        done = 0
        for m in _MARKUP_RE.finditer(html):
            if m.start() > done:
                self.handle_data(unescape(html[done:m.start()]))
            done = m.end()
            if m[2] is None:  # a comment or declaration
                continue
            if m[1]:
                self.handle_endtag(m[2].lower())
                continue
            # An attribute without a value is "" here, as HTMLParser's None: `handle_starttag` asks only
            # whether one is there (data-pagefind-ignore) or has a value (the others).
            attrs = [(name.lower(), unescape(double or single or bare))
                     for name, double, single, bare in _ATTRIBUTE_RE.findall(m[3])] if m[3] else []
            if m[3].endswith("/"):
                self.handle_startendtag(m[2].lower(), attrs)
            else:
                self.handle_starttag(m[2].lower(), attrs)
        if done < len(html):
            self.handle_data(unescape(html[done:]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str]]) -> None:
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        begins_source = tag == "section" and bool(classes & SOURCE_SECTIONS)
        begins_ignored = "data-pagefind-ignore" in values and tag not in VOID
        if tag not in VOID:
            self.stack.append((tag, begins_source, begins_ignored))
            self.source += begins_source
            self.ignored += begins_ignored
        if not self.source or self.ignored:
            return
        if values.get("id") and is_passage(tag, classes):
            self.passage = values["id"] or ""
            self.texts.setdefault(self.passage, "")
        if "mention" in classes and values.get("data-entity"):
            self.mentions.append((values["data-entity"] or "", self.passage))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):  # what is left open ends with its parent
            if self.stack[i][0] == tag:
                for _, begins_source, begins_ignored in self.stack[i:]:
                    self.source -= begins_source
                    self.ignored -= begins_ignored
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.source and not self.ignored:
            self.texts[self.passage] = self.texts.get(self.passage, "") + data


# --- What Pagefind is given of a page ------------------------------------------------------------

SOURCE, LISTS, EDITORIAL = "source", "register", "editorial"  # the kinds of page (assets/search.js)
EDITORS_WEIGHT = 0.5  # the editors' words on a source's page: introduction, apparatus, their notes
TOP = "search:top"  # an anchor after the hidden names and before the header: the page's own beginning
NAMES_ANCHOR = "search:names:"  # + a passage's id: the names that lead to it
_TAG_NAME_RE = re.compile(r'[a-zA-Z][\w-]*(?=\s)')
_CLASS_RE = re.compile(r'\sclass="([^"]*)"')
_PASSAGE_ATTR_RE = re.compile(rf'<span {PASSAGE_ATTR}="([^"<>]*)">')
_ALIASES_RE = re.compile(r'<p class="aliases" hidden[^<>]*>.*?</p>', re.S)
_CITE_RE = re.compile(r'<details class="cite" id="cite"[^<>]*?\sdata-cite="([^"]*)"')
_SECTION_RE = re.compile(r'<section\b([^<>]*?)\sclass="([^"]*)"')
_TRANSCRIPTION_RE = re.compile(r'<section\b[^<>]*?\sclass="(?:[^"]*\s)?transcription[\s"]')


def kind(body: str, url: str) -> str:
    """A page's kind, for the filter: a source, the register's and the
    chronology's lists, or the editors' own pages."""
    path = url.strip("/")
    lists = (str(PurePosixPath(REGISTER).parent), PurePosixPath(CHRONOLOGY).stem)
    if any(path == name or path.startswith((name + "/", name + ".")) for name in lists):
        return LISTS
    return SOURCE if _TRANSCRIPTION_RE.search(body) else EDITORIAL


def for_index(body: str, url: str) -> str:
    """The searchable element of a page (`body`, from its opening tag) as
    Pagefind is to read it: see the module's doc."""
    page_kind = kind(body, url)
    opening_end = body.find(">") + 1
    opening, body = body[:opening_end], body[opening_end:]
    # The kind is metadata, which search.js filters by, not a Pagefind filter: Pagefind
    # writes its filters in no fixed order, and no two builds would be the same.
    added = ""
    body = f'<span data-pagefind-meta="kind:{page_kind}"></span>' + body
    if cite := _CITE_RE.search(body):  # the passages' names, as readers cite them
        try:
            passages = json.loads(_unescape_attribute(cite[1])).get("passages")
        except (ValueError, AttributeError):
            passages = None
        if isinstance(passages, dict) and passages:
            names = json.dumps(passages, ensure_ascii=False, separators=(",", ":"))
            added += f' data-pagefind-meta="passages:{escape(names)}"'
    body = _passage_ids_only(body)
    # The register's and chronology's context around each passage: that passage's words, not this page's.
    body = body.replace('<span class="snippet">', '<span class="snippet" data-pagefind-ignore>')
    body = _ALIASES_RE.sub(lambda m: _PASSAGE_ATTR_RE.sub(lambda n: f'<span id="{NAMES_ANCHOR}{n[1]}">', m[0])
                           + f'<span id="{TOP}"></span>', body, count=1)
    if page_kind == SOURCE:
        # The source's words (its text and notes, and what the header says of it) weigh as any
        # page's; the editors' around them half.
        body = _SECTION_RE.sub(lambda m: (f'<section{m[1]} class="{m[2]}" data-pagefind-weight="1"'
                                          if set(m[2].split()) & SOURCE_SECTIONS else m[0]), body)
        # What the header says of the source is the page's own beginning, wherever it stands.
        body = body.replace('<div class="document-meta"',
                            f'<span id="{TOP}"></span><div class="document-meta" data-pagefind-weight="1"', 1)
        if "data-pagefind-weight=" not in opening:
            added += f' data-pagefind-weight="{EDITORS_WEIGHT}"'
    return opening[:-1] + added + ">" + body


def _passage_ids_only(body: str) -> str:
    """`body` with the id of each element that is no passage (`is_passage`)
    taken out.  Found from each 'id="' back to its tag's '<' rather than by
    one pattern over every tag: that tried each of a page's some thousand
    tags character by character (0.5 s at a thousand documents, against 0.2)."""
    out, done, at = [], 0, body.find('id="')
    while at >= 0:
        value_end = body.find('"', at + 4)
        if value_end < 0:
            break
        start, end = body.rfind("<", done, at), body.find(">", value_end)
        name = _TAG_NAME_RE.match(body, start + 1) if start >= 0 else None
        if (name and end >= 0 and body[at - 1].isspace() and ">" not in body[start:value_end]
                and "<" not in body[at:end]):  # within a tag, not in the page's text
            attributes = body[name.end():at - 1] + " " + body[value_end + 1:end]
            classes = _CLASS_RE.search(attributes)
            if not is_passage(name[0].lower(), set(classes[1].split()) if classes else set()):
                out += [body[done:at - 1], body[value_end + 1:end + 1]]
                done = end + 1
        at = body.find('id="', value_end)
    return "".join(out) + body[done:] if out else body


def _unescape_attribute(value: str) -> str:
    """An attribute's value as `html.escape` wrote it, unescaped (`html.unescape`
    looks for every entity of HTML, at a fifth of the speed)."""
    for entity, char in (("&quot;", '"'), ("&#x27;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")):
        value = value.replace(entity, char)
    return value


def given(html: str, url: str) -> str:
    """What Pagefind is given of a page as written (`url` from the site's
    root).  Of a page with the searchable element of theme/main.html only
    what Pagefind reads: its language and that element as `for_index` makes
    it, half of a document's page (kept by `mkdocs serve --dirty` for the
    pages it does not write again).  Any other page whole, which Pagefind
    treats as its own rules say (it leaves it out while other pages have
    the element)."""
    start, end = html.find(BODY), html.rfind(BODY_END)  # the template's own: before and after the content
    if 0 <= start < end:
        lang = _LANG_RE.search(html)
        return f'<html lang="{lang[1] if lang else ""}"><body>{for_index(html[start:end], url)}</body></html>'
    return html


class SearchIndexError(Exception):
    """Pagefind failed, or could not be started; the message is its own."""


# Pages an index holds at most.  The index is made in parts (`part_size`),
# each by a Pagefind of its own, one after another, and the search merges
# them (Pagefind's `mergeIndex`, assets/search.js): Pagefind holds some
# 500 KB a page while it makes an index (4.8 GB at 10,000 documents in one),
# and a part kept whole spares a rebuild that changes a page elsewhere from
# indexing again.  Each part adds one chunk of its index, 10 to 25 KB, to a
# query's download.
PART = 1500
PARTS = "parts.json"  # in OUTPUT: the folders of the parts after the first, for assets/search.js
# Where there are parts, each holds a page of every word of the edition's
# files, weighing nothing (a score of 0, which assets/search.js leaves out).
# A word a part lacks would otherwise find something there all the same:
# Pagefind, finding no word that begins with the one asked, takes the
# longest word the asked one begins with ("b" for "Blyukher").
WORDS = "/pagefind/words/"


def part_size(pages: int) -> int:
    """Pages a part holds, for a site of about `pages`: as many parts as
    PART requires, of equal size (1,507 pages make two of 754, not one of
    1,500 and one of 7, whose index a query would fetch all the same)."""
    parts = max(1, -(-pages // PART))
    return max(1, -(-pages // parts))


def vocabulary(texts: Iterable[str]) -> str:
    """Every word of `texts` (split at spaces, as written), once, in order."""
    words: set[str] = set()
    for text in texts:
        words.update(text.split())
    return " ".join(sorted(words))


class Indexer:
    """The site's search index, made as the site is built: Pagefind, in a
    process of its own, is given each page as it is written, so that it
    indexes on another core; `write` writes the index.  Every `part` pages
    make an index of their own: once given, Pagefind makes it while the next
    part's pages go to another Pagefind, and ends, giving back its memory.

    With `keep`, the cache folder, each part's index is kept there with what
    it was made from: each page as given, in order (a hash of each), and
    Pagefind's version.  A part given the pages of a kept one gets the kept
    index: a rebuild holds a part's pages and does not start its Pagefind
    while each is the one given before; the first page that differs starts
    it, with every page held before it.  Pagefind's answer for the same
    pages is the same index, so a kept one is the one it would write.  An
    edit indexes again only the part of its page (and of the pages it
    changes), as long as it keeps the edition's words (see `WORDS`).  A
    part whose first difference is near its end is indexed after it (some
    3 ms a page), beside the next part's pages, or, for the last part,
    after the build.

    Where the site (`pages`) has more than one part, each part's second
    page is the page of every word (after the first page, whose language
    it takes): an edit that brings a new word into the edition, or takes
    one out, starts every part's Pagefind there, beside the build.

    A page held while it is the same as written before (`add_written`, by a
    hash of its HTML) is made into what Pagefind is given (`given`) only if
    Pagefind is started after all: making it took a rebuild with nothing
    changed 0.5 s of 6.5 at a thousand documents."""

    def __init__(self, keep: Path | None = None, pages: int = 0, part: int = 0,
                 words: Callable[[], str] = lambda: "") -> None:
        executable = get_executable()  # Pagefind's own lookup: PAGEFIND_BINARY_PATH, its wheels, PATH
        if executable is None:
            raise SearchIndexError("the Pagefind program is not installed: pip install 'pagefind[bin]'")
        self.executable = str(executable)
        self.keep, self.words = keep, words
        self.part = part or part_size(pages)  # `part`: a size other than `pages` calls for
        self.in_parts = pages > self.part  # each part to have the words page as its second
        self.words_page = ""  # made once needed
        self.lang = ""  # the pages'
        self.version = [cache.CODE, self._version()] if keep else []  # what kept indexes are found by
        self.expected: list[list[list[str]]] = []  # each kept part's pages, in order
        self.expected_written: list[list[str]] = []  # and a hash of each page's HTML as written
        made_from = self._kept("search-pages", self.version)
        if (isinstance(made_from, dict) and isinstance(made_from.get("parts"), list)
                and isinstance(made_from.get("written"), list)):
            self.expected, self.expected_written = made_from["parts"], made_from["written"]
        self.parts: list[_Part] = []
        self.stopped = False  # by `stop`: what Pagefind says after is not a problem
        self.failed: SearchIndexError | None = None  # starting a Pagefind after the first
        self._next_part()

    def _next_part(self) -> _Part:
        number = len(self.parts)
        part = _Part(*((self.expected[number], self.expected_written[number]) if number < len(self.expected)
                       else ([], [])))
        self.parts.append(part)
        if part.expected:
            part.held = []
        else:
            self._start(part)
        return part

    def _start(self, part: _Part) -> None:
        """Start a part's Pagefind, and give it the pages held so far."""
        part.service = _Service(self.executable)
        held, part.held = part.held or [], None
        for text, url, as_written in held:
            part.service.add(given(text.decode(), url) if as_written else text.decode(), url)

    def add(self, page: str, url: str) -> None:
        """Give Pagefind a page (`url` from the site's root, '/texts/…/') as
        `page` (what `given` makes of it); a problem with it is raised by
        `write`, and so is one starting Pagefind."""
        if self.failed:
            return
        try:
            part = self._part(page)
            self._add_to(part, page, url, "")
            self._words_second(part)
        except SearchIndexError as err:  # raised by `write`; not tried again for every page after
            self.failed = err

    def add_written(self, html: str, url: str) -> None:
        """Give Pagefind a page as written: `add`, with what `given` makes of
        it made only if the page is not one held as before."""
        if self.failed:
            return
        try:
            part = self._part(html)
            written = hashlib.sha256(html.encode()).hexdigest()
            at = len(part.pages)
            if (part.held is not None and at < len(part.expected) and part.expected[at][0] == url
                    and part.expected_written[at] == written):
                part.pages.append(part.expected[at])
                part.written.append(written)
                part.held.append((html.encode(), url, True))
            else:
                self._add_to(part, given(html, url), url, written)
            self._words_second(part)
        except SearchIndexError as err:
            self.failed = err

    def _part(self, page: str) -> _Part:
        """The part a page goes to: the last, or, if it is full, a new one
        once that one is given the words page and finished."""
        part = self.parts[-1]
        if len(part.pages) - part.words == self.part:  # full: its pages, beside its page of every word
            self._give_words(part)  # last, if not second (the site has more pages than it was to have)
            self._finish(part)
            part = self._next_part()
        if not self.lang and (lang := _LANG_RE.search(page)):
            self.lang = lang[1]
        return part

    def _add_to(self, part: _Part, page: str, url: str, written: str) -> None:
        """Give a part a page as Pagefind is to read it (`written`: a hash of
        the page as written, "" for one not written)."""
        encoded = page.encode()
        entry = [url, hashlib.sha256(encoded).hexdigest()]
        part.pages.append(entry)
        part.written.append(written)
        if part.held is None:
            part.service.add(page, url)
            return
        part.held.append((encoded, url, False))  # UTF-8: half what Python holds of a text with any Cyrillic in it
        if len(part.pages) > len(part.expected) or part.expected[len(part.pages) - 1] != entry:
            self._start(part)

    def _words_second(self, part: _Part) -> None:
        if self.in_parts and len(part.pages) == 1:
            self._give_words(part)

    def _give_words(self, part: _Part) -> None:
        """Give a part the page of every word (`WORDS`), unless it has it."""
        if not part.words:
            self._add_to(part, self._words_page(), WORDS, "")
            part.words = True

    def _words_page(self) -> str:
        if not self.words_page:
            self.words_page = (f'<html lang="{escape(self.lang)}"><body><div data-pagefind-body '
                               f'data-pagefind-weight="0">{escape(self.words())}</div></body></html>')
        return self.words_page

    def _finish(self, part: _Part) -> None:
        """Every page of a part is given: its kept index, or Pagefind asked for one."""
        part.files = self._kept("search-index", self._key(part)) if part.pages == part.expected else None
        if part.files is not None:
            if part.service:  # started, with nothing expected: a site of no pages
                part.service.stop()
            part.held = None
            return
        if part.service is None:
            self._start(part)
        for earlier in self.parts[:-1]:  # one index made at a time: two at once held twice the memory
            if earlier.service is not None and earlier.files is None:
                earlier.service.made()
        part.service.ask_files()

    def _key(self, part: _Part) -> list[str]:
        return [*self.version, hashlib.sha256(json.dumps(part.pages).encode()).hexdigest()]

    def write(self, site: Path, meanwhile: Callable[[], None] = lambda: None) -> None:
        """Write the index into `site/pagefind/`, the first part there and
        each after it in a folder of its own, once every page is given,
        calling `meanwhile` while Pagefind makes the last; end every process."""
        if not self.failed:
            try:
                if len(self.parts) > 1:
                    self._give_words(self.parts[-1])
                self._finish(self.parts[-1])
            except SearchIndexError as err:
                self.failed = err
        if self.failed:
            raise self.failed
        meanwhile()
        folders = [Path(OUTPUT, f"part-{number}") if number else Path(OUTPUT) for number in range(len(self.parts))]
        written: set[Path] = set()
        for part, folder in zip(self.parts, folders):
            files = part.files
            if files is None:
                files = part.service.files()
                part.service.close()  # before the index is kept: Pagefind holds most memory until it ends
                self._store("search-index", self._key(part), files)
            part.files = None  # written: no longer held
            written |= _write_files(site / folder, files)
        self._store("search-pages", self.version,
                    {"parts": [part.pages for part in self.parts], "written": [part.written for part in self.parts]})
        merged = site / OUTPUT / PARTS
        merged.with_name(PARTS + ".new").write_text(json.dumps([f"{folder.name}/" for folder in folders[1:]]))
        merged.with_name(PARTS + ".new").replace(merged)
        written.add(merged)
        for path in (site / OUTPUT).rglob("*"):  # an earlier index's, which no page leads to
            if path.is_file() and path not in written:
                path.unlink()

    def _store(self, kind: str, parts: list[str], value: Any) -> None:
        if self.keep:
            try:
                cache.store(self.keep, kind, parts, value)
            except sqlite3.DataError:  # over SQLite's 1 GB a row: made again next time
                pass

    def _kept(self, kind: str, parts: list[str]) -> Any:
        """A result kept with the index (`cache.load`), or None."""
        if not self.keep:
            return None
        try:
            return cache.load(self.keep, kind, parts)
        except ValueError:  # not what `cache.store` wrote: made again, and replaced
            return None

    def _version(self) -> str:
        """What Pagefind says it is ("pagefind 1.5.2"): another version may index otherwise."""
        try:
            said = subprocess.run([self.executable, "--version"], stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=60)
        except (OSError, subprocess.SubprocessError) as err:
            raise SearchIndexError(f"{self.executable} --version: {err}") from None
        return said.stdout.decode(errors="replace").strip() + f" ({said.returncode})"

    def stop(self) -> None:
        """End every Pagefind before it is done: the index is no longer wanted."""
        self.stopped = True
        for part in self.parts:
            if part.service:
                part.service.stop()

    def close(self) -> None:
        """End every process (also when the build failed before `write`)."""
        for part in self.parts:
            if part.service:
                part.service.close()


class _Part:
    """Pages of the site that make one index, and how it is made."""

    def __init__(self, expected: list[list[str]], expected_written: list[str]) -> None:
        self.expected = expected  # the pages the kept index of this part was made from
        self.expected_written = expected_written  # a hash of each as written ("": not written)
        self.pages: list[list[str]] = []  # each page given: its address and a hash of what it was given
        self.written: list[str] = []  # a hash of each as written
        self.words = False  # whether the words page is among them
        # While they are the pages expected, Pagefind is not started: each page as it is to be
        # given, or as written (True), to be made into that if Pagefind is started.
        self.held: list[tuple[bytes, str, bool]] | None = None
        self.service: _Service | None = None
        self.files: list[dict] | None = None  # the kept index, once every page is given


def _write_files(folder: Path, files: list[dict]) -> set[Path]:
    """Write an index's files (Pagefind's paths in it, base64), what was written.
    `mkdocs serve --dirty` serves the site while its index is written again:
    each file is replaced whole, the entry last."""
    for parent in {(folder / file["path"]).parent for file in files}:  # a few, for 1,600 files
        parent.mkdir(parents=True, exist_ok=True)
    for file in sorted(files, key=lambda file: file["path"] == ENTRY):
        path = folder / file["path"]
        path.with_name(path.name + ".new").write_bytes(base64.b64decode(file["content"]))
        path.with_name(path.name + ".new").replace(path)
    return {folder / file["path"] for file in files}


class _Service:
    """One Pagefind in its "service" mode, making one index: each message is
    base64 of JSON, followed by a comma, both ways.  Pagefind hands the
    index's files over rather than writing them itself: in this mode it may
    end before its last file is written."""

    def __init__(self, executable: str) -> None:
        try:
            self.process = subprocess.Popen([executable, "--service"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        except OSError as err:
            raise SearchIndexError(f"{executable}: {err}") from None
        self.sent = 0
        self.asked = 0  # the message asking for the index's files, once sent
        self.ended = False  # its output: every answer is read
        self.answers: dict[int, dict] = {}
        self.output = b""  # what Pagefind printed that is not an answer
        self.answered = threading.Condition()
        self.reader = threading.Thread(target=self._read, name="edition-pagefind", daemon=True)
        self.reader.start()
        try:  # the "¶" after every heading and the "↩" after every note are no words of the text
            self.index_id = self._wait(self._send({"type": "NewIndex", "config": {
                "exclude_selectors": [".headerlink", ".footnote-backref"]}}))["index_id"]
        except SearchIndexError:
            self.close()
            raise

    def add(self, given: str, url: str) -> None:
        self._send({"type": "AddFile", "index_id": self.index_id, "url": url, "file_contents": given})

    def ask_files(self) -> None:
        """Ask for the index, made while the build goes on; its answer ends the process."""
        self.asked = self.sent + 1  # before it is sent: the reader may have the answer first
        self._send({"type": "GetFiles", "index_id": self.index_id})

    def made(self) -> None:
        """Wait until the index asked for is made (and Pagefind has ended)."""
        self._wait(self.asked)

    def files(self) -> list[dict]:
        """The index's files, once made: each its path and content (base64)."""
        files = self._wait(self.asked)["files"]
        if problems := [a["message"] for a in self.answers.values() if a.get("type") == "Error"]:
            raise SearchIndexError("; ".join(dict.fromkeys(problems)))
        return files

    def stop(self) -> None:
        """End Pagefind before it is done: its index is no longer wanted."""
        self.process.kill()

    def close(self) -> None:
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

    def _wait(self, message_id: int) -> dict:
        """The answer to a message, once it comes."""
        with self.answered:
            while message_id not in self.answers:
                if self.ended:  # all Pagefind said is read, and not this
                    raise SearchIndexError(self._ended())
                self.answered.wait(timeout=1)
        answer = self.answers[message_id]
        if answer.get("type") == "Error":
            raise SearchIndexError(answer["message"])
        return answer

    def _read(self) -> None:
        """Collect Pagefind's answers as they come (unread, they would stop
        it), and end it once it has answered for the index's files.
        A message's pieces are kept apart until its end comes: the last, the
        index's files, is some 140 MB at 10,000 documents, and joining each
        64 KB piece to all those before it, and looking through all of them
        again for the end, took time growing with the square of its size,
        holding Python's lock against the build's own writes beside it: a
        first build there took 303 s, and 250 s once this was linear."""
        pieces: list[bytes] = []  # of the message not yet ended
        while chunk := self.process.stdout.read1(1 << 16):
            *messages, rest = chunk.split(b",")
            if messages:
                messages[0], pieces = b"".join([*pieces, messages[0]]), []
            pieces.append(rest)
            for message in messages:
                try:
                    answer = json.loads(base64.b64decode(message))
                except ValueError:  # not a message: something Pagefind printed
                    self.output += message
                    continue
                message_id = answer.get("message_id") or 0
                with self.answered:
                    self.answers[message_id] = answer["payload"]
                    self.answered.notify_all()
                if self.asked and message_id == self.asked:
                    self._end_input()
        self.output += b"".join(pieces)
        with self.answered:
            self.ended = True
            self.answered.notify_all()

    def _end_input(self) -> None:
        """Its index handed over, Pagefind is told there is no more: it ends, and its memory is free."""
        try:
            self.process.stdin.close()
        except (OSError, ValueError):  # closed meanwhile by `close`
            pass

    def _ended(self) -> str:
        self.process.wait()
        self.reader.join(timeout=10)  # what it said last
        said = self.output.decode(errors="replace").strip()
        return f"Pagefind stopped (exit status {self.process.returncode}){': ' + said if said else ''}"
