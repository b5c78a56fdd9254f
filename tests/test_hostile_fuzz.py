"""Small editions with random damage (hypothesis): whatever a pull request
does to a source, the bibliography, the register or the changelog,
`edition check` and the strict build end in time with a report or a site —
never a traceback, a hang, script on a page, or a file from outside.
"""

from __future__ import annotations

import contextlib
import re
import signal
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edition.cli import main

from .conftest import FRONT_MATTER, MINI_BIB, MINI_CHANGELOG, run_mkdocs
from .test_hostile_site import CONFIG, write_edition

DOCUMENT = FRONT_MATTER + """
An introduction citing [@Berton1993, 60], and naming [Blyukher](../register/blyukher.md).

::text lines
::page 131
A line of the source, {sic: teh -> the} printed.[^14]
[Blyukher]{@blyukher} came on [6 July 1938]{date 1938-07-06}.-
ly joined.

[^14]: Its note, citing a work.
::cites 14 [@Berton1993, 57]
"""
REGISTER = """\
- id: blyukher
  type: person
  name: Vasily Blyukher
  variants: [Blucher, Блюхер]
  description: Marshal.
  source: the tests
"""
FILES = {"docs/texts/t.md": DOCUMENT, "bibliography.bib": MINI_BIB, "register.yml": REGISTER,
         "changelog.md": MINI_CHANGELOG, "docs/index.md": "# Home\n\nThe [text](texts/t.md).\n"}
# What strangers type: the edition's markup and Markdown's, half-closed;
# controls, bidirectional and private-use characters; known payloads.
PIECES = ["[", "]", "[^", "[@", "{@", "{", "}", "{sic: ", " -> ", "|", "::page ", "::text lines", "::cites 14 ",
          "::furniture ", "`", "```", "*", "_", "<", ">", "&", "#", "-", "\n", "\n\n", "    ", "\t", ":", "---\n",
          "\\", "%", "@string{a = {x}}", "crossref = {Berton1993},", "date = {2025-13},", "&anchor ", "*anchor",
          "? [a, b]\n", "\x00", "\x0c", "\u202e", "\u200b", "\ud800", "\ue000", "\U00100000", "́",
          "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "](javascript:x)",
          "{: onclick=alert(1)}", "\"><svg onload=alert(1)>", "Blyukher", "131", "1938-07-06", "ü"]


def damage() -> st.SearchStrategy[dict[str, str]]:
    """The edition's files with one to three pieces put in, or runs cut out, at random places."""
    edit = st.tuples(st.sampled_from(sorted(FILES)), st.floats(0, 1), st.one_of(
        st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join),
        st.integers(1, 40).map(lambda n: -n)))  # a negative number: cut so many characters

    def apply(edits: list) -> dict[str, str]:
        files = dict(FILES)
        for name, where, what in edits:
            text = files[name]
            at = int(where * len(text))
            files[name] = text[:at] + what + text[at:] if isinstance(what, str) else text[:at] + text[at - what:]
        return files
    return st.lists(edit, min_size=1, max_size=3).map(apply)


@contextlib.contextmanager
def deadline(seconds: int):
    """A hang is a failure, not a stuck suite."""
    def expire(*_: object) -> None:
        raise TimeoutError(f"no answer in {seconds} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def write(folder: Path, files: dict[str, str]) -> Path:
    if not (folder / "mkdocs.yml").exists():
        write_edition(folder, CONFIG)
    for name, text in files.items():
        (folder / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    return folder


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=damage())
def test_check_reports_or_passes_in_time(capsys, tmp_path: Path, files: dict[str, str]) -> None:
    folder = write(tmp_path, files)
    with deadline(20):
        code = main(["-C", str(folder), "check"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    problems = [line for line in out.splitlines() if line]
    assert (code == 1) == bool(problems)
    assert all(re.match(r"\S+:\d+:\d+: ED\d{3} .+\. Fix: .+", line) for line in problems), problems


UNSAFE = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


def script_in(site: Path) -> list[str]:
    """Every element or attribute of the pages' content that could run script."""
    found = []
    for page in site.rglob("*.html"):
        for article in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("article"):
            for el in article.find_all(True):
                if el.name in ("script", "iframe", "object", "embed", "svg", "math"):
                    found.append(f"{page}: <{el.name}>")
                found += [f"{page}: {el.name} {a}" for a, v in el.attrs.items()
                          if a.lower().startswith("on") or (a in ("href", "src") and UNSAFE.match(str(v)))]
    return found


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=damage())
def test_the_strict_build_fails_or_publishes_nothing_that_runs(tmp_path_factory, files: dict[str, str]) -> None:
    folder = write(tmp_path_factory.mktemp("fuzz"), files)
    build = run_mkdocs(folder, folder / "site", timeout=120)
    assert build.returncode in (0, 1) and "Traceback" not in build.log, build.log
    if (folder / "site").exists():
        assert script_in(folder / "site") == []


def test_the_undamaged_edition_checks_and_builds_clean(capsys, tmp_path: Path) -> None:
    """The strategies start from a correct edition: what fails is the damage."""
    folder = write(tmp_path, FILES)
    assert main(["-C", str(folder), "check"]) == 0, capsys.readouterr().out
    build = run_mkdocs(folder, folder / "site")
    assert build.returncode == 0, build.log
    assert "Blyukher" in (folder / "site" / "texts" / "t" / "index.html").read_text(encoding="utf-8")
