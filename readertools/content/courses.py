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
from dataclasses import dataclass, replace
from pathlib import Path

from readertools.content.lessons import lesson_chapters
from readertools.content.references import and_list
from readertools.errors import BookErrors, SourceError
from readertools.schema import load_yaml, place_in, read_yaml

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FORMATS = ("canvas", "moodle", "common-cartridge")  # the question banks a course can ask for
COURSE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")  # a plain file name: no folder, no suffix
LAST_DUE_DAYS = 7  # the last session's writing tasks are due a week after it, unless its `due` says


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
    listed: tuple[str, ...] = ()  # chapters whose questions are listed by number (asked as listed)

    def chapter_questions(self, cid: str) -> tuple[int, ...]:
        """The numbers of the chapter's questions the session asks, in its order."""
        return tuple(number for chapter, number in self.questions if chapter == cid)


@dataclass(frozen=True)
class Course:
    path: Path | None  # the course file, or None for a selection made on the command line
    name: str  # the file's stem: the folder `_build/courses/<name>/`
    title: str
    term: str
    sessions: tuple[CourseSession, ...]
    formats: tuple[str, ...] = FORMATS  # the question banks wanted


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
    return book.notebooks[book.notebook(cid)].cells[0].source.splitlines()[0].lstrip("# ")


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
                   f"chapter {chapter} {no_question(book, cid, int(question))}")
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


# The course file ------------------------------------------------------------------------------------

def course_file(project, name: str, variable: str = "COURSE") -> Path:
    """`courses/<name>.yml` for `make course COURSE=<name>`: a plain file name of that folder, or one
    message saying which names there are."""
    names = sorted(path.stem for path in project.courses.glob("*.yml") if COURSE_NAME.fullmatch(path.stem))
    these = f"these are: {', '.join(names)}" if names else f"there is none in {project.relative(project.courses)}/"
    folder = project.relative(project.courses)
    if not name.strip():
        raise SourceError(variable, f"no course given (e.g. make course COURSE={(names or ['example'])[0]}; {these})")
    if not COURSE_NAME.fullmatch(name):
        raise SourceError(variable, f"{name!r} is not a course name: give the name of a file in {folder}/ "
                          f"without .yml ({these})")
    path = project.course_file(name)
    if not path.is_file():
        raise SourceError(variable, f"no course file {project.relative(path)} ({these})")
    return path


def read_course(book, path: Path, student: bool = False) -> Course:
    """A course file, checked against `schemas/course.schema.yml` and against the book: every chapter
    id, every question number, every date, with one located message per problem. `student`: as
    students may see it, without the own questions' answers."""
    path = Path(path)
    data = load_yaml(path, "course", student=student)
    nodes = read_yaml(path)[1]
    problems: list[SourceError] = []

    def problem(message: str, *keys) -> None:
        problems.append(SourceError(path, message, place=place_in(data, nodes, keys)))

    asked: dict[tuple[str, int], int] = {}  # (chapter, number) -> the session that asks it
    sessions = []
    for index, entry in enumerate(data["sessions"]):
        chapters = _chapters(book, entry, index, problem)
        questions, listed = _questions(book, entry, index, chapters, problem)
        for cid, number, keys in questions:
            if (cid, number) in asked:
                first = asked[(cid, number)]
                problem(f"question {number} of {cid} ({book.numbers[cid]}.{number}) is also in sessions[{first}] "
                        f"({data['sessions'][first]['title'].strip()}): ask each question once in a course", *keys)
            else:
                asked[(cid, number)] = index
        own = tuple(OwnQuestion(number, q["text"].strip(), q["answer"].strip(), q.get("minutes"))
                    for number, q in enumerate(entry.get("own_questions", ()), start=1))
        sessions.append(CourseSession(
            entry["title"].strip(), tuple(c for c in chapters if c), tuple((c, n) for c, n, _ in questions), own,
            entry.get("writing", True), entry.get("notes", "closed") == "open", focus=entry.get("focus", "").strip(),
            listed=listed))
    sessions = _dated(data, sessions, problem)
    _open_notes(book, sessions, problem)
    if problems:
        raise BookErrors(problems)
    return Course(path, path.stem, data["title"].strip(), data["term"].strip(), tuple(sessions),
                  tuple(data.get("formats", FORMATS)))


def student_course(course: Course) -> Course:
    """The course as students may see it: the own questions without their answers."""
    return replace(course, sessions=tuple(
        replace(s, own_questions=tuple(replace(q, answer="") for q in s.own_questions)) for s in course.sessions))


def _chapters(book, entry, index: int, problem) -> list[str | None]:
    """The session's chapter ids, None in place of one that is unknown or given twice."""
    known, found = lesson_chapters(book), []
    for k, cid in enumerate(entry["chapters"]):
        if cid not in known:
            problem(f"{cid!r} is not a chapter with questions (these are: {', '.join(known)})",
                    "sessions", index, "chapters", k)
        elif cid in found:
            problem(f"{cid!r} is given twice in the session: name each chapter once", "sessions", index, "chapters", k)
        else:
            found.append(cid)
            continue
        found.append(None)
    return found


def _questions(book, entry, index: int, chapters, problem):
    """((chapter, number, place) of every question the session asks, in order; the chapters listed by
    number)."""
    which = entry.get("questions", "core")
    per = {cid: which for cid in chapters if cid} if isinstance(which, str) else dict(which)
    here = ("sessions", index, "questions")
    if not isinstance(which, str):
        named = [c for c in chapters if c]
        for cid in per:
            if cid not in entry["chapters"]:
                problem(f"{cid!r} is not a chapter of this session (its chapters are: {', '.join(named)})", *here, cid)
        for cid in named:
            if cid not in per:
                problem(f"no questions chosen for {cid!r}: give core, all or a list of its question numbers", *here)
    found, listed = [], []
    for cid in (c for c in chapters if c and c in per):
        if isinstance(per[cid], str):
            found += [(c, n, here) for c, n in chapter_questions(book, cid, per[cid])]
            continue
        listed.append(cid)
        numbers = [q.number for q in book.apparatus[cid].questions]
        for j, number in enumerate(per[cid]):
            keys, label = (*here, cid, j), f"{book.numbers[cid]}.{number}"
            if number not in numbers:
                problem(f"{cid} {no_question(book, cid, number)}", *keys)
            elif (cid, number) in [(c, n) for c, n, _ in found]:
                problem(f"question {number} of {cid} ({label}) is given twice: name each question once", *keys)
            else:
                found.append((cid, number, keys))
    return found, tuple(listed)


def _dated(data, sessions: list[CourseSession], problem) -> list[CourseSession]:
    """The sessions with the days they meet (their `date`, or the weekly pattern's next day) and the
    days their writing tasks are due; a date before the session's before it, or a due date before its
    session, is a problem."""
    meets = data.get("meets")
    skip = {_day(text) for text in (meets or {}).get("skip", ())}
    cursor = _day(meets["start"]) - datetime.timedelta(days=1) if meets else None
    dated, previous = [], None
    for index, (entry, session) in enumerate(zip(data["sessions"], sessions, strict=True)):
        if "date" in entry:
            day = _day(entry["date"])
        elif meets:
            day = cursor + datetime.timedelta(days=1)
            while WEEKDAYS[day.weekday()] not in meets["days"] or day in skip:
                day += datetime.timedelta(days=1)
        else:
            problem("no date: give the session a date, or give the course a weekly pattern (meets)",
                    "sessions", index)
            dated.append(session)
            continue
        if previous is not None and day < dated[previous].meets:
            problem(f"{day.isoformat()} is before the date of sessions[{previous}] ({dated[previous].title}, "
                    f"{dated[previous].meets.isoformat()}): list the sessions in the order they meet",
                    "sessions", index, "date")
        cursor, previous = day, index
        dated.append(replace(session, meets=day))
    for index, (entry, session) in enumerate(zip(data["sessions"], dated, strict=True)):
        if not session.writing or session.meets is None:
            continue
        if "due" in entry:
            due = _day(entry["due"])
            if due < session.meets:
                problem(f"{due.isoformat()} is before the session ({session.meets.isoformat()}): its writing tasks "
                        "are due on or after it meets", "sessions", index, "due")
        else:
            later = next((s.meets for s in dated[index + 1:] if s.meets), None)
            due = later or session.meets + datetime.timedelta(days=LAST_DUE_DAYS)
        dated[index] = replace(session, due=due)
    return dated


def _open_notes(book, sessions: list[CourseSession], problem) -> None:
    """Open notes must not settle a question before students try it: a session whose packets print its
    chapters' notes open may not ask, then or later, a question one of those notes settles."""
    for index, session in enumerate(sessions):
        if not session.notes_open:
            continue
        later = {q for s in sessions[index:] for q in s.questions}
        settled = [(note, q) for note in book.editor_notes if note.chapter in session.chapters
                   for q in note.questions if q in later]
        if settled:
            names = list(dict.fromkeys(f"{book.numbers[c]}.{n}" for _, (c, n) in settled))
            problem(f"open notes would print the editor's notes that settle {and_list(names)} in the students' packet, "
                    "before they have tried them (this session or a later one asks them): keep the notes closed, "
                    "or leave those questions out", "sessions", index, "notes")


def long_date(day: datetime.date) -> str:
    """"Monday 1 February 2027", as the syllabus and the packets give a date."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def no_question(book, cid: str, number: int) -> str:
    """Why chapter `cid` has no question `number`: a number within its range was withdrawn, and is never reused."""
    numbers = [q.number for q in book.apparatus[cid].questions]
    withdrawn = (f": {book.numbers[cid]}.{number} was withdrawn, and a withdrawn question's number is never reused"
                 if 0 < number < numbers[-1] else "")
    return f"has no question {number}{withdrawn} (its questions are {number_ranges(numbers)})"


def number_ranges(numbers) -> str:
    """"1–9, 11 and 13–18": a chapter's question numbers, their gaps shown."""
    runs = []
    for number in sorted(numbers):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    parts = [str(a) if a == b else f"{a}, {b}" if b == a + 1 else f"{a}–{b}" for a, b in runs]
    return and_list(parts)
