"""Results kept on their inputs: in `.cache/edition/` on disk (kept between
builds, and by the deploy workflow between runs) and, if asked, in memory
(for the rebuilds of `mkdocs serve`).

A result is found again only when every input is the same: the key is a
hash of all of them, and a result that depends on the edition's own code
(`CODE` among the parts) is made again after the code changes.  What a
build did not use is removed after it (`prune`), so the folder holds one
build's worth.

Results are kept as JSON; the sources' models, made of the edition's own
classes, are pickled (as Sphinx keeps its environment): reading a pickle
runs code, which is safe only because the folder is the builder's own
(the workflows restore it from `main`'s runs or the pull request's own,
never another branch's).
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def _code() -> str:
    """A fingerprint of this package's source: a result made by older code is not reused."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


CODE = _code()
_memory: dict[str, Any] = {}
_used: set[str] = set()  # the files this build read or wrote


def _name(kind: str, parts: Sequence[str], pickled: bool) -> str:
    digest = hashlib.sha256(chr(0).join([kind, *parts]).encode()).hexdigest()[:32]
    return f"{kind}-{digest}.{'pickle' if pickled else 'json'}"


def load(folder: Path | None, kind: str, parts: Sequence[str], *, pickled: bool = False) -> Any | None:
    """The result kept for these inputs, or None."""
    name = _name(kind, parts, pickled)
    _used.add(name)
    if name in _memory:
        return _memory[name]
    if not folder:
        return None
    try:
        data = (folder / name).read_bytes()
    except FileNotFoundError:
        return None
    return pickle.loads(data) if pickled else json.loads(data)


def store(folder: Path | None, kind: str, parts: Sequence[str], result: Any, *, memory: bool = False,
          pickled: bool = False) -> None:
    """Keep a result for these inputs: JSON-serialisable, or `pickled`."""
    name = _name(kind, parts, pickled)
    _used.add(name)
    if memory:
        _memory[name] = result
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL) if pickled else json.dumps(
            result, ensure_ascii=False).encode()
        # Written whole or not at all: a build stopped mid-write must not leave a half file to be read.
        partial = folder / f"{name}.partial"
        partial.write_bytes(data)
        partial.replace(folder / name)


def cached(folder: Path | None, kind: str, parts: Sequence[str], compute: Callable[[], Any], *,
           memory: bool = True, pickled: bool = False) -> Any:
    """`compute()`'s result for these inputs, computed only if none is kept;
    `folder` None keeps nothing on disk."""
    result = load(folder, kind, parts, pickled=pickled)
    if result is None:
        result = compute()
        store(folder, kind, parts, result, memory=memory, pickled=pickled)
    elif memory:  # read from disk: kept in memory for `mkdocs serve`'s next build
        _memory[_name(kind, parts, pickled)] = result
    return result


def prune(folder: Path) -> None:
    """Remove the results no use was made of since the last pruning (results
    of older inputs, or older code)."""
    for path in folder.glob("*-*.*") if folder.is_dir() else ():
        if path.name not in _used:
            path.unlink(missing_ok=True)
    for name in [name for name in _memory if name not in _used]:
        del _memory[name]
    _used.clear()
