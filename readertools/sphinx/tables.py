"""Sphinx extension: pandas' Styler tables as valid HTML in the book's pages.

A Styler's HTML output starts with its own `<style type="text/css">` element, empty when the table
has no per-cell styles (the reader's tables only format numbers and hide the index). HTML does not
allow `<style>` inside the page's body, so the validator (tests/test_site_checks.py) rejects it:
the empty element is dropped from each rendered output. The notebooks themselves keep it (Jupyter
renders it), and a non-empty one stays, for the validator to report.
"""

import re

from docutils import nodes

EMPTY_STYLE = re.compile(r'<style type="text/css">\s*</style>\s*')


def drop_empty_styles(app, doctree, docname):
    for node in doctree.findall(nodes.raw):
        if "html" in node.get("format", "").split() and "<style" in node.astext():
            node.replace(node[0], nodes.Text(EMPTY_STYLE.sub("", node.astext())))


def setup(app):
    app.connect("doctree-resolved", drop_empty_styles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
