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
from .search import IGNORE

FORMS = (("url", "Permanent address"), ("note", "Note"), ("bibliography", "Bibliography"),
         ("bibtex", "BibTeX"), ("ris", "RIS"), ("csl_json", "CSL-JSON"))


def cite_box(work: Work, forms: Forms, passages: list[tuple[str, str]], style: str, changelog_href: str) -> str:
    """The document's "Cite this" box, filled for the whole document."""
    release = work.release
    filled = forms.fill(work.extent, work.item["URL"])
    rows = []
    for name, label in FORMS:
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
            f'(<a href="{escape(changelog_href)}">changelog</a>). Each form names the source as it was published '
            f"and the edition that transcribes it. To cite a passage, follow the link of its "
            f"page, line, paragraph or note, or select its words, and choose “Cite this passage”; "
            f"every address stays valid in later versions. The note and the bibliography entry follow "
            f"the style “{escape(style)}”.</p>\n"
            f'<dl class="cite-forms">\n' + "\n".join(rows) + "\n</dl>\n" + caution + "</details>\n")


def _whole(work: Work) -> str:
    return f"the whole document ({work.extent})" if work.extent else "the whole document"


def _json_for_html(data: Any) -> str:
    """JSON that cannot close its <script> element or open a comment."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def head_tags(work: Work, forms: Forms, meta: dict[str, Any], exports: dict[str, str]) -> str:
    """The document page's metadata for reference managers and catalogues.
    Zotero reads the Highwire and Dublin Core tags (not JSON-LD), with its
    "Embedded Metadata" translator: `citation_book_title` makes the item a
    book section (the transcription in the edition), `citation_author` its
    authors (the source's), `citation_editor` the edition's editors, and
    `z.extra` — copied to the item's Extra field — records the source as its
    original, in the lines Zotero's citation styles read.  `DC.source` and
    `DC.contributor` are not written: Zotero would take the first for the
    book's title and the second for an author."""
    item, identity, release = work.item, work.identity, work.release
    authors = [inverted(p) for p in item.get("author", [])]  # as Zotero reads a name
    editors = [inverted(p) for p in item.get("editor", [])]
    language = item.get("language", "")
    tags: list[tuple[str, str]] = [("citation_title", work.title)]
    tags += [("citation_author", a) for a in authors]
    tags += [("citation_book_title", identity.title)]
    tags += [("citation_editor", e) for e in editors]
    if identity.publisher:
        tags.append(("citation_publisher", identity.publisher))
    tags += [("citation_publication_date", release.date.replace("-", "/")),
             ("citation_date", release.date.replace("-", "/")),
             ("citation_public_url", item["URL"])]
    if identity.doi:
        tags.append(("citation_doi", identity.doi))
    if language:
        tags.append(("citation_language", language))
    if "tei" in exports:
        tags.append(("citation_xml_url", exports["tei"]))
    tags.append(("citation_abstract", f"Transcription of: {forms.statement}"))
    tags.append(("z.extra", _extra(work)))
    tags += [("DC.title", work.title)]
    tags += [("DC.creator", a) for a in authors]
    if identity.publisher:
        tags.append(("DC.publisher", identity.publisher))
    tags += [("DC.date", release.date), ("DC.format", "text/html"), ("DC.identifier", item["URL"])]
    if rights := rights_statement(identity, meta):
        tags.append(("DC.rights", rights))
    if language:
        tags.append(("DC.language", language))
    lines = ['<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">']
    lines += [f'<meta name="{name}" content="{escape(value)}">' for name, value in tags]
    lines.append(f'<script type="application/ld+json">{_json_for_html(_json_ld(work, exports))}</script>')
    return "\n".join(lines)


def rights_statement(identity, meta: dict[str, Any]) -> str:
    """Who may reuse what: the edition's licence of its editorial matter, and the source's own rights."""
    parts = []
    if identity.licence:
        parts.append(f"Editorial matter: {identity.licence_name} ({identity.licence})")
    if rights := _source_rights(meta):
        parts.append(f"the source: {rights}")
    return "; ".join(parts)


def _source_rights(meta: dict[str, Any] | None) -> str:
    """A document's source's rights as its front matter states them, marked if not confirmed."""
    source = (meta or {}).get("source") or {}
    if not source.get("rights"):
        return ""
    flagged = "source.rights" in ((meta or {}).get("unverified") or {})
    return str(source["rights"]) + (" (not confirmed)" if flagged else "")


def credit_html(identity, meta: dict[str, Any] | None) -> str:
    """The footer's line: the edition, its editors (none if not known), the
    licence of its editorial matter, and on a document's page its source's rights."""
    credit = f"<em>{escape(identity.title)}</em>"
    if identity.editors:
        credit += f", edited by {escape(identity.editors_text())}"
    if identity.publisher:
        credit += f", {escape(identity.publisher)}"
    credit += "."
    if identity.licence:
        credit += (f' Editorial matter licensed under <a href="{escape(identity.licence_url)}" rel="license">'
                   f"{escape(identity.licence_name)}</a>.")
    if rights := _source_rights(meta):
        credit += f" Rights of the source: {escape(rights)}."
    return credit


def _extra(work: Work) -> str:
    """Zotero's Extra field: the source as CSL variables ('original-…'), one a line."""
    item = work.item
    lines = [f"original-title: {item['original-title']}"]
    lines += [f"original-author: {p['literal']}" if "literal" in p else
              f"original-author: {p['family']} || {p.get('given', '')}" for p in item.get("original-author", [])]
    for variable in ("original-container-title", "original-publisher", "original-publisher-place"):
        if item.get(variable):
            lines.append(f"{variable}: {item[variable]}")
    if item.get("original-date"):
        lines.append("original-date: " + "-".join(f"{p:02d}" for p in item["original-date"]["date-parts"][0]))
    lines.append(f"version: {item['version']}")
    return "\n".join(lines)


def _person(p: dict[str, str]) -> dict[str, str]:
    if "literal" in p:
        return {"@type": "Organization", "name": p["literal"]}
    person = {"@type": "Person", "name": f"{p.get('given', '')} {p['family']}".strip()}
    if p.get("suffix"):
        person["alternateName"] = p["suffix"].strip("[]")  # the editors' romanization
    return person


def _json_ld(work: Work, exports: dict[str, str]) -> dict:
    item, identity, release, source = work.item, work.identity, work.release, work.source
    based_on: dict[str, Any] = {"@type": "Book" if source.get("type") == "book" else "CreativeWork",
                                "name": item["original-title"],  # as printed (citeproc's holds markup)
                                "author": [_person(p) for p in source.get("author", [])]}
    if source.get("publisher"):
        based_on["publisher"] = source["publisher"]
    if source.get("container-title"):
        based_on["isPartOf"] = source["container-title"]
    if source.get("issued"):
        based_on["datePublished"] = "-".join(f"{p:02d}" for p in source["issued"]["date-parts"][0])
    if source.get("URL"):
        based_on["url"] = source["URL"]
    edition: dict[str, Any] = {"@type": "Book", "name": identity.title, "version": release.version,
                               "editor": [{"@type": "Organization", "name": e.name} if e.body else
                                          {"@type": "Person", "name": e.name} |
                                          ({"@id": f"https://orcid.org/{e.orcid}"} if e.orcid else {})
                                          for e in identity.editors]}
    if identity.publisher:
        edition["publisher"] = identity.publisher
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Chapter", "name": work.title, "url": item["URL"],
        "author": [_person(p) for p in item.get("author", [])], "isPartOf": edition,
        "version": release.version, "datePublished": release.date, "isBasedOn": based_on,
        "encoding": [{"@type": "MediaObject", "encodingFormat": kind, "contentUrl": url}
                     for kind, url in (("application/tei+xml", exports.get("tei")),
                                       ("text/plain", exports.get("reading"))) if url],
    }
    if identity.doi:
        data["identifier"] = f"https://doi.org/{identity.doi}"
    if identity.licence:
        data["license"] = identity.licence_url
    if item.get("language"):
        data["inLanguage"] = item["language"]
    return data
