"""The control that shows an original and its translation side by side
(assets/parallel.js), and what the page says of the pair.  Without
JavaScript it is a link to the other text."""

from __future__ import annotations

import json
from html import escape

from .header import language_name
from .translation import WHO, Pair, direction


def parallel_html(pair: Pair, this: str, partner_href: str, partner_title: str, partner_language: str,
                  language: str) -> str:
    """On the page of `this` (the original or the translation): the other text's link, and the switch."""
    is_translation = this == pair.translation
    mine, other = ("translation", "original") if is_translation else ("original", "translation")
    said = f"This is {WHO[pair.by]} of" if is_translation else f"{WHO[pair.by][0].upper()}{WHO[pair.by][1:]}:"
    data = {"partner": partner_href, "align": pair.align, "units": pair.units_from(this), "lang": partner_language,
            "dir": direction(partner_language), "label": f"The {other} ({language_name(partner_language)})",
            "own": f"The {mine} ({language_name(language)})"}
    return (f'<div class="parallel" data-parallel="{escape(json.dumps(data))}">'
            f'<p class="parallel-note">{escape(said)} <a href="{escape(partner_href)}">{escape(partner_title)}</a> '
            f'({escape(language_name(partner_language))}).</p>'
            f'<a class="parallel-toggle" href="{escape(partner_href)}" data-other="{other}">'
            f'Show the {other} beside the text</a></div>')
