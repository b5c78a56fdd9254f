"""In headless Chromium, as a reader sees the built edition."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from . import miniature
from .conftest import visit

ARTIFACTS = Path(__file__).parent / "artifacts"  # screenshots, for people to look at


def test_a_line_address_brings_the_reader_to_that_printed_line(tab, served_mini: str) -> None:
    page = visit(tab, served_mini + miniature.BOOK + "#p131.l20", 1280, 800)
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


def test_the_line_an_address_names_is_marked_and_only_that_line(tab, served_mini: str) -> None:
    page = visit(tab, served_mini + miniature.BOOK + "#p131.l4", 1280, 800)
    marked = "() => [...(CSS.highlights.get('edition-line') || [])].map(r => r.toString().replace(/\\s+/g, ' '))"
    assert page.evaluate(marked) == [
        "of 17 to 18 January 1932, as many as four hundred politically suspect people were ar-"]
    colour = page.evaluate("() => getComputedStyle(document.documentElement).getPropertyValue("
                           "'--md-accent-fg-color--transparent')")
    assert colour.strip()  # what ::highlight(edition-line) paints with
    page.evaluate("() => { location.hash = 'p131.l25'; }")  # another line, as a link on the page would
    page.wait_for_function("() => CSS.highlights.get('edition-line') && "
                           "[...CSS.highlights.get('edition-line')][0].toString().includes('keen to exploit')")
    page.evaluate("() => { location.hash = 'n17.l2'; }")  # a line of a note
    page.wait_for_function("() => CSS.highlights.get('edition-line') && "
                           "[...CSS.highlights.get('edition-line')][0].toString().endsWith('no. 11 (1993), 72.')")
    page.evaluate("() => { location.hash = 'n17'; }")  # a note: marked by CSS, no line is
    page.wait_for_function("() => !CSS.highlights.has('edition-line')")
    background = page.evaluate("() => getComputedStyle(document.getElementById('n17')).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_a_corrected_word_a_name_and_a_restored_space_are_told_apart(tab, served_mini: str) -> None:
    """Each kind of link in the text keeps its own underline: a dotted one for
    an emendation, a faint solid one for a register entry, none under a space
    (which would look like an underscore in the text)."""
    page = visit(tab, served_mini + miniature.BOOK, 1280, 800)
    style = """s => { const c = getComputedStyle(document.querySelector(s));
        return [c.textDecorationLine, c.textDecorationStyle]; }"""
    assert page.evaluate(style, "a.app-sic") == ["underline", "dotted"]
    assert page.evaluate(style, "a.mention") == ["underline", "solid"]
    assert page.evaluate(style, "a.app-space")[0] == "none"


def test_the_diplomatic_view_has_no_invisible_stops_for_the_keyboard(browser, served_mini: str) -> None:
    """A restored space shows nothing in the diplomatic view; tabbing must not land on it."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(served_mini + miniature.BOOK + "#diplomatic")
    page.focus("a.footnote-ref[href$='#n14']")  # the marker just before the first restored space (l. 9)
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.getBoundingClientRect().width]")
    assert "app-space" not in focused[0] and focused[1] > 0, focused
    page.goto(served_mini + miniature.BOOK)  # in the reading view the space is a stop
    page.evaluate("() => localStorage.clear()")
    page.reload()
    page.focus("a.footnote-ref[href$='#n14']")
    page.keyboard.press("Tab")
    assert "app-space" in page.evaluate("() => document.activeElement.className")
    page.close()


def rows_of_lines(page) -> list[float]:
    return page.evaluate("""() => [...document.querySelectorAll('section.transcription .lb')]
        .map(el => el.getBoundingClientRect().top)""")


def transcription(page) -> str:
    """The text as the reader sees it (innerText leaves out what CSS hides)."""
    return " ".join(page.locator("section.transcription").inner_text().split())


def test_the_switch_shows_the_reading_or_the_diplomatic_text(tab, served_mini: str) -> None:
    page = visit(tab, served_mini + miniature.BOOK + "#text", 1280, 900)
    reading = transcription(page)
    for phrase in ("the first such undertaking", "were arrested in the city", "Moscow also sought to use",
                   "exploit the conflict to maximal effect", "their conflicting interests"):
        assert phrase in reading
    assert "Moscow versus Tokyo" not in reading and " rst " not in reading
    assert len(set(rows_of_lines(page))) < 33  # the reading text runs on as prose
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "p131-reading.png")

    page.get_by_role("link", name="Diplomatic text").click()
    diplomatic = transcription(page)
    for phrase in ("the rst such undertaking", "Moscow also sough [sic] to use", "running head",
                   "maximal eect"):
        assert phrase in diplomatic
    line4 = page.evaluate("() => document.getElementById('p131.l5').previousSibling.textContent")
    assert line4 == "-"  # "ar-" ends printed line 4
    tops = rows_of_lines(page)
    assert all(b > a for a, b in zip(tops, tops[1:], strict=False))  # each printed line its own row
    assert page.get_by_role("link", name="Diplomatic text").get_attribute("aria-current") == "true"
    assert page.locator(".view-status").inner_text() == "Showing the diplomatic text"
    page.screenshot(path=ARTIFACTS / "p131-diplomatic.png")


def test_the_choice_of_view_survives_navigation_and_reload(browser, served_mini: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served_mini + miniature.BOOK)
    page.get_by_role("link", name="Diplomatic text").click()
    # Material's instant navigation: the page body is swapped, <html> and the script stay.
    page.locator(".md-nav").get_by_role("link", name="Parkhitko").first.click()
    page.wait_for_url("**/lake-khasan/")
    page.wait_for_selector("[id='para6']")
    assert "Mikhail Fridovsky [sic], the second" in transcription(page)
    assert page.get_by_role("link", name="Diplomatic text").get_attribute("aria-current") == "true"
    page.reload()
    assert "Mikhail Fridovsky [sic], the second" in transcription(page)
    page.get_by_role("link", name="Reading text").click()
    assert "Mikhail Frinovsky, the second" in transcription(page)
    page.go_back()  # back to p. 131, by the browser
    page.wait_for_url("**/eurasian-triangle-p131/")
    page.wait_for_selector("[id='p131.l1']", state="attached")
    assert "the first such undertaking" in transcription(page)
    context.close()


def test_the_switch_works_from_the_keyboard(browser, served_mini: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served_mini + miniature.BOOK)
    page.get_by_role("group", name="View of the text").get_by_role("link", name="Diplomatic text").focus()
    page.keyboard.press("Enter")
    assert "the rst such undertaking" in transcription(page)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert "the first such undertaking" in transcription(page)
    page.close()


def test_without_javascript_the_reading_text_shows_and_the_diplomatic_is_a_link_away(
        browser, served_mini: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served_mini + miniature.BOOK)
    assert "the first such undertaking" in transcription(page)
    page.get_by_role("link", name="Diplomatic text").click()
    expect(page).to_have_url(re.compile(r"#diplomatic$"))
    assert "the rst such undertaking" in transcription(page)
    page.screenshot(path=ARTIFACTS / "p131-diplomatic-no-javascript.png")
    context.close()


def test_apparatus_entries_and_marks_lead_to_each_other(tab, served_mini: str) -> None:
    page = visit(tab, served_mini + miniature.BOOK, 1280, 900)
    page.locator("[id='p131.l11.e1']").click()  # "sought" in the text: its entry opens beside it
    popover = page.locator(".edition-popover")
    assert "sough [sic]" in popover.inner_text() and page.url.endswith(miniature.BOOK)  # no jump
    popover.get_by_role("link", name="Go to the apparatus entry").click()
    expect(page).to_have_url(re.compile(r"#app-p131\.l11\.e1$"))
    entry = page.locator("[id='app-p131.l11.e1']")
    assert " ".join(entry.inner_text().split()).startswith("p. 131, l. 11 sought ] sough [sic] — error of the source")
    entry.get_by_role("link", name="p. 131, l. 11").click()
    expect(page).to_have_url(re.compile(r"#p131\.l11\.e1$"))
    box = page.locator("[id='p131.l11.e1']").bounding_box()
    assert 0 <= box["y"] < 900
    # The running head is only in the diplomatic text; its entry still shows it.
    page.locator("[id='app-p131.fw1']").get_by_role("link").click()
    assert page.locator("[id='p131.fw1']").is_visible()
    page.screenshot(path=ARTIFACTS / "p131-apparatus-to-text.png")


def test_a_note_marker_leads_to_the_note_under_its_printed_number(tab, served_mini: str) -> None:
    page = visit(tab, served_mini + miniature.BOOK, 1280, 800)
    page.get_by_role("link", name="Note 17", exact=True).click()  # the note opens beside its marker
    popover = page.locator(".edition-popover")
    assert "Peter Berton" in popover.inner_text() and page.url.endswith(miniature.BOOK)  # no jump
    popover.get_by_role("link", name="Go to note 17").click()
    expect(page).to_have_url(re.compile(r"#n17$"))
    note = page.locator("[id='n17']")
    assert note.get_attribute("value") == "17"
    assert note.inner_text().startswith("Peter Berton")
