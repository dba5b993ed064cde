"""Seminar packets and answer keys: one pair per chapter, or one pair from chosen questions.

A chapter's packet (the student handout, `6-henry-handout.pdf`) is what a seminar on the chapter
needs on paper, in the order a student uses it: a name and date line and the central question; the
document itself (what the text states of itself, the headnote, the full text with its paragraph
numbers, headings and notes); the reference figures the questions need; the lesson's graphic
organizer (sourcing chart, claim–evidence table or chronology grid, chosen in the apparatus); the
core questions, each with writing space in proportion to its minutes, then the optional ones
(left out with `CORE=1`); the writing task with the criteria it is marked on as students see them,
and lined pages for it. It holds no answer: an editor's note that settles a question is named there
("✎ Editor's note on ¶ 4: try 6.14 first"), not printed. Its key (`6-henry-key.pdf`) is the same
with the answers in place of the writing space, the editor's notes open, the discussion plan, the
teaching notes, the sample answers and the whole rubric.

This module chooses what a packet or key holds (`Selection`) and assembles it; its parts are made
by `packet_document` (the document: a source chapter whole, or the passages a chapter across the
sources cites) and `packet_lesson` (figures, organizer, questions, writing task, rubric), from the
prose and writing lines of `packet_text`.

Both are small HTML pages with their own stylesheet, written into `_build/handouts/html/`, served on
loopback and printed to PDF by Chromium (`exports.chromium.print_pdf`): the same print pipeline as
the book's PDFs. A student packet is checked for instructor-only phrases with the student site's
own leak check (`checks.leaks`) before anything is printed.

A course session (`content.courses.CourseSession`, from a course file) gives its own selection of a
chapter (`session_selection`): its questions in the session's order (split into core and optional as
the book does, or in one list as the course file lists them), the instructor's own questions with
writing space (their answers in the key), the editor's notes open or closed, its writing task and
when it is due; `exports.course` prints them into the course packs.

Questions are named as the book numbers them, "chapter.question" (`2.3`), the chapter's number
being its number in the table of contents; a reference to another chapter's paragraph keeps its
chapter (`references.reference_text`).
"""

import html
import os
import shutil
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path

from readertools.checks.leaks import hidden_phrases, leaks
from readertools.content.apparatus import SKILLS, Question
from readertools.content.courses import CourseSession, OwnQuestion, chapter_title, long_date, named_questions
from readertools.content.lessons import lesson_chapters
from readertools.errors import BookErrors, SourceError
from readertools.exports.chromium import chromium, print_pdf, served
from readertools.exports.packet_document import passages, source_document
from readertools.exports.packet_lesson import (
    figures_section,
    organizer_section,
    own_section,
    question_block,
    rubric_section,
    tables_for,
    teaching,
    writing_section,
)
from readertools.exports.packet_text import name_date, plainer
from readertools.model import student_edition

# `make handouts CORE=1`: the core questions only. The Makefile hands CORE to the tools as this
# environment variable, its text as given (no shell reads it), as it does BASEURL.
CORE_VARIABLE = "READER_CORE"


STYLE = """
@page { size: A4; }
body { font-family: "DejaVu Serif", Georgia, serif; font-size: 10.5pt; line-height: 1.4; color: #111; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 0.2em; } h2 { font-size: 13pt; margin: 1.1em 0 0.3em;
  border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 0.9em 0 0.2em; }
.chapter + .chapter, .break { break-before: page; }
.kicker { font-family: sans-serif; font-size: 9pt; text-transform: uppercase; letter-spacing: 0.05em;
  color: #444; margin: 0; }
.name-date { font-family: sans-serif; font-size: 10pt; margin: 0.4em 0 1em; display: flex; gap: 2em; }
.name-date span { flex: 1; border-bottom: 1px solid #333; padding-bottom: 0.1em; }
.name-date span.date { flex: 0 0 30%; }
.source-line { font-size: 9.5pt; border-collapse: collapse; margin: 0 0 0.6em; width: 100%; }
.source-line th { text-align: left; width: 6em; font-family: sans-serif; font-size: 8.5pt; border: none;
  padding: 0.1em 0.3em 0.1em 0; }
.source-line td { border: none; padding: 0.1em 0; }
.headnote { font-size: 9.5pt; } .headnote h2 { display: none; }
.central { font-size: 12pt; font-weight: bold; border-left: 4px solid #333; padding-left: 0.6em; }
.plan-line, .meta, .ed, .hint { font-size: 9pt; color: #444; }
.text { margin-left: 2.4em; }
.para { margin: 0 0 0.55em; }
.quote { margin-left: 1.5em; font-size: 10pt; }
.pnum { float: left; margin-left: -2.4em; width: 1.9em; text-align: right; font-family: sans-serif;
  font-weight: bold; font-size: 8.5pt; color: #333; }
.ed-mark { float: left; clear: left; margin-left: -2.4em; width: 1.9em; text-align: right; font-size: 8pt; }
.src-heading { font-size: 11pt; margin: 0.9em 0 0.3em; }
.byline, .caption { font-style: italic; }
.note { font-size: 9pt; margin: 0 0 0.4em; }
.note-ref { font-size: 7pt; vertical-align: super; line-height: 0; }
.question { margin: 0.6em 0 0.8em; }
.question p { break-after: avoid; }
.line { border-bottom: 1px solid #aaa; height: 8mm; }
.lined .line { height: 8.6mm; }
.answer, .plan, .sample, .notes, .editor-note { font-size: 9.5pt; background: #f1f5f1; border-left: 3px solid #3a7a3a;
  padding: 0.3em 0.6em; margin: 0.3em 0 0.8em; }
.editor-note { background: #f6f3ea; border-left-color: #8a6d1f; break-inside: avoid; }
.answer b, .plan b, .sample b, .notes b.label { font-family: sans-serif; font-size: 8.5pt;
  text-transform: uppercase; }
table { border-collapse: collapse; font-size: 8.5pt; width: 100%; }
td, th { border: 1px solid #999; padding: 0.25em; vertical-align: top; text-align: left; }
table.figures { margin: 0.3em 0 0.9em; break-inside: avoid; }
table.organizer { table-layout: fixed; } table.organizer th { font-family: sans-serif; background: #eee; }
table.organizer td { height: 19mm; }
table.organizer.sourcing-chart td { height: 27mm; } table.organizer.claim-evidence td { height: 24mm; }
.figure-table { break-inside: avoid; }
table.organizer td.row-head { font-weight: bold; width: 22%; }
.criteria td.points { white-space: nowrap; }
"""


@dataclass(frozen=True)
class Chosen:
    chapter: str
    question: Question


def core_only(environ=os.environ) -> bool:
    """`CORE=1` (the environment variable `READER_CORE`): the core questions only; empty or `0`: all."""
    value = environ.get(CORE_VARIABLE, "")
    if value.strip() in ("", "0"):
        return False
    if value.strip() == "1":
        return True
    raise SourceError("CORE", f"{value!r} is not 1 or 0: give CORE=1 for the core questions only, or leave it out",
                      f"{CORE_VARIABLE} in the environment")


def choose(book, numbers: str) -> list[Chosen]:
    """The questions named "2.3 5.1 7.4" (spaces or commas), in the order given; an unknown number and a
    number given twice are each an error naming it (`courses.named_questions`)."""
    return [Chosen(cid, book.apparatus[cid].question(number)) for cid, number in named_questions(book, numbers)]


@dataclass(frozen=True)
class Selection:
    """What a chapter's packet or key holds of its lesson: the book's (`book_selection`: the core
    questions, then the optional ones by skill) or a course session's (`session_selection`)."""
    questions: tuple[Question, ...]
    listed: bool = False  # asked in the order given, in one list, not split into core and optional
    by_skill: bool = True  # the optional questions grouped by skill, as the book's packets print them
    own: tuple[OwnQuestion, ...] = ()  # the instructor's own questions, after the chapter's
    notes_open: bool = False  # the editor's notes printed whole in the students' packet too
    writing: bool = True  # the writing task set
    due: str = ""  # when the writing task is due ("Monday 8 February 2027")
    kicker: str = ""  # the session, before the chapter's number ("Week 1 · Monday 1 February 2027")


def book_selection(apparatus, core: bool = False) -> Selection:
    return Selection(apparatus.core if core else apparatus.core + apparatus.optional)


def session_selection(book, session: CourseSession, cid: str) -> Selection:
    """The chapter's part of a course session, from `book` (the student edition's model for a packet):
    its questions in the session's order, the session's own questions with its last chapter."""
    apparatus = book.apparatus[cid]
    when = long_date(session.meets) if session.meets else ""
    return Selection(tuple(apparatus.question(n) for n in session.chapter_questions(cid)), cid in session.listed,
                     False, session.own_questions if cid == session.chapters[-1] else (), session.notes_open,
                     session.writing, long_date(session.due) if session.due else "",
                     " · ".join(filter(None, (session.title, when))))


def chapter_section(book, cid: str, key: bool, core: bool = False, selection: Selection | None = None) -> list[str]:
    """A chapter's packet (or, with `key`, its answer key), as HTML: of the book's lesson (`core`: its
    core questions only) or of a course session's `selection`."""
    t = plainer(book, cid)
    apparatus, number = book.apparatus[cid], book.numbers[cid]
    chosen = selection or book_selection(apparatus, core)
    questions, task = chosen.questions, apparatus.writing_task
    tables = tables_for(book, [*questions, *([task] if chosen.writing else [])])
    in_class = sum(q.minutes or 0 for q in questions if q.core or chosen.listed)
    kind = "Answer key" if key else "Seminar packet"
    asked = (f"questions {', '.join(f'{number}.{q.number}' for q in questions)}" if chosen.listed
             else "the core questions")
    plan = f"In class: {asked}, about {in_class} minutes."
    if chosen.writing:
        plan += (f" Homework: the writing task, about {task.minutes} minutes"
                 + (f", due {html.escape(chosen.due)}." if chosen.due else "."))
    kicker = " · ".join(filter(None, (chosen.kicker, f"Chapter {number}", kind)))
    lines = ['<section class="chapter">', f'<p class="kicker">{html.escape(kicker)}</p>', name_date(),
             "<h1>Central question</h1>", f'<p class="central">{t(apparatus.central_question)}</p>',
             f'<p class="plan-line">{plan}</p>']
    if key:
        lines += teaching(t, apparatus)
    lines += (source_document(book, cid, key, chosen.notes_open) if cid in book.chapter_ids
              else passages(book, cid, questions, key, chosen.writing))
    lines += figures_section(tables)
    lines += ['<div class="break"></div>'] + organizer_section(apparatus)
    lines += _questions(book, cid, chosen, key, tables, in_class)
    lines += own_section(chosen.own, key)
    if chosen.writing:
        lines += writing_section(book, cid, key, tables, chosen.due)
    return lines + ["</section>"]


def _questions(book, cid: str, chosen: Selection, key: bool, tables, in_class: int) -> list[str]:
    """The questions: as listed, or the core ones, then the optional ones (by skill in the book's packets)."""
    if chosen.listed:
        lines = [f'<h2 class="break">Questions (about {in_class} minutes)</h2>']
        return lines + [line for q in chosen.questions for line in question_block(book, cid, q, key, tables)]
    lines = [f'<h2 class="break">Core questions (about {in_class} minutes)</h2>']
    lines += [line for q in chosen.questions if q.core for line in question_block(book, cid, q, key, tables)]
    optional = [q for q in chosen.questions if not q.core]
    if optional:
        lines.append("<h2>Optional questions</h2>")
        groups = [(heading, [q for q in optional if q.skill == skill]) for skill, heading in SKILLS.items()]
        for heading, group in groups if chosen.by_skill else [("", optional)]:
            if group:
                lines += [f"<h3>{heading}</h3>"] if heading else []
                lines += [line for q in group for line in question_block(book, cid, q, key, tables)]
    return lines


def chosen_section(book, chosen: list[Chosen], key: bool) -> list[str]:
    tables = tables_for(book, [c.question for c in chosen])
    lines = ['<section class="chapter">', "<h1>Questions from the reader</h1>", name_date(),
             '<p class="meta">' + html.escape("; ".join(
                 f"chapter {book.numbers[cid]}: {chapter_title(book, cid)}"
                 for cid in dict.fromkeys(c.chapter for c in chosen))) + "</p>"]
    for item in chosen:
        lines += question_block(book, item.chapter, item.question, key, tables)
    return lines + figures_section(tables) + ["</section>"]


def page(title: str, body: list[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def documents(book, chapters=None, chosen: list[Chosen] | None = None,
              core: bool = False) -> list[tuple[str, str, str, str]]:
    """(file stem, title, edition, HTML) of every packet and key to print; `core`: core questions only.
    Each key is made from the editors' model, each student packet from the student edition's
    (`model.student_edition`), which holds no answer to print."""
    docs, student = [], student_edition(book)
    if chosen is not None:
        for key, kind, edition in ((False, "handout", "student"), (True, "key", "instructor")):
            shown = chosen if key else [replace(c, question=student.apparatus[c.chapter].question(c.question.number))
                                        for c in chosen]
            body = chosen_section(book, shown, key) + (rubric_section(book) if key else [])
            numbers = [f"{book.numbers[c.chapter]}.{c.question.number}" for c in chosen]
            title = "Questions " + " ".join(numbers)
            label = f"{title} · {'Answer key' if key else 'Handout'}"
            docs.append((f"questions-{'-'.join(numbers)}-{kind}", label, edition, page(title, body)))
        return docs
    for cid in chapters or lesson_chapters(book):
        for key, kind, edition in ((False, "handout", "student"), (True, "key", "instructor")):
            title = f"Chapter {book.numbers[cid]} · {'Answer key' if key else 'Seminar packet'}"
            body = chapter_section(book if key else student, cid, key, core) + (rubric_section(book) if key else [])
            docs.append((f"{book.numbers[cid]}-{cid}-{kind}", title, edition, page(title, body)))
    return docs


def print_handouts(book, docs, out: Path | None = None, browser=None) -> list[Path]:
    """Write the pages and print each to PDF into `out` (default `_build/handouts/`), with `browser`
    or a Chromium of its own; a student handout holding an instructor-only phrase stops before
    anything is printed."""
    out = Path(out or book.project.handouts)
    folder = out / "html"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for stem, _, _, text in docs:
        (folder / f"{stem}.html").write_text(text, encoding="utf-8")
    student = folder / "student-check"
    student.mkdir()
    for stem, _, edition, _ in docs:
        if edition == "student":
            shutil.copy(folder / f"{stem}.html", student)
    problems = leaks(student, hidden_phrases(book))
    shutil.rmtree(student)
    if problems:
        raise BookErrors(problems)
    written = []
    with served(folder) as url, (nullcontext(browser) if browser else chromium()) as chrome:
        for stem, title, edition, _ in docs:
            written.append(print_pdf(chrome, f"{url}{stem}.html", out / f"{stem}.pdf", title, edition))
    return written
