"""`mkdocs serve` builds again in the same process after every edit: the
second build must show the edit and nothing left over from the first."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import edition.document
import edition.rereading

from . import miniature
from .conftest import build_here, copy_mini

P131 = miniature.BOOK + "index.html"


def snapshot(site: Path) -> dict:
    page = BeautifulSoup((site / P131).read_text(encoding="utf-8"), "html.parser")
    entry = BeautifulSoup((site / "register/vladivostok/index.html").read_text(encoding="utf-8"), "html.parser")
    index = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    bibliography = BeautifulSoup((site / "bibliography/index.html").read_text(encoding="utf-8"), "html.parser")
    tei = BeautifulSoup((site / P131.replace("index.html", "tei.xml")).read_text(encoding="utf-8"), "xml")
    return {
        "intro": page.find(id="introduction").find_next("p").get_text(" ", strip=True)[:40],
        "tei intro": tei.find("front").find("p").get_text(" ", strip=True)[:40],  # exports are cached
        "mentions": len(entry.select("article li")),
        "search": index["languages"]["en"]["page_count"],
        "cited": bibliography.find(id="Berton1993").get_text(" ", strip=True),
        "apparatus": len((site / "apparatus/index.html").read_text(encoding="utf-8").split('class="app-place"')),
    }


def test_a_second_build_in_the_same_process_shows_the_edit_and_nothing_stale(
        mini_source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    (tmp_path / "edition").mkdir()
    folder = copy_mini(mini_source, tmp_path / "edition")
    build_here(folder, tmp_path / "site", serve=True)
    first = snapshot(tmp_path / "site")
    assert first["intro"].startswith("This is page 131 of Hiroaki Kuromiya")
    doc = folder / miniature.BOOK_FILE
    doc.write_text(doc.read_text(encoding="utf-8").replace("This is page 131 of", "This is p. 131 of", 1),
                   encoding="utf-8")
    read = []  # the sources read again: only the edited one, the others' models are kept
    parse = edition.document.parse_document
    monkeypatch.setattr(edition.document, "parse_document", lambda text, path: read.append(path) or parse(text, path))
    build_here(folder, tmp_path / "site", serve=True)
    assert read == [miniature.BOOK_FILE]
    second = snapshot(tmp_path / "site")
    assert second["intro"].startswith("This is p. 131 of Hiroaki Kuromiya")
    assert second["tei intro"].startswith("This is p. 131 of Hiroaki Kuromiya")
    edited = {"intro", "tei intro"}
    assert {k: v for k, v in second.items() if k not in edited} == {k: v for k, v in first.items() if k not in edited}
    assert first["mentions"] > 0 and first["apparatus"] > 1


def test_a_rebuild_reads_again_only_the_files_that_changed_and_sees_every_change(
        mini_source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are remembered from one build to the next (`rereading`; here at once, not two seconds after
    they were written); an edit that keeps the file's size and restores its modification time is still
    seen (its change time moved)."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setattr(edition.rereading, "RACY_NS", 0)
    (tmp_path / "edition").mkdir()
    folder = copy_mini(mini_source, tmp_path / "edition")
    build_here(folder, tmp_path / "site", serve=True)
    doc = folder / miniature.BOOK_FILE
    status = doc.stat()
    doc.write_text(doc.read_text(encoding="utf-8").replace("This is page 131 of", "This is PAGE 131 of", 1),
                   encoding="utf-8")
    os.utime(doc, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert doc.stat().st_size == status.st_size and doc.stat().st_mtime_ns == status.st_mtime_ns
    opened = []
    read = edition.rereading._read
    monkeypatch.setattr(edition.rereading, "_read", lambda data, rel, limit: opened.append(rel) or read(data, rel, limit))
    build_here(folder, tmp_path / "site", serve=True)
    assert opened == [miniature.BOOK_FILE]
    assert snapshot(tmp_path / "site")["intro"].startswith("This is PAGE 131 of Hiroaki Kuromiya")
