"""Golden HTML: each construct of the markup and its full expected rendering.

After an intended change, rewrite the goldens with `pytest --update-goldens`
and read the diff before committing it.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

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
