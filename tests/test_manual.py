"""The generator's manual is its own site (manual/), and nothing of it is the
edition's: the manual builds strict on its own, in plain Material; the
edition's built site has none of its pages, so the edition's search (Pagefind's
index, made from the site's pages) finds none of them; and every error code is
documented in the manual (a link from the manual to an edition's page, such as
corrigenda.md, could not resolve there: the strict build refuses it)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from edition.diagnostics import CODES

from .conftest import ROOT, Build, run_mkdocs

MANUAL = ROOT / "manual"
# The manual's pages; the edition keeps its own short contributing.md and exports.md.
MOVED = ("transcribing.md", "performance.md")


@pytest.fixture(scope="module")
def manual_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return run_mkdocs(MANUAL, tmp_path_factory.mktemp("manual-site"))


def titles(site: Path) -> dict[str, str]:
    """Each built page's address and its first heading."""
    found = {}
    for path in site.rglob("index.html"):
        h1 = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("h1")
        if h1 is not None:
            found[path.parent.relative_to(site).as_posix()] = h1.get_text(" ", strip=True).rstrip("¶").strip()
    return found


def search_fragments(site: Path) -> list[dict]:
    """The pages in Pagefind's index: each fragment is gzipped, a signature then JSON."""
    fragments = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        fragments.append(json.loads(data[data.index(b"{"):]))
    return fragments


def test_the_manual_builds_strict_in_plain_material(manual_build: Build) -> None:
    assert manual_build.returncode == 0, manual_build.log
    config = yaml.safe_load((MANUAL / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material" and config["theme"]["font"] is False
    assert "hooks" not in config and "custom_dir" not in config["theme"]
    assert "edition" not in config.get("plugins", [])  # ordinary Markdown: none of the edition's machinery
    assert [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]] == [
        "toc", "tables", "admonition", "pymdownx.superfences"]
    pages = {p.name for p in (MANUAL / "docs").glob("*.md")}
    assert {"index.md", "transcribing.md", "contributing.md", "performance.md", "exports.md"} <= pages
    assert titles(manual_build.site)["transcribing"] == "How to transcribe"


def test_the_manual_requests_nothing_from_other_hosts(manual_build: Build) -> None:
    for path in manual_build.site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        loaded = [t.get("src") or t.get("href") for t in page.find_all(["script", "link", "img", "iframe"])]
        assert [a for a in loaded if a and re.match(r"(?:[a-z]+:)?//", a)] == [], path


@pytest.mark.edition
def test_the_editions_site_and_search_hold_none_of_the_manual(manual_build: Build, edition_build: Build) -> None:
    assert edition_build.returncode == 0, edition_build.log
    for name in MOVED:
        assert not (ROOT / "docs" / name).exists(), name
    manual_titles = set(titles(manual_build.site).values()) - {"Contributing"}  # the edition's is "How to contribute"
    assert {"How to transcribe", "Performance", "Exports: the encoding"} <= manual_titles
    site_titles = titles(edition_build.site)
    assert manual_titles.isdisjoint(site_titles.values()), site_titles
    # The old addresses are kept (anchors.txt): each a small page sending the reader on.
    for old in ("transcribing", "performance"):
        page = (edition_build.site / old / "index.html").read_text(encoding="utf-8")
        assert "<title>This page has moved</title>" in page and "contributing/#the-generators-manual" in page
    indexed = search_fragments(edition_build.site)
    assert len(indexed) > 10
    indexed_titles = {f["meta"].get("title") for f in indexed}
    assert manual_titles.isdisjoint(indexed_titles), indexed_titles
    assert [f["url"] for f in indexed if f["url"].strip("/") in {"transcribing", "performance"}] == []
    # A reader searching a source's words ("RGVA") no longer meets the manual's cheat sheet.
    assert [f["url"] for f in indexed if "cheat sheet" in f["content"].lower()] == []
    assert [f["url"] for f in indexed if "RGVA" in f["content"] and not f["url"].startswith(
        ("/texts/", "/register/", "/bibliography/", "/chronology/", "/apparatus/"))] == []


@pytest.mark.edition
def test_the_editions_contributing_page_links_the_manual(edition_build: Build) -> None:
    page = BeautifulSoup((edition_build.site / "contributing" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    article = page.find("article")
    assert page.find("h1").get_text(strip=True).rstrip("¶") == "How to contribute"
    assert article.find(id="fix-a-typo") is not None  # the "how" of every document's "Suggest a correction"
    assert "manual/docs/contributing.md" in article.get_text()
    assert len(article.get_text(" ", strip=True).split()) < 400  # a short page for readers, not the manual


def test_every_code_is_documented_in_the_manual() -> None:
    page = (MANUAL / "docs" / "transcribing.md").read_text(encoding="utf-8")
    assert [code for code in CODES if f"| {code} |" not in page] == []

