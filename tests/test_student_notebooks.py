"""The student notebooks, their bundles and the student repository, used as a student would use them:
rendered by classic Jupyter (nbconvert), unzipped outside the project and run there, opened alone (as
Colab opens one) and fetching their data from a loopback copy of the repository, or offline; installed
into a fresh venv from their own requirements.txt; and the launch buttons in both states of their
setting."""

import ast
import configparser
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from ipykernel.ipkernel import IPythonKernel
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

from readertools.checks.leaks import hidden_phrases, leaks
from readertools.exports import escapes, student_bundles, student_notebooks
from readertools.exports.chromium import served
from readertools.exports.escapes import ESCAPE, needed_escapes, render
from readertools.exports.student_bundles import student_folder
from readertools.exports.student_notebooks import (
    DATA_CELL,
    LEFT,
    OLDEST,
    context,
    inputs,
    notebook_name,
    student_notebook,
)
from readertools.formats import FORMATS, chapter_file
from readertools.labels import paragraph_label

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


def test_the_readme_is_written_for_students(book, repository):
    """How to run the notebooks (locally, Binder, Colab), the licences and the book; nothing for the
    editors (their README says how to publish the folder)."""
    readme = (repository / "README.md").read_text()
    for needed in ("pip install -r requirements.txt", "jupyter lab", "Binder", "MIT License", "CC BY 4.0",
                   "remain their authors'", *(notebook_name(book, path) for path in book.notebooks)):
        assert needed in readme, needed
    claim = f"from pandas {OLDEST['pandas']} and matplotlib {OLDEST['matplotlib']} on (Colab's, for instance)"
    assert claim in " ".join(readme.split())  # tested below, in a venv of exactly those
    for editors in ("make ", "model answer", "teaching note", "instructor", "reader_student_repository",
                    "_config.yml", "generated", "git push", "answers"):
        assert editors not in readme.lower(), editors
    base, setting = "https://reader.example.org/", "someone/reader-notebooks@term"
    configured = student_bundles.readme(book, dataclasses.replace(context(book), baseurl=base, repository=setting),
                                          list(book.notebooks), repository=True)
    assert f"[the book]({base})" in configured
    assert "https://mybinder.org/v2/gh/someone/reader-notebooks/term" in configured
    assert "https://colab.research.google.com/github/someone/reader-notebooks/blob/term/" in configured
    assert "first code cell fetches the data files" in configured


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
    """The outputs nbval compares (text and HTML, not images), after nbval's sanitisation, with a
    stream's consecutive pieces as one (as nbval and Jupyter show them: a busy machine can flush one
    print in two messages)."""
    config = configparser.ConfigParser()
    config.read(Path(__file__).parent / "nbval-sanitize.cfg")
    rules = [(re.compile(config[s]["regex"]), config[s]["replace"]) for s in config.sections()]
    joined = []
    for output in outputs:
        if joined and output.output_type == joined[-1].output_type == "stream" and output.name == joined[-1].name:
            joined[-1] = nbformat.from_dict({**joined[-1], "text": joined[-1].text + output.text})
        else:
            joined.append(output)
    found = []
    for output in joined:
        texts = [("stream", output.get("text", ""))] if output.output_type == "stream" else [
            (kind, output.get("data", {}).get(kind, "")) for kind in ("text/plain", "text/html")
            if kind in output.get("data", {})]
        for kind, text in texts:
            for pattern, replace in rules:
                text = pattern.sub(replace, text)
            found.append((kind, text))
    return found


def run(path: Path, kernel: str = "python3", env=None, stops: bool = False):
    """The notebook executed in its own folder, with `env` as the kernel's environment (this process's
    by default); `stops`: a cell is expected to fail, and the notebook is returned as it stopped."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name=kernel, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute(**({"env": env} if env is not None else {}))
    except CellExecutionError:
        if not stops:
            raise
        return notebook
    assert not stops, f"{path.name} ran to the end"
    return notebook


def book_outputs(book) -> dict[str, dict[str, list]]:
    """Each student notebook's name -> its code cells' outputs as the book's notebook stores them."""
    return {notebook_name(book, path): {cell.id: cell.outputs for cell in notebook.cells if cell.cell_type == "code"}
            for path, notebook in book.notebooks.items()}


def assert_book_outputs(book, name: str, executed) -> None:
    """Every code cell of the executed student notebook printed what the book's cell stores; the data
    cell, which the book does not have, printed nothing (its files were there) or its one line."""
    stored = book_outputs(book)[name]
    cells = [cell for cell in executed.cells if cell.cell_type == "code" and cell.id != DATA_CELL]
    assert [cell.id for cell in cells] == list(stored), name
    for cell in cells:
        assert sanitized(cell.outputs) == sanitized(stored[cell.id]), (name, cell.id)


def test_each_bundle_runs_alone_and_gives_the_book_s_outputs(book, unzipped, site):
    chapters = {name: folder for name, folder in unzipped.items() if name != FORM.whole}
    assert len(chapters) == len(book.notebooks)

    def check(folder):
        (path,) = folder.glob("*.ipynb")
        executed = run(path)
        assert_book_outputs(book, path.name, executed)
        (data,) = [cell for cell in executed.cells if cell.id == DATA_CELL]
        assert data.outputs == [], path.name  # its files are beside it: nothing fetched, nothing said
        return path.name

    with ThreadPoolExecutor(2) as pool:
        assert sorted(pool.map(check, chapters.values())) == sorted(notebook_name(book, p) for p in book.notebooks)
    whole = unzipped[FORM.whole]  # the whole book's bundle holds the same notebooks and data
    for folder in chapters.values():
        for file in folder.rglob("*"):
            if file.is_file() and file.name not in ("README.md",):
                assert (whole / file.relative_to(folder)).read_bytes() == file.read_bytes(), file


def alone(repository: Path, folder: Path) -> list[Path]:
    """Each notebook of the student repository copied alone into an empty folder of its own, as Colab
    opens it (working folder, no checkout) or a student downloads it."""
    copies = []
    for path in sorted(repository.glob("*.ipynb")):
        (folder / path.stem).mkdir(parents=True)
        copies.append(Path(shutil.copy(path, folder / path.stem)))
    return copies


def without_data_url() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name != "READER_DATA_URL"}


def test_a_notebook_opened_alone_fetches_its_data_and_gives_the_book_s_outputs(book, repository, tmp_path):
    """READER_DATA_URL at a loopback server of the student repository, as raw.githubusercontent.com
    serves the published one: the first cell fetches exactly the files the notebook reads, says so
    in one line, and every other cell prints what the book stores."""
    files = {notebook_name(book, path): inputs(book, path) for path in book.notebooks}
    with served(repository) as url:

        def check(path):
            executed = run(path, env={**without_data_url(), "READER_DATA_URL": url})
            (data,) = [cell for cell in executed.cells if cell.id == DATA_CELL]
            wanted = files[path.name]
            assert sanitized(data.outputs) == [("stream", f"Fetched {', '.join(wanted)} from {url}\n")], path.name
            fetched = sorted(file.relative_to(path.parent).as_posix() for file in path.parent.rglob("*")
                             if file.is_file() and file != path)
            assert fetched == wanted, path.name
            assert all((path.parent / name).read_bytes() == (repository / name).read_bytes() for name in wanted)
            assert_book_outputs(book, path.name, executed)
            return path.name

        with ThreadPoolExecutor(2) as pool:
            assert sorted(pool.map(check, alone(repository, tmp_path))) == sorted(files)


def test_a_notebook_opened_alone_offline_says_in_one_sentence_what_to_download(book, repository, tmp_path):
    """The server stopped (nothing listens at its address): the first cell stops the notebook with one
    sentence naming the download to take instead, not a traceback, and no later cell runs into pandas."""
    with served(repository) as url:
        pass
    files = {notebook_name(book, path): inputs(book, path) for path in book.notebooks}
    advice = ("download the notebook with its data (.zip) from this chapter's page in the book, unzip it and "
              "open the notebook in that folder.")

    def check(path, env, first_words):
        stopped = run(path, env=env, stops=True)
        (data,) = [cell for cell in stopped.cells if cell.id == DATA_CELL]
        assert len(data.outputs) == 1 and data.outputs[0].output_type == "error", path.name
        assert data.outputs[0].ename == "DataMissing"
        (sentence,) = data.outputs[0].traceback  # what JupyterLab shows: this line, nothing else
        assert sentence == f"{first_words}: {advice}", sentence
        assert "\n" not in sentence and "Traceback" not in sentence
        later = [cell for cell in stopped.cells if cell.cell_type == "code" and cell.id != DATA_CELL]
        assert not any(output.output_type == "error" for cell in later for output in cell.outputs), path.name
        assert not (path.parent / "data").exists()
        return path.name

    copies = alone(repository, tmp_path)
    with ThreadPoolExecutor(2) as pool:
        assert sorted(pool.map(lambda path: check(path, {**without_data_url(), "READER_DATA_URL": url},
                                                  f"Could not fetch {url}{files[path.name][0]}"),
                               copies)) == sorted(files)
    # no repository configured and no READER_DATA_URL: nowhere to fetch from, the same advice
    check(copies[0], without_data_url(), "The data files this notebook reads are not beside it")


def test_the_data_cell_fetches_from_the_student_repository(book):
    """Configured, the cell's default address is the student repository's raw files, at its branch,
    and its advice names the chapter's download at the book's public address; only the standard
    library, and short enough to read first."""
    path = book.project.chapter_notebook(book.chapter_ids[0])
    base = "https://reader.example.org/"
    for setting, branch in (("someone/reader-notebooks", "main"), ("someone/reader-notebooks@term", "term")):
        ctx = dataclasses.replace(context(book), baseurl=base, repository=setting)
        (cell,) = [cell for cell in student_notebook(book, path, ctx).cells if cell.id == DATA_CELL]
        assert f'"READER_DATA_URL", "https://raw.githubusercontent.com/someone/reader-notebooks/{branch}/")' in \
            cell.source
        assert f"from {base}{chapter_file(FORM, book.project.docname(path))}, unzip it" in cell.source
        assert "not SOURCE" not in cell.source
        for name in inputs(book, path):
            assert f'"{name}",' in cell.source
    imported = {alias.name for node in ast.walk(ast.parse(cell.source)) if isinstance(node, ast.Import | ast.ImportFrom)
                for alias in ([ast.alias(node.module)] if isinstance(node, ast.ImportFrom) else node.names)}
    assert imported <= set(sys.stdlib_module_names) | {"urllib.request"}, imported
    assert len(cell.source.splitlines()) <= 40


def test_notebooks_are_in_the_form_jupyterlab_saves(repository):
    """Nothing for JupyterLab to change on opening: nbformat 4.5 with cell ids, the file as Jupyter's
    server writes it back, no cell metadata, execution counts of a run from the top, and the kernel
    as JupyterLab records it when it starts (the name, and the display name and language of the
    installed spec; the book's notebooks say "Python 3", which marked every student notebook as
    modified)."""
    spec = KernelSpecManager().get_kernel_spec("python3")
    for path in sorted(repository.glob("*.ipynb")):
        raw = path.read_text(encoding="utf-8")
        notebook = nbformat.reads(raw, as_version=nbformat.NO_CONVERT)
        nbformat.validate(notebook)
        assert (notebook.nbformat, notebook.nbformat_minor) == (4, nbformat.current_nbformat_minor) == (4, 5)
        assert all(cell.get("id") for cell in notebook.cells), path.name
        assert nbformat.writes(notebook) + "\n" == raw, path.name
        assert notebook.metadata.kernelspec == {"name": "python3", "display_name": spec.display_name,
                                                "language": spec.language}
        info = {key: value for key, value in IPythonKernel.language_info.items() if key != "version"}
        assert {key: value for key, value in notebook.metadata.language_info.items() if key != "version"} == info
        assert all(cell.metadata == {} for cell in notebook.cells), path.name
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1)), path.name
        assert all(output.execution_count == cell.execution_count for cell in code for output in cell.outputs
                   if output.output_type == "execute_result")


def test_no_cell_names_a_file_the_folder_does_not_hold(project, repository):
    """No mention of the editors' files as received (the text note gives the lines of "the file"), and
    every data file a cell reads is in the folder."""
    for path in sorted(repository.glob("*.ipynb")):
        assert f"{project.seeds.name}/" not in path.read_text(encoding="utf-8").replace("\\/", "/"), path.name
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                for name in re.findall(r"data/[\w/.-]+\.\w+", cell.source):
                    assert (repository / name).is_file(), (path.name, cell.id, name)
    assert "lines 75–186 of the file)" in (repository / "05-baserli.ipynb").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def fully_escaped(book, tmp_path_factory):
    """The student repository with the book's escapes (every punctuation mark of its words), as it was."""
    folder = tmp_path_factory.mktemp("escaped") / "repository"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(student_notebooks, "needed_escapes", lambda text: text)
        student_folder(book, folder, repository=True)
    return folder


def escapes_in(folder: Path) -> int:
    return sum(len(ESCAPE.findall(cell.source)) for path in folder.glob("*.ipynb")
               for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "markdown")


def test_markdown_keeps_only_the_escapes_it_needs_and_renders_the_same(repository, fully_escaped, rendered):
    """nbconvert renders every Markdown cell to the same HTML with the book's escapes and with the
    student notebook's few (`rendered`: the student notebooks as classic Jupyter renders them); what is
    left escaped is a character that could start markup."""
    exporter = HTMLExporter(template_name="classic")
    assert sorted(rendered) == sorted(path.name for path in repository.glob("*.ipynb"))
    for path in sorted(repository.glob("*.ipynb")):
        before = BeautifulSoup(exporter.from_filename(str(fully_escaped / path.name))[0], "html.parser")
        after = rendered[path.name]
        old, new = before.select(".text_cell_render"), after.select(".text_cell_render")
        assert len(old) == len(new), path.name
        for was, now in zip(old, new, strict=True):
            assert now.get_text() == was.get_text(), (path.name, now.get_text()[:200])
            assert str(now) == str(was), path.name
    assert escapes_in(repository) * 20 < escapes_in(fully_escaped)
    left = {found[1] for path in repository.glob("*.ipynb") for cell in nbformat.read(path, as_version=4).cells
            if cell.cell_type == "markdown" for found in ESCAPE.finditer(cell.source)}
    assert left <= set("\\`*_[]<>$|~&@#-+=:.)"), left


@pytest.mark.parametrize(("before", "after"), [
    ("January 22\\, 2024\\. The workers\\' \\(and peasants\\'\\) \\\"soviets\\\"\\?",
     "January 22, 2024. The workers' (and peasants') \"soviets\"?"),
    ("\\# not a heading, \\- not a list, 1917\\. not a list", "\\# not a heading, - not a list, 1917. not a list"),
    ("1917\\. A year", "1917\\. A year"),
    ("\\> not a quote", "\\> not a quote"),
    ("- 1917\\. an item, \\: a colon", "- 1917\\. an item, : a colon"),
    ("\\: not a definition", "\\: not a definition"),
    ("costs \\$5 or \\$6 \\*each\\* \\_here\\_ \\[sic\\] \\`x\\` \\| y \\~z\\~ \\<b\\>",
     "costs \\$5 or \\$6 \\*each\\* \\_here\\_ \\[sic\\] \\`x\\` \\| y \\~z\\~ \\<b>"),
    ("Past \\& Present, \\&amp\\; x\\@y\\.org, see https\\:\\/\\/x\\.org and club\\.be\\.",
     "Past & Present, \\&amp; x\\@y\\.org, see https\\://x\\.org and club\\.be."),
    ("a\n\\=\\=\\=", "a\n\\==="),
])
def test_needed_escapes(before, after):
    assert needed_escapes(before) == after
    assert render(after) == render(before)


def test_a_rebuild_works_out_only_the_cells_it_has_not_seen(tmp_path, monkeypatch):
    """A build remembers each cell's lighter form (`escapes.remembered`, in the staging folder): the
    next build gives the same text without rendering it again, works out a new text, and keeps only
    the texts of this build; a memory written with another markdown-it is not used."""
    memory, texts = tmp_path / "notebook-escapes.json", ["January 22\\, 2024\\.", "1917\\. A year"]
    with escapes.remembered(memory):
        first = [escapes.needed_escapes(text) for text in texts]
    assert first == ["January 22, 2024.", "1917\\. A year"] and len(json.loads(memory.read_text())) == 2
    worked = []
    real = escapes._worked_out
    monkeypatch.setattr(escapes, "_worked_out", lambda text: worked.append(text) or real(text))
    with escapes.remembered(memory):
        assert [escapes.needed_escapes(text) for text in [texts[1], "a\\=b"]] == [first[1], "a=b"]
    assert worked == ["a\\=b"] and len(json.loads(memory.read_text())) == 2
    monkeypatch.setattr(escapes.markdown_it, "__version__", "0.0.1")
    with escapes.remembered(memory):
        assert escapes.needed_escapes(texts[1]) == first[1]
    assert worked == ["a\\=b", texts[1]]
    assert escapes.needed_escapes("x\\.") == "x." and len(worked) == 3  # outside a build: nothing remembered


def test_text_columns_of_tables_read_left_aligned(book, repository):
    """JupyterLab right-aligns every cell of an output's table, and drops a stored output's `<style>`
    (untrusted): each cell of a column with text carries an inline left alignment, which it keeps;
    the table is otherwise the book's, and a column of numbers stays as it was."""
    stored, tables = book_outputs(book), 0
    for path in sorted(repository.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code" or cell.id == DATA_CELL:
                continue
            for output, original in zip(cell.outputs, stored[path.name][cell.id], strict=True):
                html = output.get("data", {}).get("text/html", "")
                assert html.replace(LEFT, "") == original.get("data", {}).get("text/html", ""), (path.name, cell.id)
                if '<table id="T_' not in html:
                    continue
                tables += 1
                table = BeautifulSoup(html, "html.parser")
                columns: dict[str, list] = {}
                for element in table.select("td, th"):
                    columns.setdefault(re.search(r"col(\d+)", element["id"])[1], []).append(element)
                for elements in columns.values():
                    texts = [e.get_text().strip() for e in elements if e.name == "td" and e.get_text().strip()]
                    wordy = any(not re.fullmatch(r"[-+−]?[\d,]+(?:\.\d+)?%?", text) for text in texts)
                    assert {e.get("style") == "text-align: left" for e in elements} == {wordy}, (path.name, cell.id)
    assert tables >= 20


@contextmanager
def fresh_kernel(folder: Path, *requirements):
    """A new venv in `folder` with only `requirements` (pip's arguments) installed, as the Jupyter
    kernel "fresh" while the block lasts; gives the venv's python.

    This process's pip installs into it (`--python`), which spares the venv a pip of its own (about
    3 s of CPU), and is told not to byte-compile what it installs (`--no-compile`): the same
    packages are installed, and Python compiles only the modules the kernel and the notebook import,
    when they import them (measured: about 13 s of CPU saved at install, about 4 s spent at import).
    So that it compiles each once, not in every kernel, the venv's processes write their bytecode
    even where PYTHONDONTWRITEBYTECODE is set (about 1.5 s of CPU a kernel)."""
    venv.create(folder / "venv")
    python = folder / "venv" / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
                    "--disable-pip-version-check", "--no-compile", *requirements], check=True, timeout=600)
    spec = folder / "jupyter" / "kernels" / "fresh"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({"argv": [str(python), "-m", "ipykernel_launcher", "-f",
                                                          "{connection_file}"], "display_name": "fresh",
                                                  "language": "python"}))
    kept = os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # read by the venv's processes only: this one has started
    os.environ["JUPYTER_PATH"] = str(folder / "jupyter")
    try:
        yield python
    finally:
        del os.environ["JUPYTER_PATH"]
        if kept is not None:
            os.environ["PYTHONDONTWRITEBYTECODE"] = kept
    assert sys.prefix != str(folder / "venv")


def versions(python: Path) -> list[str]:
    script = "import pandas, matplotlib, jinja2; print(pandas.__version__, matplotlib.__version__)"
    check = subprocess.run([python, "-c", script], capture_output=True, text=True, check=True)
    return check.stdout.split()


@pytest.mark.slow
def test_a_bundle_runs_in_a_fresh_venv_with_only_its_requirements(book, unzipped, tmp_path):
    """The chapter that reads the most files, installed as its README says into a new venv."""
    path = max(book.notebooks, key=lambda p: (len(book.notebooks[p].metadata.get("reader", {}).get("inputs", {})), p))
    folder = unzipped[chapter_file(FORM, book.project.docname(path))]
    with fresh_kernel(tmp_path, "-r", folder / "requirements.txt") as python:
        (notebook,) = folder.glob("*.ipynb")
        executed = run(notebook, kernel="fresh")
        assert versions(python) == ["3.1.1", "3.11.2"]
    assert_book_outputs(book, notebook.name, executed)


# The numpy Colab shipped with pandas 2.2.2 and matplotlib 3.10.0 (its pip-freeze.txt, April 2025 to March
# 2026): pip would take the newest.
COLAB_NUMPY = "numpy==2.0.2"


@pytest.mark.slow
def test_every_notebook_runs_on_the_oldest_pandas_and_matplotlib_claimed(book, repository, tmp_path):
    """Colab runs a notebook on its own pandas and matplotlib, without requirements.txt: in a venv with
    exactly the oldest the README claims (`student_notebooks.OLDEST`), Colab's numpy and, from
    requirements.txt, only what the kernel and the Styler tables need, every notebook of the student
    repository runs to the end and prints the book's outputs (text and HTML, as nbval compares them)."""
    folder = tmp_path / "repository"
    shutil.copytree(repository, folder)
    kernel = [line for line in (folder / "requirements.txt").read_text().splitlines()
              if line and not line.startswith("#") and line.split("==")[0].lower() not in OLDEST]
    assert sorted(line.split("==")[0].lower() for line in kernel) == ["ipykernel", "jinja2"]
    oldest = [f"{name}=={version}" for name, version in OLDEST.items()]
    with fresh_kernel(tmp_path, *oldest, COLAB_NUMPY, *kernel) as python:
        assert versions(python) == list(OLDEST.values())

        def check(path):
            executed = run(path, kernel="fresh")
            assert_book_outputs(book, path.name, executed)
            (data,) = [cell for cell in executed.cells if cell.id == DATA_CELL]
            assert data.outputs == [], path.name
            return path.name

        with ThreadPoolExecutor(2) as pool:
            ran = sorted(pool.map(check, sorted(folder.glob("*.ipynb"))))
    assert ran == sorted(notebook_name(book, path) for path in book.notebooks)


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
