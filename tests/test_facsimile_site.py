"""A document with the images of its two printed pages, in a miniature
edition built strict: the images become static IIIF (tiles and a
Presentation 3 manifest with each page's text), the TEI links each page
break to its image, and in Chromium the viewer beside the text shows the
page being read, zooms, and asks nothing that is not there — at desktop and
phone widths, with no serious accessibility violation.  Bad input is
reported at its front-matter line.  The images are drawn by the test."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, ImageDraw

from edition import facsimile
from edition.document import parse_document

from .conftest import Build, run_mkdocs, serve, write_mini
from .test_accessibility import serious_violations
from .test_browser import ARTIFACTS
from .test_tei import assert_valid

LINES = {page: "\n".join(f"Line {n} of page {page}, a printed line of the letter." for n in range(1, 41))
         for page in ("1", "2")}
LETTER = f"""\
---
title: A letter with its facsimile
source:
  type: letter
  title: A report
  authors: [A. Author]
  date: "1938"
  language: en
witness: the test's own images
facsimile:
  - page: "1"
    image: facsimiles/p1.png
    alt: The first page, typed, with a stamp at its head
  - page: "2"
    image: facsimiles/p2.png
    alt: The second page, typed
    lines: {{"5": "120,390,960,25"}}
transcribed: 2026-11-21
---

::text lines

::page 1
{LINES["1"]}

::page 2
{LINES["2"]}
"""
FACSIMILE_AT = LETTER.splitlines().index("facsimile:") + 1  # its file line


def draw(path: Path, ground: tuple[int, int, int]) -> None:
    """A page: lines of 'type' on a coloured ground, 1200 × 1700 pixels."""
    image = Image.new("RGB", (1200, 1700), ground)
    pen = ImageDraw.Draw(image)
    for y in range(150, 1600, 60):
        pen.rectangle([120, y, 1080, y + 25], fill=(60, 60, 60))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


def edition(folder: Path, letter: str = LETTER) -> Path:
    write_mini(folder, {"index.md": "# Home\n", "texts/letter.md": letter})
    draw(folder / "facsimiles" / "p1.png", (230, 220, 200))
    draw(folder / "facsimiles" / "p2.png", (210, 230, 220))
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    folder = edition(tmp_path_factory.mktemp("facsimile"))
    build = run_mkdocs(folder, folder / "site")
    assert build.returncode == 0, build.log  # strict
    return build


def test_each_page_is_a_static_iiif_image_service(built: Build) -> None:
    for page in ("1", "2"):
        info = json.loads((built.site / "texts" / "letter" / "iiif" / page / "info.json").read_text())
        assert (info["type"], info["profile"], info["width"], info["height"]) == ("ImageService3", "level0",
                                                                                  1200, 1700)
        assert info["id"] == f"http://127.0.0.1:8000/texts/letter/iiif/{page}"
        assert (built.site / "texts" / "letter" / "iiif" / page / "full" / "max" / "0" / "default.jpg").is_file()


def test_the_manifest_lists_the_pages_with_their_text_and_is_valid(built: Build) -> None:
    from iiif_prezi3 import Manifest

    data = json.loads((built.site / "texts" / "letter" / "manifest.json").read_text(encoding="utf-8"))
    assert json.loads(Manifest(**data).jsonld()) == data  # the library's own model of Presentation 3
    assert [c["label"] for c in data["items"]] == [{"none": ["p. 1"]}, {"none": ["p. 2"]}]
    text = data["items"][1]["annotations"][0]["items"][0]["body"]
    assert (text["language"], text["value"].splitlines()[0]) == ("en", "Line 1 of page 2, a printed line of the letter.")
    assert data["homepage"][0]["id"] == "http://127.0.0.1:8000/texts/letter/"


def test_the_tei_links_each_page_break_to_its_image_and_is_valid(built: Build, tei_schema: etree.RelaxNG) -> None:
    xml = (built.site / "texts" / "letter" / "tei.xml").read_text(encoding="utf-8")
    assert_valid(tei_schema, xml)  # tei_all, read once for the session
    assert '<pb n="2" facs="http://127.0.0.1:8000/texts/letter/iiif/2/full/max/0/default.jpg" xml:id="p2" />' in xml


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_viewer_follows_the_text_and_zooms(browser, built: Build, size: tuple[int, int]) -> None:
    name = "desktop" if size[0] > 1000 else "phone"
    with serve(built.site) as base:  # not at the site's address: the viewer finds the images where the page is
        page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        failed: list[str] = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto(base + "texts/letter/")
        page.wait_for_load_state("networkidle")
        panel = page.locator(".facsimile")
        if name == "phone":  # the text comes first; the image is asked for
            assert not page.locator(".facsimile-viewer").is_visible()
            page.click(".facsimile-toggle")
        viewer = page.locator(".facsimile-viewer")
        assert viewer.is_visible()
        page.wait_for_function("document.querySelector('.facsimile-viewer canvas') !== null")
        assert panel.locator(".facsimile-shown").inner_text() == "p. 1"
        assert viewer.get_attribute("aria-label") == "Image of p. 1: The first page, typed, with a stamp at its head"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"facsimile-{name}-p1.png")
        page.evaluate("document.getElementById('p2').scrollIntoView()")
        page.wait_for_function("document.querySelector('.facsimile-shown').textContent === 'p. 2'")
        page.wait_for_timeout(600)  # the page's image drawn
        before = viewer.screenshot()
        page.click(".facsimile-button[aria-label='Zoom in']")
        page.wait_for_timeout(800)
        page.screenshot(path=ARTIFACTS / f"facsimile-{name}-p2-zoomed.png")
        assert viewer.screenshot() != before  # the image is drawn larger
        # A line the editors placed on the image: its address marks it there.
        page.evaluate("location.hash = '#p2.l5'")
        page.wait_for_selector(".facsimile-line")
        page.wait_for_function("document.querySelector('.facsimile-shown').textContent === 'p. 2, l. 5'")
        page.wait_for_timeout(800)
        page.screenshot(path=ARTIFACTS / f"facsimile-{name}-p2-l5.png")
        assert serious_violations(page) == []
        page.close()
    assert failed == []


ED122 = ("ED122 page 2: {}. Fix: give the line's box in the image's pixels as left,top,width,height, within its "
         "1200 × 1700 pixels, for a line the page has")
ED116 = ("ED116 page 3 is not a page of the text. Fix: name each page of the text once, as its '::page' line "
         "gives it: 1, 2")
ED117 = ("ED117 page 2 of the text has no image in 'facsimile'. Fix: add an entry '- page: \"2\"' with its image "
         "and alt text; where a page's image may not be shown, say so with 'no_facsimile' and name no images")


@pytest.mark.parametrize("change, expected", [
    ("    image: facsimiles/p2.png", f"{FACSIMILE_AT + 5}:12: ED110 the image 'facsimiles/p3.png' does not exist. "
     "Fix: put the file there, or correct the path in 'facsimile:' (paths are from the edition's top folder)"),
    ('  - page: "2"', f"{FACSIMILE_AT + 4}:11: {ED116}|{FACSIMILE_AT + 1}:3: {ED117}"),
    ("    alt: The second page, typed", f"{FACSIMILE_AT + 1}:3: {ED117}"),
    ('    lines: {"5": "120,390,960,25"}', f"{FACSIMILE_AT + 7}:12: "
     + ED122.format("line 5's box 120,1690,960,25 reaches outside the image")),
    ('    lines: {"5": "120,390,960,25"}', f"{FACSIMILE_AT + 7}:12: "
     + ED122.format("line 50 has a box, but the page has 40 printed lines")),
    ('    lines: {"5": "120,390,960,25"}', f"{FACSIMILE_AT + 7}:12: "
     + ED122.format("line 5's box '120,390,960' is not four whole numbers left,top,width,height (width and height "
                    "not 0)")),
    ("transcribed: 2026-11-21", f"{FACSIMILE_AT + 9}:15: ED118 'no_facsimile' says no image may be shown, but "
                                "'facsimile' names images. Fix: keep the one that is true: the images, if their "
                                "publication is allowed, or the statement"),
])
def test_bad_facsimiles_are_reported_at_their_line(tmp_path: Path, change: str, expected: str) -> None:
    replaced = {
        "    image: facsimiles/p2.png": "    image: facsimiles/p3.png",
        '  - page: "2"': '  - page: "3"',
        "    alt: The second page, typed": "    alt: The second page, typed\n  - page: \"2\"",
        "transcribed: 2026-11-21": "transcribed: 2026-11-21\nno_facsimile: The archive forbids it.",
        '    lines: {"5": "120,390,960,25"}': {"outside": '    lines: {"5": "120,1690,960,25"}',
                                               "no line": '    lines: {"50": "120,390,960,25"}',
                                               "malformed": '    lines: {"5": "120,390,960"}'}[
            "outside" if "outside" in expected else "no line" if "has a box" in expected else "malformed"],
    }[change]
    if change.startswith("    alt"):  # page 2 named with no image or alt: only page 1 is well formed
        text = LETTER.replace('  - page: "2"\n    image: facsimiles/p2.png\n    alt: The second page, typed\n'
                              '    lines: {"5": "120,390,960,25"}\n', "")
    else:
        text = LETTER.replace(change, replaced)
    folder = edition(tmp_path, text)
    document, problems = parse_document(text, "docs/texts/letter.md")
    assert problems == []
    _, found = facsimile.check(document, folder, None)
    assert [str(d) for d in found] == [f"docs/texts/letter.md:{e}" for e in expected.split("|")]


def test_a_missing_image_fails_the_strict_build(tmp_path: Path) -> None:
    folder = edition(tmp_path)
    (folder / "facsimiles" / "p2.png").unlink()
    build = run_mkdocs(folder, folder / "site")
    assert build.returncode != 0
    assert (f"docs/texts/letter.md:{FACSIMILE_AT + 5}:12: ED110 the image 'facsimiles/p2.png' does not exist. Fix: "
            "put the file there, or correct the path in 'facsimile:' (paths are from the edition's top folder)"
            ) in build.log


def test_on_paper_each_page_image_follows_the_text(browser, built: Build) -> None:
    """Printed (or saved as PDF by Chromium): the text, its notes and apparatus, then each page's
    image on a sheet of its own with its page number; no viewer, no buttons."""
    with serve(built.site) as base:
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.goto(base + "texts/letter/")
        page.wait_for_load_state("networkidle")
        page.emulate_media(media="print")
        page.wait_for_function("[...document.querySelectorAll('.facsimile-print img')]"
                               ".every(i => i.complete && i.naturalWidth > 0)")
        shown = page.evaluate("""() => Object.fromEntries(['.facsimile-viewer', '.facsimile-controls',
            '.facsimile-pages', '.facsimile-print'].map(s => [s, getComputedStyle(document.querySelector(s)).display]))""")
        assert shown == {".facsimile-viewer": "none", ".facsimile-controls": "none", ".facsimile-pages": "none",
                         ".facsimile-print": "block"}
        images = page.locator(".facsimile-print figure")
        assert images.locator("figcaption").all_inner_texts() == ["p. 1", "p. 2"]
        last_line = page.locator("[id='p2.l40']").bounding_box()["y"]
        assert images.first.bounding_box()["y"] > last_line  # after the text
        page.screenshot(path=ARTIFACTS / "facsimile-print.png", full_page=True)
        pdf = page.pdf(path=str(ARTIFACTS / "facsimile-print.pdf"))
        # The text's sheets, then a sheet for each image.
        assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 3
        page.close()
