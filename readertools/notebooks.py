"""Keep the chapter notebooks in step with the seeds.

A chapter notebook mixes generated cells (title and source line, "At a glance" with the word
count, the text, the notes), whose cell ids are listed in GENERATED, with editorial cells written
by hand (the headnote, and later objectives, summary, questions). Syncing rewrites the generated
cells and leaves every other cell as it is; a missing generated cell is put back after its
predecessor.
"""

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .apparatus import Study
from .catalogue import ROOT
from .editor_notes import chapter_notes, editor_cell
from .errors import SourceError
from .markdown import (
    further_reading_cell,
    glance_cell,
    notes_cell,
    questions_cell,
    summary_cell,
    teaching_notes_cell,
    text_cell,
    title_cell,
    word_count_code,
)
from .segment import Chapter

CHAPTERS = ROOT / "book" / "chapters"
GENERATED = ("title", "at-a-glance", "word-count", "text", "notes", "editor-notes", "summary", "questions",
             "further-reading", "teaching-notes")
LOCKED = {"editable": False, "deletable": False}
HEADNOTE_PLACEHOLDER = "## Headnote\n\n*To be written (150–300 words).*"


def notebook_path(chapter: Chapter) -> Path:
    return CHAPTERS / f"{chapter.source.id}.ipynb"


def markdown_cell(cell_id: str, source: str):
    return nbformat.v4.new_markdown_cell(source, id=cell_id, metadata=dict(LOCKED))


def generated_cells(chapter: Chapter, study: Study | None = None) -> dict:
    marked = chapter_notes(chapter)  # editor's notes: margin marks in the text, the notes after it
    cells = {
        "title": markdown_cell("title", title_cell(chapter)),
        "at-a-glance": markdown_cell("at-a-glance", glance_cell(study)),
        "word-count": nbformat.v4.new_code_cell(
            word_count_code(chapter), id="word-count", metadata={**LOCKED, "tags": ["hide-input"]}),
        "text": markdown_cell("text", text_cell(chapter, marked)),
    }
    if chapter.notes:
        cells["notes"] = markdown_cell("notes", notes_cell(chapter, marked))
    if study and editor_cell(chapter, study):
        cells["editor-notes"] = markdown_cell("editor-notes", editor_cell(chapter, study))
    if study:
        cells["summary"] = markdown_cell("summary", summary_cell(study))
        cells.update(question_cells(study))
        if study.citations:
            cells["further-reading"] = markdown_cell("further-reading", further_reading_cell(study))
    return cells


def question_cells(study: Study) -> dict:
    """The questions and the place of the teaching notes: for source and cross-source chapters alike."""
    return {"questions": markdown_cell("questions", questions_cell(study)),
            "teaching-notes": markdown_cell("teaching-notes", teaching_notes_cell(study.apparatus))}


def synced(chapter: Chapter, existing=None, study: Study | None = None):
    """The chapter notebook as it should be: `existing` with its generated cells brought up to date."""
    wanted = generated_cells(chapter, study)
    if existing is None:
        existing = nbformat.v4.new_notebook(
            cells=[wanted["title"], nbformat.v4.new_markdown_cell(HEADNOTE_PLACEHOLDER, id="headnote"),
                   *(cell for cell_id, cell in wanted.items() if cell_id != "title")],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                      "language_info": {"name": "python"}})
    return merged(existing, wanted)


def merged(existing, wanted: dict, order: tuple[str, ...] = GENERATED):
    """`existing` with the wanted generated cells in place, every other cell kept where it stands;
    a missing generated cell goes after its predecessor in `order`, or at the end."""
    cells = [_merge(cell, wanted[cell.id]) if cell.id in order else cell
             for cell in existing.cells if cell.id not in order or cell.id in wanted]
    for index, cell_id in enumerate(order):
        if cell_id in wanted and cell_id not in {cell.id for cell in cells}:
            before = [i for i, cell in enumerate(cells) if cell.id in order[:index]]
            cells.insert(before[-1] + 1 if before else len(cells), wanted[cell_id])
    notebook = nbformat.from_dict({**existing, "cells": cells})
    nbformat.validate(notebook)
    return notebook


def sync_generated(path: Path, wanted: dict, order: tuple[str, ...]) -> str:
    """A notebook outside the source chapters (written by hand) with its generated cells updated."""
    if not path.is_file():
        raise SourceError(path, "notebook not found (it has generated cells, so it must exist)")
    return nbformat.writes(merged(nbformat.read(path, as_version=4), wanted, order)) + "\n"


def _merge(cell, wanted):
    """The wanted cell, keeping a code cell's outputs while its code is unchanged."""
    if cell.cell_type == "code" and cell.source == wanted.source:
        return nbformat.from_dict({**wanted, "outputs": cell.outputs,
                                   "execution_count": cell.execution_count})
    return wanted


def execute(path: Path) -> None:
    """Run a notebook top to bottom in its folder and store the outputs, as nbval expects them."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(notebook, path)


def needs_execution(notebook) -> bool:
    return any(cell.cell_type == "code" and cell.execution_count is None and cell.source.strip()
               for cell in notebook.cells)
