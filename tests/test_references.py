"""A reference to another chapter's paragraph keeps its chapter in every output, in one form: `5.¶ 17`
(the chapter's number first, as a question's is), `¶ 17` in its own chapter."""

import copy
import html
import re
from types import SimpleNamespace

from readertools.checks.cross import foreign_reference_problems
from readertools.content.courses import book_sessions
from readertools.content.references import link_references, paragraph_links, plain_references, reference_label
from readertools.exports.bank_items import bank_quizzes
from readertools.exports.bank_items import text as shown_text
from readertools.exports.handouts import documents
from readertools.exports.student_notebooks import student_notebook

NUMBERS = {"henry": 6, "baserli": 5, "pele": 4}


def test_one_form_for_a_reference_everywhere():
    assert reference_label("17", "baserli", "henry", NUMBERS) == "5.¶ 17"
    assert reference_label("4–5", "henry", "henry", NUMBERS) == "¶ 4–5"
    assert link_references("(¶@baserli 17; ¶ 5)", "henry", None, chapter_numbers=NUMBERS) == \
        "([5.¶ 17](#baserli-p-17); [¶ 5](#henry-p-5))"
    assert link_references("¶@pele 3 and 5", "henry", None, chapter_numbers=NUMBERS) == \
        "4.¶ [3](#pele-p-3) and [5](#pele-p-5)"
    assert paragraph_links("henry", [("henry", 4), ("pele", 17)], NUMBERS) == \
        "[¶ 4](#henry-p-4); [4.¶ 17](#pele-p-17)"
    assert plain_references("Compare ¶@pele 10–12 with ¶ 4.", "henry", NUMBERS) == "Compare 4.¶ 10–12 with ¶ 4."
    # without the numbers, a reference still names its chapter (by its id), never a bare `¶ 17`
    assert link_references("¶@baserli 17", "henry", None) == "[baserli.¶ 17](#baserli-p-17)"


def test_the_notebooks_question_banks_and_packets_keep_the_chapter(book):
    notebook = book.notebooks[book.project.chapter_notebook("henry")]
    questions = next(cell.source for cell in notebook.cells if cell.get("id") == "questions")
    assert "[5.¶ 17](#baserli-p-17)" in questions and "[2.¶ 4](#commune-lessons-p-4)" in questions
    assert "[¶ 17](#baserli-p-17)" not in questions
    student = student_notebook(book, book.project.chapter_notebook("henry"))
    text = "\n".join(cell.source for cell in student.cells)
    assert "5.¶ 17" in text and "2.¶ 4" in text
    bank = " ".join(shown_text(item.blocks) for item in bank_quizzes(book, book_sessions(book, ["henry"]))[0].items)
    assert "5.¶ 17" in bank and "(¶ 17" not in bank
    for stem, _, _, page in documents(book, ["henry"]):
        shown = html.unescape(re.sub(r"<[^>]*>", " ", page))
        assert "5.¶ 17" in shown and "2.¶ 4" in shown and "1.¶ 2" in shown, stem
        assert "(¶ 4, Avakian" not in shown, stem
    timeline = book.notebooks[book.project.across_notebook("timeline")]
    events = next(cell.source for cell in timeline.cells if cell.get("id") == "events")
    assert "([5.¶ 8](#baserli-p-8))" in events


def test_a_hand_written_link_to_another_chapter_without_it_is_refused(book):
    path = book.project.chapter_notebook("henry")
    notebook = copy.deepcopy(book.notebooks[path])
    headnote = next(cell for cell in notebook.cells if cell.get("id") == "headnote")
    headnote.source += "\n\nCompare Baserli ([¶ 17](#baserli-p-17)) and Pelé (4.¶ [3](#pele-p-3) and [5](#pele-p-5))."
    problems = foreign_reference_problems(SimpleNamespace(notebooks={path: notebook}, numbers=book.numbers))
    index = notebook.cells.index(headnote) + 1
    assert [str(p) for p in problems] == [
        (f"book/chapters/henry.ipynb, cell {index} ('headnote'): a link to another chapter's paragraph names its "
        "chapter: write [5.¶ 17](#baserli-p-17), not [¶ 17](#baserli-p-17)")]
    assert foreign_reference_problems(book) == []
