"""The edition's identity, set once: its title, editors, publisher, the
licence of its editorial matter, and its DOI.

An edition states them in `mkdocs.yml`, as the options of its plugin (the
title is the site's name):

    plugins:
      - edition:
          editors:
            - Jane Doe                                    # a person
            - {name: John Roe, orcid: 0000-0002-1825-0097}
            - {body: The Lake Khasan Project}             # a body of editors
          publisher: The Lake Khasan Project              # or the host
          licence: CC-BY-4.0                              # SPDX, of the editorial matter
          doi: 10.5281/zenodo.1234567                     # once a release has one

Each is optional: an edition that states no licence claims none; one whose editors are not known names none
(citations then name none, rather than a placeholder), one without a DOI
cites its permanent address.  Everything that names the edition — the
footer, the home page, every citation form and tag, the TEI header,
CITATION.cff and .zenodo.json — reads this one value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

from .diagnostics import Diagnostic, Loc

OPTIONS = ("editors", "publisher", "licence", "doi")
_ORCID = re.compile(r"(?:https://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")
_DOI = re.compile(r"(?:https://doi\.org/)?(10\.\d{4,9}/\S+)")
_PARTICLES = {"van", "von", "de", "der", "den", "du", "da", "di", "del", "della", "le", "la", "ter", "ten"}


@dataclass(frozen=True, slots=True)
class Editor:
    name: str
    body: bool = False  # a body of editors (an institution, a project), not a person
    orcid: str = ""  # '0000-0002-1825-0097'

    def csl(self) -> dict[str, str]:
        """The name as CSL-JSON has it: a body whole, a person split."""
        return {"literal": self.name} if self.body else split_name(self.name)


@dataclass(frozen=True, slots=True)
class Identity:
    title: str
    editors: tuple[Editor, ...] = ()
    publisher: str = ""
    licence: str = ""  # SPDX; '': not stated (then none is claimed)
    doi: str = ""  # '10.5281/zenodo.1234567'

    @property
    def licence_url(self) -> str:
        """The licence's page, for the CC licences (what readers and Zenodo expect); else SPDX's."""
        if not self.licence:
            return ""
        m = re.fullmatch(r"CC-(BY(?:-[A-Z]+)*)-(\d\.\d)", self.licence)
        if m:
            return f"https://creativecommons.org/licenses/{m[1].lower()}/{m[2]}/"
        return f"https://spdx.org/licenses/{self.licence}.html"

    @property
    def licence_name(self) -> str:
        m = re.fullmatch(r"CC-(BY(?:-[A-Z]+)*)-(\d\.\d)", self.licence)
        return f"CC {m[1].replace('-', ' ')} {m[2]}" if m else self.licence  # 'CC BY 4.0', as the licences name themselves

    def editors_text(self) -> str:
        """'Jane Doe and John Roe', 'A, B, and C'; '' without editors."""
        names = [e.name for e in self.editors]
        if len(names) < 3:
            return " and ".join(names)
        return ", ".join(names[:-1]) + ", and " + names[-1]


def split_name(name: str) -> dict[str, str]:
    """'Jan M. Meijer' -> family 'Meijer'; 'Family, Given' is taken as written;
    a lowercase particle ('van', 'de') goes with the family name."""
    if "," in name:
        family, _, given = name.partition(",")
        return {"family": family.strip(), "given": given.strip()}
    words = name.split()
    if len(words) == 1:
        return {"literal": name}
    cut = len(words) - 1
    while cut > 1 and words[cut - 1] in _PARTICLES:
        cut -= 1
    return {"family": " ".join(words[cut:]), "given": " ".join(words[:cut])}


def _loc(path: str, node: yaml.Node) -> Loc:
    return Loc(path, node.start_mark.line + 1, node.start_mark.column + 1)


def _plugin_options(root: yaml.Node) -> yaml.Node | None:
    """The edition plugin's options in mkdocs.yml, as a node (None: none given)."""
    if not isinstance(root, yaml.MappingNode):
        return None
    plugins = next((v for k, v in root.value if getattr(k, "value", None) == "plugins"), None)
    for item in plugins.value if isinstance(plugins, yaml.SequenceNode) else []:
        if isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                if getattr(key, "value", None) == "edition":
                    return value
    return None


def read_identity(text: str, path: str) -> tuple[Identity, list[Diagnostic]]:
    """The identity `mkdocs.yml` (`text`, at `path`) gives the edition; its title is the site's name."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return Identity(""), []  # MkDocs reports it, with its line
    name = next((v for k, v in root.value if getattr(k, "value", None) == "site_name"), None) \
        if isinstance(root, yaml.MappingNode) else None
    title = name.value.strip() if isinstance(name, yaml.ScalarNode) else ""
    options = _plugin_options(root)
    if options is None or (isinstance(options, yaml.ScalarNode) and options.value in ("", "null", "~")):
        return Identity(title), []
    found: list[Diagnostic] = []
    if not isinstance(options, yaml.MappingNode):
        return Identity(title), [Diagnostic("ED019", _loc(path, options), "the edition plugin's options are not a "
                                            "mapping", "write them indented under '- edition:', one 'name: value' "
                                            "a line (see the manual's 'The edition's identity')")]
    fields: dict[str, object] = {}
    for key, value in options.value:
        name = getattr(key, "value", "")
        if name not in OPTIONS:
            found.append(Diagnostic("ED019", _loc(path, key), f"'{name}' is not an option of the edition plugin",
                                    f"remove it, or write one of {', '.join(OPTIONS)}"))
        elif name == "editors":
            fields["editors"] = _editors(value, path, found)
        elif not (isinstance(value, yaml.ScalarNode) and value.tag.endswith(":str")):
            found.append(Diagnostic("ED019", _loc(path, value), f"'{name}' is not a text",
                                    f"write '{name}:' followed by a text on the same line"))
        elif name == "licence":
            fields["licence"] = _licence(value, path, found)
        elif name == "doi":
            fields["doi"] = _doi(value, path, found)
        else:
            fields[name] = value.value.strip()
    return Identity(title, **fields), found


def _editors(node: yaml.Node, path: str, found: list[Diagnostic]) -> tuple[Editor, ...]:
    if not isinstance(node, yaml.SequenceNode):
        found.append(Diagnostic("ED019", _loc(path, node), "'editors' is not a list",
                                "write each editor on a line of its own, beginning '- '"))
        return ()
    editors: list[Editor] = []
    seen: dict[str, Loc] = {}
    for item in node.value:
        editor = _editor(item, path, found)
        if editor is None:
            continue
        key = " ".join(editor.name.casefold().split())
        if key in seen:
            first = seen[key]
            found.append(Diagnostic("ED020", _loc(path, item), f"the editor '{editor.name}' is named twice (first "
                                    f"at line {first.line})", "remove one of the two"))
            continue
        seen[key] = _loc(path, item)
        editors.append(editor)
    return tuple(editors)


def _editor(node: yaml.Node, path: str, found: list[Diagnostic]) -> Editor | None:
    hint = ("write a person's name ('- Jane Doe'), a person with an ORCID ('- {name: Jane Doe, orcid: "
            "0000-0002-1825-0097}') or a body of editors ('- {body: The Lake Khasan Project}')")
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and node.value.strip():
        return Editor(node.value.strip())
    if not isinstance(node, yaml.MappingNode):
        found.append(Diagnostic("ED019", _loc(path, node), "an editor is neither a name nor a mapping", hint))
        return None
    items = {getattr(k, "value", ""): v for k, v in node.value}
    texts = {k: v.value.strip() for k, v in items.items() if isinstance(v, yaml.ScalarNode) and v.value.strip()}
    if set(items) - {"name", "orcid", "body"} or ("name" in items) == ("body" in items) or set(items) - set(texts) \
            or ("body" in items and "orcid" in items):
        found.append(Diagnostic("ED019", _loc(path, node), "an editor must have either a 'name' (a person, with an "
                                "optional 'orcid') or a 'body', each a text", hint))
        return None
    orcid = ""
    if "orcid" in texts:
        m = _ORCID.fullmatch(texts["orcid"])
        if not m or not _orcid_checksum(m[1]):
            found.append(Diagnostic("ED021", _loc(path, items["orcid"]), f"'{texts['orcid']}' is not an ORCID iD",
                                    "copy the iD from the person's ORCID record: four groups of four digits, the "
                                    "last may end in X (0000-0002-1825-0097)"))
        else:
            orcid = m[1]
    if "body" in texts:
        return Editor(texts["body"], body=True)
    return Editor(texts["name"], orcid=orcid)


def _orcid_checksum(orcid: str) -> bool:
    """ISO 7064 11,2, as ORCID computes its last character."""
    total = 0
    for digit in orcid.replace("-", "")[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return orcid[-1] == ("X" if check == 10 else str(check))


def _licence(node: yaml.ScalarNode, path: str, found: list[Diagnostic]) -> str:
    try:
        canonical = canonicalize_license_expression(node.value)
    except InvalidLicenseExpression:
        canonical = ""
    if not canonical or " " in canonical:  # one licence, not an expression
        found.append(Diagnostic("ED021", _loc(path, node), f"'{node.value}' is not an SPDX licence identifier",
                                "write the identifier of the licence of the editorial matter as SPDX lists it "
                                "(https://spdx.org/licenses/), e.g. CC-BY-4.0"))
        return ""
    return canonical


def _doi(node: yaml.ScalarNode, path: str, found: list[Diagnostic]) -> str:
    m = _DOI.fullmatch(node.value.strip())
    if not m:
        found.append(Diagnostic("ED021", _loc(path, node), f"'{node.value}' is not a DOI",
                                "write the DOI the release was given, e.g. 10.5281/zenodo.1234567"))
        return ""
    return m[1]
