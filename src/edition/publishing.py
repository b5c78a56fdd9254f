"""One build of the edition's site, beyond each page's conversion, without
MkDocs: what the build adds to the pages and writes beside them.

A `Publication` is made when a build starts and closed when it ends.  It
reads the edition once (`reading.read_edition`, as `edition check` does),
names the pages the edition generates (the apparatus, the bibliography and
its downloads, the register and an entry page for each of its entries, the
chronology, the corrigenda), formats every citation with pandoc on other
threads while the pages are converted, completes each page (the metadata
header, exports, "Suggest a correction", links to the register and to
pages of the edition, the cite box, the formatted notes), hands each
written page to the search index, writes each document's exports, checks
the published addresses, and records what a clean build publishes.

The site generator says where things are (each page's address, a link from
one page to another, the site's folder) and in what order they happen; the
adapter, `mkdocs_site`, does nothing else.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import threading
import xml.etree.ElementTree as etree
import zlib
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from . import anchors, cite, citeproc, corrections, facsimile, references
from .apparatus_html import summary_element
from .bibliography import Bibliography
from .cache import CODE, cached, close, prune
from .cite_html import cite_box, credit_html, head_tags
from .corrections_html import corrigenda_html, log_html
from .dates import format_date
from .diagnostics import Diagnostic, Loc
from .extension import VIEW_SWITCH_END
from .facsimile_html import image_folder, no_facsimile_html, panel_html
from .parallel_html import parallel_html
from .translation import direction, text_language
from .document import book, title
from .generated import (
    BIBLIOGRAPHY_MARKDOWN,
    CHRONOLOGY_MARKDOWN,
    CITE_BOX_SLOT,
    CONTRIBUTING_PAGE,
    CORRIGENDA_MARKDOWN,
    EXPORTS_PAGE,
    MENTION_RE,
    REGISTER_MARKDOWN,
    SUMMARY_MARKDOWN,
    entry_page_markdown,
    exports_html,
    mention_target,
    suggest_html,
)
from .header import render_header, render_source_line
from .model import Document
from .plaintext import plain_texts
from .project import Project
from .reading import Edition, read_edition
from .register_html import Passage, chronology_html, entity_html, register_index_html
from .search import IGNORE, Aliases, Indexer, SearchIndexError, given, vocabulary
from .sitefiles import (
    BIBLIOGRAPHY,
    BIBLIOGRAPHY_DOWNLOADS,
    CHRONOLOGY,
    CORRIGENDA,
    EXPORTS,
    REGISTER,
    SUMMARY,
    entry_page,
)
from .tei import ExportContext, to_tei

Href = Callable[[str], str]  # a page's address (by its path under docs/), relative to the page being made


@dataclass(frozen=True, slots=True)
class Settings:
    """What the site's configuration says of the edition as published."""

    name: str  # the edition's title
    url: str  # the site's address ('' if not known: addresses stay relative)
    repo: str | None  # the repository's address, for the corrections' links


@dataclass(frozen=True, slots=True)
class Generated:
    """A page or file the build makes: its path under docs/, its content, whether the navigation lists it."""

    src_uri: str
    content: str
    listed: bool = True


def _after(first: Future | None, task, *args) -> Any:
    """Run `task` once `first` is done.  A pandoc error of `first` is
    reported by `task`, which meets it again (its results are cached)."""
    if first is not None:
        first.exception()  # waits; an error is met again, and reported, by `task`
    return task(*args)


def _write_index(indexer: Indexer, site_dir: Path, pages: Mapping[str, bytes],
                 log: logging.Logger | logging.LoggerAdapter, meanwhile: Callable[[], None] = lambda: None) -> None:
    """Give the search index the pages a `--dirty` build wrote and those it
    did not (what it is given of each, zlib-compressed), write it, calling
    `meanwhile` while Pagefind works, and end Pagefind.  A function, not a
    method: on a thread of its own, it keeps nothing else of the build alive."""
    try:
        for url, found in pages.items():
            indexer.add(zlib.decompress(found).decode(), "/" + url)
        indexer.write(site_dir, meanwhile=meanwhile)
    except SearchIndexError as err:
        if not indexer.stopped:
            log.error(f"the search index could not be built: {err}")
    finally:
        indexer.close()


class Indexing:
    """The search index, written after the build, in a thread of its own (`mkdocs serve --dirty`)."""

    def __init__(self, indexer: Indexer, write: Callable[[], None]) -> None:
        self.indexer = indexer
        self.thread = threading.Thread(target=write, name="edition-index")
        self.thread.start()

    def stop(self) -> None:
        """A newer build writes the index: this one's Pagefind is ended, and
        its files, if it was writing them, are all written."""
        self.indexer.stop()
        self.thread.join()


def _export(document: Document, text: str, context: ExportContext) -> dict[str, str]:
    return {"tei": to_tei(document, text, context), **plain_texts(document, text)}


# Where a document's transcription begins: the extension emits the editors'
# introduction (if any) before it, and everything after belongs with the text.
TEXT_SECTION_RE = re.compile(r'<section\b[^>]*\bclass="transcription"')
FIRST_HEADING_RE = re.compile(r"\s*(<h2\b[^>]*>.*?</h2>)", re.DOTALL)
HEADERLINK_RE = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')


def front_matter(about: str, html: str) -> str:
    """A document page that opens on its text (issue "Reading first"): what
    comes before the transcription (the metadata and downloads in `about`,
    "Cite this", the editors' introduction) is folded into closed
    `<details>`, one tap away, readable without JavaScript and whole in the
    page for search; the transcription follows.  The introduction's heading
    becomes its fold's summary, so that its address (#introduction) and the
    page's outline stay as they were."""
    found = TEXT_SECTION_RE.search(html)
    introduction, text = (html[:found.start()], html[found.start():]) if found else ("", html)
    folds = []
    if introduction.strip():
        heading = FIRST_HEADING_RE.match(introduction)
        if heading:  # without its permanent link: a link inside a summary is a control inside a control
            summary, body = HEADERLINK_RE.sub("", heading[1]), introduction[heading.end():]
        else:
            summary, body = "Introduction", introduction
        folds.append(f'<details class="introduction">\n<summary>{summary}</summary>\n{body.strip()}\n</details>\n')
    if about:
        what = ", ".join(part for part, mark in (("source, witness", 'class="document-meta"'),
                                                 ("downloads", 'class="document-exports"')) if mark in about)
        folds.append(f'<details class="about">\n<summary>About this document <span class="fold-what">{what}</span>'
                     f'</summary>\n{about}</details>\n')
    folds.append(CITE_BOX_SLOT)
    return '<div class="document-front">\n' + "".join(folds) + "\n</div>\n" + text


def on_text(html: str, attributes: Mapping[str, str]) -> str:
    """The page with `attributes` on its transcription's section."""
    found = TEXT_SECTION_RE.search(html)
    if found is None or not attributes:
        return html
    at = found.start() + len("<section")
    return html[:at] + "".join(f' {name}="{escape(value)}"' for name, value in attributes.items()) + html[at:]


class Publication:
    def __init__(self, project: Project, settings: Settings, log: logging.Logger | logging.LoggerAdapter) -> None:
        self.project, self.settings, self.log = project, settings, log
        self.sources_problems = 0  # problems found in the sources, not in the records (ED8xx): `_keep_addresses`
        self.style = project.file("csl")
        self.style_file = project.rel(self.style) if self.style.is_relative_to(project.root) else str(self.style)
        self.style_title = ""  # its name, for the "Cite this" box
        docs_changelog = project.file("changelog")
        self.changelog = (docs_changelog.relative_to(project.docs).as_posix()
                          if docs_changelog.is_relative_to(project.docs) else None)  # a page of the site, to link
        self.edition: Edition | None = None
        self.cache: Path | None = None
        self.bibliography: Bibliography | None = None
        # pandoc's work, on other threads: some tasks wait for another (`_after`), so there are threads for all.
        self.formatter = ThreadPoolExecutor(max_workers=4, thread_name_prefix="edition-citeproc")
        self.csl: Future | None = None  # the bibliography as CSL-JSON
        self.notes: Future | None = None  # the formatted notes
        self.bib_entries: Future | None = None  # the formatted bibliography
        self.forms: Future | None = None  # pandoc's citation forms of each document
        self.forms_failed = False
        self.reported = 0  # how many of the citations' problems are reported
        # The register's pages, and every annotated passage of the documents.
        self.entries: dict[str, Any] = {}  # src_uri -> the entry a generated page is for
        self.mentions: dict[str, list[Passage]] = {}  # entity id -> its passages
        self.dated: list[Passage] = []
        self.aliases: Aliases | None = None
        self.documents: dict[str, str] = {}  # src_uri -> page address, of the documents readers cite and download
        self.exported: set[str] = set()  # documents whose exports are written
        self.unread: set[str] = set()  # the pages a `--dirty` build leaves as the site has them, exports too
        self.built: dict[str, list[str]] = {}  # page address -> the anchors this build publishes
        # What a `--dirty` build wrote, as the index is to be given it (compressed), after the build:
        # given during it, the page of every word (each part's second) would be made first, holding
        # up the edited page.
        self.written_pages: dict[str, bytes] = {}
        self.indexer: Indexer | None = None

    # --- Reading, and what the build starts with ------------------------------------------------

    def read(self) -> Edition:
        """Read and check the edition (may raise ProjectError, CacheError); report every problem."""
        self.edition = edition = read_edition(self.project, keep=True, bibliography_read=self._start_pandoc)
        for diagnostic in edition.diagnostics:
            self.report(diagnostic)
        return edition

    def report(self, diagnostic: Diagnostic) -> None:
        """A problem the edition found: a warning, so that --strict fails."""
        self.log.warning(str(diagnostic))
        if not diagnostic.code.startswith("ED8"):  # the changelog's, anchors.txt's, published.txt's are records'
            self.sources_problems += 1

    def _start_pandoc(self, bib: Bibliography, cache: Path | None) -> None:
        """Start pandoc's reading of the bibliography while the pages are read."""
        self.cache, self.bibliography = cache, bib
        self.csl = self.formatter.submit(citeproc.csl_json, bib.readable, cache) if bib.works else None

    def generated(self, urls: Mapping[str, str]) -> list[Generated]:
        """Given each page's address, start formatting every citation, and
        name the pages and files the edition generates."""
        edition = self.edition
        resolved, bib = edition.citations, self.bibliography
        # pandoc formats the citations on another core while the pages are
        # converted: the notes are needed once every page is converted, the
        # entries only by the bibliography page.  A bad entry of the
        # bibliography is left out of what pandoc reads (reported): the rest is
        # formatted; if any citation could not be resolved, pandoc's failure
        # would only repeat it.
        if not resolved.diagnostics:
            pages = [references.page_citations(uri, doc) for uri, doc in self._models().items()]
            self.notes = self.formatter.submit(_after, self.csl, references.format_notes, resolved, pages, bib,
                                               self.style, self.cache)
            self.bib_entries = self.formatter.submit(_after, self.notes, references.format_entries, resolved, bib,
                                                     self.style, self.cache)
        self.reported = len(resolved.diagnostics)
        self._start_citing(urls)
        bib_file, json_file = BIBLIOGRAPHY_DOWNLOADS
        made = [Generated(SUMMARY, SUMMARY_MARKDOWN), Generated(CORRIGENDA, CORRIGENDA_MARKDOWN),
                Generated(BIBLIOGRAPHY, BIBLIOGRAPHY_MARKDOWN), Generated(bib_file, bib.text),
                Generated(json_file, "[]"),  # its content once pandoc has read the bibliography: `csl_json`
                Generated(REGISTER, REGISTER_MARKDOWN), Generated(CHRONOLOGY, CHRONOLOGY_MARKDOWN)]
        register = edition.register
        for entity in register.entities.values():
            self.entries[entry_page(entity.id)] = entity
            made.append(Generated(entry_page(entity.id), entry_page_markdown(entity.name), listed=False))
        passages: list[Passage] = []
        for uri, doc in self._models().items():
            if doc.body.annotations:
                name = title(doc, uri)  # once a document, not once a passage
                passages += [Passage(uri, name, a) for a in doc.body.annotations]
        for p in passages:
            if p.annotation.kind == "mention":
                self.mentions.setdefault(p.annotation.value, []).append(p)
        self.dated = [p for p in passages if p.annotation.kind == "date"]
        self.aliases = Aliases(register)
        return made

    def _models(self) -> dict[str, Document]:
        return {uri: page.document for uri, page in self.edition.pages.items() if page.document is not None}

    def _transcriptions(self) -> dict[str, Document]:
        return {uri: page.document for uri, page in self.edition.documents.items()}

    def _address(self, url: str) -> str:
        """A page's permanent address: the site's, from its deploy workflow."""
        return self.settings.url.rstrip("/") + "/" + url if self.settings.url else url

    def _start_citing(self, urls: Mapping[str, str]) -> None:
        """Start formatting how readers cite each document, once pandoc has read the bibliography."""
        if self.edition.release is None:  # no version to state
            return
        for uri, document in self._transcriptions().items():
            # A page refused for its markup (ED008) is shown as written: nothing is made of it.
            if document.meta.get("source") and not document.body.refused:
                self.documents[uri] = urls[uri]
        documents = [(uri, self.edition.pages[uri].document, self._address(url)) for uri, url in self.documents.items()]
        self.forms = self.formatter.submit(_after, self.csl, self._format_works, documents)
        m = re.search(r"<title>([^<]+)</title>", self.style.read_text(encoding="utf-8"))
        self.style_title = m[1] if m else self.style.stem  # read once, not per page

    def _format_works(self, documents: list[tuple[str, Document, str]]) -> dict[str, tuple]:
        items = {i["id"]: i for i in (self.csl.result() if self.csl else [])}
        entries = self.bibliography.works
        works = {}
        for uri, doc, address in documents:
            key = str(doc.meta["source"].get("key", ""))
            works[uri] = cite.work(uri.removesuffix(".md").replace("/", "-"), doc.meta, items.get(key),
                                   identity=self.edition.identity, release=self.edition.release, address=address,
                                   entry_unverified=entries[key].unverified if key in entries else "")
        formatted = citeproc.format_works([w.source for w in works.values()], self.style, self.cache)
        return {uri: (w, cite.forms(w, *formatted[w.source["id"]], citeproc.LOCATOR)) for uri, w in works.items()}

    def _works(self) -> dict[str, tuple]:
        """How readers cite each document (waits for pandoc)."""
        if self.forms is None:
            return {}
        try:
            return self.forms.result()
        except citeproc.CiteprocError as err:
            if not self.forms_failed:
                self.forms_failed = True
                self.report(Diagnostic("ED604", Loc(self.style_file, 1),
                                       f"pandoc could not format the citations of the edition's own documents: "
                                       f"{err}", "correct the style file"))
            return {}

    def _collect(self, part: Future | None) -> None:
        """Wait for a part of pandoc's work, and report what it found."""
        if part is not None:
            part.result()
        found = self.edition.citations.diagnostics
        for diagnostic in found[self.reported:]:
            self.report(diagnostic)
        self.reported = len(found)

    def pages_converted(self, site_dir: Path, pages: int) -> None:
        """Every page is converted: make exports while pandoc is still at the
        notes, collect them; the pages (`pages` of them) are about to be
        written, to the search index too."""
        notes = self.notes
        self.write_exports(site_dir, until=lambda: notes is None or notes.done())
        self._collect(notes)
        # The index is kept by a build that gives Pagefind every page in order, not by a `--dirty` one.
        try:
            self.indexer = Indexer(None if self.unread else self.cache, pages, words=self._words)
        except SearchIndexError as err:
            self.log.error(f"the search index could not be built: {err}")

    def _words(self) -> str:
        """Every word of the pages' sources and of the files the lists are
        made from, for each part of a search index in parts (`search.WORDS`);
        a source that could not be read (reported) has none."""
        files = [self.project.file(option) for option in ("bibliography", "register", "changelog")]
        return vocabulary([*(page.text for page in self.edition.pages.values() if page.text is not None),
                           *(path.read_text(encoding="utf-8", errors="replace")
                             for path in files if path is not None and path.is_file())])

    def csl_json(self) -> str:
        """The bibliography as CSL-JSON, for reference managers (once `pages_converted`)."""
        return json.dumps(self.edition.citations.items, ensure_ascii=False, indent=1)

    # --- Each page -----------------------------------------------------------------------------

    def is_transcription(self, src_uri: str) -> bool:
        page = self.edition.pages.get(src_uri)
        return page is not None and page.is_document and page.document is not None

    def complete(self, src_uri: str, html: str, url: str, href: Href, edit_url: str | None) -> str:
        """A page's HTML after its conversion: what the rest of the edition
        adds to it (the lists of the generated pages; a document's header,
        links, exports and corrections log).  `edit_url`: where its source is
        edited in the repository (None if unknown)."""
        edition = self.edition
        register = edition.register

        def entity_href(entity_id: str) -> str:
            return href(entry_page(entity_id))

        if src_uri == SUMMARY:
            return html + self._summary(href)
        if src_uri == CORRIGENDA:
            logged = [(title(doc, uri), uri, doc.meta.get("corrections") or [])
                      for uri, doc in sorted(self._transcriptions().items())]
            return html + corrigenda_html(logged, self.settings.repo, href)
        if src_uri == REGISTER:
            counts = {entity_id: len(found) for entity_id, found in self.mentions.items()}
            return html + register_index_html(register, counts, entity_href)
        if src_uri == CHRONOLOGY:
            events = [e for e in register.entities.values() if e.type == "event"]
            return html + chronology_html(self.dated, events, href, entity_href)
        if src_uri in self.entries:
            entity = self.entries[src_uri]
            return html + entity_html(entity, self.mentions.get(entity.id, []), href)
        page = edition.pages.get(src_uri)
        document = page.document if page is not None else None
        if document is None:  # generated, or not UTF-8 (reported, and shown as MkDocs read it)
            return html
        if document.body.page_refs:
            html = references.fill_page_refs(html, book(document), edition.citations.held, href, href(BIBLIOGRAPHY))
        if document.body.annotations:
            html = MENTION_RE.sub(lambda m: mention_target(m[1], register, entity_href), html)
        exports = print_address = suggest = log = ""
        if src_uri in self.documents:
            exports = exports_html(href(EXPORTS_PAGE) if EXPORTS_PAGE in edition.pages else None)
            print_address = self._print_address(self._address(url))
        aliases = ""
        if page.is_document:
            if edit_url:  # none without a known repository (REPO_URL), as in a local preview
                how = href(CONTRIBUTING_PAGE) if CONTRIBUTING_PAGE in edition.pages else None
                suggest = suggest_html(edit_url, how)
            log = log_html(document.meta.get("corrections") or [], self.settings.repo)
            # The names go first, in the part of the page above its first heading,
            # which search shows only when nothing else on the page matched.  Kept: finding
            # them reads the page's HTML, a third of a rebuild's work on the pages.
            text = html + log
            aliases = cached(self.cache, "aliases", [CODE, self.aliases.signature, text],
                             functools.partial(self.aliases.html, text))
        header = render_header(document.meta) if document.meta else ""
        if not page.is_document:
            return aliases + header + exports + print_address + suggest + CITE_BOX_SLOT + html
        attributes = {}
        if witnesses := document.meta.get("witnesses"):  # view.js offers a choice of them for the diplomatic view
            attributes["data-witnesses"] = json.dumps(witnesses, ensure_ascii=False)
        if src_uri in edition.translations:  # the text in its own language, where its partner is in another
            language = text_language(document)
            attributes.update({"lang": language, "dir": direction(language)})
        html = on_text(html, attributes)
        source_line = render_source_line(document.meta) if document.meta else ""
        beside = self._parallel(src_uri, document, href) + self._facsimile(src_uri, document)
        html = html.replace(VIEW_SWITCH_END, VIEW_SWITCH_END + beside, 1)
        return aliases + source_line + print_address + front_matter(header + exports, html) + suggest + log

    def _parallel(self, src_uri: str, document: Document, href: Href) -> str:
        """An original's or a translation's link to the other, and the switch that sets them side by side."""
        pair = self.edition.translations.get(src_uri)
        if pair is None:
            return ""
        partner = pair.partner(src_uri)
        other = self.edition.pages[partner].document
        return parallel_html(pair, src_uri, href(partner), title(other, partner), text_language(other),
                             text_language(document))

    def _facsimile(self, src_uri: str, document: Document) -> str:
        """Beside the text: its pages' images, or why none may be shown."""
        if statement := document.meta.get("no_facsimile"):
            return no_facsimile_html(statement)
        return panel_html(facsimile.page_images(document.meta), self.edition.facsimiles.get(src_uri, {}))

    def _print_address(self, address: str) -> str:
        """Shown only on paper (edition.css): where the printed page lives, and in which version."""
        release = self.edition.release
        version = f", version {escape(release.version)} of the edition" if release else ""
        return f'<p class="print-address" hidden {IGNORE}>Printed from {escape(address)}{version}.</p>\n'

    def _summary(self, href: Href) -> str:
        documents = [(title(document, uri), href(uri), document.body.apparatus)
                     for uri, document in sorted(self._transcriptions().items())]
        return etree.tostring(summary_element(documents), encoding="unicode", method="html")

    def context(self, src_uri: str, content: str, url: str, href: Href) -> tuple[str, dict[str, str]]:
        """A page about to be laid out, once the citations are formatted: its
        content with the cite box, the notes' citations or the bibliography's
        lists; and what the templates print around it (the footer's version,
        the head's metadata)."""
        edition = self.edition
        resolved = edition.citations
        if src_uri == BIBLIOGRAPHY:
            self._collect(self.bib_entries)
            works, missing = references.bibliography_html(
                self.bibliography, resolved,
                lambda place: href(place.src_uri) + (f"#{place.anchor}" if place.anchor else ""))
            # Each list goes below its heading of BIBLIOGRAPHY_MARKDOWN.
            head, heading, tail = content.partition(f'<h2 id="{references.MISSING_PAGES}"')
            content = head + works + heading + tail + missing
        elif (page := edition.pages.get(src_uri)) is not None and (document := page.document) is not None:
            content = content.replace(CITE_BOX_SLOT, self._cite_box(src_uri, document, href), 1)
            if document.body.citations or document.body.works_cited:
                content = references.fill_page(content, document.body, resolved.notes.get(src_uri, []),
                                               resolved.labels, href(BIBLIOGRAPHY))
        page = edition.pages.get(src_uri)
        context = {"edition_credit": credit_html(edition.identity, page.document.meta if page and page.document
                                                 and page.is_document else None)}
        release = edition.release
        if release is not None:
            context["edition_version"] = f"Version {release.version} of {format_date(release.date)}"
            if self.changelog:
                context["edition_changelog"] = href(self.changelog)
        if (found := self._works().get(src_uri)) is not None:
            work, forms = found
            exports = {kind: self._address(url + name) for kind, name in EXPORTS.items()}
            context["edition_head"] = head_tags(work, forms, edition.pages[src_uri].document.meta, exports)
        if edition.anchors is not None:
            content = anchors.keep_moved(content, url, edition.anchors)
            self.built[url] = anchors.ids(content)
        return content, context

    def _cite_box(self, src_uri: str, document: Document, href: Href) -> str:
        found = self._works().get(src_uri)
        if found is None:
            return ""
        work, forms = found
        return cite_box(work, forms, cite.passages(document.body), self.style_title,
                        href(self.changelog) if self.changelog else "")

    def written(self, url: str, html: str, keep: bool = False) -> bytes | None:
        """A page as written to the site, for the search index; with `keep`,
        what the index is given of it, compressed (for `mkdocs serve
        --dirty`'s later builds, which do not write it again).  A `--dirty`
        build gives the index its pages after the build (`finish`)."""
        if not keep:
            if self.indexer is not None:
                self.indexer.add_written(html, "/" + url)
            return None
        found = given(html, "/" + url)
        compressed = zlib.compress(found.encode(), 1)  # a fifth of the size: 35 MB of text at a thousand documents
        if self.indexer is not None:
            if self.unread:
                self.written_pages[url] = compressed
            else:
                self.indexer.add(found, "/" + url)
        return compressed

    # --- What a `--dirty` build needs --------------------------------------------------------------

    def inputs(self) -> dict[str, Any]:
        """What each page is made from besides its own source, by its path
        under docs/, once the notes are formatted: compared with an earlier
        build's, they name the pages an edit reaches (`mkdocs serve --dirty`).
        What every page is made from (the settings, the bibliography's and the
        register's files, the titles in the navigation) is the adapter's to
        compare."""
        edition = self.edition
        resolved = edition.citations
        transcriptions = sorted(self._transcriptions().items())
        found: dict[str, Any] = {
            SUMMARY: [(title(doc, uri), uri, doc.body.apparatus) for uri, doc in transcriptions],
            CORRIGENDA: [(title(doc, uri), uri, doc.meta.get("corrections")) for uri, doc in transcriptions],
            REGISTER: {entity_id: len(passages) for entity_id, passages in self.mentions.items()},
            CHRONOLOGY: self.dated,
            BIBLIOGRAPHY: (resolved.places, {key: [(p.src_uri, p.title) for p in cited]
                                             for key, cited in resolved.transcribed.items()},
                           [(p.src_uri, p.book, ref) for p, ref in resolved.missing]),
        }
        for src_uri, entity in self.entries.items():
            found[src_uri] = self.mentions.get(entity.id, [])
        for src_uri, page in edition.pages.items():
            if (document := page.document) is None:
                continue
            pair = edition.translations.get(src_uri)
            partner = edition.pages[pair.partner(src_uri)].document if pair else None
            held = [resolved.held.get((book(document), ref.page)) for ref in document.body.page_refs]
            found[src_uri] = (resolved.notes.get(src_uri), held, pair, partner and text_language(partner),
                              edition.facsimiles.get(src_uri))
        return found

    def leave(self, unread: Collection[str]) -> None:
        """A `--dirty` build: these pages, and their documents' exports, stay as the site has them."""
        self.unread = set(unread)

    # --- The end of the build ------------------------------------------------------------------

    def finish(self, site_dir: Path, unwritten: Mapping[str, tuple[bytes, list[str] | None]], problems: int, *,
               index_later: bool = False) -> Indexing | None:
        """The pages are written.  `unwritten`: the pages a `--dirty` build left
        as an earlier build wrote them, by URL: what the search index was
        given of each (`written`, zlib-compressed) and the anchors it publishes
        (`built`), which the index and the check of addresses need too;
        `problems`: how many warnings and errors the build reported (only a
        build with none is recorded).
        `index_later`: the search index is written after the build, meanwhile (returned)."""
        for url, (_, ids) in unwritten.items():
            if ids is not None:
                self.built[url] = ids
        self._keep_addresses(site_dir)
        indexer, self.indexer = self.indexer, None  # ended by `_write_index`, now or after the build
        rest = {**self.written_pages, **{url: found for url, (found, _) in unwritten.items()}}
        if indexer is None or index_later:
            self.write_exports(site_dir)
        else:  # the exports are written while Pagefind indexes
            _write_index(indexer, site_dir, rest, self.log, meanwhile=lambda: self.write_exports(site_dir))
        if self.cache is not None:
            # What this build did not use: older texts' conversions, exports, citations; but a `--dirty`
            # build did not use those of the pages it did not write, which the site is still made of.
            prune(self.cache, rows=not self.unread)
        if os.environ.get("EDITION_RECORD"):
            self._record(problems)
        if indexer is None or not index_later:
            return None
        return Indexing(indexer, functools.partial(_write_index, indexer, site_dir, rest, self.log))

    def close(self) -> None:
        """Nothing of this build keeps running or open: pandoc's threads,
        Pagefind, the cache's database (the results kept so far stay kept)."""
        close()
        if self.indexer is not None:
            self.indexer.close()
        self.formatter.shutdown(wait=False, cancel_futures=True)

    def write_exports(self, site_dir: Path, until: Callable[[], bool] = lambda: False) -> None:
        """Each document's TEI and plain texts, beside its page, but those
        written already, until `until()` says to stop (work done while the build
        would wait).  They are made again only when their inputs change: the
        document, the edition's name, release and address, the kinds of the
        register's entries, or the code."""
        if not self.documents:  # none, or no version to state (`_start_citing`)
            return
        types = {entity_id: entity.type for entity_id, entity in self.edition.register.entities.items()}
        release = self.edition.release
        name = self.settings.name
        shared = [CODE, name, release.version, release.date, self._address(""), json.dumps(types, sort_keys=True),
                  repr(self.edition.identity)]
        for src_uri, url in self.documents.items():
            if src_uri in self.exported or src_uri in self.unread:
                continue
            if until():
                return
            self.exported.add(src_uri)
            page = self.edition.pages[src_uri]
            corresp = self._corresp(src_uri)
            context = ExportContext(name, release.version, release.date, self._address(url),
                                    lambda entity_id: self._address(f"register/{entity_id}/"), types,
                                    lambda key: self._address(f"bibliography/#{key}"), self.edition.identity,
                                    corresp)
            exports = cached(self.cache, "exports", [*shared, url, page.text, json.dumps(corresp)],
                             functools.partial(_export, page.document, page.text, context), memory=False)
            folder = site_dir / url
            folder.mkdir(parents=True, exist_ok=True)
            for kind, file_name in EXPORTS.items():
                (folder / file_name).write_text(exports[kind], encoding="utf-8")
            if infos := self.edition.facsimiles.get(src_uri):
                self._write_facsimile(page.document, infos, folder, url, exports["diplomatic"])
        if self.cache is not None:  # the tile sets no document uses any more
            facsimile.prune_tiles(self.project.cache / facsimile.TILES, {
                info.sha256 for infos in self.edition.facsimiles.values() for info in infos.values()})

    def _corresp(self, src_uri: str) -> dict[str, str]:
        """An original's or translation's aligned units -> their partners in the other's TEI."""
        pair = self.edition.translations.get(src_uri)
        if pair is None or pair.partner(src_uri) not in self.documents:
            return {}
        partner = self._address(self.documents[pair.partner(src_uri)] + EXPORTS["tei"])
        return {mine: f"{partner}#{theirs}" for mine, theirs in pair.units_from(src_uri)}

    def _write_facsimile(self, document: Document, infos: Mapping[str, facsimile.ImageInfo], folder: Path,
                         url: str, diplomatic: str) -> None:
        """A document's pages as static IIIF: each image's tiles (kept in the cache on the image's
        hash), and the manifest listing them with each page's diplomatic text."""
        tiles = self.project.cache / facsimile.TILES
        pages = []
        for image in facsimile.page_images(document.meta):
            if (info := infos.get(image.page)) is None:
                continue
            base = self._address(f"{url}{image_folder(image.page)}")
            facsimile.write_tiles(self.project.root / image.path, folder / image_folder(image.page), base, tiles)
            pages.append((image.page, base, info.width, info.height, image.alt))
        texts = dict(re.findall(r"^\[p\. ([^\]]+)\]\n(.*?)(?=^\[p\. |\Z)", diplomatic, re.M | re.S))
        (folder / "manifest.json").write_text(facsimile.manifest(
            title(document, ""), self._address(url), pages, text_language(document) or "none",
            {page: text.strip() for page, text in texts.items()}, manifest_url=self._address(url + "manifest.json")),
            encoding="utf-8")

    def _keep_addresses(self, site_dir: Path) -> None:
        """No published address may disappear: check the build against the
        anchor register, and write a redirect page for every moved page."""
        register = self.edition.anchors
        if register is None:
            return
        gone = anchors.check(register, self.built)
        if gone and self.sources_problems:
            # A problem in a source (a citation, a register entry) can take
            # addresses with it; advice to redirect them would mislead.  Mended,
            # the next build checks them again.
            self.log.info(f"edition: {len(gone)} published addresses are not in this build; they are checked again "
                          "once the problems above are mended")
        else:
            for diagnostic in gone:
                self.report(diagnostic)
        if new := anchors.unlisted(register, self.built):
            self.log.info(f"{len(new)} new addresses; the deploy workflow records them in "
                          f"{self.project.file('anchors').name} when it publishes them")
        for old, target in anchors.page_redirects(register, self.built).items():
            path = site_dir / old / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(target, encoding="utf-8")

    def _record(self, problems: int) -> None:
        """Record what this build publishes (for the deploy workflow, `make
        record`): its addresses in the anchor register, and each transcription's
        fingerprint with the length of its corrections log.  Only a build
        without a single warning is recorded."""
        if problems:
            self.log.error(f"nothing recorded: the build reported {problems} problems; mend them first")
            return
        edition = self.edition
        if edition.anchors is not None:
            self.project.file("anchors").write_text(anchors.update(edition.anchors, self.built), encoding="utf-8")
        if edition.record is not None:
            published = [(page.document, page.text) for page in edition.documents.values()]
            self.project.file("published").write_text(corrections.write(published), encoding="utf-8")
        self.log.info("recorded as published: this build's addresses and transcriptions")
