"""Sphinx extension: the sidebar navigation rendered once per folder, not once per page.

The theme (pydata-sphinx-theme, through sphinx-book-theme's `sbt-sidebar-nav.html`) resolves the
whole table of contents and rewrites it with BeautifulSoup for every page it writes, so writing the
book cost pages × chapters. Two pages of one folder differ in their navigation only in which entry
is current, and the reader's navigation is flat (each document one entry, `titles_only`). So the
theme's own function renders it once per folder, for a page that no table of contents includes
(nothing current), and each page marks its own entry (`mark_current`).

`READER_CHECK_NAV=1` also renders the theme's navigation for every page, as the theme does, and
stops the build at the first page where the two differ (`tests/test_nav.py`).

Couplings: pydata-sphinx-theme 0.17.1's `toctree.add_toctree_functions` (which defines
`generate_toctree_html` in the page context) and `update_and_remove_templates` (moved after this
handler through Sphinx's `app.events.listeners`), and Sphinx 7.4.7's private
`StandaloneHTMLBuilder._get_local_toctree`. `requirements.txt` pins both. The theme has merged a
per-folder sidebar cache of its own (pydata-sphinx-theme#2449), not in a release yet: once a
pinned release has it, this module can go (keep `tests/test_nav.py`'s comparison to prove it).
"""

import os
import re

from pydata_sphinx_theme import update_and_remove_templates
from pydata_sphinx_theme.toctree import add_toctree_functions
from sphinx.errors import ExtensionError

_PLACEHOLDER = "__reader_nav__"


def cached_navigation(app, pagename, templatename, context, doctree):
    theirs = context.get("generate_toctree_html")
    if theirs is None:
        return
    cache = app.__dict__.setdefault("_reader_nav_cache", {})  # per build: never pickled with the environment
    folder = pagename.rpartition("/")[0]

    def generate(kind, startdepth=1, show_nav_level=1, **kwargs):
        if kind != "sidebar" or startdepth != 0:
            return theirs(kind, startdepth, show_nav_level, **kwargs)
        key = (folder, show_nav_level, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = _folder_navigation(app, folder, templatename, show_nav_level, kwargs)
        ours = mark_current(cache[key], own_link(app, pagename))
        if os.environ.get("READER_CHECK_NAV"):
            _compare(pagename, ours, str(theirs(kind, startdepth, show_nav_level, **kwargs)))
        return ours

    context["generate_toctree_html"] = generate


def _compare(pagename: str, ours: str, theirs: str) -> None:
    if ours != theirs:
        mine, its = ours.splitlines(), theirs.splitlines()
        line = next(i for i in range(max(len(mine), len(its))) if mine[i:i + 1] != its[i:i + 1])
        raise ExtensionError(f"{pagename}: the cached sidebar navigation differs from the theme's at line "
                             f"{line + 1}: {mine[line:line + 1]} instead of {its[line:line + 1]}")


def _folder_navigation(app, folder, templatename, show_nav_level, kwargs) -> str:
    """The theme's sidebar navigation for a page of `folder` that is in no table of contents."""
    placeholder = f"{folder}/{_PLACEHOLDER}" if folder else _PLACEHOLDER
    context = {"toctree": lambda **options: app.builder._get_local_toctree(placeholder, **options)}
    add_toctree_functions(app, placeholder, templatename, context, None)
    return str(context["generate_toctree_html"]("sidebar", 0, show_nav_level, **kwargs))


def own_link(app, pagename) -> str:
    """How the folder's navigation links to this page."""
    folder = pagename.rpartition("/")[0]
    return app.builder.get_relative_uri(f"{folder}/{_PLACEHOLDER}" if folder else _PLACEHOLDER, pagename)


def mark_current(navigation: str, href: str) -> str:
    """Mark the entry that links to `href` as Sphinx and the theme mark the current page: the link
    points at `#` and gets `current`, its list item `current active`, its list `current`."""
    entry = re.compile(r'<li class="(?P<li>toctree-l\d+)"><a class="reference internal" href="'
                       + re.escape(href) + r'">')
    found = list(entry.finditer(navigation))
    if len(found) != 1:
        return navigation  # a page outside the table of contents (search, index): nothing is current
    start, end = found[0].span()
    marked = f'<li class="{found[0]["li"]} current active"><a class="current reference internal" href="#">'
    opening = navigation.rfind('<ul class="', 0, start) + len('<ul class="')
    return navigation[:opening] + "current " + navigation[opening:start] + marked + navigation[end:]


def run_theme_checks_after_ours(app):
    """The theme renders every sidebar template once to drop empty ones (`update_and_remove_templates`)
    right after it defines the navigation function: move that check after `cached_navigation`, or
    the navigation is still rendered in full once per page."""
    for listener in list(app.events.listeners["html-page-context"]):
        if listener.handler is update_and_remove_templates:
            app.disconnect(listener.id)
            app.connect("html-page-context", update_and_remove_templates, priority=502)


def setup(app):
    # After the theme's handler that defines the navigation function (priority 500), before the one
    # that renders the sidebar templates (moved to 502).
    app.connect("html-page-context", cached_navigation, priority=501)
    app.connect("builder-inited", run_theme_checks_after_ours)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
