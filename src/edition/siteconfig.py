"""What `mkdocs.yml` may say, read with its own lines.

A pull request can change `mkdocs.yml` as well as the sources, and the
theme prints its texts (the site's name, description, author, copyright,
the navigation's titles) as HTML without escaping them; Python-Markdown's
extensions decide whether raw HTML reaches the pages.  So:
- a configured text may not hold '<', '>' or '"' (markup, or the end of an
  attribute): typographic quotation marks read the same;
- an address (`site_url`, `repo_url`, `edit_uri`) is http(s) or relative;
- only the Markdown extensions known to pass no raw HTML and to read no
  file are allowed (`EXTENSIONS`): `md_in_html`, `extra` and
  `pymdownx.extra` bring raw HTML back; `pymdownx.snippets` reads any file;
- a pull request may not turn off a record that the main branch keeps
  (`anchors`, `published`: the guards of published addresses and texts);
- the site requests nothing from other hosts: Material's web fonts (from
  Google's servers unless `theme.font` is false, which the build sets when
  it is not given) and its analytics are refused.
"""

from __future__ import annotations

import yaml

from .diagnostics import Diagnostic, Loc
from .safety import unsafe_scheme

# Known not to pass raw HTML, run code or read files, each checked.
EXTENSIONS = frozenset({
    "edition.extension", "toc", "tables", "admonition", "abbr", "def_list", "sane_lists", "smarty",
    "pymdownx.superfences", "pymdownx.details", "pymdownx.tilde", "pymdownx.caret", "pymdownx.mark",
    "pymdownx.betterem", "pymdownx.smartsymbols", "pymdownx.tabbed",
})
TEXTS = ("site_name", "site_description", "site_author", "copyright")
ADDRESSES = ("site_url", "repo_url", "edit_uri")
GUARDS = ("anchors", "published")  # edition.extension's records: False turns one off
_MARKUP = '<>"'


def _root(text: str) -> yaml.MappingNode | None:
    """mkdocs.yml composed, not constructed: MkDocs' own tags (!ENV) stay nodes."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None  # MkDocs reports it, with its line
    return node if isinstance(node, yaml.MappingNode) else None


def _items(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _loc(path: str, node: yaml.Node) -> Loc:
    return Loc(path, node.start_mark.line + 1, node.start_mark.column + 1)


def check_config(text: str, path: str, base: str | None = None) -> list[Diagnostic]:
    """The problems of mkdocs.yml (`text`, at `path`); `base`: the main
    branch's mkdocs.yml, in a pull request's check."""
    root = _root(text)
    if root is None:
        return []
    top = _items(root)
    found: list[Diagnostic] = []
    for name in TEXTS:
        node = top.get(name)
        if isinstance(node, yaml.ScalarNode) and (bad := _markup(node.value)):
            found.append(_text_problem(path, node, f"'{name}'", bad))
    if "nav" in top:
        found += _nav_titles(top["nav"], path)
    for name in ADDRESSES:
        node = top.get(name)
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and node.value:
            if unsafe_scheme(node.value) or _markup(node.value):
                found.append(Diagnostic("ED016", _loc(path, node), f"'{name}' is not an http(s) address",
                                        "write the address as https://… (the workflows set the published ones)"))
    theme = top.get("theme")
    font = _items(theme).get("font") if isinstance(theme, yaml.MappingNode) else None
    if font is not None and not _off(font):
        found.append(Diagnostic("ED016", _loc(path, font), "Material would load the font from Google's servers; "
                                "the site requests nothing from other hosts", "write 'font: false' (the "
                                "reader's own fonts are used)"))
    extra = top.get("extra")
    analytics = _items(extra).get("analytics") if isinstance(extra, yaml.MappingNode) else None
    if analytics is not None:
        found.append(Diagnostic("ED016", _loc(path, analytics), "analytics would load a script from another "
                                "host and report readers to it", "remove 'analytics' from 'extra'"))
    found += _addresses_in(extra, path)
    extensions = top.get("markdown_extensions")
    for item in extensions.value if isinstance(extensions, yaml.SequenceNode) else []:
        key = item.value[0][0] if isinstance(item, yaml.MappingNode) and item.value else item
        if isinstance(key, yaml.ScalarNode) and key.value not in EXTENSIONS:
            found.append(Diagnostic(
                "ED016", _loc(path, key), f"the Markdown extension '{key.value}' is not one the edition knows to be "
                "safe: it could pass raw HTML or script from a source to the pages, or read files",
                f"remove it; the edition allows {', '.join(sorted(EXTENSIONS))}"))
    if base is not None:
        found += _guards_lowered(_options(root), _options(_root(base)), path)
    return found


def _addresses_in(node: yaml.Node | None, path: str) -> list[Diagnostic]:
    """Material prints `extra`'s texts as HTML and its links (social,
    homepage, alternate) as addresses."""
    found, todo = [], [("", node)] if node is not None else []
    while todo:
        key, node = todo.pop()
        if isinstance(node, yaml.ScalarNode):
            if _markup(node.value) or (key in ("link", "homepage") and unsafe_scheme(node.value)):
                found.append(Diagnostic("ED016", _loc(path, node), f"'{node.value}' in 'extra' would be printed as "
                                        "HTML, or as an address that runs script", "write an https:// address, or "
                                        "text without '<', '>' or '\"'"))
        elif isinstance(node, yaml.SequenceNode):
            todo += [(key, item) for item in node.value]
        elif isinstance(node, yaml.MappingNode):
            todo += [(getattr(k, "value", ""), v) for k, v in node.value]
    return found


def _markup(value: str) -> str:
    return "".join(sorted({c for c in value if c in _MARKUP}))


def _text_problem(path: str, node: yaml.Node, what: str, bad: str) -> Diagnostic:
    return Diagnostic("ED016", _loc(path, node), f"{what} holds {' and '.join(repr(c) for c in bad)}, which "
                      "the theme would print as HTML", "write quotation marks as “ ” or ‘ ’ and leave out '<' and "
                      "'>'; the text is shown as it is written")


def _nav_titles(nav: yaml.Node, path: str) -> list[Diagnostic]:
    found = []
    todo = [nav]
    while todo:
        node = todo.pop()
        if isinstance(node, yaml.SequenceNode):
            todo += node.value
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and (bad := _markup(key.value)):
                    found.append(_text_problem(path, key, f"the navigation's title '{key.value}'", bad))
                todo.append(value)
    return found


def _options(root: yaml.MappingNode | None) -> dict[str, yaml.Node]:
    """edition.extension's options, as nodes."""
    extensions = _items(root).get("markdown_extensions") if root is not None else None
    for item in extensions.value if isinstance(extensions, yaml.SequenceNode) else []:
        if isinstance(item, yaml.MappingNode):
            options = _items(item).get("edition.extension")
            if isinstance(options, yaml.MappingNode):
                return _items(options)
    return {}


def _off(node: yaml.Node | None) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value.lower() in ("false", "no", "off")


def _guards_lowered(options: dict[str, yaml.Node], base: dict[str, yaml.Node], path: str) -> list[Diagnostic]:
    return [Diagnostic("ED016", _loc(path, options[name]), f"'{name}: false' turns off the record the main branch "
                       "keeps", f"remove the line; a pull request may not switch off the guard of published "
                       f"{'addresses' if name == 'anchors' else 'texts'}")
            for name in GUARDS if _off(options.get(name)) and not _off(base.get(name))]
