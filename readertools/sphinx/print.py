"""Sphinx extension: a line at the top of every page, shown only in print, naming the book and the
edition, so that a chapter printed from any browser says which edition it is (the PDFs' running
header says it too, `exports.chromium.print_pdf`). The print stylesheet is in `book/_static/reader.css`.
"""

from html import escape


def edition_line(app, pagename, templatename, context, doctree):
    if "body" not in context or app.builder.name != "html":
        return
    title = str(app.config.html_title or app.config.project).removesuffix(" (instructor edition)")
    line = f"{title} · {app.config.reader_edition.capitalize()} edition"
    context["body"] = f'<p class="reader-print-only reader-edition-line">{escape(line)}</p>\n' + context["body"]


def setup(app):
    app.connect("html-page-context", edition_line)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
