"""The notebooks: generated cells in step with the seeds, editorial cells left alone, hand edits to
generated cells reported, and stored outputs that follow every file the notebook reads."""

import re

import nbformat
import pytest
from projects import copy_project

from readertools.content.notebooks import GENERATED
from readertools.errors import BookErrors
from readertools.generate.execute import stale
from readertools.generate.notebooks import generated_cells, merged
from readertools.generate.sync import out_of_step
from readertools.model import load_book

WORD = re.compile(r"\w+(?:[’'-]\w+)*")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
UNLINKED_PARAGRAPH_REFERENCE = re.compile(r"(?<!\[)¶ \d+(?![^\[]*\])")


def read(book, chapter_id):
    return nbformat.read(book.project.chapter_notebook(chapter_id), as_version=4)


def sync(book, chapter_id, notebook):
    path = book.project.chapter_notebook(chapter_id)
    return merged(path, notebook, generated_cells(book.chapter(chapter_id), book.study(chapter_id)))


def editorial_cells(notebook):
    return [cell for cell in notebook.cells if cell.id not in GENERATED]


def test_generated_files_are_in_step_and_outputs_current(book):
    assert [str(problem) for problem in out_of_step(book)] == []


def test_syncing_twice_changes_nothing(book):
    for cid in book.chapter_ids:
        once = sync(book, cid, read(book, cid))
        assert nbformat.writes(sync(book, cid, once)) == nbformat.writes(once)


def test_sync_puts_back_generated_cells_and_keeps_editorial_ones(book):
    cid = book.chapter_ids[0]
    notebook = read(book, cid)
    notebook.cells.insert(3, nbformat.v4.new_markdown_cell("An editor's note.", id="editors-note"))
    del notebook.cells[[cell.id for cell in notebook.cells].index("text")]
    result = sync(book, cid, notebook)
    ids = [cell.id for cell in result.cells]
    assert ids.index("editors-note") == 3 and ids.index("text") > ids.index("word-count")
    assert [c.source for c in editorial_cells(result)] == [c.source for c in editorial_cells(notebook)]


def test_a_hand_edit_to_a_generated_cell_is_reported_not_dropped(book):
    cid = book.chapter_ids[0]
    notebook = read(book, cid)
    notebook.cells[0].source = "# A hand edit to a generated cell"
    with pytest.raises(BookErrors) as caught:
        sync(book, cid, notebook)
    title = read(book, cid).cells[0].source.splitlines()[0]
    assert str(caught.value) == (
        f"{book.project.relative(book.project.chapter_notebook(cid))}, cell 1 ('title'): generated cell "
        "edited by hand (make the change in the seed, the catalogue or the apparatus, then run `make "
        f"notebooks`; `git diff` shows the edit): line 1 reads '# A hand edit to a generated cell', "
        f"generated as {title!r}")


def test_a_generated_cell_with_a_changed_id_is_reported(book):
    cid = book.chapter_ids[0]
    notebook = read(book, cid)
    notebook.cells[0].id = "my-title"
    with pytest.raises(BookErrors, match=r"cell 1 \('my-title'\): a generated cell whose id was changed"):
        sync(book, cid, notebook)


def test_changed_generated_code_loses_its_stale_output(book):
    cid = book.chapter_ids[0]
    notebook = read(book, cid)
    wanted = generated_cells(book.chapter(cid), book.study(cid))
    assert next(cell for cell in notebook.cells if cell.id == "word-count").outputs
    wanted["word-count"].source += "\n# changed"
    refreshed = next(cell for cell in merged(None, notebook, wanted).cells if cell.id == "word-count")
    assert refreshed.outputs == [] and refreshed.execution_count is None


def test_an_edited_dataset_makes_the_notebooks_that_read_it_stale(tmp_path, book):
    copy = copy_project(tmp_path / "project")
    path = copy.data / "soviets_1917.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    readers = sorted(copy.relative(p) for p, nb in load_book(copy).notebooks.items() if stale(p, nb, copy.root))
    assert readers == ["book/across/numbers.ipynb", "book/chapters/henry.ipynb"]
    assert "stored outputs are stale: book/data/soviets_1917.csv changed since it was executed" in \
        "\n".join(map(str, out_of_step(load_book(copy))))


def test_notebooks_do_not_import_the_build_tools(book):
    for notebook in book.notebooks.values():
        for cell in notebook.cells:
            assert "readertools" not in cell.source


def test_headnote_is_150_to_300_words_with_linked_references(book, chapter_id):
    cells = [cell for cell in read(book, chapter_id).cells if cell.id == "headnote"]
    assert len(cells) == 1, "each chapter has one headnote cell"
    heading, _, text = cells[0].source.partition("\n")
    assert heading == "## Headnote"
    words = len(WORD.findall(LINK_TARGET.sub("]", text)))
    assert 150 <= words <= 300, f"{chapter_id}: headnote has {words} words"
    assert not UNLINKED_PARAGRAPH_REFERENCE.search(text), f"{chapter_id}: a ¶ reference without a link"


def test_chapter_order_of_cells(book):
    for cid in book.chapter_ids:
        ids = [cell.id for cell in read(book, cid).cells]
        assert ids[:5] == ["title", "headnote", "at-a-glance", "word-count", "text"], cid
