"""Sphinx extension: a ready citation for every numbered paragraph.

A source chapter's page carries what a citation needs as JSON (`<script type="application/json"
id="reader-cite">`): the source's authors, title, venue and date as the catalogue states them, the
reader's title and chapter number, and the page's public address. `book/_static/reader.js` turns a
click on a paragraph number into a citation of that paragraph, with its anchor, ready to copy.

The public address comes from one setting, `html: baseurl:` in `_config.yml` (Sphinx's
`html_baseurl`, which also gives every page its canonical link). Left empty, the citation uses the
address the reader opened the page at.
"""

import json


def chapter_sources() -> dict[str, dict]:
    """docname -> the source's citation data: the one place that reads the catalogue for this."""
    from .catalogue import chapter_numbers, load_catalogue

    numbers = chapter_numbers()
    return {f"book/chapters/{source.id}": {
        "id": source.id,
        "authors": list(source.authors),
        "title": f"[{source.title}]" if source.title_supplied else source.title,
        "venue": source.venue,
        "date": source.date,
        "chapter": numbers.get(source.id),
    } for source in load_catalogue().sources}


_SOURCES: dict[str, dict] = {}


def add_citation_data(app, pagename, templatename, context, doctree):
    if not _SOURCES:
        _SOURCES.update(chapter_sources())
    source = _SOURCES.get(pagename)
    if source is None or "body" not in context:
        return
    base = (app.config.html_baseurl or "").rstrip("/")
    data = {**source,
            "reader": app.config.html_title or app.config.project,
            "editors": app.config.author,
            "year": app.config.copyright,
            "url": f"{base}/{pagename}{app.builder.link_suffix}" if base else ""}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    context["body"] += f'\n<script type="application/json" id="reader-cite">{text}</script>\n'


def setup(app):
    app.connect("builder-inited", lambda app: _SOURCES.clear())
    app.connect("html-page-context", add_citation_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
