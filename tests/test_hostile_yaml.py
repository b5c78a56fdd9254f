"""Hostile YAML: what a stranger's pull request may put in the edition's data
files — a document's front matter and its corrections log, `register.yml`,
the changelog.  Reading them is never a traceback and never slow, and every
problem is one line `file:line:col: CODE message. Fix: …` at its place."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from edition.cli import main
from edition.document import parse_document
from edition.register import read_register
from edition.release import read_release

from .conftest import FRONT_MATTER, MINI_BIB, MINI_CHANGELOG, MINI_CONFIG

FIELDS = FRONT_MATTER.removeprefix("---\n").removesuffix("---\n")  # lines 2 to 11 of the file
AFTER = FRONT_MATTER.count("\n")  # the file line of a field added after the others
BODY = "::text lines\n::page 1\nA line.\n"
ENTRY = ("- id: blyukher\n  type: person\n  name: Vasily Blyukher\n  variants: [Blukher, Блюхер]\n"
         "  description: Marshal.\n  source: Parkhitko 2025, ¶ 24\n")
ANCHORS = ("write the value out in full where it is needed: the edition's files do not use YAML's anchors "
           "('&name') and aliases ('*name')")
# Eight lines, 9⁸ (43 million) strings once the aliases are followed.
BOMB = "".join(f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefg", "bcdefgh"))
BOMB = 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n' + BOMB


def front(fields: str) -> list[str]:
    """What the check says of a document with these fields (its body is correct)."""
    return [str(d) for d in parse_document(f"---\n{fields}---\n{BODY}", "t.md")[1]]


def register(text: str) -> list[str]:
    return [str(d) for d in read_register(text, "register.yml")[1]]


# --- 1. Anchors and aliases, nesting, a collection as a key ------------------

def test_an_alias_bomb_in_the_front_matter_is_refused_at_its_first_anchor_at_once() -> None:
    assert len(BOMB.splitlines()) == 8
    start = time.perf_counter()
    assert front(FIELDS + BOMB) == [
        f"t.md:{AFTER}:4: ED101 the front matter cannot be read: '&a' is a YAML anchor. Fix: {ANCHORS}"]
    assert time.perf_counter() - start < 1


def test_anchors_and_aliases_are_refused_in_the_register() -> None:
    assert register(ENTRY.replace("type: person", "type: &kind person") + ENTRY.replace("blyukher", "other")
                    .replace("type: person", "type: *kind")) == [
        f"register.yml:2:9: ED700 the register cannot be read: '&kind' is a YAML anchor. Fix: {ANCHORS}"]
    assert register(ENTRY.replace("type: person", "type: *kind")) == [
        f"register.yml:2:9: ED700 the register cannot be read: '*kind' is a YAML alias. Fix: {ANCHORS}"]


NESTED = ("the values are nested more than 10 levels deep. Fix: write the fields as the 'How to transcribe' "
          "page shows them; none nests so deep")


def test_yaml_nested_ten_thousand_levels_deep_is_refused_where_it_passes_ten() -> None:
    deep = "[" * 10_000 + "]" * 10_000
    # The front matter is the first level, 'hide' the second: the tenth '[' opens the eleventh.
    assert front(FIELDS + f"hide: {deep}\n") == [
        f"t.md:{AFTER}:16: ED101 the front matter cannot be read: {NESTED}"]
    assert register(f"- {deep}\n") == [f"register.yml:1:12: ED700 the register cannot be read: {NESTED}"]
    assert front(FIELDS + "hide: [[[[[[[[a]]]]]]]]\n")[0].startswith(f"t.md:{AFTER}:7: ED103 every entry of 'hide'")


KEY = ("a list or a set of fields is written as a field's name. Fix: write the field's name as a plain word "
       "before its ':'")


@pytest.mark.parametrize("key", ["? [a, b]\n: c\n", "? {a: b}\n: c\n", "[a, b]: c\n"])
def test_a_list_or_a_mapping_as_a_key_is_refused(key: str) -> None:
    col = 3 if key.startswith("?") else 1
    assert front(FIELDS + key) == [f"t.md:{AFTER}:{col}: ED101 the front matter cannot be read: {KEY}"]
    assert register("- " + key.replace("\n:", "\n  :")) == [
        f"register.yml:1:{col + 2}: ED700 the register cannot be read: {KEY}"]


# --- 2. Dates, on the real calendar ------------------------------------------

@pytest.mark.parametrize("old, new, expected", [
    ('date: "2016"', 'date: "2025-13"', "7:9: ED105 'source.date' is '2025-13', which is not a date of the "
     "calendar: there is no month 13"),
    ('date: "2016"', 'date: "2025-00"', "7:9: ED105 'source.date' is '2025-00', which is not a date of the "
     "calendar: there is no month 0"),
    ("transcribed: 2026-11-21", 'transcribed: "2026-02-30"', "11:14: ED105 'transcribed' is '2026-02-30', which "
     "is not a date of the calendar: there is no 30 February 2026"),
    ("transcribed: 2026-11-21", "transcribed: 2026-02-30", "11:14: ED105 'transcribed' is '2026-02-30', which "
     "is not a date of the calendar: there is no 30 February 2026"),
    ('date: "2016"', 'date: "2025-05-21T25:00"', "7:9: ED105 'source.date' is '2025-05-21T25:00', which is not "
     "a time of the day: there is no 25:00"),
    ("transcribed: 2026-11-21\n", "transcribed: 2026-11-21\ncorrections:\n  - date: 2026-13-02\n    what: p. 1\n"
     "    why: a typo\n    by: '#3'\n", "13:11: ED105 'corrections.0.date' is '2026-13-02', which is not a date "
     "of the calendar: there is no month 13"),
])
def test_a_date_off_the_calendar_in_the_front_matter_says_what_is_wrong(old: str, new: str, expected: str) -> None:
    assert front(FIELDS.replace(old, new)) == [f"t.md:{expected}. Fix: check the month and the day"]


def test_a_date_off_the_calendar_in_the_register_a_mention_and_the_changelog() -> None:
    assert register(ENTRY + "  date: 1938-02-30\n") == [
        "register.yml:7:9: ED705 '1938-02-30' is not a date of the calendar: there is no 30 February 1938. Fix: "
        "write an event's date in ISO 8601, or a range 'start/end': 1938-07-29/1938-08-11"]
    _, found = parse_document(FRONT_MATTER + "::text paragraphs\n\nIn [May 1938]{date 1938-00}.\n", "t.md")
    assert [str(d) for d in found] == [
        f"t.md:{AFTER + 3}:4: ED707 '{{date 1938-00}}' is not a date of the calendar: there is no month 0. Fix: "
        "write '{date 1932-01}', a range '{date 1938-07-29/1938-08-11}', or both calendars "
        "'{date 1917-12-21 julian 1917-12-08}' (Gregorian first)"]
    release, found = read_release("# Changelog\n\n## 1.0.0 — 2026-02-29\n", "c.md")
    assert release is None and [str(d) for d in found] == [
        "c.md:3:12: ED801 '2026-02-29' is not a date of the calendar: there is no 29 February 2026. Fix: give the "
        "day the version was published, as YYYY-MM-DD"]


# --- 3. The version: a real heading of the changelog ---------------------------

@pytest.mark.parametrize("before", [
    "```markdown\n## 9.9.9 — 2030-01-01\n```\n",
    "~~~~\n```\n## 9.9.9 — 2030-01-01\n~~~\n~~~~\n",
    "<!-- the next version:\n## 9.9.9 — 2030-01-01\n-->\n",
    "  ```\n## 9.9.9 — 2030-01-01\n  ```\n",
])
def test_a_version_heading_in_a_code_block_or_a_comment_is_not_the_version(before: str) -> None:
    text = f"# Changelog\n\nA heading reads:\n\n{before}\n## 1.0.0 — 2026-11-21\n"
    release, found = read_release(text, "c.md")
    assert found == [] and (release.version, release.date) == ("1.0.0", "2026-11-21")
    assert release.loc.line == text.count("\n")


# --- 4. Characters no one sees, in names and ids -------------------------------

ATTACK = "\\n::error file=README.md,line=1::the edition is compromised"  # a line break, as YAML escapes it


@pytest.mark.parametrize("fields, place, char", [
    (FIELDS + f'"title{ATTACK}": x\n', f"{AFTER}:1", "U+000A LINE FEED"),
    (FIELDS + '"sou\\u202Erce": x\n', f"{AFTER}:1", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    (FIELDS.replace("  type: book", '  "type\\u2028": book'), "4:3", "U+2028 LINE SEPARATOR"),  # and ED102
    (FIELDS + 'unverified:\n  "source.date\\u200B": one record gives 2019\n', f"{AFTER + 1}:3",
     "U+200B ZERO WIDTH SPACE"),
    (FIELDS + '"witness\\x1b[2J": x\n', f"{AFTER}:1", "U+001B ESCAPE"),
])
def test_an_invisible_character_in_a_fields_name_is_reported_by_its_code_point(fields: str, place: str,
                                                                               char: str) -> None:
    assert front(fields)[0] == (f"t.md:{place}: ED007 a field's name holds an invisible character, {char}. Fix: "
                                "retype it: only letters, digits and punctuation belong there")


@pytest.mark.parametrize("old, new, place, what, char", [
    ("id: blyukher", f'id: "blyukher{ATTACK}"', "1:7", "'id'", "U+000A LINE FEED"),
    ("name: Vasily Blyukher", 'name: "Vasily \\u202EBlyukher"', "3:9", "'name'", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("[Blukher, Блюхер]", '[Blukher, "Блю\\u200Bхер"]', "4:23", "'variants'", "U+200B ZERO WIDTH SPACE"),
    ("name: Vasily Blyukher", "name: Vasily Blyukher\n  sort: \"Blyukher,\\tVasily\"", "4:9", "'sort'",
     "U+0009 CHARACTER TABULATION"),
    ("  type: person", '  "type\\x85": person', "2:3", "a field's name", "U+0085 NEXT LINE"),
    ("name: Vasily Blyukher", 'name: "Vasily\\u2066 Blyukher"', "3:9", "'name'", "U+2066 LEFT-TO-RIGHT ISOLATE"),
])
def test_an_invisible_character_in_the_register_is_reported_by_its_code_point(old: str, new: str, place: str,
                                                                              what: str, char: str) -> None:
    assert register(ENTRY.replace(old, new))[0] == (  # a field's name hidden so, the field is also missing
        f"register.yml:{place}: ED007 {what} holds an invisible character, {char}. Fix: retype the text without "
        "it: a reader cannot see it, and no one could search for it")


def test_a_line_break_in_an_id_cannot_become_a_workflow_command(tmp_path: Path, capsys,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    write_edition(tmp_path, "register.yml", ENTRY.replace("id: blyukher", f'id: "blyukher{ATTACK}"').encode())
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["-C", str(tmp_path), "check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("register.yml:1:7: ED007 'id' holds an invisible character, U+000A LINE FEED.")
    assert [line for line in lines if line.startswith("::")] == [
        "::error file=register.yml,line=1,col=7,title=ED007::'id' holds an invisible character, U+000A LINE FEED. "
        "Fix: retype the text without it: a reader cannot see it, and no one could search for it"]


# --- 5. An id that would take an address the site already has -----------------

def test_a_register_id_may_not_take_the_address_of_the_registers_index() -> None:
    assert register(ENTRY.replace("id: blyukher", "id: index")) == [
        "register.yml:1:7: ED703 the id 'index' would take the address of the register's index, register/. "
        "Fix: give the entry another id, naming what it is: 'blyukher', 'lake-khasan'"]


# --- 6. The corpus: hostile YAML is never a traceback --------------------------

DOC = "docs/texts/t.md"


def doc(old: str, new: str) -> bytes:
    assert old in FRONT_MATTER
    return (FRONT_MATTER.replace(old, new, 1) + BODY).encode()


def added(fields: str) -> bytes:
    return doc("transcribed: 2026-11-21\n", "transcribed: 2026-11-21\n" + fields)


def entry(old: str, new: str) -> bytes:
    assert old in ENTRY
    return ENTRY.replace(old, new, 1).encode()


CORRECTION = "corrections:\n  - date: 2026-11-22\n    what: p. 1\n    why: a typo\n    by: '#3'\n"
T, S = "title: A test document", "  title: A Book"
HOSTILE = [
    # front matter
    ("a Python object's tag", DOC, doc(T, "title: !!python/object/apply:os.system ['echo pwned']"), "2:8: ED103"),
    ("a Python name's tag", DOC, doc(T, "title: !!python/name:os.system"), "2:8: ED103"),
    ("an unknown local tag", DOC, doc(T, "title: !pwn x"), "2:8: ED103"),
    ("binary data as the title", DOC, doc(T, "title: !!binary aGVsbG8="), "2:8: ED103"),
    ("an integer of 5,000 digits", DOC, doc(T, "title: 1" + "0" * 5000), "2:8: ED103"),
    ("an infinite search weight", DOC, added("search:\n  weight: 1e999999\n"), f"{AFTER + 1}:11: ED103"),
    ("a search weight that is not a number", DOC, added("search:\n  weight: .nan\n"), f"{AFTER + 1}:11: ED103"),
    ("a null title", DOC, doc(T, "title: null"), "2:8: ED103"),
    ("a '~' as the source's title", DOC, doc(S, "  title: ~"), "5:10: ED103"),
    ("a null among the editors", DOC, doc("editors: [The tests]", "editors: [The tests, null]"), "10:10: ED103"),
    ("a list where the source's fields go", DOC, doc("source:\n", "source: [a, b]\nx:\n"), "3:9: ED103"),
    ("a date written as a list", DOC, doc("transcribed: 2026-11-21", "transcribed: [2026]"), "11:14: ED103"),
    ("a date with a Python tag", DOC, doc("transcribed: 2026-11-21", "transcribed: !!python/object:os.system x"),
     "11:14: ED103"),
    ("a date with its time zone", DOC, doc("transcribed: 2026-11-21", "transcribed: 2026-11-21T10:00:00Z"),
     "11:14: ED105"),
    ("empty front matter", DOC, b"---\n---\n" + BODY.encode(), "1:1: ED100"),
    ("front matter of comments only", DOC, b"---\n# nothing\n---\n" + BODY.encode(), "1:1: ED100"),
    ("front matter that is a list", DOC, b"---\n- title\n---\n" + BODY.encode(), "1:1: ED100"),
    ("front matter that is one text", DOC, b"---\njust a title\n---\n" + BODY.encode(), "1:1: ED100"),
    ("a field twice, nested", DOC, doc("  type: book\n", "  type: book\n  type: letter\n"), "5:3: ED101"),
    ("a merge key", DOC, added("<<: {title: x}\n"), f"{AFTER}:1: ED104"),
    ("an empty key", DOC, added("? \n: x\n"), f"{AFTER}:2: ED104"),
    ("a key of 100,000 letters", DOC, added("a" * 100_000 + ": x\n"), f"{AFTER}:100001: ED101"),
    ("a title of a million letters, and a field twice", DOC, doc(T, "title: " + "a" * 1_000_000 + "\ntitle: x"),
     "3:1: ED101"),
    ("bytes that are not UTF-8", DOC, doc(T, "title: x").replace(b"x", b"\xff\xfe"), "2:8: ED001"),
    ("NUL bytes in the front matter", DOC, doc(T, "title: \x00\x01"), "2:8: ED007"),
    ("a UTF-16 file", DOC, doc(T, T).decode().encode("utf-16"), "1:1: ED001"),
    # the corrections log
    ("a corrections log that is a mapping", DOC, added("corrections: {date: 2026-11-22}\n"), f"{AFTER}:14: ED103"),
    ("corrections that are numbers", DOC, added("corrections: [1, 2]\n"), f"{AFTER}:15: ED103"),
    ("a correction dated null", DOC, added(CORRECTION.replace("2026-11-22", "null")), f"{AFTER + 1}:11: ED103"),
    ("a correction by binary data", DOC, added(CORRECTION.replace("'#3'", "!!binary eA==")),
     f"{AFTER + 4}:9: ED103"),
    ("a correction in month 13", DOC, added(CORRECTION.replace("2026-11-22", '"2026-13"')),
     f"{AFTER + 1}:11: ED105"),
    ("a correction with an anchor", DOC, added(CORRECTION.replace("p. 1", "&w p. 1")), f"{AFTER + 2}:11: ED101"),
    # the register
    ("a Python tag on a name", "register.yml", entry("name: Vasily", "name: !!python/object:os.system Vasily"),
     "3:9: ED702"),
    ("a null name", "register.yml", entry("name: Vasily Blyukher", "name: null"), "3:9: ED702"),
    ("a yes/no as a description", "register.yml", entry("description: Marshal.", "description: yes"),
     "5:16: ED702"),
    ("a null among the variants", "register.yml", entry("[Blukher, Блюхер]", "[Blukher, null]"), "4:13: ED702"),
    ("variants as a mapping", "register.yml", entry("[Blukher, Блюхер]", "{a: b}"), "4:13: ED702"),
    ("binary data as a source", "register.yml", entry("source: Parkhitko", "source: !!binary eA== #"),
     "6:11: ED702"),
    ("a register that is a mapping", "register.yml", b"blyukher: {type: person}\n", "1:1: ED700"),
    ("a register entry that is a text", "register.yml", b"- just a name\n", "1:3: ED700"),
    ("two YAML documents", "register.yml", ENTRY.encode() + b"---\n" + ENTRY.encode(), "7:1: ED700"),
    ("an id that is an infinite number", "register.yml", entry("id: blyukher", "id: .inf"), "1:7: ED703"),
    ("a Wikidata ID of 5,000 digits", "register.yml", ENTRY.encode() + b"  wikidata: 1" + b"0" * 5000 + b"\n",
     "7:13: ED704"),
    ("a field twice in the register", "register.yml", ENTRY.encode() + b"  name: Again\n", "7:3: ED702"),
    ("an event's date tagged a timestamp", "register.yml", ENTRY.encode() + b"  date: !!timestamp 2026-02-30\n",
     "7:9: ED705"),
    ("a register that is not UTF-8", "register.yml", entry("Блюхер", "Blücher").decode().encode("latin-1"),
     "4:25: ED001"),
    # the record of published texts
    ("a count of 5,000 digits in published.txt", "published.txt",
     f"{DOC}  1{'0' * 5000}  text:3c0d9a1e77f2\n".encode(), "1:1: ED822"),
]


def write_edition(folder: Path, name: str | None = None, content: bytes = b"") -> None:
    """A miniature edition, correct but for the file `name`."""
    config = MINI_CONFIG.format(anchors="false", published="published.txt")
    files = {"mkdocs.yml": config.encode(), "changelog.md": MINI_CHANGELOG.encode(), "bibliography.bib": MINI_BIB.encode(),
             "register.yml": ENTRY.encode(), "published.txt": b"", "docs/index.md": b"# Home\n",
             DOC: (FRONT_MATTER + BODY).encode()}
    if name is not None:
        files[name] = content
    for path, data in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)


def test_the_corpus_is_large_and_the_edition_correct_without_it(tmp_path: Path, capsys) -> None:
    assert len(HOSTILE) >= 30 and len({case[0] for case in HOSTILE}) == len(HOSTILE)
    write_edition(tmp_path)
    assert main(["-C", str(tmp_path), "check"]) == 0, capsys.readouterr().out


REPORTED = re.compile(r"[^\s:]+:\d+:\d+: ED\d{3} \S.*\. Fix: \S.*")


@pytest.mark.parametrize("name, file, content, expected", HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_yaml_is_reported_at_its_place_never_a_traceback(tmp_path: Path, capsys, name: str, file: str,
                                                                 content: bytes, expected: str) -> None:
    write_edition(tmp_path, file, content)
    start = time.perf_counter()
    code = main(["-C", str(tmp_path), "check"])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    assert time.perf_counter() - start < 5
    lines = out.splitlines()
    assert lines and [line for line in lines if not REPORTED.fullmatch(line)] == []
    assert any(line.startswith(f"{file}:{expected} ") for line in lines), out
