"""The whole edition, read and checked once: what `edition check` reports
and what the build is made from.

`read_edition` reads every file the site is built from — the pages, the
bibliography, the register, the changelog and the records — checks each
and all of them together (citations, mentions, addresses, the corrections
logs), and returns one immutable `Edition` with every problem found.  The
command and the MkDocs adapter both call it, so they cannot disagree; the
build adds only what needs the built site (published addresses) or pandoc
(formatting a citation).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from . import anchors, corrections, facsimile, frontmatter, references, sitefiles
from .bibliography import Bibliography, read_bibliography
from .cache import CODE, cached, open_folder, recent
from .corrections import Record
from .diagnostics import Diagnostic
from .identity import Identity, read_identity
from .document import MAX_PAGE_BYTES, parse_page
from .model import Document
from .project import TEXTS, Project
from .register import Register, UnmarkedNames, check_mentions, read_register
from .translation import Pair, pair_translations
from .release import Release, read_release
from .rereading import Read, Remembered, Rereader
from .siteconfig import check_config


# What the last build of this process read, for its next (`mkdocs serve`): a file whose status is unchanged
# is not read again (`rereading`).
_remembered: Remembered = {}


@dataclass(frozen=True, slots=True)
class Page:
    """A page of the site as its source file holds it."""

    src_uri: str  # its path under docs/
    path: str  # its path as a contributor knows it, relative to the edition's folder
    text: str | None  # None if it could not be read (not UTF-8, too large): reported
    document: Document | None  # its model; None if it could not be read

    @property
    def is_document(self) -> bool:
        return self.src_uri.startswith(TEXTS)


@dataclass(frozen=True, slots=True)
class Edition:
    project: Project
    identity: Identity  # the edition's title, editors, publisher, licence, DOI (mkdocs.yml)
    cache: Path | None  # where results are kept between builds; None: nowhere (not asked, or committed)
    pages: Mapping[str, Page]  # src_uri -> page, every page the site is built from
    refused: frozenset[str]  # files under docs/ the site leaves out (ED012–ED015)
    bibliography: Bibliography
    register: Register
    release: Release | None  # None: the changelog names no version (reported)
    anchors: anchors.Register | None  # the published addresses; None before the first publication
    record: Record | None  # the published transcriptions; likewise
    citations: references.Resolved  # every citation of the edition, resolved against the bibliography
    facsimiles: Mapping[str, Mapping[str, facsimile.ImageInfo]]  # src_uri -> printed page -> its image, as read
    translations: Mapping[str, Pair]  # src_uri of an original or a translation -> the two, aligned
    diagnostics: tuple[Diagnostic, ...]  # every problem, each once

    @property
    def documents(self) -> dict[str, Page]:
        """The edition's documents (under docs/texts/) that could be read."""
        return {uri: page for uri, page in self.pages.items() if page.is_document and page.document is not None}


def read_edition(project: Project, *, keep: bool = False, published_base: Path | None = None,
                 config_base: Path | None = None,
                 bibliography_read: Callable[[Bibliography, Path | None], None] = lambda bib, cache: None
                 ) -> Edition:
    """`keep`: keep the models in the edition's cache folder (the build), unless
    the repository holds that folder (ED017: not the builder's own); a folder
    that cannot hold results raises `CacheError`.  `published_base`,
    `config_base`: published.txt and mkdocs.yml as the main branch has them,
    in a pull request's check.  `bibliography_read(bib, cache)` is called as
    soon as the bibliography is read (the build starts pandoc)."""
    global _remembered
    found: list[Diagnostic] = []
    committed = project.committed_cache()
    cache = project.cache if keep and committed is None else None
    # Results are kept in memory for `mkdocs serve`'s next build; `edition check` has none (and freeing
    # 10,000 documents' models as it exits took it 3 s).
    memory = cache is not None
    files_read = Rereader(_remembered if memory else None)

    def read_file(path: Path, limit: int | None = None) -> Read:
        got = files_read.read(path, project.rel(path), limit)
        found.extend(got.problems)
        return got

    def read(path: Path) -> str | None:
        return read_file(path).text

    base = config_base.read_text(encoding="utf-8") if config_base is not None else None
    config = project.config.read_text(encoding="utf-8")
    found += recent(check_config, config, project.rel(project.config), base)
    identity, problems = recent(read_identity, config, project.rel(project.config))
    found += problems
    project.file("csl")  # formatted by the build only; its path is checked here
    if committed is not None:
        found.append(committed)
    if cache is not None:
        open_folder(cache)  # before any work is kept

    bib_file = project.file("bibliography")
    bib, problems = recent(read_bibliography, read(bib_file) or "", project.rel(bib_file))
    found += problems
    bibliography_read(bib, cache)

    files = project.files()
    refused: set[str] = set()
    for uri, _, link in files:
        if problem := sitefiles.refused(uri, link, project.docs, project.root, project.machinery):
            found.append(problem)  # each at its own file: a link to a folder is listed, not followed
            refused.add(uri)
    register_file = project.file("register")
    register_read = read_file(register_file)
    register_text = register_read.text or ""
    register, register_problems = read_register(register_text, project.rel(register_file))
    documents = [uri for uri, _, _ in files if uri.startswith(TEXTS) and uri.endswith(sitefiles.PAGE)]
    for problem in sitefiles.clashes([(uri, project.rel(path)) for uri, path, _ in files if uri not in refused],
                                     sitefiles.generated(register.entities, documents)):
        found.append(problem)
        refused.add(next(uri for uri, path, _ in files if project.rel(path) == problem.loc.path))

    pages: dict[str, Page] = {}
    images: dict[str, Mapping[str, facsimile.ImageInfo]] = {}
    digests: dict[str, str] = {}  # src_uri -> its source's, which its kept results are found by
    tiles = project.cache / facsimile.TILES if cache is not None else None
    for uri, path in project.pages():
        if uri in refused:
            continue
        rel = project.rel(path)
        if unlisted := project.unlisted(uri, rel):
            found.append(unlisted)
        got = read_file(path, limit=MAX_PAGE_BYTES)
        text, digests[uri] = got.text, got.digest
        document = None
        if text is not None:
            is_document = uri.startswith(TEXTS)
            # A rebuild reads again only the sources that changed (a model is never changed after it is read).
            document, problems = cached(cache, "model", [CODE, rel, str(is_document), got.digest],
                                        functools.partial(parse_page, text, rel, is_document=is_document),
                                        memory=memory, typed=True)
            found += problems
            if is_document:  # the witness's file and the images are read every time: they may change, the page not
                found += frontmatter.witness_file(document.meta, document.locs, project.root)
                read_images, problems = facsimile.check(document, project.root, tiles)
                found += problems
                if read_images:
                    images[uri] = MappingProxyType(read_images)
        pages[uri] = Page(uri, rel, text, document)

    models = {uri: page.document for uri, page in pages.items() if page.document is not None}
    translations, problems = pair_translations({uri: doc for uri, doc in models.items() if pages[uri].is_document})
    found += problems
    citations = references.check([references.page_citations(uri, doc) for uri, doc in models.items()], bib)
    found += citations.diagnostics
    found += register_problems + check_mentions(
        [a for doc in models.values() for a in doc.body.annotations], register, register_problems)
    if not any(d.code == "ED700" for d in register_problems):  # a name of every entry, marked where the text has it
        # Each document's, kept on its file's digest and the register's: a rebuild looks again only at the
        # changed ones.
        names = register_read.digest
        unmarked = UnmarkedNames(register)
        for uri, page in pages.items():
            if page.is_document and page.document is not None and page.text is not None:
                found += cached(cache, "unmarked", [CODE, names, page.path, digests[uri]],
                                functools.partial(unmarked.of, page.document, page.text), memory=memory, typed=True)

    changelog = project.file("changelog")
    release, problems = read_release(read(changelog) or "", project.rel(changelog))
    found += problems
    register_of_addresses = None
    if (anchors_file := project.file("anchors")) is not None:
        register_of_addresses, problems = anchors.read(read(anchors_file) or "", project.rel(anchors_file))
        found += problems

    record = None
    if (record_file := project.file("published")) is not None:
        record, problems = corrections.read(read(record_file) or "", project.rel(record_file))
        found += problems
        transcriptions = {uri: page for uri, page in pages.items() if page.is_document and page.document is not None}
        for page in transcriptions.values():
            found += corrections.check(page.document, page.text, record)
        paths = {page.path for page in pages.values() if page.is_document}
        found += corrections.gone(record, paths)
        if published_base is not None:
            main = corrections.read(published_base.read_text(encoding="utf-8"), str(published_base))[0]
            found += corrections.against(main, record, paths)

    _remembered = files_read.remembered
    return Edition(project, identity, cache, MappingProxyType(pages), frozenset(refused), bib, register, release,
                   register_of_addresses, record, citations, MappingProxyType(images),
                   MappingProxyType(translations), tuple(found))
