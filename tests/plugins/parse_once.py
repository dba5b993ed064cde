"""pytest plugin for pytest-check-links: parse each target page once, not once per link to it.

pytest-check-links re-reads and re-parses a page for every link with an anchor into it (a chapter
has hundreds), which makes a check of the whole site take minutes. This plugin, loaded with
`-p plugins.parse_once`, memoises that parse by file, and answers "is there an element with this
id or name?" from a set; what is checked is unchanged.
"""

from collections import Counter
from functools import cache

import pytest_check_links.plugin as check_links

_parse = check_links.html5lib.parse


@cache
def _parsed_file(path: str):
    with open(path, encoding="utf-8") as file:
        return _parse(file, namespaceHTMLElements=False)


def parse(source, **options):
    name = getattr(source, "name", None)
    if isinstance(name, str) and name.endswith(".html"):
        return _parsed_file(name)
    return _parse(source, **options)


@cache
def _anchors(parsed) -> Counter:
    """How many elements have each id, and each `<a>` each name (what the checker looks for)."""
    found = Counter(element.get("id") for element in parsed.iter() if element.get("id"))
    found.update(element.get("name") for element in parsed.iter("a") if element.get("name"))
    return found


def handle_anchor(self, parsed, anchor):
    """The checker's own test (missing or ambiguous anchor), answered from a count."""
    if not self.target:
        return
    count = _anchors(parsed)[anchor]
    if not count:
        raise check_links.BrokenLinkError(self.target, f"Missing anchor: {anchor}")
    if count > 1:
        raise check_links.BrokenLinkError(self.target, f"Ambiguous anchor: {count} (found {anchor})")


check_links.html5lib = type("html5lib", (), {"parse": staticmethod(parse)})
check_links.LinkItem.handle_anchor = handle_anchor
