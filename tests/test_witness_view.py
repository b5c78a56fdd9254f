"""The reader's choice of witness, in headless Chromium at a desktop's
1280 × 900 and a phone's 390 × 844: on a document in two witnesses the
diplomatic view shows the one chosen — its words at every variant, a sign
where it lacks them — while the reading view keeps the base witness's; the
choice is the document's own; search holds the base witness's words only.
Screenshots are kept in tests/artifacts/ for people to look at."""

from __future__ import annotations

import json
import textwrap

import pytest
from bs4 import BeautifulSoup

from .conftest import MINI_BIB, MINI_CHANGELOG, MINI_CONFIG, run_mkdocs, search_index, serve
from .test_accessibility import serious_violations
from .test_browser import ARTIFACTS
from .test_reading_first import SIZES
from .test_witnesses import TWO

LETTER = TWO + """\
::text lines
::page 1
Along {var: A: the border | B: the frontier} the patrols
moved {var: A: at once | B:} and {var: A: | B: quietly} back.
"""
# Another document, whose witnesses are its own: its 'C' is not the letter's 'B'.
REPORT = TWO.replace("{A: the typescript, B: the carbon copy}", "{A: the draft, C: the fair copy}").replace(
    "title: A test document", "title: A report") + """\
::text lines
::page 1
The {var: A: post | C: outpost} held.
"""
# Material's instant navigation keeps <html> and the scripts from page to page, as the real editions do.
CONFIG = MINI_CONFIG.replace("  name: material\n", "  name: material\n  features: [navigation.instant]\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("witnesses")
    (folder / "mkdocs.yml").write_text(CONFIG.format(anchors="false", published="false"))
    (folder / "changelog.md").write_text(MINI_CHANGELOG, encoding="utf-8")
    (folder / "bibliography.bib").write_text(MINI_BIB, encoding="utf-8")
    (folder / "register.yml").write_text("", encoding="utf-8")
    for name, text in {"index.md": "# Home\n", "texts/letter.md": LETTER, "texts/report.md": REPORT}.items():
        path = folder / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    build = run_mkdocs(folder, folder / "site")
    assert build.returncode == 0 and build.warnings() == [], build.log
    with serve(build.site) as base:
        yield base, build


def shown(page) -> str:
    """The text's words as the reader sees them: each sign by its name, each printed line's end a space
    (CSS draws them: innerText has them not)."""
    return page.evaluate("""() => {
        const text = document.querySelector('section.transcription p');
        const signs = [...text.querySelectorAll('.app-om')].filter(sign => sign.getClientRects().length);
        signs.forEach(sign => { sign.textContent = '[' + sign.getAttribute('aria-label') + ']'; });
        text.querySelectorAll('.lb').forEach(lb => { lb.textContent = '\\u00a0'; });
        const words = text.innerText;
        [...signs, ...text.querySelectorAll('.lb')].forEach(el => { el.textContent = ''; });
        return words.replace(/\\s+/g, ' ').trim();
    }""")


def sign_of(page, anchor: str) -> dict:
    """The omission sign of a mark as drawn: its text (CSS's), its size, and its name."""
    return page.evaluate("""id => {
        const sign = [...document.getElementById(id).querySelectorAll('.app-om')].find(s => s.getClientRects().length);
        const box = sign.getBoundingClientRect();
        return {text: getComputedStyle(sign, '::before').content, width: box.width > 10, height: box.height > 10,
                role: sign.getAttribute('role'), name: sign.getAttribute('aria-label')};
    }""", anchor)


@pytest.mark.parametrize("size", SIZES)
def test_the_reader_chooses_the_witness_of_the_diplomatic_view(browser, site, size: str) -> None:
    base, _ = site
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.goto(base + "texts/letter/")
    ARTIFACTS.mkdir(exist_ok=True)
    # The reading view: the base witness's words, a sign where it has none; no choice of witness offered.
    assert shown(page) == "p. 1 Along the border the patrols moved at once and [not in witness A] back."
    assert sign_of(page, "p1.l2.e2") == {"text": '"om.\u2009A"', "width": True, "height": True, "role": "img",
                                         "name": "not in witness A"}
    assert not page.get_by_label("Witness", exact=True).is_visible()
    page.screenshot(path=ARTIFACTS / f"witnesses-{size}-reading.png")

    page.get_by_role("link", name="Diplomatic text").click()
    choice = page.get_by_label("Witness", exact=True)
    assert choice.is_visible() and choice.input_value() == "A"
    assert page.locator("#witness-choice option").all_inner_texts() == ["A — the typescript", "B — the carbon copy"]
    assert shown(page) == "p. 1 Along the border the patrols moved at once and [not in witness A] back."
    choice.select_option("B")
    assert page.locator(".witness-switch [role=status]").inner_text() == "Showing witness B, the carbon copy"
    assert page.evaluate("() => document.documentElement.dataset.witness") == "B"
    assert shown(page) == "p. 1 Along the frontier the patrols moved [not in witness B] and quietly back."
    assert sign_of(page, "p1.l2.e1")["text"] == '"om.\u2009B"'
    assert serious_violations(page) == []
    page.screenshot(path=ARTIFACTS / f"witnesses-{size}-diplomatic-B.png")

    page.get_by_role("link", name="Reading text").click()  # the edited text follows the base witness
    assert shown(page) == "p. 1 Along the border the patrols moved at once and [not in witness A] back."
    assert serious_violations(page) == []
    context.close()


def test_the_choice_is_each_documents_own(browser, site) -> None:
    base, _ = site
    context = browser.new_context(viewport=SIZES["desktop"])
    page = context.new_page()
    page.goto(base + "texts/letter/")
    page.get_by_role("link", name="Diplomatic text").click()
    page.get_by_label("Witness", exact=True).select_option("B")
    page.get_by_role("link", name="A report").click()  # by instant navigation
    page.wait_for_url("**/texts/report/")
    page.wait_for_selector("#witness-choice")
    assert page.evaluate("() => document.documentElement.dataset.witness") is None  # it has no 'B'
    assert page.get_by_label("Witness", exact=True).input_value() == "A"
    assert page.locator("#witness-choice option").all_inner_texts() == ["A — the draft", "C — the fair copy"]
    assert shown(page) == "p. 1 The post held."
    page.go_back()
    page.wait_for_url("**/texts/letter/")
    page.wait_for_selector("#witness-choice")
    assert page.get_by_label("Witness", exact=True).input_value() == "B"  # the letter's, remembered
    assert shown(page) == "p. 1 Along the frontier the patrols moved [not in witness B] and quietly back."
    page.reload()
    assert shown(page) == "p. 1 Along the frontier the patrols moved [not in witness B] and quietly back."
    context.close()


def test_without_javascript_the_base_witness_shows(browser, site) -> None:
    base, build = site
    page_html = BeautifulSoup((build.site / "texts/letter/index.html").read_text(encoding="utf-8"), "html.parser")
    assert json.loads(page_html.select_one("section.transcription")["data-witnesses"]) == {
        "A": "the typescript", "B": "the carbon copy"}  # what view.js offers, the base first
    context = browser.new_context(java_script_enabled=False, viewport=SIZES["desktop"])
    page = context.new_page()
    page.goto(base + "texts/letter/#diplomatic")
    assert page.locator(".witness-switch").count() == 0
    assert shown(page) == "p. 1 Along the border the patrols moved at once and [not in witness A] back."
    assert " ".join(page.locator("section.apparatus li").all_inner_texts()[1].split()).startswith(
        "p. 1, l. 2 at once A ] om. B — variant reading")
    context.close()


def test_search_holds_the_text_in_the_base_witnesss_words(tab, site) -> None:
    """The other witnesses' words are found in the apparatus, never glued into the text ('borderfrontier')."""
    base, _ = site
    [(url, excerpt)] = search_index(tab, base, "patrols")
    assert url == "texts/letter/" and "Text. Along the border the patrols moved at once and back." in excerpt
    assert "frontier" not in excerpt and "quietly" not in excerpt
    assert all("the border A ] the frontier B" in excerpt for _, excerpt in search_index(tab, base, "frontier"))
