"""The register's and the chronology's pages, as HTML built from escaped values.

A `Passage` is an annotation of a document with where it is: the pages are
built from passages gathered across the edition (no MkDocs here; `href`
functions give the addresses).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .dates import format_when
from .model import Annotation, place_in
from .register import TYPES, Entity, Register, fold

SNIPPET = 70  # characters of context on each side of a passage


@dataclass(frozen=True, slots=True)
class Passage:
    src_uri: str
    title: str  # the document's
    annotation: Annotation


def snippet(a: Annotation) -> str:
    """The witness's line around the passage, the passage marked; cut only
    between words, so that no fragment of a word is shown (or searched)."""
    at, end = a.at, a.at + len(a.text)
    before, after = a.context[max(0, at - SNIPPET):at], a.context[end:end + SNIPPET]
    lead = tail = ""
    if at > SNIPPET:
        before, lead = before[before.find(" ") + 1:] if " " in before else "", "…"
    if end + SNIPPET < len(a.context):
        after, tail = after[:after.rfind(" ")] if " " in after else "", "…"
    return f"{lead}{escape(before)}<mark>{escape(a.text)}</mark>{escape(after)}{tail}"


def _passage_link(p: Passage, href, with_title: bool = False) -> str:
    """A link to the passage's line, paragraph or note; with the document's
    title where a list mixes documents ('Kuromiya …, p. 131, l. 4')."""
    a = p.annotation
    label = place_in(p.title, a.place) if with_title else a.place
    return f'<a href="{escape(href(p.src_uri))}#{escape(a.anchor)}">{escape(label)}</a>'


def entity_html(entity: Entity, passages: list[Passage], href) -> str:
    """An entry's page: what it is, its names, its authority, every mention."""
    rows = [("Type", TYPES[entity.type].removesuffix("s")), ("Name", escape(entity.name))]
    if entity.variants:
        rows.append(("Also written", "; ".join(escape(v) for v in entity.variants)))
    if entity.date:
        rows.append(("Date", escape(format_when(entity.date))))
    rows.append(("About", f"{escape(entity.description)} <span class=\"source\">(Source: "
                          f"{escape(entity.source)})</span>"))
    if entity.wikidata:
        url = f"https://www.wikidata.org/wiki/{entity.wikidata}"
        rows.append(("Wikidata", f'<a href="{url}" rel="noopener">{escape(entity.wikidata)}</a>'))
    # One item a line: the search index reads the page's text with its line breaks.
    out = ['<dl class="entity-facts">\n' + "\n".join(f"<dt>{k}</dt>\n<dd>{v}</dd>" for k, v in rows) + "\n</dl>"]
    out.append(f'<h2 id="mentions">Mentions ({len(passages)})</h2>')
    if not passages:
        out.append("<p>Not mentioned in the edition's texts.</p>")
    for title in dict.fromkeys(p.title for p in passages):
        out.append(f"<h3>{escape(title)}</h3><ul class=\"mentions\">")
        for p in (p for p in passages if p.title == title):
            out.append(f'<li>{_passage_link(p, href)} <span class="form">“{escape(p.annotation.text)}”</span>'
                       f'<br><span class="snippet">{snippet(p.annotation)}</span></li>')
        out.append("</ul>")
    return "".join(out)


def register_index_html(register: Register, counts: dict[str, int], href) -> str:
    """The index of entries: a section per type, each entry with its variants."""
    out = []
    for kind, heading in TYPES.items():
        entities = sorted((e for e in register.entities.values() if e.type == kind),
                          key=lambda e: fold(e.listed))
        if not entities:
            continue
        out.append(f'<h2 id="{kind}s">{heading}</h2><ul class="register-index">')
        for e in entities:
            also = f' <span class="variants">({"; ".join(escape(v) for v in e.variants)})</span>' if e.variants else ""
            n = counts.get(e.id, 0)
            count = f'{n} mention{"" if n == 1 else "s"}' if n else "not mentioned in the texts"
            out.append(f'<li id="{escape(e.id)}"><a href="{escape(href(e.id))}">{escape(e.listed)}</a>{also} — {escape(e.description)} '
                       f'<span class="count">{count}</span></li>')
        out.append("</ul>")
    return "".join(out)


def when_key(iso: str) -> tuple[int, int, int]:
    """A date's place in time: a year or a month stands after the days it holds
    ('1931–1932' after '18 September 1931'), as a chronology is read."""
    parts = [int(p) for p in iso.partition("T")[0].split("-")]
    return (parts[0], parts[1] if len(parts) > 1 else 13, parts[2] if len(parts) > 2 else 32)


def chronology_html(passages: list[Passage], events: list[Entity], href, entity_href) -> str:
    """Every dated passage and event, in order of time (Gregorian)."""
    rows = [(p.annotation.value, 0, p) for p in passages] + [(e.date, 1, e) for e in events if e.date]
    rows.sort(key=lambda r: (when_key(r[0].split("/")[0]), when_key(r[0].split("/")[-1]), r[1]))
    out = ['<ul class="chronology">']
    for when, _, item in rows:
        start = when.split("/")[0]
        if isinstance(item, Passage):
            a = item.annotation
            out.append(f'<li><time datetime="{escape(start)}">{escape(format_when(when, a.julian))}</time> '
                       f'<span class="snippet">{snippet(a)}</span> — {_passage_link(item, href, True)}</li>')
        else:
            out.append(f'<li class="event"><time datetime="{escape(start)}">{escape(format_when(when))}</time> '
                       f'<a href="{escape(entity_href(item.id))}">{escape(item.name)}</a> — '
                       f'{escape(item.description)}</li>')
    out.append("</ul>")
    return "".join(out)

