"""Check the whole edition without building it: every page, the
bibliography, the register, the changelog, the anchor register and the
corrections logs — the build's own checks, minus what needs the built
site (published addresses) or pandoc (formatting a citation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import anchors, corrections, references, sitefiles
from .bibliography import read_bibliography
from .diagnostics import Diagnostic
from .document import MAX_PAGE_BYTES, decode, parse_page
from .model import Document
from .project import TEXTS, Project
from .register import check_mentions, read_register
from .siteconfig import check_config
from .release import read_release


@dataclass(slots=True)
class Report:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    documents: int = 0
    pages: int = 0
    works: int = 0
    entries: int = 0


def check(project: Project, published_base: Path | None = None, config_base: Path | None = None) -> Report:
    """`published_base`: the record of published texts as the main branch has
    it (a pull request's check), against which the record must not change
    but as documents move; `config_base`: mkdocs.yml as the main branch has
    it, whose guards the pull request may not turn off."""
    report = Report()
    project.file("csl")  # read by the build only; its path is checked here too
    base = config_base.read_text(encoding="utf-8") if config_base is not None else None
    report.diagnostics += check_config(project.config.read_text(encoding="utf-8"), project.rel(project.config), base)
    documents: dict[str, Document] = {}
    texts: dict[str, str] = {}
    if committed := project.committed_cache():
        report.diagnostics.append(committed)
    refused = set()
    files = project.files()
    for uri, path in files:
        if problem := sitefiles.refused(uri, project.docs, project.root, project.machinery):
            report.diagnostics.append(problem)
            refused.add(uri)
    pages = [(uri, path) for uri, path in project.pages() if uri not in refused]  # as the build leaves them out
    for uri, path in pages:
        report.pages += 1
        if unlisted := project.unlisted(uri, project.rel(path)):
            report.diagnostics.append(unlisted)
        text = _read(project, path, report, limit=MAX_PAGE_BYTES)
        if text is not None:
            document, found = parse_page(text, project.rel(path), is_document=uri.startswith(TEXTS))
            report.diagnostics += found
            documents[uri] = document
            if uri.startswith(TEXTS):
                texts[uri] = text
    report.documents = len(texts)

    bib_file = project.file("bibliography")
    text = _read(project, bib_file, report) or ""
    bib, found = read_bibliography(text, project.rel(bib_file))
    report.works = len(bib.works)
    report.diagnostics += found
    resolved = references.check([references.page_citations(uri, doc) for uri, doc in documents.items()], bib)
    report.diagnostics += resolved.diagnostics

    register_file = project.file("register")
    register, found = read_register(_read(project, register_file, report) or "", project.rel(register_file))
    report.entries = len(register.entities)
    report.diagnostics += sitefiles.clashes([(uri, project.rel(path)) for uri, path in files if uri not in refused],
                                            sitefiles.generated(register.entities, list(texts)))
    report.diagnostics += found + check_mentions(
        [a for doc in documents.values() for a in doc.body.annotations], register, found)

    changelog = project.file("changelog")
    report.diagnostics += read_release(_read(project, changelog, report) or "", project.rel(changelog))[1]
    if (anchors_file := project.file("anchors")) is not None:
        report.diagnostics += anchors.read(_read(project, anchors_file, report) or "", project.rel(anchors_file))[1]
    if (record_file := project.file("published")) is not None:
        record, found = corrections.read(_read(project, record_file, report) or "", project.rel(record_file))
        report.diagnostics += found
        for uri, text in texts.items():
            report.diagnostics += corrections.check(documents[uri], text, record)
        paths = {project.rel(path) for uri, path in pages if uri.startswith(TEXTS)}
        report.diagnostics += corrections.gone(record, paths)
        if published_base is not None:
            base = corrections.read(published_base.read_text(encoding="utf-8"), str(published_base))[0]
            report.diagnostics += corrections.against(base, record, paths)
    return report


def _read(project: Project, path: Path, report: Report, limit: int | None = None) -> str | None:
    """A file's text (None if it cannot be read, which is reported)."""
    text, found = decode(path.read_bytes(), project.rel(path), limit=limit)
    report.diagnostics += found
    return text
