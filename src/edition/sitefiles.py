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
- it is the edition's own: no symbolic link under `docs/` is followed (one
  that leads out would publish whatever file the builder can read, one
  that leads back in would publish the edition again under another name).

A refused file is reported (ED012–ED014) and left out of the site.

Every address is claimed once (ED015): by one file (`texts/a.md` and
`texts/a/index.md` would both be `texts/a/`), or by a page the edition
generates — its edition-wide pages, a register entry's page, a document's
exports — which a contributor's file may not take.
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

# The pages and files the edition generates, by their paths under docs/.
SUMMARY = "apparatus.md"  # the apparatus of all documents, by kind
BIBLIOGRAPHY = "bibliography.md"  # every work, and where the edition cites it
BIBLIOGRAPHY_DOWNLOADS = ("bibliography.bib", "bibliography.json")
REGISTER = "register/index.md"  # the register's index; each entry gets `entry_page(id)`
CHRONOLOGY = "chronology.md"  # every dated passage and event, in order
CORRIGENDA = "corrigenda.md"  # every correction since publication, newest first
GENERATED = (SUMMARY, BIBLIOGRAPHY, *BIBLIOGRAPHY_DOWNLOADS, REGISTER, CHRONOLOGY, CORRIGENDA)
EXPORTS = {"tei": "tei.xml", "reading": "reading.txt", "diplomatic": "diplomatic.txt"}  # beside a document's page


def entry_page(entity_id: str) -> str:
    return f"register/{entity_id}.md"


def address(src_uri: str) -> str:
    """The address a file of docs/ is published at, as MkDocs gives it (directory URLs)."""
    if not src_uri.endswith(PAGE) or src_uri.rpartition("/")[2] == PAGE:  # '.md' alone is no page's name
        return src_uri
    folder, _, name = src_uri.rpartition("/")  # strings, not paths: asked some 50,000 times a build
    stem = name.removesuffix(PAGE)
    if stem in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{folder}/{stem}/".lstrip("/")


def clashes(files: list[tuple[str, str]], generated: list[str]) -> list[Diagnostic]:
    """ED015 for each file (src_uri, its path as shown) whose address another
    file, or a page the edition generates, already claims."""
    claimed = {address(uri): f"'{uri}', a page the edition generates" for uri in generated}
    found = []
    for uri, shown in sorted(files):
        where = address(uri)
        if where in claimed:
            found.append(Diagnostic("ED015", Loc(shown, 1), f"its address '/{where}' is also that of {claimed[where]}",
                                    "rename the file; each address of the site belongs to one page"))
        else:
            claimed[where] = f"'{uri}'"
    return found


def generated(entity_ids: Collection[str], documents: Collection[str]) -> list[str]:
    """Every file the edition generates, given its register's ids and its documents (src_uris)."""
    return [*GENERATED, *(entry_page(i) for i in entity_ids),
            *(address(uri) + name for uri in documents for name in EXPORTS.values())]


def refused(src_uri: str, link: bool, docs: Path, root: Path, machinery: Collection[str]) -> Diagnostic | None:
    """Why the file `src_uri` under `docs` may not be published, or None.
    `link`: it is a symbolic link (to a file or a folder; a folder under
    docs/ is listed, not followed, if it is one: `Project.files`).
    `machinery`: the scripts and styles mkdocs.yml lists."""
    def loc() -> Loc:  # made only for a file refused (for every file: half a second at 10,000)
        return Loc(_shown(docs / src_uri, root), 1)

    if link:
        return Diagnostic("ED014", loc(), "this is a symbolic link; the site publishes only the edition's own files, "
                          "and a link can lead to any file of the computer that builds it",
                          "replace the link by the file or folder itself")
    bad = [part for part in PurePosixPath(src_uri).parts if not _NAME.fullmatch(part)]
    if bad:
        return Diagnostic("ED012", loc(), f"the name '{bad[0]}' has characters an address cannot hold as written",
                          "rename it with ASCII letters, digits, '-', '_' and '.' only "
                          "(e.g. 'kuromiya-mamoulia-ch7.md'); the name becomes the page's address")
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
    return Diagnostic("ED013", loc(), f"'{suffix or PurePosixPath(src_uri).name}' files are not published: the "
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
