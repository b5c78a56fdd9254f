"""The MkDocs adapter: site-level work only; the text is rendered by
`edition.extension` and read by the `edition` core package.

It reads every page's source file itself (MkDocs drops malformed front
matter silently and strips it before Markdown sees it), reports every
diagnostic as a warning naming `file:line:col` — so `mkdocs build --strict`
fails on any of them —, puts the metadata header on document pages,
formats every citation of the edition in one batch, links mentions to the
register, and generates the edition-wide pages: the apparatus, the
bibliography (with its downloads), the register and its entries, the
chronology; and it hands each page to Pagefind, which indexes it for search.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import importlib.metadata
import json
import logging
import os
import re
import subprocess
import xml.etree.ElementTree as etree
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils import normalize_url

from edition import anchors, cite, citeproc, corrections, nav_html, references, sitefiles
from edition.apparatus_html import summary_element
from edition.bibliography import Bibliography
from edition.cache import CODE, CacheError, cached, close, load, prune, store
from edition.cite_html import cite_box, head_tags
from edition.corrections_html import corrigenda_html, log_html
from edition.dates import format_date
from edition.diagnostics import Diagnostic, Loc, inert
from edition.document import book, title
from edition.extension import OFFERED, offer
from edition.generated import (
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
from edition.header import render_header
from edition.model import Document
from edition.plaintext import plain_texts
from edition.project import EXTENSION, TEXTS, Project, ProjectError, exclusions, nav_pages, outside_nav
from edition.reading import read_edition
from edition.register import Register
from edition.register_html import (
    Passage,
    chronology_html,
    entity_html,
    register_index_html,
)
from edition.release import Release
from edition.search import IGNORE, Aliases, Indexer, SearchIndexError
from edition.siteconfig import check_config
from edition.sitefiles import (
    BIBLIOGRAPHY,
    BIBLIOGRAPHY_DOWNLOADS,
    CHRONOLOGY,
    CORRIGENDA,
    EXPORTS,
    REGISTER,
    SUMMARY,
)
from edition.tei import ExportContext, to_tei

log = get_plugin_logger("edition")  # under `mkdocs.`, so --strict counts it

class _Problems(logging.Handler):
    """Counts the build's warnings and errors (only a build without any is
    recorded as published), and every message (a page whose conversion said
    anything is converted again next time, to say it again)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0
        self.said = 0
        self.sources = 0  # problems the edition found in its sources (not in its records, ED8xx): `_report`

    def emit(self, record: logging.LogRecord) -> None:
        self.said += 1
        self.count += record.levelno >= logging.WARNING


def _date_from_commit(root: Path) -> None:
    """The build's date (the sitemap's) is the last commit's, so that a build
    is the same, byte for byte, whenever it is made from that commit."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    try:  # outside a repository, or without git (a downloaded copy), the build's own date
        done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                              check=False)
    except OSError:
        return
    if done.returncode == 0 and done.stdout.strip().isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = done.stdout.strip()


def _leave_out(files: Files, project: Project, refused: frozenset[str]) -> None:
    """The files the reading refused (reported with its problems), and any MkDocs found through a refused link."""
    for file in list(files):
        if file.generated_by or file.src_dir != str(project.docs):
            continue  # generated, or the theme's
        if file.src_uri in refused or any(file.src_uri.startswith(uri + "/") for uri in refused):
            files.remove(file)


def _changelog_page(config: MkDocsConfig, project: Project) -> str | None:
    """The changelog's page, to link to, if it is a page of the site."""
    path, docs = project.file("changelog"), Path(config.docs_dir)
    return path.relative_to(docs).as_posix() if path.is_relative_to(docs) else None


def _address(config: MkDocsConfig, url: str) -> str:
    """A page's permanent address: the site's, from its deploy workflow."""
    return config.site_url.rstrip("/") + "/" + url if config.site_url else url


def _after(first: Future | None, task, *args) -> None:
    """Run `task` once `first` is done.  A pandoc error of `first` is
    reported by `task`, which meets it again (its results are cached)."""
    if first is not None:
        first.exception()  # waits; an error is met again, and reported, by `task`
    return task(*args)


def _nav_item(item, path: str, level: int, page: Page, features, base_url: str) -> str | tuple[str, str]:
    """An item of the navigation as seen from `page` (edition/nav_html.py);
    addresses made relative to the page as the templates' `url` filter makes them."""
    return nav_html.render(item, path, level, page, features,
                           lambda target: normalize_url(target, page=page, base=base_url))


def _escaped(value, done: dict | None = None):
    """Front matter as the templates may print it: every text HTML-escaped.
    A value YAML's aliases share is escaped once (`done`, by identity): a
    few lines of aliases stand for billions of copies."""
    done = {} if done is None else done
    if id(value) in done:
        return done[id(value)]
    if isinstance(value, str):
        result = escape(value)
    elif isinstance(value, dict):
        result = {key: _escaped(item, done) for key, item in value.items()}
    elif isinstance(value, list):
        result = [_escaped(item, done) for item in value]
    else:
        result = value
    done[id(value)] = result
    return result


# A transcription's conversion to HTML is kept on its inputs
# (`.cache/edition/`, kind "page"): a rebuild converts only the documents whose
# Markdown changed, or what their links lead to, or the edition's code or
# settings.  Only the conversion is kept; everything the page takes from the
# rest of the edition (citations, the register, "Cite this") is added to it
# afresh by the handlers above and below, on every build.


def _named(value: object) -> str:
    """A setting that is not data (a function, an object) by its name, the same in every process."""
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"


def _toc_token(link: AnchorLink) -> dict:
    """A table of contents' entry as Python-Markdown gives it (`get_toc` reads it back)."""
    return {"level": link.level, "id": link.id, "name": link.title,
            "children": [_toc_token(child) for child in link.children]}




def _href_from(page: Page, files: Files):
    """A function giving another page's address relative to `page`."""
    return lambda src_uri: files.get_file_from_path(src_uri).url_relative_to(page.file)


def _exports(config: MkDocsConfig, url: str) -> dict[str, str]:
    """The permanent addresses of a document's exports, beside its page."""
    return {kind: _address(config, url + name) for kind, name in EXPORTS.items()}


def _export(document: Document, text: str, context: ExportContext) -> dict[str, str]:
    return {"tei": to_tei(document, text, context), **plain_texts(document, text)}


class SiteBuild:
    """One build of the site, from `on_config` to `on_post_build`: what it
    reads and what it makes.  The plugin makes one for each build (`mkdocs
    serve` builds again and again in one process) and drops it after."""

    def __init__(self, last: bool, dirty: bool = False) -> None:
        self.last = last  # `mkdocs build` or `gh-deploy`: the process ends with this build
        self.dirty = dirty  # `--dirty`: only the pages whose sources changed are written
        self.written: set[str] = set()  # the pages this build wrote (their URLs)
        self.problems = _Problems()
        self.pages: dict[str, Document | None] = {}  # src_uri -> its model (None: unreadable, reported)
        self.headers: dict[str, str] = {}  # src_uri -> metadata header HTML
        self.texts: dict[str, str] = {}  # src_uri -> a document's source text
        # What the reading found (on_files): the release, the records, the cache's folder.
        self.cache: Path | None = None  # where results are kept; None: nowhere (a committed cache)
        self.release: Release | None = None  # None: no version, so nothing that would state one is made
        self.changelog: str | None = None  # the changelog's page, to link to
        self.anchors: anchors.Register | None = None  # the published addresses (None: no record yet)
        self.anchors_path: Path | None = None
        self.record: corrections.Record | None = None  # the published transcriptions
        self.record_path: Path | None = None
        self.built: dict[str, list[str]] = {}  # page address -> the anchors this build publishes
        # The bibliography, and pandoc's work on it (futures, done on other threads).
        self.bibliography: Bibliography | None = None
        self.style: Path | None = None  # the CSL file
        self.style_file = ""  # its path as a contributor knows it, for a message
        self.style_title = ""  # its name, for the "Cite this" box
        self.csl: Future | None = None  # the bibliography as CSL-JSON
        self.resolved: references.Resolved | None = None  # every citation, resolved against the bibliography
        self.reported = 0  # how many of `resolved`'s problems are reported
        self.notes: Future | None = None  # the formatted notes
        self.bib_entries: Future | None = None  # the formatted bibliography
        self.csl_json: File | None = None  # the CSL-JSON download, filled in on_env
        self.files: Files | None = None
        # The register, and every annotated passage of the documents.
        self.entities: Register | None = None
        self.entries: dict[str, Any] = {}  # src_uri -> the entry a generated page is for
        self.mentions: dict[str, list[Passage]] = {}  # entity id -> its passages
        self.aliases: Aliases | None = None
        self.dated: list[Passage] = []
        # How readers cite each document, and what the build hands on.
        self.documents: dict[str, str] = {}  # src_uri -> page address, of the documents readers cite and download
        self.forms: Future | None = None  # pandoc's citation forms of each document
        self.forms_failed = False
        self.exported: set[str] = set()  # documents whose exports are written
        self.conversion: list[str] | None = None  # what every page's conversion depends on
        self.indexer: Indexer | None = None
        self.converted: dict[str, dict] = {}  # src_uri -> the kept conversion, to be put back
        self.converting: dict[str, tuple[list[str], int]] = {}  # src_uri -> its key, and the messages said before it
        # pandoc's tasks: some wait for another (`_after`), so there are threads for all of them.
        self.formatter = ThreadPoolExecutor(max_workers=4, thread_name_prefix="edition-citeproc")

    def _report(self, diagnostic: Diagnostic) -> None:
        """A problem the edition found: a warning, so that --strict fails."""
        log.warning(str(diagnostic))
        if not diagnostic.code.startswith("ED8"):  # the changelog's, anchors.txt's, published.txt's are records'
            self.problems.sources += 1

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(self.problems)  # until the build ends (`_end`)
        # `--quiet` raises MkDocs' level to ERROR, so a warning would never be
        # made, nor counted by `--strict`: a problem in a source must always be.
        log.logger.setLevel(min(logging.WARNING, mkdocs_log.getEffectiveLevel()))
        extensions = config.markdown_extensions
        if "edition.extension" not in extensions:
            raise PluginError("mkdocs.yml: add 'edition.extension' under 'markdown_extensions'; "
                              "the edition's markup is rendered by it")
        if "footnotes" in extensions:
            raise PluginError("mkdocs.yml: remove 'footnotes' from 'markdown_extensions'; "
                              "edition.extension renders notes in the source's own numbering")
        # A setting that would let a source run script stops even a build that is not strict (siteconfig).
        config_file = Path(config.config_file_path)
        root = config_file.resolve().parent
        if problems := check_config(config_file.read_text(encoding="utf-8"), config_file.name):
            for problem in problems:
                log.error(str(problem))
            raise PluginError(f"{config_file.name}: {len(problems)} setting(s) above must change before the edition "
                              "is built")
        # Material's default font is loaded from Google's servers; the site requests nothing from other hosts (any
        # other font given is refused above).
        config.theme["font"] = False
        if not Path(config.docs_dir).resolve().is_relative_to(root):
            raise PluginError(f"{config_file.name}: 'docs_dir' is outside the edition's folder; the edition publishes "
                              "only its own files: name a folder inside it")
        _date_from_commit(root)
        if not config.repo_url:
            # The repository's address comes from REPO_URL (set by the workflows);
            # without it there is nothing to link "Suggest a correction" to.
            config.edit_uri = None
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # What is read here lives to the end of the build (unfrozen in
        # on_post_build if another build may follow): the collector's full
        # passes over that growing model were a tenth of a rebuild, and find
        # nothing to free.
        gc.disable()
        try:
            return self._read_edition(files, config)
        finally:
            gc.freeze()
            gc.enable()

    def _read_edition(self, files: Files, config: MkDocsConfig) -> Files:
        OFFERED.clear()  # the extension's, kept by the process
        root = Path(config.config_file_path).resolve().parent  # `-f mkdocs.yml` leaves it relative
        project = Project(root, Path(config.config_file_path), Path(config.docs_dir),
                          config.mdx_configs.get(EXTENSION, {}), exclusions(config.exclude_docs), nav_pages(config.nav),
                          outside_nav(config.not_in_nav, config.draft_docs),
                          sitefiles.machinery(config.extra_javascript, config.extra_css))
        try:  # the same reading and checks as `edition check`
            edition = read_edition(project, keep=True,
                                   bibliography_read=functools.partial(self._start_pandoc, project))
        except (ProjectError, CacheError) as err:
            raise PluginError(inert(str(err))) from None
        for diagnostic in edition.diagnostics:
            self._report(diagnostic)
        _leave_out(files, project, edition.refused)
        for file in files.documentation_pages():
            page = edition.pages[file.src_uri]
            if page.document is None:  # not UTF-8, or too large for a page: MkDocs would stop with a traceback
                said = [d for d in edition.diagnostics if d.loc.path == page.path]
                file.content_string = "# This file could not be read\n\n" + "".join(f"- `{d}`\n" for d in said)
            else:
                lines = page.text.split("\n")
                offer(lines[len(lines) - len(page.document.body.lines):], page.document.body)  # the conversion's
            self.pages[file.src_uri] = page.document
            if page.document is not None and page.is_document:
                self.texts[file.src_uri] = page.text  # the exports read the source again, at the model's positions
        self.release, self.anchors, self.record = edition.release, edition.anchors, edition.record
        self.anchors_path, self.record_path = project.file("anchors"), project.file("published")
        self.changelog = _changelog_page(config, project)
        files.append(File.generated(config, SUMMARY, content=SUMMARY_MARKDOWN))
        files.append(File.generated(config, CORRIGENDA, content=CORRIGENDA_MARKDOWN))
        self._resolve_citations(files, config, edition.citations)
        self._add_register(files, config, edition.register)
        self._cite_documents(files, config)
        return files

    def _cite_documents(self, files: Files, config: MkDocsConfig) -> None:
        """Start formatting how readers cite each document, once pandoc has read the bibliography."""
        if self.release is None:
            return
        for file in files.documentation_pages():
            document = self.pages[file.src_uri] if file.src_uri in self.texts else None
            # A page refused for its markup (ED008) is shown as written: nothing is made of it.
            if document is not None and document.meta.get("source") and not document.body.refused:
                self.documents[file.src_uri] = file.url
        documents = [(uri, self.pages[uri], _address(config, url)) for uri, url in self.documents.items()]
        self.forms = self.formatter.submit(_after, self.csl, self._format_works, documents,
                                                   config.site_name)
        self.style_title = self._style_name()  # read once, not per page

    def _format_works(self, documents: list[tuple[str, Document, str]], edition: str) -> dict[str, tuple]:
        items = {i["id"]: i for i in (self.csl.result() if self.csl else [])}
        release: Release = self.release
        works = {uri: cite.work(uri.removesuffix(".md").replace("/", "-"), doc.meta,
                                items.get(str(doc.meta["source"].get("key", ""))),
                                edition=edition, release=release, address=address)
                 for uri, doc, address in documents}
        formatted = citeproc.format_works([w.item for w in works.values()], self.style, self.cache)
        return {uri: (w, cite.forms(w, *formatted[w.id], citeproc.LOCATOR)) for uri, w in works.items()}

    def _add_register(self, files: Files, config: MkDocsConfig, register: Register) -> None:
        """The register's pages and the chronology."""
        passages = [Passage(uri, title(doc, uri), a) for uri, doc in self.pages.items()
                    if doc is not None for a in doc.body.annotations]
        files.append(File.generated(config, REGISTER, content=REGISTER_MARKDOWN))
        files.append(File.generated(config, CHRONOLOGY, content=CHRONOLOGY_MARKDOWN))
        entries = {}  # src_uri -> the entry a generated page is for
        for entity in register.entities.values():
            entries[sitefiles.entry_page(entity.id)] = entity
            files.append(File.generated(config, sitefiles.entry_page(entity.id), inclusion=InclusionLevel.NOT_IN_NAV,
                                        content=entry_page_markdown(entity.name)))
        mentions: dict[str, list[Passage]] = {}
        for p in passages:
            if p.annotation.kind == "mention":
                mentions.setdefault(p.annotation.value, []).append(p)
        self.entities, self.entries, self.mentions = register, entries, mentions
        self.aliases, self.dated = Aliases(register), [p for p in passages if p.annotation.kind == "date"]

    def _start_pandoc(self, project: Project, bib: Bibliography, cache: Path | None) -> None:
        """Start pandoc's reading of the bibliography while the pages are read."""
        self.cache, self.bibliography, self.style = cache, bib, project.file("csl")
        self.style_file = project.rel(self.style) if self.style.is_relative_to(project.root) else str(self.style)
        self.csl = self.formatter.submit(citeproc.csl_json, bib.readable, self.cache) if bib.works else None

    def _resolve_citations(self, files: Files, config: MkDocsConfig, resolved: references.Resolved) -> None:
        """Start formatting every citation, add the bibliography's files."""
        bib, style, cache = self.bibliography, self.style, self.cache
        pages = [references.page_citations(uri, doc) for uri, doc in self.pages.items() if doc is not None]
        # pandoc formats the citations on another core while MkDocs converts the
        # pages: the notes are needed from on_env on, the entries only by the
        # bibliography page.
        notes = entries = None
        # A bad entry of the bibliography is left out of what pandoc reads (reported): the rest is formatted.
        if not resolved.diagnostics:  # else pandoc's failure would only repeat them
            notes = self.formatter.submit(_after, self.csl, references.format_notes, resolved, pages, bib,
                                          style, cache)
            entries = self.formatter.submit(_after, notes, references.format_entries, resolved, bib, style, cache)
        bib_file, json_file = BIBLIOGRAPHY_DOWNLOADS
        self.csl_json = File.generated(config, json_file, content="[]")  # filled in on_env
        self.resolved, self.notes, self.bib_entries = resolved, notes, entries
        self.reported, self.files = len(resolved.diagnostics), files
        files.append(File.generated(config, BIBLIOGRAPHY, content=BIBLIOGRAPHY_MARKDOWN))
        files.append(File.generated(config, bib_file, content=bib.text))
        files.append(self.csl_json)

    def _collect(self, part: Future | None) -> None:
        """Wait for a part of pandoc's work, and report what it found."""
        if part is not None:
            part.result()
        for diagnostic in self.resolved.diagnostics[self.reported:]:
            self._report(diagnostic)
        self.reported = len(self.resolved.diagnostics)

    def on_env(self, env, config: MkDocsConfig, files: Files):
        """Every page is converted: collect the formatted notes (making exports
        while pandoc is still at them); the pages are about to be written, to
        Pagefind too."""
        notes: Future | None = self.notes
        self._write_exports(config, until=lambda: notes is None or notes.done())
        self._collect(self.notes)
        self._start_indexer()
        self.csl_json.content_string = json.dumps(self.resolved.items, ensure_ascii=False, indent=1)
        env.globals["edition_nav"] = _nav_item  # theme/partials/nav-item.html
        return env

    def prepare_page(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # MkDocs' templates print front matter (a title, a description) as HTML, unescaped.
        page.meta = _escaped(page.meta)
        page.meta.pop("template", None)  # refused (ED104): the edition's own templates lay every page out
        if page.file.generated_by:  # a page the build made, not an editor's file
            return markdown
        document = self.pages[page.file.src_uri]
        if document is not None and document.meta:
            self.headers[page.file.src_uri] = render_header(document.meta)
        return markdown

    def complete_page(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        src_uri = page.file.src_uri
        href = _href_from(page, files)
        register: Register = self.entities
        mentions: dict[str, list[Passage]] = self.mentions

        def entity_href(entity_id: str) -> str:
            return href(f"register/{entity_id}.md")

        if page.file.generated_by:  # no "Suggest a correction" on what the build wrote
            page.edit_url = None
        if src_uri == SUMMARY:
            return html + self._summary(page, files)
        if src_uri == CORRIGENDA:
            logged = [(title(doc, uri), uri, doc.meta.get("corrections") or []) for uri, doc in
                      sorted(self.pages.items()) if uri in self.texts]
            return html + corrigenda_html(logged, config.repo_url, href)
        if src_uri == REGISTER:
            counts = {entity_id: len(found) for entity_id, found in mentions.items()}
            return html + register_index_html(register, counts, entity_href)
        if src_uri == CHRONOLOGY:
            events = [e for e in register.entities.values() if e.type == "event"]
            return html + chronology_html(self.dated, events, href, entity_href)
        if src_uri in self.entries:
            entity = self.entries[src_uri]
            return html + entity_html(entity, mentions.get(entity.id, []), href)
        document = self.pages.get(src_uri)
        if document is None:  # generated, or not UTF-8 (reported, and shown as MkDocs read it)
            return html
        if document.body.page_refs:
            html = references.fill_page_refs(html, book(document), self.resolved.held, href, href(BIBLIOGRAPHY))
        if document.body.annotations:
            html = MENTION_RE.sub(lambda m: mention_target(m[1], register, entity_href), html)
        exports = ""
        if src_uri in self.documents:
            exports = exports_html(href(EXPORTS_PAGE) if files.get_file_from_path(EXPORTS_PAGE) else None)
            exports += self._print_address(_address(config, page.url))
        if src_uri in self.texts:
            # The one edit link of the page: Material's own is removed.
            edit_url, page.edit_url = page.edit_url, None
            if edit_url:  # none without a known repository (REPO_URL), as in a local preview
                how = href(CONTRIBUTING_PAGE) if files.get_file_from_path(CONTRIBUTING_PAGE) else None
                exports += suggest_html(edit_url, how)
            html += log_html(document.meta.get("corrections") or [], config.repo_url)
        # The names go first, in the part of the page above its first heading,
        # which search shows only when nothing else on the page matched.
        aliases = self.aliases.html(html) if src_uri in self.texts else ""
        return aliases + self.headers.get(src_uri, "") + exports + CITE_BOX_SLOT + html

    def reuse_conversion(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        src_uri = page.file.src_uri
        # A title from the page's heading would be lost with the conversion: those pages are converted.
        if src_uri not in self.texts or "title" not in page.meta:
            return markdown
        key = [*self._conversion_inputs(config, files), src_uri, page.file.url, markdown]
        kept = load(self.cache, "page", key)
        if kept is not None:
            self.converted[src_uri] = kept
            return ""  # nothing left to convert: the kept HTML is put back in on_page_content
        self.converting[src_uri] = (key, self.problems.said)
        return markdown

    def _conversion_inputs(self, config: MkDocsConfig, files: Files) -> list[str]:
        """What every page's conversion depends on besides its own Markdown:
        the code converting it, its settings, and every file's address."""
        if self.conversion is None:
            versions = [f"{name} {importlib.metadata.version(name)}"
                        for name in ("markdown", "pymdown-extensions", "mkdocs")]
            settings = json.dumps([config.markdown_extensions, config.mdx_configs, dict(config.validation),
                                   config.use_directory_urls], sort_keys=True, default=_named)
            addresses = hashlib.sha256("\n".join(f"{f.src_uri}\t{f.url}" for f in files).encode()).hexdigest()
            self.conversion = [CODE, *versions, settings, addresses]
        return self.conversion

    def keep_conversion(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        src_uri = page.file.src_uri
        if (kept := self.converted.pop(src_uri, None)) is not None:
            page.toc = get_toc(kept["toc"])
            page.present_anchor_ids = set(kept["ids"])
            if kept["links"] is not None:
                page.links_to_anchors = {files.get_file_from_path(uri): links for uri, links in kept["links"].items()}
            return kept["html"]
        if (pending := self.converting.pop(src_uri, None)) is not None and self.problems.said == pending[1]:
            links = page.links_to_anchors
            store(self.cache, "page", pending[0], {
                "html": html, "toc": [_toc_token(link) for link in page.toc],
                "ids": sorted(page.present_anchor_ids or ()),
                "links": None if links is None else {file.src_uri: found for file, found in links.items()}})
        return html

    def _works(self) -> dict[str, tuple]:
        """How readers cite each document (waits for pandoc)."""
        if self.forms is None:
            return {}
        try:
            return self.forms.result()
        except citeproc.CiteprocError as err:
            if not self.forms_failed:
                self.forms_failed = True
                self._report(Diagnostic("ED604", Loc(self.style_file, 1),
                                        f"pandoc could not format the citations of the edition's own documents: "
                                        f"{err}", "correct the style file"))
            return {}

    def _cite_box(self, document: Document, page: Page, href) -> str:
        found = self._works().get(page.file.src_uri)
        if found is None:
            return ""
        work, forms = found
        return cite_box(work, forms, cite.passages(document.body), self.release, self.style_title,
                        href(self.changelog) if self.changelog else "")

    def _style_name(self) -> str:
        """The citation style's title, as its CSL file gives it."""
        m = re.search(r"<title>([^<]+)</title>", self.style.read_text(encoding="utf-8"))
        return m[1] if m else self.style.stem

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        resolved: references.Resolved = self.resolved
        files = self.files
        href = _href_from(page, files)
        if page.file.src_uri == BIBLIOGRAPHY:
            self._collect(self.bib_entries)
            works, missing = references.bibliography_html(
                self.bibliography, resolved,
                lambda place: href(place.src_uri) + (f"#{place.anchor}" if place.anchor else ""))
            # Each list goes below its heading of BIBLIOGRAPHY_MARKDOWN.
            head, heading, tail = page.content.partition(f'<h2 id="{references.MISSING_PAGES}"')
            page.content = head + works + heading + tail + missing
            self._cite_context(context, page, config)
            return context
        document = self.pages.get(page.file.src_uri)
        if document is not None:
            page.content = page.content.replace(CITE_BOX_SLOT, self._cite_box(document, page, href), 1)
        if document is not None and (document.body.citations or document.body.works_cited):
            page.content = references.fill_page(page.content, document.body, resolved.notes.get(page.file.src_uri, []),
                                                resolved.labels, href(BIBLIOGRAPHY))
        self._cite_context(context, page, config)
        return context

    def _cite_context(self, context, page: Page, config: MkDocsConfig) -> None:
        """The version for the footer, a document's metadata for the head, and
        every address the page publishes, for the anchor register."""
        release: Release | None = self.release
        if release is not None:
            context["edition_version"] = f"Version {release.version} of {format_date(release.date)}"
        if self.changelog and release is not None:
            context["edition_changelog"] = _href_from(page, self.files)(self.changelog)
        found = self._works().get(page.file.src_uri)
        if found is not None:
            work, _ = found
            document = self.pages[page.file.src_uri]
            context["edition_head"] = head_tags(work, document.meta, release, config.site_name,
                                                _exports(config, page.url))
        if self.anchors is not None:
            page.content = anchors.keep_moved(page.content, page.url, self.anchors)
            self.built[page.url] = anchors.ids(page.content)

    def _start_indexer(self) -> None:
        try:
            self.indexer = Indexer()
        except SearchIndexError as err:
            self.indexer = None
            log.error(f"the search index could not be built: {err}")

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        self.written.add(page.url)
        if self.indexer is not None:
            self.indexer.add(output, "/" + page.url)
        return output

    def _unwritten(self, config: MkDocsConfig) -> list[tuple[str, str]]:
        """The pages a `--dirty` build left as an earlier build wrote them
        (URL, HTML): the search index and the check of published addresses
        take them from the site's folder, or they would lose them."""
        found = []
        for file in self.files.documentation_pages():
            path, url = Path(config.site_dir) / file.dest_uri, file.url.removeprefix("./")  # the home page's is ''
            if url not in self.written and path.is_file():
                found.append((url, path.read_text(encoding="utf-8")))
        return found

    def on_build_error(self, error: Exception) -> None:
        gc.unfreeze()
        close()  # the results kept so far stay kept
        if self.indexer is not None:
            self.indexer.close()
        self._end()

    def _end(self) -> None:
        """Nothing of this build stays in the process: its log counter, its threads."""
        logging.getLogger("mkdocs").removeHandler(self.problems)
        self.formatter.shutdown(wait=False, cancel_futures=True)

    def on_post_build(self, config: MkDocsConfig) -> None:
        for url, html in self._unwritten(config) if self.dirty else ():
            self.built[url] = anchors.ids(html[html.find("<article"):html.rfind("</article>")])
            if self.indexer is not None:
                self.indexer.add(html, "/" + url)
        self._keep_addresses(config)
        try:  # the exports are written while Pagefind builds its index
            if self.indexer is not None:
                self.indexer.write(Path(config.site_dir), meanwhile=lambda: self._write_exports(config))
            else:
                self._write_exports(config)
        except SearchIndexError as err:
            log.error(f"the search index could not be built: {err}")
        if self.cache is not None:
            prune(self.cache)  # what this build did not use: older texts' conversions, exports, citations
        if os.environ.get("EDITION_RECORD"):
            self._record()
        if self.last:
            # Python's collections at the process's exit would walk every object
            # the build made, to free nothing the exit does not (a second at a
            # thousand documents): they are set aside.
            gc.freeze()
        else:
            gc.unfreeze()  # a next build replaces this one's model: it may be collected
        self._end()

    def _record(self) -> None:
        """Record what this build publishes (for the deploy workflow, `make
        record`): its addresses in the anchor register, and each transcription's
        fingerprint with the length of its corrections log.  Only a build
        without a single warning is recorded."""
        if self.problems.count:
            log.error(f"nothing recorded: the build reported {self.problems.count} problems; mend them first")
            return
        if self.anchors is not None:
            self.anchors_path.write_text(anchors.update(self.anchors, self.built),
                                                 encoding="utf-8")
        if self.record is not None:
            published = [(self.pages[uri], text) for uri, text in self.texts.items()]
            self.record_path.write_text(corrections.write(published), encoding="utf-8")
        log.info("recorded as published: this build's addresses and transcriptions")

    def _write_exports(self, config: MkDocsConfig, until: Callable[[], bool] = lambda: False) -> None:
        """Each document's TEI and plain texts, beside its page, but those
        written already, until `until()` says to stop (work done while the build
        would wait).  They are made again only when their inputs change: the
        document, the edition's name, release and address, the kinds of the
        register's entries, or the code."""
        if not self.documents:  # none, or no version to state (self._cite_documents)
            return
        register: Register = self.entities
        types = {entity_id: entity.type for entity_id, entity in register.entities.items()}
        release: Release = self.release
        shared = [CODE, config.site_name, release.version, release.date, _address(config, ""),
                  json.dumps(types, sort_keys=True)]
        exported = self.exported
        for src_uri, url in self.documents.items():
            if src_uri in exported:
                continue
            if until():
                return
            exported.add(src_uri)
            document, text = self.pages[src_uri], self.texts[src_uri]
            context = ExportContext(config.site_name, release.version, release.date, _address(config, url),
                                    lambda entity_id: _address(config, f"register/{entity_id}/"), types,
                                    lambda key: _address(config, f"bibliography/#{key}"))
            exports = cached(self.cache, "exports", [*shared, url, text],
                             functools.partial(_export, document, text, context), memory=False)
            folder = Path(config.site_dir) / url
            folder.mkdir(parents=True, exist_ok=True)
            for kind, name in EXPORTS.items():
                (folder / name).write_text(exports[kind], encoding="utf-8")

    def _print_address(self, address: str) -> str:
        """Shown only on paper (edition.css): where the printed page lives, and in which version."""
        release: Release | None = self.release
        version = f", version {escape(release.version)} of the edition" if release else ""
        return f'<p class="print-address" hidden {IGNORE}>Printed from {escape(address)}{version}.</p>\n'

    def _keep_addresses(self, config: MkDocsConfig) -> None:
        """No published address may disappear: check the build against the
        anchor register, and write a redirect page for every moved page."""
        register: anchors.Register | None = self.anchors
        if register is None:
            return
        built: dict[str, list[str]] = self.built
        gone = anchors.check(register, built)
        if gone and self.problems.sources:
            # A problem in a source (a citation, a register entry) can take
            # addresses with it; advice to redirect them would mislead.  Mended,
            # the next build checks them again.
            log.info(f"edition: {len(gone)} published addresses are not in this build; they are checked again "
                     "once the problems above are mended")
        else:
            for diagnostic in gone:
                self._report(diagnostic)
        if new := anchors.unlisted(register, built):
            log.info(f"{len(new)} new addresses; the deploy workflow records them in "
                     f"{self.anchors_path.name} when it publishes them")
        for old, target in anchors.page_redirects(register, built).items():
            path = Path(config.site_dir) / old / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(target, encoding="utf-8")

    def _summary(self, page: Page, files: Files) -> str:
        documents = []
        for src_uri, document in sorted(self.pages.items()):
            if document is None or not src_uri.startswith(TEXTS):
                continue
            file = files.get_file_from_path(src_uri)
            documents.append((title(document, src_uri), file.url_relative_to(page.file), document.body.apparatus))
        return etree.tostring(summary_element(documents), encoding="unicode", method="html")
