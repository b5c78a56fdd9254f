"""Read one edition document (a Markdown file in `docs/texts/`) into the model."""

from __future__ import annotations

from . import frontmatter
from .diagnostics import Diagnostic, Loc
from .markup import scan_body
from .model import Document


def decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text with '\\n' line ends, or the place of the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [Diagnostic("ED001", Loc(path, line, col),
                                 f"byte 0x{data[err.start]:02x} is not UTF-8",
                                 "save the file as UTF-8 (most editors offer it under 'Save with encoding')")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse_document(text: str, path: str) -> tuple[Document, list[Diagnostic]]:
    """Parse a document's whole text: front matter, then body."""
    lines = text.split("\n")
    close, body_start, diagnostics = frontmatter.split(lines, path)
    meta: dict = {}
    locs: dict = {}
    if close is not None:
        meta, locs, found = frontmatter.parse(lines[1:close], path)
        diagnostics += found
    elif not diagnostics:
        diagnostics.append(Diagnostic("ED100", Loc(path, 1), "this document has no front matter",
                                      "start the file with a '---' line, the fields listed on the "
                                      "'How to transcribe' page, and a closing '---'"))
    body, found = scan_body(lines[body_start:], path, body_start + 1, require_text=True)
    return Document(path, meta, body, locs), diagnostics + found


def parse_page(text: str, path: str, *, is_document: bool) -> tuple[Document, list[Diagnostic]]:
    """Any page of the site: documents in full; other pages' YAML and notes only."""
    if is_document:
        return parse_document(text, path)
    lines = text.split("\n")
    close, body_start, diagnostics = frontmatter.split(lines, path)
    if close is not None:
        diagnostics += frontmatter.syntax(lines[1:close], path)
    body, found = scan_body(lines[body_start:], path, body_start + 1)
    return Document(path, {}, body), diagnostics + found


def title(document: Document, src_uri: str) -> str:
    """A document's title in the edition (its file's name if the front matter failed)."""
    return str(document.meta.get("title") or src_uri)


def book(document: Document) -> str:
    """The title of the source a document transcribes: its pages belong to that book."""
    return str((document.meta.get("source") or {}).get("title", ""))
