"""Noticing an edit under `mkdocs serve`, without polling every source.

MkDocs notices edits by polling: twice a second it takes a snapshot of
every file it watches, on a thread of the process that builds.  At 10,000
documents a snapshot of `docs/` takes 0.085 s: a quarter of a core, all
the time an editor writes (the Performance page measures it).  The system's
own notice of changes (inotify, FSEvents, ReadDirectoryChangesW) costs
nothing while nothing changes, but misses edits made through some network
and container mounts, which is why MkDocs polls.  So `docs/` is watched
both ways here: by the system's notice, at once, and by a poll every few
seconds behind it for what that misses.  Either touches one file outside
`docs/`, which MkDocs watches in `docs/`'s place and rebuilds on.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from watchdog.events import (FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileSystemEvent,
                             FileSystemEventHandler)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

SLOW_POLL = 5.0  # seconds between the polls behind the system's notice

# The events that change a file, the only ones asked for.  The system's notice also tells of every file
# opened and closed unchanged, and of folders: a build reads every source, and at 10,000 documents handling
# those notices took 1.3 s of each rebuild (and, counted as changes, rebuilt the site endlessly).
_CHANGES = [FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileDeletedEvent]


def _changed(event: FileSystemEvent) -> set[str]:
    """The files an event (one of `_CHANGES`) changed."""
    return {str(path) for path in (event.src_path, getattr(event, "dest_path", "")) if path}


class _Notice(FileSystemEventHandler):
    """The system's notice: touches the signal, and keeps when it saw each file change."""

    def __init__(self, signal: Path, poll: float) -> None:
        self.signal = signal
        self.seen: dict[str, float] = {}
        self.recent = 3 * poll  # a change seen this recently, the poll finds again: no second rebuild

    def on_any_event(self, event: FileSystemEvent) -> None:
        now = time.monotonic()
        self.seen = {path: at for path, at in self.seen.items() if now - at < self.recent} | dict.fromkeys(
            _changed(event), now)
        self.signal.touch()

    def saw(self, path: str, now: float) -> bool:
        at = self.seen.get(path)  # one look: the notice's thread may replace `seen` meanwhile
        return at is not None and now - at < self.recent


class _Poll(FileSystemEventHandler):
    """The poll behind it: touches the signal only for a change the notice did not see
    (one rebuild an edit, not a second a few seconds later)."""

    def __init__(self, notice: _Notice) -> None:
        self.notice = notice

    def on_any_event(self, event: FileSystemEvent) -> None:
        now = time.monotonic()
        if not all(self.notice.saw(path, now) for path in _changed(event)):
            self.notice.signal.touch()


class DocsWatcher:
    """Watches `docs` and touches `signal` on any change to a file in it."""

    def __init__(self, docs: Path, poll: float = SLOW_POLL) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="edition-serve-"))
        self.signal = self.folder / "edited"
        self.signal.touch()
        notice = _Notice(self.signal, poll)
        self.observers = [Observer(), PollingObserver(timeout=poll)]
        self.observers[0].schedule(notice, str(docs), recursive=True, event_filter=_CHANGES)
        self.observers[1].schedule(_Poll(notice), str(docs), recursive=True, event_filter=_CHANGES)

    def start(self) -> OSError | None:
        """Why the system's notice cannot be had (e.g. too many folders
        watched already), or None: then nothing is watched here."""
        try:
            for observer in self.observers:
                observer.start()
        except OSError as error:
            self.stop()
            return error
        return None

    def stop(self) -> None:
        for observer in self.observers:
            if observer.is_alive():
                observer.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
