"""Reading first: a document page opens on its text.

In headless Chromium, at a desktop's 1280 × 900 and a phone's 390 × 844:
the first line of the transcription shows in the first screen, under the
title, one sentence on the source and the view switch; what the edition
says of the text (the metadata, the downloads, "Cite this", the editors'
introduction) is folded shut above it, one tap away, and opens without
JavaScript; "Skip to content" goes to the text.  Screenshots of the book
page, in both views at both sizes, are kept in tests/artifacts/ for people
to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from . import miniature
from .conftest import loaded, visit

ARTIFACTS = Path(__file__).parent / "artifacts"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Each document page, and the first element of its text: a printed line, a numbered paragraph.
FIRST = {"book": (miniature.BOOK, "p131.l1"), "article": (miniature.ARTICLE, "para1")}


def first_line_box(page, anchor: str) -> dict:
    """Where the first row of the text's first line is drawn, in the window:
    the first visible word at or after the element `anchor` names."""
    return page.evaluate("""id => {
        const start = document.getElementById(id);
        const walker = document.createTreeWalker(document.querySelector('section.transcription'),
                                                 NodeFilter.SHOW_TEXT);
        walker.currentNode = start;
        for (let node = start.firstChild && start.firstChild.nodeType === 3 ? start.firstChild : walker.nextNode();
             node; node = walker.nextNode()) {
            if (!node.textContent.trim()) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            const row = [...range.getClientRects()].find(r => r.width > 0 && r.height > 0);
            if (row) return {top: row.top, bottom: row.bottom, text: node.textContent.trim().slice(0, 30)};
        }
        return null;
    }""", anchor)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", FIRST)
def test_the_text_begins_in_the_first_screen(tab, served_mini: str, kind: str, size: str) -> None:
    address, anchor = FIRST[kind]
    viewport = SIZES[size]
    page = visit(tab, served_mini + address, **viewport)
    row = first_line_box(page, anchor)
    assert 0 < row["top"] and row["bottom"] <= viewport["height"], (kind, size, row)
    # Above it: the title, the sentence on the source, the view switch; nothing of the folds open.
    for selector in ("h1", "p.source-line", ".view-switch"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= row["top"], selector
    assert page.locator(".document-front > details[open]").count() == 0


def test_the_sentence_on_the_source_says_what_the_front_matter_says(mini_build) -> None:
    def soup(address: str) -> BeautifulSoup:
        return BeautifulSoup((mini_build.site / address / "index.html").read_text(encoding="utf-8"), "html.parser")

    line = soup(miniature.BOOK).select_one("p.source-line")
    assert " ".join(line.get_text().split()) == (
        "Page 131 of Hiroaki Kuromiya and Georges Mamoulia, The Eurasian Triangle: Russia, the Caucasus and "
        "Japan, 1904–1945. De Gruyter, 2016 (unverified).")
    # The date is not confirmed (the front matter's `unverified`): marked, the reason on the mark.
    mark = line.select_one(".unverified")
    assert mark.get_text() == "(unverified)" and "2016 is not confirmed" in mark["title"]
    said = " ".join(soup(miniature.ARTICLE).select_one("p.source-line").get_text().split())
    assert said == ("Олег Пархітько [Oleh Parkhitko] (unverified), “Lake Hassan: the conflict between two empires "
                    "and rewritten history”, Intent (Інтент), Odesa, 21 May 2025, 22:23.")


@pytest.mark.parametrize("kind", FIRST)
def test_skip_to_content_goes_to_the_text(browser, served_mini: str, kind: str) -> None:
    page = browser.new_page(viewport=SIZES["desktop"])
    page.goto(served_mini + FIRST[kind][0])
    assert page.get_attribute("a.md-skip", "href").endswith("#text")
    # The table of contents keeps the page's order: the introduction first.
    toc = page.eval_on_selector_all(".md-nav--secondary > .md-nav__list > li > a", "as => as.map(a => a.hash)")
    assert toc[:1] == ["#introduction"] and "#text" in toc
    page.keyboard.press("Tab")  # the skip link is the first stop
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#text'")
    # The heading comes to the top of the window (Material's instant navigation may re-render it first).
    page.wait_for_function("() => { const el = document.getElementById('text'); if (!el) return false;"
                           " const top = el.getBoundingClientRect().top; return top >= 0 && top < 200; }")
    page.close()


def test_without_javascript_every_fold_opens_and_holds_its_content(browser, served_mini: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=SIZES["phone"])
    page = context.new_page()
    page.goto(served_mini + miniature.BOOK)
    folds = page.locator(".document-front > details")
    assert folds.count() == 3
    for name, selector, holds in (
            ("introduction", "details.introduction", "This is page 131 of Hiroaki Kuromiya"),
            ("metadata and downloads", "details.about", "The text layer of the book"),
            ("cite this", "details.cite", "Permanent address")):
        fold = page.locator(selector)
        assert fold.get_attribute("open") is None, name
        assert holds in fold.text_content(), name  # in the page, for search and every reader
        fold.locator("> summary").click()
        assert fold.get_attribute("open") is not None, name
        assert fold.get_by_text(holds, exact=False).first.is_visible(), name
    assert page.locator("details.about a[href='tei.xml']").is_visible()
    # The introduction keeps its address and its heading.
    assert page.locator("details.introduction > summary h2#introduction").count() == 1
    context.close()


def test_a_link_into_the_introduction_opens_its_fold(tab, served_mini: str) -> None:
    page = visit(tab, served_mini + miniature.BOOK + "#see-also", **SIZES["desktop"])
    page.wait_for_function("() => document.querySelector('details.introduction').open")
    assert page.locator("#see-also").is_visible()


def test_the_diplomatic_view_on_a_phone_marks_where_a_printed_line_wraps(tab, served_mini: str) -> None:
    """A printed line wider than a phone wraps: its first row at the margin,
    the rows it wraps onto indented, each with a "↪"; its number stays on its first row."""
    page = visit(tab, served_mini + miniature.BOOK + "#diplomatic", **SIZES["phone"])
    assert page.evaluate("() => document.documentElement.dataset.view") == "diplomatic"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # nothing scrolls sideways
    rows = page.evaluate("""() => {
        const lines = [...document.querySelectorAll('.transcription .lb')];
        const starts = lines.map((lb, i) => {
            const r = document.createRange(); r.setStartAfter(lb);
            const next = lines[i + 1], holder = lb.closest('p, li');
            if (next && holder.contains(next)) r.setEndBefore(next); else r.setEnd(holder, holder.childNodes.length);
            const rects = [...r.getClientRects()].filter(x => x.width && x.height);
            return {first: rects[0].left, rest: Math.min(...rects.filter(x => x.top >= rects[0].bottom - 1).map(x => x.left)),
                    wrapped: rects.some(x => x.top >= rects[0].bottom - 1)};
        });
        return {starts, marks: document.querySelectorAll('.transcription .wrap-marks .wrap-mark').length};
    }""")
    wrapped = [s for s in rows["starts"] if s["wrapped"]]
    assert len(wrapped) > 20  # a printed line is wider than a phone
    assert all(s["rest"] > s["first"] for s in wrapped)  # a wrap hangs indented under its line's start
    assert rows["marks"] >= len(wrapped)  # and is marked
    # The number 5 is on the first row of line 5, beside "rested in the city".
    number = page.evaluate("""() => { const s = getComputedStyle(document.getElementById('p131.l5'), '::after');
        return s.content; }""")
    assert number == '"5"'
    # The marks are no part of the text: not read out, not copied.
    assert page.evaluate("() => document.querySelector('.wrap-marks').getAttribute('aria-hidden')") == "true"
    assert "↪" not in page.inner_text("section.transcription")


def test_the_block_quotation_is_set_as_the_text_around_it(tab, served_mini: str) -> None:
    page = visit(tab, served_mini + miniature.BOOK, **SIZES["desktop"])
    style = """s => { const c = getComputedStyle(document.querySelector(s)); return [c.fontSize, c.color]; }"""
    assert page.evaluate(style, ".transcription blockquote p") == page.evaluate(style, ".transcription > p")
    page.goto(served_mini + miniature.ARTICLE)
    font = "s => getComputedStyle(document.querySelector(s)).fontFamily"
    assert page.evaluate(font, ".source-heading") == page.evaluate(font, ".transcription p.numbered")


def test_the_apparatus_summary_fits_a_phone(tab, served_mini: str) -> None:
    page = visit(tab, served_mini + "apparatus/", **SIZES["phone"])
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    table = page.locator(".apparatus-summary table")
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")


@pytest.mark.parametrize("view", ["reading", "diplomatic"])
@pytest.mark.parametrize("size", SIZES)
def test_screenshots_of_the_book_page(tab, served_mini: str, size: str, view: str) -> None:
    """For people to look at: the first screen, and the text a screen further."""
    page = visit(tab, served_mini + miniature.BOOK + ("#diplomatic" if view == "diplomatic" else ""), **SIZES[size])
    page.evaluate("() => window.scrollTo(0, 0)")
    page.wait_for_timeout(400)  # Material's header has shown the site's name again
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"reading-first-p131-{view}-{size}.png")
    page.evaluate("() => window.scrollTo(0, document.getElementById('p131.l1').getBoundingClientRect().top"
                  " + scrollY - 100)")
    page.wait_for_timeout(400)
    page.screenshot(path=ARTIFACTS / f"reading-first-p131-{view}-{size}-text.png")


PAGE_KINDS = {"home": "", "article": miniature.ARTICLE, "register": "register/", "entry": "register/blyukher/",
              "chronology": "chronology/", "bibliography": "bibliography/", "apparatus": "apparatus/",
              "corrigenda": "corrigenda/"}


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshots_of_every_kind_of_page(browser, served_mini: str, size: str) -> None:
    """Kept for review (tests/artifacts/): every kind of page the edition makes, as a reader first sees it,
    and a search's results.  What they must show is tested elsewhere; here, nothing may scroll sideways."""
    page = browser.new_page(viewport=SIZES[size])
    ARTIFACTS.mkdir(exist_ok=True)
    for kind, address in PAGE_KINDS.items():
        page.goto(served_mini + address)
        loaded(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (kind, size)
        page.screenshot(path=ARTIFACTS / f"page-{kind}-{size}.png")
    page.goto(served_mini)
    page.keyboard.press("/")  # Material's key for search
    page.keyboard.type("Blyukher")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_timeout(300)
    page.screenshot(path=ARTIFACTS / f"page-search-{size}.png")
    page.close()
