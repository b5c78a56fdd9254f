"""The build talks to Pagefind's service mode (`edition.search.Indexer`):
messages of base64 JSON, each ended by a comma, in whatever pieces the pipe
delivers.  A stand-in for Pagefind answers as the real one does, but cuts
its answers at awkward places, so that the index's files — many times the
pipe's 64 KB — arrive whole however they are cut."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import textwrap
from pathlib import Path

import pytest

from edition import cache, search
from edition.search import PART, Indexer, SearchIndexError, part_size

# Pagefind's side of the protocol: it answers NewIndex and GetFiles, the index's files in pieces of
# 1,000 bytes (a comma may end a piece) with a second answer in the last piece, and talk of its own.
STAND_IN = textwrap.dedent("""\
    import base64, json, sys
    out = sys.stdout.buffer
    FILES = json.loads(sys.argv[1])

    def answer(message_id, payload):
        return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode()) + b","

    pending = b""
    while chunk := sys.stdin.buffer.read1(65536):
        *messages, pending = (pending + chunk).split(b",")
        for message in messages:
            asked = json.loads(base64.b64decode(message))
            kind = asked["payload"]["type"]
            if kind == "NewIndex":
                out.write(b"not a message" + b"," + answer(asked["message_id"], {"index_id": 7}))
                out.flush()
            elif kind == "GetFiles":
                files = [{"path": path, "content": base64.b64encode(data.encode()).decode()}
                         for path, data in FILES.items()]
                said = answer(asked["message_id"], {"files": files}) + answer(99, {"type": "Done"})
                for i in range(0, len(said), 1000):
                    out.write(said[i:i + 1000])
                    out.flush()
                sys.exit(0)  # done: an answer not read whole by now is reported, not waited for
""")


def test_the_index_arrives_whole_however_the_pipe_cuts_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"pagefind-entry.json": '{"version": "1"}', "index/en_0.pf_index": "ä" * 300_000,
             "fragment/en_1.pf_fragment": "".join(chr(0x400 + i % 200) for i in range(500_000))}
    script = tmp_path / "pagefind"
    script.write_text(f"#!{sys.executable}\nimport sys\nsys.argv[1:] = [{json.dumps(json.dumps(files))}]\n"
                      + STAND_IN, encoding="utf-8")
    os.chmod(script, 0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(script))
    indexer = Indexer()
    indexer.add("<html><body>One.</body></html>", "/one/")
    site = tmp_path / "site"
    indexer.write(site)
    for path, text in files.items():
        assert (site / "pagefind" / path).read_text(encoding="utf-8") == text
    service = indexer.parts[0].service
    assert service.output.startswith(b"not a message")  # Pagefind's own talk, kept for a report
    assert 99 in service.answers  # the answer after the index, in the same piece as its end


# A stand-in that says which pages it was given, in its log and as its index's only file.
LOGGING = textwrap.dedent("""\
    import base64, json, os, sys
    if sys.argv[1:] == ["--version"]:
        print("pagefind 0.0.0 (stand-in)")
        sys.exit(0)
    log = open(os.environ["STAND_IN_LOG"], "a", encoding="utf-8")
    log.write("started\\n")
    log.flush()
    given, pending = [], b""

    def answer(message_id, payload):
        said = json.dumps({"message_id": message_id, "payload": payload}).encode()
        sys.stdout.buffer.write(base64.b64encode(said) + b",")
        sys.stdout.buffer.flush()

    while chunk := sys.stdin.buffer.read1(65536):
        *messages, pending = (pending + chunk).split(b",")
        for message in messages:
            asked = json.loads(base64.b64decode(message))
            payload = asked["payload"]
            if payload["type"] == "NewIndex":
                answer(asked["message_id"], {"index_id": 0})
            elif payload["type"] == "AddFile":
                given.append([payload["url"], payload["file_contents"]])
                log.write(payload["url"] + "\\n")
                log.flush()
            elif payload["type"] == "GetFiles":
                entry = base64.b64encode(json.dumps(given).encode()).decode()
                answer(asked["message_id"], {"files": [{"path": "pagefind-entry.json", "content": entry}]})
                sys.exit(0)
""")


@pytest.fixture
def logging_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The stand-in as Pagefind; its log (what it was started for and given)."""
    script = tmp_path / "pagefind"
    script.write_text(f"#!{sys.executable}\n" + LOGGING, encoding="utf-8")
    os.chmod(script, 0o755)
    log = tmp_path / "pagefind.log"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(script))
    monkeypatch.setenv("STAND_IN_LOG", str(log))
    yield log
    cache.close()


def index(keep: Path | None, pages: list[tuple[str, str]], site: Path) -> list[list[str]]:
    """The index a build with these pages (url, as given) writes: what it says it was made from."""
    indexer = Indexer(keep, len(pages))
    for url, text in pages:
        indexer.add(text, url)
    indexer.write(site)
    return json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))


PAGES = [("/a/", "<html><body>One.</body></html>"), ("/b/", "<html><body>Two.</body></html>")]


def test_a_rebuild_giving_the_same_pages_writes_the_kept_index_and_never_starts_pagefind(
        logging_pagefind: Path, tmp_path: Path) -> None:
    keep = tmp_path / "cache"
    first = index(keep, PAGES, tmp_path / "first")
    assert first == [list(page) for page in PAGES]
    assert logging_pagefind.read_text(encoding="utf-8").split() == ["started", "/a/", "/b/"]
    logging_pagefind.unlink()
    assert index(keep, PAGES, tmp_path / "second") == first
    assert not logging_pagefind.exists()


def test_a_page_given_otherwise_starts_pagefind_with_every_page_before_it(logging_pagefind: Path,
                                                                         tmp_path: Path) -> None:
    keep = tmp_path / "cache"
    index(keep, PAGES, tmp_path / "first")
    logging_pagefind.unlink()
    changed = [PAGES[0], ("/b/", "<html><body>Two, corrected.</body></html>")]
    assert index(keep, changed, tmp_path / "second") == [list(page) for page in changed]
    assert logging_pagefind.read_text(encoding="utf-8").split() == ["started", "/a/", "/b/"]
    logging_pagefind.unlink()
    fewer = PAGES[:1]  # the same pages so far, but one fewer: not the index kept
    assert index(keep, fewer, tmp_path / "third") == [list(PAGES[0])]
    assert logging_pagefind.read_text(encoding="utf-8").split() == ["started", "/a/"]


def test_a_build_with_no_index_kept_starts_pagefind_before_the_first_page(logging_pagefind: Path,
                                                                         tmp_path: Path) -> None:
    for folder in (tmp_path / "cache", None):
        indexer = Indexer(folder, len(PAGES))
        try:
            assert logging_pagefind.read_text(encoding="utf-8").split() == ["started"]
        finally:
            indexer.close()
        logging_pagefind.unlink()


def test_an_index_too_large_to_keep_is_written_and_made_again_next_time(logging_pagefind: Path, tmp_path: Path) -> None:
    keep = tmp_path / "cache"
    cache.open_folder(keep)
    cache._database(keep).setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 100)  # SQLite's 1 GB a row, made small
    assert index(keep, PAGES, tmp_path / "first") == [list(page) for page in PAGES]
    cache.close()
    logging_pagefind.unlink()
    assert index(keep, PAGES, tmp_path / "second") == [list(page) for page in PAGES]
    assert logging_pagefind.read_text(encoding="utf-8").split() == ["started", "/a/", "/b/"]


def test_pagefind_that_cannot_start_at_the_first_changed_page_is_reported_by_write(
        logging_pagefind: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keep = tmp_path / "cache"
    index(keep, PAGES, tmp_path / "first")
    indexer = Indexer(keep, len(PAGES))
    monkeypatch.setattr(indexer, "executable", str(tmp_path / "gone"))  # removed while the site was built
    indexer.add("<html><body>Changed.</body></html>", "/a/")
    indexer.add(PAGES[1][1], PAGES[1][0])
    with pytest.raises(SearchIndexError, match="gone"):
        indexer.write(tmp_path / "second")
    assert not (tmp_path / "second" / "pagefind").exists()


FIVE = [(f"/{name}/", f"<html lang=\"en\"><body>Page {name}.</body></html>") for name in "abcde"]


def parts_written(site: Path) -> list[list[list[str]]]:
    """The pages of each part of the index written into `site`, in order: each its address and text."""
    folders = ["", *json.loads((site / "pagefind" / "parts.json").read_text(encoding="utf-8"))]
    return [json.loads((site / "pagefind" / folder / "pagefind-entry.json").read_text(encoding="utf-8"))
            for folder in folders]


def in_parts(keep: Path, pages: list[tuple[str, str]], site: Path, words: str = "Page a b c d e") -> None:
    indexer = Indexer(keep, len(pages), part=2, words=lambda: words)
    for url, text in pages:
        indexer.add(text, url)
    indexer.write(site)


def test_every_part_pages_make_an_index_of_their_own_with_every_word_in_it(logging_pagefind: Path,
                                                                          tmp_path: Path) -> None:
    in_parts(tmp_path / "cache", FIVE, tmp_path / "site")
    words = "/pagefind/words/"
    parts = parts_written(tmp_path / "site")
    assert [[url for url, _ in part] for part in parts] == [["/a/", words, "/b/"], ["/c/", words, "/d/"],
                                                            ["/e/", words]]
    assert all("Page a b c d e" in part[1][1] for part in parts)
    assert logging_pagefind.read_text(encoding="utf-8").split() == [
        "started", "/a/", words, "/b/", "started", "/c/", words, "/d/", "started", "/e/", words]


def test_an_edit_that_keeps_the_words_indexes_its_own_part_again_and_no_other(logging_pagefind: Path,
                                                                              tmp_path: Path) -> None:
    keep = tmp_path / "cache"
    in_parts(keep, FIVE, tmp_path / "first")
    first = parts_written(tmp_path / "first")
    logging_pagefind.unlink()
    edited = [*FIVE[:3], ("/d/", "<html lang=\"en\"><body>Page d, d.</body></html>"), FIVE[4]]
    in_parts(keep, edited, tmp_path / "second")
    # The part's pages held until the one edited, then given; the other parts' index as kept.
    assert logging_pagefind.read_text(encoding="utf-8").split() == ["started", "/c/", "/pagefind/words/", "/d/"]
    second = parts_written(tmp_path / "second")
    assert second[0] == first[0] and second[2] == first[2]
    assert second[1][2] == list(edited[3])


def test_an_edit_that_brings_a_new_word_starts_every_part_at_the_page_of_words(logging_pagefind: Path,
                                                                              tmp_path: Path) -> None:
    keep = tmp_path / "cache"
    in_parts(keep, FIVE, tmp_path / "first")
    logging_pagefind.unlink()
    edited = [*FIVE[:3], ("/d/", "<html lang=\"en\"><body>Page d, corrected.</body></html>"), FIVE[4]]
    in_parts(keep, edited, tmp_path / "second", words="Page a b c corrected d e")
    words = "/pagefind/words/"
    # Each part's Pagefind started at its second page, so that it reads the pages after beside the build.
    assert logging_pagefind.read_text(encoding="utf-8").split() == [
        "started", "/a/", words, "/b/", "started", "/c/", words, "/d/", "started", "/e/", words]
    assert all("corrected" in part[1][1] for part in parts_written(tmp_path / "second"))


def test_a_site_with_more_pages_than_it_was_to_have_gives_every_part_the_words_page(logging_pagefind: Path,
                                                                                  tmp_path: Path) -> None:
    indexer = Indexer(None, 2, part=2, words=lambda: "Page a b c")
    for url, text in FIVE[:3]:
        indexer.add(text, url)
    indexer.write(tmp_path / "site")
    words = "/pagefind/words/"
    assert [[url for url, _ in part] for part in parts_written(tmp_path / "site")] == [["/a/", "/b/", words],
                                                                                       ["/c/", words]]


@pytest.mark.parametrize("pages, size", [(7, 7), (1500, 1500), (1507, 754), (10507, 1314)])
def test_parts_are_as_few_as_their_limit_allows_and_of_equal_size(pages: int, size: int) -> None:
    assert part_size(pages) == size
    parts = -(-pages // size)
    assert size <= PART and parts == -(-pages // PART)


WRITTEN = [(f"/{name}/", f'<html lang="en"><body><nav>Menu</nav><div data-pagefind-body>'
            f'<p id="p1">Page {name}.</p></div><!--/data-pagefind-body--></body></html>') for name in "ab"]


def test_a_page_as_written_before_is_made_into_what_pagefind_reads_only_if_pagefind_starts(
        logging_pagefind: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keep = tmp_path / "cache"

    def build(pages: list[tuple[str, str]], site: Path) -> list[list[str]]:
        indexer = Indexer(keep, len(pages))
        for url, html in pages:
            indexer.add_written(html, url)
        indexer.write(site)
        return json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))

    first = build(WRITTEN, tmp_path / "first")
    assert first == [[url, search.given(html, url)] for url, html in WRITTEN]
    assert "Menu" not in first[0][1] and 'data-pagefind-meta="kind:' in first[0][1]
    made, given = [], search.given
    monkeypatch.setattr(search, "given", lambda html, url: made.append(url) or given(html, url))
    logging_pagefind.unlink()
    assert build(WRITTEN, tmp_path / "second") == first
    assert made == [] and not logging_pagefind.exists()
    corrected = [WRITTEN[0], ("/b/", WRITTEN[1][1].replace("Page b.", "Page b, corrected."))]
    third = build(corrected, tmp_path / "third")
    assert third == [[url, given(html, url)] for url, html in corrected]
    assert made == ["/b/", "/a/"]  # the page changed; then the one held as written, as Pagefind is started
    assert logging_pagefind.read_text(encoding="utf-8").split() == ["started", "/a/", "/b/"]
