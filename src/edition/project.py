"""The edition as files, found from `mkdocs.yml` without MkDocs.

The commands (`edition check`, `edition new`) read the same files as the
site's hook, with the same functions; this module says where they are.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path, PurePosixPath

import pathspec
import yaml

from .cache import committed
from .diagnostics import Diagnostic, Loc
from .extension import EditionExtension
from .sitefiles import machinery

STYLE = Path(str(files("edition").joinpath("styles/chicago-notes-bibliography.csl")))  # the default citation style
TEXTS = "texts/"  # every Markdown file below docs/texts/ is an edition document
EXTENSION = "edition.extension"
# What MkDocs leaves out of every site, besides the edition's own `exclude_docs`.
ALWAYS_EXCLUDED = pathspec.GitIgnoreSpec.from_lines([".*", "/templates/"])


class ProjectError(Exception):
    """The edition's configuration cannot be read: a message for the user."""


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml's own tags (!ENV, !!python/name:) stand for values only MkDocs knows."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True, slots=True)
class Project:
    root: Path  # the folder of mkdocs.yml: every path the edition reports is relative to it
    config: Path
    docs: Path
    options: dict  # edition.extension's options as mkdocs.yml gives them
    excluded: pathspec.GitIgnoreSpec  # the files MkDocs leaves out (`exclusions`)
    navigation: frozenset[str] | None = None  # the pages `nav` lists (`nav_pages`); None: no `nav`, every page
    off_nav: pathspec.GitIgnoreSpec | None = None  # pages meant to be outside it: `not_in_nav`, `draft_docs`
    machinery: frozenset[str] = frozenset()  # the edition's scripts and styles under docs/ (`sitefiles.machinery`)

    def file(self, option: str) -> Path | None:
        """The file an option of edition.extension names (or its default); None if turned off."""
        value = self.options.get(option, EditionExtension().getConfig(option))
        if value is False:
            return None
        if option == "csl" and not value:  # the package's own style: an edition need not copy it
            return STYLE
        path = self.root / str(value)
        if not path.resolve().is_relative_to(self.root):  # '..', an absolute path, a link leading out
            raise ProjectError(f"mkdocs.yml: {EXTENSION}'s '{option}' names '{value}', which is outside the "
                               "edition's folder; the edition reads only its own files: move the file into it")
        if not path.is_file():
            raise ProjectError(f"mkdocs.yml: {EXTENSION}'s '{option}' names '{value}', which does not exist; "
                               "correct the name or add the file")
        return path

    def rel(self, path: Path) -> str:
        """`path` relative to the edition's folder, as a contributor knows it."""
        prefix, text = os.path.join(self.root, ""), str(path)  # strings, not paths: asked for every page, every build
        if text.startswith(prefix):
            return text[len(prefix):].replace(os.sep, "/")
        return path.relative_to(self.root).as_posix()  # not under it: pathlib says so

    @property
    def cache(self) -> Path:
        """Where results are kept between builds (`edition.cache`); never committed."""
        return self.root / ".cache" / "edition"

    def committed_cache(self) -> Diagnostic | None:
        """ED017 if the repository holds the cache (past .gitignore): its
        results are not the builder's own, and the build does not read them."""
        if not (names := committed(self.cache, self.root)):
            return None
        return Diagnostic("ED017", Loc(names[0], 1), "the build's cache is committed to the repository; its "
                          "results are not the builder's own, and are not read",
                          "remove it from the repository with 'git rm -r --cached .cache' (.gitignore leaves it out)")

    def unlisted(self, src_uri: str, path: str) -> Diagnostic | None:
        """ED006 if a page of the site is not in the navigation: MkDocs' own
        warning names neither the file nor the fix."""
        if self.navigation is None or src_uri in self.navigation or (
                self.off_nav is not None and self.off_nav.match_file(src_uri)):
            return None
        return Diagnostic("ED006", Loc(path, 1), "this page is not in the navigation",
                          f"add '- {src_uri}' to 'nav' in mkdocs.yml, under its section (a document under "
                          "'Texts'), or match it in 'not_in_nav' if it is meant to be reached only by links")

    def files(self) -> list[tuple[str, Path, bool]]:
        """Every file of the site under docs/ (src_uri, path, whether it is a
        symbolic link), pages or not, excluded files left out.  A link to a
        folder is listed, not followed (`sitefiles` refuses it).  Read with
        `os.scandir`, which knows a link without asking the disk again."""
        found, folders = [], [(self.docs, "")]
        while folders:
            folder, prefix = folders.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    uri = prefix + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        folders.append((Path(entry.path), uri + "/"))
                    elif not self.excluded.match_file(uri):
                        found.append((uri, Path(entry.path), entry.is_symlink()))
        return sorted(found)

    def pages(self) -> list[tuple[str, Path]]:
        """Every Markdown page of the site (src_uri, path), as MkDocs finds them: excluded files left out
        (drafts are kept: `mkdocs serve` shows them)."""
        found = []
        for path in sorted(self.docs.rglob("*.md")):
            uri = path.relative_to(self.docs).as_posix()
            if not self.excluded.match_file(uri):
                found.append((uri, path))
        return found


def find(folder: Path) -> Project:
    """The edition whose `mkdocs.yml` is in `folder`."""
    config = folder / "mkdocs.yml"
    if not config.is_file():
        raise ProjectError(f"{folder}: no mkdocs.yml here; run the command in the edition's folder")
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise ProjectError(f"mkdocs.yml cannot be read: {err}") from None
    options = None
    for item in data.get("markdown_extensions") or []:
        if item == EXTENSION:
            options = {}
        elif isinstance(item, dict) and EXTENSION in item:
            options = item[EXTENSION] or {}
    if options is None:
        raise ProjectError(f"mkdocs.yml: add '{EXTENSION}' under 'markdown_extensions'; the edition's markup "
                           "is rendered by it")
    patterns = data.get("exclude_docs") or ""
    if not isinstance(patterns, str):
        raise ProjectError("mkdocs.yml: 'exclude_docs' should be lines of patterns, as in a .gitignore file "
                           "(write 'exclude_docs: |' and the patterns indented below it)")
    off_nav = [pathspec.GitIgnoreSpec.from_lines(lines.splitlines())
               for lines in (data.get("not_in_nav"), data.get("draft_docs")) if isinstance(lines, str)]
    root = folder.resolve()
    docs = (folder / str(data.get("docs_dir") or "docs")).resolve()
    if not docs.is_relative_to(root):
        raise ProjectError(f"mkdocs.yml: 'docs_dir' names '{data.get('docs_dir')}', which is outside the edition's "
                           "folder; the edition publishes only its own files: name a folder inside it")
    return Project(root, root / config.name, docs, options,
                   exclusions(pathspec.GitIgnoreSpec.from_lines(patterns.splitlines())), nav_pages(data.get("nav")),
                   outside_nav(*off_nav), machinery(data.get("extra_javascript") or [], data.get("extra_css") or []))


def nav_pages(nav: object) -> frozenset[str] | None:
    """Every page mkdocs.yml's `nav` lists (an item is a page, 'title: page'
    or 'title: [items]'); None without a `nav`."""
    if nav is None:
        return None
    found: set[str] = set()
    todo = [nav]
    while todo:
        item = todo.pop()
        if isinstance(item, str):  # as MkDocs reads it: './texts/a.md' is 'texts/a.md'
            found.add(PurePosixPath(item.lstrip("/")).as_posix())
        elif isinstance(item, dict):
            todo += item.values()
        elif isinstance(item, list):
            todo += item
    return frozenset(found)


def outside_nav(*specs: pathspec.GitIgnoreSpec | None) -> pathspec.GitIgnoreSpec | None:
    """The pages meant to be outside the navigation, given mkdocs.yml's
    `not_in_nav` and `draft_docs` (which `mkdocs serve` shows, unlisted)."""
    given = [spec for spec in specs if spec]
    return sum(given[1:], given[0]) if given else None


def exclusions(exclude_docs: pathspec.GitIgnoreSpec | None) -> pathspec.GitIgnoreSpec:
    """The files MkDocs leaves out of the site, given mkdocs.yml's `exclude_docs`."""
    return ALWAYS_EXCLUDED + exclude_docs if exclude_docs else ALWAYS_EXCLUDED
