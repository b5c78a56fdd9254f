"""The site's navigation, in Material's markup, written here rather than by
a recursive Jinja macro: a document's page lists its whole section, and a
macro call for every item of every page was a third of the templates' time
at a thousand documents.

Material's stylesheet and scripts rely on this markup; it is theirs
(Material 9.x, `partials/nav-item.html`) without the whitespace and without
what none of them reads (the `md-ellipsis` span around each title, the
`md-nav__item--pruned` class), so that a page's size does not grow with the
edition.  The features of `mkdocs.yml` it follows: `navigation.sections`,
`.prune`, `.indexes` and `.expand`; page icons, subtitles and statuses from
front matter are not shown.  Titles are HTML already (front matter is
escaped by edition/mkdocs_site.py, headings by Markdown), as Material prints them.

The items are MkDocs' (sections, pages, links), read by their attributes;
`url` makes an address relative to the page, as the templates' `url`
filter does.  `theme/partials/nav-item.html` calls `render` (as
`edition_nav`, given to the templates by edition/mkdocs_site.py) and puts
Material's table of contents where the page being read asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

_ICON = '<span class="md-nav__icon md-icon"></span>'
_TOC = object()  # where the page's table of contents goes


def _title(item: Any) -> str:
    """A title with markup (a book's in italics) in one box: Material lays a link out as a flex row."""
    return f"<span>{item.title}</span>" if item.title and "<" in item.title else item.title


def render(item: Any, path: str, level: int, page: Any, features: Collection[str],
           url: Callable[[str], str]) -> str | tuple[str, str]:
    """An item of the navigation and all it holds; split in two where the
    page's table of contents goes, if the page being read is among them."""
    out: list[Any] = []
    _item(item, path, level, page, features, url, out)
    if _TOC in out:
        at = out.index(_TOC)
        return "".join(out[:at]), "".join(out[at + 1:])
    return "".join(out)


def _item(item: Any, path: str, level: int, page: Any, features: Collection[str],
          url: Callable[[str], str], out: list[Any]) -> None:
    cls = "md-nav__item md-nav__item--active" if item.active else "md-nav__item"
    if item.children:
        _section(item, path, level, page, features, url, out, cls)
    elif item == page:
        # The page being read: on a narrow screen its label opens its contents.
        toc = list(page.toc)
        if toc and toc[0].level == 1:
            toc = toc[0].children
        out.append(f'<li class="{cls}"><input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">')
        if toc:
            out.append(f'<label class="md-nav__link md-nav__link--active" for="__toc">{_title(item)}{_ICON}</label>')
        out.append(f'<a href="{url(item.url)}" class="md-nav__link md-nav__link--active">{_title(item)}</a>')
        if toc:
            out.append(_TOC)
        out.append("</li>")
    else:
        out.append(f'<li class="{cls}"><a href="{url(item.url)}" class="md-nav__link">{_title(item)}</a></li>')


def _section(item: Any, path: str, level: int, page: Any, features: Collection[str],
             url: Callable[[str], str], out: list[Any], cls: str) -> None:
    index = None
    if "navigation.indexes" in features:
        index = next((child for child in item.children if getattr(child, "is_index", False)), None)
    is_section = "navigation.sections" in features and level == 1
    if is_section:
        cls += " md-nav__item--section"
    if "navigation.prune" in features and not is_section and not item.active:
        out.append(f'<li class="{cls}">{_pruned(item, item.title, url)}</li>')  # a link to its first page
        return
    indeterminate = " md-toggle--indeterminate" if "navigation.expand" in features and not item.active else ""
    checked = " checked" if item.active else ""
    tabindex = "" if is_section else "0"
    out.append(f'<li class="{cls} md-nav__item--nested">'
               f'<input class="md-nav__toggle md-toggle{indeterminate}" type="checkbox" id="{path}"{checked}>')
    if not index:
        out.append(f'<label class="md-nav__link" for="{path}" id="{path}_label" tabindex="{tabindex}">'
                   f'{item.title}{_ICON}</label>')
    else:
        active = " md-nav__link--active" if index == page else ""
        out.append(f'<div class="md-nav__link md-nav__container">'
                   f'<a href="{url(index.url)}" class="md-nav__link{active}">{item.title}</a>')
        if len(item.children) > 1:
            out.append(f'<label class="md-nav__link{active}" for="{path}" id="{path}_label" '
                       f'tabindex="{tabindex}">{_ICON}</label>')
        out.append("</div>")
    expanded = "true" if item.active else "false"
    out.append(f'<nav class="md-nav" data-md-level="{level}" aria-labelledby="{path}_label" '
               f'aria-expanded="{expanded}"><label class="md-nav__title" for="{path}">{_ICON}{item.title}'
               f'</label><ul class="md-nav__list" data-md-scrollfix>')
    for n, child in enumerate(item.children, start=1):
        if not index or child != index:
            _item(child, f"{path}_{n}", level + 1, page, features, url, out)
    out.append("</ul></nav></li>")


def _pruned(item: Any, title: str, url: Callable[[str], str]) -> str:
    first = item.children[0]
    if first.children:
        return _pruned(first, title, url)
    return f'<a href="{url(first.url)}" class="md-nav__link">{title}{_ICON}</a>'
