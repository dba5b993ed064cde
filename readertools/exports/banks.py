"""The question banks of a selection, for every LMS: `<stem>-canvas.zip` (Canvas QTI, `exports.qti`),
`<stem>-moodle.xml` (Moodle XML, `exports.moodle`) and `<stem>.imscc` (Common Cartridge 1.3, for
Brightspace, Blackboard and the rest: `exports.cartridge`), one quiz per session
(`content.courses.CourseSession`) in each, made from one item model (`exports.bank_items`).

Before a bank is kept, what students see of it is searched for every instructor-only phrase with the
student site's own leak check (`checks.leaks`): the Canvas package and the cartridge whole, the Moodle
file without its grader information. One found stops the command, and nothing is written.

`make qti` takes the course file's selections as make variables (`bank_selection`): CHAPTERS (one quiz
per chapter, all its questions), CORE=1 (its core questions only), or QUESTIONS (one quiz of the
questions named, in that order, without writing tasks); nothing: one quiz per chapter with questions.
"""

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from lxml import etree

from readertools.checks.leaks import hidden_phrases, leaks_of_data, text_leaks
from readertools.content.courses import FORMATS, book_sessions, chosen_session
from readertools.content.lessons import lesson_chapters
from readertools.errors import BookErrors, SourceError
from readertools.exports.bank_items import bank_quizzes
from readertools.exports.cartridge import write_cartridge
from readertools.exports.handouts import CORE_VARIABLE, core_only
from readertools.exports.moodle import write_moodle
from readertools.exports.qti import write_canvas

STEM_LENGTH = 60  # characters: a longer selection's file name is cut, and told apart by a digest


def write_banks(book, sessions, out: Path, stem: str, title: str,
                formats=FORMATS, hidden=None) -> list[Path]:
    """Write the banks of `sessions` into `out`, one file per format asked for, and return their paths.
    `book` is the editors' model: what students see is made from its student edition. `hidden`: the
    phrases no student may see (`checks.leaks.hidden_phrases`; a course adds its own answers)."""
    unknown = [name for name in formats if name not in FORMATS]
    if unknown:
        raise SourceError("formats", f"{', '.join(map(repr, unknown))}: the banks' formats are {', '.join(FORMATS)}")
    quizzes = bank_quizzes(book, sessions)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".banks-") as folder:
        folder = Path(folder)
        writers = {"canvas": (f"{stem}-canvas.zip", lambda path: write_canvas(quizzes, path, title)),
                   "moodle": (f"{stem}-moodle.xml", lambda path: write_moodle(quizzes, path, title)),
                   "common-cartridge": (f"{stem}.imscc", lambda path: write_cartridge(quizzes, path, title))}
        written = [writers[name][1](folder / writers[name][0]) for name in formats]
        problems = _leaks(hidden or hidden_phrases(book), written, out)
        if problems:
            raise BookErrors(problems)
        for path in written:
            os.replace(path, out / path.name)
    return [out / path.name for path in written]


def _leaks(hidden, written, out: Path) -> list[SourceError]:
    problems = []
    for path in written:
        shown = out / path.name
        if path.suffix == ".xml":  # Moodle's: what students see, without the grader information
            root = etree.parse(str(path)).getroot()
            for element in root.iter("graderinfo"):
                element.getparent().remove(element)
            problems += text_leaks(shown, etree.tostring(root, encoding="unicode"), hidden)
        else:
            problems += leaks_of_data(shown, path.read_bytes(), hidden)
    return problems


def bank_stem(names: list[str], prefix: str = "questions") -> str:
    """A file name's stem for a selection ("questions-baserli-henry"), never longer than STEM_LENGTH:
    a longer one keeps its first names and a digest of them all."""
    stem = "-".join([prefix, *names])
    if len(stem) <= STEM_LENGTH:
        return stem
    digest = hashlib.sha256(" ".join(names).encode()).hexdigest()[:8]
    tail = f"-and-{len(names) - 1}-more-{digest}"
    return f"{prefix}-{names[0]}"[:STEM_LENGTH - len(tail)] + tail


def named_chapters(book, text: str, variable: str = "CHAPTERS") -> list[str]:
    """The chapter ids named in `text` ("baserli henry"), each a chapter with questions, each once."""
    known = lesson_chapters(book)
    names = [name for name in re.split(r"[\s,]+", text.strip()) if name]
    problems = [SourceError(variable, f"{name!r} is not a chapter with questions (these are: {', '.join(known)})")
                for name in dict.fromkeys(names) if name not in known]
    problems += [SourceError(variable, f"{name!r} is given {names.count(name)} times: name each chapter once")
                 for name in dict.fromkeys(names) if name in known and names.count(name) > 1]
    if not names:
        problems.append(SourceError(variable, f"no chapters given (e.g. {variable}=\"baserli henry\"; "
                                    f"these have questions: {', '.join(known)})"))
    if problems:
        raise BookErrors(problems)
    return names


def bank_selection(book, chapters: str = "", questions: str = "", core: str = ""):
    """(sessions, stem, title) of `make qti`'s variables: CHAPTERS and CORE, or QUESTIONS; every
    problem with each, at once."""
    problems, sessions, stem = [], [], "questions"
    try:
        only_core = core_only({CORE_VARIABLE: core})
    except SourceError as error:
        problems.append(error)
        only_core = False
    if chapters.strip() and questions.strip():
        problems.append(SourceError("QUESTIONS", "give CHAPTERS (whole chapters) or QUESTIONS (chosen questions), "
                                    "not both: make one bank of each"))
    elif questions.strip() and core.strip() not in ("", "0"):
        problems.append(SourceError("CORE", "CORE=1 chooses among whole chapters' questions: leave it out with "
                                    "QUESTIONS, which names each question"))
    try:
        if questions.strip():
            session = chosen_session(book, questions)
            sessions = [session]
            stem = bank_stem([f"{book.numbers[c]}.{n}" for c, n in session.questions])
        else:
            ids = named_chapters(book, chapters) if chapters.strip() else lesson_chapters(book)
            sessions = book_sessions(book, ids, core=only_core)
            stem = bank_stem(ids if chapters.strip() else ["all"]) + ("-core" if only_core else "")
    except SourceError as error:
        problems.append(error)
    if problems:
        raise BookErrors(problems)
    book_title = (yaml.safe_load(book.project.config.read_text(encoding="utf-8")) or {}).get("title", "The reader")
    return sessions, stem, f"{book_title}: question bank"


def write_selection(book, chapters: str, questions: str, core: str, out: Path | None = None) -> list[Path]:
    """`make qti`: the banks of the selection, in every format, into `out` (default `_build/qti/`)."""
    sessions, stem, title = bank_selection(book, chapters, questions, core)
    out = Path(out or book.project.qti)
    for old in out.glob(".banks-*"):  # a folder left by a run that was stopped
        shutil.rmtree(old, ignore_errors=True)
    return write_banks(book, sessions, out, stem, title)
