"""The edition's own checks (`make test`): rules over its files, true of an
edition with no document as of one with many.  Add a rule here when the
editors settle one (e.g. a field every document must give)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted((ROOT / "docs" / "texts").glob("**/*.md"))
TEI = "{http://www.tei-c.org/ns/1.0}"


def run(*command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    # As a reader's build: no published address, no record written.
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL", "EDITION_RECORD")}
    return subprocess.run([sys.executable, "-m", *command], cwd=cwd, capture_output=True, text=True,
                          env={**env, "NO_MKDOCS_2_WARNING": "1"}, check=False)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built strict once for the session (into a temporary folder, not site/)."""
    folder = tmp_path_factory.mktemp("site")
    result = run("mkdocs", "build", "--strict", "-d", str(folder))
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}{result.stderr}"
    return folder


def test_the_sources_check_clean() -> None:
    result = run("edition.cli", "check")
    assert result.returncode == 0, f"edition check found problems:\n{result.stdout}{result.stderr}"


def test_the_site_builds_strict(site: Path) -> None:
    assert (site / "index.html").is_file()


def test_the_citation_files_say_what_mkdocs_yml_and_the_changelog_give() -> None:
    # CITATION.cff (GitHub's "Cite this repository") and .zenodo.json (Zenodo's record of a release)
    # name the edition's identity and its latest version: after a release, `make cite-files`.
    result = run("edition.cli", "cite-files", "--check")
    assert result.returncode == 0, ("CITATION.cff and .zenodo.json do not say what mkdocs.yml and the changelog "
                                    f"give: run `make cite-files` and commit them\n{result.stdout}{result.stderr}")


def test_the_generator_is_the_version_the_requirements_name() -> None:
    pinned = [line.split("==", 1)[1].split()[0] for line in (ROOT / "requirements.txt").read_text().splitlines()
              if line.startswith("critical-edition==")]
    assert pinned == [version("critical-edition")], "install the requirements again: make sure .venv is up to date"


def test_every_document_has_its_page_and_exports(site: Path) -> None:
    # One test over every document (none yet is no failure): each has its page, its
    # plain texts and a well-formed TEI file.
    for document in DOCUMENTS:
        page = site / document.relative_to(ROOT / "docs").with_suffix("")
        assert (page / "index.html").is_file(), document
        for export in ("reading.txt", "diplomatic.txt"):
            assert (page / export).read_text(encoding="utf-8").strip(), f"{document}: {export} is empty"
        root = ET.parse(page / "tei.xml").getroot()  # the parser says where it is not well-formed
        assert root.tag == f"{TEI}TEI", document
        assert root.find(f"{TEI}teiHeader") is not None and root.find(f"{TEI}text") is not None, document


def front_matter(document: Path) -> dict:
    """A document's front matter, the lines between its two '---' (`edition check` has checked them)."""
    lines = document.read_text(encoding="utf-8").split("\n")
    end = next((n for n in range(1, len(lines)) if lines[n].rstrip() in ("---", "...")), None)
    if lines[0].rstrip() != "---" or end is None:
        return {}
    return yaml.safe_load("\n".join(lines[1:end])) or {}


def non_blank(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_every_document_naming_its_witness_file_is_that_witness_line_for_line(site: Path) -> None:
    # One test over every document whose front matter names its witness's file ('witness_file'):
    # the diplomatic text (diplomatic.txt, as the site gives it) holds every line of the witness,
    # in order, and nothing else but the page breaks the edition adds ("[p. 131]"). Blank lines
    # are not compared: the witness's are its capture's layout.
    for document in DOCUMENTS:
        witness = front_matter(document).get("witness_file")
        if not isinstance(witness, str):
            continue
        page = site / document.relative_to(ROOT / "docs").with_suffix("")
        diplomatic = (page / "diplomatic.txt").read_text(encoding="utf-8")
        ours = [line for line in non_blank(diplomatic) if not re.fullmatch(r"\[p\. \w+\]", line)]
        theirs = non_blank((ROOT / witness).read_text(encoding="utf-8"))
        assert ours == theirs, f"{document.relative_to(ROOT)}: its diplomatic text is not {witness}, line for line"
