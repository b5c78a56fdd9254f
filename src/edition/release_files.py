"""CITATION.cff and .zenodo.json: the edition's identity and its latest
release, in the two files a repository's readers and archives look for.

GitHub's "Cite this repository" reads `CITATION.cff` (Citation File Format
1.2.0); Zenodo's GitHub integration, which archives each release and gives
it a DOI, reads `.zenodo.json` (and then ignores `CITATION.cff`).  Both are
made by `edition cite-files` from what the edition states once: its
identity in `mkdocs.yml` (`edition.identity`) and its version and date in
the changelog (`edition.release`), read by the same functions as the build,
so that the files cannot say other than the site.  They describe the
edition's content (its licence is the editorial matter's, never the
generator's code licence).

Nothing is made up: an address is written only when `mkdocs.yml` states a
permanent one (a `site_url` or `repo_url` given by the publish workflow at
build time is not known here), a DOI only once `doi:` is set.  Both formats
require at least one author (creator): an edition that names no editors is
attributed to its publisher, if it states one, or else to the edition
itself under its title, as a body (the Citation File Format's advice for
works whose individual authors are not known) — never to a person.
"""

from __future__ import annotations

import html
import ipaddress
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml

from .diagnostics import Diagnostic, Loc
from .document import decode
from .identity import Editor, Identity, read_identity, split_name
from .project import Project
from .release import Release, read_release

CFF = "CITATION.cff"
ZENODO = ".zenodo.json"
FILES = (CFF, ZENODO)
FIX = "run edition cite-files (it writes CITATION.cff and .zenodo.json from mkdocs.yml and the changelog)"
MESSAGE = "To cite the edition as a whole, please cite it as below; each document's page gives its own citation."


@dataclass(frozen=True, slots=True)
class About:
    """What else `mkdocs.yml` says of the edition, as plain values ('' if not stated)."""

    description: str = ""  # site_description
    site: str = ""  # the site's permanent address: a site_url written out, not local, not from the environment
    repository: str = ""  # likewise repo_url


def read_about(text: str) -> About:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return About()
    if not isinstance(root, yaml.MappingNode):
        return About()
    values = {getattr(k, "value", None): v for k, v in root.value}

    def plain(key: str) -> str:
        node = values.get(key)
        # A value MkDocs takes from the environment (!ENV) is not the edition's to state.
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
            return " ".join(node.value.split())
        return ""

    return About(plain("site_description"), _permanent(plain("site_url")), _permanent(plain("repo_url")))


def _permanent(url: str) -> str:
    """`url` if it is an http(s) address on the web, not this computer's ('': not one)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not host or host == "localhost" or host.endswith(".localhost"):
        return ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return url
    return "" if address.is_loopback or address.is_private or address.is_unspecified else url


def _creators(identity: Identity) -> list[Editor]:
    """Who the edition is attributed to: its editors; else its publisher, else the edition, as a body."""
    if identity.editors:
        return list(identity.editors)
    return [Editor(identity.publisher or identity.title, body=True)]


def _cff_person(editor: Editor) -> dict:
    if editor.body:
        return {"name": editor.name}
    parts = split_name(editor.name)
    person = ({"family-names": parts["literal"]} if "literal" in parts
              else {"family-names": parts["family"], "given-names": parts["given"]})
    if editor.orcid:
        person["orcid"] = f"https://orcid.org/{editor.orcid}"
    return person


def citation_cff(identity: Identity, release: Release, about: About = About()) -> str:
    """The text of CITATION.cff (CFF 1.2.0): the edition as a dataset, and its preferred citation as an edited work."""
    authors = [_cff_person(e) for e in _creators(identity)]
    facts: dict = {"version": release.version, "date-released": release.date}
    if identity.doi:
        facts["doi"] = identity.doi
    if about.site:
        facts["url"] = about.site
    if identity.licence:
        facts["license"] = identity.licence
    work: dict = {"cff-version": "1.2.0", "message": MESSAGE, "type": "dataset", "title": identity.title}
    if about.description:
        work["abstract"] = about.description
    work["authors"] = authors
    work.update(facts)
    if about.repository:
        work["repository-code"] = about.repository
    cited: dict = {"type": "edited-work", "title": identity.title, "authors": authors}
    if identity.editors:
        cited["editors"] = [_cff_person(e) for e in identity.editors]
    if identity.publisher:
        cited["publisher"] = {"name": identity.publisher}
    cited.update(facts)
    work["preferred-citation"] = cited
    return ("# The edition's citation metadata, for GitHub's \"Cite this repository\" (Citation File Format).\n"
            "# Made by `edition cite-files` from mkdocs.yml and the changelog: change those, then run it again.\n"
            + "".join(_yaml(key, value, 0) for key, value in work.items()))


def _yaml(key: str, value: object, depth: int) -> str:
    """One 'key: value' of block YAML; every text double-quoted, as JSON writes it (valid YAML too)."""
    pad = "  " * depth
    if isinstance(value, dict):
        return f"{pad}{key}:\n" + "".join(_yaml(k, v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        lines = [f"{pad}{key}:\n"]
        for item in value:
            first, *rest = [_yaml(k, v, depth + 2) for k, v in item.items()]
            lines.append(f"{pad}  - {first.lstrip()}" + "".join(rest))
        return "".join(lines)
    return f"{pad}{key}: {value if isinstance(value, int) else _quoted(str(value))}\n"


def _quoted(text: str) -> str:
    # json.dumps leaves C1 controls and other invisible characters as they are; YAML refuses some of them.
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in json.dumps(text, ensure_ascii=False))


def _zenodo_person(editor: Editor) -> dict:
    if editor.body:
        return {"name": editor.name}
    parts = split_name(editor.name)
    person = {"name": parts.get("literal") or f"{parts['family']}, {parts['given']}"}
    if editor.orcid:
        person["orcid"] = editor.orcid
    return person


def zenodo_json(identity: Identity, release: Release, about: About = About()) -> str:
    """The text of .zenodo.json: the metadata Zenodo gives the record of a release it archives."""
    record: dict = {"title": identity.title, "upload_type": "dataset"}
    if about.description:  # else Zenodo takes the release's notes
        record["description"] = html.escape(about.description, quote=False)  # Zenodo reads it as HTML
    record["creators"] = [_zenodo_person(e) for e in _creators(identity)]
    record.update({"version": release.version, "publication_date": release.date, "access_right": "open"})
    if identity.licence:
        record["license"] = identity.licence.lower()  # Zenodo's licence ids are SPDX's, in lower case
    related = []
    if identity.doi:  # the DOI the edition states (the one for all its versions): this release is one of them
        related.append({"identifier": identity.doi, "relation": "isVersionOf", "scheme": "doi"})
    if about.site:
        related.append({"identifier": about.site, "relation": "isSourceOf", "scheme": "url"})
    if related:
        record["related_identifiers"] = related
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def expected(project: Project) -> tuple[dict[str, str], list[Diagnostic]]:
    """The two files' texts, by name, as the edition's configuration gives them; or, if
    its identity or its version cannot be read, no text and what is wrong (to fix first)."""
    config_path = project.rel(project.config)
    config, found = decode(project.config.read_bytes(), config_path)
    identity, problems = read_identity(config or "", config_path)
    found += problems
    changelog = project.file("changelog")
    text, problems = decode(changelog.read_bytes(), project.rel(changelog))
    found += problems
    release, problems = read_release(text or "", project.rel(changelog))
    found += problems
    if found or release is None or config is None:
        return {}, found
    about = read_about(config)
    return {CFF: citation_cff(identity, release, about), ZENODO: zenodo_json(identity, release, about)}, []


def stale(project: Project, files: dict[str, str]) -> list[Diagnostic]:
    """ED825 for each file the edition holds otherwise than `files` gives it (or not at all), at its first
    differing line."""
    found = []
    for name, text in files.items():
        path = project.root / name
        if not path.is_file():
            found.append(Diagnostic("ED825", Loc(name, 1), f"{name} is missing", FIX))
            continue
        held = path.read_bytes().decode("utf-8", errors="replace")
        if held == text:
            continue
        old, new = held.split("\n"), text.split("\n")
        line = next((n for n, (a, b) in enumerate(zip(old, new), start=1) if a != b), min(len(old), len(new)))
        a, b = old[line - 1], new[line - 1]
        col = next((n for n, (x, y) in enumerate(zip(a, b), start=1) if x != y), min(len(a), len(b)) + 1)
        found.append(Diagnostic("ED825", Loc(name, line, col), f"{name} does not say what mkdocs.yml and the changelog "
                                "give (the edition's identity or version changed since it was written)", FIX))
    return found


def write(project: Project, files: dict[str, str]) -> list[str]:
    """Write the files at the edition's root; what was done, for the user."""
    done = []
    for name, text in files.items():
        path = project.root / name
        if path.is_file() and path.read_bytes() == text.encode("utf-8"):
            done.append(f"{name}: up to date.")
            continue
        path.write_text(text, encoding="utf-8", newline="\n")
        done.append(f"{name}: written.")
    return done
