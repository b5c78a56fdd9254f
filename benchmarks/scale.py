"""Measure the generator on a synthetic edition and print a table of figures.

    python benchmarks/scale.py --docs 1000

Builds, one after the other on this machine, each in a fresh
`mkdocs build --strict` process: the synthetic edition with its caches
emptied (a first build) and kept (a rebuild: `mkdocs serve`, or a deploy that
restores `.cache/`), and the same Markdown with the edition's markup
stripped, built by plain Material with the same navigation.  Wall time, CPU
time and peak memory are those of the build's process and of every process
it started (pandoc, Pagefind).  It then measures a document page's size at
10 documents and at `--docs`, the bytes a browser downloads (gzip-compressed,
as GitHub Pages serves them) for its first search query, in headless
Chromium, and the time of `edition check`.  Targets are those of issue 8.

Every build writes into an empty `site/` (as on a fresh clone, or in the
deploy workflow, which restores only `.cache/`), and the projects are
written in memory (`/dev/shm`) where the machine has it, so that the figures
are the generator's and not the disk's: see MEMORY below.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from synthetic import (
    CITATIONS_PER_DOC,
    ENTRIES,
    MENTIONS_PER_DOC,
    REGISTER,
    write_edition,
)

PAGE = "texts/d0000/index.html"  # the document whose page is weighed
QUERY = "frontier"  # a word of every document: the most results a query can have

TARGETS = {  # name: (limit, unit)
    "build, caches kept ÷ plain Material": (1.3, "×"),
    "build, caches empty ÷ plain Material": (1.3, "×"),
    "peak memory ÷ plain Material's": (2.0, "×"),
    "a document's page at {docs} ÷ at 10 documents": (1.2, "×"),
    "first search query, downloaded": (400, " KB"),
    "edition check": (10.0, " s"),
}


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float


def measured(command: list[str], cwd: Path) -> Run:
    """Run a command to its end; its figures, with those of every process it
    started.  Peak memory is the most the whole tree held at once: sampled,
    since the build and Pagefind run side by side (the kernel's own figure,
    also taken, is only the largest single process).  The disk's pending
    writes are flushed first: on a virtual machine, creating a file costs
    up to twenty times more while the previous step's files are still
    being written out, which would charge one build for another's."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    done = threading.Event()
    sampled = [0]
    sampler = threading.Thread(target=_sample, args=(process.pid, done, sampled))
    sampler.start()
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{output.decode(errors='replace')}")
    return Run(wall, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss * 1024, sampled[0]) / 2**20)


def _sample(root: int, done: threading.Event, peak: list[int]) -> None:
    while not done.wait(0.05):
        peak[0] = max(peak[0], _tree_rss(root))


def _tree_rss(root: int) -> int:
    """The resident bytes of a process and all its descendants, now (Linux's /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        pid = int(stat.parent.name)
        parents[pid], rss[pid] = int(fields[1]), int(fields[21]) * PAGE_BYTES
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo += [child for child, parent in parents.items() if parent == pid and child not in tree]
    return sum(rss.get(pid, 0) for pid in tree)


PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def build(project: Path) -> Run:
    shutil.rmtree(project / "site", ignore_errors=True)
    return measured([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], project)


# Where the projects are written unless `--keep` says: in memory.  ext4
# without a journal (the disk of this project's virtual machines) does not
# reuse an inode freed in the last 60 seconds (300 while not yet written
# out), and looks at each such inode again for every file it creates
# (`recently_deleted` in fs/ext4/ialloc.c; in a kernel profile of a rebuild
# here, 30 % of the build's CPU time went to allocating inodes): after
# thousands of files are deleted, creating one costs up to half a
# millisecond instead of 40 µs, and a build's figure depends on what was
# deleted in the minutes before it.  ext4 with its
# journal, as usually set up, does not check.  `--keep DIR` measures on DIR's
# disk.
MEMORY = Path("/dev/shm")


def first_query_bytes(site: Path) -> tuple[int, list[str]]:
    """Open a document in Chromium, search for QUERY, and add up the
    gzip-compressed size of every file fetched from the first keystroke to
    the results (already compressed files, like Pagefind's index, count as
    they are)."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fetched: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"))
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{PAGE.removesuffix('index.html')}")
            page.on("request", lambda request: fetched.append(request.url))
            page.keyboard.press("/")
            page.keyboard.type(QUERY)
            page.wait_for_function("q => document.querySelector('.md-search-result__list').dataset.query === q",
                                   arg=QUERY)
            browser.close()
    finally:
        server.shutdown()
    paths = [url.split("/", 3)[3].split("?")[0] for url in fetched]
    total = 0
    for path in paths:
        data = (site / path).read_bytes()
        total += min(len(data), len(gzip.compress(data, compresslevel=6)))
    return total, paths


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents in the synthetic edition")
    parser.add_argument("--keep", type=Path, help="write the synthetic projects here and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="edition-bench-", dir=MEMORY if MEMORY.is_dir() else None))
    full, plain, small = base / "edition", base / "plain-material", base / "edition-10"
    for project, docs, edition in ((full, args.docs, True), (plain, args.docs, False), (small, 10, True)):
        shutil.rmtree(project, ignore_errors=True)
        write_edition(project, docs, edition=edition)

    cold = build(full)
    warm = build(full)
    bare = build(plain)
    build(small)
    page, page_small = ((project / "site" / PAGE).stat().st_size for project in (full, small))
    search, fetched = first_query_bytes(full / "site")
    lunr = len(gzip.compress((plain / "site/search/search_index.json").read_bytes(), compresslevel=6))
    check = measured([sys.executable, "-m", "edition.cli", "check"], full)

    print(f"Synthetic edition: {args.docs} documents of two printed pages; {args.docs * CITATIONS_PER_DOC} "
          f"citations of {ENTRIES} works; {args.docs * MENTIONS_PER_DOC} mentions of {REGISTER} register entries")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; projects in {base}\n")
    print("| build | wall | CPU | peak memory |\n|---|---|---|---|")
    for name, run in (("edition, caches empty", cold), ("edition, caches kept", warm),
                      ("plain Material, same Markdown and navigation", bare)):
        print(f"| {name} | {run.wall:.1f} s | {run.cpu:.1f} s | {run.peak_mib:.0f} MiB |")
    print(f"\nA document's page: {page / 1024:.1f} KB at {args.docs:,} documents, {page_small / 1024:.1f} KB at 10.")
    print(f"First search query ({QUERY!r}): {len(fetched)} files, {search / 1024:.0f} KB compressed "
          f"(plain Material's whole index: {lunr / 1024:.0f} KB).\n")
    figures = {
        "build, caches kept ÷ plain Material": warm.wall / bare.wall,
        "build, caches empty ÷ plain Material": cold.wall / bare.wall,
        "peak memory ÷ plain Material's": max(cold.peak_mib, warm.peak_mib) / bare.peak_mib,
        "a document's page at {docs} ÷ at 10 documents": page / page_small,
        "first search query, downloaded": search / 1024,
        "edition check": check.wall,
    }
    print("| target | figure | limit | |\n|---|---|---|---|")
    for name, (limit, unit) in TARGETS.items():
        figure = figures[name]
        print(f"| {name.format(docs=f'{args.docs:,}')} | {figure:.2f}{unit} | ≤ {limit:g}{unit} | "
              f"{'met' if figure <= limit else 'missed'} |")
    if not args.keep:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
