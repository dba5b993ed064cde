"""A course file and `make course`: the example course builds once (its packs and syllabus read back
with pypdf and as HTML), and a course file's bad references and dates give their located messages.
"""

import json
import re
import textwrap
import unicodedata
import zipfile
from pathlib import Path

import lxml.html
import pytest
from html_text import page
from lxml import etree
from pypdf import PdfReader

from readertools.__main__ import main
from readertools.checks.leaks import plain, shingles, words
from readertools.content.courses import long_date, read_course
from readertools.errors import SourceError
from readertools.exports.banks import named_chapters
from readertools.exports.chromium import served
from readertools.exports.course import build_course, course_hidden
from readertools.exports.handouts import choose
from readertools.exports.syllabus import reading_minutes


def said(text: str) -> str:
    """A text's words as the tests compare them: lower-case, numbers and punctuation left out."""
    return " ".join(words(plain(text)))


def page_texts(pdf) -> list[str]:
    """Each page's words, without the running header and footer."""
    found = []
    for sheet in PdfReader(pdf).pages:
        lines = unicodedata.normalize("NFKC", sheet.extract_text()).splitlines()
        kept = [line for line in lines if not re.fullmatch(r"page \d+ of \d+|.* · \w+ edition", line.strip())]
        found.append(" ".join(words(" ".join(kept))))
    return found


def outline(pdf) -> list[tuple[str, int]]:
    """(title, first page from 0) of each part of a pack."""
    reader = PdfReader(pdf)
    return [(item.title, reader.get_destination_page_number(item)) for item in reader.outline
            if not isinstance(item, list)]


@pytest.fixture(scope="module")
def example(book, browser, tmp_path_factory):
    """The example course, built once: (course, {file name: path})."""
    course = read_course(book, book.project.course_file("example"))
    written = build_course(book, course, tmp_path_factory.mktemp("course") / "example", browser)
    return course, {path.name: path for path in written}


@pytest.fixture(scope="module")
def course_pack(example):
    pdf = example[1]["example-course-pack.pdf"]
    return pdf, page_texts(pdf), outline(pdf)


def test_the_example_course_is_the_five_week_module(book, example):
    course, files = example
    module = next(s for s in book.sequences if s.id == "module")
    assert [s.chapters for s in course.sessions] == [s.chapters for s in module.sessions]
    assert sorted(files) == ["example-canvas.zip", "example-course-pack.pdf", "example-instructor-pack.pdf",
                             "example-moodle.xml", "example-syllabus.html", "example-syllabus.pdf", "example.imscc"]
    assert [s.meets.isoformat() for s in course.sessions] == [  # Mondays, but 15 February
        "2027-02-01", "2027-02-08", "2027-02-22", "2027-03-01", "2027-03-08"]
    assert [s.due.isoformat() for s in course.sessions] == [
        "2027-02-08", "2027-02-22", "2027-03-01", "2027-03-08", "2027-03-15"]
    assert course.sessions[3].listed == ("henry",) and course.sessions[3].notes_open
    assert course.sessions[4].own_questions[0].answer


def test_the_course_s_banks_hold_one_quiz_per_session_and_its_own_question(book, example):
    """The banks of the course's sessions: a Moodle category and a cartridge assessment per session, in
    order; the own question in each format, its answer in Moodle's grader information only."""
    course, files = example
    moodle = etree.parse(str(files["example-moodle.xml"])).getroot()
    categories = [q.findtext("category/text").rsplit("/", 1)[1] for q in moodle if q.get("type") == "category"]
    assert categories == [s.title for s in course.sessions]
    own = course.sessions[4].own_questions[0]
    texts = [" ".join(lxml.html.fragment_fromstring(q.findtext("questiontext/text"), create_parent="div")
                      .text_content().split()) for q in moodle if q.get("type") == "essay"]
    assert sum(" ".join(own.text.split()) in text for text in texts) == 1
    graders = [q.findtext("graderinfo/text") or "" for q in moodle if q.get("type") == "essay"]
    assert sum(" ".join(own.answer.split()) in " ".join(g.split()) for g in graders) == 1
    with zipfile.ZipFile(files["example.imscc"]) as cartridge:
        manifest = etree.fromstring(cartridge.read("imsmanifest.xml"))
        titles = [t.text for t in manifest.iter("{*}title")][2:]  # after the course (LOM) and its module
        assert titles == [s.title for s in course.sessions]
        whole = " ".join(cartridge.read(name).decode() for name in cartridge.namelist())
    with zipfile.ZipFile(files["example-canvas.zip"]) as canvas:
        whole += " ".join(canvas.read(name).decode() for name in canvas.namelist())
    assert " ".join(own.answer.split())[:60] not in " ".join(whole.split())


def test_the_course_pack_opens_with_a_cover_and_the_syllabus_then_every_packet_in_order(book, example, course_pack):
    course, _ = example
    _, pages, parts = course_pack
    expected = [f"{course.title} · Syllabus"] + [f"{s.title} · Chapter {book.numbers[c]} · Seminar packet"
                                                 for s in course.sessions for c in s.chapters]
    assert [title for title, _ in parts] == expected
    starts = [start for _, start in parts]
    assert starts == sorted(set(starts)) and starts[0] == 0
    assert said(course.title) in pages[0] and said(course.term) in pages[0] and "student course pack" in pages[0]
    front = " ".join(pages[:starts[1]])
    for session in course.sessions:
        assert said(long_date(session.meets)) in front and said(f"Due {long_date(session.due)}") in front
    firsts = iter(starts[1:])
    for session in course.sessions:
        for cid in session.chapters:
            kicker = f"{session.title} {long_date(session.meets)} chapter seminar packet"
            assert said(kicker) in pages[next(firsts)], (session.title, cid)


def test_every_selected_question_is_in_the_pack_once_in_order_and_no_other(book, example, course_pack):
    course, _ = example
    _, pages, parts = course_pack
    packets = " ".join(pages[parts[1][1]:])
    places = []
    for session in course.sessions:
        for cid, number in session.questions:
            text = said(book.apparatus[cid].question(number).text)
            assert packets.count(text) == 1, (cid, number)
            places.append(packets.index(text))
        for own in session.own_questions:
            assert packets.count(said(own.text)) == 1
            places.append(packets.index(said(own.text)))
    assert places == sorted(places)
    asked = {q for s in course.sessions for q in s.questions}
    for cid in {c for s in course.sessions for c in s.chapters}:
        for q in book.apparatus[cid].questions:
            if (cid, q.number) not in asked:
                assert said(q.text) not in packets, (cid, q.number)


def test_the_course_pack_and_syllabus_hold_no_instructor_only_text(book, example, course_pack):
    course, files = example
    hidden = course_hidden(book, course)
    for pdf in (files["example-course-pack.pdf"], files["example-syllabus.pdf"]):
        text = " ".join(course_pack[1]) if pdf == course_pack[0] else " ".join(page_texts(pdf))
        assert not shingles(text.split()) & hidden.keys(), pdf.name
        for cid in {c for s in course.sessions for c in s.chapters}:
            apparatus = book.apparatus[cid]
            assert not any(said(q.answer) in text for q in apparatus.questions), (pdf.name, cid)
            assert said(apparatus.discussion_plan.opening) not in text
            assert not any(said(s.text) in text for s in apparatus.sample_answers)
        assert said(course.sessions[4].own_questions[0].answer) not in text
    syllabus = " ".join(words(page(files["example-syllabus.html"]).get_text(" ")))
    assert said(course.sessions[4].own_questions[0].answer) not in syllabus
    assert not any(said(q.answer) in syllabus for a in book.apparatus.values() for q in a.questions)


def test_open_notes_are_printed_whole_and_closed_ones_named(book, course_pack):
    pages, parts = course_pack[1], course_pack[2]
    starts = {title.split(" · ")[1]: start for title, start in parts}
    henry = " ".join(pages[starts["Chapter 6"]:starts["Chapter 7"]])
    baserli = " ".join(pages[starts["Chapter 5"]:starts["Chapter 6"]])
    assert "printed open for this session" in henry
    assert all(said(note.evidence) in henry for note in book.editor_notes if note.chapter == "henry")
    settling = [note for note in book.editor_notes if note.chapter == "baserli" and note.questions]
    assert settling and not any(said(note.evidence) in baserli for note in settling)


def test_the_instructors_pack_holds_the_keys_the_own_answers_and_the_rubric(book, example):
    course, files = example
    text = " ".join(page_texts(files["example-instructor-pack.pdf"]))
    for session in course.sessions:
        for cid, number in session.questions:
            assert said(book.apparatus[cid].question(number).answer) in text, (cid, number)
        for cid in session.chapters:
            assert said(book.apparatus[cid].discussion_plan.opening) in text, cid
        for own in session.own_questions:
            assert said(own.answer) in text
    assert all(said(c.levels[0]) in text for c in book.rubric.criteria)
    assert [title for title, _ in outline(files["example-instructor-pack.pdf"])][-1] == "Assessment rubric"


def test_the_syllabus_page_holds_the_dates_readings_questions_and_due_dates(book, example):
    course, files = example
    soup = page(files["example-syllabus.html"])
    assert soup.select_one('meta[name="viewport"]')
    sessions = soup.select("li.session")
    assert len(sessions) == len(course.sessions)
    for item, session in zip(sessions, course.sessions, strict=True):
        text = " ".join(item.get_text(" ").split())
        assert item.select_one("time")["datetime"] == session.meets.isoformat()
        assert long_date(session.meets) in text and f"Due {long_date(session.due)}" in text
        for cid in session.chapters:
            assert f"{reading_minutes(book, session, cid)} min" in text
        numbers = [n.get_text() for n in item.select(".questions .number")]
        assert numbers == [f"{book.numbers[c]}.{n}" for c, n in session.questions] + [
            f"I.{q.number}" for q in session.own_questions]
        said_here = " ".join(words(text))
        assert all(said(book.apparatus[c].question(n).text) in said_here for c, n in session.questions)
        assert all(said(book.apparatus[c].writing_task.prompt) in said_here for c in session.chapters)
    pdf = " ".join(page_texts(files["example-syllabus.pdf"]))
    assert all(said(long_date(s.meets)) in pdf for s in course.sessions)


def test_the_syllabus_reads_on_a_phone_and_a_desktop(example, browser):
    _, files = example
    with served(files["example-syllabus.html"].parent) as url:
        for width in (390, 1280):
            tab = browser.new_page(viewport={"width": width, "height": 800})
            try:
                tab.goto(f"{url}example-syllabus.html")
                assert tab.evaluate("document.documentElement.scrollWidth") == width
                size = tab.evaluate("parseFloat(getComputedStyle(document.querySelector('.questions p')).fontSize)")
                assert size >= 16
                columns = tab.evaluate("getComputedStyle(document.querySelector('.session')).display")
                assert columns == ("grid" if width > 900 else "list-item")
            finally:
                tab.close()


# Bad course files: one located message per problem --------------------------------------------------

def course_errors(book, tmp_path, monkeypatch, text: str) -> list[str]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "courses").mkdir(exist_ok=True)
    (tmp_path / "courses" / "bad.yml").write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    with pytest.raises(SourceError) as error:
        read_course(book, Path("courses/bad.yml"))
    return str(error.value).splitlines()


HEAD = """
    title: A test course
    term: Spring 2027
    meets: {start: 2027-02-01, days: [Monday]}
    sessions:
"""


def test_an_unknown_chapter_is_named_at_its_place(book, tmp_path, monkeypatch):
    assert course_errors(book, tmp_path, monkeypatch, HEAD + """\
      - title: Week 1
        chapters: [henry]
      - title: Week 2
        chapters: [pele, foo]
    """) == [("courses/bad.yml, sessions[1].chapters[1], line 8: 'foo' is not a chapter with questions (these are: "
             "dictatorship, commune-lessons, avakian, pele, baserli, henry, commune)")]


def test_a_withdrawn_an_unknown_and_a_repeated_question_each_give_a_message(book, tmp_path, monkeypatch):
    assert course_errors(book, tmp_path, monkeypatch, HEAD + """\
      - title: Week 1
        chapters: [henry]
        questions:
          henry: [1, 10, 1, 99]
      - title: Week 2
        chapters: [henry]
        questions: {henry: [2, 7]}
    """) == [
        ("courses/bad.yml, sessions[0].questions.henry[1], line 8: henry has no question 10: 6.10 was withdrawn, "
         "and a withdrawn question's number is never reused (its questions are 1–9 and 11–18)"),
        ("courses/bad.yml, sessions[0].questions.henry[2], line 8: question 1 of henry (6.1) is given twice: name "
         "each question once"),
        ("courses/bad.yml, sessions[0].questions.henry[3], line 8: henry has no question 99 (its questions are 1–9 "
        "and 11–18)")]


def test_a_question_asked_in_two_sessions_is_named(book, tmp_path, monkeypatch):
    assert course_errors(book, tmp_path, monkeypatch, HEAD + """\
      - title: Week 1
        chapters: [henry]
      - title: Week 2
        chapters: [henry]
        questions: {henry: [3, 2]}
    """) == [("courses/bad.yml, sessions[1].questions.henry[1], line 9: question 2 of henry (6.2) is also in "
             "sessions[0] (Week 1): ask each question once in a course")]


def test_dates_out_of_order_and_a_due_date_before_its_session_are_named(book, tmp_path, monkeypatch):
    assert course_errors(book, tmp_path, monkeypatch, """
        title: A test course
        term: Spring 2027
        sessions:
          - title: Week 1
            date: 2027-02-08
            chapters: [henry]
          - title: Week 2
            date: 2027-02-01
            chapters: [pele]
            due: 2027-01-30
          - title: Week 3
            chapters: [baserli]
    """) == [
        ("courses/bad.yml, sessions[1].date, line 8: 2027-02-01 is before the date of sessions[0] (Week 1, "
         "2027-02-08): list the sessions in the order they meet"),
        ("courses/bad.yml, sessions[2], line 11: no date: give the session a date, or give the course a weekly "
         "pattern (meets)"),
        ("courses/bad.yml, sessions[1].due, line 10: 2027-01-30 is before the session (2027-02-01): its writing "
         "tasks are due on or after it meets")]


def test_open_notes_that_would_settle_a_question_still_to_be_asked_are_refused(book, tmp_path, monkeypatch):
    assert course_errors(book, tmp_path, monkeypatch, HEAD + """\
      - title: Week 1
        chapters: [henry]
        notes: open
      - title: Week 2
        chapters: [baserli]
    """) == [("courses/bad.yml, sessions[0].notes, line 7: open notes would print the editor's notes that settle "
              "6.17 and 5.16 in the students' packet, before they have tried them (this session "
              "or a later one asks them): keep the notes closed, or leave those questions out")]


def test_the_schema_names_a_wrong_field(book, tmp_path, monkeypatch):
    assert course_errors(book, tmp_path, monkeypatch, HEAD + """\
      - title: Week 1
        chapters: [henry]
        questions: some
        notes: shut
    """) == [
        "courses/bad.yml, sessions[0].notes, line 8: expected open or closed, got 'shut'",
        ("courses/bad.yml, sessions[0].questions, line 7: expected core, all, or per chapter id core, all or a "
         "list of question numbers, got 'some'")]


@pytest.mark.parametrize(("name", "message"), [
    ("", "COURSE: no course given (e.g. make course COURSE=example; these are: example)"),
    ("../secret", ("COURSE: '../secret' is not a course name: give the name of a file in courses/ without .yml "
                  "(these are: example)")),
    ("example.yml", ("COURSE: 'example.yml' is not a course name: give the name of a file in courses/ without .yml "
                    "(these are: example)")),
    ("spring", "COURSE: no course file courses/spring.yml (these are: example)")])
def test_a_bad_course_name_is_refused_before_the_book_loads(capsys, monkeypatch, name, message):
    monkeypatch.setenv("READER_COURSE", name)
    assert main(["course"]) == 2
    assert capsys.readouterr().err.splitlines() == [f"error: {message}"]


def test_the_single_commands_refuse_duplicates(book):
    with pytest.raises(SourceError) as error:
        named_chapters(book, "henry pele henry")
    assert str(error.value) == "CHAPTERS: 'henry' is given 2 times: name each chapter once"
    with pytest.raises(SourceError) as error:
        choose(book, "6.1 6.10 6.1")
    assert str(error.value).splitlines() == [
        ("QUESTIONS: no question 6.10: chapter 6 has no question 10: 6.10 was withdrawn, and a withdrawn question's "
        "number is never reused (its questions are 1–9 and 11–18)"),
        "QUESTIONS: question 6.1 is given twice: name each question once"]


def test_a_model_answer_pasted_into_an_own_question_stops_the_build(book, tmp_path, monkeypatch):
    """The course's own texts reach students: a model answer pasted into one is found before printing."""
    answer = book.apparatus["henry"].question(1).answer
    monkeypatch.chdir(tmp_path)
    (tmp_path / "courses").mkdir()
    (tmp_path / "courses" / "leak.yml").write_text(textwrap.dedent(f"""\
        title: A test course
        term: Spring 2027
        sessions:
          - title: Week 1
            date: 2027-02-01
            chapters: [henry]
            own_questions:
              - text: {json.dumps(answer)}
                answer: Any.
        """), encoding="utf-8")
    course = read_course(book, Path("courses/leak.yml"))
    with pytest.raises(SourceError) as error:
        build_course(book, course, tmp_path / "out")
    problems = str(error.value).splitlines()
    assert problems and all("holds instructor-only text from book/apparatus/henry.yml, question 1, answer" in p
                            for p in problems)
    assert {Path(p.split(":")[0]).name for p in problems} == {"01-6-henry-student.html", "syllabus.html",
                                                             "student-front.html"}
    assert not (tmp_path / "out").exists()


def test_the_syllabus_links_each_reading_to_the_published_book(book, example, monkeypatch):
    from readertools.exports.syllabus import syllabus_page

    course, _ = example
    monkeypatch.setenv("READER_BASEURL", "https://example.org/reader/")
    text = syllabus_page(book, course)
    assert 'href="https://example.org/reader/book/chapters/henry.html"' in text
    assert 'href="https://example.org/reader/book/across/commune.html"' in text
