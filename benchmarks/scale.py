"""Measure the generator on synthetic editions and print figures and targets.

    python benchmarks/scale.py --docs 1000,3000,10000

Builds, one after the other on this machine, each in a fresh
`mkdocs build --strict` process: the synthetic edition with its caches
emptied (a first build), kept (a rebuild: `mkdocs serve`, or a deploy that
restores `.cache/`), and kept with one document edited (a deploy of a
merged correction: a word added that is new to the edition, and one it
has), and the same Markdown with the edition's markup stripped, built by
plain Material with the same navigation.  Wall time, CPU time and peak
memory are those of the build's process and of every process it started
(pandoc, Pagefind); a first build's CPU time is also split by program
(sampled), to show what pandoc and Pagefind alone cost on this machine's
cores against plain Material's whole build.  It then measures a document page's size at
10 documents and at `--docs`, the bytes a browser downloads (gzip-compressed,
as GitHub Pages serves them) for its first search query, in headless
Chromium, the time of `edition check`, and how long a live preview (`mkdocs
serve --dirty`) takes to show an edit to one document.  Each size is
measured on its own, one after the other; the targets (issue 28) compare
sizes with each other and with plain Material, and say met or missed.
Last (unless `--no-tests`), it times this repository's own test suite as a
contributor runs it, after the first install: `make quick` and `make test`.

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
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from synthetic import CITATIONS_PER_DOC, ENTRIES, MENTIONS_PER_DOC, QUERY, REGISTER, write_edition

PAGE = "texts/d0000/index.html"  # the document whose page is weighed
REPOSITORY = Path(__file__).resolve().parent.parent  # whose test suite is timed


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float
    programs: dict[str, float]  # CPU seconds of each program ("build": the process started), sampled


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
    cpu: dict[int, tuple[str, float]] = {}
    sampler = threading.Thread(target=_sample, args=(process.pid, done, sampled, cpu))
    sampler.start()
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{output.decode(errors='replace')}")
    programs: dict[str, float] = {}
    for pid, (program, seconds) in cpu.items():
        name = "build" if pid == process.pid else program
        programs[name] = programs.get(name, 0) + seconds
    return Run(wall, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss * 1024, sampled[0]) / 2**20, programs)


def _sample(root: int, done: threading.Event, peak: list[int], cpu: dict[int, tuple[str, float]]) -> None:
    while not done.wait(0.05):
        peak[0] = max(peak[0], _tree(root, cpu))


def _tree(root: int, cpu: dict[int, tuple[str, float]]) -> int:
    """The resident bytes of a process and all its descendants, now (Linux's
    /proc); into `cpu`, each one's program and CPU seconds so far.  A child
    not yet running a program of its own (forked, its executable still its
    parent's) is left out of the memory: its pages are its parent's,
    counted once (the build starts pandoc and Pagefind so, and a sample at
    that instant counted the build twice)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    seconds: dict[int, tuple[str, float]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, fields = stat.read_text().rsplit(")", 1)
        except OSError:  # the process ended meanwhile
            continue
        fields = fields.split()
        pid = int(stat.parent.name)
        parents[pid], rss[pid] = int(fields[1]), int(fields[21]) * PAGE_BYTES
        seconds[pid] = (name.split("(", 1)[1], (int(fields[11]) + int(fields[12])) / TICKS)
    tree, todo = {root}, [root]
    while todo:
        pid = todo.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                todo.append(child)
                if _program(child) == _program(pid):
                    rss[child] = 0
    cpu.update((pid, seconds[pid]) for pid in tree if pid in seconds)
    return sum(rss.get(pid, 0) for pid in tree)


def _program(pid: int) -> str:
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:  # ended meanwhile
        return ""


PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


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


def preview_seconds(project: Path) -> float:
    """Under `mkdocs serve --dirty`, the time from saving an edit to one
    document to its page showing the edit."""
    import socket
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    # `mkdocs serve` serves the site under its address's path (the synthetic one's is /edition/).
    path = re.search(r"^site_url: https?://[^/]+(/\S*)$", (project / "mkdocs.yml").read_text(), re.M)[1]
    page = f"http://127.0.0.1:{port}{path}{PAGE.removesuffix('index.html')}"

    def shows(word: str) -> bool:
        try:
            with urllib.request.urlopen(page, timeout=5) as response:
                return word in response.read().decode("utf-8")
        except OSError:
            return False
    source = project / "docs" / "texts" / "d0000.md"
    text = source.read_text(encoding="utf-8")
    try:
        deadline = time.monotonic() + 3600
        while not shows(QUERY):  # the first build
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("mkdocs serve did not serve the edition")
            time.sleep(0.5)
        time.sleep(5)  # the watcher starts after the first build is served
        for attempt in range(3):  # an edit the watcher missed is made again, and timed from then
            start = time.perf_counter()
            source.write_text(text.replace(f"{QUERY} ", f"{QUERY} palimpsest{attempt} ", 1), encoding="utf-8")
            while not shows(f"palimpsest{attempt}") and time.perf_counter() - start < 120:
                if server.poll() is not None:
                    sys.exit("mkdocs serve ended")
                time.sleep(0.05)
            if shows(f"palimpsest{attempt}"):
                break
        else:
            sys.exit("the preview did not show an edit")
        return time.perf_counter() - start
    finally:
        os.killpg(server.pid, 15)
        server.wait()
        source.write_text(text, encoding="utf-8")  # as it was: the project may be measured again


@dataclass
class Size:
    docs: int
    cold: Run
    warm: Run
    edited: Run  # one word added, new to the edition
    edited_same_words: Run  # one word added that the edition already has
    bare: Run
    page: int  # bytes of a document's page
    search: int  # bytes of the first query
    check: Run
    preview: float


def measure(base: Path, docs: int) -> Size:
    full, plain = base / f"edition-{docs}", base / f"plain-material-{docs}"
    for project, edition in ((full, True), (plain, False)):
        shutil.rmtree(project, ignore_errors=True)
        write_edition(project, docs, edition=edition)
    cold, warm = build(full), build(full)
    # The edit that keeps the edition's words first: after the other, the kept index would hold a
    # word the edition no longer has, and every part would be indexed again.
    edited_same_words = build_edited(full, f"d{docs // 2:04d}", QUERY)
    edited = build_edited(full, f"d{docs // 2:04d}", "palimpsest")
    bare = build(plain)
    page = (full / "site" / PAGE).stat().st_size
    search, _ = first_query_bytes(full / "site")
    check = measured([sys.executable, "-m", "edition.cli", "check"], full)
    preview = preview_seconds(full)
    for project in (full, plain):
        shutil.rmtree(project)
    # Said as soon as it is known: a run over three sizes takes most of an hour.
    print(f"{docs:,} documents: empty {cold.wall:.1f} s, kept {warm.wall:.1f} s, edited {edited.wall:.1f} s "
          f"({edited_same_words.wall:.1f} s keeping the words), plain {bare.wall:.1f} s, "
          f"peak {max(cold.peak_mib, warm.peak_mib, edited.peak_mib, edited_same_words.peak_mib):.0f} MiB, "
          f"page {page / 1024:.1f} KB, query {search / 1024:.0f} KB, "
          f"check {check.wall:.1f} s, preview {preview:.1f} s", file=sys.stderr, flush=True)
    return Size(docs, cold, warm, edited, edited_same_words, bare, page, search, check, preview)


def build_edited(project: Path, name: str, word: str) -> Run:
    """A rebuild with the caches kept after one document, in the middle of
    the navigation, is edited (as the deploy workflow builds a merged
    correction): `word` added to a line; the document is then as it was."""
    source = project / "docs" / "texts" / f"{name}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(f"{QUERY} ", f"{QUERY} {word} ", 1), encoding="utf-8")
    try:
        return build(project)
    finally:
        source.write_text(text, encoding="utf-8")


def suite() -> dict[str, Run]:
    """`make quick` and `make test` in this repository, each to its end, after
    the first install (what `make test` installs if it is missing)."""
    subprocess.run(["make", "-s", "test-setup"], cwd=REPOSITORY, check=True, capture_output=True)
    return {target: measured(["make", "-s", target], REPOSITORY) for target in ("quick", "test")}


def targets(sizes: list[Size], page_at_10: int, tests: dict[str, Run]) -> list[tuple[str, float, float, str]]:
    """(target, figure, limit, unit) for every target of issue 28 these sizes and the test runs can show."""
    small, large = sizes[0], sizes[-1]
    rows = []
    for s in sizes:
        rows.append((f"kept build ÷ plain Material, {s.docs:,}", s.warm.wall / s.bare.wall, 1.3, "×"))
        rows.append((f"kept build, one document edited, ÷ plain Material, {s.docs:,}", s.edited.wall / s.bare.wall,
                     1.3, "×"))
        rows.append((f"kept build, one document edited, the edition's words kept, ÷ plain Material, {s.docs:,}",
                     s.edited_same_words.wall / s.bare.wall, 1.3, "×"))
        rows.append((f"empty-cache build ÷ plain Material, {s.docs:,}", s.cold.wall / s.bare.wall, 2.0, "×"))
    if large.docs > small.docs:
        rows.append((f"time per document at {large.docs:,} ÷ at {small.docs:,} (empty cache)",
                     (large.cold.wall / large.docs) / (small.cold.wall / small.docs), 1.2, "×"))
    if large.docs >= 10_000:
        rows.append((f"empty-cache build at {large.docs:,}", large.cold.wall / 60, 15, " min"))
        # The target is the first build's; a rebuild must fit the same runner.
        rows.append((f"peak memory at {large.docs:,}, empty cache (every process)", large.cold.peak_mib / 1024, 3,
                     " GiB"))
        rows.append((f"peak memory at {large.docs:,}, any build (every process)",
                     max(large.cold.peak_mib, large.warm.peak_mib, large.edited.peak_mib,
                         large.edited_same_words.peak_mib) / 1024, 3, " GiB"))
    rows.append((f"a document's page at {large.docs:,} ÷ at 10", large.page / page_at_10, 1.2, "×"))
    rows.append((f"first search query at {large.docs:,}, downloaded", large.search / 1024, 400, " KB"))
    if large.docs >= 10_000:  # a smaller edition's check is mostly its fixed costs: the table shows it
        rows.append((f"edition check at {large.docs:,}", large.check.wall, 30, " s"))
    for s in sizes:  # 2 s at 1,000 documents, 5 s at 10,000
        rows.append((f"preview after an edit at {s.docs:,}", s.preview, 2 if s.docs <= 1000 else 5, " s"))
    if tests:
        rows.append(("`make test`, the whole suite", tests["test"].wall / 60, 4, " min"))
        rows.append(("`make quick`, a contributor's fast subset", tests["quick"].wall, 30, " s"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", default="1000", help="sizes of the synthetic edition, e.g. 1000,3000,10000")
    parser.add_argument("--keep", type=Path, help="write the synthetic projects here and keep them")
    parser.add_argument("--no-tests", action="store_true", help="do not time the test suite (some 4 minutes)")
    args = parser.parse_args()
    counts = sorted(int(n) for n in args.docs.split(","))
    base = args.keep or Path(tempfile.mkdtemp(prefix="edition-bench-", dir=MEMORY if MEMORY.is_dir() else None))
    small = base / "edition-10"
    shutil.rmtree(small, ignore_errors=True)
    write_edition(small, 10)
    build(small)
    page_at_10 = (small / "site" / PAGE).stat().st_size
    sizes = [measure(base, n) for n in counts]
    tests = {} if args.no_tests else suite()

    print(f"Synthetic editions of {', '.join(f'{n:,}' for n in counts)} documents of one to four printed pages "
          f"of realistic text (wordfreq); {CITATIONS_PER_DOC} citations a document of {ENTRIES} works; "
          f"{MENTIONS_PER_DOC} mentions a document of {REGISTER} register entries")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; projects in {base}\n")
    print("| documents | build | wall | per document | CPU | peak memory (every process) |\n|---|---|---|---|---|---|")
    for s in sizes:
        for name, run in (("edition, caches empty", s.cold), ("edition, caches kept", s.warm),
                          ("edition, caches kept, one document edited (a word new to the edition)", s.edited),
                          ("edition, caches kept, one document edited (a word the edition has)",
                           s.edited_same_words),
                          ("plain Material, same Markdown and navigation", s.bare)):
            print(f"| {s.docs:,} | {name} | {run.wall:.1f} s | {run.wall / s.docs * 1000:.1f} ms | {run.cpu:.1f} s "
                  f"| {run.peak_mib:.0f} MiB |")
    # The least a first build could take: pandoc's, Pagefind's and plain Material's whole CPU time on every core.
    cores = os.cpu_count() or 1
    print(f"\n| documents | first build's CPU: the build's own | pandoc | Pagefind | plain Material "
          f"| least ÷ plain ({cores} cores) |\n|---|---|---|---|---|---|")
    for s in sizes:
        pandoc, pagefind = s.cold.programs.get("pandoc", 0), s.cold.programs.get("pagefind", 0)
        print(f"| {s.docs:,} | {s.cold.programs.get('build', 0):.1f} s | {pandoc:.1f} s | {pagefind:.1f} s "
              f"| {s.bare.cpu:.1f} s | {(pandoc + pagefind + s.bare.cpu) / cores / s.bare.wall:.2f}× |")
    print("\n| documents | a document's page | first query | edition check | preview after an edit |\n"
          "|---|---|---|---|---|")
    for s in sizes:
        print(f"| {s.docs:,} | {s.page / 1024:.1f} KB ({page_at_10 / 1024:.1f} KB at 10) | {s.search / 1024:.0f} KB "
              f"| {s.check.wall:.1f} s | {s.preview:.1f} s |")
    if tests:
        print("\n| this repository's tests | wall | CPU (processes waited for) |\n|---|---|---|")
        for target, run in tests.items():
            print(f"| `make {target}` | {run.wall:.1f} s | {run.cpu:.1f} s |")
    print("\n| target | figure | limit | |\n|---|---|---|---|")
    for name, figure, limit, unit in targets(sizes, page_at_10, tests):
        print(f"| {name} | {figure:.2f}{unit} | ≤ {limit:g}{unit} | {'met' if figure <= limit else 'missed'} |")
    if not args.keep:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
