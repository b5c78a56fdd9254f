"""Every kind of page is usable by every reader (issue 9): axe-core finds no
serious or critical violation of WCAG 2.2 (A and AA) on any of them, and the
view switch, the notes and "Cite this" work from the keyboard alone."""

from __future__ import annotations

import re
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import expect

from . import miniature
from .conftest import visit

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"  # axe-core, as its package ships it
P131 = miniature.BOOK
ARTICLE = miniature.ARTICLE
# Each kind of page, and what brings it to the state a reader sees.
PAGES = {
    "home": ("", None),
    "document, reading view": (P131, None),
    "document, diplomatic view": (P131 + "#diplomatic", None),
    "born-digital document": (ARTICLE, None),
    "a note, opened from its marker": (P131, "note"),
    "a note's popover, on its marker": (P131, "preview"),
    "an apparatus entry's popover": (P131, "apparatus popover"),
    "a register card's popover": (P131, "mention popover"),
    "cite this, opened": (P131, "cite"),
    "apparatus": ("apparatus/", None),
    "bibliography": ("bibliography/", None),
    "register": ("register/", None),
    "register entry": ("register/blyukher/", None),
    "chronology": ("chronology/", None),
    "corrigenda": ("corrigenda/", None),
    "search results": ("", "search"),
    "editorial principles": ("principles/", None),
}


def serious_violations(page) -> list[str]:
    # Colours are measured once every transition has ended: axe measured a link still fading into its
    # current-view colour after a click as lacking contrast (seen once in CI, on a phone).
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
    })).violations""")
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in found if v["impact"] in {"serious", "critical"}]


def bring(page, state: str | None) -> None:
    if state == "note":  # the marker opens its popover (notes.js), whose link goes on to the note
        page.focus("a.footnote-ref[aria-label='Note 17']")
        page.keyboard.press("Enter")
        page.locator(".edition-popover-more a").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.hash")  # at the note
    elif state == "preview":  # the note's popover, open while the marker has the focus
        page.focus("a.footnote-ref[aria-label='Note 17']")
        page.wait_for_selector(".edition-popover[aria-label='Note 17']")
    elif state == "apparatus popover":
        page.focus("[id='p131.l11.e1']")
        page.keyboard.press("Enter")
        page.wait_for_selector(".edition-popover[data-kind='app']")
    elif state == "mention popover":
        page.locator("section.transcription a.mention").first.click()
        page.wait_for_selector(".edition-popover[data-kind='mention']")
    elif state == "cite":
        page.focus("#cite summary")
        page.keyboard.press("Enter")
    elif state == "search":
        page.keyboard.press("/")
        page.keyboard.type("Blyukher")
        page.wait_for_function("() => document.querySelector('.md-search-result__list').dataset.query === 'Blyukher'")


@pytest.mark.parametrize("kind", PAGES)
def test_no_serious_accessibility_violation(tab, served_mini: str, kind: str) -> None:
    address, state = PAGES[kind]
    page = visit(tab, served_mini + address)
    bring(page, state)
    found = serious_violations(page)
    assert found == [], found


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab, as a keyboard user would, until `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_notes_and_cite_this_work_from_the_keyboard(browser, served_mini: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"],
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served_mini + P131)
    # "Cite this": open it, and copy a form, by keyboard alone.
    tab_to(page, "details.cite > summary")
    page.keyboard.press("Enter")
    assert page.locator("details.cite").get_attribute("open") is not None
    tab_to(page, "details.cite .cite-copy")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()").strip()
    # A note: from its marker in the text to its popover, on to the note, and back.
    tab_to(page, "a.footnote-ref[href$='#n17']")  # Material's instant navigation makes links absolute
    assert page.locator(".edition-popover[aria-label='Note 17']").is_visible()  # the focus opened it
    page.keyboard.press("Enter")  # into it
    tab_to(page, ".edition-popover a[href$='#n17']", limit=10)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#n17$"))
    assert page.locator("[id='n17']").is_visible()
    # The note's own link back (a popover holds no copy of it).
    tab_to(page, ".notes a.footnote-backref[href$='#n17-ref']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#n17-ref$"))
    context.close()


def test_a_document_prints_as_its_text_without_the_site_around_it(browser, served_mini: str) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    page.goto(served_mini + P131)
    page.emulate_media(media="print")
    shown = page.evaluate("""() => Object.fromEntries(['.md-header', '.md-sidebar--primary', '.md-footer',
        '.view-switch', 'details.cite', '.document-exports', '.suggest-correction', '.print-address',
        'section.transcription', 'section.apparatus', '.author-notes']
        .map(s => [s, !!document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none']))""")
    assert shown == {".md-header": False, ".md-sidebar--primary": False, ".md-footer": False, ".view-switch": False,
                     "details.cite": False, ".document-exports": False, ".suggest-correction": False,
                     ".print-address": True, "section.transcription": True, "section.apparatus": True,
                     ".author-notes": True}
    assert page.inner_text(".print-address") == (
        f"Printed from http://127.0.0.1:8000/{P131}, version "
        + page.inner_text(".edition-version").split()[1] + " of the edition.")
    text = page.inner_text("section.transcription")
    assert "the first such undertaking" in text  # the reading view, as chosen on screen
    page.pdf(path=str(Path(__file__).parent / "artifacts" / "p131-print.pdf"))
    page.emulate_media(media="screen")
    assert not page.locator(".print-address").is_visible()
    page.close()


def test_the_phone_menu_button_has_a_name(browser, served_mini: str) -> None:
    """Material's menu button is an icon in a label: a screen reader read it as nothing."""
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(served_mini + P131)
    button = page.get_by_label("Navigation", exact=True).and_(page.locator("label[for='__drawer']"))
    button.click()
    assert page.evaluate("() => document.getElementById('__drawer').checked")
    page.close()
