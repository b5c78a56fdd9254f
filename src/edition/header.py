"""The metadata header shown at the top of every document page.

Built from checked front matter; every value is escaped, and every field the
editors flagged in `unverified` carries a visible "unverified" mark.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .dates import format_date

LANGUAGES = {"en": "English", "uk": "Ukrainian", "ru": "Russian", "ja": "Japanese", "de": "German",
             "fr": "French", "zh": "Chinese", "ka": "Georgian"}
SOURCE_TYPES = {"book": "Book", "article": "Article", "web-article": "Web article",
                "newspaper": "Newspaper", "letter": "Letter", "manuscript": "Manuscript"}


def language_name(tag: str) -> str:
    return LANGUAGES.get(tag.split("-")[0], tag)


def render_header(meta: dict[str, Any]) -> str:
    """HTML for a document's metadata; empty when the front matter failed its check."""
    source = meta.get("source")
    if not isinstance(source, dict):
        return ""
    flags = {str(k): str(v) for k, v in (meta.get("unverified") or {}).items()}

    def value(name: str, text: str, date: bool = False) -> str:
        html = f'<time datetime="{escape(text)}">{escape(format_date(text))}</time>' if date else escape(text)
        if name in flags:
            html += (f' <span class="unverified" title="{escape(flags[name])}">'
                     f"(unverified: {escape(flags[name])})</span>")
        return html

    # A field that failed its check is missing here; the check has reported it.
    rows: list[tuple[str, str]] = [("Source", value("source.type", SOURCE_TYPES.get(source.get("type"), "")))]
    if source.get("authors"):
        # As the source signs, each with the editors' romanization beside it, marked as theirs.
        roman = list(source.get("romanized") or [])
        names = "; ".join(str(a) + (f" [{roman[i]}]" if i < len(roman) else "")
                          for i, a in enumerate(source["authors"]))
        flagged = "source.romanized" if "source.romanized" in flags else "source.authors"
        rows.append(("Author" + ("s" if len(source["authors"]) > 1 else ""), value(flagged, names)))
    title = value("source.title", source.get("title", ""))
    rows.append(("Title", f"<cite>{title}</cite>"))
    for key, label in (("chapter", "Chapter"), ("section", "Section"), ("pages", "Pages"),
                       ("outlet", "Published in"), ("publisher", "Publisher"), ("place", "Place"),
                       ("date", "Date")):
        if source.get(key):
            rows.append((label, value(f"source.{key}", source[key], date=key == "date")))
    rows.append(("Language", value("source.language", language_name(source.get("language", "")))))
    original = source.get("translation_of")
    if original:
        text = f"{original['title']} ({language_name(original['language'])})"
        html = value("source.translation_of", text)
        if original.get("url"):
            html = f'<a href="{escape(original["url"])}" rel="noopener">{html}</a>'
        rows.append(("Translation of", html))
    address = source.get("url")
    rows.append(("Address", f'<a href="{escape(address)}" rel="noopener">{escape(address)}</a>' if address
                 else '<span class="unknown">not known</span>'))
    if source.get("rights"):
        rows.append(("Rights", value("source.rights", source["rights"])))
    rows.append(("Witness", value("witness", meta.get("witness", ""))))
    if meta.get("editors"):
        rows.append(("Edited by", value("editors", "; ".join(meta["editors"]))))
    if meta.get("transcribed"):
        rows.append(("Transcribed", value("transcribed", meta["transcribed"], date=True)))
    items = "\n".join(f"<dt>{label}</dt><dd>{html}</dd>" for label, html in rows)
    return (f'<div class="document-meta" role="group" aria-label="About this document">\n'
            f"<dl>\n{items}\n</dl>\n</div>")
