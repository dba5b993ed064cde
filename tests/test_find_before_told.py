"""Find before being told: no open student text gives a core question's answer; an editor's note that
settles a question is closed in the student edition (open in the instructor edition and the keys); a
question links the reference figures it needs."""

import copy
import dataclasses

from html_text import page

from readertools.checks.disclosure import disclosure_problems, facts
from readertools.exports.student_notebooks import student_notebook


def test_facts_are_numbers_and_dates_not_references():
    assert facts("Henry (¶ 4–5, 5.¶ 17, 6.14, note 3) gives 12,000 and “over 200,000”, 6% in 1917–18 on 10 March") \
        == {"12000", "200000", "6%", "1917", "10 march"}
    assert facts("March 9 and 9 March, chapter 5") == {"9 march"}


def with_headnote(book, cid: str, extra: str):
    """The book with `extra` added to the chapter's headnote (a copy: the session's book is untouched)."""
    path = book.project.chapter_notebook(cid)
    notebook = copy.deepcopy(book.notebooks[path])
    cell = next(cell for cell in notebook.cells if cell.get("id") == "headnote")
    cell.source += extra
    return dataclasses.replace(book, notebooks={**book.notebooks, path: notebook}), notebook.cells.index(cell) + 1


def test_the_book_gives_no_core_answer_open(book):
    assert disclosure_problems(book) == []


def test_an_answer_fact_or_verdict_in_a_headnote_is_refused_where_it_stands(book):
    changed, index = with_headnote(book, "henry", "\n\nIts opening implies September 2023; the purpose is recruitment.")
    assert [str(problem) for problem in disclosure_problems(changed)] == [
        (f"book/chapters/henry.ipynb, cell {index} ('headnote'): gives 2023, which the model answer to core question "
        "6.1 brings from outside the source and the question's materials: point to the question instead"),
        (f"book/chapters/henry.ipynb, cell {index} ('headnote'): states the verdict of core question 6.1 "
        "(“implies September 2023”): point to the question instead")]
    # a fact the question's own materials hold (the source's 12,000; Party Life's 240,000) may stand
    allowed, _ = with_headnote(book, "henry", "\n\nHenry's 12,000 and Party Life's 240,000 are in the tables.")
    assert disclosure_problems(allowed) == []
    # a computed result is the answer: 200,000 ÷ 12,000 ≈ 16.7
    computed, _ = with_headnote(book, "henry", "\n\nThat is about 16.7 times as many.")
    assert [p.message for p in disclosure_problems(computed)] == [
        ("gives 16.7, which the model answer to core question 6.17 brings from outside the source and the question's "
        "materials: point to the question instead")]


def test_a_note_that_settles_a_question_is_closed_and_labelled_with_it(book):
    notebook = book.notebooks[book.project.chapter_notebook("henry")]
    cell = next(cell.source for cell in notebook.cells if cell.get("id") == "editor-notes")
    assert ":::{closed-note} ✎ Editor's note on ¶ 4: try 6.14 first" in cell
    student = "\n".join(c.source for c in student_notebook(book, book.project.chapter_notebook("henry")).cells)
    assert "<details><summary>✎ Editor's note on ¶ 4: try 6.14 first</summary>" in student
    assert ":::" not in student


def test_a_question_links_the_reference_figures_it_needs(book):
    notebook = book.notebooks[book.project.chapter_notebook("henry")]
    cell = next(cell.source for cell in notebook.cells if cell.get("id") == "questions")
    assert "[Reference figures: [Party membership\\, 1917–1921](#henry-figures-party-membership)]" in cell
    assert "(henry-figures-party-membership)=" in cell and "Party Life" in cell


def test_the_student_page_keeps_settling_notes_closed_and_the_instructor_page_open(site, instructor_site):
    student = page(site / "book" / "chapters" / "henry.html")
    closed = student.select("details.closed-note")
    assert closed and not any(d.has_attr("open") for d in closed)
    assert closed[0].select_one("summary").get_text(strip=True).startswith("✎ Editor's note on ¶")
    teacher = page(instructor_site / "book" / "chapters" / "henry.html")
    opened = teacher.select("details.closed-note")
    assert opened and all(d.has_attr("open") for d in opened)
    headnote = student.get_text(" ")
    assert "2023" not in headnote and "the purpose is recruitment" not in headnote.lower()
    link = student.select_one('a[href="#henry-figures-party-membership"]')
    assert link is not None and link.get_text(strip=True) == "Party membership, 1917–1921"
