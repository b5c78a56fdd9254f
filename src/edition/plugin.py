"""The generator in an edition's `mkdocs.yml`: `plugins: [edition]`.

An edition installs the `edition` package and names the plugin; it holds
no copy of the machinery.  The plugin puts the package's templates
(`theme/`) before Material's, publishes its scripts and styles
(`assets/`, at `assets/edition/`), and hands every event of the build to
the adapter, `mkdocs_site`.  The Markdown extension, `edition.extension`,
is named under `markdown_extensions` (it renders the text wherever
Python-Markdown runs).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from . import mkdocs_site

THEME = Path(str(files("edition").joinpath("theme")))  # package data, wherever the package is installed
ASSETS = Path(str(files("edition").joinpath("assets")))
PUBLISHED = "assets/edition/"  # where the scripts and styles are published
SCRIPTS = ("view.js", "citation.js", "search.js", "notes.js")
STYLES = ("edition.css",)
# The adapter's handlers, each with its priority (some events have two).
EVENTS = ("on_startup", "on_env", "on_page_markdown", "on_page_content", "on_page_context",
          "on_post_page", "on_build_error", "on_post_build")


class EditionPlugin(BasePlugin):
    def __init__(self) -> None:
        super().__init__()
        for name in EVENTS:  # registered as they are, with their priorities
            setattr(self, name, getattr(mkdocs_site, name))

    @event_priority(100)  # first: every other plugin sees the edition's templates and assets
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        dirs = config.theme.dirs
        # After an edition's own `custom_dir`, which may override a template, before Material's.
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        config.extra_css = [PUBLISHED + name for name in STYLES] + list(config.extra_css)
        config.extra_javascript = [PUBLISHED + name for name in SCRIPTS] + list(config.extra_javascript)
        return mkdocs_site.on_config(config)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for name in SCRIPTS + STYLES:
            files.append(File.generated(config, PUBLISHED + name, abs_src_path=str(ASSETS / name)))
        return mkdocs_site.on_files(files, config)

