"""Sphinx extension: make the bibliography's citation list a valid ARIA list.

docutils writes `<div role="list" class="citation-list">` around entries whose role is
`doc-biblioentry`, which axe reports as a critical violation (a list whose children are not list
items). Giving each entry the role `listitem` makes the list what it claims to be.

Couplings: the markup docutils 0.21.2 and sphinxcontrib-bibtex 2.7.0 write for a citation (pinned).
"""

import re

ENTRY = re.compile(r'(<div class="citation" id="[^"]*") role="doc-biblioentry"')


def fix_citation_roles(app, pagename, templatename, context, doctree):
    if "citation-list" in context.get("body", ""):
        context["body"] = ENTRY.sub(r'\1 role="listitem"', context["body"])


def setup(app):
    app.connect("html-page-context", fix_citation_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
