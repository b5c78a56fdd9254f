"""`mkdocs build --dirty` (and `serve --dirty`) write only the pages whose
sources changed: the search index and the check of published addresses
still see every page."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .conftest import FRONT_MATTER, MINI_BIB, MINI_CHANGELOG, MINI_CONFIG, write_mini

CONFIG = MINI_CONFIG.format(anchors="anchors.txt", published="false")
ANCHORS = "# Every address the site has published (written by the deploy workflow).\n"


def mkdocs(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("EDITION_RECORD", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=folder, env=env,
                          capture_output=True, text=True)


def indexed(site: Path) -> int:
    """How many pages Pagefind's index holds."""
    return json.loads((site / "pagefind" / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"]


def test_a_dirty_build_keeps_every_page_in_search_and_every_published_address(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "changelog.md").write_text(MINI_CHANGELOG, encoding="utf-8")
    (tmp_path / "bibliography.bib").write_text(MINI_BIB, encoding="utf-8")
    (tmp_path / "register.yml").write_text("", encoding="utf-8")
    (tmp_path / "anchors.txt").write_text(ANCHORS, encoding="utf-8")
    (tmp_path / "docs" / "texts").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n## A section\n", encoding="utf-8")
    text = tmp_path / "docs" / "texts" / "t.md"
    text.write_text(FRONT_MATTER + "::text lines\n::page 1\nA line.[^1]\n\n[^1]: Its note.\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EDITION_RECORD": "1"}
    recorded = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path, env=env,
                              capture_output=True, text=True)
    assert recorded.returncode == 0, recorded.stderr
    assert "#a-section" in (tmp_path / "anchors.txt").read_text(encoding="utf-8")
    full = indexed(tmp_path / "site")

    text.write_text(text.read_text(encoding="utf-8").replace("A line.", "A line, corrected."), encoding="utf-8")
    dirty = mkdocs(tmp_path, "--dirty")  # not strict: MkDocs itself warns of a dirty build
    assert dirty.returncode == 0 and "ED811" not in dirty.stderr, dirty.stderr  # no published address is missing
    assert indexed(tmp_path / "site") == full  # the pages not written again are still found


# `mkdocs serve --dirty`, as its builds run: in one process, the plugin kept
# between them (MkDocs keeps a plugin with `on_startup` for the whole
# session, and its first build writes every page).

SERVE_URL = "http://127.0.0.1:8000/"
REGISTER = "".join(f"- id: {entity_id}\n  type: {kind}\n  name: {name}\n  description: d\n  source: s\n"
                   for entity_id, kind, name in (("blyukher", "person", "Vasily Blyukher"),
                                                 ("lyushkov", "person", "Genrikh Lyushkov"),
                                                 ("khasan", "place", "Lake Khasan")))
FIRST = FRONT_MATTER.replace("A test document", "The first document") + """\
::text paragraphs

The marshal [Blukher]{@blyukher} came to the lake in [1938]{date 1938} with a new order.

As Berton shows [@Berton1993, 60], the front was quiet.
"""
SECOND = FRONT_MATTER.replace("A test document", "The second document") + """\
::text paragraphs

[Lyushkov]{@lyushkov} crossed the border; see the [first document](first.md#para1).
"""


class _Said(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _build(project: Path, site: Path, dirty: bool) -> list[str]:
    """One build as `mkdocs serve` makes it (`dirty`: with `--dirty`); the warnings and errors it logged."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    said = _Said()
    logging.getLogger("mkdocs").addHandler(said)
    try:
        build(config, serve_url=SERVE_URL, dirty=dirty)
    finally:
        logging.getLogger("mkdocs").removeHandler(said)
    return [line for line in said.lines if "'dirty' build" not in line]  # MkDocs's own notice of the flag


def _serve(project: Path, site: Path, dirty: bool) -> None:
    """Start a session of `mkdocs serve` (`dirty`: `--dirty`) for the builds that follow."""
    load_config(str(project / "mkdocs.yml"), site_dir=str(site)).plugins.on_startup(command="serve", dirty=dirty)


def _indexed(project: Path) -> None:
    """Wait for the search index `mkdocs serve --dirty` writes after a build
    (written by the time a reader searches; a next build would drop it)."""
    indexing = load_config(str(project / "mkdocs.yml")).plugins["edition"].indexing
    if indexing is not None:
        indexing.thread.join()


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _differences(site: Path, other: Path) -> list[str]:
    mine, theirs = _files(site), _files(other)
    return sorted(name for name in mine.keys() | theirs.keys() if mine.get(name) != theirs.get(name))


@pytest.fixture
def edition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The sitemap's date and its gzip header's time are the build's own otherwise: two builds a second apart differ.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    for name in ("EDITION_RECORD", "SITE_URL", "REPO_URL"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "edition").mkdir()
    return write_mini(tmp_path / "edition", {"index.md": "# Home\n\nThe [texts](texts/first.md).\n",
                                             "texts/first.md": FIRST, "texts/second.md": SECOND},
                      register=REGISTER, anchors=ANCHORS)


EDITS = {  # each a change to the first document, and a word the edited page shows
    "its text": (("with a new order", "with a newer order"), "newer"),
    "a mention": (("[Blukher]{@blyukher}", "[Lyushkov]{@lyushkov}"), "Lyushkov"),
    "a citation": (("[@Berton1993, 60]", "[@Berton1993, 71]"), "71"),
    "a date": (("[1938]{date 1938}", "[1937]{date 1937}"), "1937"),
    "its title": (("title: The first document", "title: The opening document"), "opening"),
}


def test_a_dirty_rebuild_makes_the_site_a_full_build_makes(edition: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """After each edit, the site `mkdocs serve --dirty` rebuilt is the one a
    full build of the edited edition makes, file by file: the edited page,
    the register's entries, the bibliography, the chronology, the other
    pages' navigation and the search index; and the rebuild warns of nothing
    (no published address of a page it did not write is missing)."""
    site, full = tmp_path / "site", tmp_path / "full"
    _serve(edition, site, dirty=False)
    monkeypatch.setenv("EDITION_RECORD", "1")  # a build records every address it publishes (a dirty one warns)
    assert _build(edition, site, dirty=False) == []
    monkeypatch.delenv("EDITION_RECORD")
    assert "texts/second/\n  #cite" in (edition / "anchors.txt").read_text(encoding="utf-8")
    _serve(edition, site, dirty=True)
    assert _build(edition, site, dirty=True) == []
    first, other = edition / "docs" / "texts" / "first.md", site / "texts" / "second" / "index.html"
    for edit, ((old, new), word) in EDITS.items():
        text = first.read_text(encoding="utf-8")
        assert old in text
        first.write_text(text.replace(old, new), encoding="utf-8")
        before = other.stat().st_mtime_ns
        assert _build(edition, site, dirty=True) == []
        assert word in (site / "texts" / "first" / "index.html").read_text(encoding="utf-8")
        # A page the edit does not reach is left as it was: only a new title is in every page's navigation.
        assert (other.stat().st_mtime_ns != before) == (edit == "its title"), edit
    _indexed(edition)
    _serve(edition, full, dirty=False)
    assert _build(edition, full, dirty=False) == []
    assert _differences(site, full) == []
