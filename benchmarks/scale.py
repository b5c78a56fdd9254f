"""Measure the generator on a synthetic edition and print a table of figures.

    python benchmarks/scale.py --docs 1000

Every build is a fresh `mkdocs build --strict` process; wall time, CPU time
(user + system) and peak memory are those of that process.  The citation
layer's cost is the difference between the synthetic edition and the same
edition with its citations and bibliography taken out, in one run on one
machine; the pandoc cache (`.cache/edition/`) is emptied for the cold build
and kept for the warm one, as on a first build and on a rebuild.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from synthetic import CITATIONS_PER_DOC, ENTRIES, write_edition

CITATION_TARGET = 0.10  # the citation layer adds at most 10 % to the build


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float


def build(project: Path) -> Run:
    """One strict build in its own process; fails loudly if the build does."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=project,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"the build in {project} failed:\n{output.decode(errors='replace')}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def row(name: str, run: Run) -> str:
    return f"| {name} | {run.wall:.1f} s | {run.cpu:.1f} s | {run.peak_mib:.0f} MiB |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents in the synthetic edition")
    parser.add_argument("--keep", type=Path, help="write the synthetic projects here and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="edition-bench-"))
    full, bare = base / "edition", base / "edition-without-citations"
    for project, citations in ((full, True), (bare, False)):
        shutil.rmtree(project, ignore_errors=True)
        write_edition(project, args.docs, citations=citations)

    shutil.rmtree(full / ".cache", ignore_errors=True)
    cold = build(full)
    warm = build(full)
    without = build(bare)
    cold_share = cold.wall / without.wall - 1
    warm_share = warm.wall / without.wall - 1

    print(f"Synthetic edition: {args.docs} documents, {args.docs * CITATIONS_PER_DOC} citations in the "
          f"edition's prose and notes and {args.docs * 2} by the sources' notes, {ENTRIES} bibliography entries")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}\n")
    print("| build | wall | CPU | peak memory |\n|---|---|---|---|")
    print(row("edition, pandoc cache empty", cold))
    print(row("edition, pandoc cache kept", warm))
    print(row("same edition without citations", without))
    print()
    print("| target | figure | limit | |\n|---|---|---|---|")
    for name, share in (("citation layer, cache empty", cold_share), ("citation layer, cache kept", warm_share)):
        verdict = "met" if share <= CITATION_TARGET else "missed"
        print(f"| {name} | {share:+.1%} | ≤ {CITATION_TARGET:.0%} | {verdict} |")
    if not args.keep:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
