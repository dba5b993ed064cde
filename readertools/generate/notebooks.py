"""Keep the notebooks' generated cells in step with their sources.

A chapter notebook mixes generated cells (title and source line, "At a glance" with the word
count, the text, the notes, summary, questions, further reading), whose ids are listed in
`content.notebooks.GENERATED`, with editorial cells written by hand (the headnote, the data
sections). Syncing rewrites the generated cells (`generate.cells`) and leaves every other cell as
it is. Each generated cell records a digest of what it was generated as, so that a hand edit to it
is reported instead of silently overwritten.
"""

import hashlib
from pathlib import Path

import nbformat

from readertools.content.editor_notes import editor_cell, marks
from readertools.content.notebooks import GENERATED, KERNEL
from readertools.errors import BookErrors, SourceError
from readertools.generate.cells import (
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
from readertools.text.segment import Chapter

LOCKED = {"editable": False, "deletable": False}


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()[:16]


def markdown_cell(cell_id: str, source: str):
    return nbformat.v4.new_markdown_cell(source, id=cell_id, metadata=_generated_metadata(source))


def _generated_metadata(source: str, **more) -> dict:
    return {**LOCKED, **more, "reader": {"generated": digest(source)}}


def chapter_cells(book, chapter_id: str) -> dict:
    """A source chapter's generated cells, with its editor's notes: what the notebook should hold."""

    def marked(kind, number):
        return marks(book.editor_notes, chapter_id, kind, number)

    return generated_cells(book.chapter(chapter_id), book.study(chapter_id), marked, editor_cell(book, chapter_id))


def generated_cells(chapter: Chapter, study, marks=None, editor_notes: str | None = None) -> dict:
    code = word_count_code(chapter)
    cells = {
        "title": markdown_cell("title", title_cell(chapter)),
        "at-a-glance": markdown_cell("at-a-glance", glance_cell(study)),
        "word-count": nbformat.v4.new_code_cell(
            code, id="word-count", metadata=_generated_metadata(code, tags=["hide-input"])),
        "text": markdown_cell("text", text_cell(chapter, marks)),
    }
    if chapter.notes:
        cells["notes"] = markdown_cell("notes", notes_cell(chapter, marks))
    if editor_notes:
        cells["editor-notes"] = markdown_cell("editor-notes", editor_notes)
    cells["summary"] = markdown_cell("summary", summary_cell(study))
    cells.update(question_cells(study))
    if study.citations:
        cells["further-reading"] = markdown_cell("further-reading", further_reading_cell(study))
    return cells


def question_cells(study) -> dict:
    """The questions and the place of the teaching notes: for source and cross-source chapters alike."""
    return {"questions": markdown_cell("questions", questions_cell(study)),
            "teaching-notes": markdown_cell("teaching-notes", teaching_notes_cell(study.apparatus))}


def skeleton(chapter: Chapter, study, editorial: list[tuple[str, str]]):
    """A new chapter's notebook: its generated cells with the editorial cells `(id, text)` after the title."""
    wanted = generated_cells(chapter, study)
    cells = [wanted.pop("title"), *(nbformat.v4.new_markdown_cell(text, id=cell_id) for cell_id, text in editorial),
             *wanted.values()]
    return nbformat.v4.new_notebook(cells=cells, metadata=dict(KERNEL))


def merged(path: Path, existing, wanted: dict, order: tuple[str, ...] = GENERATED):
    """`existing` with the wanted generated cells in place, every other cell kept where it stands;
    a missing generated cell goes after its predecessor in `order`, or at the end. A generated cell
    edited by hand, or one whose id was changed, stops the sync with the cell named."""
    problems = []
    for index, cell in enumerate(existing.cells):
        recorded = cell.metadata.get("reader", {}).get("generated")
        expected = wanted[cell.id].source if cell.get("id") in wanted else None
        if cell.get("id") in order and recorded and recorded != digest(cell.source) and cell.source != expected:
            first = _first_difference(cell.source, wanted.get(cell.id, nbformat.from_dict({"source": ""})).source)
            problems.append(SourceError(path, "generated cell edited by hand (make the change in the seed, the "
                                        "catalogue or the apparatus, then run `make notebooks`; `git diff` "
                                        f"shows the edit): {first}", place=f"cell {index + 1} ({cell.id!r})"))
        elif cell.get("id") not in order and recorded:
            problems.append(SourceError(path, "a generated cell whose id was changed (generated cells keep "
                                        f"their ids: {', '.join(order)})", place=f"cell {index + 1} ({cell.id!r})"))
    if problems:
        raise BookErrors(problems)
    cells = [_merge(cell, wanted[cell.id]) if cell.id in order else cell
             for cell in existing.cells if cell.id not in order or cell.id in wanted]
    for index, cell_id in enumerate(order):
        if cell_id in wanted and cell_id not in {cell.id for cell in cells}:
            before = [i for i, cell in enumerate(cells) if cell.id in order[:index]]
            cells.insert(before[-1] + 1 if before else len(cells), wanted[cell_id])
    notebook = nbformat.from_dict({**existing, "cells": cells})
    nbformat.validate(notebook)
    return notebook


def _first_difference(found: str, expected: str) -> str:
    for number, (a, b) in enumerate(zip(found.splitlines(), expected.splitlines(), strict=False), start=1):
        if a != b:
            return f"line {number} reads {a[:60]!r}, generated as {b[:60]!r}"
    return f"{len(found.splitlines())} lines, generated as {len(expected.splitlines())}"


def _merge(cell, wanted):
    """The wanted cell, keeping a code cell's outputs while its code is unchanged."""
    if cell.cell_type == "code" and cell.source == wanted.source:
        return nbformat.from_dict({**wanted, "outputs": cell.outputs,
                                   "execution_count": cell.execution_count})
    return wanted


