"""`edition init`: a new edition that builds strict at once, with nothing
taken from this repository, and checks its own content."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from edition import release_files
from edition.project import find
from edition.release import read_release

from .conftest import MINI_BIB, ROOT, run_mkdocs
from .test_release_files import validate

BIN = Path(sys.executable).parent
# Every file a new edition starts with.
FILES = sorted([
    ".github/workflows/publish.yml", ".github/workflows/pull-request.yml", ".gitignore", ".zenodo.json",
    "CITATION.cff", "CONTRIBUTING.md", "Makefile", "README.md", "anchors.txt", "bibliography.bib", "docs/changelog.md", "docs/citing.md",
    "docs/contributing.md", "docs/index.md", "docs/principles.md", "docs/texts.md", "mkdocs.yml",
    "published.txt", "register.yml", "requirements.txt", "tests/test_edition.py",
])


def run(command: list[str | Path], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL", "EDITION_RECORD")}
    return subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**env, "NO_MKDOCS_2_WARNING": "1"}, check=False)


def init(folder: Path, *args: str, edition: Path = BIN / "edition") -> subprocess.CompletedProcess:
    return run([edition, "init", folder, *args], cwd=folder.parent)


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_new_edition_builds_strict_and_checks_clean(tmp_path: Path) -> None:
    new = tmp_path / "my-edition"
    result = init(new)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{new}: a new edition, 'A critical edition', built with edition ")
    assert listing(new) == FILES
    assert f"critical-edition=={version('critical-edition')}\n" in (new / "requirements.txt").read_text(encoding="utf-8")
    release, problems = read_release((new / "docs/changelog.md").read_text(encoding="utf-8"), "changelog.md")
    assert not problems and (release.version, release.date) == ("0.1.0", dt.date.today().isoformat())
    readme = (new / "README.md").read_text(encoding="utf-8").split("\n")
    assert [line.split("#")[0].strip() for line in readme[2:6]] == ["```sh", "make serve", "make test", "```"]
    assert "@" + "TITLE" not in (new / "mkdocs.yml").read_text(encoding="utf-8")  # every placeholder filled

    check = run([BIN / "edition", "check"], cwd=new)
    assert check.returncode == 0 and check.stdout == "", check.stdout
    assert check.stderr.startswith("edition check: no problems (0 documents, 6 pages, 0 works")

    build = run_mkdocs(new, tmp_path / "site")
    assert build.returncode == 0, build.log
    assert build.warnings() == []
    for page in ("", "texts/", "bibliography/", "register/", "chronology/", "apparatus/", "corrigenda/",
                 "principles/", "citing/", "changelog/", "contributing/"):
        assert (build.site / page / "index.html").is_file(), page
        # The skeleton's advice to the editors is a note on the page, never markup shown as text.
        shown = BeautifulSoup((build.site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert "<!--" not in shown.select_one("article").get_text(), page
    home = (build.site / "index.html").read_text(encoding="utf-8")
    assert "<title>A critical edition</title>" in home
    assert "The edition has no document yet." in (build.site / "texts/index.html").read_text(encoding="utf-8")
    # Its records are empty, but for their comments, until the first publication.
    assert all(line.startswith("#") for name in ("anchors.txt", "published.txt")
               for line in (new / name).read_text(encoding="utf-8").splitlines())


def test_a_document_added_with_edition_new_builds_and_passes_the_editions_own_checks(tmp_path: Path) -> None:
    new = tmp_path / "letters"
    assert init(new, "--title", "Letters from the Far East").returncode == 0
    with (new / "bibliography.bib").open("a", encoding="utf-8") as bib:
        bib.write(MINI_BIB)
    made = run([BIN / "edition", "new", "berton-1993", "--source", "Berton1993", "--pages", "57"], cwd=new)
    assert made.returncode == 0, made.stderr
    document = new / "docs/texts/berton-1993.md"
    text = document.read_text(encoding="utf-8")
    # What `edition new` leaves to the editor: the fields it cannot know, and the transcription.
    assert "  language:\n" in text and "witness:\n" in text and "transcribed:" in text
    text = (text.replace("  language:\n", "  language: en\n").replace("witness:\n", "witness: the test's own copy\n")
            + "\nThe first line of page 57.\n")
    document.write_text(text, encoding="utf-8")
    # Its witness, kept in the edition and named in its front matter, as the manual says.
    witness = new / "witnesses/berton-1993-p57.txt"
    witness.parent.mkdir()
    witness.write_text("The first line of page 57.\n", encoding="utf-8")
    text = text.replace("transcribed:", "witness_file: witnesses/berton-1993-p57.txt\ntranscribed:", 1)
    document.write_text(text, encoding="utf-8")
    # The first document is listed after the page that lists the texts.
    assert re.search(r"^mkdocs\.yml:\d+: listed in the navigation\.$", made.stdout, re.M), made.stdout
    assert "      - texts.md\n      - texts/berton-1993.md\n" in (new / "mkdocs.yml").read_text(encoding="utf-8")

    check = run([BIN / "edition", "check"], cwd=new)
    assert check.returncode == 0, check.stdout
    assert "no problems (1 documents, 7 pages, 1 works" in check.stderr
    build = run_mkdocs(new, tmp_path / "site")
    assert build.returncode == 0, build.log
    assert "Letters from the Far East" in (build.site / "index.html").read_text(encoding="utf-8")
    page = build.site / "texts/berton-1993"
    assert "The first line of page 57." in (page / "index.html").read_text(encoding="utf-8")
    assert "Berton" in (build.site / "bibliography/index.html").read_text(encoding="utf-8")

    own = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=new)
    assert own.returncode == 0, own.stdout + own.stderr
    assert "6 passed" in own.stdout

    # The edition's own checks are rules, not a snapshot: a transcription that is not its witness
    # line for line fails them, as does a document without its witness.
    witness.write_text("The first line of page 57,\nas the witness has it.\n", encoding="utf-8")
    own = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=new)
    assert own.returncode == 1
    assert "docs/texts/berton-1993.md: its diplomatic text is not witnesses/berton-1993-p57.txt" in own.stdout
    witness.write_text("The first line of page 57.\n", encoding="utf-8")
    document.write_text(text.replace("witness: the test's own copy\n", "witness:\n"), encoding="utf-8")
    own = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=new)
    assert own.returncode == 1 and "'witness' should be a text" in own.stdout


@pytest.mark.parametrize("title", [None, "Letters: “Москва” — 東京, #1 & 'more'"])
def test_a_new_edition_has_valid_citation_files_naming_no_one(tmp_path: Path, title: str | None) -> None:
    new = tmp_path / "new"
    assert init(new, *(["--title", title] if title else [])).returncode == 0
    title = title or "A critical edition"
    # What `edition cite-files` writes: its own checks (`make test`) keep it so after each release.
    files, problems = release_files.expected(find(new))
    assert problems == []
    for name, text in files.items():
        assert (new / name).read_text(encoding="utf-8") == text, name
    result = validate(new / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr
    cff = yaml.safe_load((new / "CITATION.cff").read_text(encoding="utf-8"))
    today = dt.date.today().isoformat()
    assert (cff["title"], cff["version"], cff["date-released"]) == (title, "0.1.0", today)
    # No editor is known yet: the edition itself, as a body; no licence, DOI or address is claimed.
    assert cff["authors"] == cff["preferred-citation"]["authors"] == [{"name": title}]
    assert not {"license", "doi", "url", "repository-code"} & (set(cff) | set(cff["preferred-citation"]))
    zenodo = json.loads((new / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo == {"title": title, "upload_type": "dataset", "creators": [{"name": title}], "version": "0.1.0",
                      "publication_date": today, "access_right": "open"}
    check = run([BIN / "edition", "cite-files", "--check"], cwd=new)
    assert (check.returncode, check.stdout) == (0, ""), check.stdout + check.stderr


def test_the_new_editions_workflows_are_as_safe_as_this_repositorys(tmp_path: Path) -> None:
    new = tmp_path / "new"
    assert init(new).returncode == 0
    workflows = sorted((new / ".github/workflows").glob("*.yml"))
    assert [p.name for p in workflows] == ["publish.yml", "pull-request.yml"]
    for linter in (["actionlint"], ["zizmor", "--offline"]):
        result = run([BIN / linter[0], *linter[1:], *workflows], cwd=new)
        assert result.returncode == 0, result.stdout + result.stderr
    for workflow in workflows:
        ours = (ROOT / ".github/workflows" / workflow.name).read_text(encoding="utf-8")
        text = "\n".join(line for line in workflow.read_text(encoding="utf-8").split("\n")
                         if not line.lstrip().startswith("#"))  # the comments name what is never done
        # The same actions at the same commits; the generator from requirements.txt, not from a copy of it.
        assert re.findall(r"uses: (\S+)", text) == re.findall(r"uses: (\S+)", ours)
        assert "pull_request_target" not in text and "secrets." not in text and " -e " not in text
        assert "python -m pip install -r requirements.txt" in text
    pull_request = workflows[1].read_text(encoding="utf-8")
    assert "on:\n  pull_request:\n" in pull_request and "permissions:\n  contents: read\n" in pull_request
    assert ('edition check --published-base "$RUNNER_TEMP/published-base.txt" --config-base '
            '"$RUNNER_TEMP/mkdocs-base.yml"') in pull_request
    assert "git show HEAD^1:published.txt" in pull_request and "git show HEAD^1:mkdocs.yml" in pull_request


def test_init_refuses_a_folder_that_is_not_empty_or_a_title_the_theme_would_print_as_html(tmp_path: Path) -> None:
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine", encoding="utf-8")
    result = init(full)
    assert result.returncode == 2
    assert result.stderr == (f"edition init: {full} is not empty; give a new folder (or an empty one), so that "
                             "no file of yours is overwritten\n")
    assert listing(full) == ["notes.txt"] and (full / "notes.txt").read_text(encoding="utf-8") == "mine"

    result = init(full / "notes.txt")
    assert result.returncode == 2 and "is a file; give the name of a new folder" in result.stderr

    for title, said in (("<b>Letters</b>", "'<' and '>'"), ('The "Letters"', "'\"'"), ("  ", "--title is empty"),
                        ("Letters\nof 1938", "a line break")):
        result = init(tmp_path / "new", "--title", title)
        assert result.returncode == 2 and said in result.stderr and "Traceback" not in result.stderr, title
        assert not (tmp_path / "new").exists()

    empty = tmp_path / "empty"
    empty.mkdir()
    assert init(empty).returncode == 0 and listing(empty) == FILES
    clone = tmp_path / "clone"  # a clone of a new, empty repository
    (clone / ".git").mkdir(parents=True)
    (clone / ".git/HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    assert init(clone).returncode == 0 and listing(clone) == sorted(FILES + [".git/HEAD"])


def test_the_wheel_in_a_fresh_environment_makes_an_edition_that_builds_and_checks_itself(tmp_path: Path) -> None:
    # The wheel, built from a copy of the package's sources (so that the build leaves nothing in this repository).
    source = tmp_path / "source"
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = run([sys.executable, "-m", "build", "--wheel", "--outdir", tmp_path / "dist", source], cwd=tmp_path,
                timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    wheel, = (tmp_path / "dist").glob("critical_edition-*-py3-none-any.whl")

    # A fresh environment, holding the wheel and what it requires (and pytest, for the edition's own checks).
    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", venv], cwd=tmp_path).returncode == 0
    installed = run([venv / "bin/python", "-m", "pip", "install", "--quiet", wheel, "pytest"], cwd=tmp_path,
                    timeout=900)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    where = run([venv / "bin/python", "-c", "import edition.cli; print(edition.cli.__file__)"], cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout

    work = tmp_path / "work"
    work.mkdir()
    new = work / "NEW"
    made = run([venv / "bin/edition", "init", "NEW"], cwd=work)
    assert made.returncode == 0, made.stderr
    assert listing(new) == FILES  # the wheel carries the whole skeleton, '.github/' and '.gitignore' too
    build = run([venv / "bin/mkdocs", "build", "--strict"], cwd=new)
    assert build.returncode == 0, build.stdout + build.stderr
    own = run([venv / "bin/python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=new)
    assert own.returncode == 0, own.stdout + own.stderr

    # Nothing was taken from this repository: no log names it, no file or path of the site does.
    here = str(ROOT)
    for log in (made, build, own):
        assert here not in log.stdout + log.stderr
    for path in new.rglob("*"):
        assert here not in str(path.resolve())
        if path.is_file():
            assert here.encode() not in path.read_bytes(), path
