"""No pull request can run script on the published site (issue 9).

Known cross-site-scripting payloads are put where contributors write: a
source's front matter, introduction, transcription, notes and apparatus
reasons; the bibliography; the register.  The miniature edition is built
(the strict build fails on the payloads that are mistakes, ED010 and
ED011, and still writes every page, which the test then loads: even a build
that is never published must be harmless) and every kind of page is opened
in headless Chromium, hovered, focused and clicked: no payload runs, and
each one is shown to the reader as the text it is.
"""

from __future__ import annotations

import re

import pytest

from .conftest import FRONT_MATTER, copy_mini, run_mkdocs, serve
from .test_search import results

# Each payload, if it ever ran, would call alert(): Chromium reports it as a dialog.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    '"><script>alert(4)</script>',
    "<iframe src=\"javascript:alert(5)\"></iframe>",
    "<a href=\"javascript:alert(6)\">a link</a>",
    "<details open ontoggle=alert(7)>",
    "';alert(8);//",
    "${alert(9)}",  # a template literal's syntax
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(10)>",
]
TEXT = "\n".join(f"A line saying {p} as printed." for p in PAYLOADS)
DOCUMENT = FRONT_MATTER.replace("title: A test document", "title: 'Payloads <script>alert(11)</script>'").replace(
    "witness: the test's own text", "witness: '<img src=x onerror=alert(12)>'").replace(
    "  language: en\n", "  language: en\n  url: 'javascript:alert(38)'\n  translation_of:\n    title: T\n"
    "    language: uk\n    url: ' JaVa\tScript:alert(39)'\n") + f"""
An introduction with [a link](javascript:alert(13)) and ![an image](javascript:alert(14)),
[another](JaVaScRiPt&#58;alert(15)), [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxNik8L3NjcmlwdD4=)
and a list of attributes:
{{: onclick="alert(17)" onmouseover="alert(18)" }}

## A heading <img src=x onerror=alert(19)>

::text lines
::page 1
{TEXT}
A word {{sic: <b>x</b> -> <script>alert(20)</script> | <img src=x onerror=alert(21)>}} and
[<img src=x onerror=alert(22)>]{{@payload}} in [May 1938]{{date 1938-05}}, cited.[^1]

[^1]: A note <script>alert(23)</script> [x](javascript:alert(24)).
::cites 1 [<script>alert(25)</script> @Payload2020, 5]
"""
BIB = """\
@book{Payload2020,
  author = {<script>alert(26)</script>},
  title = {<img src=x onerror=alert(27)> and \\href{javascript:alert(28)}{a link}},
  publisher = {"><svg onload=alert(29)>},
  url = {javascript:alert(30)},
  date = {2020},
}
"""
REGISTER = """\
- id: payload
  type: person
  name: "<script>alert(31)</script>"
  variants: ["<img src=x onerror=alert(32)>", "javascript:alert(33)"]
  description: "<svg onload=alert(34)> [x](javascript:alert(35))"
  source: "<iframe src=javascript:alert(36)>"
"""
PAGE = "# </title><script>alert(37)</script> A page\n\nIts text.\n"  # a page whose title is its heading
PAGES = ["payload-page/", "texts/payloads/", "register/", "register/payload/", "bibliography/", "chronology/", "apparatus/"]


@pytest.fixture(scope="module")
def payload_site(mini_source, tmp_path_factory: pytest.TempPathFactory):
    """The miniature edition as a pull request would change it: a new document, and an
    entry added to the bibliography and to the register."""
    folder = copy_mini(mini_source, tmp_path_factory.mktemp("xss"))
    (folder / "docs" / "texts" / "payloads.md").write_text(DOCUMENT, encoding="utf-8")
    (folder / "docs" / "payload-page.md").write_text(PAGE, encoding="utf-8")
    for name, added in (("bibliography.bib", BIB), ("register.yml", REGISTER)):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8") + "\n" + added, encoding="utf-8")
    build = run_mkdocs(folder, folder / "site")
    with serve(build.site) as base:
        yield build, base


def test_the_payloads_that_are_mistakes_fail_the_build_at_their_lines(payload_site) -> None:
    build, _ = payload_site
    assert build.returncode == 1
    reported = re.findall(r"docs/texts/payloads\.md:(\d+):\d+: (ED01[01])", build.log)
    assert {code for _, code in reported} == {"ED010", "ED011"}
    assert len([code for _, code in reported if code == "ED010"]) == 7  # alert 13, 14, 15, 16, 24, 38, 39
    assert "Traceback" not in build.log


def fire(page, selector: str, events: tuple[str, ...]) -> None:
    """Each event on each element the selector finds (found before the first is sent), as
    Playwright's `dispatch_event` makes it: a MouseEvent for the pointer's, a FocusEvent for
    focus, else an Event; each bubbling, cancelable and composed."""
    page.evaluate("""([selector, events]) => {
        const kinds = {mouseover: MouseEvent, click: MouseEvent, focus: FocusEvent};
        for (const element of [...document.querySelectorAll(selector)])
            for (const type of events)
                element.dispatchEvent(new (kinds[type] || Event)(type, {bubbles: true, cancelable: true, composed: true}));
    }""", [selector, list(events)])


@pytest.mark.parametrize("address", PAGES)
def test_no_payload_runs_on_any_kind_of_page(browser, payload_site, address: str) -> None:
    _, base = payload_site
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base + address)
    page.wait_for_load_state("networkidle")
    # What a reader's pointer and keyboard would fire, on every element: the events Playwright's
    # dispatch_event makes (bubbling, cancelable, composed), sent in one call, not one call each.
    fire(page, "article *", ("mouseover", "focus", "toggle", "load", "error"))
    for link in page.query_selector_all("a[href]"):
        href = link.get_attribute("href") or ""
        assert not re.match(r"\s*(javascript|data|vbscript):", href, re.IGNORECASE), href
    # Nothing a source wrote became an element or an attribute that can run script.
    assert page.evaluate("""() => [...document.querySelectorAll('article *')].flatMap(el =>
        [...el.attributes].filter(a => /^on/i.test(a.name)).map(a => el.tagName + ' ' + a.name))""") == []
    assert page.query_selector_all("article script, article iframe, article svg, article math") == []
    fire(page, "article a[href^='#']", ("click",))  # in-page links only: nothing leaves
    page.wait_for_timeout(200)
    assert dialogs == []
    page.close()


def test_each_payload_is_shown_as_the_text_it_is(browser, payload_site) -> None:
    _, base = payload_site
    page = browser.new_page()
    page.goto(base + "texts/payloads/")
    text = page.inner_text("article")
    assert [payload for payload in PAYLOADS if payload not in text] == []
    assert "<script>alert(11)</script>" in page.title()
    assert page.inner_text("[data-md-component=header-topic]") == "Payloads <script>alert(11)</script>"
    page.goto(base + "register/payload/")
    assert "<img src=x onerror=alert(32)>" in page.inner_text("article")
    page.close()


def test_the_search_box_shows_a_payload_as_text(browser, payload_site) -> None:
    _, base = payload_site
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base)
    page.keyboard.press("/")  # as test_search.searched, with the dialogs watched from the start
    page.keyboard.type("onerror")
    page.wait_for_function("() => document.querySelector('.md-search-result__list').dataset.query === 'onerror'")
    assert [text for _, text in results(page) if "onerror=alert" in text]  # found, and shown as text
    assert page.query_selector_all(".md-search-result img, .md-search-result script") == []
    page.wait_for_timeout(300)
    assert dialogs == []
    page.close()
