"""`edition init DIR`: a new edition, which builds with `mkdocs build --strict` at once.

The files are the package's skeleton (`skeleton/`, package data), copied
with the edition's title, today's date and this package's version filled
in.  The new edition holds none of the machinery: its requirements name
the version of `edition` it is built with, so that upgrading it is raising
that version.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from . import anchors, corrections

DISTRIBUTION = "critical-edition"  # the name pip knows the generator by (PyPI's "edition" is another project)

DEFAULT_TITLE = "A critical edition"
# The theme prints the site's name as HTML (siteconfig refuses these in it: ED016).
_REFUSED = '<>"'
_PLACEHOLDER = re.compile(r"@[A-Z_]+@")


class InitError(Exception):
    """The new edition cannot be made where or as asked: a message for the user."""


def init(folder: Path, title: str | None = None) -> list[str]:
    """Write a new edition into `folder` (absent, empty, or holding only .git); what was done, for the user."""
    title = _title(DEFAULT_TITLE if title is None else title)
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file; give the name of a new folder")
    # A clone of a new, empty repository holds only .git: the edition may go there.
    if folder.is_dir() and any(p.name != ".git" for p in folder.iterdir()):
        raise InitError(f"{folder} is not empty; give a new folder (or an empty one), so that no file of yours "
                        "is overwritten")
    try:
        package = version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a copy of the source, not installed: the requirements need a version
        raise InitError(f"the '{DISTRIBUTION}' package is not installed (pip install it), so its version, which the "
                        "new edition's requirements name, is unknown") from None
    values = {
        "@TITLE@": title,
        "@TITLE_YAML@": json.dumps(title, ensure_ascii=False),  # a double-quoted YAML string
        "@VERSION@": package,
        "@DATE@": dt.date.today().isoformat(),
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = _copy(files("edition").joinpath("skeleton"), folder, values)
        # The records start empty but for their headers, the package's own, as a build writes them.
        for name, header in (("anchors.txt", anchors.HEADER), ("published.txt", corrections.HEADER)):
            (folder / name).write_text(header, encoding="utf-8")
            written += 1
    except OSError as err:
        raise InitError(f"{folder}: cannot write the new edition: {err.strerror or err}") from None
    return [f"{folder}: a new edition, '{title}', built with edition {package} ({written} files).",
            f"Next: cd {folder} && make serve (previews it; README.md says more); add a document with "
            "`edition new`."]


def _title(title: str) -> str:
    title = title.strip()
    if not title:
        raise InitError("--title is empty; give the edition's title, e.g. --title \"Letters of …\"")
    if bad := sorted({c for c in title if c in _REFUSED}):
        raise InitError(f"--title holds {' and '.join(repr(c) for c in bad)}, which the theme would print as "
                        "HTML; write quotation marks as “ ” and leave out '<' and '>'")
    if any(not c.isprintable() for c in title):
        raise InitError("--title holds a line break or another invisible character; give it on one line")
    return title


def _copy(source: Traversable, target: Path, values: dict[str, str]) -> int:
    """Copy the skeleton's files into `target`, their placeholders filled in; how many."""
    count = 0
    for item in sorted(source.iterdir(), key=lambda t: t.name):
        if item.name == "__pycache__" or item.name.endswith(".pyc"):  # left by a run of the skeleton's tests
            continue
        if item.is_dir():
            (target / item.name).mkdir(exist_ok=True)
            count += _copy(item, target / item.name, values)
            continue
        # In one pass, so that a title holding a placeholder's name stays as written.
        text = _PLACEHOLDER.sub(lambda m: values.get(m[0], m[0]), item.read_text(encoding="utf-8"))
        (target / item.name).write_text(text, encoding="utf-8")
        count += 1
    return count
