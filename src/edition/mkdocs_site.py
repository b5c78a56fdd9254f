"""The MkDocs adapter: it translates each event of a build into a call to
the edition's `Publication` (`edition.publishing`, which holds every rule of
what is built) and back into MkDocs' terms: files, pages, addresses, the
log.  The text is rendered by `edition.extension`.

It reads every page's source file itself (MkDocs drops malformed front
matter silently and strips it before Markdown sees it), reports every
diagnostic as a warning naming `file:line:col` — so `mkdocs build --strict`
fails on any of them —, and keeps each transcription's conversion between
builds.

Under `mkdocs serve --dirty` a rebuild reads and writes only the pages an
edit reaches: what the previous build left (`Previous`, which the plugin
keeps) tells which pages' sources changed and which pages are made from
them, and stands in for the others (their titles in the navigation, their
anchors for MkDocs' check of links, what the search index was given of them).
"""

from __future__ import annotations

import gc
import hashlib
import importlib.metadata
import json
import logging
import os
import subprocess
import threading
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from jinja2.bccache import BytecodeCache, Bucket
from mkdocs.commands.build import _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils import normalize_url
from mkdocs.utils.meta import get_data

from edition import nav_html, sitefiles
from edition.cache import CODE, CacheError, load, recent, store
from edition.diagnostics import inert
from edition.document import title_html
from edition.extension import forget_offers, offer
from edition.project import EXTENSION, Project, ProjectError, exclusions, nav_pages, outside_nav
from edition.publishing import Indexing, Publication, Settings
from edition.siteconfig import check_config
from edition.sitefiles import BIBLIOGRAPHY_DOWNLOADS

log = get_plugin_logger("edition")  # under `mkdocs.`, so --strict counts it


class _Problems(logging.Handler):
    """Counts the build's warnings and errors (only a build without any is
    recorded as published), and every message (a page whose conversion said
    anything is converted again next time, to say it again), and names the
    pages being read or written when one was said (a `--dirty` build reads
    them again, likewise)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0
        self.said = 0
        self.config: MkDocsConfig | None = None
        self.pages: set[str] = set()  # src_uri

    def emit(self, record: logging.LogRecord) -> None:
        self.said += 1
        self.count += record.levelno >= logging.WARNING
        if (page := getattr(self.config, "_current_page", None)) is not None:  # MkDocs' own, while it reads or writes
            self.pages.add(page.file.src_uri)


@dataclass(frozen=True, slots=True)
class Kept:
    """A page as a build left it, for a later `--dirty` build that does not read it."""

    url: str
    title: str | None  # in the navigation
    anchors: set[str] | None  # which other pages' links to it are checked against
    links: dict[str, dict[str, str]] | None  # its links to anchors, by the page linked to (src_uri), checked likewise
    found: bytes | None  # what the search index was given of it, compressed (None: not written)
    ids: list[str] | None  # the anchors it publishes (`Publication.built`)


@dataclass(frozen=True, slots=True)
class Previous:
    """What a build of `mkdocs serve --dirty` leaves for the next (the plugin keeps it)."""

    key: str  # what every page is made from (`SiteBuild._whole`)
    sources: dict[str, str]  # src_uri -> what the page was made from: its source's text, or the generated Markdown
    said: set[str]  # the pages that said something while read or written: read again, to say it again
    inputs: dict[str, Any]  # src_uri -> what it is made from of other sources (`Publication.inputs`)
    pages: dict[str, Kept]  # src_uri -> the page as this build left it


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


class _Compiled(BytecodeCache):
    """Templates compiled once a process: MkDocs makes a new Jinja environment
    for every build, which compiled each of the theme's templates again under
    `mkdocs serve` (0.15 s of a rebuild).  Jinja checks each template's source
    against what was compiled, so a changed template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _Compiled()


def _body(page) -> list[str]:
    """A page's lines after its front matter, as the edition read them."""
    lines = page.text.split("\n")
    return lines[len(lines) - len(page.document.body.lines):]


def _leave_out(files: Files, project: Project, refused: frozenset[str]) -> None:
    """The files the reading refused (reported with its problems), and any MkDocs found through a refused link."""
    for file in list(files):
        if file.generated_by or file.src_dir != str(project.docs):
            continue  # generated, or the theme's
        if file.src_uri in refused or any(file.src_uri.startswith(uri + "/") for uri in refused):
            files.remove(file)


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


COLLECT_AFTER = 1.0  # seconds: the reader's browser has been sent the rebuilt page


class Collection:
    """Under `mkdocs serve`, the collection of a build's objects, set aside
    while it ran, a moment after it, in a thread of its own.  At 10,000
    documents it holds the process for some 3 s; left to Python, it fell in
    the next build, between the next edit and its page."""

    def __init__(self) -> None:
        self.wanted = threading.Event()
        self.thread = threading.Thread(target=self._collect, name="edition-collect", daemon=True)
        self.thread.start()

    def _collect(self) -> None:
        self.wanted.wait(COLLECT_AFTER)
        gc.unfreeze()
        gc.collect()

    def finish(self) -> None:
        """Collect now, before a next build sets its own objects aside."""
        self.wanted.set()
        self.thread.join()


class SiteBuild:
    """One build of the site, from `on_config` to `on_post_build`.  The plugin
    makes one for each build (`mkdocs serve` builds again and again in one
    process) and drops it after, keeping only what a `--dirty` build leaves
    for the next (`left`)."""

    def __init__(self, last: bool, dirty: bool = False, previous: Previous | None = None) -> None:
        self.last = last  # `mkdocs build` or `gh-deploy`: the process ends with this build
        self.dirty = dirty  # `--dirty`: only the pages an edit reaches are read and written
        self.previous = previous  # what the last build of this `mkdocs serve --dirty` left
        self.key = ""  # what every page is made from (`_whole`)
        self.sources: dict[str, str] = {}  # src_uri -> what the page is made from (`Previous.sources`)
        self.inputs: dict[str, Any] = {}  # src_uri -> what it is made from of other sources
        self.keeping = dirty and not last  # `mkdocs serve --dirty`: this build leaves `left` for the next
        self.left: Previous | None = None
        self.indexing: Indexing | None = None  # `keeping`: the search index, written after the build
        self.collecting: Collection | None = None  # `mkdocs serve`: this build's objects, collected after it
        self.problems = _Problems()
        self.publication: Publication | None = None  # made in on_files
        self.files: Files | None = None
        self.csl_json: File | None = None  # the bibliography's CSL-JSON download, filled in on_env
        self.found: dict[str, bytes] = {}  # URL -> what the search index was given of the page, compressed
        self.conversion: list[str] | None = None  # what every page's conversion depends on
        self.converted: dict[str, dict] = {}  # src_uri -> the kept conversion, to be put back
        self.converting: dict[str, tuple[list[str], int]] = {}  # src_uri -> its key, and the messages said before it

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(self.problems)  # until the build ends (`_end`)
        self.problems.config = config
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
        if problems := recent(check_config, config_file.read_text(encoding="utf-8"), config_file.name):
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
        forget_offers()  # the extension's, kept by the process
        root = Path(config.config_file_path).resolve().parent  # `-f mkdocs.yml` leaves it relative
        project = Project(root, Path(config.config_file_path), Path(config.docs_dir),
                          config.mdx_configs.get(EXTENSION, {}), exclusions(config.exclude_docs), nav_pages(config.nav),
                          outside_nav(config.not_in_nav, config.draft_docs),
                          sitefiles.machinery(config.extra_javascript, config.extra_css))
        try:  # the same reading and checks as `edition check`
            self.publication = Publication(project, Settings(config.site_name, config.site_url or "", config.repo_url),
                                           log)
            edition = self.publication.read()
        except (ProjectError, CacheError) as err:
            raise PluginError(inert(str(err))) from None
        _leave_out(files, project, edition.refused)
        faulty = {d.loc.path for d in edition.diagnostics}
        for file in files.documentation_pages():
            page = edition.pages[file.src_uri]
            if page.document is None:  # not UTF-8, or too large for a page: MkDocs would stop with a traceback
                said = [d for d in edition.diagnostics if d.loc.path == page.path]
                file.content_string = "# This file could not be read\n\n" + "".join(f"- `{d}`\n" for d in said)
            elif page.path in faulty and len(get_data(page.text)[0].split("\n")) != len(_body(page)):
                # MkDocs keeps front matter it cannot read as text: the page must show the body the edition read.
                file.content_string = "---\n{}\n---\n" + "\n".join(_body(page))
            if not self.dirty:  # a `--dirty` build offers only the pages it reads (`_offer`)
                self._offer(file.src_uri)
        urls = {file.src_uri: file.url for file in files.documentation_pages()}
        for made in self.publication.generated(urls):
            file = File.generated(config, made.src_uri, content=made.content,
                                  inclusion=InclusionLevel.UNDEFINED if made.listed else InclusionLevel.NOT_IN_NAV)
            files.append(file)
            if made.src_uri == BIBLIOGRAPHY_DOWNLOADS[1]:
                self.csl_json = file
        self.files = files
        self.key = self._whole(files, config)
        if self.dirty:
            self._mark(files, config)
        return files

    def _offer(self, src_uri: str) -> None:
        """Offer the conversion the model the edition read (10,000 offers took 0.15 s of each rebuild)."""
        page = self.publication.edition.pages.get(src_uri)
        if page is not None and page.document is not None:
            offer(_body(page), page.document.body)

    def _whole(self, files: Files, config: MkDocsConfig) -> str:
        """What every page is made from: the edition's code, its settings, its
        files outside docs/ (the navigation shows every page, every page the
        version), and every file's address."""
        project = self.publication.project
        paths = [Path(config.config_file_path)] + [project.file(option) for option in (
            "bibliography", "register", "csl", "changelog", "anchors", "published")]
        parts = [CODE, config.site_url or "", config.repo_url or "", config.site_dir]
        parts += [path.read_text(encoding="utf-8", errors="replace") if path is not None and path.is_file() else ""
                  for path in paths]
        parts += [f"{file.src_uri}\t{file.url}" for file in files]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def _mark(self, files: Files, config: MkDocsConfig) -> None:
        """`--dirty`: which pages MkDocs reads and writes (it asks each page's
        `is_modified`, which compares file times; a generated page is always
        modified).  Those whose source changed, or that said something last
        time, or that are new; every page if what every page is made from
        changed, or on the first build.  The pages they reach are added
        once they are read (`_reach`)."""
        if self.previous is not None and self.previous.key != self.key:
            self.previous = None
        previous, sources = self.previous, self.publication.edition.pages
        unread = set()
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            page = sources.get(file.src_uri)
            source = self.sources[file.src_uri] = (page.text if page is not None and page.text is not None
                                                   else file.content_string)
            # The last build of this process wrote every page into this site folder.
            read = (previous is None or file.src_uri in previous.said or file.src_uri not in previous.pages
                    or previous.sources.get(file.src_uri) != source)
            file.is_modified = (lambda: True) if read else (lambda: False)  # shadows the method
            if read:
                self._offer(file.src_uri)
            else:
                unread.add(file.src_uri)
        self.publication.leave(unread)

    def _reach(self, config: MkDocsConfig, files: Files) -> None:
        """`--dirty`, once the pages whose sources changed are read: read too
        the pages made from them (those whose inputs from other sources
        changed; every page if a title in the navigation did), and let the
        last build's record of every other page stand in for it."""
        self.inputs = self.publication.inputs()
        pages = [file for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
                 if file.page is not None]
        unread = {file.src_uri: file for file in pages if not file.is_modified()}
        if not unread:
            return
        kept = self.previous.pages
        retitled = any(file.page.title != kept[file.src_uri].title for file in pages
                       if file.src_uri not in unread and file.src_uri in kept)
        for src_uri in [uri for uri in unread if retitled or self.inputs.get(uri) != self.previous.inputs.get(uri)]:
            file = unread.pop(src_uri)
            file.is_modified = lambda: True
            self._offer(src_uri)
            _populate_page(file.page, config, files)  # MkDocs' own reading of a page, as its build loop does
        for src_uri, file in unread.items():
            page, stand = file.page, kept[src_uri]
            page.title, page.present_anchor_ids = stand.title, stand.anchors
            if stand.links is not None:
                page.links_to_anchors = {files.src_uris.get(uri): links for uri, links in stand.links.items()}
        self.publication.leave(unread)

    def on_env(self, env, config: MkDocsConfig, files: Files):
        """Every page is converted: the citations are collected, the pages are about to be written."""
        self.publication.pages_converted(Path(config.site_dir), len(files.documentation_pages()))
        if self.dirty:
            self._reach(config, files)
        self.csl_json.content_string = self.publication.csl_json()
        env.globals["edition_nav"] = _nav_item  # theme/partials/nav-item.html
        env.bytecode_cache = _COMPILED
        return env

    def prepare_page(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # MkDocs' templates print front matter (a title, a description) as HTML, unescaped.
        page.meta = _escaped(page.meta)
        page.meta.pop("template", None)  # refused (ED104): the edition's own templates lay every page out
        if self.publication.is_transcription(page.file.src_uri) and "title" in page.meta:
            document = self.publication.edition.pages[page.file.src_uri].document
            page.meta["title"] = title_html(document.meta)  # the heading's and the navigation's: a book in italics
        return markdown

    def reuse_conversion(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        src_uri = page.file.src_uri
        # A title from the page's heading would be lost with the conversion: those pages are converted.
        if not self.publication.is_transcription(src_uri) or "title" not in page.meta:
            return markdown
        key = [*self._conversion_inputs(config, files), src_uri, page.file.url, markdown]
        kept = load(self.publication.cache, "page", key)
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
                page.links_to_anchors = {files.src_uris.get(uri): links for uri, links in kept["links"].items()}
            return kept["html"]
        if (pending := self.converting.pop(src_uri, None)) is not None and self.problems.said == pending[1]:
            links = page.links_to_anchors
            store(self.publication.cache, "page", pending[0], {
                "html": html, "toc": [_toc_token(link) for link in page.toc],
                "ids": sorted(page.present_anchor_ids or ()),
                "links": None if links is None else {file.src_uri: found for file, found in links.items()}})
        return html

    def complete_page(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        src_uri = page.file.src_uri
        edit_url = page.edit_url
        if page.file.generated_by or self.publication.is_transcription(src_uri):
            page.edit_url = None  # none on what the build wrote; a transcription's is its "Suggest a correction"
        return self.publication.complete(src_uri, html, page.url, _href_from(page, files), edit_url)

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        page.content, found = self.publication.context(page.file.src_uri, page.content, page.url,
                                                       _href_from(page, self.files))
        context.update(found)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        found = self.publication.written(page.url, output, keep=self.keeping)
        # MkDocs keeps every page's HTML until the build ends (51 KB a document: half a gigabyte at
        # 10,000, beside Pagefind making its index); nothing reads it once the page is written.  (Not
        # its Markdown: without it, the page has no title, in the navigation of the pages after it.)
        page.content = None
        if found is not None:  # kept between builds
            self.found[page.url] = found
        return output

    def _unwritten(self) -> dict[str, tuple[bytes, list[str] | None]]:
        """The pages a `--dirty` build left as the last build wrote them, by
        URL: what the search index was given of each, and its anchors."""
        found = {}
        for src_uri in self.publication.unread:
            kept = self.previous.pages[src_uri]
            if kept.found is not None:
                found[kept.url] = (kept.found, kept.ids)
                self.found[kept.url] = kept.found
        return found

    def _leave(self, files: Files) -> Previous:
        """What this build leaves for the next `--dirty` one."""
        pages = {}
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            if (page := file.page) is not None:
                links = page.links_to_anchors
                pages[file.src_uri] = Kept(page.url, page.title, page.present_anchor_ids,
                                           None if links is None else {f.src_uri: found for f, found in links.items()},
                                           self.found.get(page.url), self.publication.built.get(page.url))
        return Previous(self.key, self.sources, self.problems.pages, self.inputs, pages)

    def on_build_error(self, error: Exception) -> None:
        gc.unfreeze()
        self._end()

    def on_post_build(self, config: MkDocsConfig) -> None:
        # Under `mkdocs serve --dirty` the edited page is shown at once, and Pagefind indexes every page again
        # meanwhile; a build that wrote every page (the first) writes the index, as a full build does.
        self.indexing = self.publication.finish(Path(config.site_dir), self._unwritten(), self.problems.count,
                                                index_later=self.keeping and self.previous is not None)
        if self.keeping:
            self.left = self._leave(self.files)
        if self.last:
            # Python's collections at the process's exit would walk every object
            # the build made, to free nothing the exit does not (a second at a
            # thousand documents): they are set aside.
            gc.freeze()
        else:  # a next build replaces this one's model: it may be collected
            self.collecting = Collection()
        self._end()

    def _end(self) -> None:
        """Nothing of this build stays in the process: its log counter, its threads, its open files."""
        logging.getLogger("mkdocs").removeHandler(self.problems)
        if self.publication is not None:
            self.publication.close()
