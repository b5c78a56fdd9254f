"""Citations formatted by pandoc's citeproc: one call for the whole edition.

Chicago notes give a full note at a work's first citation *in a document*
and a short note after.  citeproc counts "first" per input, so each
document cites its own copies of the works (`d3-Berton1993`).  Identical
copies would make citeproc "disambiguate" them (adding a year to short
notes), so every copy carries an invisible tag of its document — private-use
characters of plane 16 at the end of its names and titles — removed from the
output (bibliography.py reports them in the .bib; the basic plane's, which
fonts of old scripts use, are kept).

pandoc runs with a time and a memory limit, and dies with the build: a
hostile .bib must not hold the machine (a crossref loop made pandoc grow to
20 GB; bibliography.py also leaves such loops out).

Results are cached on their inputs (memory, and `.cache/` on disk), and
the HTML pandoc returns is cleaned to an allowlist: a `.bib` file and
citation prefixes come from pull requests, and must never carry script.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from copy import deepcopy
from pathlib import Path

import nh3
import pypandoc

from .bibliography import complete
from .cache import cached
from .citations import Citation

_TAG_BASE = 0x100000  # Unicode's private-use plane 16: reserved (bibliography.py says so)
_TAG_RE = re.compile("[\U00100000-\U0010ffff]")
_NOTE_RE = re.compile(r'<li id="fn(\d+)"><p>(.*?)<a href="#fnref\1"[^>]*>↩︎</a></p>\s*</li>', re.S)
_ENTRY_RE = re.compile(r'<div id="ref-(?P<id>[^"]+)" class="csl-entry"[^>]*>\s*(?P<html>.*?)\s*</div>', re.S)
# Pandoc's Markdown must not pass raw HTML or TeX through from a citation's prefix.
_FROM = "markdown-raw_html-raw_tex-raw_attribute-native_divs-native_spans"
_ALLOWED = {"tags": {"em", "i", "strong", "b", "span", "a", "sup", "sub"},
            "attributes": {"a": {"href"}, "span": {"class"}},
            "url_schemes": {"http", "https"}}
BATCH = 250  # documents per pandoc call: fewer calls cost less, more run side by side


class CiteprocError(RuntimeError):
    """pandoc failed: a problem of the bibliography file or the style, said in pandoc's words."""


TIMEOUT = 300  # seconds: a whole edition's notes take a few
MEMORY = 4 << 30  # bytes of address space: a large edition's notes need a tenth of it
_PR_SET_PDEATHSIG = 1  # prctl(2)
_libc = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None


def _limited() -> None:
    """In pandoc's process, before it starts: its memory bounded, and its
    death when the build dies (killed, it would leave pandoc running)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    if _libc is not None:
        _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _pandoc(args: list[str], text: str) -> str:
    try:
        done = subprocess.run([pypandoc.get_pandoc_path(), *args], input=text, capture_output=True,
                              text=True, encoding="utf-8", timeout=TIMEOUT, preexec_fn=_limited)
    except subprocess.TimeoutExpired:  # subprocess.run has killed it
        raise CiteprocError(f"pandoc was stopped after {TIMEOUT} s; an entry may make it loop") from None
    if done.returncode != 0:
        if done.returncode in (251, -signal.SIGKILL) or "out of memory" in done.stderr:
            raise CiteprocError(f"pandoc was stopped at its memory limit ({MEMORY >> 20:,} MB); an entry may "
                                "make it loop")
        raise CiteprocError(done.stderr.strip() or f"pandoc exited with {done.returncode}")
    return done.stdout


def csl_json(bib_text: str, cache: Path | None = None) -> list[dict]:
    """The bibliography as CSL-JSON (pandoc's reading of BibTeX/BibLaTeX,
    with what its CSL-JSON loses put back)."""
    return cached(cache, "citeproc", ["csljson", bib_text],
                  lambda: complete(bib_text, json.loads(_pandoc(["-f", "biblatex", "-t", "csljson"], bib_text))))


def _clean(html: str) -> str:
    return nh3.clean(_TAG_RE.sub("", html), **_ALLOWED).strip()


def format_notes(items: list[dict], style: Path, documents: Sequence[Sequence[Citation]],
                 cache: Path | None = None) -> list[list[str]]:
    """Each document's citations as note HTML, in order: full at first, short after.
    Documents go to pandoc in batches, side by side on the machine's cores;
    each batch is cached on its own, so a change reformats only its batch."""
    by_id = {item["id"]: item for item in items}
    # A batch's works are those of the bibliography its citations name: kept on the
    # bibliography's digest, its works' copies are made only for pandoc (40,000 copies
    # made for the key alone took 1.6 s of every build at 10,000 documents, profiled).
    works = hashlib.sha256(json.dumps(items, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    style_text = style.read_text(encoding="utf-8")
    batches = [documents[i:i + BATCH] for i in range(0, len(documents), BATCH)]
    # One core is left to the site's own build, which runs meanwhile.
    with ThreadPoolExecutor(max_workers=max(1, min(len(batches), (os.cpu_count() or 2) - 1))) as pool:
        done = pool.map(lambda batch: _format_batch(by_id, works, style_text, batch, cache), batches)
        return [notes for batch in done for notes in batch]


def _format_batch(by_id: dict[str, dict], works: str, style_text: str, documents: Sequence[Sequence[Citation]],
                  cache: Path | None) -> list[list[str]]:
    lines = []
    n = 0
    for d, citations in enumerate(documents):
        for c in citations:
            n += 1
            lines.append(f"C{n}[^c{n}]\n\n[^c{n}]: {c.pandoc(lambda key, d=d: f'd{d}-{key}')}\n")
    if not n:
        return [[] for _ in documents]
    source = "\n".join(lines)

    def run() -> list[str]:
        copies = []
        for d, citations in enumerate(documents):
            tag = "".join(chr(_TAG_BASE + int(c)) for c in str(d))
            cited = {i.key for c in citations for i in c.items if i.key in by_id}
            copies += [_tagged(by_id[key], f"d{d}-{key}", tag) for key in sorted(cited)]
        html = _run_citeproc(json.dumps(copies, ensure_ascii=False, sort_keys=True), style_text, source)
        notes = {int(m[1]): _clean(m[2]) for m in _NOTE_RE.finditer(html)}
        return [notes[k] for k in range(1, n + 1)]

    # `source` names each document's works (`d3-Berton1993`), `works` what they are.
    flat = iter(cached(cache, "citeproc", ["notes", works, style_text, source], run))
    return [[next(flat) for _ in citations] for citations in documents]


def format_bibliography(items: list[dict], style: Path, cache: Path | None = None) -> dict[str, str]:
    """Every work's bibliography entry as HTML, in the style's order."""
    style_text = style.read_text(encoding="utf-8")
    refs = json.dumps(items, ensure_ascii=False, sort_keys=True)

    def run() -> list[list[str]]:
        html = _run_citeproc(refs, style_text, "---\nnocite: '[@*]'\n---\n")
        return [[m["id"], _clean(m["html"])] for m in _ENTRY_RE.finditer(html)]

    return dict(cached(cache, "citeproc", ["bibliography", refs, style_text], run))


LOCATOR = "987654321"  # a page number no work has: where a passage's locator goes


def format_works(items: list[dict], style: Path, cache: Path | None = None) -> dict[str, tuple[str, str]]:
    """For the edition's own documents, cited by readers: each item's note
    (with `LOCATOR` where a passage's locator goes) and bibliography entry.
    Each item is tagged so that citeproc never 'disambiguates' two pages of
    one book, which differ only in their address."""
    if not items:
        return {}
    style_text = style.read_text(encoding="utf-8")
    works = json.dumps(items, ensure_ascii=False, sort_keys=True)  # the copies' tags follow from their order
    source = "\n".join(f"C{n}[^c{n}]\n\n[^c{n}]: [@{item['id']}, {LOCATOR}]\n"
                        for n, item in enumerate(items, start=1))

    def run() -> list[list[str]]:
        copies = [_tagged(item, item["id"], "".join(chr(_TAG_BASE + int(c)) for c in str(n)))
                  for n, item in enumerate(items)]  # made only for pandoc, as the notes' (`format_notes`)
        html = _run_citeproc(json.dumps(copies, ensure_ascii=False, sort_keys=True), style_text, source)
        notes = {int(m[1]): _clean(m[2]) for m in _NOTE_RE.finditer(html)}
        entries = {m["id"]: _clean(m["html"]) for m in _ENTRY_RE.finditer(html)}
        return [[item["id"], notes[n], entries[item["id"]]] for n, item in enumerate(items, start=1)]

    formatted = cached(cache, "citeproc", ["works", works, style_text, source], run)
    return {key: (note, entry) for key, note, entry in formatted}


def _run_citeproc(refs: str, style_text: str, source: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "refs.json").write_text(refs, encoding="utf-8")
        (Path(tmp) / "style.csl").write_text(style_text, encoding="utf-8")
        return _pandoc(["-f", _FROM, "-t", "html", "--wrap=none", "--citeproc",
                        f"--bibliography={tmp}/refs.json", f"--csl={tmp}/style.csl"], source)


def _tagged(item: dict, new_id: str, tag: str) -> dict:
    """A copy of a CSL-JSON item under its document's id and tag."""
    copy = deepcopy(item)
    copy["id"] = new_id
    for field in ("title", "title-short", "container-title"):
        if isinstance(copy.get(field), str):
            copy[field] += tag
    for role in ("author", "editor", "translator", "container-author", "collection-editor"):
        for person in copy.get(role, []):
            for part in ("family", "literal"):
                if part in person:
                    person[part] += tag
    return copy
