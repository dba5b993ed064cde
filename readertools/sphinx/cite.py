"""Sphinx extension: a ready citation for every numbered paragraph.

A source chapter's page carries what a citation needs as JSON (`<script type="application/json"
id="reader-cite">`): the source's authors, title, venue and date, the reader's title and chapter
number, and the page's public address. `book/_static/reader.js` turns a click on a paragraph number
into a citation of that paragraph, with its anchor, ready to copy: those parts and nothing else.

The catalogue's venue and date are its source line's, which say what the text states and what it
does not ("…; the English translation's publisher is not stated", "(as the byline states)"). A
citation takes only what can be cited from them (`citable_venue`, `citable_date`): the venue's first
clause when it names one, the first date the date field gives, "n.d." for a text that gives none.

The public address comes from one setting, `html: baseurl:` in `_config.yml` (Sphinx's
`html_baseurl`; `make … BASEURL=…` sets it for one build), which also gives every page its canonical
link. Set, it also gives every page its link-preview tags (Open Graph title, address and site name)
and the site a `sitemap.xml`. Left empty, the citation says that this copy of the reader has no
public address (never the address it was opened at: a `127.0.0.1` or `file://` one cites nothing),
and there is no sitemap.
"""

import json
import re
from html import escape, unescape
from pathlib import Path

from readertools.paths import Project
from readertools.text.catalogue import chapter_numbers, load_catalogue


def chapter_sources(srcdir) -> dict[str, dict]:
    """docname -> the source's citation data: the one place that reads the catalogue for this."""

    project = Project(Path(srcdir))
    if not project.catalogue.is_file():
        return {}  # a book without the reader's catalogue (a test's one-page book) has no citations
    numbers = chapter_numbers(project.toc)
    return {project.docname(project.chapter_notebook(source.id)): {
        "id": source.id,
        "authors": list(source.authors),
        "title": f"[{source.title}]" if source.title_supplied else source.title,
        "venue": citable_venue(source.venue),
        "date": citable_date(source.date),
        "chapter": numbers.get(source.id),
    } for source in load_catalogue(project.catalogue, project.seeds).sources}


# "Not stated …", "Not dated …": the source line says there is none.
NONE_STATED = re.compile(r"^not (?:stated|dated|known)\b", re.IGNORECASE)
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DATE = re.compile(rf"\b(?:\d{{1,2}} {MONTH} \d{{4}}|{MONTH} \d{{4}}|\d{{4}})\b")


def _first_clause(text: str, separators: str) -> str:
    """The text up to the first separator outside parentheses."""
    depth = 0
    for at, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0 and char in separators:
            return text[:at].strip()
    return text.strip()


def citable_venue(venue: str) -> str:
    """The venue's first clause when it names one (a name after its first word, or a single word):
    "New Anticapitalist Party (NPA), France, in a series…" gives "New Anticapitalist Party (NPA)";
    "Not stated in the text (…)" and "An excerpt, with an unnamed editor's introduction, …" give ""."""
    clause = _first_clause(venue, ",;")
    words = clause.split()
    if NONE_STATED.match(clause) or not words:
        return ""
    return clause if len(words) == 1 or any(word[0].isupper() for word in words[1:]) else ""


def citable_date(date: str) -> str:
    """The first date the field gives before any remark after a semicolon ("21 January 2024 (the
    French original, as the byline states)" gives "21 January 2024"), or "n.d." where it gives none."""
    clause = _first_clause(date, ";")
    found = None if NONE_STATED.match(clause) else DATE.search(clause)
    return found[0] if found else "n.d."


_SOURCES: dict[str, dict] = {}


def add_citation_data(app, pagename, templatename, context, doctree):
    if not _SOURCES:
        _SOURCES.update(chapter_sources(app.srcdir))
    source = _SOURCES.get(pagename)
    if source is None or "body" not in context:
        return
    data = {**source, "reader": app.config.html_title or app.config.project, "url": page_address(app, pagename)}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    context["body"] += f'\n<script type="application/json" id="reader-cite">{text}</script>\n'


def page_address(app, pagename: str) -> str:
    base = (app.config.html_baseurl or "").rstrip("/")
    return f"{base}/{pagename}{app.builder.link_suffix}" if base else ""


def add_link_preview_tags(app, pagename, templatename, context, doctree):
    """Open Graph tags, so a link to a page shared in a message shows its title (base URL only)."""
    address = page_address(app, pagename)
    if not address or doctree is None:
        return
    site = app.config.html_title or app.config.project
    title = unescape(re.sub(r"<[^>]+>", "", context.get("title") or "")).strip() or site
    tags = [("og:type", "article"), ("og:site_name", site), ("og:title", title), ("og:url", address)]
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<meta property="{key}" content="{escape(str(value), quote=True)}" />' for key, value in tags)


def sitemap(addresses: list[str]) -> str:
    urls = "".join(f"  <url><loc>{escape(address)}</loc></url>\n" for address in addresses)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n')


def write_sitemap(app, exception):
    if exception is not None or app.builder.format != "html" or not app.config.html_baseurl:
        return
    addresses = [page_address(app, docname) for docname in sorted(app.env.found_docs)]
    (Path(app.outdir) / "sitemap.xml").write_text(sitemap(addresses), encoding="utf-8")


def setup(app):
    app.connect("builder-inited", lambda app: _SOURCES.clear())
    app.connect("html-page-context", add_citation_data)
    app.connect("html-page-context", add_link_preview_tags)
    app.connect("build-finished", write_sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
