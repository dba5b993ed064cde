"""Sphinx extension: titles as the reader shows them outside the heading itself.

- **Escaped where the theme prints them raw.** sphinx-book-theme sets `pagetitle` and `root_title`
  from the title's plain text and prints them unescaped (the print-only page header, the home link),
  so a source title such as `<b>tags</b>` would become markup there. Escaping them after the theme
  has set them keeps every title literal.
- **No note markers in the contents.** A source's heading may end with its endnote's marker (`“Lenin’s
  Last Struggle”9`): the heading keeps it, a link to the note, but the page's contents ("On this
  page"), and the sidebar, the page's title and its neighbours' links for a marked page title, show
  the heading without it. Sphinx copies a title's text into its table of contents (its links' text
  included, as plain text) before any handler sees it, so the entries of titles with a marker
  (`note-ref`) are made again from the title without it.

Couplings: sphinx-book-theme 1.3.0's context keys `pagetitle` and `root_title` (pinned); Sphinx
7.4.7's table of contents (`env.tocs`: a reference per section whose `anchorname` is `#` and the
section's first id, empty for the page's title) and `env.titles`/`env.longtitles` (pinned).
"""

from html import escape

from docutils import nodes
from sphinx.transforms import SphinxContentsFilter

NOTE_MARKER = "note-ref"  # the class of a note's marker (readertools/generate/cells.py)


def escape_titles(app, pagename, templatename, context, doctree):
    for key in ("pagetitle", "root_title"):
        if isinstance(context.get(key), str):
            context[key] = escape(context[key], quote=False)


def _is_marker(node) -> bool:
    return isinstance(node, nodes.reference) and NOTE_MARKER in node.get("classes", [])


def _entry_text(doctree, title: nodes.title) -> list[nodes.Node]:
    """A title's text for the contents, as Sphinx makes it, without its note markers."""
    title = title.deepcopy()
    for marker in list(title.findall(_is_marker)):
        marker.parent.remove(marker)
    visitor = SphinxContentsFilter(doctree)
    title.walkabout(visitor)
    return visitor.get_entry_text()


def contents_without_note_markers(app, doctree):
    env = app.env
    sections = [s for s in doctree.findall(nodes.section) if s.children and isinstance(s[0], nodes.title)]
    marked = {}  # the contents entry's anchor -> its section, for each title with a marker
    for index, section in enumerate(sections):
        if next(section[0].findall(_is_marker), None) is None:
            continue
        if index == 0:
            marked[""] = section  # the page's title: its entry has no anchor
        if section["ids"]:
            marked[f"#{section['ids'][0]}"] = section
    if not marked:
        return
    toc = env.tocs.get(env.docname)
    for reference in toc.findall(nodes.reference) if toc is not None else []:
        section = marked.get(reference.get("anchorname"))
        if section is not None:
            del reference[:]
            reference.extend(_entry_text(doctree, section[0]))
    if "" in marked:  # the page's own title
        for titles in (env.titles, env.longtitles):
            if env.docname in titles:
                titles[env.docname] = nodes.title("", "", *_entry_text(doctree, marked[""][0]))


def setup(app):
    app.connect("html-page-context", escape_titles, priority=900)  # after the theme's handlers
    app.connect("doctree-read", contents_without_note_markers, priority=900)  # after Sphinx's collectors
    return {"parallel_read_safe": True, "parallel_write_safe": True}
