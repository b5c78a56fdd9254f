"""The "Cite this" box of a document page, and the metadata in its head.

The box is plain HTML, readable without JavaScript; its copy buttons, and
the citing of a passage a reader selects, are added by `citation.js` from
the templates the box carries.  The head carries what reference managers
read: Highwire Press `citation_*` tags (Zotero, Google Scholar), Dublin
Core, and schema.org JSON-LD.  Every value is escaped.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from .cite import ADDRESS, LOCATOR, Forms, Work, inverted
from .dates import format_date
from .release import Release
from .search import IGNORE

FORMS = (("url", "Permanent address"), ("note", "Note"), ("bibliography", "Bibliography"),
         ("bibtex", "BibTeX"), ("ris", "RIS"), ("csl_json", "CSL-JSON"))


def cite_box(work: Work, forms: Forms, passages: list[tuple[str, str]], release: Release,
             style: str, changelog_href: str) -> str:
    """The document's "Cite this" box, filled for the whole document."""
    filled = forms.fill(work.extent, work.item["URL"])
    rows = []
    for name, label in FORMS:
        if name == "note" or name == "bibliography":
            label = f'{label} <span class="cite-style">({escape(style)})</span>'
        if name == "url":
            value = f'<a class="cite-form" data-form="url" href="{escape(filled["url"])}">{escape(filled["url"])}</a>'
        elif name in ("note", "bibliography"):  # citeproc's HTML, cleaned to an allowlist
            value = f'<span class="cite-form" data-form="{name}">{filled[name]}</span>'
        else:
            # focusable, so a keyboard can scroll a long record
            value = f'<pre class="cite-form" data-form="{name}" tabindex="0">{escape(filled[name])}</pre>'
        rows.append(f'<dt>{label}</dt>\n<dd>{value}<button type="button" class="cite-copy" hidden>Copy</button></dd>')
    unverified = "".join(f"<li>{escape(what)}: {escape(why)}</li>" for what, why in work.unverified)
    caution = (f'<p class="cite-unverified">Not confirmed, and cited as the source gives it:</p><ul>{unverified}</ul>'
               if unverified else "")
    data = {"address": work.item["URL"], "extent": work.extent, "passages": dict(passages),
            "slots": {"locator": LOCATOR, "address": ADDRESS},
            "forms": {"note": forms.note, "bibliography": forms.bibliography, "bibtex": forms.bibtex,
                      "ris": forms.ris, "csl_json": forms.csl_json}}
    # The templates ride in an attribute: Material's instant navigation
    # re-creates every <script> of the content as an executable one.
    return (f'<details class="cite" id="cite" {IGNORE} data-cite="{escape(json.dumps(data, ensure_ascii=False))}">\n'
            f"<summary>Cite this document</summary>\n"
            f'<p class="cite-what">Citing <strong class="cite-locator">{escape(_whole(work))}</strong> '
            f'in version {escape(release.version)} of the edition, of {format_date(release.date)} '
            f'(<a href="{escape(changelog_href)}">changelog</a>). To cite a passage, follow the link of its '
            f"page, line, paragraph or note, or select its words, and choose “Cite this passage”; "
            f"every address stays valid in later versions.</p>\n"
            f'<dl class="cite-forms">\n' + "\n".join(rows) + "\n</dl>\n" + caution + "</details>\n")


def _whole(work: Work) -> str:
    return f"the whole document ({work.extent})" if work.extent else "the whole document"


def _json_for_html(data: Any) -> str:
    """JSON that cannot close its <script> element or open a comment."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def head_tags(work: Work, meta: dict[str, Any], release: Release, edition: str, exports: dict[str, str]) -> str:
    """The document page's metadata for reference managers and catalogues."""
    item = work.item
    address = item["URL"]
    authors = [inverted(p) for p in item.get("author", [])]  # as Zotero reads a name
    editors = [p["literal"] for p in item.get("editor", [])]
    language = item.get("language", "")
    tags: list[tuple[str, str]] = [("citation_title", work.title)]
    tags += [("citation_author", a) for a in authors]
    tags += [("citation_book_title", edition),  # Zotero: a section of a book, the edition
             ("citation_publication_date", release.date.replace("-", "/")),
             ("citation_date", release.date.replace("-", "/")),
             ("citation_public_url", address)]
    if language:
        tags.append(("citation_language", language))
    if "tei" in exports:
        tags.append(("citation_xml_url", exports["tei"]))
    tags += [("DC.title", work.title)]
    tags += [("DC.creator", a) for a in authors]
    tags += [("DC.contributor", e) for e in editors]
    tags += [("DC.date", release.date), ("DC.type", "Text"), ("DC.format", "text/html"),
             ("DC.identifier", address), ("DC.relation.isPartOf", edition)]
    if language:
        tags.append(("DC.language", language))
    lines = ['<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">']
    lines += [f'<meta name="{name}" content="{escape(value)}">' for name, value in tags]
    lines.append(f'<script type="application/ld+json">{_json_for_html(_json_ld(work, meta, release, edition, exports))}</script>')
    return "\n".join(lines)


def _json_ld(work: Work, meta: dict[str, Any], release: Release, edition: str, exports: dict[str, str]) -> dict:
    item = work.item
    people = [{"@type": "Person", "name": p["literal"] if "literal" in p else f"{p['given']} {p['family']}"}
              for p in item.get("author", [])]
    source = meta.get("source") or {}
    flags = set(meta.get("unverified") or {})
    # What the edition transcribes, with only the facts the editors confirmed.
    based_on: dict[str, Any] = {"@type": "Book" if source.get("type") == "book" else "CreativeWork",
                                "name": work.title}
    for key, prop in (("publisher", "publisher"), ("date", "datePublished"), ("url", "url")):
        if source.get(key) and f"source.{key}" not in flags:
            based_on[prop] = str(source[key])
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Chapter", "name": work.title,
        "headline": str(meta.get("title", item["title"])), "url": item["URL"],
        # Editors as the front matter names them: a person, or a body ("The edition's editors").
        "author": people, "editor": [{"name": p["literal"]} for p in item.get("editor", [])],
        "isPartOf": {"@type": "Book", "name": edition, "version": release.version},
        "version": release.version, "datePublished": release.date, "isBasedOn": based_on,
        "encoding": [{"@type": "MediaObject", "encodingFormat": kind, "contentUrl": url}
                     for kind, url in (("application/tei+xml", exports.get("tei")),
                                       ("text/plain", exports.get("reading"))) if url],
    }
    if item.get("language"):
        data["inLanguage"] = item["language"]
    return data

