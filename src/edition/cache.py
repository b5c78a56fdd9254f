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

Results are kept as JSON, never pickled: a kept result is data, and
reading it runs no code.  The sources' models, made of the edition's own
classes, are written as JSON with each object's class named (`typed`);
only the edition's own dataclasses and enumerations are made from it,
field by field.  The folder is the builder's own, never committed: a
cache a pull request commits is refused (`committed`), and the workflows
restore it only from the branch's own runs or `main`'s.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import hashlib
import json
import sqlite3
import subprocess
import sys
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


def committed(folder: Path, root: Path) -> list[str]:
    """The files of the cache folder that the repository holds (a pull
    request can commit one past .gitignore): such results are not the
    builder's own, and are never read."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", str(folder)],
                                capture_output=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):  # no git, or not a repository: nothing is committed
        return []
    return [name for name in listed.decode("utf-8", "replace").split("\0") if name]


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")  # a write appends to one file, without creating any
    db.execute("PRAGMA synchronous=OFF")
    # `id` is never reused: a result written again has a new one (the tests see what was rewritten).
    db.execute("CREATE TABLE IF NOT EXISTS results"
               " (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, data BLOB NOT NULL)")
    return db


def load(folder: Path | None, kind: str, parts: Sequence[str], *, typed: bool = False) -> Any | None:
    """The result kept for these inputs, or None."""
    return _load(folder, _name(kind, parts), typed)


def _load(folder: Path | None, name: str, typed: bool) -> Any | None:
    with _lock:
        _used.add(name)
        if name in _memory:
            return _memory[name]
        if not folder:
            return None
        row = _database(folder).execute("SELECT data FROM results WHERE name = ?", (name,)).fetchone()
    if row is None:
        return None
    return _decode(row[0]) if typed else json.loads(row[0])


def store(folder: Path | None, kind: str, parts: Sequence[str], result: Any, *, memory: bool = False,
          typed: bool = False) -> None:
    """Keep a result for these inputs: JSON-serialisable, or of the edition's own classes (`typed`)."""
    _store(folder, _name(kind, parts), result, memory, typed)


def _store(folder: Path | None, name: str, result: Any, memory: bool, typed: bool) -> None:
    # Encoded only to be written (`edition check` keeps nothing: encoding its 1,000 models took it 4 s).
    data = json.dumps(_encode(result) if typed else result, ensure_ascii=False,
                      separators=(",", ":")).encode() if folder else b""
    with _lock:
        _used.add(name)
        if memory:
            _memory[name] = result
        if folder:
            _database(folder).execute("INSERT OR REPLACE INTO results (name, data) VALUES (?, ?)", (name, data))


# The typed form: JSON's own values as they are; a tuple, a dict (whose
# keys may be any value), an enumeration's member, a dataclass and a date
# as a one-key object naming what it is.
_FIELDS: dict[type, tuple[str, ...]] = {}  # each dataclass's fields, looked up once


def _encode(value: Any) -> Any:
    kind = type(value)
    if kind in (str, int, float, bool) or value is None:
        return value
    if kind is list:
        return [_encode(v) for v in value]
    if kind is tuple:
        return {"t": [_encode(v) for v in value]}
    if kind is dict:
        return {"d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, enum.Enum):
        return {"e": f"{kind.__module__}:{kind.__qualname__}", "v": value.value}
    if dataclasses.is_dataclass(value):
        if kind not in _FIELDS:
            _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
        return {"c": f"{kind.__module__}:{kind.__qualname__}", "f": [_encode(getattr(value, n)) for n in _FIELDS[kind]]}
    if kind in (datetime.date, datetime.datetime):  # YAML's dates in front matter
        return {kind.__name__: value.isoformat()}
    raise TypeError(f"cannot keep a {kind.__qualname__}")  # a programming error: a new kind of value in the model


def _decode(text: str | bytes) -> Any:
    # JSON's parser hands each object, its values already decoded, to `_object`: no second walk over the lists.
    return json.loads(text, object_hook=_object)


def _object(data: dict) -> Any:
    if "t" in data:
        return tuple(data["t"])
    if "d" in data:
        return dict(data["d"])
    if "c" in data:
        return _class(data["c"], dataclass=True)(*data["f"])
    if "e" in data:
        return _class(data["e"], dataclass=False)(data["v"])
    if "date" in data:
        return datetime.date.fromisoformat(data["date"])
    return datetime.datetime.fromisoformat(data["datetime"])


@functools.cache  # half a million lookups in reading back 1,000 models
def _class(name: str, dataclass: bool) -> type:
    """One of the edition's own dataclasses or enumerations, already imported:
    a kept result names no other class (a tampered one is refused)."""
    module, _, qualname = name.partition(":")
    found = getattr(sys.modules.get(module) if module.startswith("edition.") else None, qualname, None)
    if not isinstance(found, type) or not (dataclasses.is_dataclass(found) if dataclass else issubclass(found, enum.Enum)):
        raise _Untrusted(name)
    return found


class _Untrusted(Exception):
    """A kept result names a class the edition does not keep: it is made again."""


def cached(folder: Path | None, kind: str, parts: Sequence[str], compute: Callable[[], Any], *,
           memory: bool = True, typed: bool = False) -> Any:
    """`compute()`'s result for these inputs, computed only if none is kept;
    `folder` None keeps nothing on disk."""
    name = _name(kind, parts)  # once: the parts may be long (a source's text)
    try:
        result = _load(folder, name, typed)
    except (_Untrusted, TypeError, ValueError, KeyError, RecursionError):  # not what `store` wrote: made again, and replaced
        result = None
    if result is None:
        result = compute()
        _store(folder, name, result, memory, typed)
    elif memory:  # read from disk: kept in memory for `mkdocs serve`'s next build
        with _lock:
            _memory[name] = result
    return result


@functools.lru_cache(maxsize=8)
def recent(read: Callable[..., Any], *texts: str | None) -> Any:
    """`read(*texts)`, done again only for other texts: under `mkdocs serve`
    every rebuild reads the settings and the bibliography whole, which seldom
    change (a thousand documents' navigation in `mkdocs.yml` takes a tenth
    of a second to parse, each time).  Its result is shared: never changed."""
    return read(*texts)


def prune(folder: Path, rows: bool = True) -> None:
    """Remove the results no use was made of since the last pruning (results
    of older inputs, or older code), and any other file of the folder (an
    older version's results); close the database, whole in its one file.
    `rows` False: only those kept in memory (a `--dirty` build uses only
    some of the site's results; those in memory, every build uses)."""
    with _lock:
        if rows and folder.is_dir():
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
