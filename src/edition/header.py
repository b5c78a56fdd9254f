"""What a document page says of its source: one line under the title
(`render_source_line`), and the full metadata, one tap away
(`render_header`).

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
                "newspaper": "Newspaper", "letter": "Letter", "manuscript": "Manuscript", "typescript": "Typescript"}


def language_name(tag: str) -> str:
    return LANGUAGES.get(tag.split("-")[0], tag)


def _flags(meta: dict[str, Any]) -> dict[str, str]:
    return {str(k): str(v) for k, v in (meta.get("unverified") or {}).items()}


def _names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def render_source_line(meta: dict[str, Any]) -> str:
    """One sentence under the title that says what the text is, from the front
    matter alone: "Page 131 of Hiroaki Kuromiya and Georges Mamoulia, *The
    Eurasian Triangle*. De Gruyter, 2016 (unverified)."  A fact the editors
    flagged is marked "(unverified)", the reason in its title (and, in full,
    in the metadata below).  Empty when the front matter failed its check."""
    source = meta.get("source")
    if not isinstance(source, dict) or not source.get("title"):
        return ""
    flags = _flags(meta)

    def mark(*names: str) -> str:
        reasons = [flags[n] for n in names if n in flags]
        return (f' <span class="unverified" title="{escape("; ".join(reasons))}">(unverified)</span>'
                if reasons else "")

    def field(key: str, date: bool = False) -> str:
        text = str(source[key])
        html = f'<time datetime="{escape(text)}">{escape(format_date(text))}</time>' if date else escape(text)
        return html + mark(f"source.{key}")

    parts: list[str] = []
    pages = str(source.get("pages") or "")
    lead = ""
    if pages:
        several = any(c in pages for c in "–-—,")
        lead = f'{"Pages" if several else "Page"} {field("pages")} of '
    authors = [str(a) for a in source.get("authors") or []]
    if authors:
        roman = [str(r) for r in source.get("romanized") or []]
        signed = [escape(a) + (f" [{escape(roman[i])}]" if i < len(roman) else "") for i, a in enumerate(authors)]
        parts.append(_names(signed) + mark("source.authors", "source.romanized"))
    title = escape(str(source["title"]))
    periodical = source.get("type") in ("article", "web-article", "newspaper")
    parts.append((f"“{title}”" if periodical else f"<cite>{title}</cite>") + mark("source.title"))
    where = []
    if source.get("outlet"):
        where.append(f"<cite>{escape(str(source['outlet']))}</cite>" + mark("source.outlet"))
    for key in ("publisher", "place"):
        if source.get(key):
            where.append(field(key))
    if source.get("date"):
        where.append(field("date", date=True))
    # A book's facts of publication follow its title as a sentence; a periodical's, after a comma.
    sentence = lead + ", ".join(parts) + ((", " if periodical else ". ") + ", ".join(where) if where else "") + "."
    return f'<p class="source-line">{sentence}</p>\n'


def render_header(meta: dict[str, Any]) -> str:
    """HTML for a document's metadata; empty when the front matter failed its check."""
    source = meta.get("source")
    if not isinstance(source, dict):
        return ""
    flags = _flags(meta)

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
