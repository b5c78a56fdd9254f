"""Citations across the edition, resolved once per build (the site's barrier).

Pure functions over parsed pages: which citations name a work the
bibliography lacks, the formatted note of every citation, and every place
each work is cited — for the bibliography page's links back.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path

from . import citeproc
from .bibliography import Bibliography
from .diagnostics import Diagnostic, Loc
from .model import Body, Series


@dataclass(frozen=True, slots=True)
class PageCitations:
    url: str  # the page's address in the site, e.g. 'texts/kuromiya-mamoulia-ch6/'
    title: str
    body: Body


@dataclass(frozen=True, slots=True)
class Place:
    """Where a work is cited: a note of a page."""

    url: str
    anchor: str
    label: str  # "Kuromiya and Mamoulia …, p. 131, note 17"


@dataclass
class Resolved:
    notes: dict[str, list[str]] = field(default_factory=dict)  # page url -> formatted citations, in order
    places: dict[str, list[Place]] = field(default_factory=dict)  # key -> where it is cited
    entries: dict[str, str] = field(default_factory=dict)  # key -> bibliography entry HTML
    labels: dict[str, str] = field(default_factory=dict)  # key -> "Berton 1993"
    diagnostics: list[Diagnostic] = field(default_factory=list)


def resolve(pages: list[PageCitations], bib: Bibliography, style: Path, cache: Path | None) -> Resolved:
    out = Resolved()
    for page in pages:
        cited = [(u.citation, u.note) for u in page.body.citations]
        cited += [(w.citation, f"n{w.note}") for w in page.body.works_cited]
        for citation, note_anchor in cited:
            for item in citation.items:
                if item.key not in bib.works:
                    out.diagnostics.append(Diagnostic(
                        "ED602", citation.loc, f"'{item.key}' is not in {bib.path}",
                        f"add an entry '@…{{{item.key}, …}}' to {bib.path}, or correct the key"))
                    continue
                note = page.body.notes.get(note_anchor.removeprefix("n") if note_anchor.startswith("n")
                                           else note_anchor)
                out.places.setdefault(item.key, []).append(Place(page.url, note_anchor, _note_label(page, note)))
    if out.diagnostics:
        return out
    try:
        items = citeproc.csl_json(bib.text, cache)
        formatted = citeproc.format_notes(items, style, [[u.citation for u in p.body.citations] for p in pages],
                                          cache)
        out.entries = citeproc.format_bibliography(items, style, cache)
    except citeproc.CiteprocError as err:
        out.diagnostics.append(Diagnostic("ED604", _first_loc(bib), f"pandoc could not format the bibliography: {err}",
                                          "check the entry pandoc names, or the style file"))
        return out
    out.notes = {p.url: notes for p, notes in zip(pages, formatted, strict=True)}
    out.labels = {item["id"]: work_label(item) for item in items}
    return out


def _first_loc(bib: Bibliography) -> Loc:
    return Loc(bib.path, 1)


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


def page_index(pages: list[tuple[str, str, Body]]) -> dict[tuple[str, str], str]:
    """(book title, printed page) -> its address, for every page the edition holds.
    `pages` are (url, the source's title, body) of the documents."""
    return {(title, page.number): f"{url}#{page.anchor}" for url, title, body in pages for page in body.pages}


def fill_page_refs(html: str, book: str, held: dict[tuple[str, str], str], href) -> str:
    """The source's references to its own pages: a link when the edition holds
    the page, else marked as a page not (yet) in the edition."""

    def ref(m: re.Match[str]) -> str:
        target = held.get((book, m[1]))
        if target:
            return f'<a class="page-ref" href="{escape(href(target))}">{m[2]}</a>'
        return (f'<span class="page-ref missing" title="Page {escape(m[1])} of this book is not in the edition yet">'
                f'{m[2]}</span>')

    return _PAGE_LINK_RE.sub(ref, html)


_CITE_RE = re.compile(r'<cite class="citation" data-cite="(\d+)">.*?</cite>', re.S)
_WORK_RE = re.compile(r'<cite class="work" data-cite="([^"]*)">.*?</cite>', re.S)
_KEY_RE = re.compile(r"@([\w][\w:.#$%&\-+?<>~/]*?)(?=[,;\]\s]|$)")


def fill_page(html: str, notes: list[str], labels: dict[str, str], bibliography_url: str) -> str:
    """Put the formatted citations and the links to cited works into a page's HTML."""
    html = _CITE_RE.sub(lambda m: f'<span class="citation">{notes[int(m[1])]}</span>' if notes else m[0], html)

    def work(m: re.Match[str]) -> str:
        raw = unescape(m[1])
        links = []
        for key in _KEY_RE.findall(raw):
            locator = raw.split(key, 1)[1].split(";")[0].split("]")[0].lstrip(", ").strip()
            text = labels.get(key, key) + (f", {locator}" if locator else "")
            links.append(f'<a class="work-link" href="{escape(bibliography_url)}#{escape(key)}">{escape(text)}</a>')
        return "; ".join(links)

    return _WORK_RE.sub(work, html)


def bibliography_element(bib: Bibliography, resolved: Resolved, href) -> etree.Element:
    """The bibliography page: each work under its key's anchor, its entry,
    what is unverified of it, and every place the edition cites it.
    `href(place)` gives a place's link from the bibliography page."""
    root = etree.Element("div", {"class": "bibliography"})
    ul = etree.SubElement(root, "ul", {"class": "bibliography-list"})
    for key, entry in resolved.entries.items():
        li = etree.SubElement(ul, "li", {"id": key, "class": "bib-entry"})
        body = etree.fromstring(f"<div class='csl-entry'>{entry}</div>")
        li.append(body)
        work = bib.works.get(key)
        if work and work.unverified:
            note = etree.SubElement(li, "p", {"class": "unverified"})
            note.text = f"Unverified: {work.unverified}"
        places = resolved.places.get(key, [])
        p = etree.SubElement(li, "p", {"class": "cited-at"})
        if not places:
            p.text = "Not cited in the edition's texts."
            continue
        p.text = "Cited at: "
        for i, place in enumerate(places):
            a = etree.SubElement(p, "a", {"href": href(place)})
            a.text = place.label
            a.tail = "; " if i < len(places) - 1 else "."
    return root
