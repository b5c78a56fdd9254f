"""A file is read again only when it changed (`edition.rereading`, for
`mkdocs serve`'s rebuilds): never an old text for a file that was written."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from edition import rereading
from edition.rereading import Rereader


@pytest.fixture
def trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file written before it is read is trusted at once, not two seconds later (`RACY_NS`): a file's
    change time cannot be set back, and the tests would wait."""
    monkeypatch.setattr(rereading, "RACY_NS", 0)


def written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unchanged_file_is_given_back_without_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             trusted: None) -> None:
    source = written(tmp_path / "a.md", "# A\n\nOne.\n")
    first = Rereader({})
    kept = first.read(source, "a.md")
    opened = []
    read = rereading._read
    monkeypatch.setattr(rereading, "_read", lambda data, rel, limit: opened.append(rel) or read(data, rel, limit))
    assert Rereader(first.remembered).read(source, "a.md") is kept
    assert opened == []
    assert Rereader(None).read(source, "a.md").text == "# A\n\nOne.\n"  # `edition check`: always read
    assert opened == ["a.md"]


def test_a_write_that_keeps_the_size_and_the_modification_time_is_read(tmp_path: Path, trusted: None) -> None:
    source = written(tmp_path / "a.md", "One.\n")
    first = Rereader({})
    first.read(source, "a.md")
    status = source.stat()
    source.write_text("Two.\n", encoding="utf-8")
    os.utime(source, ns=(status.st_atime_ns, status.st_mtime_ns))  # as a tool that restores times would
    assert Rereader(first.remembered).read(source, "a.md").text == "Two.\n"


def test_a_second_write_within_the_clocks_tick_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system whose times are coarse (FAT keeps two seconds), a file written, read and written
    again within one tick keeps its status: a file written just before it was read is read again next time."""
    real, first_times = os.stat, {}

    def coarse(path: str) -> SimpleNamespace:  # the times of the file's first write, for the whole test
        st = real(path)
        mtime, ctime = first_times.setdefault(path, (st.st_mtime_ns, st.st_ctime_ns))
        return SimpleNamespace(st_size=st.st_size, st_mtime_ns=mtime, st_ctime_ns=ctime, st_ino=st.st_ino,
                               st_dev=st.st_dev)

    monkeypatch.setattr(rereading, "os", SimpleNamespace(stat=coarse))
    source = tmp_path / "a.md"
    source.write_text("One.\n", encoding="utf-8")
    first = Rereader({})
    assert first.read(source, "a.md").text == "One.\n"
    source.write_text("Two.\n", encoding="utf-8")
    assert Rereader(first.remembered).read(source, "a.md").text == "Two.\n"


def test_what_a_file_says_of_its_encoding_is_said_again_when_it_is_given_back(tmp_path: Path,
                                                                               trusted: None) -> None:
    source = written(tmp_path / "a.md", "\ufeffOne.\n")
    first = Rereader({})
    assert [d.code for d in first.read(source, "a.md").problems] == ["ED002"]
    assert first.remembered
    assert [d.code for d in Rereader(first.remembered).read(source, "a.md").problems] == ["ED002"]
