"""The build talks to Pagefind's service mode (`edition.search.Indexer`):
messages of base64 JSON, each ended by a comma, in whatever pieces the pipe
delivers.  A stand-in for Pagefind answers as the real one does, but cuts
its answers at awkward places, so that the index's files — many times the
pipe's 64 KB — arrive whole however they are cut."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

import pytest

from edition.search import Indexer

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
    assert indexer.output.startswith(b"not a message")  # Pagefind's own talk, kept for a report
    assert 99 in indexer.answers  # the answer after the index, in the same piece as its end
