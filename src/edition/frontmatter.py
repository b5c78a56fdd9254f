"""Front matter: split it off, parse it as YAML, and check it against the schema.

MkDocs silently drops malformed front matter; the edition must not, so this
module reads the YAML itself and reports every problem at its file line.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import yaml

from .apparatus import NAME_RE, SIGLUM_RE
from .dates import NOT_ISO, date_problem
from .diagnostics import Diagnostic, Loc
from .safety import unsafe_scheme
from .yamltext import Refused, compose, invisible

_DELIMITER = re.compile(r"---[ \t]*")
_END = re.compile(r"(?:---|\.\.\.)[ \t]*")
# language (extlang), script, region, variants, private use ('la-x-medieval'): BCP 47; letter case is free
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z]{3}){0,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?"
                       r"(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-x(?:-[a-z\d]{1,8})+)?", re.IGNORECASE)
_ADDRESS = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
# A date is read from its text as written (edition.dates), not as YAML reads it: these tags are
# YAML's readings of a date written plainly or quoted ("2016", 2016, 2025-05-21).
_DATE_TAGS = {f"tag:yaml.org,2002:{tag}" for tag in ("str", "int", "timestamp")}
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"  # a mapping, a list, with no tag of their own


@dataclass(frozen=True)
class Field:
    kind: type | tuple[type, ...]
    required: bool = False
    help: str = ""
    children: dict[str, Field] | None = None  # for a mapping of known fields
    items: dict[str, Field] | None = None  # for a list of such mappings
    choices: tuple[str, ...] = ()
    date: bool = False
    bounds: tuple[float, float] | None = None  # for a number: the least and the most it may be
    address: bool = False  # a web address, made a link on the page: http(s) only (edition.safety)
    language: bool = False  # a BCP 47 tag: it becomes xml:lang in the TEI and the page's metadata
    # A mapping of names to what each is (the hands, the witnesses): how a name is written, and the words for it.
    names: tuple[re.Pattern[str], str] | None = None


def _text(help: str, required: bool = False, **kw: Any) -> Field:
    return Field(str, required, help, **kw)


TRANSLATION_FIELDS = {
    "title": _text("the original's title, in its own script", required=True),
    "language": _text("the original's language as a BCP 47 tag, e.g. 'uk'", required=True, language=True),
    "url": _text("the original's address, when known, beginning 'https://'", address=True),
}

SOURCE_TYPES = ("book", "article", "web-article", "newspaper", "letter", "manuscript", "typescript")

SOURCE_FIELDS = {
    "type": _text("what the source is", required=True, choices=SOURCE_TYPES),
    "key": _text("the source's key in the bibliography, e.g. KuromiyaMamoulia"),
    "title": _text("the source's title as published", required=True),
    "authors": Field(list, True, "the authors as the source signs, as a list, e.g. [Hiroaki Kuromiya, "
                     "Georges Mamoulia] or [Олег Пархітько]"),
    "romanized": Field(list, False, "the editors' romanization of each author's name, in the order of 'authors', "
                       "e.g. [Oleh Parkhitko]: shown beside the name in brackets, as the editors'"),
    "date": Field(str, True, "publication date, ISO 8601: 2016, 2025-05, 2025-05-21", date=True),
    "chapter": _text("the chapter that holds the transcribed pages"),
    "section": _text("the section that holds the transcribed pages"),
    "pages": _text("the printed pages transcribed, e.g. '131' or '131–133'"),
    "publisher": _text("publisher of a book"),
    "place": _text("place of publication"),
    "outlet": _text("the periodical or website that published it"),
    "language": _text("the source's language as a BCP 47 tag, e.g. 'en'", required=True, language=True),
    "url": _text("the source's address, when known, beginning 'https://'", address=True),
    "rights": _text("licence or rights statement, as far as verified"),
    "translation_of": Field(dict, False, "the original this source translates", TRANSLATION_FIELDS),
}

CORRECTION_FIELDS = {
    "date": Field(str, True, "the day the correction was made, e.g. 2026-11-22", date=True),
    "what": _text("what changed, and where, e.g. 'p. 131, l. 3: \"feverishiy\" corrected to "
                  "\"feverishly\"'", required=True),
    "why": _text("why, e.g. 'a typing error of the transcription; the witness reads \"feverishly\"'",
                 required=True),
    "by": _text("who made it, or its pull request, e.g. '#12' or 'Jane Doe'", required=True),
}

FACSIMILE_FIELDS = {
    "page": _text("the page as '::page' gives it, in quotes: \"131\"", required=True),
    "image": _text("the page's image, its path from the edition's folder (where mkdocs.yml is), e.g. "
                   "'facsimiles/p131.png'", required=True),
    "alt": _text("what the image shows beyond the text beside it, for a reader who cannot see it, e.g. "
                 "'Page 131; a pencil line in the margin'", required=True),
    "lines": Field(dict, False, "where printed lines stand on the image: each line's number in quotes and its "
                   "box in the image's pixels, left, top, width, height, e.g. '\"5\": 120,340,960,40'",
                   names=(re.compile(r"[1-9][0-9]*"), "line number in quotes, with its box 'x,y,w,h'")),
}

# Read by theme/main.html for every page: Pagefind's weight of its words.
SEARCH_FIELDS = {
    "weight": Field((int, float), False, "a number from 0 to 10: 1 counts the page's words as usual, "
                    "0.1 much less (as the register's lists), 10 as much as a title", bounds=(0, 10)),
}

DOCUMENT_FIELDS = {
    "title": _text("the document's title in the edition", required=True),
    "description": _text("one sentence for search engines and link previews"),
    "source": Field(dict, True, "the source transcribed", SOURCE_FIELDS),
    "witness": _text("what exactly was transcribed, e.g. 'the PDF's text layer'", required=True),
    # Checked against the edition's files by `witness_file` (not here: the text alone cannot say).
    "witness_file": _text("the witness's file, its path from the edition's folder (where mkdocs.yml is), "
                          "e.g. 'witnesses/letter-1938-05-02.txt'"),
    # The hands (and typewriters) the witness is written in, which '{hand: …}' marks name.
    "hands": Field(dict, False, "each hand of the witness, its name (lower case, hyphens) and what it is, e.g. "
                   "'hands: {typist: the typewriter, pencil: a pencil annotation}'",
                   names=(NAME_RE, "a name in lower case with hyphens")),
    # The witnesses of a text known in several, which '{var: …}' marks name; the first is the base.
    "witnesses": Field(dict, False, "each witness of the text, its siglum and what it is, the base witness "
                       "first, e.g. 'witnesses: {A: the typescript, B: the carbon copy}'",
                       names=(SIGLUM_RE, "a siglum of letters and digits (A, B, Ms2)")),
    # A translation of another document of the edition: checked against it by `translation.pair_translations`.
    "original": _text("the original this text translates, a document of the edition: its path under docs/, e.g. "
                      "'texts/letter-1938-ru.md'"),
    "translation": _text("whose translation this is", choices=("editors", "published")),
    "language": _text("the language of this document's text, where it is not the source's (a translation's) as "
                      "a BCP 47 tag, e.g. 'en'", language=True),
    # Checked against the text's pages and the edition's files by `facsimile.check`.
    "facsimile": Field(list, False, "the image of each printed page, a '- page: …' entry with its 'image' and "
                       "'alt' for each", items=FACSIMILE_FIELDS),
    "no_facsimile": _text("why no image of the source may be shown, e.g. 'The archive permits reading the file "
                          "but not publishing images of it.'"),
    # How '{var: …}' entries name the witnesses: read by the scanner (document.parse_document).
    "apparatus": _text("how the variants are listed: 'positive' (the text's reading with the witnesses that "
                       "have it, the default) or 'negative' (only the witnesses that differ)",
                       choices=("positive", "negative")),
    "editors": Field(list, False, "who transcribed and edited this document, if not the edition's editors "
                     "(mkdocs.yml), as a list"),
    "transcribed": Field(str, True, "the date of the transcription, e.g. 2026-11-21", date=True),
    "unverified": Field(dict, False, "facts not confirmed: field name → what is known, e.g. "
                        "'source.date: one library record gives 2019'"),
    "corrections": Field(list, False, "the changes to the transcription since it was published, oldest "
                         "first", items=CORRECTION_FIELDS),
    # MkDocs and Material read these; the edition passes them through.
    "search": Field(dict, False, "a line 'search:', then below it, indented, 'weight: 0.5'", SEARCH_FIELDS),
    "hide": Field(list), "status": _text(""),
}
# MkDocs would lay a page out with any template of the theme ('sitemap.xml'
# replaces the page with the sitemap); the edition's own templates lay out every page.
NO_TEMPLATE = ("'template' chooses how MkDocs lays the page out; the edition's own templates lay out every page",
               "remove the line")


def split(lines: Sequence[str], path: str) -> tuple[int | None, int, list[Diagnostic]]:
    """Find the front matter: (index of its closing line or None, index where the body starts)."""
    if not lines or not _DELIMITER.fullmatch(lines[0]):
        return None, 0, []
    for i in range(1, len(lines)):
        if _END.fullmatch(lines[i]):
            body = i + 1
            while body < len(lines) and not lines[body].strip():
                body += 1
            return i, body, []
    return None, 0, [Diagnostic("ED101", Loc(path, 1), "the front matter opened by '---' is never closed",
                                "end it with a line '---' before the text begins")]


def _compose(lines: Sequence[str], path: str) -> tuple[yaml.Node | None, list[Diagnostic]]:
    try:
        return compose("\n".join(lines)), []
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        loc = Loc(path, mark.line + 2, mark.column + 1) if mark else Loc(path, 2)
        problem = getattr(err, "problem", None) or str(err)
        if isinstance(err, Refused):
            return None, [Diagnostic("ED101", loc, f"the front matter cannot be read: {problem}", err.fix)]
        return None, [Diagnostic("ED101", loc, f"the front matter is not valid YAML: {problem}",
                                 "check the quoting and indentation on this line; a value containing ': ' "
                                 "must be put in quotes")]


def syntax(lines: Sequence[str], path: str) -> list[Diagnostic]:
    """For pages that are not edition documents: whether the YAML parses,
    and what the edition reads of it (`search`)."""
    node, diagnostics = _compose(lines, path)
    if diagnostics or not isinstance(node, yaml.MappingNode):
        return diagnostics
    checker = _Checker(path)
    for key_node, value_node in node.value:
        if key_node.value == "search":
            checker.value(value_node, DOCUMENT_FIELDS["search"], "search")
        elif key_node.value == "template":
            checker.report("ED104", key_node, *NO_TEMPLATE)
    return checker.diagnostics


def parse(lines: Sequence[str], path: str) -> tuple[dict[str, Any], dict[str, Loc], list[Diagnostic]]:
    """Parse and check a document's front matter (the lines between the '---'):
    its fields, where each field's value stands ('source.key' -> Loc), problems."""
    node, diagnostics = _compose(lines, path)
    if diagnostics:
        return {}, {}, diagnostics
    if not isinstance(node, yaml.MappingNode):
        return {}, {}, [Diagnostic("ED100", Loc(path, 1), "the front matter is not a set of 'field: value' lines",
                               "start the file with '---', then lines such as 'title: …', then '---'")]
    checker = _Checker(path)
    data = checker.mapping(node, DOCUMENT_FIELDS, "")
    checker.unverified(data, node)
    first, transcribed = (data.get("corrections") or [{}])[0].get("date"), data.get("transcribed")
    shared = min(len(first or ""), len(transcribed or ""))  # '2026-11' is not before '2026-11-21'
    if first and transcribed and first[:shared] < transcribed[:shared]:
        checker.diagnostics.append(Diagnostic(
            "ED105", checker.locs["corrections.0.date"], f"correction 1 is dated {first}, before the "
            f"transcription ({data['transcribed']})", "date the correction the day it was made"))
    return data, checker.locs, checker.diagnostics


WITNESS_PATH = ("write the path from the edition's folder (where mkdocs.yml is), with '/' between folders, "
                "e.g. 'witnesses/letter-1938-05-02.txt'")
NOT_TEXT = ("save the witness's text as UTF-8, its words unchanged (most editors offer it under 'Save with "
            "encoding'); a PDF or an image is not its text: name the text extracted from it")


def witness_file(meta: Mapping[str, Any], locs: Mapping[str, Loc], root: Path) -> list[Diagnostic]:
    """What is wrong with the file a document's `witness_file` names, at the
    value: it must be inside the edition's folder `root` (the folder of
    mkdocs.yml), through no '..' or link leading out (ED107), be a file
    (ED108), and hold UTF-8 text (ED109).  `parse` has checked that the value
    is a text (ED103).  Asked at every reading of the edition, never kept with
    the document's model: the witness may change, or go, while the document
    does not."""
    value = meta.get("witness_file")
    if not isinstance(value, str) or "witness_file" not in locs:
        return []
    loc = locs["witness_file"]

    def problem(code: str, message: str, hint: str) -> list[Diagnostic]:
        return [Diagnostic(code, loc, f"'witness_file' {message}", hint)]

    outside = ("the edition reads only its own files: copy the witness into its folder (where mkdocs.yml is), "
               "e.g. into 'witnesses/', and write the path from there: 'witnesses/letter-1938-05-02.txt'")
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).drive:
        return problem("ED107", f"is an absolute path, '{value}'", outside)
    if PurePosixPath(posixpath.normpath(value.replace("\\", "/"))).parts[:1] == ("..",):
        return problem("ED107", f"leads out of the edition's folder through '..': '{value}'", outside)
    base = root.resolve()
    try:
        path = (base / value).resolve()  # through every link
        exists, is_file, is_dir = path.exists(), path.is_file(), path.is_dir()
    except (OSError, RuntimeError, ValueError):  # a loop of links; a name the system refuses
        path, exists, is_file, is_dir = base / value, False, False, False
    if not path.is_relative_to(base):
        return problem("ED107", f"names '{value}', a symbolic link leading out of the edition's folder",
                       "the edition reads only its own files: put the witness itself in place of the link")
    if not exists:
        return problem("ED108", f"names '{value}', which does not exist",
                       "correct the path, or add the file; " + WITNESS_PATH)
    if not is_file:  # a folder; a device or a pipe, which is never read
        return problem("ED108", f"names '{value}', which is {'a folder' if is_dir else 'not a file'}",
                       "name the witness's own file; " + WITNESS_PATH)
    try:
        data = path.read_bytes()
    except OSError as err:
        return problem("ED108", f"names '{value}', which cannot be read ({err.strerror or err})",
                       "make the file readable, or name another; " + WITNESS_PATH)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _place(data[:err.start].decode("utf-8"))
        return problem("ED109", f"names '{value}', which is not UTF-8 text: byte 0x{data[err.start]:02x} at "
                       f"line {line}, column {col}", NOT_TEXT)
    if (nul := text.find("\0")) >= 0:
        line, col = _place(text[:nul])
        return problem("ED109", f"names '{value}', which is not text: a NUL byte at line {line}, column {col}",
                       NOT_TEXT)
    return []



def _place(before: str) -> tuple[int, int]:
    """The line and column (from 1, in characters) just after `before`."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


class _Checker:
    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.locs: dict[str, Loc] = {}

    def loc(self, node: yaml.Node) -> Loc:
        # Marks count from 0 within the YAML; the YAML starts on file line 2.
        return Loc(self.path, node.start_mark.line + 2, node.start_mark.column + 1)

    def report(self, code: str, node: yaml.Node, message: str, hint: str) -> None:
        self.diagnostics.append(Diagnostic(code, self.loc(node), message, hint))

    def mapping(self, node: yaml.MappingNode, fields: dict[str, Field], prefix: str) -> dict[str, Any]:
        data: dict[str, Any] = {}
        suggested: set[str] = set()  # a misspelt field is reported once, not also as missing
        for key_node, value_node in node.value:
            key = key_node.value
            name = prefix + key
            if self.invisible(key_node):
                continue
            if key in data:
                self.report("ED101", key_node, f"the field '{name}' is given twice",
                            "keep one of the two lines")
                continue
            field = fields.get(key)
            if fields is DOCUMENT_FIELDS and key == "template":
                self.report("ED104", key_node, *NO_TEMPLATE)
                continue
            if field is None:
                close = difflib.get_close_matches(key, fields, n=1)
                suggested.update(close)
                self.report("ED104", key_node, f"unknown field '{name}'",
                            f"did you mean '{prefix}{close[0]}'?" if close else
                            "the fields are: " + ", ".join(f"{prefix}{k}" for k in fields))
                continue
            value = self.value(value_node, field, name)
            self.locs[name] = self.loc(value_node)
            if value is not None:
                data[key] = value
        for key, field in fields.items():
            given = any(k.value == key for k, _ in node.value)
            if field.required and not given and key not in suggested:
                self.report("ED102", node, f"the required field '{prefix}{key}' is missing",
                            f"add '{key}:' with {field.help}")
        return data

    def invisible(self, key_node: yaml.ScalarNode) -> bool:
        """Report a character no one can see in a field's name, without echoing
        the name: a line break in it would split the report's line."""
        if char := invisible(key_node.value):
            self.report("ED007", key_node, f"a field's name holds an invisible character, {char}",
                        "retype it: only letters, digits and punctuation belong there")
        return char is not None

    def value(self, node: yaml.Node, field: Field, name: str) -> Any:
        # Fields of their own, and dates, are read node by node, each at its line, not built by YAML.
        if field.date:
            return self.date(node, field, name)
        if field.children is not None and node.tag == _MAP:
            return self.mapping(node, field.children, name + ".")
        if field.items is not None and node.tag == _SEQ:
            return self.records(node, field.items, name)
        try:
            value = yaml.SafeLoader(" ").construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as err:  # '!!python/…' tags; a number of 5,000 digits
            problem = getattr(err, "problem", None) or str(err)
            self.report("ED103", node, f"'{name}' cannot be read: {problem}",
                        f"write {field.help or 'a plain value'}, without a YAML tag ('!!…')")
            return None
        if (not isinstance(value, field.kind) or (isinstance(value, str) and not value.strip())
                or (field.bounds and isinstance(value, bool))):
            expected = ("a number" if field.bounds else
                        {str: "a text", list: "a list", dict: "a set of fields"}[field.kind])
            self.report("ED103", node, f"'{name}' should be {expected}",
                        f"write {field.help or 'a value'}")
            return None
        if field.language and not _LANGUAGE.fullmatch(value):
            self.report("ED103", node, f"'{name}' is '{value}', not a BCP 47 language tag",
                        f"write {field.help}: a language's two- or three-letter code, then "
                        "'-' and a script or region if needed ('uk', 'en-GB', 'ru-Latn')")
            return None
        if field.address and not _ADDRESS.fullmatch(value):
            if scheme := unsafe_scheme(value):
                self.report("ED010", node, f"'{name}' is a '{scheme}:' address, which could run script in a "
                            "reader's browser", f"write {field.help}, or leave the field out")
            else:
                self.report("ED103", node, f"'{name}' is not a web address: '{value}'",
                            f"write {field.help}")
            return None
        if field.bounds and not field.bounds[0] <= value <= field.bounds[1]:
            self.report("ED103", node, f"'{name}' is {value}, not between {field.bounds[0]} and {field.bounds[1]}",
                        f"write {field.help}")
            return None
        if field.choices and value not in field.choices:
            self.report("ED103", node, f"'{name}' is '{value}', not one of: " + ", ".join(field.choices),
                        "pick the nearest kind; the list is on the 'How to transcribe' page")
            return None
        if field.names and not all(isinstance(k, str) and field.names[0].fullmatch(k) and isinstance(v, str)
                                   and v.strip() for k, v in value.items()):
            self.report("ED103", node, f"'{name}' should give each {field.names[1]} and say what it is",
                        f"write {field.help}")
            return None
        if isinstance(value, list) and not all(isinstance(v, str) and v.strip() for v in value):
            self.report("ED103", node, f"every entry of '{name}' should be a text", f"write {field.help}")
            return None
        return value

    def date(self, node: yaml.Node, field: Field, name: str) -> str | None:
        """A date field: its text as written, read as every date of the edition is (edition.dates)."""
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _DATE_TAGS or not node.value.strip():
            self.report("ED103", node, f"'{name}' should be a date", f"write {field.help}")
            return None
        if problem := date_problem(node.value, time=True):
            self.report("ED105", node, f"'{name}' is '{node.value}', which {problem}",
                        "write year, year-month or year-month-day, e.g. 2025-05-21" if problem == NOT_ISO else
                        "check the month and the day")
            return None
        return node.value

    def records(self, node: yaml.SequenceNode, fields: dict[str, Field], name: str) -> list[dict[str, Any]]:
        """A list of mappings, such as the corrections log; each entry checked."""
        out = []
        for i, item in enumerate(node.value):
            if not isinstance(item, yaml.MappingNode):
                self.report("ED103", item, f"entry {i + 1} of '{name}' should be a set of fields",
                            "write '- date: …' and the entry's other fields below it: " + ", ".join(fields))
                continue
            self.locs[f"{name}.{i}"] = self.loc(item)
            # A required field missing or wrong (reported) is left empty, so that
            # an entry always has its fields for the pages and exports that show it.
            entry = self.mapping(item, fields, f"{name}.{i}.")
            out.append({**{key: "" for key, field in fields.items() if field.required}, **entry})
        return out

    def unverified(self, data: dict[str, Any], root: yaml.MappingNode) -> None:
        """Each 'unverified' key must name a field that is there, and explain."""
        node = next((v for k, v in root.value if k.value == "unverified"), None)
        if not isinstance(node, yaml.MappingNode):
            return
        for key_node, value_node in node.value:
            if self.invisible(key_node):
                continue
            target: Any = data
            for part in str(key_node.value).split("."):
                target = target.get(part) if isinstance(target, dict) else None
            if target is None:
                self.report("ED106", key_node, f"'unverified' names '{key_node.value}', which this document "
                            "does not give", "use the field's full name, e.g. 'source.date', or remove the line")
            elif not isinstance(value_node, yaml.ScalarNode) or not str(value_node.value).strip():
                self.report("ED103", value_node, f"'unverified.{key_node.value}' should say what is known",
                            "write e.g. 'one library record gives 2019'")
