"""Files read again only when they changed, from one build to the next.

`mkdocs serve` reads the whole edition again after every edit.  Opening,
decoding and checking the encoding of 10,000 sources, and hashing each to
find its kept model, was half of that reading (0.6 s of a rebuild), for the
one file that changed.  A file whose status — size, modification and change
times, inode — is what it was when it was last read is not opened again;
its text, its problems and its digest are given back as they were.

Git's index trusts file status the same way, with the same caveat: a file
written twice within its file system's timestamp granularity keeps its
status.  So, as Git does with "racily clean" entries, a file whose times are
less than `RACY_NS` older than the start of the reading is read again
next time (two seconds: FAT's granularity, the coarsest in common use).
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .document import decode

RACY_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class Read:
    text: str | None  # None: not to be read (not UTF-8, too large), as `decode` says
    problems: tuple[Diagnostic, ...]  # `decode`'s
    digest: str  # of the file's bytes: what a kept result of its text is looked up by


Remembered = dict[str, tuple[tuple[int, ...], Read]]  # a file's path -> its status and what was read


class Rereader:
    """One build's reading of the edition's files.  `before`: what the last
    build of this process read (`remembered`), or None to remember nothing
    (`edition check`, which has no next build)."""

    def __init__(self, before: Remembered | None) -> None:
        self.before = before
        self.remembered: Remembered = {}
        self.since = time.time_ns() - RACY_NS

    def read(self, path: Path, rel: str, limit: int | None = None) -> Read:
        if self.before is None:
            return _read(path.read_bytes(), rel, limit)
        key = str(path)
        # Status first, then the bytes: a write between the two leaves a status that differs next time.
        st = os.stat(key)
        status = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        kept = self.before.get(key)
        read = kept[1] if kept is not None and kept[0] == status else _read(path.read_bytes(), rel, limit)
        if st.st_mtime_ns < self.since and st.st_ctime_ns < self.since:
            self.remembered[key] = (status, read)
        return read


def _read(data: bytes, rel: str, limit: int | None) -> Read:
    text, problems = decode(data, rel, limit=limit)
    return Read(text, tuple(problems), hashlib.sha256(data).hexdigest())
