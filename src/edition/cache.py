"""Results kept on their inputs: in `.cache/edition/` on disk (kept between
builds, and by the deploy workflow between runs) and, if asked, in memory
(for the rebuilds of `mkdocs serve`).

A result is found again only when every input is the same: the key is a
hash of all of them, and a result that depends on the edition's own code
(`CODE` among the parts) is made again after the code changes.
"""

from __future__ import annotations

import hashlib
import json
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


def cached(folder: Path | None, kind: str, parts: Sequence[str], compute: Callable[[], Any], *,
           memory: bool = True) -> Any:
    """`compute()`'s result (JSON-serialisable) for these inputs; `folder`
    None keeps nothing on disk."""
    digest = hashlib.sha256("\0".join([kind, *parts]).encode()).hexdigest()
    if digest in _memory:
        return _memory[digest]
    path = folder / f"{kind}-{digest[:32]}.json" if folder else None
    if path and path.exists():
        result = json.loads(path.read_text(encoding="utf-8"))
    else:
        result = compute()
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    if memory:
        _memory[digest] = result
    return result
