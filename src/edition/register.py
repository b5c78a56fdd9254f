"""The register of people, places, organisations and events (`register.yml`).

A YAML list of entries, checked field by field with the file's own lines.
An entry gathers the names a person or place goes by in the sources, so
that the site can link every mention to one page and search can find a
passage under any of them.  Authority IDs are given only where verified.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from .dates import when_problem
from .diagnostics import Diagnostic, Loc
from .apparatus import MarkError, read_mark
from .citations import mask_code
from .model import Document, Role, Series, series_of
from .yamltext import Refused, compose, invisible

TYPES = {"person": "Persons", "place": "Places", "organisation": "Organisations", "event": "Events"}
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # an entry's id: also what a mention names
_WIKIDATA_RE = re.compile(r"Q[1-9][0-9]*")
_REGNAL_RE = re.compile(r"[IVXL]+")  # a ruler's number ('Nicholas II'): no surname to put first
FIELDS = {
    "id": "the entry's id: lower case and hyphens, e.g. 'blyukher'",
    "type": "one of: " + ", ".join(TYPES),
    "name": "the preferred name, e.g. 'Vasily Blyukher'",
    "variants": "the other names and spellings, in any script: [Blukher, Blücher, Блюхер]",
    "description": "one line on who or what it is",
    "source": "where the description's facts are from, e.g. 'Parkhitko 2025, ¶ 20'",
    "date": "an event's date in ISO 8601, or a range 'start/end': 1938-07-29/1938-08-11",
    "wikidata": "a verified Wikidata ID, e.g. Q33391",
    "sort": "a person's name as the index lists it, surname first, when its last word is not the surname: "
            "'Mao Zedong', 'Gaulle, Charles de'",
}
REQUIRED = ("id", "type", "name", "description", "source")
# Each entry's page is 'register/<id>/': an id may not take an address the register's own pages have.
RESERVED = {"index": "the register's index, register/"}
# A field's text as YAML reads a plain or quoted one: not a null or a yes/no, nor bytes or objects ('!!…').
_TEXT_TAGS = {f"tag:yaml.org,2002:{tag}" for tag in ("str", "int", "float", "timestamp")}


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    type: str
    name: str
    description: str
    source: str
    loc: Loc
    variants: tuple[str, ...] = ()
    date: str = ""
    wikidata: str = ""
    sort: str = ""

    @property
    def listed(self) -> str:
        """The name as the register's index lists it: a person's surname
        first ('Blyukher, Vasily'), taken to be the name's last word unless
        `sort` says otherwise; anything else as it is named."""
        if self.sort or self.type != "person" or "," in self.name or _REGNAL_RE.fullmatch(self.name.split()[-1]):
            return self.sort or self.name  # 'Nicholas II' stands as it is
        *given, surname = self.name.split()
        if surname in ("Jr.", "Sr.") and len(given) > 1:
            *given, last = given
            return f"{last}, {' '.join(given)}, {surname}"
        return f"{surname}, {' '.join(given)}" if given else surname

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.variants)


@dataclass
class Register:
    path: str
    entities: dict[str, Entity] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # ids of entries left out for problems reported at their lines


def fold(text: str) -> str:
    """Lower case without diacritics: 'Blücher' -> 'blucher'; other scripts kept."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def read_register(text: str, path: str) -> tuple[Register, list[Diagnostic]]:
    register = Register(path)
    diagnostics: list[Diagnostic] = []

    def report(code: str, node: yaml.Node, message: str, hint: str) -> None:
        diagnostics.append(Diagnostic(code, Loc(path, node.start_mark.line + 1, node.start_mark.column + 1),
                                      message, hint))

    try:
        root = compose(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        loc = Loc(path, mark.line + 1, mark.column + 1) if mark else Loc(path, 1)
        if isinstance(err, Refused):
            return register, [Diagnostic("ED700", loc, f"the register cannot be read: {err.problem}", err.fix)]
        return register, [Diagnostic("ED700", loc, f"the register is not valid YAML: {getattr(err, 'problem', err)}",
                                     "check the indentation and quoting on this line; a value containing ': ' "
                                     "must be put in quotes")]
    if root is None:
        return register, []
    if not isinstance(root, yaml.SequenceNode):
        return register, [Diagnostic("ED700", Loc(path, 1), "the register is not a list of entries",
                                     "write each entry as a list item: '- id: blyukher', then its fields")]
    for node in root.value:
        if not isinstance(node, yaml.MappingNode):
            report("ED700", node, "this entry is not a set of 'field: value' lines",
                   "write '- id: …' and the entry's other fields below it, indented")
            continue
        values: dict[str, object] = {}
        found = len(diagnostics)
        for key, value in node.value:
            name = key.value
            if hidden := _invisible(key, value):  # reported, never echoed: a line break would split the report
                what = "a field's name" if hidden[0] is key else f"'{name}'"
                report("ED007", hidden[0], f"{what} holds an invisible character, {hidden[1]}",
                       "retype the text without it: a reader cannot see it, and no one could search for it")
            elif name not in FIELDS:
                close = difflib.get_close_matches(name, FIELDS, n=1)
                report("ED702", key, f"unknown field '{name}'",
                       f"did you mean '{close[0]}'?" if close else "the fields are: " + ", ".join(FIELDS))
            elif name in values:
                report("ED702", key, f"the field '{name}' is given twice", "keep one of the two lines")
            elif name == "variants":
                if not isinstance(value, yaml.SequenceNode) or not all(_is_text(v) for v in value.value):
                    report("ED702", value, "'variants' should be a list of names", f"write {FIELDS['variants']}")
                else:
                    values[name] = tuple(v.value.strip() for v in value.value)
            elif not _is_text(value):
                report("ED702", value, f"'{name}' should be a text", f"write {FIELDS[name]}")
            else:
                values[name] = value.value.strip()
                _check_value(name, value, report)
        for name in REQUIRED:
            if name not in values and not any(k.value == name for k, _ in node.value):
                report("ED701", node, f"the entry lacks '{name}'", f"add '{name}:' with {FIELDS[name]}")
        if len(diagnostics) > found:  # reported; not in the register until fixed
            if isinstance(values.get("id"), str):
                register.broken.add(values["id"])
            continue
        entity = Entity(loc=Loc(path, node.start_mark.line + 1, node.start_mark.column + 1), **values)
        if entity.id in register.entities:
            report("ED703", node, f"the id '{entity.id}' is given twice (first at "
                   f"{register.entities[entity.id].loc})", "give each entry its own id, or merge the two")
            continue
        register.entities[entity.id] = entity
    return register, diagnostics


def _is_text(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag in _TEXT_TAGS and bool(node.value.strip())


def _invisible(key: yaml.ScalarNode, value: yaml.Node) -> tuple[yaml.Node, str] | None:
    """The first node of a field, its name or its texts, holding a character
    no one can see (edition.yamltext.invisible), and which."""
    if char := invisible(key.value):
        return key, char
    for node in value.value if isinstance(value, yaml.SequenceNode) else [value]:
        # A text's ends are stripped when it is read (a line break there, from a '|', is no harm).
        if isinstance(node, yaml.ScalarNode) and (char := invisible(node.value.strip())):
            return node, char
    return None


def _check_value(name: str, node: yaml.ScalarNode, report) -> None:
    value = node.value.strip()
    if name == "id" and not ID_RE.fullmatch(value):
        report("ED703", node, f"'{value}' is not a usable id", "use lower case letters, digits and hyphens: "
               "'blyukher', 'lake-khasan'")
    elif name == "id" and value in RESERVED:
        report("ED703", node, f"the id '{value}' would take the address of {RESERVED[value]}",
               "give the entry another id, naming what it is: 'blyukher', 'lake-khasan'")
    elif name == "type" and value not in TYPES:
        report("ED702", node, f"'{value}' is not a type of entry", f"write {FIELDS['type']}")
    elif name == "wikidata" and not _WIKIDATA_RE.fullmatch(value):
        report("ED704", node, f"'{value}' is not a Wikidata ID", "write Q and its number, e.g. Q33391, and only "
               "an ID you have checked; leave the field out rather than guess")
    elif name == "date" and (problem := when_problem(value)):
        report("ED705", node, f"'{value}' {problem}", f"write {FIELDS['date']}")


def check_mentions(annotations: list, register: Register, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Every mention must name an entry of the register.  `diagnostics` are
    the register's own: if it could not be read, its error is the one to fix;
    a mention of an entry left out for its own problem is not reported again
    (the advice to add the entry would make it twice)."""
    if any(d.code == "ED700" for d in diagnostics):
        return []
    found = []
    for a in annotations:
        if a.kind == "mention" and a.value not in register.entities and a.value not in register.broken:
            close = difflib.get_close_matches(a.value, register.entities, n=1)
            found.append(Diagnostic("ED706", a.loc, f"'{a.value}' is not in {register.path}",
                                    f"did you mean '{close[0]}'?" if close else
                                    f"add an entry '- id: {a.value}' to {register.path}, or correct the id"))
    return found


# -- names the transcription leaves unmarked ---------------------------------

# Apostrophes and single quotation marks a name may be printed with: 'Nikol’sk' is 'Nikol'sk'.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'", "`": "'"})
_BRACES_RE = re.compile(r"\\.|[{}]")
_NOTE_MARKER_RE = re.compile(r"\[\^[^\]]*\]")
_WORD_RE = re.compile(r"\w+")


def name_key(name: str) -> str:
    """A name as the register and the text are compared: lower case, without
    diacritics, one shape of apostrophe ('Nikol’sk' and 'Nikol'sk' are one)."""
    return fold(name).translate(_APOSTROPHES)


@functools.lru_cache(maxsize=4096)
def _char_key(char: str) -> str:
    """`name_key` of one character (a page's text is folded character by character)."""
    return char.lower() if char.isascii() else name_key(char)


def names_index(register: Register) -> dict[str, list[str]]:
    """Every name and variant of the register (as `name_key` gives it) and the
    ids of the entries that bear it, in the register's order."""
    index: dict[str, list[str]] = {}
    for entity in register.entities.values():
        for name in entity.names:
            ids = index.setdefault(name_key(name), [])
            if entity.id not in ids:
                ids.append(entity.id)
    return index


class UnmarkedNames:
    """Finds a capitalised name in the transcription (its lines and the source's own
    notes) that is a name or variant of a register entry but stands outside
    any mention: the register would miss the passage.  Each is reported at
    its column with the mention to write.  A name that an apparatus mark holds
    whole ('{sic: Fridovsky -> Frinovsky}') is reported at the mark: the
    mention goes round it.  Directives (captions, furniture) are shown as
    written and hold no mentions, so they are not read; neither are the
    editors' introduction and notes, where names are linked, not marked, nor
    the source's title printed as its heading: a work's title is the
    bibliography's, as in a note that cites one.

    Made once for a register and asked of each document: the register's
    names and their pattern are made at the first document that needs them
    (made for every document, they cost a build of 1,000 documents 20 s)."""

    def __init__(self, register: Register) -> None:
        self.register = register

    @functools.cached_property
    def index(self) -> dict[str, list[str]]:
        return names_index(self.register)

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in sorted(self.index, key=len, reverse=True))
                          + r")(?!\w)")

    @functools.cached_property
    def first_words(self) -> frozenset[str] | None:
        """The words the names begin with; None if a name begins with no word
        ('(…)'): then every position of a line is tried."""
        words = [_WORD_RE.match(key) for key in self.index]
        return None if None in words else frozenset(word[0] for word in words)

    def find(self, folded: str) -> list[re.Match[str]]:
        """The names in a folded line, as `pattern.finditer` finds them: tried only where a
        word begins that begins a name (most lines have none; scanning each whole with the
        pattern of every name was half the time of looking)."""
        if self.first_words is None:
            return list(self.pattern.finditer(folded))
        if self.first_words.isdisjoint(_WORD_RE.findall(folded)):
            return []
        found, after = [], 0
        for word in _WORD_RE.finditer(folded):
            if word.start() >= after and word[0] in self.first_words \
                    and (m := self.pattern.match(folded, word.start())):
                found.append(m)
                after = m.end()
        return found

    def of(self, document: Document, text: str) -> list[Diagnostic]:
        """The names `document` (whose file holds `text`) leaves unmarked."""
        if not self.index:
            return []
        return _unmarked_in_document(document, text, self)


def _unmarked_in_document(document: Document, text: str, names: UnmarkedNames) -> list[Diagnostic]:
    body = document.body
    lines = text.split("\n")
    first = len(lines) - len(body.lines)  # the file's index of the body's first line
    if body.refused or first < 0:
        return []
    source = document.meta.get("source")
    title = name_key(str(source.get("title") or "")) if isinstance(source, dict) else ""
    found: list[Diagnostic] = []
    for i, line in enumerate(body.lines):
        if line.role is Role.TEXT and line.block == "heading" and title \
                and name_key(lines[first + i][line.col - 1:].strip()) == title:
            continue
        if line.role is Role.TEXT or (line.role is Role.NOTE and line.note is not None
                                      and series_of(line.note) is Series.AUTHOR):
            raw = lines[first + i]
            found += _unmarked_in_line(raw, line.col - 1, names, Loc(document.path, first + i + 1))
    return found


@functools.cache
def _markup_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    # markup reads the register's ids: imported here, not above
    from .markup import ANNOTATION_RE, MARKUP_CHAR_RE, PAGE_LINK_RE
    return ANNOTATION_RE, PAGE_LINK_RE, MARKUP_CHAR_RE


def _unmarked_in_line(raw: str, start: int, names: UnmarkedNames, where: Loc) -> list[Diagnostic]:
    *_, markup_char_re = _markup_patterns()
    if markup_char_re.search(raw):
        line, found = _outside_markup(raw, start, names.index, where)
    else:  # no mention, mark, link or note marker (most lines): the words as they stand
        line, found = " " * start + raw[start:], []
    # The line folded character by character, each folded character knowing its column
    # (an ASCII line, most of an English text, keeps its columns as it is folded).
    folded, cols = line.lower(), range(len(line))
    if not line.isascii():
        chars, columns = [], []
        for col, char in enumerate(line):
            for out in _char_key(char):
                chars.append(out)
                columns.append(col)
        folded, cols = "".join(chars), columns
    for m in names.find(folded):
        s, e = cols[m.start()], cols[m.end() - 1] + 1
        name = raw[s:e]
        if name[:1].islower():  # 'the conflict on …' is not the name 'Conflict …'
            continue
        found.append(_unmarked(name, names.index[m[0]], Loc(where.path, where.line, s + 1)))
    return sorted(found, key=lambda d: d.loc.col)


def _outside_markup(raw: str, start: int, index: dict[str, list[str]], where: Loc) -> tuple[str, list[Diagnostic]]:
    """The line from `start` with its markup blanked out (mentions whole, the markup of dates and
    links to pages, escapes, note markers: the words around them keep their columns), and the
    names that apparatus marks on it hold unmarked."""
    annotation_re, page_link_re, _ = _markup_patterns()
    text = mask_code(raw)
    kept = [" "] * start + list(text[start:])

    def blank(s: int, e: int) -> None:
        kept[s:e] = " " * (e - s)

    annotations = list(annotation_re.finditer(text, start))
    braces = set()
    for m in annotations:
        if m["kind"] == "@":
            blank(m.start(), m.end())  # marked
        else:  # a date: its words stay, its markup goes
            blank(m.start(), m.start() + 1)
            blank(m.end("text"), m.end())
        braces.add(m.start("brace"))
    for m in page_link_re.finditer(text, start):
        blank(m.start(), m.end())
    found: list[Diagnostic] = []
    opened = None
    for m in _BRACES_RE.finditer(text, start):
        if m[0] == "{":
            opened = m.start()
        elif m[0] == "}" and opened is not None:
            s, e, opened = opened, m.end(), None
            inside = text[s + 1:e - 1]
            blank(s, e)
            if s in braces or any(a.start() <= s < a.end() for a in annotations if a["kind"] == "@"):
                continue
            try:
                mark = read_mark(inside)
            except MarkError:
                continue
            witness = mark.witness.strip()
            if witness and not witness[0].islower() and (ids := index.get(name_key(witness))):
                found.append(_unmarked(witness, ids, Loc(where.path, where.line, s + 1), mark=mark.kind))
        elif m[0].startswith("\\"):
            blank(m.start(), m.start() + 1)
    for m in _NOTE_MARKER_RE.finditer(text, start):
        blank(m.start(), m.end())
    return "".join(kept), found


def _unmarked(name: str, ids: list[str], loc: Loc, mark: str = "") -> Diagnostic:
    """ED709 for `name`, a name of the entries `ids`; `mark`: the kind of the apparatus mark that holds it."""
    written = f"'[{{{mark}: …}}]{{@{ids[0]}}}'" if mark else f"'[{name}]{{@{ids[0]}}}'"
    others = ", ".join(f"'@{i}'" for i in ids[1:])
    return Diagnostic(
        "ED709", loc,
        f"'{name}' is a name of the register's entry '{ids[0]}'" + (f" (and of {others})" if others else "")
        + " but is not marked as a mention",
        f"mark it, {written}" + (f", or with {others} if that is the one meant" if others else "")
        + ("; a mention goes round the whole mark" if mark else "")
        + "; if it names something else here, give that its own entry and mark it with that id")
