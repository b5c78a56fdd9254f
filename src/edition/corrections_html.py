"""The corrections log as readers see it: under each document, and on the
"Corrigenda" page, which gathers every document's.  Every value is escaped."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from .dates import format_date

_PULL_RE = re.compile(r"#(\d+)")
HEADING_ID = "corrections"


def _by(by: str, repo_url: str | None) -> str:
    """'#12' names a pull request: a link to it, when the repository is known."""
    m = _PULL_RE.fullmatch(by.strip())
    if m and repo_url:
        return f'<a href="{escape(repo_url.rstrip("/"))}/pull/{m[1]}">pull request #{m[1]}</a>'
    return escape(by)


def _date(iso: str) -> str:
    return f'<time datetime="{escape(iso)}">{escape(format_date(iso) if iso else iso)}</time>'


def _sentence(text: str) -> str:
    """The editors' words, closed with a full stop if they lack one."""
    text = text.strip()
    return escape(text if text[-1:] in ".!?…" else text + ".")


def log_html(entries: list[dict], repo_url: str | None) -> str:
    """A document's log, below its text; nothing before its first correction."""
    if not entries:
        return ""
    items = "".join(
        f"<li>{_date(e['date'])}: {_sentence(e['what'])} <span class=\"correction-why\">Why: "
        f"{_sentence(e['why'])}</span> <span class=\"correction-by\">By {_by(e['by'], repo_url)}.</span></li>\n"
        for e in entries)
    return (f'<h2 id="{HEADING_ID}">Corrections since publication</h2>\n'
            f'<ol class="corrections-log">\n{items}</ol>\n')


def corrigenda_html(documents: list[tuple[str, str, list[dict]]], repo_url: str | None,
                    href: Callable[[str], str]) -> str:
    """Every correction of the edition, newest first: (title, src_uri, entries) per document."""
    rows = sorted(((e, t, uri) for t, uri, entries in documents for e in entries),
                  key=lambda row: row[0]["date"], reverse=True)
    if not rows:
        return '<p class="corrigenda-none">No corrections have been made since the texts were published.</p>\n'
    body = "".join(
        f'<tr><td>{_date(e["date"])}</td><td><a href="{escape(href(uri))}#{HEADING_ID}">{escape(t)}</a></td>'
        f'<td>{escape(e["what"])}</td><td>{escape(e["why"])}</td><td>{_by(e["by"], repo_url)}</td></tr>\n'
        for e, t, uri in rows)
    # Material styles tables without a class: the class goes on a wrapper.
    return ('<div class="corrigenda"><table>\n<thead><tr><th>Date</th><th>Document</th><th>What changed</th>'
            f'<th>Why</th><th>By</th></tr></thead>\n<tbody>\n{body}</tbody>\n</table></div>\n')
