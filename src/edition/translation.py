"""An original and its translation, both documents of the edition.

The translation names its original in its front matter (`original:`, the
original's path under docs/), says whose translation it is (`translation:
editors` or `published`) and in what language its text is (`language:`).
The two texts are aligned unit by unit: paragraph by paragraph when both are
numbered by paragraphs (born-digital), page by page, in order, when both are
printed; so each must have as many as the other.  The pages show them side
by side (assets/parallel.js) and the TEI links each unit to its partner
(`@corresp`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .diagnostics import Diagnostic
from .model import Document, Layout

# Languages written from right to left: a text in one is set so (`dir`).
_RIGHT_TO_LEFT = {"ar", "arc", "dv", "fa", "he", "ku", "ps", "sd", "syr", "ug", "ur", "yi"}
WHO = {"editors": "the editors' translation", "published": "a published translation"}


@dataclass(frozen=True, slots=True)
class Pair:
    """A translation and its original (their paths under docs/), aligned."""

    original: str
    translation: str
    by: str  # 'editors' or 'published'
    align: str  # 'paragraphs' or 'pages'
    units: tuple[tuple[str, str], ...]  # (the original's anchor, the translation's), in order

    def partner(self, uri: str) -> str:
        """The other document of the pair."""
        return self.original if uri == self.translation else self.translation

    def units_from(self, uri: str) -> list[tuple[str, str]]:
        """The aligned units as (`uri`'s anchor, its partner's)."""
        return [(t, o) if uri == self.translation else (o, t) for o, t in self.units]


def text_language(document: Document) -> str:
    """The language of a document's text: a translation's own, else its source's."""
    return str(document.meta.get("language") or (document.meta.get("source") or {}).get("language") or "")


def direction(language: str) -> str:
    return "rtl" if language.split("-")[0].lower() in _RIGHT_TO_LEFT else "ltr"


def pair_translations(documents: Mapping[str, Document]) -> tuple[dict[str, Pair], list[Diagnostic]]:
    """Each translation paired with its original (by both their paths), and
    what stops a pair: an original that is no document of the edition
    (ED119), a missing language or whose translation it is (ED120), texts
    that cannot be aligned unit by unit (ED121)."""
    pairs: dict[str, Pair] = {}
    found: list[Diagnostic] = []
    for uri, document in documents.items():
        meta, locs = document.meta, document.locs
        if "original" not in meta and "translation" not in meta:
            continue
        original = meta.get("original")
        anchor = locs.get("original") or locs.get("translation")
        if not original or not meta.get("translation") or not meta.get("language"):
            missing = [f for f in ("original", "translation", "language") if not meta.get(f)]
            found.append(Diagnostic("ED120", anchor, f"a translation needs '{missing[0]}' too",
                                    "give all three: 'original:' (the original's path under docs/, e.g. "
                                    "'texts/letter-ru.md'), 'translation: editors' or 'translation: published', "
                                    "and 'language:' (this text's language, e.g. 'en')"))
            continue
        partner = documents.get(original)
        if partner is None or original == uri:
            known = sorted(u for u in documents if u != uri)
            found.append(Diagnostic("ED119", locs["original"], f"'original' names '{original}', which is "
                                    f"{'this document' if original == uri else 'no document of the edition'}",
                                    "give the original's path under docs/, as its page's address has it"
                                    + (f", e.g. '{known[0]}'" if known else "")))
            continue
        if text_language(partner) == meta["language"]:
            found.append(Diagnostic("ED120", locs["language"], f"this translation's language, '{meta['language']}',"
                                    " is its original's", "give the language this text is in"))
            continue
        units, problem = _align(partner, document)
        if problem:
            found.append(Diagnostic("ED121", locs["original"], problem, "a translation is aligned with its original "
                                    "paragraph by paragraph (both '::text paragraphs') or page by page (both "
                                    "'::text lines'): give it as many as the original, in the same order"))
            continue
        align = "paragraphs" if document.body.layout is Layout.PARAGRAPHS else "pages"
        pairs[uri] = pairs[original] = Pair(original, uri, meta["translation"], align, units)
    return pairs, found


def _align(original: Document, translation: Document) -> tuple[tuple[tuple[str, str], ...], str]:
    layout = original.body.layout
    if layout is None or layout is not translation.body.layout:
        return (), (f"the original is numbered by {_by(original)}, this translation by {_by(translation)}")
    if layout is Layout.PARAGRAPHS:
        first = [b.anchor for b in original.body.blocks if b.kind == "para"]
        second = [b.anchor for b in translation.body.blocks if b.kind == "para"]
        unit = "paragraphs"
    else:
        first = [p.anchor for p in original.body.pages]
        second = [p.anchor for p in translation.body.pages]
        unit = "pages"
    if len(first) != len(second):
        return (), f"the original has {len(first)} {unit}, this translation {len(second)}"
    return tuple(zip(first, second)), ""


def _by(document: Document) -> str:
    return {Layout.PARAGRAPHS: "paragraphs", Layout.LINES: "printed lines"}.get(document.body.layout, "nothing")
