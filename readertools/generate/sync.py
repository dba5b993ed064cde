"""The steps behind `make notebooks`: every generated file made anew from the one checked model,
and written where it is out of step.

Generated files (the notebooks' generated cells, the text CSVs, the glossary, people, datasets,
execution and instructor guide pages) are written only by `write_generated`. `out_of_step` lists
what it would change (files to rewrite, notebooks whose stored outputs are stale): the build refuses
to start while anything is. `build_lock` keeps one build or generation at a time in a project.
"""

import fcntl
import sys
from contextlib import contextmanager
from pathlib import Path

import nbformat

from readertools.content.backmatter import glossary_page, people_page
from readertools.content.chronology import chronology_cell
from readertools.content.datasets import datasets_page
from readertools.content.standpoints import reference_kinds, standpoints_section
from readertools.content.timeline import events_cell
from readertools.content.timeline_disputes import disputes
from readertools.errors import BookErrors, SourceError, collect
from readertools.generate.execute import execute, stale
from readertools.generate.guide import guide_page
from readertools.generate.notebooks import chapter_cells, markdown_cell, merged, question_cells
from readertools.model import Book
from readertools.text.texts import text_csv


def expected_files(book: Book) -> dict[Path, str]:
    """Every generated file with the content it should have now (every problem raised at once)."""
    project, files, problems = book.project, {}, []
    for chapter in book.chapters:
        cid = chapter.source.id
        files[project.text_csv(cid)] = text_csv(chapter)
        path = project.chapter_notebook(cid)
        notebook = collect(problems, merged, path, book.notebooks[path], chapter_cells(book, cid))
        if notebook is not None:
            files[path] = nbformat.writes(notebook) + "\n"
    headers = {path.name: [c for c in rows[0] if not c.startswith("_")] for path, rows in book.datasets.items()}
    files[project.datasets_page] = datasets_page(
        book.dictionary, headers, [f"texts/{cid}.csv" for cid in book.chapter_ids], book.chapter_ids,
        project.dictionary) + standpoints_section(book.standpoints, reference_kinds(project.standpoints))
    wanted = {project.across_notebook("timeline"): {
        "events": markdown_cell("events", events_cell(book.timeline, book.numbers, book.voices,
                                                      disputes(book.timeline, book.editor_notes, book.quotations))),
        "reference-chronology": markdown_cell("reference-chronology", chronology_cell(book.chronology))}}
    for cid in book.across_with_questions:
        wanted.setdefault(project.across_notebook(cid), {}).update(question_cells(book.study(cid)))
    for path, cells in wanted.items():
        if path not in book.notebooks:
            problems.append(SourceError(path, "notebook not found (it has generated cells, so it must exist)"))
            continue
        notebook = collect(problems, merged, path, book.notebooks[path], cells)
        if notebook is not None:
            files[path] = nbformat.writes(notebook) + "\n"
    if problems:
        raise BookErrors(problems)
    files[project.glossary_page] = glossary_page(list(book.glossary), book.found, book.numbers)
    files[project.people_page] = people_page(list(book.people), book.found, book.authored(),
                                                    book.numbers)
    files.update(recorded_pages(book, files))
    return files


def recorded_pages(book: Book, files: dict[Path, str]) -> dict[Path, str]:
    """The pages made from what the notebooks recorded when they last ran (the files each reads):
    `write_generated` makes them again after it has executed notebooks."""
    return {book.project.execution_page: execution_page(book, files),
            book.project.instructor_guide: guide_page(book)}


def execution_page(book: Book, files: dict[Path, str]) -> str:
    """What each notebook's stored outputs were computed from: deterministic, unlike a run log."""
    project = book.project
    lines = ["# Execution status", "", (
        "Every chapter is a notebook that runs from top to bottom. `make notebooks` executes a "
        "notebook whenever its code or a file it reads has changed, and records what it read; the "
        "book shows those stored outputs only while every one of these files is unchanged, and the "
        "test suite runs every notebook afresh (nbval) and compares its outputs with the stored ones."),
        "", "| notebook | code cells | files it reads |", "| --- | ---: | --- |"]
    for path in sorted(book.notebooks):
        notebook = nbformat.reads(files[path], as_version=4) if path in files else book.notebooks[path]
        code = sum(cell.cell_type == "code" for cell in notebook.cells)
        if not code:
            continue
        inputs = notebook.metadata.get("reader", {}).get("inputs", {})
        data = project.relative(project.data)
        shown = ", ".join(f"`{Path(name).relative_to(data)}`" if name.startswith(f"{data}/")
                          else f"`{name}`" for name in inputs) or "none recorded yet"
        name = path.relative_to(project.book).with_suffix("")
        lines.append(f"| {{doc}}`../{name}` | {code} | {shown} |")
    return "\n".join(lines) + "\n"


def out_of_step(book: Book, files: dict[Path, str] | None = None) -> list[SourceError]:
    """What `make notebooks` would change: files to rewrite and notebooks to execute."""
    files = expected_files(book) if files is None else files
    problems = [SourceError(path, "out of step with its sources (run `make notebooks`)")
                for path, content in files.items()
                if not path.exists() or path.read_text(encoding="utf-8") != content]
    for path, notebook in book.notebooks.items():
        current = nbformat.reads(files[path], as_version=4) if path in files else notebook
        reason = stale(path, current, book.project.root)
        if reason:
            problems.append(SourceError(path, f"stored outputs are stale: {reason} (run `make notebooks`)"))
    return problems


def write_generated(book: Book) -> list[Path]:
    """Rewrite what is out of step, execute every notebook whose outputs are stale, and update the
    pages made from what they read, so that one run leaves nothing out of step."""
    project, written = book.project, []
    with build_lock(project):
        files = expected_files(book)
        for path, content in files.items():
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
                written.append(path)
        for path in sorted(book.notebooks):
            if stale(path, nbformat.read(path, as_version=4), project.root):
                print(f"executing {project.relative(path)}", flush=True)
                execute(path, project.root)
                book.notebooks[path] = nbformat.read(path, as_version=4)  # with what this run read
                written += [] if path in written else [path]
        executed = {path: path.read_text(encoding="utf-8") for path in book.notebooks}
        for page, content in recorded_pages(book, executed).items():
            if page.read_text(encoding="utf-8") != content if page.exists() else True:
                page.write_text(content, encoding="utf-8")
                written += [] if page in written else [page]
    return written


@contextmanager
def build_lock(project):
    """One build or generation at a time in a project: a second waits instead of corrupting the first."""
    project.build.mkdir(parents=True, exist_ok=True)
    with project.lock.open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build of this project to finish ({project.relative(project.lock)})",
                  file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield
