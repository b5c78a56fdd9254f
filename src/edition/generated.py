"""The pages and page parts the edition generates, as text and HTML: the
edition-wide pages' Markdown (their lists are added by the build), a
document's links to its exports and to how a correction is made, and a
mention's link to its register entry.  Every value is escaped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape

from .dates import format_when
from .extension import ENTITY_HREF
from .register import Register
from .search import IGNORE
from .sitefiles import EXPORTS

CONTRIBUTING_PAGE = "contributing.md"  # says how a correction is made (its section '#fix-a-typo')
EXPORTS_PAGE = "exports.md"  # says what the exports hold
# Where a document's "Cite this" box goes, filled in once pandoc has formatted
# it.  (A source cannot write this: the extension shows any HTML in it as text.)
CITE_BOX_SLOT = "<!--edition:cite-this-->"

BIBLIOGRAPHY_MARKDOWN = """# Bibliography

The works the edition's sources cite, and the sources themselves, in the
edition's citation style. Each entry lists every note of the edition that
cites it. What the editors could not confirm about a work is said under it.

Download the whole bibliography: [BibTeX](bibliography.bib) ·
[CSL-JSON](bibliography.json) (for Zotero and other reference managers).

## Works

## Pages not yet in the edition

The pages the sources refer to that the edition does not hold yet. Each
reference becomes a link to its page once the page is transcribed.
"""
# Search ranks the sources' passages above the pages that list them all:
# front matter `search: {weight: …}` weighs a page's words (theme/main.html).
LISTS_WEIGHT = 0.1
REGISTER_MARKDOWN = f"""---
search:
  weight: {LISTS_WEIGHT}
---

# Register

The people, places, organisations and events the sources name, under one
name each, with the other names and spellings the sources use. Each entry's
page lists every passage that mentions it; search finds a passage under
any of the names.
"""
CHRONOLOGY_MARKDOWN = f"""---
search:
  weight: {LISTS_WEIGHT}
---

# Chronology

The dates the sources give, and the events of the register, in order of
time. Dates are given in the Gregorian calendar; where a source gives both
its Old Style (Julian) date and the Gregorian one, both are shown. Each
entry links to its passage.
"""
CORRIGENDA_MARKDOWN = f"""---
search:
  weight: {LISTS_WEIGHT}
---

# Corrigenda

Every correction made to the transcriptions since they were published,
newest first: what changed, why, and who made it. Each document lists its
own corrections below its text.
"""
SUMMARY_MARKDOWN = """# Apparatus of the edition

Every change the editors made to the texts, by kind, across all documents.
Each document lists its own apparatus below its text; the place of an entry
links to the word in the text.
"""


def entry_page_markdown(name: str) -> str:
    """A register entry's page: its name as the title (as Markdown it would be read as markup)."""
    return f"---\ntitle: {json.dumps(name)}\nsearch:\n  weight: {LISTS_WEIGHT}\n---\n"


MENTION_RE = re.compile(f'href="{ENTITY_HREF}([a-z0-9-]+)"')


def mention_target(entity_id: str, register: Register, entity_href: Callable[[str], str]) -> str:
    """A mention's link to its register page, with what its card shows
    (assets/notes.js): the entry's name, type, dates and description."""
    entity = register.entities.get(entity_id)
    if entity is None:  # reported (ED706)
        return 'href="#"'
    name = escape(entity.name)
    card = f' data-type="{escape(entity.type)}" data-description="{escape(entity.description)}"'
    if entity.date:
        card += f' data-dates="{escape(format_when(entity.date))}"'
    return f'href="{escape(entity_href(entity_id))}" title="{name}" data-name="{name}"{card}'


def exports_html(about: str | None) -> str:
    """The links to a document's exports, beside its page (see EXPORTS), and
    to the page that says what they hold, if the edition has it."""
    return (f'<p class="document-exports" {IGNORE}>Download this document: '
            f'<a href="{EXPORTS["tei"]}" type="application/tei+xml">TEI XML</a> · '
            f'plain text of the <a href="{EXPORTS["reading"]}" type="text/plain">reading view</a> and of the '
            f'<a href="{EXPORTS["diplomatic"]}" type="text/plain">diplomatic view</a>'
            + (f' (<a href="{escape(about)}">what they hold</a>)' if about else "") + "</p>\n")


def suggest_html(edit_url: str, how: str | None) -> str:
    """A transcription's "Suggest a correction": its source opened in the
    repository's editor, and, if the edition has the page, how it is done."""
    return (f'<p class="suggest-correction" {IGNORE}>Found a mistake in the transcription? '
            f'<a href="{escape(edit_url)}">Suggest a correction</a>'
            + (f' (<a href="{escape(how)}#fix-a-typo">how</a>)' if how else "") + ".</p>\n")
