"""Start a document, or add a page to one: the files an editor would write
by hand, written the same way, so that only the transcription is left."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from . import citeproc
from .bibliography import plain_field, read_bibliography
from .document import decode, parse_document
from .model import Document, Layout
from .project import TEXTS, Project
from .register import ID_RE

# CSL's types (pandoc's reading of the bibliography) -> the edition's `source.type`.
_TYPES = {"book": "book", "chapter": "book", "article-journal": "article", "article-magazine": "article",
          "article-newspaper": "newspaper", "webpage": "web-article", "post-weblog": "web-article",
          "article": "web-article", "personal_communication": "letter", "manuscript": "manuscript"}
# BibLaTeX's langid names -> BCP 47.
_LANGUAGES = {"english": "en", "russian": "ru", "ukrainian": "uk", "japanese": "ja", "german": "de",
              "french": "fr", "chinese": "zh", "georgian": "ka"}
_PAGES_RE = re.compile(r"(?P<first>\d+)(?:[–-](?P<last>\d+))?")
_TITLE_PAGES_RE = re.compile(r",? pp?\. \d+(?:[–-]\d+)?$")


class ScaffoldError(Exception):
    """What the editor asked for cannot be done: a message for them."""


def new(project: Project, name: str, *, like: Path | None, key: str | None, pages: str | None,
        title: str | None) -> list[str]:
    """Write docs/texts/<name>.md with its front matter, and list it in the navigation."""
    if not ID_RE.fullmatch(name):
        raise ScaffoldError(f"'{name}' cannot be an address: use lower case letters, digits and hyphens, "
                            "e.g. kuromiya-mamoulia-ch7")
    path = project.docs / TEXTS / f"{name}.md"
    if path.exists():
        raise ScaffoldError(f"{project.rel(path)} already exists")
    if pages is not None and not _PAGES_RE.fullmatch(pages):
        raise ScaffoldError(f"--pages '{pages}' is not a page or a range of pages, e.g. 132 or 132–140")
    if like is not None:
        model = _read(project, like)
        meta, layout = _like(model.meta, pages), model.body.layout or Layout.LINES
        base = _TITLE_PAGES_RE.sub("", str(model.meta.get("title", "")))
    else:
        meta = _from_bibliography(project, key, pages)
        layout = Layout.PARAGRAPHS if meta["source"]["type"] == "web-article" else Layout.LINES
        base = _short_title(meta["source"])
    meta = {"title": title or (f"{base}, {_pages_label(pages)}" if pages else base), **meta}
    body = f"::text {layout.value}\n"
    if pages and layout is Layout.LINES:
        body += f"\n::page {_PAGES_RE.fullmatch(pages)['first']}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{_yaml(meta)}---\n\n{body}", encoding="utf-8")
    done = [f"{project.rel(path)}: written. Fill in 'witness' (what exactly you transcribe) and check the "
            "other fields; write the introduction above '::text' and the transcription below it."]
    done.append(_add_to_nav(project, f"{TEXTS}{name}.md", like))
    return done + ["Then run `edition check`: it names the file and line of anything to mend."]


def add_page(project: Project, file: Path, page: str | None) -> list[str]:
    """Add a `::page` break at the end of the document, after its last page and that page's notes, and
    count the page in `source.pages`."""
    document = _read(project, file)
    file = file.resolve()
    body = document.body
    if body.layout is not Layout.LINES:
        raise ScaffoldError(f"{project.rel(file)} is numbered by paragraphs, not printed pages")
    if page is None:
        last = body.pages[-1].number if body.pages else ""
        if not last.isdigit():
            raise ScaffoldError("give the new page's number: edition add-page FILE NUMBER")
        page = str(int(last) + 1)
    if any(p.number == page for p in body.pages):
        raise ScaffoldError(f"{project.rel(file)} already has page {page}")
    lines = file.read_text(encoding="utf-8").rstrip("\n").split("\n")
    # The transcription ends the file; the last page's notes end the last page.
    after = len(lines)
    lines.append(f"::page {page}")
    done = [f"{project.rel(file)}:{after + 1}: '::page {page}' added, after the last page's notes. Transcribe "
            f"the page's lines below it, then its notes."]
    if body.printed_lines:
        last = body.printed_lines[-1].loc.line
        blank = [n for n in range(last + 1, after + 1) if not lines[n - 1].strip()]
        if blank:
            done.append(f"{project.rel(file)}:{last}: if this paragraph runs on to p. {page}, delete the blank "
                        f"line{'s' if len(blank) > 1 else ''} {', '.join(map(str, blank))} so that it goes on.")
    pages_loc = document.locs.get("source.pages")
    m = _PAGES_RE.fullmatch(str(document.meta.get("source", {}).get("pages", "")))
    if pages_loc is not None and m and page.isdigit() and int(page) == int(m["last"] or m["first"]) + 1:
        old = m[0]
        new = f"{m['first']}–{page}"
        lines[pages_loc.line - 1] = lines[pages_loc.line - 1].replace(old, new, 1)
        done.append(f"{project.rel(file)}:{pages_loc.line}: source.pages is now '{new}'.")
    elif pages_loc is not None:
        done.append(f"{project.rel(file)}:{pages_loc.line}: check source.pages, which should include {page}.")
    for field in ("title", "description"):
        loc = document.locs.get(field)
        if loc is not None and any(p.number in str(document.meta.get(field)) for p in body.pages):
            done.append(f"{project.rel(file)}:{loc.line}: the {field} names the pages; include p. {page}.")
    text = "\n".join(lines) + "\n"
    # The page must be one the check accepts where it stands (a number, after the last page's).
    if wrong := [d for d in parse_document(text, project.rel(file))[1] if d.loc.line == after + 1]:
        raise ScaffoldError(f"'::page {page}' cannot follow page {body.pages[-1].number if body.pages else '…'}: "
                            f"{wrong[0].message}")
    file.write_text(text, encoding="utf-8")
    return done


def _read(project: Project, file: Path) -> Document:
    if not file.is_file():
        raise ScaffoldError(f"{file}: no such document")
    text, problems = decode(file.read_bytes(), str(file))
    if text is None:
        raise ScaffoldError(str(problems[0]))
    document, problems = parse_document(text, str(file))
    if problems:
        raise ScaffoldError(f"{file} has problems to mend first (run `edition check`): {problems[0]}")
    return document


# What two documents of one source share: the source as published.  Its place in it (chapter,
# section, pages), the witness and its file, the title, the log are each document's own.
SHARED = ("type", "key", "title", "authors", "romanized", "date", "publisher", "place", "outlet", "language", "url",
          "rights", "translation_of")


def _like(meta: dict, pages: str | None) -> dict:
    """A sibling's front matter, for another part of the same source: only the
    source's fields the two share (`SHARED`), and its editors."""
    source = {k: v for k, v in meta["source"].items() if k in SHARED}
    if pages:
        source["pages"] = pages
    out = {"source": source, "witness": None, **({"editors": meta["editors"]} if meta.get("editors") else {}),
           "transcribed": dt.date.today()}
    unverified = {k: v for k, v in (meta.get("unverified") or {}).items()
                  if k.startswith("source.") and k.removeprefix("source.") in source}
    if unverified:
        out["unverified"] = unverified
    return out


def _from_bibliography(project: Project, key: str, pages: str | None) -> dict:
    """Front matter from the source's entry in the bibliography, as pandoc reads it."""
    bib_file = project.file("bibliography")
    text, _ = decode(bib_file.read_bytes(), project.rel(bib_file))
    bib, _ = read_bibliography(text or "", project.rel(bib_file))  # its problems are `check`'s to report
    if key not in bib.works:
        raise ScaffoldError(f"'{key}' is not a key of {project.rel(bib_file)}; add the source's entry first")
    item = next(i for i in citeproc.csl_json(bib.readable, project.cache) if i["id"] == key)
    title = plain_field(bib, key, "title") or item.get("title")
    source: dict = {"type": _TYPES.get(item.get("type", ""), "book"), "key": key, "title": title,
                    "authors": [" ".join(filter(None, (a.get("given"), a.get("family"), a.get("literal"))))
                                for a in item.get("author", [])],
                    "date": "-".join(f"{p:02d}" if i else str(p) for i, p in
                                     enumerate((item.get("issued", {}).get("date-parts") or [[]])[0])) or None}
    for csl, field in (("publisher", "publisher"), ("publisher-place", "place"),
                       ("container-title", "outlet"), ("URL", "url")):
        if item.get(csl):
            source[field] = item[csl]
    if pages:
        source["pages"] = pages
    source["language"] = _LANGUAGES.get(str(item.get("language", "")).lower(), item.get("language"))
    out = {"source": source, "witness": None, "transcribed": dt.date.today()}
    if bib.works[key].unverified:
        out["unverified"] = None  # the entry says what is not confirmed: say which fields, here
    return out


def _short_title(source: dict) -> str:
    families = [a.split()[-1] for a in source.get("authors") or []]
    who = " and ".join(families) if len(families) < 3 else f"{families[0]} et al."
    return ", ".join(filter(None, (who, str(source.get("title") or "").split(":")[0])))


def _pages_label(pages: str) -> str:
    return f"pp. {pages}" if _PAGES_RE.fullmatch(pages)["last"] else f"p. {pages}"


class _Dumper(yaml.SafeDumper):
    """Lists on one line ('authors: [A, B]'), fields one per line, as editors write them."""


_Dumper.add_representer(list, lambda dumper, data: dumper.represent_sequence(
    "tag:yaml.org,2002:seq", data, flow_style=True))


def _yaml(meta: dict) -> str:
    """Front matter as an editor writes it; a field left empty is reported by `edition check`."""
    text = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
    return text.replace(": null\n", ":\n")


def _add_to_nav(project: Project, uri: str, like: Path | None) -> str:
    """List the new document in mkdocs.yml's navigation: after its sibling, or after the last document."""
    lines = project.config.read_text(encoding="utf-8").split("\n")
    if not any(re.match(r"nav\s*:", line) for line in lines):
        return "mkdocs.yml has no 'nav': the site lists the new document by itself."
    entries = [i for i, line in enumerate(lines) if re.fullmatch(rf"\s*- (?:[^:]+:\s*)?{TEXTS}\S+\.md\s*", line)]
    if any(lines[i].rstrip().endswith(uri) for i in entries):
        return "mkdocs.yml: the navigation lists it already."
    # The edition's first document goes after the page that lists the texts (`edition init`'s texts.md).
    listing = [i for i, line in enumerate(lines) if re.fullmatch(r"\s*- (?:[^:]+:\s*)?texts\.md\s*", line)]
    if not entries and not listing:
        return f"Add '- {uri}' to the 'nav' of mkdocs.yml, where readers should find it."
    sibling = like.resolve().relative_to(project.docs).as_posix() if like else None
    at = next((i for i in entries if sibling and lines[i].rstrip().endswith(sibling)), (entries or listing)[-1])
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines.insert(at + 1, f"{indent}- {uri}")
    project.config.write_text("\n".join(lines), encoding="utf-8")
    return f"mkdocs.yml:{at + 2}: listed in the navigation."
