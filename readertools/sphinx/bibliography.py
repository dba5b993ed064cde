"""Sphinx extension: the bibliography's form, and its citation list a valid ARIA list.

The style `reader` (set as `bibtex_default_style` in _config.yml) is pybtex's `plain` with three
changes, so that the page prints what book/references.bib holds:

- titles keep their capitals ("Collected Works", "Letter to the Congress"): `plain` lower-cases
  every title but a book's;
- a corporate author (written in braces, `{Communist Party of Vietnam}`) sorts by its name, among
  the persons' surnames, not after them;
- a note that ends with a quotation closed by its own full stop ("… p. 173.”") takes no second one.

docutils writes `<div role="list" class="citation-list">` around entries whose role is
`doc-biblioentry`, which axe reports as a critical violation (a list whose children are not list
items). Giving each entry the role `listitem` makes the list what it claims to be.

Couplings: the markup docutils 0.21.2 and sphinxcontrib-bibtex 2.7.0 write for a citation, and the
pybtex styles they use (pinned).
"""

import re

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as Plain
from pybtex.style.sorting.author_year_title import SortingStyle
from pybtex.style.template import field, sentence

ENTRY = re.compile(r'(<div class="citation" id="[^"]*") role="doc-biblioentry"')
STYLE = "reader"
CLOSED = (".”", "!”", "?”", ".»", "!»", "?»")  # a quotation that ends its own sentence


class NameSorting(SortingStyle):
    """Author, year, title, with a corporate author's braces left out of its sorting key."""

    def person_key(self, person):
        return super().person_key(person).replace("{", "").replace("}", "")


class ReaderStyle(Plain):
    default_sorting_style = STYLE

    def format_title(self, e, which_field, as_sentence=True):
        title = field(which_field)  # as book/references.bib writes it: no change of case
        return sentence[title] if as_sentence else title

    def format_entry(self, label, entry, bib_data=None):
        formatted = super().format_entry(label, entry, bib_data=bib_data)
        text = formatted.text
        if str(text).endswith(tuple(closed + "." for closed in CLOSED)):
            text = text[:-1]
        return type(formatted)(formatted.key, text, formatted.label)


def fix_citation_roles(app, pagename, templatename, context, doctree):
    if "citation-list" in context.get("body", ""):
        context["body"] = ENTRY.sub(r'\1 role="listitem"', context["body"])


def setup(app):
    register_plugin("pybtex.style.formatting", STYLE, ReaderStyle, force=True)
    register_plugin("pybtex.style.sorting", STYLE, NameSorting, force=True)
    app.connect("html-page-context", fix_citation_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
