"""The edition's identity, set once in mkdocs.yml: what it accepts, and
every mistake that would make a false citation, at its line."""

from __future__ import annotations

import pytest

from edition.identity import Editor, Identity, read_identity

HEAD = "site_name: An Edition\nplugins:\n  - edition:\n"


def identity(options: str) -> tuple[Identity, list[str]]:
    found, problems = read_identity(HEAD + options, "mkdocs.yml")
    return found, [str(p) for p in problems]


def test_editors_publisher_licence_and_doi_are_read_as_written() -> None:
    found, problems = identity("      editors:\n        - Jane Doe\n"
                               "        - {name: John Roe, orcid: 'https://orcid.org/0000-0002-1825-0097'}\n"
                               "        - {body: The Lake Khasan Project}\n"
                               "      publisher: The Lake Khasan Project\n      licence: cc-by-4.0\n"
                               "      doi: https://doi.org/10.5281/zenodo.1234567\n")
    assert problems == []
    assert found == Identity("An Edition", (Editor("Jane Doe"), Editor("John Roe", orcid="0000-0002-1825-0097"),
                                            Editor("The Lake Khasan Project", body=True)),
                             "The Lake Khasan Project", "CC-BY-4.0", "10.5281/zenodo.1234567")
    assert found.editors_text() == "Jane Doe, John Roe, and The Lake Khasan Project"
    assert found.licence_url == "https://creativecommons.org/licenses/by/4.0/"
    assert found.licence_name == "CC BY 4.0"
    assert [e.csl() for e in found.editors] == [{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "John"},
                                                {"literal": "The Lake Khasan Project"}]


def test_an_edition_that_says_nothing_names_no_editor_and_claims_no_licence() -> None:
    for text in ("site_name: An Edition\nplugins:\n  - edition\n", HEAD):
        found, problems = read_identity(text, "mkdocs.yml")
        assert (found, problems) == (Identity("An Edition"), [])
        assert found.editors_text() == "" and found.licence_url == ""


CASES = [
    ("      editors:\n        - Jane Doe\n        - jane  doe\n",
     "mkdocs.yml:6:11: ED020 the editor 'jane  doe' is named twice (first at line 5). Fix: remove one of the two"),
    ("      licence: Creative Commons\n",
     "mkdocs.yml:4:16: ED021 'Creative Commons' is not an SPDX licence identifier. Fix: write the identifier of the "
     "licence of the editorial matter as SPDX lists it (https://spdx.org/licenses/), e.g. CC-BY-4.0"),
    ("      licence: MIT OR CC-BY-4.0\n",
     "mkdocs.yml:4:16: ED021 'MIT OR CC-BY-4.0' is not an SPDX licence identifier. Fix: write the identifier of the "
     "licence of the editorial matter as SPDX lists it (https://spdx.org/licenses/), e.g. CC-BY-4.0"),
    ("      editors:\n        - {name: Jane Doe, orcid: 0000-0002-1825-0098}\n",
     "mkdocs.yml:5:35: ED021 '0000-0002-1825-0098' is not an ORCID iD. Fix: copy the iD from the person's ORCID "
     "record: four groups of four digits, the last may end in X (0000-0002-1825-0097)"),
    ("      doi: zenodo 1234567\n",
     "mkdocs.yml:4:12: ED021 'zenodo 1234567' is not a DOI. Fix: write the DOI the release was given, e.g. "
     "10.5281/zenodo.1234567"),
    ("      editor: Jane Doe\n",
     "mkdocs.yml:4:7: ED019 'editor' is not an option of the edition plugin. Fix: remove it, or write one of editors, "
     "publisher, licence, doi"),
    ("      editors: Jane Doe\n",
     "mkdocs.yml:4:16: ED019 'editors' is not a list. Fix: write each editor on a line of its own, beginning '- '"),
    ("      editors:\n        - {name: Jane Doe, body: A Project}\n",
     "mkdocs.yml:5:11: ED019 an editor must have either a 'name' (a person, with an optional 'orcid') or a 'body', "
     "each a text. Fix: write a person's name ('- Jane Doe'), a person with an ORCID ('- {name: Jane Doe, orcid: "
     "0000-0002-1825-0097}') or a body of editors ('- {body: The Lake Khasan Project}')"),
    ("      publisher: [A, B]\n",
     "mkdocs.yml:4:18: ED019 'publisher' is not a text. Fix: write 'publisher:' followed by a text on the same line"),
]


@pytest.mark.parametrize("options, expected", CASES, ids=[c[1].split(" ")[1] + f"-{i}" for i, c in enumerate(CASES)])
def test_each_mistake_is_reported_at_its_line_with_its_fix(options: str, expected: str) -> None:
    assert identity(options)[1] == [expected]
