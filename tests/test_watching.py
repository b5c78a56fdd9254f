"""What notices an edit under `mkdocs serve` (edition/watching.py): the
system's notice of changes at once, a poll behind it for what that misses,
one signal an edit, and none for a file only read (a build reads them all).
`tests/test_serve.py` runs it under `mkdocs serve`, one rebuild an edit."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from edition.watching import DocsWatcher

POLL = 0.3  # seconds: the poll behind the notice, short for the test


def signalled(watcher: DocsWatcher) -> int:
    return watcher.signal.stat().st_mtime_ns


def wait_for_signal(watcher: DocsWatcher, before: int, seconds: float) -> float | None:
    """Seconds until the signal was touched, or None."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if signalled(watcher) != before:
            return time.monotonic() - start
        time.sleep(0.02)
    return None


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs" / "texts"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("A text.\n", encoding="utf-8")
    return tmp_path / "docs"


@pytest.fixture
def watcher(docs: Path):
    watching = DocsWatcher(docs, poll=POLL)
    assert watching.start() is None
    time.sleep(POLL * 2)  # the poll's first snapshot taken
    yield watching
    watching.stop()
    assert not watching.signal.exists()  # nothing left behind


def test_an_edit_is_signalled_at_once_and_once(docs: Path, watcher: DocsWatcher) -> None:
    before = signalled(watcher)
    time.sleep(0.01)  # a later time than the signal's
    edited = docs / "edited.md"  # written whole, then moved in, as editors save
    edited.write_text("A text, edited.\n", encoding="utf-8")
    os.replace(edited, docs / "texts" / "a.md")
    assert (took := wait_for_signal(watcher, before, 5)) is not None and took < POLL
    time.sleep(0.2)  # the notice's events of that one edit
    after = signalled(watcher)
    assert wait_for_signal(watcher, after, POLL * 4) is None  # the poll, finding it again, is still


def test_a_file_read_is_no_edit(docs: Path, watcher: DocsWatcher) -> None:
    before = signalled(watcher)
    for _ in range(3):
        (docs / "texts" / "a.md").read_text(encoding="utf-8")
    assert wait_for_signal(watcher, before, POLL * 4) is None


def test_an_edit_the_systems_notice_misses_is_found_by_the_poll(docs: Path, watcher: DocsWatcher) -> None:
    watcher.observers[0].stop()  # as on a mount the system's notice does not see through
    watcher.observers[0].join()
    before = signalled(watcher)
    time.sleep(0.01)
    (docs / "texts" / "b.md").write_text("A new text.\n", encoding="utf-8")
    assert wait_for_signal(watcher, before, POLL * 10) is not None


def test_without_the_systems_notice_nothing_is_watched_and_it_says_why(docs: Path, monkeypatch) -> None:
    watching = DocsWatcher(docs, poll=POLL)

    def refused() -> None:
        raise OSError(28, "inotify watch limit reached")
    monkeypatch.setattr(watching.observers[0], "start", refused)
    error = watching.start()
    assert isinstance(error, OSError) and "inotify watch limit reached" in str(error)
    assert not any(observer.is_alive() for observer in watching.observers)
    assert not watching.signal.exists()  # the plugin lets MkDocs watch docs/ again
