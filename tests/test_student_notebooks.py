"""The student notebooks, their bundles and the student repository, used as a student would use them:
rendered by classic Jupyter (nbconvert), unzipped outside the project and run there, installed into a
fresh venv from their own requirements.txt; and the launch buttons in both states of their setting."""

import configparser
import dataclasses
import json
import re
import subprocess
import sys
import venv
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from readertools.checks.leaks import hidden_phrases, leaks
from readertools.exports.student_notebooks import context, notebook_name, student_folder, student_notebook
from readertools.formats import FORMATS, chapter_file
from readertools.labels import paragraph_label
from readertools.sphinx.launch import launch_urls

FORM = next(form for form in FORMATS if form.maker.endswith(":bundles"))
# MyST a student must never see: labels, attributes, directives, roles, escaped punctuation.
MYST = {"label": re.compile(r"^\([^)\n]+\)=", re.MULTILINE), "attribute": re.compile(r"\{[.#]"),
        "directive": re.compile(":::"), "role": re.compile(r"\{(?:term|cite[:\w]*|doc|ref)\}"),
        "escape": re.compile(r"\\[!-/:-@\[-`{-~]")}


@pytest.fixture(scope="session")
def repository(book, tmp_path_factory):
    folder = tmp_path_factory.mktemp("student") / "repository"
    student_folder(book, folder, repository=True)
    return folder


@pytest.fixture(scope="session")
def rendered(repository):
    """Each student notebook as classic Jupyter renders it (nbconvert, its Markdown, no MyST)."""
    exporter = HTMLExporter(template_name="classic")
    return {path.name: BeautifulSoup(exporter.from_filename(str(path))[0], "html.parser")
            for path in sorted(repository.glob("*.ipynb"))}


@pytest.fixture(scope="session")
def unzipped(site, tmp_path_factory):
    """Every bundle of the published site, unzipped into its own empty folder outside the project."""
    folders = {}
    for archive in sorted((site / "notebooks").rglob("*.zip")):
        target = tmp_path_factory.mktemp("bundle")
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(target)
        (top,) = target.iterdir()  # one top folder: unzipping spills nothing
        folders[str(archive.relative_to(site))] = top
    return folders


def test_every_notebook_has_a_student_notebook_and_a_bundle(book, repository, site):
    names = sorted(notebook_name(book, path) for path in book.notebooks)
    assert sorted(path.name for path in repository.glob("*.ipynb")) == names
    for path in book.notebooks:
        assert (site / chapter_file(FORM, book.project.docname(path))).is_file()
    with zipfile.ZipFile(site / FORM.whole) as whole:
        assert sorted(Path(name).name for name in whole.namelist() if name.endswith(".ipynb")) == names
    assert {"requirements.txt", "runtime.txt", "README.md"} <= {path.name for path in repository.iterdir()}
    assert (repository / "runtime.txt").read_text().strip() == "python-3.11"
    readme = (repository / "README.md").read_text()
    assert "pip install -r requirements.txt" in readme and "jupyter lab" in readme and "model answers" in readme


def test_requirements_are_the_notebooks_own(project, repository):
    wanted = [line for line in (repository / "requirements.txt").read_text().splitlines()
              if line and not line.startswith("#")]
    assert {line.split("==")[0].lower() for line in wanted} == {"pandas", "matplotlib", "jinja2", "ipykernel"}
    assert all(re.fullmatch(r"[\w-]+==[\w.]+", line) for line in wanted)  # pinned
    book_requirements = (project.root / "requirements.txt").read_text()
    assert "-r requirements-notebooks.txt" in book_requirements
    assert not any(f"\n{line.split('==')[0]}==" in book_requirements for line in wanted)  # one pin, in one file


def test_classic_jupyter_shows_no_myst(rendered):
    for name, page in rendered.items():
        for cell in page.select(".text_cell_render"):
            text = cell.get_text()
            for kind, pattern in MYST.items():
                found = pattern.search(text)
                assert found is None, f"{name}: {kind} {text[max(0, found.start() - 40):found.end() + 40]!r}"


def test_every_internal_link_resolves_within_the_notebook(rendered):
    for name, page in rendered.items():
        ids = {element["id"] for element in page.find_all(id=True)}
        links = [a["href"][1:] for a in page.find_all("a", href=True) if a["href"].startswith("#")]
        assert links, name
        assert sorted(set(links) - ids) == [], name


def test_paragraphs_have_visible_numbers_and_anchors(book, rendered):
    for chapter in book.chapters:
        page = rendered[notebook_name(book, book.project.chapter_notebook(chapter.source.id))]
        text = page.get_text()
        for number in range(1, len(chapter.paragraphs) + 1):
            assert page.find(id=paragraph_label(chapter.source.id, number)), (chapter.source.id, number)
            assert re.search(rf"¶ {number}(?!\d)", text), (chapter.source.id, number)
        for question in book.apparatus[chapter.source.id].questions:  # numbered as in the book
            assert f"{book.numbers[chapter.source.id]}.{question.number} " in text


def test_links_into_the_book_are_absolute_or_plain_text(book, site):
    """Empty `html: baseurl`: terms, pages and other chapters' paragraphs are plain text; set, they are
    absolute links whose anchors exist in the published pages."""
    path = book.project.chapter_notebook(book.chapter_ids[-1])
    plain = json.dumps(nbformat.writes(student_notebook(book, path, context(book))))
    assert "https://" not in plain.replace("https://creativecommons", "")
    base = "https://reader.example.org/"
    linked = student_notebook(book, path, dataclasses.replace(context(book), baseurl=base))
    targets = set()
    for cell in linked.cells:
        if cell.cell_type == "markdown":
            targets |= set(re.findall(re.escape(base) + r"([^)#\s>]+)(?:#([^)\s>]+))?[)>]", cell.source))
    assert any("glossary" in page for page, _ in targets)
    for page, anchor in targets:
        published = site / page
        assert published.is_file(), page
        if anchor:
            assert f'id="{anchor}"' in published.read_text(encoding="utf-8"), (page, anchor)


def test_no_answer_or_teaching_note_reaches_a_student(book, repository, site, tmp_path):
    hidden = hidden_phrases(book)
    assert leaks(repository, hidden) == []
    assert leaks(site / "notebooks", hidden) == []  # the zips' notebooks, READMEs and data
    # and the check sees an answer that did reach a notebook inside a zip
    phrase = " ".join(next(iter(hidden)))
    notebook = nbformat.read(next(repository.glob("*.ipynb")), as_version=4)
    notebook.cells.append(nbformat.v4.new_markdown_cell(f"An answer:\n{phrase}."))
    with zipfile.ZipFile(tmp_path / "leaky.zip", "w") as archive:
        archive.writestr("x/leaky.ipynb", nbformat.writes(notebook))
    assert len(leaks(tmp_path, hidden)) == 1


def sanitized(outputs) -> list[tuple[str, str]]:
    """The outputs nbval compares (text and HTML, not images), after nbval's sanitisation."""
    config = configparser.ConfigParser()
    config.read(Path(__file__).parent / "nbval-sanitize.cfg")
    rules = [(re.compile(config[s]["regex"]), config[s]["replace"]) for s in config.sections()]
    found = []
    for output in outputs:
        texts = [("stream", output.get("text", ""))] if output.output_type == "stream" else [
            (kind, output.get("data", {}).get(kind, "")) for kind in ("text/plain", "text/html")
            if kind in output.get("data", {})]
        for kind, text in texts:
            for pattern, replace in rules:
                text = pattern.sub(replace, text)
            found.append((kind, text))
    return found


def run(path: Path, kernel: str = "python3", env=None):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name=kernel, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    if env:
        client.kernel_manager_class.extra_env = env
    client.execute()
    return notebook


def test_each_bundle_runs_alone_and_gives_the_book_s_outputs(book, unzipped, site):
    chapters = {name: folder for name, folder in unzipped.items() if name != FORM.whole}
    assert len(chapters) == len(book.notebooks)

    def check(folder):
        (path,) = folder.glob("*.ipynb")
        expected = nbformat.read(path, as_version=4)
        executed = run(path)
        for before, after in zip(expected.cells, executed.cells, strict=True):
            if before.cell_type == "code":
                assert sanitized(after.outputs) == sanitized(before.outputs), (path.name, before.id)
        return path.name

    with ThreadPoolExecutor(2) as pool:
        assert sorted(pool.map(check, chapters.values())) == sorted(notebook_name(book, p) for p in book.notebooks)
    whole = unzipped[FORM.whole]  # the whole book's bundle holds the same notebooks and data
    for folder in chapters.values():
        for file in folder.rglob("*"):
            if file.is_file() and file.name not in ("README.md",):
                assert (whole / file.relative_to(folder)).read_bytes() == file.read_bytes(), file


@pytest.mark.slow
def test_a_bundle_runs_in_a_fresh_venv_with_only_its_requirements(book, unzipped, tmp_path):
    """The chapter that reads the most files, installed as its README says into a new venv."""
    path = max(book.notebooks, key=lambda p: (len(book.notebooks[p].metadata.get("reader", {}).get("inputs", {})), p))
    folder = unzipped[chapter_file(FORM, book.project.docname(path))]
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r",
                    folder / "requirements.txt"], check=True, timeout=600)
    spec = tmp_path / "jupyter" / "kernels" / "bundle"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({"argv": [str(python), "-m", "ipykernel_launcher", "-f",
                                                          "{connection_file}"], "display_name": "bundle",
                                                  "language": "python"}))
    import os

    os.environ["JUPYTER_PATH"] = str(tmp_path / "jupyter")
    try:
        (notebook,) = folder.glob("*.ipynb")
        expected, executed = nbformat.read(notebook, as_version=4), run(notebook, kernel="bundle")
    finally:
        del os.environ["JUPYTER_PATH"]
    check = subprocess.run([python, "-c", "import pandas, matplotlib, jinja2; print(pandas.__version__)"],
                           capture_output=True, text=True, check=True)
    assert check.stdout.strip() == "3.1.1"
    for before, after in zip(expected.cells, executed.cells, strict=True):
        if before.cell_type == "code":
            assert sanitized(after.outputs) == sanitized(before.outputs), before.id
    assert sys.prefix != str(tmp_path / "venv")


def launch_book(tmp_path, repository: str) -> str:
    """A two-page Sphinx project with the reader's download and launch extensions: the page's HTML."""
    (tmp_path / "book" / "chapters").mkdir(parents=True)
    (tmp_path / "conf.py").write_text(
        "extensions = ['readertools.sphinx.instructor_only', 'readertools.sphinx.download_links',"
        " 'readertools.sphinx.launch']\n"
        f"reader_student_repository = {repository!r}\n")
    (tmp_path / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   book/chapters/baserli\n")
    (tmp_path / "book" / "chapters" / "baserli.rst").write_text("Baserli\n=======\n\nText.\n")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\nparts:\n  - caption: Part\n    numbered: 1\n"
                                       "    chapters:\n      - file: book/chapters/pele\n"
                                       "      - file: book/chapters/baserli\n")
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", tmp_path, tmp_path / "out"],
                   check=True, capture_output=True)
    return (tmp_path / "out" / "book" / "chapters" / "baserli.html").read_text(encoding="utf-8")


def test_launch_buttons_follow_the_one_setting(tmp_path):
    page = BeautifulSoup(launch_book(tmp_path / "on", "someone/reader-notebooks"), "html.parser")
    links = {a.get_text(): a["href"] for a in page.select("a.reader-launch")}
    assert links == launch_urls("someone/reader-notebooks", "02-baserli.ipynb")
    assert links["Binder"] == "https://mybinder.org/v2/gh/someone/reader-notebooks/main?labpath=02-baserli.ipynb"
    assert links["Colab"].endswith("/github/someone/reader-notebooks/blob/main/02-baserli.ipynb")
    off = BeautifulSoup(launch_book(tmp_path / "off", ""), "html.parser")
    assert off.select("a.reader-launch") == [] and "mybinder" not in str(off)


@pytest.mark.parametrize("width", [390, 1280])
def test_tables_fit_the_page_or_scroll_in_their_own_box(browser, site_url, book, width):
    """No notebook page is wider than the window; a table wider than its box scrolls inside it,
    with the scroll affordance (overflow-x and the edge shadows of reader.css)."""
    context_ = browser.new_context(viewport={"width": width, "height": 900})
    page, problems, tables = context_.new_page(), [], 0
    try:
        for path in book.notebooks:
            page.goto(site_url + book.project.page(path))
            found = page.evaluate("""() => ({page: document.documentElement.scrollWidth, inner: innerWidth,
                boxes: [...document.querySelectorAll('div.cell_output .output.text_html')]
                  .filter(b => b.querySelector('table'))
                  .map(b => ({box: b.clientWidth, table: b.querySelector('table').scrollWidth,
                              overflow: getComputedStyle(b).overflowX, shadow: getComputedStyle(b).backgroundImage,
                              index: b.querySelectorAll('th.row_heading, tbody th').length,
                              cut: b.textContent.includes('...')}))})""")
            if found["page"] > found["inner"]:
                problems.append(f"{path.stem}: the page is {found['page']}px wide in {found['inner']}px")
            for box in found["boxes"]:
                tables += 1
                if box["table"] > box["box"] and (box["overflow"] not in ("auto", "scroll")
                                                  or "gradient" not in box["shadow"]):
                    problems.append(f"{path.stem}: a {box['table']}px table in a {box['box']}px box "
                                    "without a scroll affordance")
                if box["index"] or box["cut"]:
                    problems.append(f"{path.stem}: a table with an index column or cut-off text")
    finally:
        context_.close()
    assert tables and problems == []
