"""The edition's own checks (`make test`): rules over its files, true of an
edition with no document as of one with many.  Add a rule here when the
editors settle one (e.g. a field every document must give)."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib.metadata import version
from pathlib import Path

import pytest

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


def test_the_generator_is_the_version_the_requirements_name() -> None:
    pinned = [line.split("==", 1)[1].split()[0] for line in (ROOT / "requirements.txt").read_text().splitlines()
              if line.startswith("edition==")]
    assert pinned == [version("edition")], "install the requirements again: make sure .venv is up to date"


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
