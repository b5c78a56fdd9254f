"""The MkDocs adapter: site-level work only; the text is rendered by
`edition.extension` and read by the `edition` core package.

Per page it reads the source file itself (MkDocs drops malformed front
matter silently and strips it before Markdown sees it), reports every
diagnostic as a warning naming `file:line:col` — so `mkdocs build --strict`
fails on any of them — and puts the metadata header on document pages.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from edition.document import decode, parse_page
from edition.header import render_header

log = get_plugin_logger("edition")  # under `mkdocs.`, so --strict counts it

TEXTS = "texts/"  # every Markdown file below docs/texts/ is an edition document


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    extensions = config.markdown_extensions
    if "edition.extension" not in extensions:
        raise PluginError("mkdocs.yml: add 'edition.extension' under 'markdown_extensions'; "
                          "the edition's markup is rendered by it")
    if "footnotes" in extensions:
        raise PluginError("mkdocs.yml: remove 'footnotes' from 'markdown_extensions'; "
                          "edition.extension renders notes in the source's own numbering")
    if not config.repo_url:
        # The repository's address comes from REPO_URL (set by the workflows);
        # without it there is nothing to link "Suggest a correction" to.
        config.edit_uri = None
    return config


_headers: dict[str, str] = {}  # src_uri -> metadata header HTML, for this build


def on_pre_build(config: MkDocsConfig) -> None:
    _headers.clear()  # `mkdocs serve` keeps this module between builds


# Before other plugins' page events, so they see the header like any content.
@event_priority(50)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by:  # a page the build made, not an editor's file
        return markdown
    root = Path(config.config_file_path).parent
    path = Path(page.file.abs_src_path).relative_to(root).as_posix()
    text, diagnostics = decode(page.file.content_bytes, path)
    document = None
    if text is not None:
        is_document = page.file.src_uri.startswith(TEXTS)
        document, found = parse_page(text, path, is_document=is_document)
        diagnostics += found
    for diagnostic in diagnostics:
        log.warning(str(diagnostic))
    if document is not None and document.meta:
        _headers[page.file.src_uri] = render_header(document.meta)
    return markdown


# The header is HTML built from escaped metadata; it joins the page after
# conversion because the extension shows any raw HTML in Markdown as text.
@event_priority(50)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _headers.get(page.file.src_uri, "") + html
