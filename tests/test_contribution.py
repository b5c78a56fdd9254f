"""The split between the generator's tests and the edition's checks, proved
(issue 23): in a copy of the repository, a contributor adds a new document
and logs a correction exactly as the manual's contributing guide says
(manual/docs/contributing.md), and the edition's checks still pass there.

The generator's tests run on the miniature edition they build themselves
(tests/miniature.py) and read nothing of this edition, so the copy need not
run them again; the edition's checks (every test marked `edition`:
test_edition.py and the others that build or read this edition) are rules
over its data and must not pin its present content, so a correct pull
request stays green.  conftest.py refuses a test that builds this edition
without the mark."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

# What a repository's copy needs no copy of: what is built, cached or installed.
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", ".cache", "site", "__pycache__", ".pytest_cache",
                                    ".venv-cff", "*.egg-info", "artifacts")

NEW_NAME = "kuromiya-mamoulia-ch7"
PAGE = "140"
# The new page: a few printed lines, a word split at a line end, a note under its printed number.
LINES = [
    "The Soviet government watched the Japanese consulates in the [Far East]{@far-east} closely. In the",
    "spring of 1932, it closed two of them and expelled their staff; the remaining con-",
    "sulates were allowed to keep only a handful of officials.[^20]",
]
NOTE = "[^20]: [RGVA]{@rgva}, f. 4, op. 19, d. 13, l. 200."
# The witness as the text layer has it: no markup, the note's marker and label as printed.
WITNESS = re.sub(r"\[([^\]]*)\]\{@[^}]*\}", r"\1", "\n".join(
    [*LINES[:2], LINES[2].replace("[^20]", "²⁰"), NOTE.replace("[^20]: ", "20 ")])) + "\n"


def edition(folder: Path, *args: str) -> subprocess.CompletedProcess:
    command = Path(sys.executable).parent / "edition"
    return subprocess.run([str(command), *args], cwd=folder, capture_output=True, text=True, check=False)


def checkout(folder: Path) -> Path:
    """The repository as a pull request's run gets it: its committed files
    (a clone of HEAD), or, outside a Git repository, its files as they are."""
    if (ROOT / ".git").exists() and shutil.which("git"):
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(folder)], check=True,
                       capture_output=True)
        shutil.rmtree(folder / ".git")  # the copy tests itself, not as a clone of this repository
    else:
        shutil.copytree(ROOT, folder, ignore=NOT_COPIED)
    # What `make test` installed beside the repository, as a contributor's run has it (not committed).
    if (ROOT / ".venv-cff").is_dir():
        (folder / ".venv-cff").symlink_to(ROOT / ".venv-cff")
    return folder


def record(folder: Path) -> None:
    """Publish, as the deploy workflow does after a merge (`make record`)."""
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL")}
    env.update(EDITION_RECORD="1", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d",
                             str(folder.parent / "published-site")], cwd=folder, env=env, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def a_published_line(folder: Path) -> tuple[Path, int, str]:
    """A printed document the record guards, and a line of its text with a plain word in it."""
    published = (folder / "published.txt").read_text(encoding="utf-8")
    for path in re.findall(r"^(docs/texts/\S+\.md) ", published, flags=re.M):
        lines = (folder / path).read_text(encoding="utf-8").split("\n")
        if "::text lines" not in lines:
            continue
        for n, line in enumerate(lines[lines.index("::text lines"):], lines.index("::text lines")):
            if line and not line.startswith(("::", "[^", ">")) and re.search(r"(?<![\w{@\[-])[a-z]{6,}\b", line):
                return folder / path, n, line
    pytest.fail("no printed document in published.txt to correct")


def log_entry(text: str, entry: str) -> str:
    """Add an entry at the end of `corrections:` (after `transcribed:` if the document has none yet)."""
    lines = text.split("\n")
    end = lines.index("---", 1)
    if "corrections:" in lines[:end]:
        at = lines.index("corrections:") + 1
        while at < end and lines[at].startswith((" ", "-")):
            at += 1
    else:
        at = next(n for n, line in enumerate(lines[:end]) if line.startswith("transcribed:")) + 1
        entry = "corrections:\n" + entry
    return "\n".join(lines[:at] + entry.rstrip("\n").split("\n") + lines[at:])


def test_a_new_document_and_a_logged_correction_keep_the_editions_checks_green(tmp_path: Path) -> None:
    folder = checkout(tmp_path / "repository")

    # The state a typo fix starts from: a typo of the transcription, published.
    document, n, line = a_published_line(folder)
    word = re.search(r"(?<![\w{@\[-])[a-z]{6,}\b", line).group()
    typo = word[:-2] + word[-1] + word[-2]
    lines = document.read_text(encoding="utf-8").split("\n")
    lines[n] = line.replace(word, typo, 1)
    document.write_text("\n".join(lines), encoding="utf-8")
    published = folder / "published.txt"  # as if that text were the one the deploy workflow last recorded
    relative = document.relative_to(folder).as_posix()
    published.write_text("".join(line for line in published.read_text(encoding="utf-8").splitlines(True)
                                 if not line.startswith(relative + " ")), encoding="utf-8")
    record(folder)
    assert relative in published.read_text(encoding="utf-8")
    assert edition(folder, "check").returncode == 0

    # 1. "Fix a typo": correct the word below '::text', and log the correction.
    text = document.read_text(encoding="utf-8").replace(lines[n], line, 1)
    page = [p for p in re.findall(r"^::page (\S+)", "\n".join(lines[:n]), flags=re.M)][-1:] or ["?"]
    today = datetime.date.today().isoformat()
    entry = (f"  - date: {today}\n"
             f"    what: \"p. {page[0]}: “{typo}” corrected to “{word}”\"\n"
             f"    why: \"a typing error of the transcription; the witness reads “{word}”\"\n"
             "    by: \"#12\"\n")
    document.write_text(log_entry(text, entry), encoding="utf-8")
    checked = edition(folder, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # 2. "Add a document": `edition new` from a document of the same source, then the
    # fields it leaves empty, an introduction above '::text' and the transcription below it.
    like = next(p for p in sorted((folder / "docs/texts").glob("*.md"))
                if re.search(r"^  key: KuromiyaMamoulia$", p.read_text(encoding="utf-8"), flags=re.M))
    made = edition(folder, "new", NEW_NAME, "--like", like.relative_to(folder).as_posix(), "--pages", PAGE)
    assert made.returncode == 0, made.stdout + made.stderr
    new = folder / "docs/texts" / f"{NEW_NAME}.md"
    assert f"- texts/{NEW_NAME}.md" in (folder / "mkdocs.yml").read_text(encoding="utf-8")  # in the navigation
    text = new.read_text(encoding="utf-8")
    assert "\nwitness:\n" in text and text.endswith(f"::text lines\n\n::page {PAGE}\n")
    text = text.replace("\nwitness:\n", f"\nwitness: The text layer of the book's PDF for page {PAGE}, as "
                                         f"extracted.\nwitness_file: witnesses/{NEW_NAME}-p{PAGE}.txt\n", 1)
    text = text.replace("\n::text lines\n", f"\n## Introduction\n\nPage {PAGE} of the book, transcribed line by "
                                            "line with its note 20.\n\n::text lines\n", 1)
    new.write_text(text + "\n".join(LINES) + "\n\n" + NOTE + "\n", encoding="utf-8")
    # Its witness, named in its front matter, so the edition's checks compare the two line for line.
    (folder / "witnesses" / f"{NEW_NAME}-p{PAGE}.txt").write_text(WITNESS, encoding="utf-8")

    checked = edition(folder, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert re.search(r"no problems \(\d+ documents", checked.stderr)

    # The edition's checks, in the copy, on the copy.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_") and k not in ("SITE_URL", "REPO_URL")}
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-n", "0", "-p", "no:cacheprovider", "-m", "edition"]
    suite = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, check=False, timeout=3600)
    assert suite.returncode == 0, suite.stdout[-6000:] + suite.stderr[-2000:]
    assert re.search(r"\d+ passed", suite.stdout)
