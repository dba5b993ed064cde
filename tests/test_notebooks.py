"""The chapter notebooks: generated cells in step with the seeds, editorial cells left alone."""

import re

import nbformat
import pytest

from readertools.build import out_of_step
from readertools.notebooks import GENERATED, notebook_path, synced

WORD = re.compile(r"\w+(?:[’'-]\w+)*")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
UNLINKED_PARAGRAPH_REFERENCE = re.compile(r"(?<!\[)¶ \d+(?![^\[]*\])")


def read(chapter):
    return nbformat.read(notebook_path(chapter), as_version=4)


def editorial_cells(notebook):
    return [cell for cell in notebook.cells if cell.id not in GENERATED]


def test_generated_files_are_in_step_with_the_seeds(catalogue):
    assert out_of_step(catalogue) == []


def test_syncing_twice_changes_nothing(chapters):
    for chapter in chapters:
        once = synced(chapter, read(chapter))
        assert nbformat.writes(synced(chapter, once)) == nbformat.writes(once)


def test_sync_rewrites_generated_cells_and_keeps_editorial_ones(chapters):
    chapter = chapters[0]
    notebook = read(chapter)
    notebook.cells[0].source = "# A hand edit to a generated cell"
    notebook.cells.insert(3, nbformat.v4.new_markdown_cell("An editor's note.", id="editors-note"))
    del notebook.cells[[cell.id for cell in notebook.cells].index("text")]
    result = synced(chapter, notebook)
    assert result.cells[0].source.startswith("# Dictatorship of the Proletariat")
    ids = [cell.id for cell in result.cells]
    assert ids.index("editors-note") == 3 and ids.index("text") > ids.index("word-count")
    assert [c.source for c in editorial_cells(result)] == [c.source for c in editorial_cells(notebook)]


def test_a_changed_word_count_cell_loses_its_stale_output(chapters):
    chapter = chapters[0]
    notebook = read(chapter)
    count = next(cell for cell in notebook.cells if cell.id == "word-count")
    assert count.outputs, "the word-count cell should have a stored output"
    count.source += "\n# changed"
    refreshed = next(cell for cell in synced(chapter, notebook).cells if cell.id == "word-count")
    assert refreshed.outputs == [] and refreshed.execution_count is None


def test_notebooks_do_not_import_the_build_tools(chapters):
    for chapter in chapters:
        for cell in read(chapter).cells:
            assert "readertools" not in cell.source, chapter.source.id


@pytest.mark.parametrize("chapter_id", ["dictatorship", "commune-lessons", "avakian", "pele", "baserli",
                                        "henry"])
def test_headnote_is_150_to_300_words_with_linked_references(chapters, chapter_id):
    chapter = next(c for c in chapters if c.source.id == chapter_id)
    cells = [cell for cell in read(chapter).cells if cell.id == "headnote"]
    assert len(cells) == 1, "each chapter has one headnote cell"
    heading, _, text = cells[0].source.partition("\n")
    assert heading == "## Headnote"
    words = len(WORD.findall(LINK_TARGET.sub("]", text)))
    assert 150 <= words <= 300, f"{chapter_id}: headnote has {words} words"
    assert not UNLINKED_PARAGRAPH_REFERENCE.search(text), f"{chapter_id}: a ¶ reference without a link"


def test_chapter_order_of_cells(chapters):
    for chapter in chapters:
        ids = [cell.id for cell in read(chapter).cells]
        assert ids[:5] == ["title", "headnote", "at-a-glance", "word-count", "text"], chapter.source.id
