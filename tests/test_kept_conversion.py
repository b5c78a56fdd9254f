"""A rebuild reuses each source's model and each transcription's conversion
to HTML, kept in `.cache/edition/` on their inputs: the site it builds must
be the one a build from nothing builds, and nothing a reading or a
conversion said may be lost."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from edition.cache import DATABASE

from . import miniature
from .conftest import copy_mini, run_mkdocs, search_index, serve

DOCUMENT = miniature.BOOK_FILE


def kept(folder: Path, kind: str = "page") -> dict[str, int]:
    """The results of a kind kept in the project's cache, by name, with the
    id of the row each was written to (a result written again gets a new one)."""
    with closing(sqlite3.connect(folder / ".cache/edition" / DATABASE)) as db:
        return dict(db.execute("SELECT name, id FROM results WHERE name LIKE ?", (kind + "-%",)))


def pages(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*.html")}


def test_a_rebuild_from_kept_conversions_is_the_site_a_first_build_makes(mini_source: Path, tmp_path: Path) -> None:
    folder = copy_mini(mini_source, tmp_path)
    first = run_mkdocs(folder, tmp_path / "first")
    assert first.returncode == 0, first.log
    assert len(kept(folder)) == len(list((folder / "docs/texts").glob("*.md"))) == 2
    second = run_mkdocs(folder, tmp_path / "second")
    assert second.returncode == 0, second.log
    assert pages(tmp_path / "second") == pages(tmp_path / "first")
    # What the page's contents list and its anchors come from is kept too.
    page = (tmp_path / "second" / miniature.BOOK / "index.html").read_text(encoding="utf-8")
    assert 'href="#introduction"' in page and 'class="md-nav md-nav--secondary"' in page


def index(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in (site / "pagefind").rglob("*")
            if path.is_file()}


def test_a_rebuild_writes_the_kept_search_index_until_a_page_changes(tab, mini_source: Path, tmp_path: Path) -> None:
    folder = copy_mini(mini_source, tmp_path)
    assert run_mkdocs(folder, tmp_path / "first").returncode == 0
    first = kept(folder, "search-index")
    assert len(first) == 1
    assert run_mkdocs(folder, tmp_path / "second").returncode == 0
    assert index(tmp_path / "second") == index(tmp_path / "first")
    assert kept(folder, "search-index") == first  # read back, not made and written again
    doc = folder / DOCUMENT
    doc.write_text(doc.read_text(encoding="utf-8").replace("This is page 131 of", "This is page 131, Zyzzogeton, of",
                                                           1), encoding="utf-8")
    assert run_mkdocs(folder, tmp_path / "third").returncode == 0
    assert kept(folder, "search-index").keys().isdisjoint(first)  # the index of the edited page replaces the old one
    with serve(tmp_path / "third") as base:
        found = dict(search_index(tab, base, "zyzzogeton"))
    assert list(found) == [miniature.BOOK] and "Zyzzogeton" in found[miniature.BOOK]


def test_an_edit_replaces_the_kept_conversion(mini_source: Path, tmp_path: Path) -> None:
    folder = copy_mini(mini_source, tmp_path)
    assert run_mkdocs(folder, tmp_path / "site").returncode == 0
    before = kept(folder)
    doc = folder / DOCUMENT
    doc.write_text(doc.read_text(encoding="utf-8").replace("This is page 131 of", "This is p. 131 of", 1),
                   encoding="utf-8")
    assert run_mkdocs(folder, tmp_path / "site").returncode == 0
    page = (tmp_path / "site" / miniature.BOOK / "index.html").read_text(encoding="utf-8")
    assert "This is p. 131 of" in page
    after = kept(folder)
    assert len(after) == 2 and len(set(after) - set(before)) == 1  # the old one is removed


def test_a_conversion_that_warned_is_not_kept_and_warns_again(mini_source: Path, tmp_path: Path) -> None:
    folder = copy_mini(mini_source, tmp_path)
    doc = folder / DOCUMENT
    doc.write_text(doc.read_text(encoding="utf-8").replace(
        "\n## Introduction\n", "\n## Introduction\n\nSee [the missing page](missing.md).\n", 1), encoding="utf-8")
    for site in ("first", "second"):
        build = run_mkdocs(folder, tmp_path / site)
        assert build.returncode == 1
        assert any("missing.md" in line and "eurasian-triangle-p131.md" in line for line in build.warnings()), build.log
    assert len(kept(folder)) == 1  # the other document's


def test_a_kept_model_says_its_problems_again(mini_source: Path, tmp_path: Path) -> None:
    folder = copy_mini(mini_source, tmp_path)
    doc = folder / DOCUMENT
    lines = doc.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("Simultaneously, Moscow"))
    lines[at] = "an {unclosed mark " + lines[at]
    doc.write_text("\n".join(lines), encoding="utf-8")
    models = {}
    for site in ("first", "second"):
        build = run_mkdocs(folder, tmp_path / site)
        assert build.returncode == 1
        assert f"{DOCUMENT}:{at + 1}:4: ED500" in build.log, build.log
        models[site] = kept(folder, "model")
    assert models["second"] == models["first"] and models["first"]  # read back, not written again


def test_a_damaged_cache_or_an_older_one_is_made_again(mini_source: Path, tmp_path: Path) -> None:
    """A cache half-copied (not a database) or left by an older version (a
    file a result) costs a first build, never a failed or a wrong one."""
    folder = copy_mini(mini_source, tmp_path)
    cache = folder / ".cache/edition"
    cache.mkdir(parents=True)
    (cache / DATABASE).write_bytes(b"half a cache")
    (cache / "page-0123456789abcdef.json").write_text("{}", encoding="utf-8")
    build = run_mkdocs(folder, tmp_path / "site")
    assert build.returncode == 0, build.log
    assert len(kept(folder)) == 2
    assert sorted(path.name for path in cache.iterdir()) == [DATABASE]


def test_a_folder_that_cannot_hold_the_cache_is_reported_not_a_crash(mini_source: Path, tmp_path: Path) -> None:
    folder = copy_mini(mini_source, tmp_path)
    (folder / ".cache").mkdir()
    (folder / ".cache/edition").write_text("not a folder", encoding="utf-8")
    build = run_mkdocs(folder, tmp_path / "site")
    assert build.returncode == 1 and "Traceback" not in build.log, build.log
    assert ".cache/edition/results.sqlite: the build cannot keep its results there" in build.log
    assert "Fix: make" in build.log and "or delete it" in build.log
