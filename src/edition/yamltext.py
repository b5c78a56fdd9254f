"""YAML read as a tree of nodes, which know their line and column."""

from __future__ import annotations

import yaml

_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, when PyYAML was built with it


def compose(text: str) -> yaml.Node | None:
    """The text's node tree, by libyaml (ten times faster); a `yaml.YAMLError`
    is raised by PyYAML's own parser, which words the problem better."""
    try:
        return yaml.compose(text, Loader=_FAST)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)
