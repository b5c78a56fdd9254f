"""Publishing: the GitHub workflows (linted, and their build run as they
run it), "Suggest a correction" on the published site, and the same
edition built by ProperDocs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from edition import corrections
from edition.document import parse_document

from .conftest import ROOT, Build, copy_edition

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
SITE_URL = "https://example.github.io/moscow-tokyo/"
REPO_URL = "https://github.com/example/moscow-tokyo"


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def steps_running(job: dict) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


@pytest.mark.parametrize("linter", [["actionlint"], ["zizmor", "--offline"]])
def test_the_workflows_pass_the_linters(linter: list[str]) -> None:
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) == 2
    result = subprocess.run([str(BIN / linter[0]), *linter[1:], *files], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout if linter[0] == "zizmor" else result.stdout == ""


def test_pull_requests_from_forks_run_with_no_secrets_and_no_write_access() -> None:
    text = "\n".join(line for line in (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8").split("\n")
                     if not line.startswith("#"))
    data = workflow("pull-request.yml")
    assert data["on"] == {"pull_request": None}
    assert data["permissions"] == {"contents": "read"}
    assert "pull_request_target" not in text and "secrets." not in text
    job = data["jobs"]["check"]
    assert [run.split("\n")[-1] for run in steps_running(job)[1:]] == [
        'edition check --published-base "$RUNNER_TEMP/published-base.txt" --config-base '
        '"$RUNNER_TEMP/mkdocs-base.yml"', "python -m pytest",
        "mkdocs build --strict"]
    upload = job["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@") and upload["with"] == {"name": "site",
                                                                                       "path": "site/"}


def test_main_is_published_only_after_the_checks_and_a_strict_build() -> None:
    data = workflow("publish.yml")
    assert data["on"]["push"] == {"branches": ["main"]}
    assert data["permissions"] == {}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert steps_running(build)[1:4] == ["edition check", "python -m pytest", "mkdocs build --strict"]
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert deploy["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The edition built as the publish workflow builds it: its build step, with its environment."""
    folder = copy_edition(tmp_path_factory.mktemp("edition"))
    step = next(s for s in workflow("publish.yml")["jobs"]["build"]["steps"] if "mkdocs build" in s.get("run", ""))
    github = {"${{ steps.pages.outputs.base_url }}": SITE_URL.rstrip("/"),
              "${{ github.server_url }}/${{ github.repository }}": REPO_URL}
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL", "EDITION_RECORD")}
    for name, value in step["env"].items():
        for expression, known in github.items():
            value = value.replace(expression, known)
        assert "${{" not in value
        env[name] = value
    env.update(PATH=f"{BIN}{os.pathsep}{env['PATH']}", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(["bash", "-c", step["run"]], cwd=folder, env=env, capture_output=True, text=True,
                            check=False)
    return Build(result.returncode, result.stdout + result.stderr, folder / "site")


@pytest.mark.edition
def test_the_publish_build_passes_strict_and_records_every_transcription(published: Build) -> None:
    assert published.returncode == 0, published.log
    assert "recorded as published" in published.log
    folder = published.site.parent
    record, problems = corrections.read((folder / "published.txt").read_text(encoding="utf-8"), "published.txt")
    assert problems == []
    texts = sorted((folder / "docs" / "texts").glob("*.md"))
    expected = {}
    for t in texts:
        text = t.read_text(encoding="utf-8")
        document, _ = parse_document(text, f"docs/texts/{t.name}")
        expected[document.path] = {part: mark for part, (mark, _) in corrections.fingerprints(document, text).items()}
    assert {path: p.parts for path, p in record.documents.items()} == expected
    for t in texts:  # a fingerprint for each printed page, and one for the rest
        pages = re.findall(r"^::page (\S+)", t.read_text(encoding="utf-8"), flags=re.M)
        assert set(expected[f"docs/texts/{t.name}"]) == {"text", *(f"p{n}" for n in pages)}
    committed = (ROOT / "anchors.txt").read_text(encoding="utf-8").split("\n")
    assert set(committed) <= set((folder / "anchors.txt").read_text(encoding="utf-8").split("\n"))
    page = BeautifulSoup((published.site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("link", rel="canonical")["href"] == SITE_URL


@pytest.mark.edition
def test_every_transcription_offers_one_way_to_suggest_a_correction(published: Build) -> None:
    names = [t.stem for t in sorted((published.site.parent / "docs" / "texts").glob("*.md"))]
    assert names
    for name in names:
        page = BeautifulSoup((published.site / "texts" / name / "index.html").read_text(), "html.parser")
        suggest = page.find(class_="suggest-correction")
        assert suggest.get_text(" ", strip=True) == ("Found a mistake in the transcription? Suggest a correction "
                                                     "( how ).")
        links = [a["href"] for a in page.find_all("a", href=re.compile("/edit/"))]
        assert links == [f"{REPO_URL}/edit/main/docs/texts/{name}.md"]
        assert suggest.find_all("a")[1]["href"] == "../../contributing/#fix-a-typo"


@pytest.mark.edition
def test_generated_pages_have_no_edit_link_and_written_ones_keep_it(published: Build) -> None:
    entry = next(p.parent for p in sorted((published.site / "register").glob("*/index.html")))
    for address in ("apparatus", "corrigenda", "bibliography", "register", entry.relative_to(published.site),
                    "chronology"):
        page = (published.site / address / "index.html").read_text(encoding="utf-8")
        assert "/edit/" not in page, address
    principles = BeautifulSoup((published.site / "principles" / "index.html").read_text(), "html.parser")
    assert [a["href"] for a in principles.find_all("a", href=re.compile("/edit/"))] == [
        f"{REPO_URL}/edit/main/docs/principles.md"]


@pytest.mark.edition
def test_the_edition_builds_unchanged_with_properdocs(edition_build: Build, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL", "EDITION_RECORD")}
    result = subprocess.run([str(BIN / "properdocs"), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                             "-d", str(tmp_path / "site")], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    ours = sorted(p.relative_to(edition_build.site) for p in edition_build.site.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*") if p.is_file())
    assert theirs == ours
    generator = re.compile(r'<meta name="generator" content="[^"]*">')
    for name in ours:
        a, b = (edition_build.site / name).read_bytes(), (tmp_path / "site" / name).read_bytes()
        if name.suffix == ".html":
            a, b = (generator.sub("", x.decode("utf-8")) for x in (a, b))
        assert a == b, name
