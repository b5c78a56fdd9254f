"""Results kept on their inputs: in `.cache/edition/` on disk (kept between
builds, and by the deploy workflow between runs) and, if asked, in memory
(for the rebuilds of `mkdocs serve`).

A result is found again only when every input is the same: the key is a
hash of all of them, and a result that depends on the edition's own code
(`CODE` among the parts) is made again after the code changes.  What a
build did not use is removed after it (`prune`), so the folder holds one
build's worth.

The results are rows of one SQLite database, not a file each: a first
build keeps some 3,000 results at a thousand documents, and creating a file
can cost the kernel half a millisecond (on this project's virtual machines'
disk: see the Performance page), a row a few microseconds.  Each result is written in a
transaction of its own, so a build stopped midway leaves whole results.
Nothing is synced to the disk: a result lost to a power cut is made again.

Results are kept as JSON; the sources' models, made of the edition's own
classes, are pickled (as Sphinx keeps its environment): reading a pickle
runs code, which is safe only because the folder is the builder's own
(the workflows restore it from `main`'s runs or the pull request's own,
never another branch's).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import pickle
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

DATABASE = "results.sqlite"  # in the folder, with SQLite's own "-wal" and "-shm" files while open


def _code() -> str:
    """A fingerprint of this package's source: a result made by older code is not reused."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


CODE = _code()
_memory: dict[str, Any] = {}
_used: set[str] = set()  # the results this build read or wrote
_databases: dict[Path, sqlite3.Connection] = {}  # open until `prune` or `close`
_lock = threading.Lock()  # pandoc's results are kept from worker threads


class CacheError(Exception):
    """The folder cannot hold results; the message says which and what to do."""


def _name(kind: str, parts: Sequence[str]) -> str:
    return f"{kind}-{hashlib.sha256(chr(0).join([kind, *parts]).encode()).hexdigest()[:32]}"


def _database(folder: Path) -> sqlite3.Connection:
    """The folder's database, opened (and made) at its first use in a build;
    the caller holds `_lock`."""
    if folder not in _databases:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            try:
                db = _open(folder / DATABASE)
            except sqlite3.OperationalError:  # not to be opened (locked, unwritable): not to be replaced
                raise
            except sqlite3.DatabaseError:  # not a database (a half-copied cache): it only held results
                for path in folder.glob(DATABASE + "*"):
                    path.unlink()
                db = _open(folder / DATABASE)
        except (OSError, sqlite3.Error) as err:
            raise CacheError(f"{folder / DATABASE}: the build cannot keep its results there ({err}). Fix: make "
                             f"'{folder}' a folder the build may write to, or delete it (it only holds "
                             "results a build makes again)") from None
        _databases[folder] = db
    return _databases[folder]


def open_folder(folder: Path) -> None:
    """Open the folder's database now, in the caller's thread, so that a
    folder that cannot hold results is reported before any work is kept."""
    with _lock:
        _database(folder)


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")  # a write appends to one file, without creating any
    db.execute("PRAGMA synchronous=OFF")
    # `id` is never reused: a result written again has a new one (the tests see what was rewritten).
    db.execute("CREATE TABLE IF NOT EXISTS results"
               " (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, data BLOB NOT NULL)")
    return db


def load(folder: Path | None, kind: str, parts: Sequence[str], *, pickled: bool = False) -> Any | None:
    """The result kept for these inputs, or None."""
    name = _name(kind, parts)
    with _lock:
        _used.add(name)
        if name in _memory:
            return _memory[name]
        if not folder:
            return None
        row = _database(folder).execute("SELECT data FROM results WHERE name = ?", (name,)).fetchone()
    if row is None:
        return None
    return pickle.loads(row[0]) if pickled else json.loads(row[0])


def store(folder: Path | None, kind: str, parts: Sequence[str], result: Any, *, memory: bool = False,
          pickled: bool = False) -> None:
    """Keep a result for these inputs: JSON-serialisable, or `pickled`."""
    name = _name(kind, parts)
    data = _pickled(result) if pickled else json.dumps(result, ensure_ascii=False).encode()
    with _lock:
        _used.add(name)
        if memory:
            _memory[name] = result
        if folder:
            _database(folder).execute("INSERT OR REPLACE INTO results (name, data) VALUES (?, ?)", (name, data))


def _pickled(result: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(result)
    return buffer.getvalue()


class _Pickler(pickle.Pickler):
    """The edition's frozen dataclasses pickled as a call of the class with
    their fields: read back in half the time of dataclasses' own way (which
    looks up the fields again for every object: 0.3 s for a thousand models)."""

    fields: dict[type, tuple[str, ...] | None] = {}  # each class's, once (None: pickled the usual way)

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        if cls not in self.fields:
            params = getattr(cls, "__dataclass_params__", None)
            found = dataclasses.fields(cls) if params and params.frozen and cls.__module__.startswith("edition.") else ()
            self.fields[cls] = tuple(f.name for f in found) if found and all(f.init for f in found) else None
        names = self.fields[cls]
        return NotImplemented if names is None else (cls, tuple(getattr(obj, name) for name in names))


def cached(folder: Path | None, kind: str, parts: Sequence[str], compute: Callable[[], Any], *,
           memory: bool = True, pickled: bool = False) -> Any:
    """`compute()`'s result for these inputs, computed only if none is kept;
    `folder` None keeps nothing on disk."""
    result = load(folder, kind, parts, pickled=pickled)
    if result is None:
        result = compute()
        store(folder, kind, parts, result, memory=memory, pickled=pickled)
    elif memory:  # read from disk: kept in memory for `mkdocs serve`'s next build
        with _lock:
            _memory[_name(kind, parts)] = result
    return result


def prune(folder: Path) -> None:
    """Remove the results no use was made of since the last pruning (results
    of older inputs, or older code), and any other file of the folder (an
    older version's results); close the database, whole in its one file."""
    with _lock:
        if folder.is_dir():
            db = _database(folder)
            unused = [(name,) for (name,) in db.execute("SELECT name FROM results") if name not in _used]
            with db:  # one transaction
                db.execute("BEGIN")
                db.executemany("DELETE FROM results WHERE name = ?", unused)
            for path in folder.iterdir():
                if path.is_file() and not path.name.startswith(DATABASE):
                    path.unlink()
        for name in [name for name in _memory if name not in _used]:
            del _memory[name]
        _used.clear()
    close()


def close() -> None:
    """Close the databases this process opened: `mkdocs serve`'s next build
    opens them again (the folder may have been deleted in between)."""
    with _lock:
        for db in _databases.values():
            db.close()  # the last connection folds SQLite's write-ahead log into the database
        _databases.clear()
