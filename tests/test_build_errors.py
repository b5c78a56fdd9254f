"""Broken miniature editions: `mkdocs build --strict` fails, naming file and line."""

from __future__ import annotations

from .conftest import FRONT_MATTER, run_mkdocs

LINE = FRONT_MATTER.count("\n") + 1  # the first body line


def test_an_undefined_note_fails_the_strict_build_with_file_and_line(mini_site) -> None:
    build = mini_site({
        "index.md": "# Home\n",
        "texts/t.md": FRONT_MATTER + "::text lines\n::page 131\nA line.[^20]\n",
    })
    assert build.returncode != 0
    assert (f"WARNING -  edition: docs/texts/t.md:{LINE + 2}:8: ED200 note [^20] is referenced but never "
            "defined") in build.log
    assert "Traceback" not in build.log


def test_malformed_front_matter_fails_though_mkdocs_would_ignore_it(mini_site) -> None:
    build = mini_site({
        "index.md": "# Home\n",
        "texts/t.md": FRONT_MATTER.replace("title: A test document", "title: A: B") + "::text lines\n",
    })
    assert build.returncode != 0
    assert "docs/texts/t.md:2:9: ED101 the front matter is not valid YAML" in build.log


def test_broken_front_matter_holding_a_citation_is_reported_not_a_traceback(mini_site) -> None:
    """MkDocs keeps front matter it cannot read as text; the page must still be the body the edition read."""
    build = mini_site({
        "index.md": "# Home\n",
        "texts/t.md": FRONT_MATTER.replace("editors: [The tests]", "editors: [[@Berton1993]")
        + "Citing [@Berton1993, 60].\n",
    })
    assert build.returncode != 0
    assert "docs/texts/t.md:10:12: ED101 the front matter is not valid YAML" in build.log
    assert "Traceback" not in build.log


def test_pages_out_of_order_fail(mini_site) -> None:
    build = mini_site({
        "index.md": "# Home\n",
        "texts/t.md": FRONT_MATTER + "::text lines\n::page 131\nA.\n::page 13\nB.\n",
    })
    assert build.returncode != 0
    assert f"docs/texts/t.md:{LINE + 3}:1: ED300 page 13 comes after page 131" in build.log


def test_a_page_that_is_not_a_document_is_checked_too(mini_site) -> None:
    build = mini_site({"index.md": "# Home\n\nProse.[^ed-missing]\n"})
    assert build.returncode != 0
    assert "docs/index.md:3:7: ED200 note [^ed-missing] is referenced but never defined" in build.log


def test_a_correct_miniature_edition_builds_without_warnings(mini_site) -> None:
    build = mini_site({
        "index.md": "# Home\n",
        "texts/t.md": FRONT_MATTER + "::text lines\n::page 1\nA line.[^1]\n\n[^1]: A note.\n",
    })
    assert build.returncode == 0, build.log
    assert build.warnings() == []


def test_a_broken_apparatus_mark_fails_the_strict_build(mini_site) -> None:
    build = mini_site({
        "index.md": "# Home\n",
        "texts/t.md": FRONT_MATTER + "::text lines\n::page 1\nthe {ligature: rst -> first such\n",
    })
    assert build.returncode != 0
    assert (f"docs/texts/t.md:{LINE + 2}:5: ED500 this '{{' opens an apparatus mark that is not closed"
            in build.log)
    assert "Traceback" not in build.log


def test_an_editors_page_cannot_take_the_generated_apparatus_address(mini_site) -> None:
    build = mini_site({"index.md": "# Home\n", "apparatus.md": "# Mine\n"})
    assert build.returncode != 0
    assert ("docs/apparatus.md:1:1: ED015 its address '/apparatus/' is also that of 'apparatus.md', a page the "
            "edition generates. Fix: rename the file") in build.log
    assert "Traceback" not in build.log


def test_a_search_indexer_that_stops_fails_the_build_with_its_reason(mini_site, monkeypatch, tmp_path) -> None:
    # Pagefind is found through PAGEFIND_BINARY_PATH first; this one ends at once.
    stopper = tmp_path / "pagefind"
    stopper.write_text("#!/bin/sh\necho 'no index today' >&2\nexit 3\n")
    stopper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(stopper))
    build = mini_site({"index.md": "# Home\n"})
    assert build.returncode != 0
    assert "ERROR   -  edition: the search index could not be built: Pagefind stopped (exit status 3): " \
           "no index today" in build.log, build.log
    assert "Traceback" not in build.log
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "missing"))
    build = mini_site({"index.md": "# Home\n"})
    assert "ERROR   -  edition: the search index could not be built: " in build.log, build.log
    assert "Traceback" not in build.log


def test_a_site_without_the_edition_extension_is_told_to_add_it(tmp_path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - edition\n")
    build = run_mkdocs(tmp_path, tmp_path / "site")
    assert build.returncode != 0 and "Traceback" not in build.log
    assert ("ERROR   -  mkdocs.yml: add 'edition.extension' under 'markdown_extensions'; the edition's markup "
            "is rendered by it") in build.log


def test_quiet_does_not_silence_a_problem_or_let_the_strict_build_pass(mini_site) -> None:
    """MkDocs' --quiet raises its log level to errors, so --strict never saw a
    warning: a broken source built, and `make record` (which is quiet) could
    record it as published."""
    import subprocess
    import sys

    build = mini_site({"index.md": "# Home\n", "texts/t.md": FRONT_MATTER + "::text lines\n::page 131\nA line.[^20]\n"})
    quiet = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(build.site)],
                           cwd=build.site.parent, capture_output=True, text=True, check=False)
    assert quiet.returncode == 1
    assert f"docs/texts/t.md:{LINE + 2}:8: ED200 note [^20] is referenced but never defined" in quiet.stderr
