"""The sidebar navigation, rendered once per folder (readertools/sphinx_nav.py), marks each page as
the theme would: `make test` builds with READER_CHECK_NAV=1, which compares it with the theme's own
rendering on every page and fails the build on a difference; these tests check the result."""

import pytest
from html_text import page

from readertools.editions import edition_toc
from readertools.sphinx.nav import mark_current

FOLDER_NAV = """<ul class="nav bd-sidenav">
<li class="toctree-l1"><a class="reference internal" href="baserli.html">5. Lenin against Stalin</a></li>
<li class="toctree-l1"><a class="reference internal" href="henry.html">6. Chile</a></li>
</ul>
<ul class="nav bd-sidenav">
<li class="toctree-l1"><a class="reference internal" href="../back/glossary.html">Glossary</a></li>
</ul>"""


def test_the_page_own_entry_and_only_it_is_current():
    expected = FOLDER_NAV.replace('<ul class="nav', '<ul class="current nav', 1).replace(
        '<li class="toctree-l1"><a class="reference internal" href="henry.html">',
        '<li class="toctree-l1 current active"><a class="current reference internal" href="#">')
    assert mark_current(FOLDER_NAV, "henry.html") == expected


def test_a_page_outside_the_navigation_marks_nothing():
    assert mark_current(FOLDER_NAV, "search.html") == FOLDER_NAV


def toc_pages(project, edition: str) -> list[str]:
    """Every page of the edition's table of contents below its root (the home page, linked on its own)."""
    toc = edition_toc(project, edition)
    return [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_every_page_marks_itself_in_the_sidebar(project, edition):
    files = toc_pages(project, edition)
    site = project.published(edition)
    assert len(files) > 9
    for name in files:
        soup = page(site / f"{name}.html")
        nav = soup.select_one("nav.bd-docs-nav")
        current = nav.select("li.current.active > a.current")
        title = soup.select_one("article h1").get_text(" ", strip=True).rstrip("#").strip()
        assert len(current) == 1, f"{name}: {len(current)} current entries in the sidebar"
        assert current[0]["href"] == "#"
        assert current[0].get_text(" ", strip=True).split(". ", 1)[-1] in title, name
        others = [a["href"] for a in nav.select("a.reference.internal") if a is not current[0]]
        assert len(others) == len(files), f"{name}: links {len(others)} other pages"  # and the home page
