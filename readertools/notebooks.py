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

from .catalogue import ROOT
from .markdown import (
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
GENERATED = ("title", "at-a-glance", "word-count", "text", "notes", "summary", "questions",
             "teaching-notes")
LOCKED = {"editable": False, "deletable": False}
HEADNOTE_PLACEHOLDER = "## Headnote\n\n*To be written (150–300 words).*"


def notebook_path(chapter: Chapter) -> Path:
    return CHAPTERS / f"{chapter.source.id}.ipynb"


def _markdown(cell_id: str, source: str):
    return nbformat.v4.new_markdown_cell(source, id=cell_id, metadata=dict(LOCKED))


def generated_cells(chapter: Chapter, study=None) -> dict:
    """The generated cells; `study` is (apparatus, chapter number, paragraph counts) or None."""
    apparatus = study[0] if study else None
    cells = {
        "title": _markdown("title", title_cell(chapter)),
        "at-a-glance": _markdown("at-a-glance", glance_cell(chapter, apparatus)),
        "word-count": nbformat.v4.new_code_cell(
            word_count_code(chapter), id="word-count", metadata={**LOCKED, "tags": ["hide-input"]}),
        "text": _markdown("text", text_cell(chapter)),
    }
    if chapter.notes:
        cells["notes"] = _markdown("notes", notes_cell(chapter))
    if study:
        apparatus, number, paragraphs = study
        cells["summary"] = _markdown("summary", summary_cell(apparatus, paragraphs))
        cells["questions"] = _markdown("questions", questions_cell(apparatus, number, paragraphs))
        cells["teaching-notes"] = _markdown("teaching-notes", teaching_notes_cell(apparatus))
    return cells


def synced(chapter: Chapter, existing=None, study=None):
    """The notebook as it should be: `existing` with its generated cells brought up to date."""
    wanted = generated_cells(chapter, study)
    if existing is None:
        existing = nbformat.v4.new_notebook(
            cells=[wanted["title"], nbformat.v4.new_markdown_cell(HEADNOTE_PLACEHOLDER, id="headnote"),
                   *(cell for cell_id, cell in wanted.items() if cell_id != "title")],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                      "language_info": {"name": "python"}})
    cells = [_merge(cell, wanted[cell.id]) if cell.id in GENERATED else cell
             for cell in existing.cells if cell.id not in GENERATED or cell.id in wanted]
    for index, cell_id in enumerate(GENERATED):
        if cell_id in wanted and cell_id not in {cell.id for cell in cells}:
            before = [i for i, cell in enumerate(cells) if cell.id in GENERATED[:index]]
            cells.insert(before[-1] + 1 if before else 0, wanted[cell_id])
    notebook = nbformat.from_dict({**existing, "cells": cells})
    nbformat.validate(notebook)
    return notebook


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
