"""The MkDocs adapter: it translates each event of a build into a call to
the edition's `Publication` (`edition.publishing`, which holds every rule of
what is built) and back into MkDocs' terms: files, pages, addresses, the
log.  The text is rendered by `edition.extension`.

It reads every page's source file itself (MkDocs drops malformed front
matter silently and strips it before Markdown sees it), reports every
diagnostic as a warning naming `file:line:col` — so `mkdocs build --strict`
fails on any of them —, and keeps each transcription's conversion between
builds.
"""

from __future__ import annotations

import gc
import hashlib
import importlib.metadata
import json
import logging
import os
import subprocess
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils import normalize_url

from edition import nav_html, sitefiles
from edition.cache import CODE, CacheError, load, store
from edition.diagnostics import inert
from edition.document import title_html
from edition.extension import forget_offers, offer
from edition.project import EXTENSION, Project, ProjectError, exclusions, nav_pages, outside_nav
from edition.publishing import Publication, Settings
from edition.siteconfig import check_config
from edition.sitefiles import BIBLIOGRAPHY_DOWNLOADS

log = get_plugin_logger("edition")  # under `mkdocs.`, so --strict counts it


class _Problems(logging.Handler):
    """Counts the build's warnings and errors (only a build without any is
    recorded as published), and every message (a page whose conversion said
    anything is converted again next time, to say it again)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0
        self.said = 0

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


class SiteBuild:
    """One build of the site, from `on_config` to `on_post_build`.  The plugin
    makes one for each build (`mkdocs serve` builds again and again in one
    process) and drops it after."""

    def __init__(self, last: bool, dirty: bool = False) -> None:
        self.last = last  # `mkdocs build` or `gh-deploy`: the process ends with this build
        self.dirty = dirty  # `--dirty`: only the pages whose sources changed are written
        self.problems = _Problems()
        self.publication: Publication | None = None  # made in on_files
        self.files: Files | None = None
        self.csl_json: File | None = None  # the bibliography's CSL-JSON download, filled in on_env
        self.written: set[str] = set()  # the pages this build wrote (their URLs)
        self.conversion: list[str] | None = None  # what every page's conversion depends on
        self.converted: dict[str, dict] = {}  # src_uri -> the kept conversion, to be put back
        self.converting: dict[str, tuple[list[str], int]] = {}  # src_uri -> its key, and the messages said before it

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
        for file in files.documentation_pages():
            page = edition.pages[file.src_uri]
            if page.document is None:  # not UTF-8, or too large for a page: MkDocs would stop with a traceback
                said = [d for d in edition.diagnostics if d.loc.path == page.path]
                file.content_string = "# This file could not be read\n\n" + "".join(f"- `{d}`\n" for d in said)
            else:
                lines = page.text.split("\n")
                offer(lines[len(lines) - len(page.document.body.lines):], page.document.body)  # the conversion's
        urls = {file.src_uri: file.url for file in files.documentation_pages()}
        for made in self.publication.generated(urls):
            file = File.generated(config, made.src_uri, content=made.content,
                                  inclusion=InclusionLevel.UNDEFINED if made.listed else InclusionLevel.NOT_IN_NAV)
            files.append(file)
            if made.src_uri == BIBLIOGRAPHY_DOWNLOADS[1]:
                self.csl_json = file
        self.files = files
        return files

    def on_env(self, env, config: MkDocsConfig, files: Files):
        """Every page is converted: the citations are collected, the pages are about to be written."""
        self.publication.pages_converted(Path(config.site_dir))
        self.csl_json.content_string = self.publication.csl_json()
        env.globals["edition_nav"] = _nav_item  # theme/partials/nav-item.html
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
                page.links_to_anchors = {files.get_file_from_path(uri): links for uri, links in kept["links"].items()}
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
        self.written.add(page.url)
        self.publication.written(page.url, output)
        return output

    def _unwritten(self, config: MkDocsConfig) -> list[tuple[str, str]]:
        """The pages a `--dirty` build left as an earlier build wrote them (URL, HTML)."""
        found = []
        for file in self.files.documentation_pages():
            path, url = Path(config.site_dir) / file.dest_uri, file.url.removeprefix("./")  # the home page's is ''
            if url not in self.written and path.is_file():
                found.append((url, path.read_text(encoding="utf-8")))
        return found

    def on_build_error(self, error: Exception) -> None:
        gc.unfreeze()
        self._end()

    def on_post_build(self, config: MkDocsConfig) -> None:
        self.publication.finish(Path(config.site_dir), self._unwritten(config) if self.dirty else [],
                                self.problems.count)
        if self.last:
            # Python's collections at the process's exit would walk every object
            # the build made, to free nothing the exit does not (a second at a
            # thousand documents): they are set aside.
            gc.freeze()
        else:
            gc.unfreeze()  # a next build replaces this one's model: it may be collected
        self._end()

    def _end(self) -> None:
        """Nothing of this build stays in the process: its log counter, its threads, its open files."""
        logging.getLogger("mkdocs").removeHandler(self.problems)
        if self.publication is not None:
            self.publication.close()
