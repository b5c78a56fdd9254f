"""Citations across the edition, resolved once per build (the site's barrier).

Pure functions over parsed pages: which citations name a work the
bibliography lacks, the formatted note of every citation, and every place
each work is cited — for the bibliography page's links back.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from . import citeproc
from .bibliography import Bibliography, check_conversion
from .cite import plain
from .diagnostics import Diagnostic, Loc
from .document import book, title
from .model import Body, Document, PageRef, Series, place_in


@dataclass(frozen=True, slots=True)
class PageCitations:
    src_uri: str  # the page's source, e.g. 'texts/kuromiya-mamoulia-ch6.md'
    title: str
    body: Body
    book: str = ""  # the title of the source it transcribes: its printed pages belong to that
    key: str = ""  # the source's own bibliography key, when given
    key_loc: Loc | None = None


def page_citations(src_uri: str, document: Document) -> PageCitations:
    """What of a page the citation layer needs."""
    source = document.meta.get("source") or {}
    return PageCitations(src_uri, title(document, src_uri), document.body, book(document),
                         str(source.get("key", "")), document.locs.get("source.key"))


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
    transcribed: dict[str, list[PageCitations]] = field(default_factory=dict)  # key -> its documents
    held: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (book, page) -> (src_uri, anchor)
    missing: list[tuple[PageCitations, PageRef]] = field(default_factory=list)  # refs to pages not held
    diagnostics: list[Diagnostic] = field(default_factory=list)


def resolve(pages: list[PageCitations], bib: Bibliography, style: Path, cache: Path | None) -> Resolved:
    """Check every citation, then format them all."""
    out = check(pages, bib)
    if not out.diagnostics:
        format_notes(out, pages, bib, style, cache)
        format_entries(out, bib, style, cache)
    return out


def check(pages: list[PageCitations], bib: Bibliography) -> Resolved:
    """What needs no formatting: every key cited is in the bibliography, where
    each work is cited, which pages the edition holds.  Quick: run first."""
    out = Resolved()
    out.held = {(p.book, page.number): (p.src_uri, page.anchor) for p in pages if p.book for page in p.body.pages}
    out.missing = [(p, ref) for p in pages for ref in p.body.page_refs if (p.book, ref.page) not in out.held]
    for page in pages:
        if page.key in bib.works:
            out.transcribed.setdefault(page.key, []).append(page)
            # The source's references to its own pages cite the source.
            out.places.setdefault(page.key, []).extend(
                Place(page.src_uri, ref.anchor, ref_label(page, ref)) for ref in page.body.page_refs)
        elif page.key and page.key not in bib.broken:  # a broken entry is reported at its line
            out.diagnostics.append(Diagnostic(
                "ED602", page.key_loc or Loc(page.src_uri, 1), f"the source's key '{page.key}' is not in {bib.path}",
                f"add the source's entry '@…{{{page.key}, …}}' to {bib.path}, or correct the key"))
        for key, loc in page.body.bare_keys:
            if key in bib.works:
                out.diagnostics.append(Diagnostic(
                    "ED603", loc, f"'@{key}' stands outside brackets, so it is printed as written, not cited",
                    f"write '[@{key}]', or '[@{key}, 72]' with the page"))
        cited = [(u.citation, u.note) for u in page.body.citations]
        cited += [(w.citation, w.note) for w in page.body.works_cited]
        for citation, label in cited:
            note = page.body.notes.get(label)
            place = Place(page.src_uri, note.anchor if note else "", _note_label(page, note))
            for item in citation.items:
                if item.key in bib.works:
                    out.places.setdefault(item.key, []).append(place)
                elif item.key not in bib.broken:  # a broken entry is reported at its line
                    close = difflib.get_close_matches(item.key, bib.works, n=1)
                    out.diagnostics.append(Diagnostic(
                        "ED602", citation.loc, f"'{item.key}' is not in {bib.path}",
                        f"did you mean '{close[0]}'?" if close else
                        f"add an entry '@…{{{item.key}, …}}' to {bib.path}, or correct the key"))
    return out


def format_notes(out: Resolved, pages: list[PageCitations], bib: Bibliography, style: Path,
                 cache: Path | None) -> None:
    """Format every citation of the pages with pandoc, into `out` (also the
    CSL-JSON of the bibliography).  Slow: the site runs it beside its
    conversion of the pages."""
    if not bib.works:
        return
    try:
        items = citeproc.csl_json(bib.readable, cache)
        formatted = citeproc.format_notes(items, style, [[u.citation for u in p.body.citations] for p in pages],
                                          cache)
    except citeproc.CiteprocError as err:
        out.diagnostics.append(_pandoc_failed(bib, err))
        return
    out.diagnostics += check_conversion(bib, items)
    out.notes = {p.src_uri: notes for p, notes in zip(pages, formatted, strict=True)}
    out.items = items
    out.labels = {item["id"]: work_label(item) for item in items}


def format_entries(out: Resolved, bib: Bibliography, style: Path, cache: Path | None) -> None:
    """Format every entry of the bibliography, into `out`: after `format_notes`."""
    if not out.items:
        return
    try:
        out.entries = citeproc.format_bibliography(out.items, style, cache)
    except citeproc.CiteprocError as err:
        out.diagnostics.append(_pandoc_failed(bib, err))


def _pandoc_failed(bib: Bibliography, err: citeproc.CiteprocError) -> Diagnostic:
    return Diagnostic("ED604", Loc(bib.path, 1), f"pandoc could not format the bibliography: {err}",
                      "check the entry pandoc names, or the style file")


def _note_label(page: PageCitations, note) -> str:
    if note is None:
        return page.title
    kind = "note" if note.series is Series.AUTHOR else "editorial note"
    return f"{page.title}, {kind} {note.display}"


def ref_label(page: PageCitations, ref: PageRef) -> str:
    """Where a page reference stands: '…, p. 131, note 15' or '…, p. 131, l. 13'
    (the printed page said once when the document's title ends with it)."""
    if ref.note:
        return _note_label(page, page.body.notes.get(ref.note))
    return place_in(page.title, ref.place)


# CSL types whose title is set in italics (a whole work) or quoted (a part of one); any other's — an archival
# file, a document — stands plain, as the Chicago Manual sets a manuscript collection's description.
_WHOLE_WORKS = frozenset({"book", "thesis", "report", "periodical", "motion_picture", "dataset", "software", "map"})
_PARTS = frozenset({"article", "article-journal", "article-magazine", "article-newspaper", "chapter", "entry",
                    "entry-dictionary", "entry-encyclopedia", "paper-conference", "post", "post-weblog", "webpage",
                    "review", "review-book"})


def work_label(item: dict) -> str:
    """The link to a work cited in a note, as HTML: 'Berton 1993' (creators'
    family names and the year), else its title as its type sets it — a book
    in italics, an article in quotation marks, an archival file plain — else
    its container's."""
    names = [p.get("family") or p.get("literal", "") for p in item.get("author") or item.get("editor") or []]
    issued = item.get("issued", {})
    year = str((issued.get("date-parts") or [[issued.get("literal", "")]])[0][0])  # pandoc may give none
    who = " and ".join(n for n in names[:2] if n) + (" et al." if len(names) > 2 else "")
    title = plain(str(item.get("title-short") or item.get("title") or ""))
    if who:
        what = escape(who)
    elif title:
        kind = item.get("type")
        what = (f"<em>{escape(title)}</em>" if kind in _WHOLE_WORKS else f"“{escape(title)}”" if kind in _PARTS
                else escape(title))
    elif item.get("container-title"):
        what = f"<em>{escape(plain(str(item['container-title'])))}</em>"
    else:
        what = escape(item["id"])  # never: a work with neither author nor title is reported (ED615)
    return " ".join(x for x in (what, escape(year)) if x)


_PAGE_LINK_RE = re.compile(r'<a href="page:([^"]*)">(.*?)</a>', re.S)


MISSING_PAGES = "pages-not-yet-in-the-edition"  # the bibliography page's heading over the list of them


def fill_page_refs(html: str, book: str, held: dict[tuple[str, str], tuple[str, str]], href,
                   bibliography_url: str) -> str:
    """The source's references to its own pages: a link to the page when the
    edition holds it, else a link to the list of pages not (yet) in the
    edition.  `href(src_uri)` is a page's address from the page being filled."""

    def ref(m: re.Match[str]) -> str:
        target = held.get((book, m[1]))
        if target:
            return f'<a class="page-ref" href="{escape(href(target[0]))}#{escape(target[1])}">{m[2]}</a>'
        return (f'<a class="page-ref missing" href="{escape(bibliography_url)}#{MISSING_PAGES}" '
                f'title="Page {escape(m[1])} of this book is not in the edition yet; the link leads to the '
                f'bibliography\'s list of pages to come">{m[2]}</a>')

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
            text = labels.get(item.key, escape(item.key)) + (f", {escape(locator)}" if locator else "")
            links.append(f'<a class="work-link" href="{escape(bibliography_url)}#{escape(item.key)}">{text}</a>')
        return "; ".join(links)

    return _WORK_RE.sub(work, html)


def bibliography_html(bib: Bibliography, resolved: Resolved, href) -> tuple[str, str]:
    """The bibliography page's two lists: the works — each under its key's
    anchor, with its entry, what is unverified of it, the documents that
    transcribe it and every place the edition cites it —, and the pages the
    texts refer to that the edition does not hold.  `href(place)` gives a
    place's link from the bibliography page.  Entries are pandoc's HTML,
    already cleaned (citeproc.py); all else is escaped."""

    def links(places: list[Place]) -> str:
        return "; ".join(f'<a href="{escape(href(place))}">{escape(place.label)}</a>' for place in places)

    out = ['<div class="bibliography"><ul class="bibliography-list">']
    for key, entry in resolved.entries.items():
        out.append(f'<li id="{escape(key)}" class="bib-entry"><div class="csl-entry">{entry}</div>')
        work = bib.works.get(key)
        if work and work.unverified:
            out.append(f'<p class="unverified">Unverified: {escape(work.unverified)}</p>')
        documents = [Place(p.src_uri, "", p.title) for p in resolved.transcribed.get(key, [])]
        if documents:
            out.append(f'<p class="transcribed">Transcribed in the edition: {links(documents)}.</p>')
        places = resolved.places.get(key, [])
        if places:
            out.append(f'<p class="cited-at">Cited at: {links(places)}.</p>')
        elif not documents:
            out.append('<p class="cited-at">Not cited in the edition\'s texts.</p>')
        out.append("</li>")
    out.append("</ul></div>")
    if not resolved.missing:
        return "".join(out), "<p>Every page the texts refer to is in the edition.</p>"
    missing = ['<ul class="missing-pages">']
    for held_by in dict.fromkeys(p.book for p, _ in resolved.missing):
        refs = [(ref.page, Place(p.src_uri, ref.anchor, ref_label(p, ref)))
                for p, ref in resolved.missing if p.book == held_by]  # in the order of the texts
        items = "; ".join(f"p. {escape(page)} (referred to at {links([place])})" for page, place in refs)
        missing.append(f"<li><cite>{escape(held_by)}</cite>: {items}.</li>")
    missing.append("</ul>")
    return "".join(out), "".join(missing)
