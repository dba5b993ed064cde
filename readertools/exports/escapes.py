"""Markdown a student can edit: a backslash only where CommonMark needs one.

The book's words reach its notebooks through `text.myst.literal`, which escapes every ASCII
punctuation mark (MyST's roles, directives and attributes start with `{`, `(`, `:`, so the book
must). In a student notebook that reads `January 22\\, 2024\\.`, and a student editing a cell
edits through backslashes. `needed_escapes` keeps a backslash only before a character that could
start markup in the renderers a student notebook meets (JupyterLab and Notebook 7: marked with GFM,
and MathJax for `$`; VS Code; Colab; nbconvert's mistune, with its definition lists and math):

- everywhere: `\\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `$` (math in JupyterLab), `|` (GFM tables),
  `~` (GFM strikethrough), `&` before an entity's name, `@` inside a word (a GFM e-mail link), `:`
  before `//` and `.` inside a word followed by lowercase letters (a domain, which GFM after `www`
  and VS Code's linkify make a link);
- at the start of a block (after any `>`, list markers and spaces): `#`, `>`, `-`, `+`, `=`, `:`
  (a definition list for mistune), and the `.` or `)` after digits (an ordered list).

Markup the translation wrote (`**¶ 12**`, `<a id="…">`, links) has no backslashes and is left as it
is. The rules are not trusted alone: a cell is rendered before and after (markdown-it, CommonMark
with GFM tables, strikethrough and links) and, if anything differs, only the lines whose lighter
form renders the same lose their backslashes. The tests render every cell both ways with nbconvert;
JupyterLab's own renderer (marked 17.0.6, GFM) was run once on the book's 94 Markdown cells both
ways, with the same HTML for each.
"""

import functools
import hashlib
import json
import re
from contextlib import contextmanager
from pathlib import Path

import markdown_it
from markdown_it import MarkdownIt

ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
ALWAYS = set("\\`*_[]<$|~")
AT_BLOCK_START = set("#>-+=:")
BLOCK_PREFIX = re.compile(r"[ \t]*(?:(?:>[ \t]?|[-+*][ \t]+|\d{1,9}[.)][ \t]+)[ \t]*)*")
ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

@functools.cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])


def render(text: str) -> str:
    """A Markdown cell as HTML, by CommonMark with GFM's tables, strikethrough and bare links."""
    return _markdown().render(text)


def plain(text: str) -> str:
    return ESCAPE.sub(r"\1", text)


def _needed(line: str, start: int, char: str) -> bool:
    """Whether the backslash at `start` (before `char`) must stay."""
    before, after = line[:start], plain(line[start + 2:])
    prefix = BLOCK_PREFIX.match(before).end()
    if char in ALWAYS:
        return True
    if prefix == len(before) and char in AT_BLOCK_START:
        return True
    if char in ".)" and re.fullmatch(r"\d{1,9}", plain(before[prefix:])):
        return True  # "1917." at the start of a block would begin an ordered list
    if char == "&":
        return ENTITY.match("&" + after) is not None
    if char == "@":
        return bool(re.search(r"\w$", plain(before))) and bool(re.match(r"\w", after))
    if char == ":":
        return after.startswith("//")
    if char == ".":  # a domain, which GFM (after www), VS Code and markdown-it would make a link
        return bool(re.search(r"[A-Za-z0-9]$", before) and re.match(r"[a-z]{2,}\b", after))
    return False


def _line(line: str) -> str:
    kept, end = [], 0
    for found in ESCAPE.finditer(line):
        kept.append(line[end:found.start()])
        kept.append(found[0] if _needed(line, found.start(), found[1]) else found[1])
        end = found.end()
    return "".join(kept) + line[end:]


_memory: tuple[dict[str, str], dict[str, str]] | None = None  # (known before, worked out now)


@contextmanager
def remembered(memory: Path):
    """While the block lasts, `needed_escapes` gives a text it worked out before (what a text needs
    depends on its words alone) from `memory`, a JSON file it writes at the end with the texts of
    this build: a rebuild renders only the cells that changed, not the book's 85 cells twice or more
    (about a second of CPU). The build keeps `memory` in the edition's staging folder, which goes
    whenever the tools change; a text is known by its digest with markdown-it's version."""
    global _memory
    try:
        known = json.loads(memory.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    _memory = (known if isinstance(known, dict) else {}, {})
    try:
        yield
        if memory.parent.is_dir():
            memory.write_text(json.dumps(_memory[1], sort_keys=True), encoding="utf-8")
    finally:
        _memory = None


def needed_escapes(text: str) -> str:
    """`text` (a Markdown cell) with only the escapes that change how it renders."""
    if _memory is None:
        return _worked_out(text)
    known, now = _memory
    key = hashlib.sha256(f"{markdown_it.__version__}\0{text}".encode()).hexdigest()
    found = known.get(key)
    now[key] = found if isinstance(found, str) else _worked_out(text)
    return now[key]


def _worked_out(text: str) -> str:
    lines = text.split("\n")
    lighter = [_line(line) for line in lines]
    wanted = render(text)
    if render("\n".join(lighter)) == wanted:
        return "\n".join(lighter)
    for index, light in enumerate(lighter):  # line by line: a line whose lighter form changes anything keeps its own
        tried = [*lines[:index], light, *lines[index + 1:]]
        if light != lines[index] and render("\n".join(tried)) == wanted:
            lines = tried
    return "\n".join(lines)
