"""Nothing becomes markup: a source full of Markdown, MyST, HTML and dollar signs, built with the
book's own configuration, comes out as plain visible text, character for character."""

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from html_text import page, source_elements, visible_text

from readertools.content.apparatus import Apparatus, Study
from readertools.content.notebooks import KERNEL
from readertools.generate.notebooks import generated_cells
from readertools.text.catalogue import load_catalogue
from readertools.text.segment import load_chapter

FIXTURES = Path(__file__).parent / "fixtures"
ALLOWED_LINKS = {"pnum", "note-ref", "note-label"}


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory, project):
    """The hostile fixture, built as a one-chapter book with the project's real _config.yml."""
    root = tmp_path_factory.mktemp("hostile-book")
    catalogue = load_catalogue(FIXTURES / "hostile.yml", FIXTURES)
    chapter = load_chapter(catalogue, catalogue["hostile"])
    shutil.copytree(project.book / "_static", root / "book" / "_static")
    cells = generated_cells(chapter, Study(Apparatus(FIXTURES / "hostile.yml", "hostile", (), (), "", (), (), ""),
                                           {"hostile": 1}, {"hostile": len(chapter.paragraphs)}))
    shown = [cells[cell_id] for cell_id in ("title", "text", "notes")]
    nbformat.write(nbformat.v4.new_notebook(cells=shown, metadata=KERNEL), root / "book" / "hostile.ipynb")
    config = yaml.safe_load(project.config.read_text(encoding="utf-8"))
    config["bibtex_bibfiles"] = [str(project.bibliography)]
    (root / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/hostile\n", encoding="utf-8")
    build = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(root),
                            "-W", "-n", "--keep-going"], capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return root / "_build" / "html" / "book" / "hostile.html"


def fixture_body() -> list[str]:
    lines = (FIXTURES / "hostile.txt").read_text(encoding="utf-8").splitlines()
    return [" ".join(line.split()) for line in lines[2:-1]]  # less navigation, title, debris


def test_every_hostile_line_is_visible_text(hostile_page):
    soup = page(hostile_page)
    assert [visible_text(element) for element in source_elements(soup)] == fixture_body()
    title = soup.select_one("article h1")
    assert visible_text(title) == "HOSTILE: a $5 title with *stars*, <b>tags</b> & {curly} `ticks`"


def test_no_hostile_line_became_an_element(hostile_page):
    soup = page(hostile_page)
    for element in source_elements(soup):
        tags = {tag.name for tag in element.find_all(True)} - {"a", "span"}
        assert not tags, f"markup from the source became elements {tags}: {element}"
        for link in element.find_all("a"):
            assert ALLOWED_LINKS & set(link.get("class", [])) or "headerlink" in link.get("class", [])
    html = hostile_page.read_text(encoding="utf-8")
    assert "<script>document.title" not in html and "<script>alert('author')" not in html
    assert 'onclick="alert(1)"' not in html and "<b>tags</b>" not in html
    assert soup.select_one("article .evil") is None and soup.find(id="p-99") is None


def test_catalogue_fields_render_literally_too(hostile_page):
    text = page(hostile_page).select_one("article .source-line").get_text(" ")
    for shown in ("<script>alert('author')</script>", "*venue* $1", "{date}", "`genre`",
                  "<i>language</i>", "[standpoint](http://example.com)"):
        assert shown in text
