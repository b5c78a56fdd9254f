"""Every mark of the text is seen, reached and understood ("Reading first"):
mentions of the register, changes of the apparatus, restored spaces and
note markers are told apart by shape as well as colour, at WCAG 2.2 AA
contrast and target size, named and described to screen readers, and open
in place (a popover beside the word) by pointer, touch and keyboard; the
link each mark is stays the way to the note or entry without JavaScript.
Also: passages in Cyrillic carry their language, a printed page ending
mid-sentence is marked, and the apparatus summary lists only the kinds
the edition has."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from playwright.sync_api import expect
from bs4 import BeautifulSoup

from edition.apparatus import KINDS, Mark
from edition.apparatus_html import summary_element
from edition.diagnostics import Loc
from edition.extension import CONTINUES, language_of
from edition.model import Emendation

from . import miniature
from .conftest import loaded, visit

ARTIFACTS = Path(__file__).parent / "artifacts"
GOLDEN = Path(__file__).parent / "golden"
BOOK = miniature.BOOK
ARTICLE = miniature.ARTICLE


def render(text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(text, extensions=["edition.extension", "toc"]), "html.parser")


def golden(name: str) -> BeautifulSoup:
    return render((GOLDEN / f"{name}.md").read_text(encoding="utf-8"))


# --- The HTML -------------------------------------------------------------

def test_an_apparatus_mark_is_described_by_its_entry_not_read_as_both_readings() -> None:
    soup = golden("apparatus-marks")
    marks = soup.select("a.app, a.hy")
    assert len(marks) == 9
    for mark in marks:
        entry = soup.find(id=mark["aria-describedby"])
        assert entry is not None and "app-entry" in entry["class"], mark
        assert entry["id"] == mark["href"].removeprefix("#")
    # A restored space has no words: its name says what it is.
    spaces = soup.select("a.app-space")
    assert spaces and all(a["aria-label"] == "lost space restored" for a in spaces)


def test_a_note_marker_is_named_as_a_note() -> None:
    soup = golden("author-and-editorial-notes")
    names = [a["aria-label"] for a in soup.select("sup.note-ref > a.footnote-ref")]
    assert names and all(re.fullmatch(r"(Note \S+|Editorial note [a-z]+)", n) for n in names), names


def test_a_page_ending_mid_sentence_is_marked_outside_the_text() -> None:
    soup = golden("page-break-mid-paragraph")  # "… runs on to accom-" / page 13 / "modate the next page."
    marks = soup.select(".page-continues")
    assert len(marks) == 1  # page 12 ends mid-word; page 13 (the text's end) with a full stop
    mark = marks[0]
    assert mark.get_text() == ""  # drawn by CSS: never copied, searched or read as a word
    assert mark["role"] == "img" and mark["aria-label"] == CONTINUES and mark.has_attr("data-pagefind-ignore")
    assert mark.find_next_sibling()["class"] == ["pb"]  # just before the next page's break
    assert mark.find_previous_sibling()["class"] == ["hy"]  # after the printed hyphen


def test_continuation_marks_only_where_a_sentence_runs_on() -> None:
    soup = render("::text lines\n\n::page 1\nA sentence that ends.\n::page 2\nOne that runs on\n::page 3\n"
                  "to “the end.”\n\n::page 4\nA paragraph that runs on\n\n::page 5\ninto another\n")
    marks = soup.select(".page-continues")
    # Page 2 ends "runs on" (inline page break), page 4 at its paragraph's end, page 5 at the text's end.
    assert len(marks) == 3
    assert [words_before(m)[-2:] for m in marks] == [["runs", "on"], ["runs", "on"], ["into", "another"]]
    # A born-digital text has no printed pages.
    assert not render("::text paragraphs\n\nNo full stop").select(".page-continues")


@pytest.mark.parametrize("apart", ["{signature: I. Ivanov}", "{stamp: RGVA}", "{margin: see file 2}",
                                   "\n::figure bottom:\nMap of Lake Khasan", "\n::table\nLosses\n| a | b |\n| - | - |\n| 1 | 2 |"])
def test_words_apart_from_the_sentences_end_no_sentence(apart: str) -> None:
    """A page whose sentence ends before a signature, a stamp, a marginal note, a
    figure's caption or a table has no continuation mark after them."""
    soup = render(f"::text lines\n\n::page 1\nThe order is given.\n{apart}\n\n::page 2\nNext.\n")
    assert soup.select(".page-continues") == []


def words_before(mark) -> list[str]:
    """The words of the text before a mark, in its paragraph (the pages' labels left out)."""
    text = ""
    for node in mark.find_parent("p").descendants:
        if node is mark:
            break
        if isinstance(node, str) and not node.find_parent(class_="pb"):
            text += node
    return text.split()


def test_cyrillic_passages_carry_their_language() -> None:
    soup = golden("numbered-paragraphs")
    assert soup.select_one(".byline")["lang"] == "uk"  # Олег Пархітько: 'і' is Ukrainian
    assert soup.select_one(".fw-text")["lang"] == "und-Cyrl"  # Меню: Ukrainian or Russian, undetermined
    inline = render("::text paragraphs\n\nThe title, «Озеро Хасан: конфлікт», in English.\n")
    span = inline.select_one("span[lang]")
    assert span["lang"] == "uk" and span.get_text() == "Озеро Хасан: конфлікт"
    assert inline.select_one("p").get_text() == "The title, «Озеро Хасан: конфлікт», in English."
    assert [language_of(w) for w in ("Фриновский", "Блюхер", "Пархітько", "Сталин ещё", "Мінск ў")] == [
        "und-Cyrl", "und-Cyrl", "uk", "ru", "be"]


def test_the_apparatus_summary_has_no_row_of_noughts() -> None:
    def change(kind: str) -> Emendation:
        return Emendation(Mark(kind, "a", "b"), "p1.l1.e1", "p. 1, l. 1", Loc("t.md", 1, 1))

    root = summary_element([("One", "one/", [change("sic"), change("ligature")]), ("Two", "two/", [change("sic")])])
    rows = {tr.find("td").findtext("a"): [td.text for td in tr.findall("td")[2:]] for tr in root.iter("tr")
            if tr.find("td") is not None}  # kind, whose, then the counts
    assert rows == {KINDS["ligature"].label: ["1", "0", "1"], KINDS["sic"].label: ["1", "1", "2"]}


def test_the_built_page_gives_marks_what_their_popovers_need(mini_build) -> None:
    soup = BeautifulSoup((mini_build.site / BOOK / "index.html").read_text(encoding="utf-8"), "html.parser")
    for a in soup.select("section.transcription a.mention"):
        assert a["data-name"] and a["href"].startswith("../../register/"), a
    for a in soup.select("a.footnote-ref"):
        assert soup.find(id=a["href"].removeprefix("#")) is not None
    for a in soup.select("a.app, a.hy"):
        assert soup.find(id=a["aria-describedby"]) is not None
    assert soup.select(".page-continues")  # the page ends "… other imperial powers"


# --- In Chromium ----------------------------------------------------------

MARKER = "a.footnote-ref[href$='#n17']"
SIC = "[id='p131.l11.e1']"  # "sought", printed "sough"
MENTION = "section.transcription a.mention[data-entity='berton']"


def open_page(browser, base: str, width: int = 1280, height: int = 900, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    page.goto(base + BOOK)
    loaded(page)
    return context, page


def popovers(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('.edition-popover')].map(p => p.getAttribute('aria-label'))")


def hit_area(page, selector: str, nth: int = 0) -> dict:
    """Whether a click anywhere in some 24 × 24 px square over a mark lands on it
    (WCAG 2.5.8's target size): the clicks, one a pixel, in a 48 × 48 px region
    centred on the mark; `square` is whether a whole 24 × 24 square of them hit it."""
    return page.evaluate("""([selector, nth]) => {
        const mark = document.querySelectorAll(selector)[nth];
        mark.scrollIntoView({block: 'center'});
        const r = mark.getClientRects()[0];
        const x0 = r.left + r.width / 2 - 24, y0 = r.top + r.height / 2 - 24;
        const hit = [];
        for (let y = 0; y < 48; y++) {
            hit.push([]);
            for (let x = 0; x < 48; x++) {
                const el = document.elementFromPoint(x0 + x + 0.5, y0 + y + 0.5);
                hit[y].push(!!el && (el === mark || mark.contains(el)));
            }
        }
        let square = false;
        for (let y = 0; y <= 24 && !square; y++) for (let x = 0; x <= 24 && !square; x++) {
            let all = true;
            for (let dy = 0; dy < 24 && all; dy++) for (let dx = 0; dx < 24 && all; dx++) all = hit[y + dy][x + dx];
            square = all;
        }
        return {square, width: r.width, height: r.height,
                hits: hit.flat().filter(Boolean).length};
    }""", [selector, nth])


def test_every_note_marker_can_be_hit_in_24_by_24_px(tab, served_mini: str) -> None:
    page = visit(tab, served_mini + BOOK)
    count = page.locator("section.transcription a.footnote-ref").count()
    assert count == 6
    for i in range(count):
        area = hit_area(page, "section.transcription a.footnote-ref", i)
        assert area["square"], (i, area)  # though the number itself is about 11 px high


def test_a_restored_space_is_seen_and_can_be_hit(tab, served_mini: str) -> None:
    page = visit(tab, served_mini + BOOK)
    spaces = "section.transcription a.app-space"
    count = page.locator(spaces).count()
    assert count >= 5
    for i in range(count):
        box = page.locator(spaces).nth(i).bounding_box()
        assert box["width"] >= 8, box  # an open box (⌴), no longer a 4-px gap
        area = hit_area(page, spaces, i)
        assert area["square"], (i, area)
    border = page.evaluate("s => getComputedStyle(document.querySelector(s)).borderBottomColor", spaces)
    assert contrast(parse(border), (255, 255, 255)) >= 3.0, border


def parse(color: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", color)[:3])


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_marks_are_told_by_shape_and_contrast(tab, served_mini: str) -> None:
    page = visit(tab, served_mini + BOOK)
    style = page.evaluate("""() => Object.fromEntries(['a.mention', 'a.app-sic', 'a.footnote-ref', '.author-notes li']
        .map(s => { const c = getComputedStyle(document.querySelector(s));
            return [s, {color: c.color, line: c.textDecorationLine, style: c.textDecorationStyle,
                        under: c.textDecorationColor, size: parseFloat(c.fontSize)}]; }))""")
    white = (255, 255, 255)
    # A name: the text's own colour, a solid underline; a change: a dotted one (1.4.1, by shape).
    assert (style["a.mention"]["line"], style["a.mention"]["style"]) == ("underline", "solid")
    assert (style["a.app-sic"]["line"], style["a.app-sic"]["style"]) == ("underline", "dotted")
    assert style["a.mention"]["under"] != style["a.app-sic"]["under"]
    for mark in ("a.mention", "a.app-sic"):
        assert contrast(parse(style[mark]["color"]), white) >= 4.5, style[mark]  # the words
        assert contrast(parse(style[mark]["under"]), white) >= 3.0, style[mark]  # the indicator (1.4.11)
    assert contrast(parse(style["a.footnote-ref"]["color"]), white) >= 4.5
    assert style["a.footnote-ref"]["line"] == "underline"
    # Notes are read as text: 15 px, in the text's colour.
    assert style[".author-notes li"]["size"] >= 15
    assert contrast(parse(style[".author-notes li"]["color"]), white) >= 7, style[".author-notes li"]
    # The mention and the correction keep a 24-px high hit area (padding; no line grows).
    for mark in ("a.mention", "a.app-sic"):
        assert hit_area(page, mark)["square"], mark


def test_a_note_opens_beside_its_marker_on_hover_and_closes_when_left(tab, served_mini: str) -> None:
    page = visit(tab, served_mini + BOOK)
    page.hover(MARKER)
    page.wait_for_selector(".edition-popover")
    assert popovers(page) == ["Note 17"]
    box = page.locator(".edition-popover")
    assert box.inner_text().startswith("Note 17")
    assert "Peter Berton" in box.inner_text() and "Acta Slavica Iaponica" in box.inner_text()
    marker = page.locator(MARKER).bounding_box()
    pop = box.bounding_box()
    assert abs(pop["y"] - (marker["y"] + marker["height"])) < 40 or pop["y"] + pop["height"] <= marker["y"] + 2
    # Nothing in it has an id of its own (a copy of the note: no duplicate ids).
    assert page.evaluate("() => document.querySelectorAll('.edition-popover [id]').length") == 0
    # Material's own preview is out of sight.
    assert page.evaluate("() => [...document.querySelectorAll('.md-tooltip2')]"
                         ".every(t => getComputedStyle(t).display === 'none')")
    page.mouse.move(5, 880)
    page.wait_for_selector(".edition-popover", state="detached")
    assert page.url.endswith(BOOK)


def test_a_click_opens_a_popover_and_does_not_navigate(tab, served_mini: str) -> None:
    page = visit(tab, served_mini + BOOK)
    for selector, name in ((SIC, "Apparatus: error of the source"), (MENTION, "Register: Peter Berton"),
                           (MARKER, "Note 17")):
        page.click(selector)
        assert popovers(page) == [name]
        assert page.url.endswith(BOOK), page.url  # no jump to the foot of the page, nor to the register
    # The entry's parts: the reading text, the witness, the reason.
    page.click(SIC)
    text = page.locator(".edition-popover").inner_text()
    for part in ("Reading text", "sought", "Witness", "sough [sic]", "Reason", "the book’s own misprint"):
        assert part in text, text
    # Clicking elsewhere closes it; the popover's link goes on to the entry.
    page.mouse.click(5, 880)
    assert popovers(page) == []
    page.click(SIC)
    page.get_by_role("link", name="Go to the apparatus entry").click()
    expect(page).to_have_url(re.compile(r"#app-p131\.l11\.e1$"))
    assert popovers(page) == []


def test_a_tap_opens_a_popover_and_a_second_tap_closes_it(browser, served_mini: str) -> None:
    context, page = open_page(browser, served_mini, 390, 844, has_touch=True, is_mobile=True)
    page.locator(MENTION).scroll_into_view_if_needed()
    page.tap(MENTION)
    assert popovers(page) == ["Register: Peter Berton"]
    card = page.locator(".edition-popover")
    assert "Peter Berton" in card.inner_text()
    # The card says what the entry is, from the register: its type and description.
    assert "person" in card.inner_text() and "Author of an article on Russo-Japanese diplomacy" in card.inner_text()
    assert card.get_by_role("link").first.get_attribute("href").endswith("register/berton/")
    assert page.url.endswith(BOOK)
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # within the phone's width
    page.screenshot(path=ARTIFACTS / "p131-popover-mention-390.png")
    page.tap(MENTION)
    assert popovers(page) == []
    page.tap(MARKER)
    assert popovers(page) == ["Note 17"]
    page.screenshot(path=ARTIFACTS / "p131-popover-note-390.png")
    context.close()


def test_popovers_work_from_the_keyboard(browser, served_mini: str) -> None:
    context, page = open_page(browser, served_mini)
    # Tabbing through the text: a preview opens on each mark, and Tab goes on to the next mark.
    page.focus("a.footnote-ref[href$='#n14']")
    assert popovers(page) == ["Note 14"]
    page.keyboard.press("Tab")
    assert "app-space" in page.evaluate("() => document.activeElement.className")
    assert popovers(page) == ["Apparatus: lost space"]
    page.focus(MARKER)
    assert popovers(page) == ["Note 17"]  # the focus opens it, as a preview
    # ... which Tab passes over: the next stop is the restored space after the marker.
    assert page.evaluate("() => document.querySelector('.edition-popover').inert")
    page.keyboard.press("Escape")
    assert popovers(page) == []
    assert page.evaluate("s => document.activeElement.matches(s)", MARKER)  # the focus stays on the mark
    assert page.get_attribute(MARKER, "aria-expanded") == "false"
    # Enter opens it and moves into it; Tab reaches its link; Escape closes it, the focus back on the mark.
    page.keyboard.press("Enter")
    assert popovers(page) == ["Note 17"]
    assert page.get_attribute(MARKER, "aria-expanded") == "true"
    assert page.evaluate("() => document.activeElement.matches('.edition-popover')")
    assert page.url.endswith(BOOK)
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent") == "Go to note 17":
            break
    assert page.evaluate("() => document.activeElement.closest('.edition-popover') !== null")
    page.keyboard.press("Escape")
    assert popovers(page) == []
    assert page.evaluate("s => document.activeElement.matches(s)", MARKER)
    # Enter, then Enter on its link: to the note.
    page.keyboard.press("Enter")
    page.locator(".edition-popover").get_by_role("link", name="Go to note 17").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#n17$"))
    context.close()


def test_without_javascript_a_mark_is_a_link_to_its_note_or_entry(browser, served_mini: str) -> None:
    context, page = open_page(browser, served_mini, java_script_enabled=False)
    page.click(MARKER)
    expect(page).to_have_url(re.compile(r"#n17$"))
    page.click(SIC)
    expect(page).to_have_url(re.compile(r"#app-p131\.l11\.e1$"))
    page.click(MENTION)
    page.wait_for_url("**/register/berton/")
    context.close()


def test_cite_this_passage_covers_no_opened_note_nor_popover(browser, served_mini: str) -> None:
    for width, height in ((1280, 900), (390, 844)):
        context, page = open_page(browser, served_mini, width, height, has_touch=width < 500)
        page.evaluate("() => { location.hash = 'n17'; }")
        page.wait_for_selector("button.cite-passage:not([hidden])")
        page.wait_for_timeout(100)
        button = page.locator("button.cite-passage").bounding_box()
        note = page.locator("[id='n17']").bounding_box()
        assert not overlap(button, note), (width, button, note)
        if width > 1000:  # beside the text, where the page has room
            text = page.locator(".md-content").bounding_box()
            assert not overlap(button, text), (button, text)
        # A popover opened near the foot of the window.
        page.evaluate(f"""() => {{ const m = document.querySelector("{MARKER}");
            window.scrollBy(0, m.getBoundingClientRect().bottom - innerHeight + 60); }}""")
        if width < 500:
            page.tap(MARKER)
        else:
            page.click(MARKER)
        page.wait_for_timeout(100)
        pop = page.locator(".edition-popover").bounding_box()
        button = page.locator("button.cite-passage").bounding_box()
        visible = page.evaluate("() => getComputedStyle(document.querySelector('button.cite-passage')).visibility")
        assert visible == "hidden" or not overlap(button, pop), (width, button, pop)
        page.screenshot(path=ARTIFACTS / f"p131-popover-note-{width}-cite.png")
        context.close()


def overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def test_screenshots_of_popovers_at_desktop_and_phone_width(browser, served_mini: str) -> None:
    context, page = open_page(browser, served_mini, 1280, 900)
    page.locator(SIC).scroll_into_view_if_needed()
    page.hover(SIC)
    page.wait_for_selector(".edition-popover")
    page.screenshot(path=ARTIFACTS / "p131-popover-apparatus-1280.png")
    page.mouse.move(5, 880)
    page.hover(MARKER)
    page.wait_for_selector(".edition-popover[aria-label='Note 17']")
    page.screenshot(path=ARTIFACTS / "p131-popover-note-1280.png")
    context.close()
    context, page = open_page(browser, served_mini, 390, 844, has_touch=True, is_mobile=True)
    page.locator(SIC).scroll_into_view_if_needed()
    page.tap(SIC)
    box = page.locator(".edition-popover").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path=ARTIFACTS / "p131-popover-apparatus-390.png")
    context.close()


@pytest.mark.parametrize("address", [BOOK, ARTICLE])
def test_cyrillic_is_tagged_on_the_built_page(mini_build, address: str) -> None:
    soup = BeautifulSoup((mini_build.site / address / "index.html").read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("article") or soup
    for text in body.find_all(string=re.compile("[А-Яа-яІіЇїЄєҐґ]")):
        if text.find_parent(["script", "style", "code", "pre"]):
            continue
        assert text.find_parent(attrs={"lang": True}) is not None, text
