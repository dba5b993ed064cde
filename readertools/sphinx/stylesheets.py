"""The theme's stylesheets cut down to the rules the built site can use (called by `sphinx.lean`).

pydata-sphinx-theme's stylesheet carries all of Bootstrap and of Font Awesome's stylesheet, and a
reader's page uses a few per cent of its rules (64 KB of the 120 KB a first visit cost, gzip). After
the build, a rule is kept when one of its selectors could match in some page of the site: every class
and id it requires appears in a page's markup or in a script of the site (which may add it: a
tooltip's, a dialog's, a search result's). What a selector says inside `:not()`, `:is()`, `:where()`,
`:has()` and the like, and its attribute conditions, are not required (they keep a rule, never drop
it), and @media, @supports and @layer blocks are pruned inside; @font-face, @keyframes and the like
stay. Custom properties that no kept rule, page or script reads (`var(--name)`) go too.

The test is on names, not on structure: a kept rule may still match nothing, never the reverse.
"""

import re

COMMENT_OR_SPACE = re.compile(r"\s+|/\*.*?\*/", re.DOTALL)
KEPT_AT_RULES = ("@font-face", "@keyframes", "@-webkit-keyframes", "@page", "@property", "@counter-style")
GROUPING_AT_RULES = ("@media", "@supports", "@layer", "@container")
FUNCTIONAL = re.compile(r":(?:not|is|where|has|nth-child|nth-last-child|nth-of-type|nth-last-of-type|host|"
                        r"host-context|lang|dir)\(")
ATTRIBUTE = re.compile(r"\[[^\]]*\]")
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
ID = re.compile(r"#(-?[_a-zA-Z][\w-]*)")
WORD = re.compile(r"-?[_a-zA-Z][\w-]*")
VAR = re.compile(r"var\(\s*(--[\w-]+)")
MARKUP_NAMES = re.compile(r'\s(?:class|id)="([^"]*)"')


def _unquoted(css: str, at: int):
    """(index, character) of the stylesheet from `at` on, its strings (quotes and escapes included) left out."""
    quote = None
    while at < len(css):
        char = css[at]
        if quote:
            if char == "\\":
                at += 2
                continue
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        else:
            yield at, char
        at += 1


def items(css: str) -> list[tuple[str, str | None]]:
    """The top-level items of a stylesheet: (prelude, block) for a rule or an at-rule with a block,
    (statement, None) for one without (`@import …;`)."""
    found, at, size = [], 0, len(css)
    while at < size:
        space = COMMENT_OR_SPACE.match(css, at)
        if space and space.end() > at:
            at = space.end()
            continue
        start, depth = at, 0
        for at, char in _unquoted(css, start):
            if char in "([":
                depth += 1
            elif char in ")]":
                depth -= 1
            elif char == ";" and depth == 0:
                found.append((css[start:at + 1], None))
                at += 1
                break
            elif char == "{" and depth == 0:
                end = _block_end(css, at + 1)
                found.append((css[start:at].strip(), css[at + 1:end]))
                at = end + 1
                break
        else:
            break
    return found


def _block_end(css: str, start: int) -> int:
    """The index of the `}` that closes the block whose content starts at `start`."""
    level = 1
    for at, char in _unquoted(css, start):
        level += (char == "{") - (char == "}")
        if level == 0:
            return at
    return len(css)


def selectors(prelude: str) -> list[str]:
    """A selector list's selectors (commas inside parentheses or brackets do not split it)."""
    parts, depth, current = [], 0, []
    for char in prelude:
        depth += (char in "([") - (char in ")]")
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def _required(selector: str) -> str:
    """The selector without what it does not require: functional pseudo-classes' arguments, attributes."""
    kept, at = [], 0
    while True:
        found = FUNCTIONAL.search(selector, at)
        if not found:
            kept.append(selector[at:])
            break
        kept.append(selector[at:found.start()])
        depth, at = 1, found.end()
        while at < len(selector) and depth:
            depth += (selector[at] == "(") - (selector[at] == ")")
            at += 1
    return ATTRIBUTE.sub("", "".join(kept))


def can_match(selector: str, names: set[str]) -> bool:
    required = _required(selector)
    return all(name in names for name in CLASS.findall(required) + ID.findall(required))


def prune(css: str, names: set[str]) -> str:
    """The rules of a stylesheet that can match, given every class and id name the site may use."""
    kept = []
    for prelude, block in items(css):
        if block is None:
            kept.append(prelude)
        elif prelude.startswith(KEPT_AT_RULES):
            kept.append(f"{prelude}{{{block}}}")
        elif prelude.startswith(GROUPING_AT_RULES):
            inner = prune(block, names)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        elif not prelude.startswith("@"):
            matching = [selector for selector in selectors(prelude) if can_match(selector, names)]
            if matching:
                kept.append(f"{','.join(matching)}{{{block}}}")
        else:
            kept.append(f"{prelude}{{{block}}}")
    return "".join(kept)


def declarations(block: str) -> list[str]:
    """A rule's declarations (a semicolon inside a string or parentheses, `url("data:…;…")`, splits none)."""
    found, current, depth, quote = [], [], 0, None
    for char in block:
        if quote:
            quote = None if char == quote and (not current or current[-1] != "\\") else quote
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == ";" and depth == 0:
            found.append("".join(current))
            current = []
            continue
        current.append(char)
    found.append("".join(current))
    return [declaration for declaration in found if declaration.strip()]


def _without_properties(css: str, read: set[str]) -> str:
    kept = []
    for prelude, block in items(css):
        if block is None or prelude.startswith(KEPT_AT_RULES):
            kept.append(prelude if block is None else f"{prelude}{{{block}}}")
        elif prelude.startswith("@"):
            inner = _without_properties(block, read)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        else:
            left = [d for d in declarations(block)
                    if not (d.strip().startswith("--") and d.split(":", 1)[0].strip() not in read)]
            if left:
                kept.append(f"{prelude}{{{';'.join(left)}}}")
    return "".join(kept)


def unread_properties_removed(sheets: dict[str, str], elsewhere: str) -> dict[str, str]:
    """The stylesheets without the custom properties nothing reads (until none is left to remove), and
    without the rules left empty."""
    while True:
        read = set(VAR.findall(elsewhere)) | {name for css in sheets.values() for name in VAR.findall(css)}
        pruned = {path: _without_properties(css, read) for path, css in sheets.items()}
        if pruned == sheets:
            return sheets
        sheets = pruned


def names_in_page(html: str) -> set[str]:
    """The class and id names a page's markup gives its elements."""
    return {name for value in MARKUP_NAMES.findall(html) for name in value.split()}


def names_in_script(script: str) -> set[str]:
    """Every word of a script that could be a class or id name it adds (a superset: it keeps rules)."""
    return set(WORD.findall(script))
