"""`make course COURSE=<name>`: a course file (`courses/<name>.yml`, read by `courses.read_course`)
made into what the course needs, in `_build/courses/<name>/`:

- `<name>-course-pack.pdf`, for students: a cover (the course's title, term and sessions), the
  syllabus, then each session's packets in order, each chapter's made from the session's selection
  (`handouts.session_selection`: its questions in its order, its own questions, its notes open or
  closed, its writing tasks and when they are due);
- `<name>-instructor-pack.pdf`: the same, with the keys of the same selections (answers, discussion
  plans, teaching notes, the own questions' answers, sample answers) and the whole rubric at the end;
- `<name>-syllabus.html` (a standalone page for a phone or a desktop) and `<name>-syllabus.pdf`;
- the question banks in the formats the course asks for.

Everything students get is made from the student edition's model and the course without its answers
(`courses.student_course`), and is searched for instructor-only text (the book's, and the course's
own answers) twice: its pages before anything is printed, and the finished PDFs and page. The
folder is written beside the old one and replaces it only once all of it is made and checked.
"""

import shutil
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from readertools.checks.leaks import hidden_phrases, leaks_of_data
from readertools.content.courses import student_course
from readertools.errors import BookErrors
from readertools.exports.banks import write_banks
from readertools.exports.chromium import chromium, combine, print_pdf, served
from readertools.exports.handouts import chapter_section, page, session_selection
from readertools.exports.packet_lesson import rubric_section
from readertools.exports.syllabus import book_title, cover, syllabus_page
from readertools.model import student_edition


@dataclass(frozen=True)
class Part:
    stem: str  # its file name in the work folder, without suffix
    title: str  # its running header and its bookmark in the pack
    edition: str  # "student" or "instructor"
    html: str


def course_parts(book, course) -> dict[str, list[Part]]:
    """The pages of the student course pack ("student"), the instructor's pack ("instructor") and the
    syllabus PDF ("syllabus"), in order."""
    student, pupils = student_edition(book), student_course(course)
    title = book_title(book)
    student_cover = cover(student, pupils, "Student course pack",
                          f"The texts, questions and writing tasks of {title}, student edition.")
    instructor_cover = cover(book, course, "Instructor's pack: not for students",
                             f"The answer keys of {title}, instructor edition, for the course's selections: model "
                             "answers, discussion plans, teaching notes, sample answers and the rubric.")
    front = f"{course.title} · Syllabus"
    packs = {"student": [Part("student-front", front, "student", syllabus_page(student, pupils, student_cover))],
             "instructor": [Part("instructor-front", front, "instructor",
                                 syllabus_page(book, course, instructor_cover))],
             "syllabus": [Part("syllabus", front, "student", syllabus_page(student, pupils))]}
    for index, (session, pupil) in enumerate(zip(course.sessions, pupils.sessions, strict=True), start=1):
        for cid in session.chapters:
            number = book.numbers[cid]
            for key, model, chosen, kind in ((False, student, pupil, "Seminar packet"),
                                             (True, book, session, "Answer key")):
                label = f"{session.title} · Chapter {number} · {kind}"
                body = chapter_section(model, cid, key, selection=session_selection(model, chosen, cid))
                edition = "instructor" if key else "student"
                packs[edition].append(Part(f"{index:02d}-{number}-{cid}-{edition}", label, edition, page(label, body)))
    packs["instructor"].append(Part("rubric", "Assessment rubric", "instructor", page("Assessment rubric",
                                                                                      rubric_section(book))))
    return packs


def course_hidden(book, course):
    """The phrases no student output may hold: the book's instructor-only texts and the course's own
    answers (its own questions' texts and the sessions' focus are for students)."""
    where = book.project.relative(course.path) if course.path else course.name
    answers = [(f"{where}, {session.title}, instructor's question {q.number}, answer", q.answer)
               for session in course.sessions for q in session.own_questions]
    seen = [text for session in course.sessions for text in (session.focus, *(q.text for q in session.own_questions))]
    return hidden_phrases(book, answers, seen)


def _check(files: list[Path], hidden) -> None:
    problems = [problem for path in files for problem in leaks_of_data(path, path.read_bytes(), hidden)]
    if problems:
        raise BookErrors(problems)


def build_course(book, course, out: Path | None = None, browser=None) -> list[Path]:
    """Write the course's packs, syllabus and banks into `out` (default `_build/courses/<name>/`),
    printing with `browser` or a Chromium of its own; returns the files written."""
    out = Path(out or book.project.course_build(course.name))
    out.parent.mkdir(parents=True, exist_ok=True)
    packs, hidden = course_parts(book, course), course_hidden(book, course)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}-") as temporary:
        work, staged = Path(temporary) / "work", Path(temporary) / out.name
        work.mkdir()
        staged.mkdir()
        parts = {part.stem: part for pack in packs.values() for part in pack}
        for part in parts.values():
            (work / f"{part.stem}.html").write_text(part.html, encoding="utf-8")
        _check([work / f"{stem}.html" for stem, part in parts.items() if part.edition == "student"], hidden)
        with served(work) as url, (nullcontext(browser) if browser else chromium()) as chrome:
            for part in parts.values():
                print_pdf(chrome, f"{url}{part.stem}.html", work / f"{part.stem}.pdf", part.title, part.edition)
        name = course.name
        written = [combine([(p.title, work / f"{p.stem}.pdf") for p in packs["student"]],
                           staged / f"{name}-course-pack.pdf", f"{course.title}: course pack", "student"),
                   combine([(p.title, work / f"{p.stem}.pdf") for p in packs["instructor"]],
                           staged / f"{name}-instructor-pack.pdf", f"{course.title}: instructor's pack", "instructor"),
                   shutil.copy(work / "syllabus.html", staged / f"{name}-syllabus.html"),
                   shutil.copy(work / "syllabus.pdf", staged / f"{name}-syllabus.pdf")]
        _check([written[0], *written[2:]], hidden)
        written += write_banks(book, course.sessions, staged, name, course.title, course.formats, hidden)
        shutil.rmtree(out, ignore_errors=True)
        staged.rename(out)
    return [out / Path(path).name for path in written]
