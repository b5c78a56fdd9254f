"""The `edition` command: `init` a new edition, `check` the sources, start a
`new` document, `add-page` to one, write its `cite-files` (CITATION.cff,
.zenodo.json).  Every problem is printed as `file:line:col: CODE
message. Fix: hint`; under GitHub Actions also as an annotation, so that it
appears on the pull request's diff.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import init, release_files, scaffold
from .check import check
from .diagnostics import Diagnostic, inert
from .project import Project, ProjectError, find


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="edition", description="Work on a critical edition's sources.")
    parser.add_argument("-C", "--directory", type=Path, default=Path("."),
                        help="the edition's folder, which holds mkdocs.yml (default: here)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    init_command = commands.add_parser("init", help="create a new edition in DIR, which builds at once")
    init_command.add_argument("dir", metavar="DIR", type=Path, help="a new (or empty) folder for the edition")
    init_command.add_argument("--title", help=f"the edition's title (default: '{init.DEFAULT_TITLE}')")
    check_command = commands.add_parser("check", help="check every source, the bibliography and the register, "
                                                      "without building")
    check_command.add_argument("--published-base", metavar="FILE", type=Path,
                               help="published.txt as the main branch has it: a pull request may not change the "
                                    "record but as documents move (the pull-request workflow gives it)")
    check_command.add_argument("--config-base", metavar="FILE", type=Path,
                               help="mkdocs.yml as the main branch has it: a pull request may not turn off its "
                                    "records (the pull-request workflow gives it)")
    new = commands.add_parser("new", help="start a new document in docs/texts/, with its front matter")
    new.add_argument("name", help="the file's name, which becomes its address: e.g. kuromiya-mamoulia-ch7")
    origin = new.add_mutually_exclusive_group(required=True)
    origin.add_argument("--like", metavar="FILE", type=Path,
                        help="another document of the same source, whose front matter to start from")
    origin.add_argument("--source", metavar="KEY", help="the source's key in the bibliography")
    new.add_argument("--pages", help="the printed pages the document holds, e.g. 132 or 132–140")
    new.add_argument("--title", help="the document's title (default: made from the source's)")
    add = commands.add_parser("add-page", help="add the next printed page to a document")
    add.add_argument("file", type=Path, help="the document, e.g. docs/texts/kuromiya-mamoulia-ch6.md")
    add.add_argument("page", nargs="?", help="the page's number (default: the one after the document's last)")
    cite = commands.add_parser("cite-files", help="write CITATION.cff and .zenodo.json from mkdocs.yml and the "
                                                  "changelog (after a release, or a change of the edition's identity)")
    cite.add_argument("--check", action="store_true",
                      help="write nothing; report each file that differs from what mkdocs.yml and the changelog give")
    args = parser.parse_args(argv)
    try:
        if args.command == "init":  # there is no edition yet
            print("\n".join(init.init(args.directory / args.dir, args.title)))
            return 0
        project = find(args.directory)
        if args.command == "check":
            return _check(project, args.published_base, args.config_base)
        if args.command == "cite-files":
            return _cite_files(project, args.check)
        if args.command == "new":
            done = scaffold.new(project, args.name, like=args.like, key=args.source, pages=args.pages,
                                title=args.title)
        else:
            done = scaffold.add_page(project, args.file, args.page)
    except (ProjectError, scaffold.ScaffoldError, init.InitError) as err:
        print(f"edition {args.command}: {inert(str(err))}", file=sys.stderr)
        return 2
    print("\n".join(done))
    return 0


def _check(project: Project, published_base: Path | None, config_base: Path | None) -> int:
    start = time.perf_counter()
    for given, option in ((published_base, "--published-base"), (config_base, "--config-base")):
        if given is not None and not given.is_file():
            raise ProjectError(f"{given}: no such file ({option})")
    report = check(project, published_base, config_base)
    found = sorted(report.diagnostics, key=lambda d: (d.loc.path, d.loc.line, d.loc.col))
    for diagnostic in found:
        print(diagnostic)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(annotation(diagnostic))
    files = len({d.loc.path for d in found})
    what = (f"{report.documents} documents, {report.pages} pages, {report.works} works of the bibliography, "
            f"{report.entries} register entries")
    verdict = (f"{len(found)} problem{'s' if len(found) != 1 else ''} in {files} file{'s' if files != 1 else ''}"
               if found else "no problems")
    print(f"edition check: {verdict} ({what}; {time.perf_counter() - start:.1f} s)", file=sys.stderr)
    return 1 if found else 0


def _cite_files(project: Project, check_only: bool) -> int:
    files, problems = release_files.expected(project)
    found = problems or (release_files.stale(project, files) if check_only else [])
    for diagnostic in sorted(found, key=lambda d: (d.loc.path, d.loc.line, d.loc.col)):
        print(diagnostic)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(annotation(diagnostic))
    if problems:
        print("edition cite-files: nothing written; fix the problems above first", file=sys.stderr)
        return 1
    if check_only:
        print(f"edition cite-files: {len(found)} file{'s' if len(found) != 1 else ''} to write again" if found else
              "edition cite-files: CITATION.cff and .zenodo.json are up to date", file=sys.stderr)
        return 1 if found else 0
    print("\n".join(release_files.write(project, files)))
    return 0


def annotation(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command that marks the problem on the pull request's diff."""
    loc = diagnostic.loc
    props = ",".join(f"{k}={_escape(inert(str(v)), True)}" for k, v in
                     (("file", loc.path), ("line", loc.line), ("col", loc.col), ("title", diagnostic.code)))
    return f"::error {props}::{_escape(inert(f'{diagnostic.message}. Fix: {diagnostic.hint}'), False)}"


def _escape(text: str, property: bool) -> str:
    # GitHub's rules for workflow commands: data escapes % CR LF; properties also : and ,
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


if __name__ == "__main__":
    sys.exit(main())
