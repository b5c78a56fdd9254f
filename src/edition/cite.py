"""How readers cite the edition: a document, or a passage of it.

A document is the edition's transcription of a source, so every citation
names both works, as the Chicago Manual does for a text reproduced in a
collection: the source as it was published (its authors as they sign,
title, container, publisher, date and its own pages — from its
bibliography entry, `source.key`, when it has one, the entry the editors
checked; else from the front matter, leaving out what is unverified), and
the edition it is read in (title, editors, version and its date, DOI,
permanent address of the passage).

The note and bibliography forms are the source in the edition's CSL style
(citeproc), followed by "transcribed in" and the edition; BibTeX, RIS and
CSL-JSON describe the transcription as a chapter of the edition with the
source as its original (`orig*`, `OP`, `original-*`).  Each form is a
template with `LOCATOR` and `ADDRESS` slots, so the page's script can cite
any passage a reader selects without a second formatter.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from html import escape, unescape
from typing import Any

from .identity import Identity, split_name
from .model import Body, CaptionLine, NoteLine, Row, Series, figure_name
from .release import Release

LOCATOR = "\u27e6locator\u27e7"  # ⟦locator⟧: never in a citation's text
ADDRESS = "\u27e6address\u27e7"
# A source's type in the front matter -> CSL's, for a source with no bibliography entry.
_CSL_TYPES = {"book": "book", "chapter": "chapter", "article": "article-journal", "web-article": "webpage",
              "newspaper": "article-newspaper", "manuscript": "manuscript", "typescript": "manuscript",
              "letter": "letter"}


@dataclass(frozen=True, slots=True)
class Work:
    """The edition's document as a citable work."""

    id: str  # the document's address without slashes: 'texts-kuromiya-mamoulia-ch6'
    source: dict[str, Any]  # CSL-JSON of the source as published, for citeproc's part of the forms
    item: dict[str, Any]  # CSL-JSON of the transcription in the edition, with `URL` its permanent address
    title: str  # the transcription's title: the source's as printed, with its extent
    extent: str  # the locator of the whole document in the source ('p. 131'), or ''
    identity: Identity
    release: Release
    unverified: tuple[tuple[str, str], ...]  # (what, why) of the facts used that are not confirmed


def _authors(source: dict[str, Any], item: dict[str, Any] | None) -> list[dict[str, str]]:
    """The source's authors as they sign, each with the editors' romanization
    beside it in brackets (`source.romanized`, in the same order)."""
    names = [dict(p) for p in (item.get("author") or item.get("editor") or [])] if item is not None \
        else [split_name(str(a)) for a in source.get("authors", [])]
    for person, roman in zip(names, source.get("romanized") or []):
        if "literal" in person:
            person["literal"] += f" [{roman}]"
        else:
            person["suffix"] = f"[{roman}]"
    return names


def _source_item(doc_id: str, source: dict[str, Any], flags: dict[str, str]) -> dict[str, Any]:
    """CSL-JSON of a source with no bibliography entry, from the front matter's confirmed facts."""
    item: dict[str, Any] = {"id": doc_id + "-source", "type": _CSL_TYPES.get(str(source.get("type")), "document"),
                            "title": str(source.get("title", ""))}
    for field, variable in (("outlet", "container-title"), ("publisher", "publisher"), ("place", "publisher-place"),
                            ("url", "URL"), ("language", "language")):
        if source.get(field) and f"source.{field}" not in flags:
            item[variable] = str(source[field])
    date = str(source.get("date", ""))
    if date and "source.date" not in flags:
        item["issued"] = {"date-parts": [[int(p) for p in re.findall(r"\d+", date.partition("T")[0])]]}
    return item


def work(doc_id: str, meta: dict[str, Any], source_item: dict[str, Any] | None, *, identity: Identity,
         release: Release, address: str, entry_unverified: str = "") -> Work:
    """The citable work of one document: `source_item` is the source's
    bibliography entry as CSL-JSON (None: the front matter describes it),
    `entry_unverified` what that entry says is not confirmed."""
    source = meta.get("source") or {}
    flags = {str(k): str(v) for k, v in (meta.get("unverified") or {}).items()}
    if source_item is not None:
        published = dict(source_item, id=doc_id + "-source")
        unverified = (("the source's bibliography entry", entry_unverified),) if entry_unverified else ()
    else:
        published = _source_item(doc_id, source, flags)
        unverified = tuple((f"the source's {field.removeprefix('source.')}", why) for field, why in flags.items()
                           if field.startswith("source."))
    published["author"] = _authors(source, source_item)
    if not published["author"]:
        del published["author"]
    pages = str(source.get("pages", ""))
    extent = (f"pp. {pages}" if re.search(r"[-–]", pages) else f"p. {pages}") if pages else ""
    display = str(source.get("title") or published.get("title", ""))
    title = f"{display}, {extent}" if extent else display
    item: dict[str, Any] = {
        "id": doc_id, "type": "chapter", "title": title, "container-title": identity.title,
        "version": release.version, "issued": {"date-parts": [[int(p) for p in release.date.split("-")]]},
    }
    if published.get("author"):
        item["author"] = published["author"]
    if identity.editors:
        item["editor"] = [e.csl() for e in identity.editors]
    if identity.publisher:
        item["publisher"] = identity.publisher
    if identity.doi:
        item["DOI"] = identity.doi
    if identity.licence:
        item["license"] = identity.licence
    if published.get("language") or source.get("language"):
        item["language"] = str(published.get("language") or source["language"])
    # The source as its original: what reference managers and CSL styles print as "originally published".
    item["original-title"] = display  # as printed: citeproc's reading of an entry holds markup, in sentence case
    for variable in ("author", "publisher", "publisher-place", "container-title"):
        if published.get(variable):
            item[f"original-{variable}"] = published[variable]
    if published.get("issued"):
        item["original-date"] = published["issued"]
    item["URL"] = address
    return Work(doc_id, published, item, title, extent, identity, release, unverified)


def passages(body: Body) -> list[tuple[str, str]]:
    """Every passage a reader can cite: (anchor, locator), in the text's order."""
    found: list[tuple[str, str]] = [(p.anchor, f"p. {p.number}") for p in body.pages]
    found += [(line.anchor, f"p. {line.page}, l. {line.n}") for line in body.printed_lines]
    found += [(b.anchor, f"¶ {b.n}" if b.kind == "para" else f"heading {b.n}") for b in body.blocks]
    for note in body.notes.values():
        found.append((note.anchor, f"n. {note.display}" if note.series is Series.AUTHOR
                      else f"editorial note {note.display}"))
    items = [item for line in body.lines for item in line.items]
    found += [(item.anchor, f"n. {item.label}, l. {item.n}") for item in items if isinstance(item, NoteLine)]
    named, page = {}, ""  # a figure's or table's locator, with its printed page
    for m in body.milestones:
        if m.kind == "page":
            page = f"p. {m.text}, "
        elif m.kind in ("figure", "table"):
            named[m.anchor] = page + figure_name(m)
    found += list(named.items())
    found += [(item.anchor, f"{named[item.figure]}, l. {item.n}") for item in items if isinstance(item, CaptionLine)]
    found += [(item.anchor, f"{named[item.table]}, row {item.n}") for item in items if isinstance(item, Row)]
    return found


@dataclass(frozen=True, slots=True)
class Forms:
    """Every form of one work's citation, each a template with LOCATOR and ADDRESS."""

    note: str  # HTML
    bibliography: str  # HTML
    statement: str  # the source as published, as text (the bibliography's form)
    bibtex: str
    ris: str
    csl_json: str

    def fill(self, locator: str, address: str) -> dict[str, str]:
        """The forms for one passage, or for the whole document (its extent, or
        no locator).  The page's script (citation.js) follows the same rules.
        The locator and the address are text: in the note's HTML they are
        escaped (a document's `source.pages` is a contributor's string)."""
        def put(text: str, note: bool = False) -> str:
            where, what = (escape(address), escape(locator)) if note else (address, locator)
            text = text.replace(ADDRESS, where)
            if locator:
                return text.replace(LOCATOR, what)
            if note:  # the note's locator goes with the comma before it
                return re.sub(f"(,\\s*)?{LOCATOR}", "", text)
            return "\n".join(line for line in text.split("\n") if LOCATOR not in line)
        return {"url": address, "note": put(self.note, note=True), "bibliography": self.bibliography,
                "bibtex": put(self.bibtex), "ris": put(self.ris), "csl_json": put(self.csl_json)}


def forms(w: Work, note: str, entry: str, sentinel: str) -> Forms:
    """`note` and `entry` are citeproc's HTML for the source (`w.source`), its locator given as `sentinel`."""
    identity = w.identity
    edition = escape(identity.title)
    editors = escape(identity.editors_text())
    date = _us_date(w.release.date)  # as the style's own dates: 'November 21, 2026'
    doi = f"https://doi.org/{escape(identity.doi)}" if identity.doi else ""
    in_note = ", ".join(part for part in (f"<em>{edition}</em>", f"ed. {editors}" if editors else "",
                                          f"version {escape(w.release.version)} ({date})", doi, ADDRESS) if part)
    in_entry = ". ".join(part for part in (f"<em>{edition}</em>", f"Edited by {editors}" if editors else "",
                                           f"Version {escape(w.release.version)}, {date}", doi,
                                           escape(w.item["URL"])) if part)
    source_note = re.sub(r"\.((?:</[a-z]+>)*)\s*$", r"\1", note.replace(sentinel, LOCATOR).rstrip())
    statement = plain(entry)
    return Forms(note=f"{source_note}, transcribed in {in_note}.",
                 bibliography=f"{entry.rstrip()} Transcribed in {in_entry}.",  # the whole document, at its address
                 statement=statement, bibtex=_bibtex(w, statement), ris=_ris(w, statement), csl_json=_csl_json(w))


def _us_date(iso: str) -> str:
    year, month, day = (int(p) for p in iso.split("-"))
    return f"{dt.date(year, month, day):%B} {day}, {year}"


def plain(html: str) -> str:
    """citeproc's HTML as text."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def inverted(person: dict[str, str]) -> str:
    """A name as reference managers file it: 'Family, Given' (a literal name as written), with its romanization."""
    if "literal" in person:
        return person["literal"]
    name = f"{person['family']}, {person['given']}" if person.get("given") else person["family"]
    return f"{name} {person['suffix']}" if person.get("suffix") else name


def _escape(text: str) -> str:
    """Characters BibTeX would read as markup, escaped."""
    return re.sub(r"([{}\\%&#$_])", r"\\\1", text)


def _bibtex(w: Work, source: str) -> str:
    i = w.item
    date = i.get("original-date", {}).get("date-parts", [[]])[0]
    # `note` (the passage, dropped for the whole document) is never the last field, which has no comma.
    fields = [("author", " and ".join(_bibtex_name(p) for p in i.get("author", []))),
              ("title", _escape(w.title)), ("booktitle", _escape(i["container-title"])),
              ("editor", " and ".join(_bibtex_name(p) for p in i.get("editor", []))),
              ("publisher", _escape(i.get("publisher", ""))), ("version", i["version"]), ("date", _iso(i)),
              ("origtitle", _escape(i["original-title"])), ("origpublisher", _escape(i.get("original-publisher", ""))),
              ("origlocation", _escape(i.get("original-publisher-place", ""))),
              ("origdate", "-".join(f"{p:02d}" for p in date)),
              ("addendum", _escape(f"Transcription of: {source}")), ("doi", i.get("DOI", "")),
              ("note", LOCATOR), ("url", ADDRESS)]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@incollection{{{w.id},\n{body}\n}}"


def _bibtex_name(person: dict[str, str]) -> str:
    name = _escape(inverted(person))
    return "{" + name + "}" if "literal" in person or person.get("suffix") else name  # one that BibTeX must not split


def _ris(w: Work, source: str) -> str:
    i = w.item
    lines = [("TY", "CHAP")]
    lines += [("AU", inverted(p)) for p in i.get("author", [])]
    lines += [("TI", w.title), ("T2", i["container-title"])]
    lines += [("A2", inverted(p)) for p in i.get("editor", [])]
    if i.get("publisher"):
        lines.append(("PB", i["publisher"]))
    lines += [("ET", i["version"]), ("PY", _iso(i)[:4]), ("DA", _iso(i).replace("-", "/")), ("OP", source)]
    if i.get("DOI"):
        lines.append(("DO", i["DOI"]))
    lines += [("UR", ADDRESS), ("N1", LOCATOR)]
    if i.get("language"):
        lines.append(("LA", i["language"]))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}".rstrip() for tag, value in lines)


def _csl_json(w: Work) -> str:
    # 'note' before 'URL': a line the script may drop must not be the last.
    item = {k: v for k, v in w.item.items() if k != "URL"} | {"note": LOCATOR, "URL": ADDRESS}
    text = json.dumps([item], ensure_ascii=False, indent=2)
    # Dates on one line: [[2026, 11, 21]], not seven.
    text = re.sub(r"\[\s*((?:\d+,\s*)*\d+)\s*\]", lambda m: "[" + re.sub(r",\s*", ", ", m[1]) + "]", text)
    return re.sub(r"\[\s*(\[[^\[\]]*\])\s*\]", r"[\1]", text)


def _iso(item: dict[str, Any]) -> str:
    return "-".join(f"{p:02d}" for p in item["issued"]["date-parts"][0])
