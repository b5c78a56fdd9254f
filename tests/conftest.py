"""Shared fixtures: miniature sites built by the real `mkdocs` command."""

from __future__ import annotations

import contextlib
import functools
import http.server
import logging
import os
import shutil
import sys
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from . import miniature, mkdocs_process

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "witnesses"  # the texts the transcriptions were made from


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite tests/golden/*.html from the current rendering")


# The longest test first: it runs the edition's checks again in a copy of the repository
# (test_contribution.py), so that, with the suite shared among workers (pytest-xdist,
# `--dist loadscope`), the others run beside it rather than after it.
FIRST = ("tests/test_contribution.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in FIRST)  # stable: the rest keep their order
    # A test of this edition's data must say so, or a pull request's copy (test_contribution.py) would not run it.
    unmarked = [item.nodeid for item in items
                if "edition_build" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("edition")]
    if unmarked:
        raise pytest.UsageError("these tests build this repository's edition but are not marked "
                                f"@pytest.mark.edition: {', '.join(unmarked)}")


@pytest.fixture(scope="session", autouse=True)
def pandoc_once(tmp_path_factory: pytest.TempPathFactory) -> None:
    """pandoc run once for each input in a test process: the suite's many
    builds of the same bibliography and notes (tests/mkdocs_process.py)."""
    mkdocs_process.keep_pandoc(tmp_path_factory.mktemp("pandoc-answers"))


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--update-goldens")


@dataclass
class Build:
    returncode: int
    log: str
    site: Path

    def warnings(self) -> list[str]:
        return [line for line in self.log.splitlines() if line.startswith(("WARNING", "ERROR"))]


def run_mkdocs(project: Path, site: Path, record: bool = False, repo_url: str | None = None,
               timeout: float | None = None) -> Build:
    """`record`: as the deploy workflow, record what the build publishes (`make record`)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("EDITION_RECORD", None)
    if record:
        env["EDITION_RECORD"] = "1"
    env.pop("SITE_URL", None)
    env.pop("REPO_URL", None)
    if repo_url:
        env["REPO_URL"] = repo_url
    # `python -m mkdocs build --strict …`, a process of its own, forked from one that has made the imports
    # (tests/mkdocs_process.py): the command line, less the half second of starting Python and importing.
    returncode, stdout, stderr = mkdocs_process.run(
        ["build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)], cwd=project, env=env,
        timeout=timeout)
    return Build(returncode, stdout + stderr, site)


class _Said(logging.Handler):
    """The warnings and errors a build logs, as their lines."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage().removeprefix("edition: "))  # the plugin's logger names itself


def build_here(project: Path, site: Path | None = None, serve: bool = False) -> list[str]:
    """A build in this process (into `site`, by default the project's) —
    with `serve`, as each rebuild of `mkdocs serve` makes it — and the
    warnings and errors it logged."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site or project / "site"))
    if serve:
        config.plugins.on_startup(command="serve", dirty=False)
    said = _Said()
    logging.getLogger("mkdocs").addHandler(said)
    try:
        build(config, serve_url="http://127.0.0.1:8000/" if serve else None)
    except (Abort, PluginError):
        pass  # a fatal problem, logged before it stopped
    finally:
        logging.getLogger("mkdocs").removeHandler(said)
    return said.lines


MINI_CONFIG = """\
site_name: Test edition
site_url: http://127.0.0.1:8000/
theme:
  name: material
markdown_extensions:
  - edition.extension:
      changelog: changelog.md
      anchors: {anchors}
      published: {published}
plugins:
  - edition
"""


MINI_CHANGELOG = "# Changelog\n\n## 1.0.0 — 2026-11-21\n\nThe first version.\n"

# The miniature editions' bibliography (the real one is the edition's own).
MINI_BIB = """\
@article{Berton1993,
  author = {Berton, Peter},
  title = {A New {Russo-Japanese} Alliance?: Diplomacy in the {Far East} During {World War I}},
  journaltitle = {Acta Slavica Iaponica},
  volume = {11},
  date = {1993},
  pages = {57--78},
}
"""

FRONT_MATTER = """\
---
title: A test document
source:
  type: book
  title: A Book
  authors: [A. Author]
  date: "2016"
  language: en
witness: the test's own text
editors: [The tests]
transcribed: 2026-11-21
---
"""


def write_mini(folder: Path, files: dict[str, str], bib: str = MINI_BIB, register: str = "",
               anchors: str | None = None, changelog: str = MINI_CHANGELOG, published: str | None = None) -> Path:
    """A miniature edition's files in `folder`: `files` maps paths under docs/ to their text;
    `anchors`, `published`: the records of what was published (None keeps none)."""
    (folder / "mkdocs.yml").write_text(MINI_CONFIG.format(
        anchors="false" if anchors is None else "anchors.txt",
        published="false" if published is None else "published.txt"))
    (folder / "changelog.md").write_text(changelog, encoding="utf-8")
    if anchors is not None:
        (folder / "anchors.txt").write_text(anchors, encoding="utf-8")
    if published is not None:
        (folder / "published.txt").write_text(published, encoding="utf-8")
    (folder / "bibliography.bib").write_text(bib, encoding="utf-8")
    (folder / "register.yml").write_text(register, encoding="utf-8")
    for name, text in files.items():
        path = folder / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture
def mini_site(tmp_path: Path):
    """Build a miniature edition: `files` maps paths under docs/ to their text."""

    def build(files: dict[str, str], bib: str = MINI_BIB, register: str = "", anchors: str | None = None,
              changelog: str = MINI_CHANGELOG, record: bool = False, published: str | None = None,
              repo_url: str | None = None) -> Build:
        write_mini(tmp_path, files, bib, register, anchors, changelog, published)
        return run_mkdocs(tmp_path, tmp_path / "site", record, repo_url)

    return build


def copy_edition(folder: Path) -> Path:
    """A copy of this repository's edition in `folder`, to change and build:
    for the edition's own checks (test_edition.py, test_contribution.py), not
    the generator's, which use the miniature edition (`copy_mini`)."""
    for name in ("mkdocs.yml", "bibliography.bib", "register.yml", "anchors.txt", "published.txt", "docs",
                 "witnesses"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / name)
    return folder


@pytest.fixture(scope="session")
def edition_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """This repository's edition, built once for the session: for the
    edition's own checks, which hold whatever texts it has."""
    return run_mkdocs(ROOT, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def tei_schema():
    """tei_all (TEI P5 3.1.0), which every TEI export is validated against: large (some 4 s to
    read), so read once for the session, not once for each module that validates."""
    from lxml import etree

    return etree.RelaxNG(etree.parse(str(ROOT / "schemas" / "tei_all.rng")))


# The miniature edition (tests/miniature.py): the generator's tests build it and assert on it.

@pytest.fixture(scope="session")
def mini_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The miniature edition's folder as published: written, then built once
    as the deploy workflow builds (`make record`), which writes its records of
    the addresses and texts it published (anchors.txt, published.txt)."""
    folder = miniature.write(tmp_path_factory.mktemp("miniature"))
    recorded = run_mkdocs(folder, folder.parent / "miniature-recorded", record=True)
    assert recorded.returncode == 0, recorded.log
    return folder


def copy_mini(source: Path, folder: Path) -> Path:
    """A copy of the published miniature edition in `folder`, to change and
    build (without the first build's cache)."""
    shutil.copytree(source, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".cache"))
    return folder


@pytest.fixture
def mini_copy(mini_source: Path, tmp_path: Path) -> Path:
    return copy_mini(mini_source, tmp_path)


@pytest.fixture(scope="session")
def mini_build(mini_source: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The miniature edition, built once for the session."""
    return run_mkdocs(mini_source, tmp_path_factory.mktemp("miniature-site"))


@contextlib.contextmanager
def serve(site: Path):
    """A built site on a loopback HTTP server: its base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            # A browser that leaves a page while a file is still sent (a tab closed at a module's end)
            # is no error of the site; its traceback would land in whichever test runs then.
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    handler = functools.partial(Quiet, directory=str(site))
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def served_mini(mini_build: Build):
    """The built miniature edition, served."""
    with serve(mini_build.site) as base:
        yield base


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Chromium driven by Playwright: Debian's where installed (`make test`
    installs it), else Playwright's own (`playwright install chromium`, as
    the GitHub workflows do)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def tab(browser):
    """One browser tab for a module's tests that look at pages and leave
    nothing behind them (no handlers, no emulated media): each opens its
    address in it afresh (`visit`).  A new page and its first address cost
    some 1 s of processor time (a renderer started, the site's scripts and
    styles read again); an address opened in this one, 0.3 s.  Not for a test that tabs
    through a page from its start: where the keyboard's focus starts is not
    always a new page's in a tab used before (the skip link's test failed so,
    after other tests in its tab)."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


def visit(tab, url: str, width: int = 1280, height: int = 900):
    """`url` opened in `tab` as in a new page of that size: what the last
    test's pages stored (the reader's choice of view, of kind of result) is
    cleared, and the address is loaded whole even if only its '#' differs."""
    if tab.url.startswith("http"):
        tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    tab.goto("about:blank")
    tab.mouse.move(0, 0)  # the pointer where a new page has it, over nothing of the page
    tab.set_viewport_size({"width": width, "height": height})
    tab.goto(url)
    loaded(tab)
    return tab


def loaded(page) -> None:
    """Wait until the page is as a reader first sees it: every file it asked
    for while loading (`goto` waits for them), and its fonts.  Not Playwright's
    "networkidle", which waits a further half second after the last request
    (the favicon's): the edition's pages ask for nothing more once loaded, and
    a suite that waits so often should not wait for nothing.  A test of what a page
    asks for later (tiles, a payload's requests) waits for "networkidle" itself."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")


def search_index(tab, base: str, query: str) -> list[tuple[str, str]]:
    """What the site's search index (Pagefind's) answers to a query, asked
    from its home page opened in `tab`: each page found, best first, with
    the text of its excerpts."""
    found = visit(tab, base).evaluate("""async query => {
        const pagefind = await import(new URL("pagefind/pagefind.js", location.href).href);
        const search = await pagefind.search(query);
        return Promise.all(search.results.map(async result => {
            const data = await result.data();
            const excerpts = [data.excerpt, ...data.sub_results.map(sub => sub.excerpt)];
            return [data.url, excerpts.join(" … ").replace(/<[^>]+>/g, "")];
        }));
    }""", query)
    return [(url.removeprefix("/"), text) for url, text in found]
