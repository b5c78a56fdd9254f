"""How readers cite the edition: a document, or a passage of it.

The cited work is the edition's document: the source's authors and title
(from its bibliography entry, `source.key`, when it has one — the entry the
editors checked — else from the front matter), in the edition, edited by the
document's editors, in the edition's current version.  A passage adds its
locator ("p. 131, l. 5", "¶ 12", "n. 17") and its permanent address.

The note and bibliography forms come from citeproc in the edition's style;
BibTeX, RIS and CSL-JSON are written here.  Each form is a template with
`LOCATOR` and `ADDRESS` slots, so the page's script can cite any passage a
reader selects without a second formatter.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape
from typing import Any

from .model import Body, NoteLine, Series
from .release import Release

LOCATOR = "\u27e6locator\u27e7"  # ⟦locator⟧: never in a citation's text
ADDRESS = "\u27e6address\u27e7"
_PARTICLES = {"van", "von", "de", "der", "den", "du", "da", "di", "del", "della", "le", "la", "ter", "ten"}


@dataclass(frozen=True, slots=True)
class Work:
    """The edition's document as a citable work."""

    id: str  # the document's address without slashes: 'texts-kuromiya-mamoulia-ch6'
    item: dict[str, Any]  # CSL-JSON for citeproc, with `URL` the document's permanent address
    title: str  # the title as printed, for the forms no style re-cases (citeproc's is in sentence case)
    extent: str  # the locator of the whole document ('p. 131'), or ''
    unverified: tuple[tuple[str, str], ...]  # (what, why) of the facts used that are not confirmed


def split_name(name: str) -> dict[str, str]:
    """'Jan M. Meijer' -> family 'Meijer'; 'Family, Given' is taken as written;
    a lowercase particle ('van', 'de') goes with the family name."""
    if "," in name:
        family, _, given = name.partition(",")
        return {"family": family.strip(), "given": given.strip()}
    words = name.split()
    if len(words) == 1:
        return {"literal": name}
    cut = len(words) - 1
    while cut > 1 and words[cut - 1] in _PARTICLES:
        cut -= 1
    return {"family": " ".join(words[cut:]), "given": " ".join(words[:cut])}


def work(doc_id: str, meta: dict[str, Any], source_item: dict[str, Any] | None, *,
         edition: str, release: Release, address: str) -> Work:
    """The CSL-JSON item a reader cites for one document."""
    source = meta.get("source") or {}
    flags = {str(k): str(v) for k, v in (meta.get("unverified") or {}).items()}
    display = str(source.get("title", ""))
    if source_item is not None:  # the bibliography's reading of the work: names split, braces kept
        authors = source_item.get("author") or source_item.get("editor") or []
        title = source_item.get("title", display)
        unverified = ()
    else:
        authors = [split_name(a) for a in source.get("authors", [])]
        title = display
        unverified = tuple((f"the {field.removeprefix('source.')}", flags[field])
                           for field in ("source.authors", "source.title") if field in flags)
    item: dict[str, Any] = {
        "id": doc_id, "type": "chapter", "title": title, "container-title": edition,
        "version": release.version, "issued": {"date-parts": [[int(p) for p in release.date.split("-")]]},
        "URL": address,
    }
    if authors:
        item["author"] = authors
    if meta.get("editors"):  # as the front matter writes them: a person, or a body of editors
        item["editor"] = [{"literal": str(e)} for e in meta["editors"]]
    if source.get("language"):
        item["language"] = source["language"]
    pages = str(source.get("pages", ""))
    extent = (f"pp. {pages}" if re.search(r"[-–]", pages) else f"p. {pages}") if pages else ""
    return Work(doc_id, item, display or title, extent, unverified)


def passages(body: Body) -> list[tuple[str, str]]:
    """Every passage a reader can cite: (anchor, locator), in the text's order."""
    found: list[tuple[str, str]] = [(p.anchor, f"p. {p.number}") for p in body.pages]
    found += [(line.anchor, f"p. {line.page}, l. {line.n}") for line in body.printed_lines]
    found += [(b.anchor, f"¶ {b.n}" if b.kind == "para" else f"heading {b.n}") for b in body.blocks]
    for note in body.notes.values():
        found.append((note.anchor, f"n. {note.display}" if note.series is Series.AUTHOR
                      else f"editorial note {note.display}"))
    found += [(item.anchor, f"n. {item.label}, l. {item.n}")
              for line in body.lines for item in line.items if isinstance(item, NoteLine)]
    return found


@dataclass(frozen=True, slots=True)
class Forms:
    """Every form of one work's citation, each a template with LOCATOR and ADDRESS."""

    note: str  # HTML
    bibliography: str  # HTML
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
    """`note` and `entry` are citeproc's HTML for `w.item`, its locator given as `sentinel`."""
    address = w.item["URL"]
    return Forms(note=note.replace(sentinel, LOCATOR).replace(address, ADDRESS),
                 bibliography=entry,  # cites the whole document, at its own address
                 bibtex=_bibtex(w), ris=_ris(w), csl_json=_csl_json(w))


def inverted(person: dict[str, str]) -> str:
    """A name as reference managers file it: 'Family, Given' (a literal name as written)."""
    return person["literal"] if "literal" in person else f"{person['family']}, {person['given']}"


def _escape(text: str) -> str:
    """Characters BibTeX would read as markup, escaped."""
    return re.sub(r"([{}\\%&#$_])", r"\\\1", text)


def _bibtex(w: Work) -> str:
    i = w.item
    fields = [("author", " and ".join(_bibtex_name(p) for p in i.get("author", []))),
              ("title", _escape(w.title)), ("booktitle", _escape(i["container-title"])),
              ("editor", " and ".join(_bibtex_name(p) for p in i.get("editor", []))),
              ("version", i["version"]), ("date", _iso(i)), ("url", ADDRESS), ("note", LOCATOR)]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@incollection{{{w.id},\n{body}\n}}"


def _bibtex_name(person: dict[str, str]) -> str:
    name = _escape(inverted(person))
    return "{" + name + "}" if "literal" in person else name  # a literal name BibTeX must not split


def _ris(w: Work) -> str:
    i = w.item
    lines = [("TY", "CHAP")]
    lines += [("AU", inverted(p)) for p in i.get("author", [])]
    lines += [("TI", w.title), ("T2", i["container-title"])]
    lines += [("A2", inverted(p)) for p in i.get("editor", [])]
    lines += [("ET", i["version"]), ("PY", _iso(i)[:4]), ("DA", _iso(i).replace("-", "/")),
              ("UR", ADDRESS), ("N1", LOCATOR)]
    if i.get("language"):
        lines.append(("LA", i["language"]))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}".rstrip() for tag, value in lines)


def _csl_json(w: Work) -> str:
    # 'note' before 'URL': a line the script may drop must not be the last.
    item = {k: v for k, v in w.item.items() if k != "URL"} | {"title": w.title, "note": LOCATOR, "URL": ADDRESS}
    text = json.dumps([item], ensure_ascii=False, indent=2)
    # Dates on one line: [[2026, 11, 21]], not seven.
    text = re.sub(r"\[\s*((?:\d+,\s*)*\d+)\s*\]", lambda m: "[" + re.sub(r",\s*", ", ", m[1]) + "]", text)
    return re.sub(r"\[\s*(\[[^\[\]]*\])\s*\]", r"[\1]", text)


def _iso(item: dict[str, Any]) -> str:
    return "-".join(f"{p:02d}" for p in item["issued"]["date-parts"][0])
