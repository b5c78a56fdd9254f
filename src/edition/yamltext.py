"""YAML read as a tree of nodes, which know their line and column.

The edition's data files (front matter, `register.yml`) come from strangers'
pull requests, so before any node is built the reading refuses what they
never need and what would make them costly or impossible to read: anchors
and aliases (eight lines of aliases stand for tens of millions of values, built by
whatever copies them), nesting deeper than `MAX_DEPTH` (Python's recursion
limit, in PyYAML and in the checks), and a list or a set of fields written
as a key (no field has such a name; Python cannot even look it up).
"""

from __future__ import annotations

import unicodedata

import yaml

_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, when PyYAML was built with it
MAX_DEPTH = 10  # lists and sets of fields inside one another; the edition's deepest file needs 4
_ANCHORS = ("write the value out in full where it is needed: the edition's files do not use YAML's "
            "anchors ('&name') and aliases ('*name')")


class Refused(yaml.MarkedYAMLError):
    """YAML the edition's files never need, with how to write it instead (`fix`)."""

    def __init__(self, problem: str, mark: yaml.Mark, fix: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.fix = fix


def compose(text: str) -> yaml.Node | None:
    """The text's node tree, by libyaml (ten times faster); a `yaml.YAMLError`
    is raised by PyYAML's own parser, which words the problem better, and
    `Refused` for what the edition's files may not hold."""
    try:
        _refuse(yaml.parse(text, Loader=_FAST))
        return yaml.compose(text, Loader=_FAST)
    except Refused:
        raise
    except yaml.YAMLError:
        # PyYAML's parser is a loop, not a recursion, so the events are read
        # (and refused) before its composer, which recurses, sees them.
        _refuse(yaml.parse(text, Loader=yaml.SafeLoader))
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _refuse(events) -> None:
    """Read the events as they come, raising `Refused` at the first anchor or
    alias, collection too deep, or collection written as a key."""
    inside: list[list] = []  # each open collection: [is a mapping, the nodes read in it]
    for event in events:
        if getattr(event, "anchor", None) is not None:  # an anchor ('&a' on a node) or an alias ('*a')
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise Refused(f"'{sign}{event.anchor}' is a YAML {'alias' if sign == '*' else 'anchor'}",
                          event.start_mark, _ANCHORS)
        if isinstance(event, yaml.CollectionEndEvent):
            inside.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        collection = isinstance(event, yaml.CollectionStartEvent)
        if inside:
            is_mapping, read = inside[-1]
            if collection and is_mapping and read % 2 == 0:  # a mapping's nodes alternate: key, value
                raise Refused("a list or a set of fields is written as a field's name", event.start_mark,
                              "write the field's name as a plain word before its ':'")
            inside[-1][1] += 1
        if collection:
            if len(inside) == MAX_DEPTH:
                raise Refused(f"the values are nested more than {MAX_DEPTH} levels deep", event.start_mark,
                              "write the fields as the 'How to transcribe' page shows them; none nests so deep")
            inside.append([isinstance(event, yaml.MappingStartEvent), 0])


# What unicodedata does not name (it names no control character).
_CONTROL_NAMES = {"\x00": "NULL", "\x08": "BACKSPACE", "\t": "CHARACTER TABULATION", "\n": "LINE FEED",
                  "\x0b": "LINE TABULATION", "\x0c": "FORM FEED", "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE",
                  "\x7f": "DELETE", "\x85": "NEXT LINE"}


def invisible(text: str) -> str | None:
    """The first character of `text` a reader cannot see, 'U+000A LINE FEED',
    or None: a control character (a line break among them), a line or
    paragraph separator, a bidirectional or zero-width mark.  In a name, an id
    or a field's name such a character hides a difference, or splits the line
    that reports it (a second line could pass for a command to the CI)."""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            return f"U+{ord(char):04X} {unicodedata.name(char, _CONTROL_NAMES.get(char, 'CONTROL'))}"
    return None
