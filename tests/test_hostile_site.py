"""What a stranger's pull request can change besides the sources' text:
`mkdocs.yml`, the files under `docs/`, links out of the edition, the build's
cache, the front matter the "Cite this" box prints.  Each case is one such
change to a miniature edition; `edition check` and the strict build must
both report it at its file and line, the build must publish nothing of it,
and no traceback may appear.
"""

from __future__ import annotations

import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from edition import cache
from edition.cli import annotation, main
from edition.diagnostics import Diagnostic, Loc

from .conftest import FRONT_MATTER, MINI_BIB, MINI_CHANGELOG, MINI_CONFIG, run_mkdocs, serve

BODY = "::text lines\n::page 1\nA line of the source.[^1]\n\n[^1]: Its note.\n"
CONFIG = MINI_CONFIG.format(anchors="false", published="false")
SCRIPT = "<img src=x onerror=alert(1)>"


def write_edition(folder: Path, config: str = CONFIG) -> Path:
    """A correct miniature edition: a home page and one document."""
    (folder / "docs" / "texts").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    (folder / "changelog.md").write_text(MINI_CHANGELOG, encoding="utf-8")
    (folder / "bibliography.bib").write_text(MINI_BIB, encoding="utf-8")
    (folder / "register.yml").write_text("", encoding="utf-8")
    (folder / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (folder / "docs" / "texts" / "t.md").write_text(FRONT_MATTER + BODY, encoding="utf-8")
    return folder


def checked(capsys: pytest.CaptureFixture, folder: Path, *args: str) -> tuple[int, str]:
    code = main(["-C", str(folder), "check", *args])
    out, err = capsys.readouterr()
    return code, out + err


@dataclass(frozen=True)
class Case:
    name: str
    expected: str  # 'file:line:col: CODE', or 'file: ' for a setting the edition cannot read at all
    config: tuple[str, str] = ("", "")  # mkdocs.yml: (old, new)
    files: dict[str, str] = field(default_factory=dict)  # path -> text
    links: dict[str, str] = field(default_factory=dict)  # path -> where the symbolic link leads
    unpublished: tuple[str, ...] = ()  # what the site must not hold
    build: str = ""  # what the build says, where MkDocs' own check comes first


def _config(old: str, new: str) -> tuple[str, str]:
    assert old in CONFIG, old
    return old, new


EXT = "markdown_extensions:\n"
CASES = [
    # Settings that would pass raw HTML, or read files, from the sources.
    Case("md_in_html", "mkdocs.yml:6:5: ED016", _config(EXT, EXT + "  - md_in_html\n")),
    Case("extra", "mkdocs.yml:6:5: ED016", _config(EXT, EXT + "  - extra\n")),
    Case("pymdownx.extra", "mkdocs.yml:6:5: ED016", _config(EXT, EXT + "  - pymdownx.extra\n")),
    Case("snippets", "mkdocs.yml:6:5: ED016", _config(EXT, EXT + "  - pymdownx.snippets:\n      base_path: /\n")),
    Case("attr_list", "mkdocs.yml:6:5: ED016", _config(EXT, EXT + "  - attr_list\n")),
    # Texts the theme prints as HTML.
    Case("site_name", "mkdocs.yml:1:12: ED016", _config("site_name: Test edition", f"site_name: 'A {SCRIPT}'")),
    Case("site_description", "mkdocs.yml:2:19: ED016",
         _config("site_url:", 'site_description: \'x" autofocus onfocus="alert(1)\'\nsite_url:')),
    Case("site_author", "mkdocs.yml:2:14: ED016", _config("site_url:", "site_author: <script>alert(1)</script>\nsite_url:")),
    Case("copyright", "mkdocs.yml:2:12: ED016",
         _config("site_url:", "copyright: <a href='javascript:alert(1)'>us</a>\nsite_url:")),
    Case("a title of the navigation", "mkdocs.yml:3:5: ED016",
         _config("site_url:", f"nav:\n  - '{SCRIPT}': index.md\n  - texts/t.md\nsite_url:")),
    Case("repo_url", "mkdocs.yml:2:11: ED016", _config("site_url:", "repo_url: javascript:alert(1)\nsite_url:"),
         build="Config value 'repo_url': The URL isn't valid"),
    Case("site_url", "mkdocs.yml:2:11: ED016",
         _config("site_url: http://127.0.0.1:8000/", "site_url: data:text/html,x\nrepo_url: https://example.org/"),
         build="Config value 'site_url': The URL isn't valid"),
    # What would make readers' browsers ask another host.
    Case("a web font", "mkdocs.yml:6:5: ED016", _config("  name: material\n", "  name: material\n  font:\n    text: Roboto\n")),
    Case("analytics", "mkdocs.yml:4:5: ED016",
         _config("site_url:", "extra:\n  analytics:\n    provider: google\n    property: G-X\nsite_url:")),
    Case("a social link", "mkdocs.yml:5:13: ED016",
         _config("site_url:", "extra:\n  social:\n    - icon: fontawesome/brands/github\n      link: javascript:alert(1)\nsite_url:")),
    # Paths that leave the edition.
    Case("csl outside", "mkdocs.yml: ", _config("      changelog:", "      csl: ../outside/secret.txt\n      changelog:")),
    Case("bibliography absolute", "mkdocs.yml: ", _config("      changelog:", "      bibliography: /etc/hostname\n      changelog:")),
    Case("docs_dir outside", "mkdocs.yml: ", _config("site_url:", "docs_dir: /etc\nsite_url:")),
    Case("a link to a file outside", "docs/texts/secret.md:1:1: ED014", links={"docs/texts/secret.md": "/etc/hostname"},
         unpublished=("texts/secret/index.html",)),
    Case("a link to a folder outside", "docs/outside:1:1: ED014", links={"docs/outside": "../../outside"},
         unpublished=("outside/secret.txt",)),
    Case("a link back into the edition", "docs/again:1:1: ED014", links={"docs/again": "."},
         unpublished=("again/index.html", "again/texts/t/index.html")),
    Case("the bibliography a link outside", "mkdocs.yml: ", links={"bibliography.bib": "/etc/hostname"}),
    # Files the site would serve in its own origin.
    Case("svg", "docs/logo.svg:1:1: ED013", files={"logo.svg": "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"},
         unpublished=("logo.svg",)),
    Case("html", "docs/facsimile.html:1:1: ED013", files={"facsimile.html": "<script>alert(1)</script>"},
         unpublished=("facsimile.html",)),
    Case("xhtml", "docs/a.xhtml:1:1: ED013", files={"a.xhtml": "<script>alert(1)</script>"}, unpublished=("a.xhtml",)),
    Case("a script not listed", "docs/javascripts/evil.js:1:1: ED013", files={"javascripts/evil.js": "alert(1)"},
         unpublished=("javascripts/evil.js",)),
    Case("markdown suffix", "docs/other.markdown:1:1: ED013", files={"other.markdown": "# Other\n"},
         unpublished=("other/index.html",)),
    Case("a title made of the file name", f"docs/_{SCRIPT}.md:1:1: ED012", files={f"_{SCRIPT}.md": "No heading.\n"},
         unpublished=(f"_{SCRIPT}/index.html",)),
    Case("a space in a name", "docs/texts/a b.md:1:1: ED012", files={"texts/a b.md": FRONT_MATTER + BODY}),
    Case("parentheses in a name", "docs/texts/a(1).md:1:1: ED012", files={"texts/a(1).md": FRONT_MATTER + BODY}),
    Case("a '#' in a name", "docs/texts/a#1.md:1:1: ED012", files={"texts/a#1.md": FRONT_MATTER + BODY}),
    # A page that chooses its own template: the sitemap's, or one outside the theme.
    Case("template of a page", "docs/about.md:2:1: ED104", files={"about.md": "---\ntemplate: sitemap.xml\n---\n# About\n"}),
    Case("template of a document", "docs/texts/d.md:2:1: ED104",
         files={"texts/d.md": FRONT_MATTER.replace("---\n", "---\ntemplate: ../../../etc/x.html\n", 1) + BODY}),
    # Addresses claimed twice: one file would silently replace the other.
    Case("a page and a folder's index", "docs/texts/t/index.md:1:1: ED015", files={"texts/t/index.md": "# Also t\n"}),
    Case("a page the edition generates", "docs/chronology.md:1:1: ED015",
         files={"chronology.md": "# My chronology\n"}),
    Case("a register entry's page", "docs/register/blyukher.md:1:1: ED015",
         files={"register/blyukher.md": "# Not the entry\n",
                "../register.yml": "- id: blyukher\n  type: person\n  name: Vasily Blyukher\n  description: Marshal.\n"
                                   "  source: the tests\n"}),
    Case("a non-ASCII name", "docs/texts/блюхер.md:1:1: ED012", files={"texts/блюхер.md": FRONT_MATTER + BODY}),
]


def prepare(tmp_path: Path, case: Case) -> Path:
    """The edition in `tmp_path/edition`, beside a folder `outside` that holds a secret."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("a secret", encoding="utf-8")
    folder = tmp_path / "edition"
    old, new = case.config
    write_edition(folder, CONFIG.replace(old, new, 1) if old else CONFIG)
    for name, text in case.files.items():
        (folder / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    for name, target in case.links.items():
        (folder / name).unlink(missing_ok=True)
        (folder / name).symlink_to(target)
    return folder


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_and_build_refuse_it_at_its_line_and_publish_none_of_it(capsys, tmp_path: Path, case: Case) -> None:
    folder = prepare(tmp_path, case)
    code, said = checked(capsys, folder)
    assert code != 0 and case.expected in said
    build = run_mkdocs(folder, folder / "site")
    assert build.returncode == 1
    assert (case.build or case.expected) in build.log
    assert "Traceback" not in build.log and "Traceback" not in said
    assert [name for name in case.unpublished if (folder / "site" / name).exists()] == []


def test_the_miniature_edition_is_correct_without_the_cases(capsys, tmp_path: Path) -> None:
    folder = write_edition(tmp_path)
    (folder / "docs" / "facsimile.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert checked(capsys, folder) == (0, "edition check: no problems (1 documents, 2 pages, 1 works of the "
                                          "bibliography, 0 register entries; 0.0 s)\n")
    build = run_mkdocs(folder, folder / "site")
    assert build.returncode == 0, build.log
    assert (folder / "site" / "facsimile.png").exists()


def test_the_message_names_the_character_an_address_cannot_hold(capsys, tmp_path: Path) -> None:
    folder = prepare(tmp_path, CASES[[c.name for c in CASES].index("a space in a name")])
    assert ("docs/texts/a b.md:1:1: ED012 the name 'a b.md' has characters an address cannot hold as written. Fix: "
            "rename it with ASCII letters, digits, '-', '_' and '.' only (e.g. 'kuromiya-mamoulia-ch7.md'); the "
            "name becomes the page's address") in checked(capsys, folder)[1]


@pytest.mark.parametrize("guard", ["anchors", "published"])
def test_a_pull_request_may_not_turn_off_a_record_main_keeps(capsys, tmp_path: Path, guard: str) -> None:
    main_config = CONFIG.replace(f"{guard}: false", f"{guard}: {guard}.txt")
    base = tmp_path / "mkdocs-base.yml"
    base.write_text(main_config, encoding="utf-8")
    folder = write_edition(tmp_path / "edition")
    line = CONFIG.split("\n").index(f"      {guard}: false") + 1
    code, said = checked(capsys, folder, "--config-base", str(base))
    assert code == 1
    assert (f"mkdocs.yml:{line}:{len(guard) + 9}: ED016 '{guard}: false' turns off the record the main branch keeps. Fix: remove "
            f"the line; a pull request may not switch off the guard of published ") in said
    base.write_text(CONFIG, encoding="utf-8")  # main has not turned it on yet: nothing is lowered
    assert checked(capsys, folder, "--config-base", str(base))[0] == 0


def test_a_readers_browser_asks_no_other_host(browser, tmp_path: Path) -> None:
    """Material loads its font from Google's servers unless told not to: the build tells it."""
    folder = write_edition(tmp_path)
    build = run_mkdocs(folder, folder / "site")
    assert build.returncode == 0, build.log
    with serve(build.site) as base:
        page = browser.new_page()
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        for address in ("", "texts/t/", "bibliography/", "register/"):
            page.goto(base + address)
            page.wait_for_load_state("networkidle")
        # The text's font is the site's own.
        font = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontFamily")
        loaded = page.evaluate("document.fonts.ready.then(() => document.fonts.check('16px Roboto'))")
        page.close()
    assert asked and [url for url in asked if not url.startswith(base)] == []
    assert font.split(",")[0].strip('"') == "Roboto" and loaded
    assert base + "assets/edition/fonts/roboto-regular.woff2" in asked


# --- Front matter MkDocs reads too -------------------------------------------

# Eight lines, 9⁸ (43 million) strings once the aliases are followed.
BOMB = 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n' + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefg", "bcdefgh"))


@pytest.mark.parametrize("fields, expected", [
    (BOMB, "docs/texts/t.md:12:4: ED101 the front matter cannot be read: '&a' is a YAML anchor"),
    ("hide: " + "[" * 10_000 + "]" * 10_000 + "\n", "docs/texts/t.md:12:16: ED101"),
    ("---\n" + "[" * 20_000 + "x" + "]" * 20_000 + "\n---\n", "docs/texts/t.md:13:1: ED008"),
], ids=["alias bomb", "nested 10,000 deep", "brackets 20,000 deep in the introduction"])
def test_the_build_refuses_front_matter_at_once_where_mkdocs_would_not(tmp_path: Path, fields: str,
                                                                         expected: str) -> None:
    folder = write_edition(tmp_path)
    front = FRONT_MATTER.removesuffix("---\n") + fields + "---\n"
    (folder / "docs" / "texts" / "t.md").write_text(front + BODY, encoding="utf-8")
    build = run_mkdocs(folder, folder / "site", timeout=60)
    assert build.returncode == 1 and expected in build.log
    assert "Traceback" not in build.log


# --- Diagnostics: one visible line each, whatever the input holds ---------

def test_a_message_with_a_newline_or_a_bidi_control_stays_one_visible_line() -> None:
    forged = Diagnostic("ED104", Loc("docs/texts/t.md", 3, 1),
                        "unknown field 'a\n::error file=README.md,line=1::forged\u202e'", "remove it")
    assert str(forged) == ("docs/texts/t.md:3:1: ED104 unknown field 'a<U+000A>::error file=README.md,line=1::"
                           "forged<U+202E>'. Fix: remove it")
    # GitHub reads a command only at a line's start: the annotation is one line, and escapes as GitHub's rules say.
    assert annotation(forged) == ("::error file=docs/texts/t.md,line=3,col=1,title=ED104::unknown field "
                                  "'a<U+000A>::error file=README.md,line=1::forged<U+202E>'. Fix: remove it")


# --- The cache: data, never code; never taken from the repository ---------

def test_a_kept_model_names_only_the_editions_classes(tmp_path: Path) -> None:
    from edition.document import parse_page
    document, found = parse_page(FRONT_MATTER + BODY, "docs/texts/t.md", is_document=True)
    cache.store(tmp_path, "model", ["x"], (document, found), typed=True)
    assert cache.load(tmp_path, "model", ["x"], typed=True) == (document, found)
    cache.close()
    db = sqlite3.connect(tmp_path / cache.DATABASE)
    db.execute("UPDATE results SET data = ?", (b'{"c": "os:system", "f": ["touch pwned"]}',))
    db.commit()
    db.close()
    cache._memory.clear()
    made = cache.cached(tmp_path, "model", ["x"], lambda: "made again", typed=True)
    assert made == "made again" and not (tmp_path / "pwned").exists()
    cache.close()


def test_a_committed_cache_is_reported_and_never_read(capsys, tmp_path: Path) -> None:
    folder = write_edition(tmp_path)
    assert run_mkdocs(folder, folder / "site").returncode == 0  # the cache is made
    db = sqlite3.connect(folder / ".cache" / "edition" / cache.DATABASE)
    db.execute("UPDATE results SET data = replace(data, 'A line of the source', 'A FORGED line')")
    db.commit()
    db.close()
    git = ["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-f", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "a pull request"], check=True)
    expected = "ED017 the build's cache is committed to the repository"
    assert expected in checked(capsys, folder)[1]
    build = run_mkdocs(folder, folder / "site")
    assert build.returncode == 1 and expected in build.log
    page = (folder / "site" / "texts" / "t" / "index.html").read_text(encoding="utf-8")
    assert "A line of the source" in page and "FORGED" not in page


# --- The "Cite this" box prints front matter as text ----------------------

def test_a_documents_pages_are_text_in_the_cite_box_and_run_nothing(browser, tmp_path: Path) -> None:
    folder = write_edition(tmp_path)
    text = FRONT_MATTER.replace("  language: en\n", f"  language: en\n  pages: \"131 {SCRIPT}\"\n") + BODY
    (folder / "docs" / "texts" / "t.md").write_text(text, encoding="utf-8")
    build = run_mkdocs(folder, folder / "site")
    with serve(build.site) as base:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base + "texts/t/")
        page.click("details.cite summary")
        for element in page.query_selector_all("details.cite *"):
            element.dispatch_event("mouseover")
            element.dispatch_event("focus")
        page.goto(base + "texts/t/#p1")  # a passage: the box is filled again by the page's script
        page.wait_for_timeout(300)
        assert f"p. 131 {SCRIPT}" in page.inner_text("details.cite")
        assert page.query_selector_all("details.cite img") == []
        assert dialogs == []
        page.close()
