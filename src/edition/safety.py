"""What a source may link to: content comes from strangers' pull requests,
and must never run script on the published site.

The policy, for every page of the edition:
- raw HTML is shown as the text it is, never passed through (the extension);
- a link or image may point to a relative address, an anchor, or an
  `http:`, `https:` or `mailto:` address, or one of the edition's own
  (`page:`, `entity:`); any other scheme (`javascript:`, `data:`, `vbscript:`, …) is
  reported (ED010) and its link dropped from the page;
- an event-handler attribute (`{: onclick=…}`, should `attr_list` ever be
  enabled) is reported (ED011) and dropped;
- the bibliography's HTML is cleaned to an allowlist (`citeproc`); register
  and front-matter values are escaped wherever they are written.
"""

from __future__ import annotations

import re
from html import unescape

# 'page:' and 'entity:' are the edition's own: links to pages of its sources and to register entries.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "page", "entity"})
URL_ATTRIBUTES = ("href", "src")
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_IGNORED_RE = re.compile(r"[\x00-\x20\x7f]")  # browsers skip these inside a scheme ('java\tscript:')


def unsafe_scheme(url: str) -> str | None:
    """The scheme of `url` if a reader's browser could be made to run it (or
    one the edition does not know); None for a safe or relative address."""
    m = _SCHEME_RE.match(_IGNORED_RE.sub("", unescape(url)))
    if m and m[1].lower() not in SAFE_SCHEMES:
        return m[1].lower()
    return None


def is_event_handler(attribute: str) -> bool:
    return attribute.lower().startswith("on")
