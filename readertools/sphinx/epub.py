"""Sphinx extension for the EPUB build (`exports.epub`): the book's parts in the contents, and no
file the EPUB cannot hold.

Sphinx's builder lists the pages of every toctree but drops the toctrees' captions, so an e-reader
showed thirty pages in one flat list. `PartsEpubBuilder` makes each caption an entry of its own,
leading to the top of the part's first page, with the part's pages under it (in `nav.xhtml` and
`toc.ncx` alike; `exports.epub` sets `epub_tocdup: False`, without which Sphinx repeats each part's
entry as its own first child). myst-nb writes its stylesheet only after the EPUB is packed, so the EPUB would
link a missing file: its pages leave it out, and the Downloads page's list, filled in the website
only, is named as being there.

Couplings: Sphinx 7.4.7's `Epub3Builder.get_refnodes` (overridden) and the toctree nodes it walks.
"""

import html
import posixpath

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.epub3 import Epub3Builder
from sphinx.util.nodes import clean_astext

from readertools.formats import LISTED

ON_THE_SITE = "<p><em>In this EPUB: the list of files is on this page of the reader's website.</em></p>"


def _epub_page(app, pagename, templatename, context, doctree):
    """No myst-nb stylesheet (see the module), and the Downloads page's list, which is filled in the
    website only, named as being there."""

    if app.builder.name != "epub":
        return
    if "css_files" in context:
        context["css_files"] = [css for css in context["css_files"] if "mystnb." not in str(css.filename)]
    if "body" in context:
        context["body"] = LISTED.sub(ON_THE_SITE, context["body"])


class PartsEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with each part of the table of contents an entry of its own."""

    def get_refnodes(self, doctree, result):
        caption = next(iter(doctree.children), None) if isinstance(doctree, nodes.Element) else None
        if not (isinstance(doctree, addnodes.compact_paragraph) and doctree.get("toctree")
                and isinstance(caption, nodes.title)):
            return super().get_refnodes(doctree, result)
        pages = super().get_refnodes(doctree, [])
        if pages and "#" not in pages[0]["refuri"]:
            top = self._top_of(pages[0]["refuri"])
            result.append({"level": 1, "refuri": f"{pages[0]['refuri']}#{top}",
                           "text": html.escape(clean_astext(caption))})
            pages = [{**page, "level": page["level"] + 1} for page in pages]
        return result + pages

    def _top_of(self, refuri: str) -> str:
        """The id of a page's first section (the part's entry leads there: a second entry for the
        page itself would be a duplicate in the contents)."""
        root = posixpath.dirname(self.config.root_doc)
        docname = posixpath.normpath(posixpath.join(root, refuri.removesuffix(self.out_suffix)))
        section = next(self.env.get_doctree(docname).findall(nodes.section))
        return section["ids"][0]


def setup(app):
    app.add_builder(PartsEpubBuilder, override=True)
    app.connect("html-page-context", _epub_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
