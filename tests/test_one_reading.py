"""`edition check` and the build read the edition with one function
(`edition.reading.read_edition`): for every broken input of the bad-input
corpus, the build reports exactly the problems the check reports — plus
only what needs the built site or pandoc."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from edition.cli import main

from .test_bad_input import CASES, Case, write_edition

DIAGNOSTIC = re.compile(r"\S+:\d+:\d+: ED\d{3} .*")
BUILD_ONLY = ("ED604", "ED811", "ED812")  # pandoc's formatting, the built site's addresses


class _Said(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def built(folder: Path) -> set[str]:
    """What a build of the edition in `folder` reports, in this process."""
    said = _Said()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(said)
    try:
        build(load_config(str(folder / "mkdocs.yml"), site_dir=str(folder / "site")))
    except (Abort, PluginError):
        pass  # a fatal problem, said before it stopped
    finally:
        logger.removeHandler(said)
    reported = {line.removeprefix("edition: ") for line in said.lines}  # the plugin's logger names itself
    return {line for line in reported if DIAGNOSTIC.fullmatch(line) and line.split()[1] not in BUILD_ONLY}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_build_reports_what_the_check_reports(capsys, tmp_path: Path, case: Case) -> None:
    write_edition(tmp_path, case)
    main(["-C", str(tmp_path), "check"])
    checked = {line for line in capsys.readouterr().out.splitlines() if DIAGNOSTIC.fullmatch(line)}
    assert checked and built(tmp_path) == checked
