"""CITATION.cff and .zenodo.json (`edition cite-files`): made from the
edition's identity (mkdocs.yml) and its latest release (the changelog),
valid by cffconvert's own validation, naming nothing that is not configured;
`--check` reports a file that says something else; and this edition's
committed files are what the command writes now."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from edition import release_files
from edition.cli import main
from edition.project import find

from . import miniature
from .conftest import ROOT

CFFCONVERT = ROOT / ".venv-cff" / "bin" / "cffconvert"
NO_EDITORS = """\
      editors:
        - Jane Doe
        - {name: John Roe, orcid: 0000-0002-1825-0097}
      publisher: The Miniature Project
"""


def edition(capsys: pytest.CaptureFixture, folder: Path, *args: str) -> tuple[int, str, str]:
    code = main(["-C", str(folder), *args])
    out, err = capsys.readouterr()
    return code, out, err


def validate(path: Path) -> subprocess.CompletedProcess:
    """cffconvert's validation against the CFF 1.2.0 schema, from its own environment (it pins jsonschema<4)."""
    assert CFFCONVERT.is_file(), (f"{CFFCONVERT} is missing: `make test` (or `make cffconvert`) installs cffconvert "
                                  "2.0.0 in .venv-cff/, which the tests of CITATION.cff need")
    return subprocess.run([CFFCONVERT, "--validate", "-i", path], capture_output=True, text=True, check=False)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """The miniature edition's sources (no build needed: the files are made from mkdocs.yml and the changelog)."""
    return miniature.write(tmp_path / "mini")


def configure(folder: Path, old: str, new: str) -> None:
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")


def test_the_files_hold_the_editors_licence_version_date_and_doi_as_configured(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, err = edition(capsys, mini, "cite-files")
    assert (code, out, err) == (0, "CITATION.cff: written.\n.zenodo.json: written.\n", "")
    result = validate(mini / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Citation metadata are valid according to schema version 1.2.0." in result.stdout

    cff = yaml.safe_load((mini / "CITATION.cff").read_text(encoding="utf-8"))
    editors = [{"family-names": "Doe", "given-names": "Jane"},
               {"family-names": "Roe", "given-names": "John", "orcid": "https://orcid.org/0000-0002-1825-0097"}]
    facts = {"version": "0.1.0", "date-released": "2026-11-21", "doi": "10.5281/zenodo.1234567",
             "license": "CC-BY-4.0"}
    assert cff == {"cff-version": "1.2.0", "message": release_files.MESSAGE, "type": "dataset",
                   "title": miniature.SITE_NAME, "abstract": "The generator's test edition.", "authors": editors,
                   **facts,
                   "preferred-citation": {"type": "edited-work", "title": miniature.SITE_NAME, "authors": editors,
                                          "editors": editors, "publisher": {"name": "The Miniature Project"},
                                          **facts}}
    # No address: the site's and the repository's are given by the publish workflow, not known here.
    assert "url" not in cff and "repository-code" not in cff

    zenodo = json.loads((mini / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo == {
        "title": miniature.SITE_NAME, "upload_type": "dataset", "description": "The generator's test edition.",
        "creators": [{"name": "Doe, Jane"}, {"name": "Roe, John", "orcid": "0000-0002-1825-0097"}],
        "version": "0.1.0", "publication_date": "2026-11-21", "access_right": "open", "license": "cc-by-4.0",
        "related_identifiers": [{"identifier": "10.5281/zenodo.1234567", "relation": "isVersionOf",
                                 "scheme": "doi"}]}

    # Written again with nothing changed, they are left as they are.
    assert edition(capsys, mini, "cite-files") == (0, "CITATION.cff: up to date.\n.zenodo.json: up to date.\n", "")
    assert edition(capsys, mini, "cite-files", "--check") == (
        0, "", "edition cite-files: CITATION.cff and .zenodo.json are up to date\n")


def test_an_edition_naming_no_editor_is_attributed_to_its_publisher_or_itself_never_to_a_person(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    configure(mini, NO_EDITORS, "      publisher: The Miniature Project\n")
    assert edition(capsys, mini, "cite-files")[0] == 0
    assert validate(mini / "CITATION.cff").returncode == 0
    cff = yaml.safe_load((mini / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["authors"] == cff["preferred-citation"]["authors"] == [{"name": "The Miniature Project"}]
    assert "editors" not in cff["preferred-citation"]
    assert json.loads((mini / ".zenodo.json").read_text(encoding="utf-8"))["creators"] == [
        {"name": "The Miniature Project"}]

    # Neither editors nor a publisher, nor a licence or a DOI: the edition itself, under its title, and no claim.
    configure(mini, "      publisher: The Miniature Project\n      licence: CC-BY-4.0\n"
                    "      doi: 10.5281/zenodo.1234567\n", "")
    assert edition(capsys, mini, "cite-files")[0] == 0
    assert validate(mini / "CITATION.cff").returncode == 0
    text = (mini / "CITATION.cff").read_text(encoding="utf-8")
    cff = yaml.safe_load(text)
    assert cff["authors"] == [{"name": miniature.SITE_NAME}]
    for absent in ("family-names", "given-names", "orcid", "license", "doi", "editors", "publisher"):
        assert absent not in text, absent
    zenodo = json.loads((mini / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["creators"] == [{"name": miniature.SITE_NAME}]
    assert not {"license", "related_identifiers", "doi"} & set(zenodo)


def test_only_a_permanent_address_written_in_mkdocs_yml_is_given(mini: Path) -> None:
    about = release_files.read_about
    assert about(miniature.CONFIG) == release_files.About("The generator's test edition.")
    for local in ("http://127.0.0.1:8000/", "http://localhost:8000/", "http://[::1]/", "https://192.168.1.2/",
                  "/edition/", "ftp://example.org/"):
        assert about(f"site_url: {local}\n").site == "", local
    given = about("site_url: https://example.org/edition/\nrepo_url: https://github.com/example/edition\n")
    assert (given.site, given.repository) == ("https://example.org/edition/", "https://github.com/example/edition")

    configure(mini, 'site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]\nrepo_url: !ENV [REPO_URL, null]\n',
              "site_url: https://example.org/edition/\nrepo_url: https://github.com/example/edition\n")
    files, problems = release_files.expected(find(mini))
    assert problems == []
    path = mini / "CITATION.cff"
    path.write_text(files["CITATION.cff"], encoding="utf-8")
    assert validate(path).returncode == 0
    cff = yaml.safe_load(files["CITATION.cff"])
    assert cff["url"] == cff["preferred-citation"]["url"] == "https://example.org/edition/"
    assert cff["repository-code"] == "https://github.com/example/edition"
    assert {"identifier": "https://example.org/edition/", "relation": "isSourceOf", "scheme": "url"} in \
        json.loads(files[".zenodo.json"])["related_identifiers"]


def test_a_title_or_name_with_quotes_colons_and_other_scripts_stays_valid(mini: Path) -> None:
    configure(mini, "site_name: A miniature edition\n", "site_name: 'Letters: “Москва” — 東京 # #1'\n")
    configure(mini, "        - Jane Doe\n", "        - Ludwig van Beethoven\n        - 'Ōe, Kenzaburō'\n"
                                           "        - Hypatia\n        - {body: 'Project: #1'}\n")
    files, problems = release_files.expected(find(mini))
    assert problems == []
    (mini / "CITATION.cff").write_text(files["CITATION.cff"], encoding="utf-8")
    result = validate(mini / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr
    cff = yaml.safe_load(files["CITATION.cff"])
    assert cff["title"] == "Letters: “Москва” — 東京 # #1"
    assert cff["authors"][:4] == [{"family-names": "van Beethoven", "given-names": "Ludwig"},
                                  {"family-names": "Ōe", "given-names": "Kenzaburō"},
                                  {"family-names": "Hypatia"}, {"name": "Project: #1"}]
    assert [c["name"] for c in json.loads(files[".zenodo.json"])["creators"]][:4] == [
        "van Beethoven, Ludwig", "Ōe, Kenzaburō", "Hypatia", "Project: #1"]


def test_nothing_is_written_while_the_identity_or_the_version_cannot_be_read(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    configure(mini, "      licence: CC-BY-4.0\n", "      licence: Creative Commons\n")
    code, out, err = edition(capsys, mini, "cite-files")
    assert code == 1 and out.startswith("mkdocs.yml:") and " ED021 'Creative Commons' is not an SPDX" in out
    assert err == "edition cite-files: nothing written; fix the problems above first\n"
    assert not (mini / "CITATION.cff").exists() and not (mini / ".zenodo.json").exists()

    configure(mini, "      licence: Creative Commons\n", "      licence: CC-BY-4.0\n")
    changelog = mini / "docs/changelog.md"
    changelog.write_text(changelog.read_text(encoding="utf-8").replace("## 0.1.0 — 2026-11-21", "## Next"),
                         encoding="utf-8")
    code, out, _ = edition(capsys, mini, "cite-files", "--check")
    assert code == 1 and out.startswith("docs/changelog.md:") and " ED801 " in out
    assert not (mini / "CITATION.cff").exists()


def test_check_reports_a_file_that_no_longer_says_what_the_configuration_gives(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    fix = ("Fix: run edition cite-files (it writes CITATION.cff and .zenodo.json from mkdocs.yml and the "
           "changelog)")
    code, out, err = edition(capsys, mini, "cite-files", "--check")
    assert code == 1
    assert out == (f".zenodo.json:1:1: ED825 .zenodo.json is missing. {fix}\n"
                   f"CITATION.cff:1:1: ED825 CITATION.cff is missing. {fix}\n")
    assert err == "edition cite-files: 2 files to write again\n"
    assert edition(capsys, mini, "cite-files")[0] == 0

    # A new release in the changelog: both files are stale, at the line of the version.
    changelog = mini / "docs/changelog.md"
    changelog.write_text(changelog.read_text(encoding="utf-8").replace(
        "## 0.1.0", "## 0.2.0 — 2026-12-01\n\nCorrections.\n\n## 0.1.0"), encoding="utf-8")
    at = {name: next(f"{n}:{line.index('0.1.0') + 3}" for n, line in enumerate(
        (mini / name).read_text(encoding="utf-8").split("\n"), start=1) if '"0.1.0"' in line)
        for name in ("CITATION.cff", ".zenodo.json")}  # the first line that changed, at its first changed character
    code, out, err = edition(capsys, mini, "cite-files", "--check")
    assert code == 1 and err == "edition cite-files: 2 files to write again\n"
    said = (" does not say what mkdocs.yml and the changelog give (the edition's identity or version changed "
            f"since it was written). {fix}")
    assert out == (f".zenodo.json:{at['.zenodo.json']}: ED825 .zenodo.json{said}\n"
                   f"CITATION.cff:{at['CITATION.cff']}: ED825 CITATION.cff{said}\n")
    assert edition(capsys, mini, "cite-files")[0] == 0
    assert edition(capsys, mini, "cite-files", "--check")[0] == 0
    assert yaml.safe_load((mini / "CITATION.cff").read_text(encoding="utf-8"))["version"] == "0.2.0"


# This edition's own rule (a rule over its data, whatever they are): its committed files are the command's.

@pytest.mark.edition
def test_this_editions_citation_files_are_what_edition_cite_files_writes_now() -> None:
    files, problems = release_files.expected(find(ROOT))
    assert [str(p) for p in problems] == []
    for name, text in files.items():
        path = ROOT / name
        assert path.is_file() and path.read_text(encoding="utf-8") == text, \
            f"{name} does not say what mkdocs.yml and the changelog give: run `edition cite-files` and commit it"
    assert validate(ROOT / "CITATION.cff").returncode == 0
