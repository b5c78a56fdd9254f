"""The anchor register: every address the edition has published, kept for good.

Scholars cite the edition in print, where a broken link can never be
mended.  `anchors.txt` lists every page and every anchor the site has
published; a build that would lose one fails, unless a redirect says where
it went.  The deploy workflow adds each build's new addresses when it
publishes them (`make record`); the file is read here:

    texts/kuromiya-mamoulia-ch6/          a page
      #p131.l5                            an anchor of that page
      #decisions -> #editorial-decisions  an anchor that moved within the page
      #n17 -> texts/other/#n17            … or to another page
    texts/old-name/ -> texts/new-name/    a page that moved (its anchors go with it)

Addresses are the site's own, relative to its root, as the build writes them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape

from .diagnostics import Diagnostic, Loc

HEADER = """\
# The edition's published addresses: every page and anchor the site has had.
# A citation in print can never be mended, so none of them may disappear:
# the build fails if one would, unless a redirect below says where it went
# ('old -> new', for a page or an anchor).  New addresses are added by the
# deploy workflow when it publishes them (`make record`).
"""
# Pages are paths of plain segments ('texts/a/', '/' for the home page): no
# scheme, no '..', so a redirect can only lead within the site.
_PATH = r"(?:[\w~-][\w.~-]*/)*"
_ID = r"#[^\s#\"'<>\\&]+"
_ADDRESS_RE = re.compile(rf"/|{_PATH}")
_FRAGMENT_RE = re.compile(_ID)
_TARGET_RE = re.compile(rf"(?:/|{_PATH})(?:{_ID})?|{_ID}")
_ID_RE = re.compile(r'\sid="([^"]+)"')


@dataclass(slots=True)
class Register:
    path: str
    pages: dict[str, Loc] = field(default_factory=dict)  # page address -> where it is listed
    anchors: dict[tuple[str, str], Loc] = field(default_factory=dict)  # (page, fragment) -> where
    moved: dict[str, tuple[str, Loc]] = field(default_factory=dict)  # 'page' or 'page#frag' -> new address


def read(text: str, path: str) -> tuple[Register, list[Diagnostic]]:
    register, diagnostics = Register(path), []
    page: str | None = None
    for n, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#") and not line.startswith(" "):
            continue  # blank, or a comment (an anchor line is indented)
        indented = line.startswith(" ")
        item, arrow, target = (part.strip() for part in line.strip().partition(" -> "))
        loc = Loc(path, n, len(line) - len(line.lstrip()) + 1)
        if indented:
            ok = page is not None and _FRAGMENT_RE.fullmatch(item)
        else:
            ok = item and _ADDRESS_RE.fullmatch(item)
        if not ok or (arrow and not (target and _TARGET_RE.fullmatch(target))):
            diagnostics.append(Diagnostic(
                "ED810", loc, f"'{line.strip()}' is neither a page nor one of its anchors",
                "a page is its address ending in '/' ('texts/a/'), an anchor an indented '#id' under "
                "its page; 'old -> new' records a move. `make record` writes the file"))
            continue
        if not indented:
            page = "" if item == "/" else item
            register.pages[page] = loc
            if arrow:
                register.moved[page] = (target, loc)
            continue
        key = (page, item[1:])
        register.anchors[key] = loc
        if arrow:  # '#new' stays on the page; 'texts/b/#new' leaves it
            register.moved[f"{page}{item}"] = (page + target if target.startswith("#") else target, loc)
    return register, diagnostics


def check(register: Register, built: dict[str, list[str]]) -> list[Diagnostic]:
    """What this build would break: a published page or anchor that is gone
    without a redirect, and a redirect to nowhere."""
    diagnostics: list[Diagnostic] = []
    for page, loc in register.pages.items():
        if page not in built and page not in register.moved:
            diagnostics.append(Diagnostic(
                "ED811", loc, f"the published page '{page or '/'}' is not in this build",
                f"restore it, or record where it went: '{page or '/'} -> <its new address>'"))
    for (page, fragment), loc in register.anchors.items():
        if page in built and fragment not in built[page] and f"{page}#{fragment}" not in register.moved:
            diagnostics.append(Diagnostic(
                "ED811", loc, f"the published anchor '{page}#{fragment}' is not in this build",
                f"restore it, or record where it went: '#{fragment} -> #<its new anchor>' under its page"))
    for old, (new, loc) in register.moved.items():
        if old in register.pages and new in built:  # a moved page's anchors must be on its new page
            for (page, fragment), at in register.anchors.items():
                if page == old and fragment not in built[new] and f"{old}#{fragment}" not in register.moved:
                    diagnostics.append(Diagnostic(
                        "ED811", at, f"the published anchor '{old}#{fragment}' is not on '{new}', where its page went",
                        f"restore it there, or record where it went: '#{fragment} -> <its new address>'"))
        page, _, fragment = new.partition("#")
        if page not in built or (fragment and fragment not in built[page]):
            diagnostics.append(Diagnostic(
                "ED812", loc, f"'{old}' is redirected to '{new}', which this build does not have",
                "redirect it to an address the site has"))
    return diagnostics


def unlisted(register: Register, built: dict[str, list[str]]) -> list[tuple[str, str]]:
    found = []
    for page, fragments in built.items():
        if page not in register.pages:
            found.append((page, ""))
        found += [(page, f) for f in fragments if (page, f) not in register.anchors]
    return found


def update(register: Register, built: dict[str, list[str]]) -> str:
    """The register with this build's new addresses added.  Nothing is ever
    removed: a published address stays, so the check keeps asking for its
    redirect."""
    pages: dict[str, list[str]] = {}
    for page in register.pages:
        pages[page] = []
    for page, fragment in register.anchors:
        pages[page].append(fragment)
    for page, fragments in built.items():
        listed = pages.setdefault(page, [])
        listed += [f for f in fragments if f not in listed]
    out = [HEADER]
    for page, fragments in pages.items():
        out.append(_line(page or "/", register.moved.get(page)))
        out += ["  " + _line(f"#{f}", register.moved.get(f"{page}#{f}"), page) for f in fragments]
    return "\n".join(out) + "\n"


def _line(item: str, moved: tuple[str, Loc] | None, page: str | None = None) -> str:
    if moved is None:
        return item
    target = moved[0]
    if page is not None and target.startswith(page + "#"):
        target = target[len(page):]  # a move within the page is written '#new'
    return f"{item} -> {target}"


def ids(html: str) -> list[str]:
    """The anchors a page's content publishes, in order."""
    return list(dict.fromkeys(_ID_RE.findall(html)))


def keep_moved(html: str, page: str, register: Register) -> str:
    """Old anchors of this page land on their new places: an empty element
    with the old id before the new one (no script needed); a move to
    another page is left to the page's script, with the map given here."""
    elsewhere = {}
    for old, (new, _) in register.moved.items():
        old_page, _, fragment = old.partition("#")
        if old_page != page or not fragment:
            continue
        new_page, _, new_fragment = new.partition("#")
        if new_page == page and new_fragment:
            html = re.sub(rf'(<[a-z0-9]+\b[^>]*\sid="{re.escape(new_fragment)}")',
                          lambda m, old=fragment: f'<span id="{old}" class="moved-anchor"></span>{m[1]}', html, count=1)
        else:
            elsewhere[fragment] = relative(page, new)
    if elsewhere:
        # An attribute, not a <script>: Material's instant navigation runs those.
        html += f'<div class="moved-anchors" hidden data-moved="{escape(json.dumps(elsewhere, ensure_ascii=False))}"></div>'
    return html


def relative(page: str, target: str) -> str:
    """`target` (a site address) as a link from `page`."""
    return "../" * page.count("/") + (target if target != "/" else "./")


def page_redirects(register: Register, built: dict[str, list[str]]) -> dict[str, str]:
    """A small page at each moved page's old address, sending the reader on
    (with the anchor they asked for, moved if it moved) to its new address."""
    pages = {}
    for old, (new, _) in register.moved.items():
        if "#" in old or old in built:
            continue
        target = relative(old, new)
        fragments = {f: relative(old, register.moved[f"{old}#{f}"][0]) for p, f in register.anchors
                     if p == old and f"{old}#{f}" in register.moved}
        data = json.dumps({"to": target, "moved": fragments}, ensure_ascii=False).replace("<", "\\u003c")
        link = escape(target)
        pages[old] = (
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>This page has moved</title>\n'
            f'<link rel="canonical" href="{link}">\n<meta name="robots" content="noindex">\n'
            f'<meta http-equiv="refresh" content="0; url={link}">\n'
            f'<script>(function () {{ var m = {data}; var h = decodeURIComponent(location.hash.slice(1));\n'
            '  location.replace(m.moved[h] || (m.to + (h ? "#" + encodeURIComponent(h) : ""))); })();</script>\n'
            f'</head>\n<body><p>This page has moved: <a href="{link}">{link}</a>.</p></body>\n</html>\n')
    return pages
