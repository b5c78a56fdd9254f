"""`mkdocs serve` builds again and again in one process: nothing of one
build may stay behind (frozen objects, log handlers, threads), and each
rebuild reports exactly what the first did."""

from __future__ import annotations

import gc
import logging
import threading
from pathlib import Path

from .conftest import build_here


def test_rebuilds_in_one_process_leave_nothing_behind(mini_copy: Path) -> None:
    folder = mini_copy
    (folder / "docs" / "index.md").write_text("# Home\n\nA broken [@NoSuchWork, 3] citation.\n", encoding="utf-8")
    first = build_here(folder, serve=True)
    assert any("ED602" in line for line in first)  # the problem is reported ...
    handlers, threads = len(logging.getLogger("mkdocs").handlers), threading.active_count()
    gc.collect()
    objects = len(gc.get_objects())
    for _ in range(3):
        assert build_here(folder, serve=True) == first  # ... again, and nothing else, on every rebuild
    gc.collect()
    assert gc.get_freeze_count() == 0
    assert len(logging.getLogger("mkdocs").handlers) == handlers
    assert threading.active_count() <= threads
    assert len(gc.get_objects()) - objects < 1_000  # a few hundred kept by Markdown's extensions; a build is ~50,000
