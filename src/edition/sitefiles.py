"""Which files of `docs/` the edition publishes.

Every file under `docs/` goes to the site as it is, in the edition's own
origin, and may come from a stranger's pull request.  So a file is
published only if
- its name is one an address can hold as written (ASCII letters, digits,
  '-', '_' and '.'): no space, '#', '%' or markup to encode, print or
  misread (a page without a heading takes its title from its name);
- it is of a type a browser shows without running anything: a Markdown
  page (`.md` only: the other suffixes MkDocs builds would bypass the
  checks), an image in a raster format, a PDF, plain text or CSV; or one
  of the edition's own scripts and styles that `mkdocs.yml` lists
  (`extra_javascript`, `extra_css`).  SVG and HTML can carry script;
- it is inside the edition's folder: a symbolic link that leads out of it
  would publish whatever file the builder can read.

A refused file is reported (ED012–ED014) and left out of the site.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path, PurePosixPath

from .diagnostics import Diagnostic, Loc

PAGE = ".md"
OTHER_PAGES = frozenset({".markdown", ".mdown", ".mkdn", ".mkd"})  # what MkDocs also reads as Markdown
INERT = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf", ".txt", ".csv"})
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")


def refused(src_uri: str, path: Path, root: Path, machinery: Collection[str]) -> Diagnostic | None:
    """Why the file at `path` (`src_uri` under docs/) may not be published,
    or None.  `machinery`: the scripts and styles mkdocs.yml lists."""
    shown = _shown(path, root)
    loc = Loc(shown, 1)
    bad = [part for part in PurePosixPath(src_uri).parts if not _NAME.fullmatch(part)]
    if bad:
        return Diagnostic("ED012", loc, f"the name '{bad[0]}' has characters an address cannot hold as written",
                          "rename it with ASCII letters, digits, '-', '_' and '.' only "
                          "(e.g. 'kuromiya-mamoulia-ch7.md'); the name becomes the page's address")
    if not path.resolve().is_relative_to(root):
        return Diagnostic("ED014", loc, "this is a link to a file outside the edition's folder",
                          "replace the link by the file itself, or remove it; the site publishes only the "
                          "edition's own files")
    suffix = PurePosixPath(src_uri).suffix.lower()
    if suffix == PAGE or suffix in INERT or src_uri in machinery:
        return None
    if suffix in OTHER_PAGES:
        hint = f"rename it to '{PurePosixPath(src_uri).with_suffix(PAGE).name}'; pages of the edition end in '.md'"
    elif suffix in (".svg", ".svgz"):
        hint = "convert the image to PNG (an SVG file can carry script)"
    else:
        hint = (f"publish images as {', '.join(sorted(s[1:].upper() for s in INERT - {'.txt', '.csv', '.pdf'}))}, "
                "documents as PDF, data as TXT or CSV; a script or style of the edition's own is listed in "
                "mkdocs.yml under 'extra_javascript' or 'extra_css'")
    return Diagnostic("ED013", loc, f"'{suffix or PurePosixPath(src_uri).name}' files are not published: the "
                      "edition publishes only files a browser shows without running anything", hint)


def _shown(path: Path, root: Path) -> str:
    """The file's path as a contributor knows it: relative to the edition's folder."""
    absolute = path.absolute()
    return absolute.relative_to(root).as_posix() if absolute.is_relative_to(root) else absolute.as_posix()


def machinery(extra_javascript: Collection[object], extra_css: Collection[str]) -> frozenset[str]:
    """The edition's own scripts and styles, as mkdocs.yml lists them (a script may be given with options)."""
    names = [item.get("path") if isinstance(item, dict) else getattr(item, "path", item)
             for item in extra_javascript] + list(extra_css)
    return frozenset(str(name).lstrip("/") for name in names)
