"""`edition check` and the build read the edition with one function
(`edition.reading.read_edition`): for every broken input of the bad-input
corpus, the build reports exactly the problems the check reports — plus
only what needs the built site or pandoc."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition.cli import main

from .conftest import build_here
from .test_bad_input import CASES, Case, write_edition

DIAGNOSTIC = re.compile(r"\S+:\d+:\d+: ED\d{3} .*")
BUILD_ONLY = ("ED604", "ED811", "ED812")  # pandoc's formatting, the built site's addresses


def built(folder: Path) -> set[str]:
    """What a build of the edition in `folder` reports, in this process."""
    return {line for line in build_here(folder) if DIAGNOSTIC.fullmatch(line) and line.split()[1] not in BUILD_ONLY}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_build_reports_what_the_check_reports(capsys, tmp_path: Path, case: Case) -> None:
    write_edition(tmp_path, case)
    main(["-C", str(tmp_path), "check"])
    checked = {line for line in capsys.readouterr().out.splitlines() if DIAGNOSTIC.fullmatch(line)}
    assert checked and built(tmp_path) == checked
