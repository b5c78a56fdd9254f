"""Two clean builds of the edition are byte-identical (issue 9): made in
different folders, at different moments, with no cache, every file of the
site is the same.  The one date a build writes, the sitemap's, is the last
commit's (edition/mkdocs_site.py), or SOURCE_DATE_EPOCH's when it is set."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

from .conftest import copy_mini


def build(folder: Path, epoch: str) -> dict[str, bytes]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch}
    env.pop("SITE_URL", None)
    env.pop("REPO_URL", None)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=folder, env=env, check=True)
    site = folder / "site"
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_two_clean_builds_are_byte_identical(mini_source: Path, tmp_path: Path) -> None:
    epoch = "1795000000"  # 2026-11-18
    (tmp_path / "a").mkdir()
    (tmp_path / "another-folder").mkdir()
    first = build(copy_mini(mini_source, tmp_path / "a"), epoch)
    time.sleep(1.1)  # a second later: no clock reaches the output
    second = build(copy_mini(mini_source, tmp_path / "another-folder"), epoch)
    assert len(first) > 100 and "pagefind/pagefind-entry.json" in first
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert b"<lastmod>2026-11-18</lastmod>" in gzip.decompress(first["sitemap.xml.gz"])


def test_the_build_date_is_the_last_commits(mini_source: Path, tmp_path: Path) -> None:
    folder = copy_mini(mini_source, tmp_path)
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "-A"], cwd=folder, check=True)
    env = {**os.environ, "GIT_COMMITTER_DATE": "2025-05-21T12:00:00Z", "GIT_AUTHOR_DATE": "2025-05-21T12:00:00Z"}
    subprocess.run([*git, "commit", "-q", "-m", "the edition"], cwd=folder, env=env, check=True)
    env = {k: v for k, v in os.environ.items() if k not in {"SOURCE_DATE_EPOCH", "SITE_URL", "REPO_URL"}}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=folder,
                   env={**env, "NO_MKDOCS_2_WARNING": "1"}, check=True)
    assert "<lastmod>2025-05-21</lastmod>" in (folder / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_a_machine_without_git_builds_with_its_own_date(mini_source: Path, tmp_path: Path) -> None:
    folder = copy_mini(mini_source, tmp_path)  # a downloaded copy: no repository, and no git to ask
    env = {k: v for k, v in os.environ.items() if k not in {"SOURCE_DATE_EPOCH", "SITE_URL", "REPO_URL"}}
    days = {time.strftime("%Y-%m-%d", time.gmtime())}
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=folder,
                           env={**env, "NO_MKDOCS_2_WARNING": "1", "PATH": ""}, capture_output=True, text=True)
    assert build.returncode == 0 and "Traceback" not in build.stderr, build.stderr
    days.add(time.strftime("%Y-%m-%d", time.gmtime()))  # the build may have run past midnight
    sitemap = (folder / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert any(f"<lastmod>{day}</lastmod>" in sitemap for day in days), sitemap[:300]
