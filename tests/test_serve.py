"""`mkdocs serve` builds again and again in one process: nothing of one
build may stay behind (frozen objects, log handlers, threads), and each
rebuild reports exactly what the first did."""

from __future__ import annotations

import gc
import logging
import threading
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


class _Said(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def rebuild(folder: Path) -> list[str]:
    """One build as `mkdocs serve` makes it (its plugins told the command), and what it warned of."""
    config = load_config(str(folder / "mkdocs.yml"), site_dir=str(folder / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    said = _Said()
    logging.getLogger("mkdocs").addHandler(said)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        logging.getLogger("mkdocs").removeHandler(said)
    return said.lines


def test_rebuilds_in_one_process_leave_nothing_behind(mini_copy: Path) -> None:
    folder = mini_copy
    (folder / "docs" / "index.md").write_text("# Home\n\nA broken [@NoSuchWork, 3] citation.\n", encoding="utf-8")
    first = rebuild(folder)
    assert any("ED602" in line for line in first)  # the problem is reported ...
    handlers, threads = len(logging.getLogger("mkdocs").handlers), threading.active_count()
    gc.collect()
    objects = len(gc.get_objects())
    for _ in range(3):
        assert rebuild(folder) == first  # ... again, and nothing else, on every rebuild
    gc.collect()
    assert gc.get_freeze_count() == 0
    assert len(logging.getLogger("mkdocs").handlers) == handlers
    assert threading.active_count() <= threads
    assert len(gc.get_objects()) - objects < 1_000  # a few hundred kept by Markdown's extensions; a build is ~50,000
