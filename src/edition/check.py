"""Check the whole edition without building it: `reading.read_edition`,
the build's own reading and checks, minus what needs the built site
(published addresses) or pandoc (formatting a citation).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .project import Project
from .reading import read_edition


@dataclass(frozen=True, slots=True)
class Report:
    diagnostics: list[Diagnostic]
    documents: int
    pages: int
    works: int
    entries: int


def check(project: Project, published_base: Path | None = None, config_base: Path | None = None) -> Report:
    """`published_base`, `config_base`: published.txt and mkdocs.yml as the
    main branch has them (a pull request's check): the record may not change
    but as documents move, nor may a guard be turned off."""
    gc.disable()  # as in the build: the collector's passes over the growing model find nothing to free
    try:
        edition = read_edition(project, published_base=published_base, config_base=config_base)
    finally:
        gc.enable()
    return Report(list(edition.diagnostics), len(edition.documents), len(edition.pages),
                  len(edition.bibliography.works), len(edition.register.entities))
