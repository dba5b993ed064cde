"""A course: which chapters an instructor teaches, in which sessions, with which questions, and when.

Every instructor output that takes a selection (the course pack and syllabus, the question banks,
`make qti` and `make handout`) is made from `CourseSession`s: a course file gives them
(`courses/<name>.yml`, read by `read_course`), and the single commands make them from their
variables (`book_sessions` for `CHAPTERS` and `CORE`, `named_questions` for `QUESTIONS`). A session
only selects and orders the apparatus's questions, by chapter id and question number (numbers are
stable: a withdrawn question's number is never reused); it may add the instructor's own questions.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from readertools.content.lessons import lesson_chapters
from readertools.errors import BookErrors, SourceError


@dataclass(frozen=True)
class OwnQuestion:
    """A question the instructor adds in the course file, with its answer (instructor-only)."""
    number: int  # its place among the session's own questions, from 1
    text: str
    answer: str
    minutes: int | None = None


@dataclass(frozen=True)
class CourseSession:
    title: str  # "Week 1"
    chapters: tuple[str, ...]  # chapter ids, in the order read
    questions: tuple[tuple[str, int], ...]  # (chapter id, question number), in the order asked
    own_questions: tuple[OwnQuestion, ...] = ()
    writing: bool = True  # the chapters' central questions and writing tasks belong to the session
    notes_open: bool = False  # the editor's notes printed open in the students' packets
    meets: datetime.date | None = None
    due: datetime.date | None = None  # when the session's writing tasks are handed in
    focus: str = ""


@dataclass(frozen=True)
class Course:
    path: Path | None  # the course file, or None for a selection made on the command line
    name: str  # the file's stem: the folder `_build/courses/<name>/`
    title: str
    term: str
    sessions: tuple[CourseSession, ...]
    formats: tuple[str, ...] = ("canvas", "moodle", "common-cartridge")  # the question banks wanted


def chapter_questions(book, cid: str, which="all") -> tuple[tuple[str, int], ...]:
    """(cid, number) of the chapter's questions: "core", "all", or the numbers given, in that order."""
    apparatus = book.apparatus[cid]
    if which == "core":
        chosen = [q.number for q in apparatus.core]
    elif which == "all":
        chosen = [q.number for q in apparatus.core + apparatus.optional]
    else:
        chosen = list(which)
    return tuple((cid, number) for number in chosen)


def chapter_title(book, cid: str) -> str:
    """A chapter's title as the table of contents gives it."""
    if cid in book.chapter_ids:
        return book.chapter(cid).source.title
    return book.notebooks[book.project.across_notebook(cid)].cells[0].source.splitlines()[0].lstrip("# ")


def book_sessions(book, chapters=None, core: bool = False) -> list[CourseSession]:
    """One session per chapter with questions (or per chapter of `chapters`), in the table of
    contents' order: its core questions with `core`, else all of them."""
    return [CourseSession(f"Chapter {book.numbers[cid]}: {chapter_title(book, cid)}", (cid,),
                          chapter_questions(book, cid, "core" if core else "all"))
            for cid in (chapters or lesson_chapters(book))]


def named_questions(book, text: str, variable: str = "QUESTIONS") -> tuple[tuple[str, int], ...]:
    """The questions named "2.3 5.1 7.4" (spaces or commas, as the book numbers them), in the order
    given; an unknown number or one given twice is an error naming it."""
    by_number = {book.numbers[cid]: cid for cid in lesson_chapters(book)}
    chosen, problems = [], []
    for name in filter(None, re.split(r"[\s,]+", text.strip())):
        chapter, _, question = name.partition(".")
        cid = by_number.get(int(chapter)) if chapter.isdigit() else None
        found = book.apparatus[cid].question(int(question)) if cid and question.isdigit() else None
        if found is None:
            why = ("write chapter.question, e.g. 2.3" if not re.fullmatch(r"\d+\.\d+", name) else
                   f"chapter {chapter} has no questions" if cid is None else
                   f"chapter {chapter} has no question {question} (its questions are "
                   f"{', '.join(str(q.number) for q in book.apparatus[cid].questions)})")
            problems.append(SourceError(variable, f"no question {name}: {why}"))
        elif (cid, found.number) in chosen:
            problems.append(SourceError(variable, f"question {name} is given twice: name each question once"))
        else:
            chosen.append((cid, found.number))
    if not chosen and not problems:
        problems.append(SourceError(variable, f"no questions given (e.g. {variable}=\"2.3 5.1 7.4\")"))
    if problems:
        raise BookErrors(problems)
    return tuple(chosen)


def chosen_session(book, text: str, variable: str = "QUESTIONS") -> CourseSession:
    """A session of the questions named (`named_questions`), without writing tasks."""
    questions = named_questions(book, text, variable)
    return CourseSession("Questions " + " ".join(f"{book.numbers[c]}.{n}" for c, n in questions),
                         tuple(dict.fromkeys(c for c, _ in questions)), questions, writing=False)
