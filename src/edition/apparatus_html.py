"""HTML of the apparatus: a mark in the text, an entry of a document's
apparatus, and the edition-wide summary.  Plain ElementTree (no Markdown,
no MkDocs), so the extension and the site hook build the same entries.

Both views of the text are in the page; CSS shows one.  What only the
diplomatic view shows carries `data-pagefind-ignore`, so the search index
holds the reading text in whole words ("first", never "rstfirst").
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Iterable

from .apparatus import GAP_REASONS, KINDS, gap_words
from .model import Emendation, Feature, Hyphen
from .search import IGNORE

SIC = "[sic]"


def entry_id(anchor: str) -> str:
    return f"app-{anchor}"


def summary_of(e: Emendation) -> str:
    """One line for a tooltip: kind, then lemma ] variant."""
    return f"{KINDS[e.kind].label}: {e.lemma} ] {e.variant}"


def mark_element(e: Emendation) -> etree.Element:
    """A mark in the text: a link to its apparatus entry holding both views."""
    k = e.mark
    # Described by its entry (lemma ] variant — kind: reason), in the same page: a screen reader
    # reads the mark's words in the view shown, then what the change was, never both readings glued.
    a = etree.Element("a", {"class": f"app app-{k.kind}", "id": e.anchor, "href": f"#{entry_id(e.anchor)}",
                            "title": summary_of(e), "aria-describedby": entry_id(e.anchor)})
    if k.kind == "unclear":  # the editors' reading in both views; CSS adds its '?'
        etree.SubElement(a, "span", {"class": "app-text"}).text = k.reading
        return a
    if k.kind == "var":
        # The base witness's words in both views; every other's too, hidden (and not searched) but where the
        # reader chose that witness for the diplomatic view (view.js), so the page holds each witness's text.
        for n, (siglum, words) in enumerate(k.readings):
            attrs = {"class": "app-text", "data-wit": siglum} if n == 0 else {
                "class": "app-wit-reading", "data-wit": siglum, IGNORE: ""}
            if not words:  # the witness lacks the words: a sign drawn by CSS (marks.css), named for screen readers
                attrs |= {"class": attrs["class"] + " app-om", "role": "img", "aria-label": f"not in witness {siglum}"}
            etree.SubElement(a, "span", attrs).text = words
        return a
    if k.kind == "doubtful":  # the witness's words in both views, the doubt in the reading view
        both = etree.SubElement(a, "span", {"class": "app-text"})
        both.text = k.witness
        doubt = etree.SubElement(a, "span", {"class": "app-rdg app-doubt", IGNORE: ""})
        doubt.text = "(?)"
        return a
    if k.witness:
        wit = etree.SubElement(a, "span", {"class": "app-wit", IGNORE: ""})
        wit.text = k.witness
        if k.kind == "sic":
            sic = etree.SubElement(wit, "span", {"class": "sic"})
            sic.text = " " + SIC
    rdg = etree.SubElement(a, "em" if k.kind == "italic" else "span", {"class": "app-rdg"})
    rdg.text = f"⟨{k.reading}⟩" if k.kind == "supplied" else k.reading
    if k.kind == "space":  # nothing to read: name the link
        a.set("aria-label", KINDS["space"].label + " restored")
    return a


# What the diplomatic view says of each thing the witness holds (a label, a tooltip).
_PLACED = {"above": "added above the line", "below": "added below the line", "margin": "added in the margin",
           "inline": "added in the line", "top": "added at the top of the page",
           "bottom": "added at the foot of the page"}
_LABELS = {"stamp": "stamp", "signature": "signature", "margin": "in the margin"}


def feature_element(f: Feature) -> etree.Element:
    """What the witness holds, in both views: a deletion (struck through, the
    diplomatic view's only), an addition (raised or marked in the diplomatic
    view, in its place in the reading view), a gap, a change of hand (labelled
    in the diplomatic view), a stamp, signature or marginal note (labelled)."""
    k = f.mark
    if k.kind == "del":  # the reading text has none of it: not searched either
        el = etree.Element("del", {"class": "arch arch-del", "title": "deleted in the witness", IGNORE: ""})
        el.text = k.witness
    elif k.kind == "add":
        el = etree.Element("ins", {"class": "arch arch-add", "data-place": k.detail, "title": _PLACED[k.detail]})
        el.text = k.reading
    elif k.kind == "gap":  # the editors' words, not the witness's: kept out of search
        el = etree.Element("span", {"class": "arch arch-gap", "data-reason": k.reason, IGNORE: "",
                                    "title": f"{k.detail} {GAP_REASONS[k.reason]}"})
        el.text = gap_words(k)
    elif k.kind == "hand":
        el = etree.Element("span", {"class": "arch arch-hand", "data-hand": k.detail, IGNORE: "",
                                    "title": f"from here in the hand '{k.detail}'"})
        el.text = k.detail
    else:  # a stamp, a signature, a marginal note: the witness's words, labelled
        el = etree.Element("span", {"class": f"arch arch-{k.kind}"})
        label = etree.SubElement(el, "span", {"class": "arch-label", IGNORE: ""})
        label.text = _LABELS[k.kind] + ":"
        label.tail = " " + k.reading
    return el


def hyphen_element(h: Hyphen) -> etree.Element:
    """A printed line-end hyphen: shown in the diplomatic view only."""
    a = etree.Element("a", {"class": "hy", "id": h.anchor, "href": f"#{entry_id(h.anchor)}",
                            "title": KINDS["hyphenation"].label, "aria-describedby": entry_id(h.anchor), IGNORE: ""})
    a.text = "-"
    return a


def entry_element(e: Emendation, page: str = "") -> etree.Element:
    """An apparatus entry: place, lemma ] variant — kind, reason.
    `page` is the document's URL when the entry is listed on another page."""
    li = etree.Element("li", {"class": f"app-entry app-entry-{e.kind}"})
    if not page:
        li.set("id", entry_id(e.anchor))
    place = etree.SubElement(li, "a", {"class": "app-place", "href": f"{page}#{e.anchor}"})
    place.text = e.place
    place.tail = " "
    lemma = etree.SubElement(li, "em" if e.kind == "italic" else "span", {"class": "app-lemma"})
    lemma.text = e.lemma
    lemma.tail = " ] "
    variant = etree.SubElement(li, "span", {"class": "app-variant"})
    variant.text = e.variant
    if e.kind == "sic":
        variant.text += " " + SIC
    variant.tail = " — "
    kind = etree.SubElement(li, "span", {"class": "app-kind"})
    kind.text = KINDS[e.kind].label
    cause = etree.SubElement(li, "span", {"class": "app-cause"})  # whose fault the change mends
    cause.text = f"({KINDS[e.kind].cause.value})"
    kind.tail = " "
    if e.mark.reason:
        cause.tail = ": "
        reason = etree.SubElement(li, "span", {"class": "app-reason"})
        reason.text = e.mark.reason
    return li


KEY = ("Each entry gives the place, the reading text, “]”, the witness, the kind of change, whose fault it "
       "mends (the text layer's, the source's own, or the editors' reading), and the editors' reason. The place "
       "links to the text; the text's marked words link here.")


def apparatus_section(entries: Iterable[Emendation]) -> etree.Element | None:
    """A document's apparatus, in the order of the text; None when it has no entry."""
    entries = list(entries)
    if not entries:
        return None
    section = etree.Element("section", {"class": "apparatus", "aria-labelledby": "apparatus"})
    heading = etree.SubElement(section, "h2", {"id": "apparatus"})
    heading.text = "Apparatus"
    key = etree.SubElement(section, "p", {"class": "apparatus-key"})
    key.text = KEY
    ul = etree.SubElement(section, "ul", {"class": "apparatus-list"})
    ul.extend(entry_element(e) for e in entries)
    return section


def summary_element(documents: list[tuple[str, str, list[Emendation]]]) -> etree.Element:
    """The edition's apparatus by kind: a table of counts, then each kind's
    entries across the documents.  `documents` are (title, url, entries)."""
    root = etree.Element("div", {"class": "apparatus-summary"})
    kinds = {name: kind for name, kind in KINDS.items() if kind.in_apparatus}  # a deletion is no change
    counts = {name: [sum(e.kind == name for e in entries) for _, _, entries in documents] for name in kinds}
    table = etree.SubElement(root, "table")
    head = etree.SubElement(etree.SubElement(table, "thead"), "tr")
    for text in ("Kind of change", "Whose", *(title for title, _, _ in documents), "All"):
        etree.SubElement(head, "th").text = text
    body = etree.SubElement(table, "tbody")
    for name, kind in kinds.items():
        if not any(counts[name]):  # a kind the edition has no change of: no row of noughts
            continue
        row = etree.SubElement(body, "tr")
        link = etree.SubElement(etree.SubElement(row, "td"), "a", {"href": f"#{name}"})
        link.text = kind.label
        etree.SubElement(row, "td").text = kind.cause.value
        for n in (*counts[name], sum(counts[name])):
            etree.SubElement(row, "td").text = str(n)
    for name, kind in kinds.items():
        heading = etree.SubElement(root, "h2", {"id": name})
        heading.text = f"{kind.label[0].upper()}{kind.label[1:]} ({sum(counts[name])})"
        etree.SubElement(root, "p").text = (f"{kind.means[0].upper()}{kind.means[1:]}. Whose: "
                                            f"{kind.cause.value}.")
        for title, url, entries in documents:
            mine = [e for e in entries if e.kind == name]
            if not mine:
                continue
            etree.SubElement(root, "h3").text = title
            ul = etree.SubElement(root, "ul", {"class": "apparatus-list"})
            ul.extend(entry_element(e, url) for e in mine)
    return root
