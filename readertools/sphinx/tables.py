"""Sphinx extension: the book's tables as valid HTML, readable on a phone.

- **No empty stylesheet.** A pandas Styler's HTML output starts with its own `<style
  type="text/css">` element, empty when the table has no per-cell styles (the reader's tables only
  format numbers and hide the index). HTML does not allow `<style>` inside the page's body, so the
  validator (tests/test_site_checks.py) rejects it: the empty element is dropped from each rendered
  output. The notebooks themselves keep it (Jupyter renders it), and a non-empty one stays, for the
  validator to report.
- **Wide tables as cards on a phone.** A table of a page's body with `CARDS_FROM` columns or more
  (a notebook's Styler table, or a Markdown table) and one row of headings gets the class
  `reader-cards`, and each of its cells a `data-label`, its column's heading as plain text: on a
  narrow screen `book/_static/reader.css` shows each row as a card of labelled values instead of a
  table wider than the screen (whose long text column was off to the right, leaving rows that looked
  empty). A table with merged cells is left as it is.
"""

import re
from html import escape, unescape

from docutils import nodes

EMPTY_STYLE = re.compile(r'<style type="text/css">\s*</style>\s*')
TABLE = re.compile(r"<table\b(?P<attrs>[^>]*)>(?P<inside>.*?)</table>", re.DOTALL)
HEAD = re.compile(r"<thead>(?P<rows>.*?)</thead>", re.DOTALL)
BODY = re.compile(r"<tbody>(?P<rows>.*?)</tbody>", re.DOTALL)
ROW = re.compile(r"<tr\b[^>]*>(?P<cells>.*?)</tr>", re.DOTALL)
HEADING = re.compile(r"<th\b[^>]*>(?P<text>.*?)</th>", re.DOTALL)
CELL = re.compile(r"<(?P<tag>td|th)\b(?P<attrs>[^>]*)>(?P<content>.*?)</(?P=tag)>", re.DOTALL)
CLASS = re.compile(r'\bclass="(?P<classes>[^"]*)"')
TAG = re.compile(r"<[^>]+>")
# A table this wide does not fit a phone as a table (a few numbers side by side still do).
CARDS_FROM = 4


def _plain(html: str) -> str:
    return " ".join(unescape(TAG.sub(" ", html)).split())


def as_cards(html: str) -> str:
    """The tables of a page's HTML with `CARDS_FROM` columns or more marked as cards, each cell labelled."""

    def table(match: re.Match) -> str:
        head, body = HEAD.search(match["inside"]), BODY.search(match["inside"])
        heads = ROW.findall(head["rows"]) if head else []
        if not body or len(heads) != 1 or "colspan=" in match["inside"] or "rowspan=" in match["inside"]:
            return match[0]
        labels = [_plain(m["text"]) for m in HEADING.finditer(heads[0])]
        rows = ROW.findall(body["rows"])
        if len(labels) < CARDS_FROM or any(len(CELL.findall(cells)) != len(labels) for cells in rows):
            return match[0]

        def row(found: re.Match) -> str:
            column = iter(labels)

            def cell(match: re.Match) -> str:  # an empty cell with nothing in it (`<p></p>`), for CSS's :empty
                content = match["content"] if _plain(match["content"]) or "<img" in match["content"] else ""
                return (f'<{match["tag"]}{match["attrs"].rstrip()} data-label="{escape(next(column))}">'
                        f'{content}</{match["tag"]}>')

            return CELL.sub(cell, found[0])

        attrs = match["attrs"]
        attrs = (CLASS.sub(lambda m: f'class="{m["classes"]} reader-cards"', attrs, count=1) if CLASS.search(attrs)
                 else f'{attrs} class="reader-cards"')
        inside = match["inside"][:body.start("rows")] + ROW.sub(row, body["rows"]) + match["inside"][body.end("rows"):]
        return f"<table{attrs}>{inside}</table>"

    return TABLE.sub(table, html)


def drop_empty_styles(app, doctree, docname):
    for node in doctree.findall(nodes.raw):
        if "html" in node.get("format", "").split() and "<style" in node.astext():
            node.replace(node[0], nodes.Text(EMPTY_STYLE.sub("", node.astext())))


def cards(app, pagename, templatename, context, doctree):
    if "<table" in context.get("body", ""):
        context["body"] = as_cards(context["body"])


def setup(app):
    app.connect("doctree-resolved", drop_empty_styles)
    app.connect("html-page-context", cards)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
