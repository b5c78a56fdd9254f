"""Every construct of the markup as a reader sees it, in a real browser, in
both views: each kind of apparatus mark, each thing an archival witness
holds, a variant, a line-end hyphen, a figure's caption of its own lines and
a table.  One line of a miniature document holds each; the test reads what
the line shows in each view and keeps a screenshot of it (tests/artifacts/,
for people to look at)."""

from __future__ import annotations

import pytest

from .conftest import Build, loaded, run_mkdocs, serve, write_mini
from .test_browser import ARTIFACTS

# Each construct, and what its line shows: in the reading view, in the diplomatic view.
CONSTRUCTS = {
    "ligature": ("the {ligature: rst -> first} day", "the first day", "the rst day"),
    "space": ("in{space}the field", "in the field", "inthe field"),
    "italic": ("the {italic: Acta Slavica Iaponica} article", "the Acta Slavica Iaponica article",
               "the Acta Slavica Iaponica article"),
    "extraction": ("Admiral {extraction: Sato ¯ -> Satō | the macron detached from its letter} wrote",
                   "Admiral Satō wrote", "Admiral Sato ¯ wrote"),
    "sic": ("they {sic: sough -> sought | the print has it too} peace", "they sought peace",
            "they sough [sic] peace"),
    "supplied": ("to {supplied: the} north", "to ⟨the⟩ north", "to north"),
    "doubtful": ("in {doubtful: peace -> peace time / peacetime} they", "in peace(?) they", "in peace they"),
    "abbr": ("the {abbr: Gen. -> General} Staff", "the General Staff", "the Gen. Staff"),
    "reg": ("the {reg: Совѣтъ -> Совет} met", "the Совет met", "the Совѣтъ met"),
    "unclear": ("at {unclear: Khasan | the ink has faded} lake", "at Khasan lake", "at Khasan lake"),
    "del": ("the {del: old} plan", "the plan", "the old plan"),
    "add": ("the {add above: new} plan", "the new plan", "the new plan"),
    "gap": ("then {gap: 3 words | illegible} left", "then [… 3 words illegible] left",
            "then [… 3 words illegible] left"),
    "hand": ("{hand: pencil}agreed", "agreed", "pencilagreed"),
    "stamp": ("{stamp: СЕКРЕТНО} report", "stamp: СЕКРЕТНО report", "stamp: СЕКРЕТНО report"),
    "signature": ("signed {signature: Г. Штерн}", "signed signature: Г. Штерн", "signed signature: Г. Штерн"),
    "margin": ("{margin: see file 2} the order", "in the margin: see file 2 the order",
               "in the margin: see file 2 the order"),
    "var": ("along {var: A: the border | B: the frontier} they", "along the border they", "along the border they"),
    "hyphenation": ("the attack was ar-\nrested there.", "the attack was arrested there.",
                    "the attack was ar-rested there."),
}
FIGURES = {  # what each shows, in the reading and the diplomatic view
    "fig1": ("Image (not reproduced), at the top of the page\nFig. 3. Marshal V. K. Blyukher at Khabarovsk, 1929.",
             "Image (not reproduced), at the top of the page\nFig. 3. Marshal V. K. Blucher [sic] at Kha-barovsk, "
             "1929."),
    "tab1": ("Table, at the foot of the page\nTable 2. Losses at Lake Khasan\n\tKilled\tWounded\n"
             "Red Army\t792\t3,279",
             "Table, at the foot of the page\nTable 2. Losses atLake Khasan\n\tKilled\tWounded\n"
             "Red Army\t792\t3,297 [sic]"),
}
LINES = "\n\n".join(line for line, _, _ in CONSTRUCTS.values())
DOCUMENT = f"""\
---
title: Every construct
source:
  type: letter
  title: A report
  authors: [A. Author]
  date: "1938"
  language: en
witness: the test's own text
witnesses: {{A: the typescript, B: the carbon copy}}
hands: {{pencil: a pencil annotation}}
transcribed: 2026-11-21
---

::text lines

::page 1

{LINES}

::figure top:
Fig. 3. Marshal V. K. {{sic: Blucher -> Blyukher}} at Kha-
barovsk, 1929.

::table bottom:
Table 2. Losses at
Lake Khasan
| | Killed | Wounded |
| --- | --- | --- |
| Red Army | 792 | {{sic: 3,297 -> 3,279}} |
"""
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def constructs_site(tmp_path_factory: pytest.TempPathFactory):
    folder = write_mini(tmp_path_factory.mktemp("constructs"),
                        {"index.md": "# Home\n", "texts/constructs.md": DOCUMENT})
    build: Build = run_mkdocs(folder, folder / "site")
    assert build.returncode == 0, build.log  # strict
    with serve(build.site) as base:
        yield base + "texts/constructs/"


@pytest.fixture(scope="module", params=["reading", "diplomatic"])
def shown(request: pytest.FixtureRequest, browser, constructs_site: str):
    """The document page in one view (chosen as a reader does, with the switch), at each size."""
    pages = {}
    for size, (width, height) in SIZES.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(constructs_site)
        loaded(page)
        page.click(f".view-switch a[data-view={request.param}]")
        pages[size] = page
    yield request.param, pages
    for page in pages.values():
        page.close()


def test_each_construct_shows_in_each_view(shown) -> None:
    view, pages = shown
    page = pages["desktop"]
    ARTIFACTS.mkdir(exist_ok=True)
    seen = {}
    for i, name in enumerate(CONSTRUCTS):
        line = page.locator("section.transcription p:has(.lb)").nth(i)
        line.screenshot(path=ARTIFACTS / f"construct-{name}-{view}.png")
        seen[name] = line.inner_text()
    expected = {name: (reading if view == "reading" else diplomatic)
                for name, (_, reading, diplomatic) in CONSTRUCTS.items()}
    assert seen == expected


@pytest.mark.parametrize("size", SIZES)
def test_figures_and_tables_show_in_each_view(shown, size: str) -> None:
    view, pages = shown
    page = pages[size]
    for anchor, (reading, diplomatic) in FIGURES.items():
        figure = page.locator(f"#{anchor}")
        figure.screenshot(path=ARTIFACTS / f"construct-{anchor}-{view}-{size}.png")
        assert figure.inner_text() == (reading if view == "reading" else diplomatic)
        box, text = figure.bounding_box(), page.locator("section.transcription").bounding_box()
        assert box["x"] + box["width"] <= text["x"] + text["width"] + 1  # never wider than the text
