"""Sphinx extension: each chapter page links the files it offers (its notebook bundle, its PDF),
as `formats.FORMATS` lists them for the edition being built (the Downloads page's formats: the
instructor's kit is listed on "For instructors: materials" alone).

The links are written with an empty size (`<span class="download-size" data-file=…>`), which
`exports.downloads.fill_sizes` fills once the exports exist; a link to a file that was not made stops the
build there, so a published page never links a missing file.
"""

from html import escape

from readertools.formats import chapter_file, offered


def download_links(app, pagename, templatename, context, doctree):
    if "body" not in context or app.builder.name != "html":
        return
    links = []
    for form in offered(app.config.reader_edition, app.config.reader_formats):
        if form.listed_on != "downloads":
            continue
        target = chapter_file(form, pagename)
        if target:
            links.append(f'<a href="{escape(context["pathto"](target, 1))}" download>{escape(form.label)}</a> '
                         f'<span class="download-size" data-file="{escape(target)}"></span>')
    if links:
        context["body"] = ('<p class="reader-downloads">Download this chapter: ' + " · ".join(links) + "</p>\n"
                           + context["body"])


def setup(app):
    # The on-demand formats this build makes (`publish.book.build_book` sets it): pages are written again when
    # it changes, without reading the documents again.
    app.add_config_value("reader_formats", [], "html")
    app.connect("html-page-context", download_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
