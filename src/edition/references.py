"""Citations across the edition, resolved once per build (the site's barrier).

Pure functions over parsed pages: which citations name a work the
bibliography lacks, the formatted note of every citation, and every place
each work is cited — for the bibliography page's links back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from . import citeproc
from .bibliography import Bibliography
from .diagnostics import Diagnostic, Loc
from .model import Body, Series


@dataclass(frozen=True, slots=True)
class PageCitations:
    src_uri: str  # the page's source, e.g. 'texts/kuromiya-mamoulia-ch6.md'
    title: str
    body: Body


@dataclass(frozen=True, slots=True)
class Place:
    """Where a work is cited: a note of a page."""

    src_uri: str
    anchor: str
    label: str  # "Kuromiya and Mamoulia …, p. 131, note 17"


@dataclass
class Resolved:
    notes: dict[str, list[str]] = field(default_factory=dict)  # src_uri -> formatted citations, in order
    items: list[dict] = field(default_factory=list)  # the bibliography as CSL-JSON
    places: dict[str, list[Place]] = field(default_factory=dict)  # key -> where it is cited
    entries: dict[str, str] = field(default_factory=dict)  # key -> bibliography entry HTML
    labels: dict[str, str] = field(default_factory=dict)  # key -> "Berton 1993"
    diagnostics: list[Diagnostic] = field(default_factory=list)


def resolve(pages: list[PageCitations], bib: Bibliography, style: Path, cache: Path | None) -> Resolved:
    out = Resolved()
    for page in pages:
        cited = [(u.citation, u.note) for u in page.body.citations]
        cited += [(w.citation, w.note) for w in page.body.works_cited]
        for citation, label in cited:
            note = page.body.notes.get(label)
            place = Place(page.src_uri, note.anchor if note else "", _note_label(page, note))
            for item in citation.items:
                if item.key in bib.works:
                    out.places.setdefault(item.key, []).append(place)
                else:
                    out.diagnostics.append(Diagnostic(
                        "ED602", citation.loc, f"'{item.key}' is not in {bib.path}",
                        f"add an entry '@…{{{item.key}, …}}' to {bib.path}, or correct the key"))
    if out.diagnostics:
        return out
    try:
        items = citeproc.csl_json(bib.text, cache)
        formatted = citeproc.format_notes(items, style, [[u.citation for u in p.body.citations] for p in pages],
                                          cache)
        out.entries = citeproc.format_bibliography(items, style, cache)
    except citeproc.CiteprocError as err:
        out.diagnostics.append(Diagnostic("ED604", Loc(bib.path, 1), f"pandoc could not format the bibliography: {err}",
                                          "check the entry pandoc names, or the style file"))
        return out
    out.notes = {p.src_uri: notes for p, notes in zip(pages, formatted, strict=True)}
    out.items = items
    out.labels = {item["id"]: work_label(item) for item in items}
    return out


def _note_label(page: PageCitations, note) -> str:
    if note is None:
        return page.title
    kind = "note" if note.series is Series.AUTHOR else "editorial note"
    return f"{page.title}, {kind} {note.display}"


def work_label(item: dict) -> str:
    """'Berton 1993': creators' family names and the year, or the title."""
    names = [p.get("family") or p.get("literal", "") for p in item.get("author") or item.get("editor") or []]
    year = str(item.get("issued", {}).get("date-parts", [[""]])[0][0])
    who = " and ".join(n for n in names[:2] if n) + (" et al." if len(names) > 2 else "")
    what = who or item.get("title-short") or item.get("title") or item.get("container-title") or item["id"]
    return " ".join(x for x in (what, year) if x)


_PAGE_LINK_RE = re.compile(r'<a href="page:([^"]*)">(.*?)</a>', re.S)


def page_index(pages: list[tuple[str, str, Body]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(book title, printed page) -> (src_uri, anchor), for every page the edition holds.
    `pages` are (src_uri, the source's title, body) of the documents."""
    return {(title, page.number): (uri, page.anchor) for uri, title, body in pages for page in body.pages}


def fill_page_refs(html: str, book: str, held: dict[tuple[str, str], tuple[str, str]], href) -> str:
    """The source's references to its own pages: a link when the edition holds
    the page, else marked as a page not (yet) in the edition.  `href(src_uri)`
    is a page's address from the page being filled."""

    def ref(m: re.Match[str]) -> str:
        target = held.get((book, m[1]))
        if target:
            return f'<a class="page-ref" href="{escape(href(target[0]))}#{escape(target[1])}">{m[2]}</a>'
        return (f'<span class="page-ref missing" title="Page {escape(m[1])} of this book is not in the edition yet">'
                f'{m[2]}</span>')

    return _PAGE_LINK_RE.sub(ref, html)


_CITE_RE = re.compile(r'<cite class="citation" data-cite="(\d+)">.*?</cite>', re.S)
_WORK_RE = re.compile(r'<cite class="work" data-work="(\d+)">.*?</cite>', re.S)


def fill_page(html: str, body: Body, notes: list[str], labels: dict[str, str], bibliography_url: str) -> str:
    """Put the formatted citations and the links to cited works into a page's HTML.
    Placeholders are numbered in the order of `body.citations` and `body.works_cited`."""
    html = _CITE_RE.sub(lambda m: f'<span class="citation">{notes[int(m[1])]}</span>' if notes else m[0], html)

    def work(m: re.Match[str]) -> str:
        links = []
        for item in body.works_cited[int(m[1])].citation.items:
            locator = item.rest.lstrip(", ").strip()
            text = labels.get(item.key, item.key) + (f", {locator}" if locator else "")
            links.append(f'<a class="work-link" href="{escape(bibliography_url)}#{escape(item.key)}">'
                         f'{escape(text)}</a>')
        return "; ".join(links)

    return _WORK_RE.sub(work, html)


def bibliography_html(bib: Bibliography, resolved: Resolved, href) -> str:
    """The bibliography page: each work under its key's anchor, its entry,
    what is unverified of it, and every place the edition cites it.
    `href(place)` gives a place's link from the bibliography page.  Entries
    are pandoc's HTML, already cleaned (citeproc.py); all else is escaped."""
    out = ['<div class="bibliography"><ul class="bibliography-list">']
    for key, entry in resolved.entries.items():
        out.append(f'<li id="{escape(key)}" class="bib-entry"><div class="csl-entry">{entry}</div>')
        work = bib.works.get(key)
        if work and work.unverified:
            out.append(f'<p class="unverified">Unverified: {escape(work.unverified)}</p>')
        places = resolved.places.get(key, [])
        links = "; ".join(f'<a href="{escape(href(place))}">{escape(place.label)}</a>' for place in places)
        out.append(f'<p class="cited-at">Cited at: {links}.</p>' if places
                   else '<p class="cited-at">Not cited in the edition\'s texts.</p>')
        out.append("</li>")
    out.append("</ul></div>")
    return "".join(out)
