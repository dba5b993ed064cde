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

pybtex looks a plugin up (a style, a label or name format) by scanning every installed package's
entry points, about 7 ms a lookup, and sphinxcontrib-bibtex asks again for every citation it
resolves (47 lookups, a third of a second, in each build). `read_entry_points_once` gives pybtex
one scan for the whole build: the packages installed do not change while it runs.

Couplings: the markup docutils 0.21.2 and sphinxcontrib-bibtex 2.7.0 write for a citation, the
pybtex styles they use, and pybtex 0.26.1's module-level `pybtex.plugin.entry_points`, which
`read_entry_points_once` replaces (all pinned); it can go when pybtex caches its lookups.
"""

import importlib.metadata
import re

import pybtex.plugin
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


def read_entry_points_once() -> None:
    """pybtex's plugin lookups, answered from one scan of the installed packages' entry points."""
    installed = importlib.metadata.entry_points()

    def entry_points(**selection):
        return installed.select(**selection)

    pybtex.plugin.entry_points = entry_points


def setup(app):
    read_entry_points_once()
    register_plugin("pybtex.style.formatting", STYLE, ReaderStyle, force=True)
    register_plugin("pybtex.style.sorting", STYLE, NameSorting, force=True)
    app.connect("html-page-context", fix_citation_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
