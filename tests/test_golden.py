"""Golden HTML: each construct of the markup and its full expected rendering.

After an intended change, rewrite the goldens with `pytest --update-goldens`
and read the diff before committing it.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.utils.meta import get_data

from edition import extension
from edition.document import parse_page

from . import miniature

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.md"))


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["edition.extension", "toc"]) + "\n"


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str, update_goldens: bool) -> None:
    html = render((GOLDEN / f"{name}.md").read_text(encoding="utf-8"))
    expected = GOLDEN / f"{name}.html"
    if update_goldens:
        expected.write_text(html, encoding="utf-8")
    assert html == expected.read_text(encoding="utf-8")


def test_rendering_is_deterministic() -> None:
    text = (GOLDEN / "author-and-editorial-notes.md").read_text(encoding="utf-8")
    assert render(text) == render(text)


def test_a_source_cannot_forge_a_placeholder_token() -> None:
    # Python-Markdown strips STX/ETX from the source before our tokens go in.
    html = render("::text paragraphs\n\nA \x02edition:0\x03 forged token.")
    assert "forged token" in html and "edition:0" in html and 'id="text"' in html


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "A <b onclick='alert(1)'>bold</b> word",
])
def test_raw_html_in_a_source_is_shown_as_text_never_run(payload: str) -> None:
    html = render(f"::text paragraphs\n\n{payload}\n")
    assert "<script" not in html and "<img" not in html and "<b " not in html
    assert "&lt;" in html


# A build reads every page before converting it, and offers the conversion
# what it read (extension.offer), so that a page is read once: the page must
# come out as if the conversion had read it itself.
EDGES = {
    "blank lines after the front matter": "---\ntitle: T\n---\n\n\n::text lines\n\nA line\n",
    "blank lines first, no front matter": "\n\n::text lines\n\nA line\n",
    "lines of spaces": "::text lines\n   \nA line ending in a hyphen-\n  \nword\n",
    "a note at the very end": "::text lines\n\nText[^1]\n\n[^1]: The note\n\n    goes on",
    "a hyphen on the last line": "::text lines\n\nA last line with a hyphen-",
    "a tab": "::text lines\n\nText[^1]\n\n[^1]: The note\n\n\tgoes on after a tab\n",
}
PAGES = {**{name: (GOLDEN / f"{name}.md").read_text(encoding="utf-8") for name in CASES},
         "miniature book": miniature.BOOK_TEXT, "miniature article": miniature.ARTICLE_TEXT,
         **EDGES}


@pytest.mark.parametrize("name", PAGES)
def test_a_page_read_once_converts_as_a_page_read_twice(name: str) -> None:
    text = PAGES[name]
    document, _ = parse_page(text, f"{name}.md", is_document=False)
    lines = text.split("\n")
    markdown_text, _ = get_data(text)  # what MkDocs gives Markdown
    extension.OFFERED.clear()
    extension.offer(lines[len(lines) - len(document.body.lines):], document.body)
    offered = render(markdown_text)
    taken = not extension.OFFERED
    extension.OFFERED.clear()
    assert offered == render(markdown_text)
    # Markdown expands a tab; without front matter MkDocs keeps the blank
    # lines the build's reading skips: the conversion reads those pages itself.
    assert taken == (name not in ("a tab", "blank lines first, no front matter"))
