"""For instructors: every chapter a lesson, a guide computed from the book, handouts and answer keys
(PDF, read back with pypdf), a Canvas question bank (every format: test_question_banks.py), and model
answers that fold away on screen.

The handouts are printed once per session for one chapter and for three chosen questions of two
chapters (`make handouts` prints every chapter); the Canvas package is written for two chapters.
"""

import html
import re
import unicodedata
import zipfile
from xml.etree import ElementTree

import pytest
import yaml
from html_text import page
from pypdf import PdfReader

from readertools.checks.leaks import hidden_phrases, leaks, plain, shingles, words
from readertools.content.courses import book_sessions
from readertools.content.lessons import lesson_chapters
from readertools.errors import SourceError
from readertools.exports.bank_items import bank_quizzes, html_fragment
from readertools.exports.banks import write_banks
from readertools.exports.handouts import choose, documents, print_handouts
from readertools.exports.qti import quiz_text
from readertools.generate.guide import guide_page, offer, offers
from readertools.model import load_book

CHOSEN = ("commune-lessons", 3), ("henry", 4), ("henry", 17)  # three questions of two chapters


def text_of(pdf) -> str:
    """A PDF's words without its running header and footer (ligatures such as "ﬁ" undone), lower-case,
    one space apart, so that a passage running over a page break is found whole."""
    pages = []
    for sheet in PdfReader(pdf).pages:
        lines = unicodedata.normalize("NFKC", sheet.extract_text()).splitlines()
        pages += [line for line in lines if not re.fullmatch(r"page \d+ of \d+|.* · \w+ edition", line.strip())]
    return " ".join(words(" ".join(pages)))


def holds(text: str, passage: str) -> bool:
    """The passage's words, as the book shows them (`¶@baserli 3` as `¶ 3`), stand in the text."""
    return " ".join(words(plain(passage))) in text


def test_every_source_chapter_is_a_lesson(book, chapter_id):
    assert chapter_id in lesson_chapters(book)
    lesson_is_complete(book, chapter_id)


def test_every_chapter_across_the_sources_with_questions_is_a_lesson(book):
    assert book.across_with_questions
    for cid in book.across_with_questions:
        lesson_is_complete(book, cid)


def lesson_is_complete(book, cid):
    apparatus = book.apparatus[cid]
    assert len(apparatus.central_question.split()) >= 10 or apparatus.central_question.endswith("?"), cid
    assert 4 <= len(apparatus.core) <= 6, cid
    assert all(q.minutes and 5 <= q.minutes <= 30 for q in apparatus.questions), cid  # every question
    assert sum(q.minutes for q in apparatus.core) <= 50, cid  # the core set fits a 50-minute class
    task = apparatus.writing_task
    assert "claim" in task.prompt and "evidence" in task.prompt and task.evidence and task.minutes, cid
    assert f"{task.words[0]}–{task.words[1]} words" in task.prompt, cid
    plan = apparatus.discussion_plan
    assert plan.opening and plan.sequence and plan.stumbling_points, cid
    numbers = [q.number for q in apparatus.questions]
    assert numbers == sorted(set(numbers)), cid
    assert len(apparatus.central_question.split()) >= 8, cid


def test_every_lesson_has_samples_at_two_levels_within_its_task(book):
    from readertools.content.lessons import word_count

    for cid, apparatus in book.apparatus.items():
        levels = {s.level for s in apparatus.sample_answers}
        assert len(levels) >= 2 and max(levels) == 4, cid
        low, high = apparatus.writing_task.words
        for sample in apparatus.sample_answers:
            assert low <= word_count(sample.text) <= high, (cid, sample.level, word_count(sample.text))
            assert "¶" in sample.text, (cid, sample.level)
        if apparatus.writing_task.figures:  # a task that demands a checked reference: the top sample checks one
            from readertools.content.datasets import figure_row, figure_tables

            tables = figure_tables(book.datasets, book.dictionary, apparatus.writing_task.figures)
            values = {figure_row(row)[1].split()[0].rstrip("%") for t in tables for row in t.rows if row.get("value")}
            top = next(s for s in apparatus.sample_answers if s.level == 4)
            assert any(value in top.text for value in values) if values else " days" in top.text, cid


def test_the_rubric_gives_points_a_mark_and_every_task_can_reach_its_top(book):
    from readertools.content.lessons import task_problems

    rubric = book.rubric
    assert [c.id for c in rubric.criteria] == ["sourcing", "contextualisation", "evidence", "corroboration",
                                               "argument"]
    assert all(len(c.levels) == 4 and c.student and c.asks for c in rubric.criteria)
    assert rubric.points == (4, 3, 2, 1)
    assert rubric.mark(20, 5) == "A" and rubric.mark(15, 5) == "B" and rubric.mark(8, 5) == "D"
    assert rubric.mark(5, 5) == "E"
    for cid, apparatus in book.apparatus.items():
        assert apparatus.writing_task.criteria, cid  # which criteria the task is marked on
        assert task_problems(apparatus, rubric) == [], cid


def test_a_task_that_cannot_reach_a_criterion_s_top_level_is_refused(book):
    from dataclasses import replace

    from readertools.content.lessons import task_problems

    apparatus = book.apparatus["baserli"]
    task = apparatus.writing_task
    # marked on corroboration without asking for a comparison: the top level cannot be reached
    unreachable = replace(apparatus, writing_task=replace(task, criteria={
        **task.criteria, "corroboration": "at least three pieces of evidence"}))
    assert [str(p) for p in task_problems(unreachable, book.rubric)] == [
        ("book/apparatus/baserli.yml, writing_task.criteria.corroboration: “at least three pieces of evidence” "
        "does not ask for what the top level of Corroboration needs (words with one of: compare, set beside, "
        "against the table)")]
    elsewhere = replace(apparatus, writing_task=replace(task, criteria={"corroboration": "compare it with Avakian"}))
    assert [p.message for p in task_problems(elsewhere, book.rubric)] == [
        "“compare it with Avakian” is not in the prompt: give the prompt's own words that ask for this criterion"]
    long = replace(apparatus, sample_answers=(replace(apparatus.sample_answers[0],
                                                      text=apparatus.sample_answers[0].text * 2),))
    assert [p.place for p in task_problems(long, book.rubric)] == ["sample_answers[0].text"]


def test_the_overview_figures_are_those_of_the_chapters(book):
    guide = book.project.instructor_guide.read_text(encoding="utf-8")
    assert guide == guide_page(book), "run `make notebooks`"
    for row in offers(book):
        apparatus = book.apparatus[row.chapter]
        assert sum(row.skills.values()) == len(apparatus.questions)
        assert [n for n, _ in row.core] == [f"{row.number}.{q.number}" for q in apparatus.core]
        assert row.editor_notes == sum(note.chapter == row.chapter for note in book.editor_notes)
        line = next(line for line in guide.splitlines() if line.startswith(f"| {row.number} {{doc}}"))
        assert f"; {row.core_minutes} min; writing task {row.writing_minutes} min" in line
        if row.words is None:
            continue
        chapter = book.chapter(row.chapter)
        notebook = book.notebooks[book.project.chapter_notebook(row.chapter)]
        stored = "".join(output.get("text", "") for cell in notebook.cells if cell.get("id") == "word-count"
                         for output in cell.outputs)
        assert f"Length: {row.words:,} words, {row.paragraphs} numbered paragraphs." in stored  # the notebook's count
        assert row.paragraphs == len(chapter.paragraphs)
        assert f"| {row.words:,} words, {row.reading_minutes} min, {row.paragraphs} ¶ |" in line


def test_the_overview_follows_a_changed_text(copy):
    before = offer(load_book(copy), "henry")
    seed = next(path for path in copy.seeds.glob("*.txt") if "Socialist Party" in path.read_text(encoding="utf-8"))
    lines = seed.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("Socialists base ourself"))
    lines[number] += " Three more words."
    seed.write_text("\n".join(lines), encoding="utf-8")
    book = load_book(copy)
    after = offer(book, "henry")
    assert after.words == before.words + 3 and after.paragraphs == before.paragraphs
    assert f"| {after.words:,} words" in guide_page(book) and f"| {before.words:,} words" not in guide_page(book)


@pytest.fixture(scope="session")
def handouts(book, browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("handouts")
    chosen = choose(book, " ".join(f"{book.numbers[cid]}.{n}" for cid, n in CHOSEN))
    docs = documents(book, ["henry", "commune"]) + documents(book, chosen=chosen)
    paths = print_handouts(book, docs, folder, browser)
    return {path.stem: text_of(path) for path in paths}


def figures_of(book, items):
    """The words of every reference figure a question or task needs, as the packet prints them."""
    from readertools.content.datasets import figure_row, figure_tables

    tables = figure_tables(book.datasets, book.dictionary, [name for item in items for name in item.figures])
    assert tables
    return [" ".join(words(cell)) for table in tables for row in table.rows for cell in figure_row(row) if words(cell)]


def test_a_chapter_packet_holds_the_document_its_lesson_and_no_answer(book, handouts):
    packet, apparatus, chapter = handouts["6-henry-handout"], book.apparatus["henry"], book.chapter("henry")
    for block in chapter.blocks + chapter.notes:  # the whole text, in order
        assert " ".join(words(block.text)) in packet, block.text[:40]
    assert chapter.source.title.lower() not in packet  # the editors' title stays off the packet
    assert holds(packet, "Name") and holds(packet, "Date") and holds(packet, apparatus.central_question)
    for q in apparatus.questions:
        assert holds(packet, f"6.{q.number} {q.text}"), q.number
    for q in apparatus.core:
        assert holds(packet, f"about {q.minutes} minutes")
    assert all(figure in packet for figure in figures_of(book, [q for q in apparatus.questions if q.figures]))
    assert holds(packet, "Organizer: Sourcing chart") and holds(packet, "How far can you rely on it, and for what?")
    assert holds(packet, apparatus.writing_task.prompt) and holds(packet, "your answer")
    assert all(holds(packet, c.student) for c in book.rubric.criteria)
    assert packet.index("core questions") < packet.index("optional questions")
    assert not shingles(packet.split()) & hidden_phrases(book).keys()
    for note in book.editor_notes:  # a note that settles a question is named, not printed
        if note.chapter == "henry" and note.questions:
            assert not holds(packet, note.evidence)
    assert holds(packet, "Editor's note on ¶ 4: try 6.14 first")


def test_a_chapter_across_the_sources_prints_the_passages_it_cites(book, handouts):
    packet, apparatus = handouts["7-commune-handout"], book.apparatus["commune"]
    for q in apparatus.core:
        for cid, number in q.paragraphs:
            block = next(b for b in book.chapter(cid).paragraphs if b.number == number)
            assert " ".join(words(block.text)) in packet, (q.number, cid, number)
    assert holds(packet, "Organizer: Chronology grid")
    assert all(figure in packet for figure in figures_of(book, [q for q in apparatus.core if q.figures]))


def test_a_chapter_key_holds_every_answer_the_plan_the_notes_and_the_rubric(book, handouts):
    key, apparatus = handouts["6-henry-key"], book.apparatus["henry"]
    for q in apparatus.questions:
        assert holds(key, q.text) and holds(key, q.answer), q.number
    assert all(holds(key, s.text) for s in apparatus.sample_answers)
    plan = apparatus.discussion_plan
    assert holds(key, plan.opening) and holds(key, plan.sequence) and holds(key, plan.stumbling_points)
    for part in apparatus.teaching_notes.split("\n\n"):  # the sensitive passages included
        assert holds(key, part), part[:40]
    assert all(holds(key, c.levels[0]) for c in book.rubric.criteria)
    assert all(holds(key, note.evidence) for note in book.editor_notes if note.chapter == "henry")


def test_core_gives_the_core_questions_only(book):
    from readertools.exports.handouts import core_only

    assert core_only({}) is False and core_only({"READER_CORE": "0"}) is False
    assert core_only({"READER_CORE": "1"}) is True
    with pytest.raises(SourceError) as error:
        core_only({"READER_CORE": "yes"})
    assert str(error.value) == ("CORE, READER_CORE in the environment: 'yes' is not 1 or 0: give CORE=1 for the "
                                "core questions only, or leave it out")
    apparatus = book.apparatus["henry"]
    text = " ".join(words(html.unescape(re.sub(r"<[^>]*>", " ", documents(book, ["henry"], core=True)[0][3]))))
    assert all(holds(text, q.text) for q in apparatus.core)
    assert not any(holds(text, q.text) for q in apparatus.optional)


def test_make_hands_core_to_the_tools_exactly_as_given(tmp_path):
    """`make handouts CORE=…` reaches readertools as READER_CORE, unexpanded by make or a shell."""
    import json
    import os
    import subprocess
    import sys

    root = book_root()
    record, hostile = tmp_path / "calls.jsonl", "1$(shell touch pwned)`id`$$HOME"
    (tmp_path / "bin").mkdir()
    recorder = tmp_path / "bin" / "python"
    recorder.write_text(f"#!{sys.executable}\nimport json, os, sys\nwith open({str(record)!r}, 'a') as out:\n"
                        "    out.write(json.dumps([sys.argv[1:], os.environ.get('READER_CORE')]) + '\\n')\n")
    recorder.chmod(0o755)
    environ = {key: value for key, value in os.environ.items() if key not in ("CORE", "READER_CORE", "MAKEFLAGS")}
    for assignments, expected in (([f"CORE={hostile}"], hostile), ([], None)):
        record.unlink(missing_ok=True)
        result = subprocess.run(["make", "--no-print-directory", "-o", "browser", "handouts", "INSTALLED=",
                                 f"BIN={tmp_path / 'bin'}", *assignments], cwd=root, capture_output=True, text=True,
                                check=False, env=environ)
        assert result.returncode == 0, result.stderr
        calls = [json.loads(line) for line in record.read_text().splitlines()]
        assert calls == [[["-m", "readertools", "handouts"], expected]]
        assert not (root / "pwned").exists()


def book_root():
    from readertools.paths import Project

    return Project.here().root


def test_a_handout_of_chosen_questions_holds_exactly_those(book, handouts):
    chosen = {(cid, n) for cid, n in CHOSEN}
    for kind in ("handout", "key"):
        text = next(text for stem, text in handouts.items() if stem.startswith("questions-") and stem.endswith(kind))
        for cid, apparatus in book.apparatus.items():
            for q in apparatus.questions:
                assert holds(text, q.text) == ((cid, q.number) in chosen), (kind, cid, q.number)
                assert holds(text, q.answer) == (kind == "key" and (cid, q.number) in chosen), (kind, cid, q.number)


def test_an_unknown_question_number_is_named(book):
    with pytest.raises(SourceError) as error:
        choose(book, "2.3 6.10 99.1 7.4")
    message = str(error.value)
    assert "no question 6.10: chapter 6 has no question 10" in message and "no question 99.1" in message
    assert "2.3" not in message.replace("no question", "")


def test_the_canvas_bank_imports_and_holds_no_answer(book, tmp_path):
    from text2qti.config import Config
    from text2qti.quiz import Quiz

    sessions = book_sessions(book, ["baserli", "henry"])
    for quiz in bank_quizzes(book, sessions):
        Quiz(quiz_text(quiz), config=Config())  # text2qti's own checks
    [path] = write_banks(book, sessions, tmp_path, "two", "Two chapters", formats=("canvas",))
    hidden = hidden_phrases(book)
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
        names = set(package.namelist())
        trees = {name: ElementTree.fromstring(package.read(name)) for name in names if name.endswith(".xml")}
        manifest = trees["imsmanifest.xml"]
        hrefs = [e.get("href") for e in manifest.iter() if e.get("href")]
        assert hrefs and all(href in names for href in hrefs)
        titles = [item.get("title") for name in sorted(trees) if "/" in name and "meta" not in name
                  for item in trees[name].iter() if item.tag.endswith("item")]
        expected = [f"{book.numbers[c]} central question" for c in ("baserli", "henry")]
        expected += [f"{book.numbers[c]}.{q.number}" for c in ("baserli", "henry") for q in book.apparatus[c].questions]
        expected += [f"{book.numbers[c]} writing task" for c in ("baserli", "henry")]
        assert sorted(titles) == sorted(expected)
        every_field = " ".join(" ".join(tree.itertext()) for tree in trees.values())
        assert not shingles(words(every_field)) & hidden.keys()
        assert not any(holds(" ".join(words(html.unescape(every_field))), q.answer)
                       for c in ("baserli", "henry") for q in book.apparatus[c].questions)
        assert not any(e.tag.endswith(("itemfeedback", "solution")) for tree in trees.values() for e in tree.iter())


def test_paragraph_references_link_to_the_published_book(copy):
    config = yaml.safe_load(copy.config.read_text(encoding="utf-8"))
    config["html"]["baseurl"] = "https://example.org/reader/"
    copy.config.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    book = load_book(copy)
    shown = "".join(html_fragment(item.blocks) for item in bank_quizzes(book, book_sessions(book, ["henry"]))[0].items)
    assert '<a href="https://example.org/reader/book/chapters/henry.html#p-4">4</a>' in shown
    assert 'href="https://example.org/reader/book/chapters/pele.html#p-10"' in shown  # ¶@pele 10–12 in 6.11


def test_the_student_edition_holds_no_instructor_only_text(book, site, instructor_site):
    assert not list(site.rglob("instructor-guide*"))
    assert "instructor-guide" not in (site / "searchindex.js").read_text(encoding="utf-8")
    assert leaks(site, hidden_phrases(book)) == []
    guide = page(instructor_site / "book" / "back" / "instructor-guide.html").get_text(" ")
    apparatus = book.apparatus["henry"]
    instructor_only = [book.rubric.criteria[0].levels[0], apparatus.discussion_plan.opening,
                       apparatus.sample_answers[0].annotation]
    henry = page(instructor_site / "book" / "chapters" / "henry.html").get_text(" ")
    assert holds(" ".join(words(guide)), instructor_only[0])
    assert all(holds(" ".join(words(henry)), text) for text in instructor_only[1:])
    for path in site.rglob("*.html"):
        text = " ".join(words(page(path).get_text(" ")))
        assert not any(holds(text, passage) for passage in instructor_only), path


def test_the_student_page_shows_the_lesson_core_first(book, site):
    henry = page(site / "book" / "chapters" / "henry.html")
    numbers = [p.get_text(" ", strip=True).split()[0] for p in henry.select("p.question")]
    apparatus = book.apparatus["henry"]
    assert numbers == [f"6.{q.number}" for q in (*apparatus.core, *apparatus.optional)]
    assert henry.select_one(".central-question") and henry.select_one(".writing-task")
    assert not henry.select("details.model-answer")


def test_model_answers_fold_on_screen_and_open_in_print(book, instructor_url, browser, tmp_path):
    from readertools.exports.chromium import print_pdf

    tab = browser.new_page()
    try:
        tab.goto(f"{instructor_url}book/chapters/henry.html")
        answers = tab.locator("details.model-answer")
        assert answers.count() == len(book.apparatus["henry"].questions)
        assert tab.evaluate("[...document.querySelectorAll('details.model-answer')].every(d => !d.open)")
        first = book.apparatus["henry"].questions[0].answer.split(".")[0]
        assert not tab.get_by_text(first[:40]).first.is_visible()
        answers.first.locator("summary").click()
        assert tab.get_by_text(first[:40]).first.is_visible()
        tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert tab.evaluate("[...document.querySelectorAll('details.model-answer')].every(d => d.open)")
        tab.evaluate("window.dispatchEvent(new Event('afterprint'))")
        assert tab.evaluate("[...document.querySelectorAll('details.model-answer')].filter(d => d.open).length") == 1
    finally:
        tab.close()
    pdf = print_pdf(browser, f"{instructor_url}book/chapters/henry.html", tmp_path / "henry.pdf", "6", "instructor")
    printed = shingles(text_of(pdf).split())
    for q in book.apparatus["henry"].questions:  # whole, but for a box title the PDF's text may put inside
        answer = shingles(words(plain(q.answer)))
        assert len(answer & printed) >= 0.9 * len(answer), q.number
