"""The generator in an edition's `mkdocs.yml`: `plugins: [edition]`.

An edition installs the `edition` package and names the plugin; it holds
no copy of the machinery.  The plugin puts the package's templates
(`theme/`) before Material's, publishes its scripts and styles
(`assets/`, at `assets/edition/`), and hands each event of a build to that
build's `SiteBuild` (`mkdocs_site`), made in `on_config` and dropped when
the build ends: `mkdocs serve` builds again and again in one process, and
nothing of one build reaches the next but, under `mkdocs serve --dirty`,
what tells the next which pages an edit reaches (`Previous`) and the search
index it is still writing.  Under `mkdocs serve` it watches `docs/` in
MkDocs' place (`watching`).  The Markdown extension, `edition.extension`, is
named under `markdown_extensions` (it renders the text wherever
Python-Markdown runs).
"""

from __future__ import annotations

import gc
from importlib.resources import files
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .mkdocs_site import Collection, Previous, SiteBuild
from .publishing import Indexing
from .project import EXTENSION, Project, exclusions
from .watching import SLOW_POLL, DocsWatcher

log = get_plugin_logger("edition")
THEME = Path(str(files("edition").joinpath("theme")))  # package data, wherever the package is installed
ASSETS = Path(str(files("edition").joinpath("assets")))
PUBLISHED = "assets/edition/"  # where the scripts and styles are published
SCRIPTS = ("view.js", "citation.js", "search.js", "notes.js", "facsimile.js", "parallel.js")
# Published, and loaded by a script only where a page needs it (facsimile.js): BSD-3-Clause, see its README.
VENDORED = ("openseadragon/openseadragon.min.js", "openseadragon/LICENSE.txt")
STYLES = ("fonts.css", "edition.css", "marks.css", "search.css")
FONTS = ("fonts/roboto-regular.woff2", "fonts/roboto-italic.woff2", "fonts/roboto-bold.woff2")  # fonts.css's


class EditionOptions(base.Config):
    """The edition's identity (edition/identity.py).  Any value is taken here:
    the edition's reading checks each, and reports it at its line."""

    editors = c.Optional(c.Type(object))
    publisher = c.Optional(c.Type(object))
    licence = c.Optional(c.Type(object))
    doi = c.Optional(c.Type(object))


class EditionPlugin(BasePlugin[EditionOptions]):
    def __init__(self) -> None:
        super().__init__()
        self.last = False  # `mkdocs build` or `gh-deploy`: the process ends with the build
        self.dirty = False  # `--dirty`: only the pages an edit reaches are written
        self.build: SiteBuild | None = None
        self.previous: Previous | None = None  # what the last `--dirty` build of `mkdocs serve` left
        self.indexing: Indexing | None = None  # and its search index, maybe still being written
        self.collecting: Collection | None = None  # and the collection of its objects, maybe not yet done
        self.watcher: DocsWatcher | None = None  # what notices an edit in docs/ under `mkdocs serve`

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.last = command in ("build", "gh-deploy")
        self.dirty = dirty
        self.previous = None  # a new session (tests start many in one process)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """`mkdocs serve --clean` starts up as a 'build': it is a serve, whose
        process builds again and again, so no build may set its objects aside."""
        self.last = False
        gc.unfreeze()  # what the first build set aside
        # The edition's files outside docs/ that its pages are made from: a change to one rebuilds, too.
        root = Path(config.config_file_path).resolve().parent
        project = Project(root, Path(config.config_file_path), Path(config.docs_dir),
                          config.mdx_configs.get(EXTENSION, {}), exclusions(config.exclude_docs))
        for path in [project.file(option) for option in ("bibliography", "register", "csl")] + [root / "witnesses"]:
            if path is not None and path.exists() and path.is_relative_to(root):
                server.watch(str(path))
        self._stop_watching()
        try:
            server.unwatch(config.docs_dir)  # MkDocs' polling of every source (edition/watching.py)
        except KeyError:  # `--no-livereload`: nothing is watched
            return server
        watcher = DocsWatcher(Path(config.docs_dir))
        if error := watcher.start():
            server.watch(config.docs_dir)
            log.info(f"The system's notice of changes to '{config.docs_dir}' cannot be had ({error}); MkDocs "
                     "polls it twice a second instead")
            return server
        server.watch(str(watcher.signal))
        self.watcher = watcher
        log.info(f"Watching '{config.docs_dir}' by the system's notice of changes, and polling it every "
                 f"{SLOW_POLL:g} s for the changes that misses")
        return server

    @event_priority(100)  # first: every other plugin sees the edition's templates and assets
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        dirs = config.theme.dirs
        # After an edition's own `custom_dir`, which may override a template, before Material's.
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        config.extra_css = [PUBLISHED + name for name in STYLES] + list(config.extra_css)
        config.extra_javascript = [PUBLISHED + name for name in SCRIPTS] + list(config.extra_javascript)
        self._stop_indexing()
        self._collect()  # before this build sets its own objects aside
        self.build = SiteBuild(self.last, self.dirty, self.previous)
        self.previous = None  # a build that fails leaves the site as it may be: the next reads every page
        return self.build.on_config(config)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for name in SCRIPTS + STYLES + FONTS + VENDORED:
            files.append(File.generated(config, PUBLISHED + name, abs_src_path=str(ASSETS / name)))
        return self.build.on_files(files, config)

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        return self.build.on_env(env, config, files)

    # Before other plugins' page events, so they see the header like any content.
    @event_priority(50)
    def _prepare_page(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.build.prepare_page(markdown, page, config, files)

    # Last, so that the key of a kept conversion is the Markdown as every plugin left it.
    @event_priority(-100)
    def _reuse_conversion(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.build.reuse_conversion(markdown, page, config, files)

    on_page_markdown = CombinedEvent(_prepare_page, _reuse_conversion)

    # First, so that every other handler sees the page's HTML.
    @event_priority(100)
    def _keep_conversion(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.build.keep_conversion(html, page, config, files)

    # Before other plugins' page events: the extra HTML joins the page after
    # its conversion (the extension shows raw HTML in Markdown as text).
    @event_priority(50)
    def _complete_page(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.build.complete_page(html, page, config, files)

    on_page_content = CombinedEvent(_keep_conversion, _complete_page)

    # The formatted citations join the page after on_env collected them, and
    # before any search plugin (priority 0) indexes the page.
    @event_priority(100)
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        return self.build.on_page_context(context, page, config, nav)

    # Last: Pagefind indexes each page as it is written, in a process of its own.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.build.on_post_page(output, page, config)

    def on_build_error(self, *, error: Exception) -> None:
        if self.build is not None:
            self.build.on_build_error(error)
        self.build = None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.build.on_post_build(config)
        self.previous, self.indexing, self.collecting = self.build.left, self.build.indexing, self.build.collecting
        self.build = None

    def on_shutdown(self) -> None:
        self._stop_indexing()
        self._collect()
        self._stop_watching()

    def _stop_watching(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    def _collect(self) -> None:
        """The last build's objects, if not yet collected, collected now."""
        if self.collecting is not None:
            self.collecting.finish()
            self.collecting = None

    def _stop_indexing(self) -> None:
        """The last build's search index, if still being written, is not wanted:
        a new build writes the next into the same folder, or the server ends."""
        if self.indexing is not None:
            self.indexing.stop()
            self.indexing = None
