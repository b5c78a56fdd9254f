"""The `edition` command as a contributor uses it: check, new, add-page,
and the corrections log it guards."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition import corrections
from edition.cli import annotation, main
from edition.diagnostics import Diagnostic, Loc
from edition.document import parse_document

from . import miniature
from .conftest import FRONT_MATTER, run_mkdocs

# The miniature edition's printed document (the real edition's check: test_edition.py).
P131_FILE = miniature.BOOK_FILE
PAGE_131_LINE = miniature.BOOK_TEXT.split("\n").index("::page 131") + 1


def parts(document, text: str) -> str:
    """The record's fingerprints of a document, as the deploy workflow writes them."""
    return "  ".join(f"{part}:{mark}" for part, (mark, _) in corrections.fingerprints(document, text).items())


def edition(capsys: pytest.CaptureFixture, folder: Path, *args: str) -> tuple[int, str, str]:
    code = main(["-C", str(folder), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_edition_checks_clean_from_the_installed_command(mini_copy: Path) -> None:
    command = Path(sys.executable).parent / "edition"
    result = subprocess.run([command, "check"], cwd=mini_copy, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert re.fullmatch(r"edition check: no problems \(2 documents, 7 pages, 6 works of the bibliography, "
                        r"18 register entries; \d+\.\d s\)\n", result.stderr), result.stderr


def test_a_mistake_is_reported_with_file_line_col_and_hint(capsys, mini_copy: Path) -> None:
    doc = mini_copy / P131_FILE
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("villages.[^14]{space", "villages.[^41]{space", 1), encoding="utf-8")
    line = next(n for n, t in enumerate(text.split("\n"), 1) if "villages.[^14]" in t)
    code, out, err = edition(capsys, mini_copy, "check")
    assert code == 1
    assert out.split("\n")[1:3] == [  # after ED820: the transcription changed (see below)
        f"{P131_FILE}:{line}:10: ED200 note [^41] is referenced but never defined. Fix: add its text on a line "
        "'[^41]: …' below the page's text, or remove the marker",
        f"{P131_FILE}:{text.split(chr(10)).index('[^14]: RGVA, f. 4, op. 19, d. 13, ll. 191–92.') + 1}:1: ED201 "
        "note [^14] is defined but never referenced. Fix: put the marker [^14] where the source has it, or "
        "delete the definition",
    ]
    assert out.startswith(f"{P131_FILE}:{PAGE_131_LINE}:1: ED820 page 131 ")
    assert err.startswith("edition check: 3 problems in 1 file (")


def test_under_github_actions_each_problem_is_also_an_annotation(capsys, mini_copy: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    register = mini_copy / "register.yml"
    register.write_text(register.read_text(encoding="utf-8") + "- id: Bad Id\n", encoding="utf-8")
    code, out, _ = edition(capsys, mini_copy, "check")
    assert code == 1
    line = register.read_text(encoding="utf-8").count("\n")
    assert out.split("\n")[:2] == [
        f"register.yml:{line}:3: ED701 the entry lacks 'type'. Fix: add 'type:' with one of: person, place, "
        "organisation, event",
        f"::error file=register.yml,line={line},col=3,title=ED701::the entry lacks 'type'. Fix: add 'type:' with "
        "one of: person, place, organisation, event"]


def test_an_annotation_escapes_what_github_would_read_as_syntax() -> None:
    d = Diagnostic("ED200", Loc("docs/a,b:c.md", 3, 7), "100% wrong\nhere", "fix: it")
    # A newline is shown as its code point, as in the printed line (diagnostics.inert).
    assert annotation(d) == ("::error file=docs/a%2Cb%3Ac.md,line=3,col=7,title=ED200::"
                             "100%25 wrong<U+000A>here. Fix: fix: it")


def test_check_leaves_out_the_files_the_site_leaves_out(capsys, mini_copy: Path) -> None:
    """A draft named in `exclude_docs`, and docs/templates/ (MkDocs' own rule), are
    not in the site, so check must not fail on them, nor the build."""
    unfinished = "---\ntitle: Not yet\n---\n\n::text lines\n::page 1\nA line.[^1]\n"
    (mini_copy / "docs/texts/draft-letter.md").write_text(unfinished, encoding="utf-8")
    (mini_copy / "docs/templates").mkdir()
    (mini_copy / "docs/templates/letter.md").write_text(unfinished, encoding="utf-8")
    code, out, _ = edition(capsys, mini_copy, "check")
    assert code == 1 and "docs/texts/draft-letter.md:" in out and "docs/templates/" not in out
    config = mini_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "exclude_docs: |\n  texts/draft-*.md\n",
                      encoding="utf-8")
    assert edition(capsys, mini_copy, "check")[:2] == (0, "")
    build = run_mkdocs(mini_copy, mini_copy / "site")
    assert build.returncode == 0, build.log
    assert not (build.site / "texts/draft-letter").exists() and not (build.site / "templates").exists()


def test_a_document_left_out_of_the_navigation_is_reported_by_check_and_build(capsys, mini_copy: Path) -> None:
    """MkDocs' own warning names neither the file nor the fix."""
    (mini_copy / "docs/texts/second-letter.md").write_text(
        (mini_copy / P131_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    message = ("docs/texts/second-letter.md:1:1: ED006 this page is not in the navigation. Fix: add "
               "'- texts/second-letter.md' to 'nav' in mkdocs.yml, under its section (a document under 'Texts'), "
               "or match it in 'not_in_nav' if it is meant to be reached only by links")
    assert edition(capsys, mini_copy, "check")[:2] == (1, message + "\n")
    build = run_mkdocs(mini_copy, mini_copy / "site")
    assert build.returncode != 0 and build.warnings() == [f"WARNING -  edition: {message}"]


def test_the_navigation_is_read_as_mkdocs_reads_it(capsys, mini_copy: Path) -> None:
    """'./texts/…' names the same page; a draft (draft_docs) is shown by
    `mkdocs serve` without a place in the navigation."""
    config = mini_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("- texts/eurasian-triangle-p131.md",
                                                      "- ./texts/eurasian-triangle-p131.md")
    config.write_text(text + "draft_docs: |\n  drafts/\n", encoding="utf-8")
    (mini_copy / "docs/drafts").mkdir()
    (mini_copy / "docs/drafts/intro.md").write_text("# A draft\n", encoding="utf-8")
    assert edition(capsys, mini_copy, "check")[:2] == (0, "")
    build = run_mkdocs(mini_copy, mini_copy / "site")
    assert build.returncode == 0, build.log


def test_exclude_docs_that_is_not_lines_of_patterns_is_reported(capsys, mini_copy: Path) -> None:
    config = mini_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "exclude_docs: [drafts/]\n", encoding="utf-8")
    assert edition(capsys, mini_copy, "check") == (
        2, "", "edition check: mkdocs.yml: 'exclude_docs' should be lines of patterns, as in a .gitignore file "
               "(write 'exclude_docs: |' and the patterns indented below it)\n")


def test_without_mkdocs_yml_the_command_says_where_to_run_it(capsys, tmp_path: Path) -> None:
    code, out, err = edition(capsys, tmp_path, "check")
    assert (code, out) == (2, "")
    assert err == f"edition check: {tmp_path}: no mkdocs.yml here; run the command in the edition's folder\n"


# The corrections log ---------------------------------------------------------------------

def test_changing_a_word_of_p131_without_a_log_entry_fails(capsys, mini_copy: Path) -> None:
    doc = mini_copy / P131_FILE
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("the home front", "the home frunt", 1), encoding="utf-8")
    code, out, _ = edition(capsys, mini_copy, "check")
    line = text.split("\n").index("::page 131") + 1
    assert code == 1
    assert out == (f"{P131_FILE}:{line}:1: ED820 page 131 of the transcription has changed since it was "
                   "published, and its corrections log has no entry for the change. Fix: add an entry at the end of 'corrections:' "
                   "in the front matter: '- date: YYYY-MM-DD', then 'what:' (what changed, where), 'why:' and "
                   "'by:' (your name or the pull request, e.g. '#12')\n")
    build = run_mkdocs(mini_copy, mini_copy / "site")
    assert build.returncode != 0 and f"{P131_FILE}:{line}:1: ED820" in build.log


def test_a_renamed_document_stays_guarded_once_its_record_line_follows_it(capsys, mini_copy: Path) -> None:
    """Renamed, the document would no longer be the record's: its text could
    change unlogged.  The record's line must follow it."""
    renamed = "docs/texts/kuromiya-ch6.md"
    (mini_copy / P131_FILE).rename(mini_copy / renamed)
    config = mini_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("texts/eurasian-triangle-p131.md",
                                                                "texts/kuromiya-ch6.md"), encoding="utf-8")
    record = mini_copy / "published.txt"
    line = record.read_text(encoding="utf-8").split("\n").index(
        next(t for t in record.read_text(encoding="utf-8").split("\n") if t.startswith(P131_FILE))) + 1
    code, out, _ = edition(capsys, mini_copy, "check")
    assert (code, out) == (1, f"published.txt:{line}:1: ED823 the published document '{P131_FILE}' is not in the "
                              "edition. Fix: if it was renamed, write its new path on this line, so that its "
                              "corrections log still guards it; if it was removed, delete the line (and record "
                              "where its address went in anchors.txt)\n")
    record.write_text(record.read_text(encoding="utf-8").replace(P131_FILE, renamed), encoding="utf-8")
    doc = mini_copy / renamed
    doc.write_text(doc.read_text(encoding="utf-8").replace("the home front", "the home frunt", 1), encoding="utf-8")
    code, out, _ = edition(capsys, mini_copy, "check")
    assert code == 1 and f"{renamed}:" in out and "ED820 page 131 of the transcription has changed" in out


def test_a_pull_request_may_not_rewrite_the_record_of_published_texts(capsys, mini_copy: Path,
                                                                     tmp_path: Path) -> None:
    """Deleting a document's line would lift the guard on its text: the pull
    request's check compares the record with main's (--published-base)."""
    base = tmp_path / "published-base.txt"
    record = mini_copy / "published.txt"
    base.write_text(record.read_text(encoding="utf-8"), encoding="utf-8")
    lines = record.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith(P131_FILE))
    restore = "Fix: restore the line as the repository's main branch has it: the deploy workflow writes this file"

    def check(changed: list[str]) -> tuple[int, str]:
        record.write_text("\n".join(changed), encoding="utf-8")
        return edition(capsys, mini_copy, "check", "--published-base", str(base))[:2]

    assert check(lines) == (0, "")
    assert check(lines[:at] + lines[at + 1:]) == (1, f"published.txt:1:1: ED824 the line of '{P131_FILE}' is gone, "
                                                     f"and the document is still in the edition. {restore}\n")
    forged = lines[at].replace("  0  ", "  1  ", 1)  # (also ED821: the log would have lost an entry)
    code, out = check(lines[:at] + [forged] + lines[at + 1:])
    assert code == 1 and f"published.txt:{at + 1}:1: ED824 the line of '{P131_FILE}' is not as published. " \
                         f"{restore}\n" in out
    # A document that moves takes its line with it: allowed.
    (mini_copy / P131_FILE).rename(mini_copy / "docs/texts/kuromiya-ch6.md")
    config = mini_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("texts/eurasian-triangle-p131.md",
                                                                "texts/kuromiya-ch6.md"), encoding="utf-8")
    moved = lines[at].replace(P131_FILE, "docs/texts/kuromiya-ch6.md")
    assert check(lines[:at] + [moved] + lines[at + 1:]) == (0, "")


def test_the_introduction_may_change_without_an_entry(capsys, mini_copy: Path) -> None:
    doc = mini_copy / P131_FILE
    doc.write_text(doc.read_text(encoding="utf-8").replace("This is page 131", "This is p. 131", 1),
                   encoding="utf-8")
    assert edition(capsys, mini_copy, "check")[0] == 0


LOGGED = """\
corrections:
  - date: 2026-11-22
    what: "p. 131, l. 1: “frunt” corrected to “front”"
    why: a typing error of the transcription
    by: "#12"
"""


def test_a_logged_correction_passes_and_is_shown_under_the_document_and_on_the_corrigenda(
        capsys, mini_copy: Path) -> None:
    doc = mini_copy / P131_FILE
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("the home front", "the home frunt", 1).replace(
        "transcribed: 2026-11-21\n", "transcribed: 2026-11-21\n" + LOGGED, 1), encoding="utf-8")
    assert edition(capsys, mini_copy, "check")[:2] == (0, "")
    build = run_mkdocs(mini_copy, mini_copy / "site", repo_url="https://github.com/example/edition")
    assert build.returncode == 0, build.log
    page = BeautifulSoup((build.site / miniature.BOOK / "index.html").read_text(), "html.parser")
    log = page.find(id="corrections")
    assert log.get_text() == "Corrections since publication"
    assert log.find_next("ol").get_text(" ", strip=True) == (
        "22 November 2026 : p. 131, l. 1: “frunt” corrected to “front”. Why: a typing error of the transcription. "
        "By pull request #12 .")
    assert log.find_next("ol").a["href"] == "https://github.com/example/edition/pull/12"
    corrigenda = BeautifulSoup((build.site / "corrigenda/index.html").read_text(), "html.parser")
    row = corrigenda.find(class_="corrigenda").table.tbody.tr
    assert [td.get_text(strip=True) for td in row.find_all("td")] == [
        "22 November 2026", "Kuromiya and Mamoulia, The Eurasian Triangle, p. 131",
        "p. 131, l. 1: “frunt” corrected to “front”", "a typing error of the transcription", "pull request #12"]
    assert row.a["href"] == f"../{miniature.BOOK}#corrections"


def test_without_corrections_the_corrigenda_says_so(mini_build) -> None:
    page = BeautifulSoup((mini_build.site / "corrigenda/index.html").read_text(), "html.parser")
    assert page.find(class_="corrigenda-none").get_text() == (
        "No corrections have been made since the texts were published.")


def test_a_log_that_lost_an_entry_or_runs_backwards_fails() -> None:
    text = FRONT_MATTER.replace("transcribed: 2026-11-21\n", "transcribed: 2026-11-21\ncorrections:\n"
                                "  - {date: 2026-12-02, what: a, why: b, by: c}\n"
                                "  - {date: 2026-12-01, what: a, why: b, by: c}\n") + "\n::text lines\n::page 1\nA.\n"
    document, problems = parse_document(text, "t.md")
    assert problems == []
    record, _ = corrections.read(f"t.md  3  {parts(document, text)}\n", "published.txt")
    assert [str(d) for d in corrections.check(document, text, record)] == [
        "t.md:14:12: ED821 correction 2 is dated 2026-12-01, before correction 1 (2026-12-02). Fix: keep the log "
        "in the order the corrections were made, adding each new one at its end",
        "t.md:13:3: ED821 the corrections log has 2 entries; when published it had 3. Fix: restore the removed "
        "entries: the log records every correction for good",
    ]


def test_a_malformed_line_of_the_record_is_reported() -> None:
    _, problems = corrections.read("# comment\ndocs/texts/a.md  0  p1:12ab\n", "published.txt")
    assert [str(d) for d in problems] == [
        "published.txt:2:1: ED822 'docs/texts/a.md  0  p1:12ab' is not a document, a count and its parts' "
        "fingerprints. "
        "Fix: the deploy workflow writes this file; restore the line from the repository's history"]


def test_a_log_entry_lacking_a_field_is_reported_at_its_line() -> None:
    text = FRONT_MATTER.replace("transcribed: 2026-11-21\n", "transcribed: 2026-11-21\ncorrections:\n"
                                "  - date: 2026-12-02\n    what: a word\n    by: '#3'\n") + "\n::text lines\n"
    _, problems = parse_document(text, "t.md")
    assert [str(d) for d in problems] == [
        "t.md:13:5: ED102 the required field 'corrections.0.why' is missing. Fix: add 'why:' with why, e.g. "
        "'a typing error of the transcription; the witness reads \"feverishly\"'"]


def test_a_build_with_a_log_entry_lacking_a_field_fails_with_its_line_not_a_traceback(mini_site) -> None:
    log = "corrections:\n  - date: 2026-12-02\n    what: a word\n    by: '#3'\n  - what: [a, b]\n"
    doc = FRONT_MATTER.replace("transcribed: 2026-11-21\n", "transcribed: 2026-11-21\n" + log)
    build = mini_site({"index.md": "# Home\n", "texts/t.md": doc + "\n::text lines\n::page 1\nA line.\n"})
    assert build.returncode == 1 and "Traceback" not in build.log
    assert "docs/texts/t.md:13:5: ED102 the required field 'corrections.0.why' is missing" in build.log
    assert "docs/texts/t.md:16:11: ED103 'corrections.1.what' should be a text" in build.log


def test_recording_writes_each_transcription_and_only_after_a_clean_build(mini_site) -> None:
    doc = FRONT_MATTER + "\n::text lines\n::page 1\nA line.\n"
    build = mini_site({"texts/a.md": doc}, published="", record=True)
    assert build.returncode == 0, build.log
    record = (build.site.parent / "published.txt").read_text(encoding="utf-8")
    document, _ = parse_document(doc, "docs/texts/a.md")
    assert record.endswith(f"\ndocs/texts/a.md  0  {parts(document, doc)}\n")
    assert re.search(r"  0  text:[0-9a-f]{12}  p1:[0-9a-f]{12}\n$", record)
    broken = mini_site({"texts/a.md": doc + "A note[^9].\n"}, published="", record=True)
    assert broken.returncode != 0
    assert "nothing recorded: the build reported 1 problems; mend them first" in broken.log
    assert (build.site.parent / "published.txt").read_text(encoding="utf-8") == ""


# Starting documents and pages -------------------------------------------------------------

def test_add_page_then_transcribe_and_a_mistake_is_reported_by_check_and_build(
        capsys, mini_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_copy)
    before = (mini_copy / P131_FILE).read_text(encoding="utf-8").rstrip("\n").split("\n")
    last = next(n for n, t in enumerate(before, 1) if t.startswith("[in early 1932]"))
    code, out, _ = edition(capsys, mini_copy, "add-page", P131_FILE)
    assert code == 0
    assert out.split("\n")[:3] == [
        f"{P131_FILE}:{len(before) + 1}: '::page 132' added, after the last page's notes. Transcribe the page's "
        "lines below it, then its notes.",
        f"{P131_FILE}:{last}: if this paragraph runs on to p. 132, delete the blank lines {last + 1}, "
        f"{before.index('::cites 14 [@RGVA-4-19-13, fols. 191–92]')} so that it goes on.",
        f"{P131_FILE}:11: source.pages is now '131–132'."]
    lines = (mini_copy / P131_FILE).read_text(encoding="utf-8").split("\n")
    assert lines[len(before)] == "::page 132" and lines[10] == '  pages: "131–132"'
    # The contributor transcribes the page, with a note marker whose note they forgot.
    lines[len(before) + 1:] = ["in the Far East.[^20] The next printed line.", ""]
    (mini_copy / P131_FILE).write_text("\n".join(lines), encoding="utf-8")
    line = len(before) + 2
    code, out, _ = edition(capsys, mini_copy, "check")
    message = (f"{P131_FILE}:{line}:17: ED200 note [^20] is referenced but never defined. Fix: add its text "
               "on a line '[^20]: …' below the page's text, or remove the marker")
    assert (code, out) == (1, message + "\n")
    build = run_mkdocs(mini_copy, mini_copy / "site")
    assert build.returncode != 0 and f"WARNING -  edition: {message}" in build.warnings()
    # With the note written, the new page passes: new text needs no entry in the corrections log.
    lines.insert(len(before) + 2, "[^20]: A note of page 132.")
    (mini_copy / P131_FILE).write_text("\n".join(lines), encoding="utf-8")
    assert edition(capsys, mini_copy, "check")[:2] == (0, "")
    build = run_mkdocs(mini_copy, mini_copy / "site")
    assert build.returncode == 0, build.log
    note = BeautifulSoup((build.site / miniature.BOOK / "index.html").read_text(), "html.parser").find(
        id="n20")
    assert (note["value"], note["data-page"]) == ("20", "132")
    assert note.get_text(" ", strip=True).startswith("A note of page 132.")


def test_new_starts_a_document_from_the_bibliography_and_check_names_what_to_fill(
        capsys, mini_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_copy)
    code, out, _ = edition(capsys, mini_copy, "new", "kuromiya-mamoulia-ch7", "--source", "KuromiyaMamoulia",
                           "--pages", "140–141")
    assert code == 0
    nav = miniature.CONFIG.split("\n").index("      - texts/lake-khasan.md") + 2  # its line, after the last document
    assert f"mkdocs.yml:{nav}: listed in the navigation." in out
    path = mini_copy / "docs/texts/kuromiya-mamoulia-ch7.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Kuromiya and Mamoulia, The Eurasian Triangle, pp. 140–141\nsource:\n"
                           "  type: book\n  key: KuromiyaMamoulia\n"
                           "  title: 'The Eurasian Triangle: Russia, the Caucasus and Japan, 1904–1945'\n"
                           "  authors: [Hiroaki Kuromiya, Georges Mamoulia]\n  date:\n")
    assert text.endswith("---\n\n::text lines\n\n::page 140\n")
    config = (mini_copy / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    assert config[nav - 1] == "      - texts/kuromiya-mamoulia-ch7.md"
    code, out, _ = edition(capsys, mini_copy, "check")
    assert code == 1
    assert [line.split(" ED")[0] + " " + line.split(" ")[1] for line in out.strip().split("\n")] == [
        "docs/texts/kuromiya-mamoulia-ch7.md:8:8: ED103", "docs/texts/kuromiya-mamoulia-ch7.md:11:12: ED103",
        "docs/texts/kuromiya-mamoulia-ch7.md:12:9: ED103",
        "docs/texts/kuromiya-mamoulia-ch7.md:14:12: ED103"]  # date, language, witness, unverified
    filled = (text.replace("  date:\n", '  date: "2016"\n').replace("  language:\n", "  language: en\n")
              .replace("witness:\n", "witness: the tests' own\n")
              .replace("unverified:\n", "unverified:\n  source.date: not confirmed\n"))
    path.write_text(filled + "A printed line.\n", encoding="utf-8")
    assert edition(capsys, mini_copy, "check")[:2] == (0, "")
    build = run_mkdocs(mini_copy, mini_copy / "site")
    assert build.returncode == 0, build.log
    assert (build.site / "texts/kuromiya-mamoulia-ch7/index.html").is_file()


def test_new_like_a_sibling_copies_the_source_but_not_what_is_its_own(
        capsys, mini_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_copy)
    assert edition(capsys, mini_copy, "new", "kuromiya-mamoulia-p150", "--like", P131_FILE,
                   "--pages", "150")[0] == 0
    document, problems = parse_document(
        (mini_copy / "docs/texts/kuromiya-mamoulia-p150.md").read_text(encoding="utf-8"), "n.md")
    assert [d.code for d in problems] == ["ED103"]  # the witness, to be described
    assert document.meta["title"] == "Kuromiya and Mamoulia, The Eurasian Triangle, p. 150"
    assert document.meta["source"]["pages"] == "150"
    assert document.meta["source"]["publisher"] == "De Gruyter"
    # Its chapter and section are p. 131's, not necessarily p. 150's: left for the editor to give.
    assert "chapter" not in document.meta["source"] and "section" not in document.meta["source"]
    assert document.meta["unverified"]["source.date"].startswith("2016 is not confirmed")
    assert "description" not in document.meta and "corrections" not in document.meta
    config = (mini_copy / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- texts/eurasian-triangle-p131.md\n      - texts/kuromiya-mamoulia-p150.md\n" in config


@pytest.mark.parametrize(("args", "message"), [
    (["new", "Bad Name", "--source", "KuromiyaMamoulia"],
     "'Bad Name' cannot be an address: use lower case letters, digits and hyphens, e.g. kuromiya-mamoulia-ch7"),
    (["new", "eurasian-triangle-p131", "--source", "KuromiyaMamoulia"],
     "docs/texts/eurasian-triangle-p131.md already exists"),
    (["new", "x", "--source", "Nobody1999"], "'Nobody1999' is not a key of bibliography.bib; add the source's "
                                              "entry first"),
    (["add-page", miniature.ARTICLE_FILE],
     f"{miniature.ARTICLE_FILE} is numbered by paragraphs, not printed pages"),
    (["add-page", P131_FILE, "131"], f"{P131_FILE} already has page 131"),
    (["add-page", P131_FILE, "100"], "'::page 100' cannot follow page 131: page 100 comes after page 131 "
                                      f"({P131_FILE}:{PAGE_131_LINE}:1)"),
    (["add-page", P131_FILE, "abc"], "'::page abc' cannot follow page 131: 'abc' is not a page number"),
])
def test_a_request_that_cannot_be_done_says_why(capsys, mini_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                args: list[str], message: str) -> None:
    monkeypatch.chdir(mini_copy)
    before = (mini_copy / P131_FILE).read_bytes()
    assert edition(capsys, mini_copy, *args) == (2, "", f"edition {args[0]}: {message}\n")
    assert (mini_copy / P131_FILE).read_bytes() == before  # nothing written
