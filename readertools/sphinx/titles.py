"""Sphinx extension: escape page titles that sphinx-book-theme puts into its templates raw.

The theme sets `pagetitle` and `root_title` from the title's plain text and prints them unescaped
(the print-only page header, the home link), so a source title such as `<b>tags</b>` would become
markup there. Escaping them after the theme has set them keeps every title literal.

Couplings: sphinx-book-theme 1.3.0's context keys `pagetitle` and `root_title` (pinned).
"""

from html import escape


def escape_titles(app, pagename, templatename, context, doctree):
    for key in ("pagetitle", "root_title"):
        if isinstance(context.get(key), str):
            context[key] = escape(context[key], quote=False)


def setup(app):
    app.connect("html-page-context", escape_titles, priority=900)  # after the theme's handlers
    return {"parallel_read_safe": True, "parallel_write_safe": True}
