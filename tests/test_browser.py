"""In headless Chromium, as a reader sees the built edition."""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = Path(__file__).parent / "artifacts"  # screenshots, for people to look at


def test_a_line_address_brings_the_reader_to_that_printed_line(browser, served_edition: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(served_edition + "texts/kuromiya-mamoulia-ch6/#p131.l20")
    line = page.locator("[id='p131.l20']")
    box = line.bounding_box()
    assert 0 <= box["y"] < 800  # scrolled into view
    text_after = page.evaluate("id => document.getElementById(id).nextSibling.textContent", "p131.l20")
    assert text_after.startswith("ment published it under a sensational headline")
    # The line number shows in the margin, left of the text.
    margin = page.evaluate("""id => {
        const s = getComputedStyle(document.getElementById(id), '::before');
        return {display: s.display, position: s.position};
    }""", "p131.l20")
    assert margin == {"display": "block", "position": "absolute"}
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "p131-line-20.png")
    page.close()


def test_printed_lines_are_shown_as_printed(browser, served_edition: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(served_edition + "texts/kuromiya-mamoulia-ch6/")
    tops = page.evaluate("""() => [...document.querySelectorAll('section.transcription .lb')]
        .map(el => el.getBoundingClientRect().top)""")
    assert len(tops) == 33
    assert all(b > a for a, b in zip(tops, tops[1:], strict=False))  # each printed line starts a new row
    page.close()


def test_a_note_marker_leads_to_the_note_under_its_printed_number(browser, served_edition: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(served_edition + "texts/kuromiya-mamoulia-ch6/")
    page.get_by_role("link", name="Note 17", exact=True).click()
    page.wait_for_url("**#n17")
    note = page.locator("[id='n17']")
    assert note.get_attribute("value") == "17"
    assert note.inner_text().startswith("Peter Berton")
    page.close()
