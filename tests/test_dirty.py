"""`mkdocs build --dirty` (and `serve --dirty`) write only the pages whose
sources changed: the search index and the check of published addresses
still see every page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import FRONT_MATTER, MINI_BIB, MINI_CHANGELOG, MINI_CONFIG

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
