"""A document page's facsimile panel: the printed pages' images beside the
text (assets/facsimile.js shows them in OpenSeadragon), or the statement
that none may be shown.

Without JavaScript the panel is a list of links to each page's full image;
with it, a zoomable viewer that follows the text (the page whose break the
reader has scrolled past) and the same list, to go to a page."""

from __future__ import annotations

import json
import math
from html import escape

from .facsimile import ImageInfo, PageImage, line_box
from .search import IGNORE

FOLDER = "iiif"  # beside a document's page: iiif/131/info.json, and the tiles


def image_folder(page: str) -> str:
    """A page's tile set, from the document's page (its number is an address already: '131', 'xv')."""
    return f"{FOLDER}/{page}"


def print_size(info: ImageInfo) -> tuple[int, int]:
    """The largest whole-page copy of at most 1024 pixels a side that the tiles hold (`sizes` in info.json)."""
    factor = 1
    while max(info.width, info.height) > 1024 * factor:
        factor *= 2
    return math.ceil(info.width / factor), math.ceil(info.height / factor)


def panel_html(images: list[PageImage], infos: dict[str, ImageInfo]) -> str:
    shown = [image for image in images if image.page in infos]
    if not shown:
        return ""
    # On paper, each page's image after the text (edition.css): loaded only for the print.
    printed = "".join(
        f'<figure><img src="{image_folder(i.page)}/full/{w},{h}/0/default.jpg" width="{w}" height="{h}" '
        f'alt="{escape(i.alt)}" loading="lazy"><figcaption>p. {escape(i.page)}</figcaption></figure>'
        for i in shown for w, h in [print_size(infos[i.page])])
    # Each line the editors placed on its image, by its address: the viewer marks it when the line is chosen.
    pages = [{"page": i.page, "info": f"{image_folder(i.page)}/info.json", "alt": i.alt,
              "lines": {f"p{i.page}.l{n}": line_box(box) for n, box in i.lines}} for i in shown]
    links = "".join(
        f'<li><a href="{image_folder(i.page)}/full/max/0/default.jpg" data-page="{escape(i.page)}">'
        f'p. {escape(i.page)}</a></li>' for i in shown)
    return (f'<aside class="facsimile" aria-label="Facsimile: the printed pages" data-pages="{escape(json.dumps(pages))}" '
            f'{IGNORE}><p class="facsimile-heading">Facsimile <span class="facsimile-shown"></span></p>'
            f'<div class="facsimile-viewer" hidden></div>'
            f'<ul class="facsimile-pages" aria-label="The image of a page">{links}</ul>'
            f'<div class="facsimile-print" hidden>{printed}</div></aside>')


def no_facsimile_html(statement: str) -> str:
    return f'<p class="no-facsimile" {IGNORE}>No facsimile is shown: {escape(statement)}</p>'
