"""The instructor guide, `book/back/instructor-guide.md`: a generated page.

The guide's overview table is computed from the model (words, paragraphs, questions by skill, core
minutes, key terms, the datasets each notebook reads, the editor's notes), never typed, so it
follows every change to a chapter. The page is listed only in the instructor edition's table of
contents (`editions.edition_toc`): the student edition does not even read it. Its instructor-only
texts (`content.lessons.instructor_texts`) are among the phrases the student site is searched for.
"""

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from readertools.content.apparatus import ORGANIZERS, SKILLS
from readertools.content.lessons import Rubric, Sequence, keeping, lesson_chapters, sharing
from readertools.content.references import prose
from readertools.text.myst import literal
from readertools.text.texts import WORDS_PER_MINUTE

SHORT_SKILLS = {"sourcing": "S", "contextualization": "Cx", "close-reading": "CR", "corroboration": "Co",
                "data": "D"}


@dataclass(frozen=True)
class Offer:
    """What a chapter offers a class, computed from the book: one row of the overview table."""
    chapter: str
    number: int
    title: str
    source: str  # author(s) and date, or "across the sources"
    words: int | None
    reading_minutes: int | None
    paragraphs: int | None
    skills: dict[str, int]
    core: tuple[tuple[str, int], ...]  # ("6.1", minutes)
    writing_minutes: int
    key_terms: tuple[str, ...]
    datasets: tuple[str, ...]
    editor_notes: int

    @property
    def core_minutes(self) -> int:
        return sum(minutes for _, minutes in self.core)


def offer(book, cid: str) -> Offer:
    apparatus, number = book.apparatus[cid], book.numbers[cid]
    words = reading = paragraphs = None
    if cid in book.chapter_ids:
        chapter = book.chapter(cid)
        words = sum(len(block.text.split()) for block in chapter.blocks + chapter.notes)
        reading, paragraphs = max(1, round(words / WORDS_PER_MINUTE)), len(chapter.paragraphs)
        source = ", ".join(chapter.source.authors)
        title = chapter.source.title
        path = book.project.chapter_notebook(cid)
    else:
        path = book.project.across_notebook(cid)
        first = book.notebooks[path].cells[0].source.splitlines()[0] if path in book.notebooks else cid
        title, source = first.lstrip("# ").strip(), "across the sources"
    inputs = book.notebooks[path].metadata.get("reader", {}).get("inputs", {}) if path in book.notebooks else {}
    data, texts = (f"{book.project.relative(folder)}/" for folder in (book.project.data, book.project.texts))
    datasets = tuple(Path(name).name for name in inputs
                     if name.startswith(data) and not name.startswith(texts)
                     and name.endswith(".csv"))
    return Offer(cid, number, title, source, words, reading, paragraphs,
                 {skill: sum(q.skill == skill for q in apparatus.questions) for skill in SKILLS},
                 tuple((f"{number}.{q.number}", q.minutes) for q in apparatus.core),
                 apparatus.writing_task.minutes, apparatus.key_terms, datasets,
                 sum(note.chapter == cid for note in book.editor_notes))


def offers(book) -> list[Offer]:
    return [offer(book, cid) for cid in lesson_chapters(book)]


def length(row: Offer) -> str:
    """"536 words, 3 min, 8 ¶" (a chapter across the sources has no source text of its own: "—")."""
    if row.words is None:
        return "—"
    return f"{row.words:,} words, {row.reading_minutes} min, {row.paragraphs} ¶"


def overview_table(rows: list[Offer]) -> list[str]:
    lines = ["{.instructor-overview}",
             ("| chapter | source | length (reading at 200 words a minute) | questions by skill | core questions "
             "(minutes) and writing task | key terms | datasets used | editor's notes |"),
             "| --- | --- | --- | --- | --- | --- | --- | ---: |"]
    for row in rows:
        counts = f"{sum(row.skills.values())}: " + ", ".join(f"{short} {row.skills[s]}"
                                                            for s, short in SHORT_SKILLS.items())
        core = (", ".join(f"{n} ({m})" for n, m in row.core)
                + f"; {row.core_minutes} min; writing task {row.writing_minutes} min")
        lines.append(" | ".join([
            f"| {_link(row)}", literal(row.source), length(row),
            counts, core, literal(", ".join(row.key_terms)) or "—", literal(", ".join(row.datasets)) or "—",
            f"{row.editor_notes} |"]))
    return lines


def _link(row: Offer) -> str:
    """The chapter's number and a link to it; a role's text is not Markdown, so the title is not
    escaped (only backticks and angle brackets, which would end the role or open its target, go)."""
    return f"{row.number} {{doc}}`{re.sub(r'[`<>]', '', row.title)} <{_doc(row)}>`"


def _doc(row: Offer) -> str:
    folder = "across" if row.source == "across the sources" else "chapters"
    return f"../{folder}/{row.chapter}"


def sequence_lines(sequence: Sequence, by_id: dict[str, Offer]) -> list[str]:
    """A sequence as a table, with each session's reading, class and homework minutes computed from its
    chapters (class: the core questions; homework: the writing tasks)."""
    lines = [f"### {literal(sequence.title)}", "", literal(sequence.description), "",
             "| session | chapters | focus | reading (min) | class: core questions (min) | homework: writing (min) |",
             "| --- | --- | --- | ---: | ---: | ---: |"]
    total_reading = total_class = total_home = 0
    for session in sequence.sessions:
        rows = [by_id[cid] for cid in session.chapters]
        reading = sum(row.reading_minutes or 0 for row in rows)
        class_time = sum(row.core_minutes for row in rows)
        home = sum(row.writing_minutes for row in rows)
        total_reading, total_class, total_home = total_reading + reading, total_class + class_time, total_home + home
        names = ", ".join(_link(row) for row in rows)
        lines.append(f"| {literal(session.title)} | {names} | {literal(session.focus)} | {reading} | {class_time} "
                     f"| {home} |")
    count = len({c for s in sequence.sessions for c in s.chapters})
    lines.append(f"| **total** | {count} chapter{'s' if count > 1 else ''} | | "
                 f"**{total_reading}** | **{total_class}** | **{total_home}** |")
    return lines


def task_lines(book, by_id: dict[str, Offer]) -> list[str]:
    """Each lesson's organizer, writing task length and the rubric criteria its task is marked on."""
    names = {c.id: c.name for c in book.rubric.criteria}
    lines = ["## Writing tasks and what they are marked on", "",
             ("Each writing task is homework; it is marked on the criteria listed, and its prompt asks for "
              "what each criterion's top level needs (the build checks it). A task's total is the sum of "
              "its criteria's points."), "",
             "| chapter | organizer in the packet | length | homework (min) | marked on | highest total |",
             "| --- | --- | --- | ---: | --- | ---: |"]
    for cid in lesson_chapters(book):
        apparatus, row = book.apparatus[cid], by_id[cid]
        task = apparatus.writing_task
        marked = [names[c] for c in task.criteria if c in names]
        lines.append(f"| {_link(row)} | {ORGANIZERS[apparatus.organizer]} | {task.words[0]}–{task.words[1]} words "
                     f"| {task.minutes} | {literal(', '.join(marked))} | {book.rubric.points[0] * len(marked)} |")
    return lines


def rubric_lines(rubric: Rubric, heading: str = "##") -> list[str]:
    lines = [f"{heading} Assessment rubric", "",
             ("For source-analysis answers and the writing tasks: each criterion is marked at one of four "
              "levels; an answer's level is the one that best describes it overall."), "",
             "| criterion | " + " | ".join(f"{4 - i} {literal(name)} ({points} points)" for i, (name, points)
                                        in enumerate(zip(rubric.levels, rubric.points, strict=True))) + " |",
             "| --- |" + " --- |" * len(rubric.levels)]
    lines += [f"| **{literal(c.name)}** | " + " | ".join(literal(text) for text in c.levels) + " |"
              for c in rubric.criteria]
    bands = ", ".join(f"{literal(mark)} from {least}%" if least else f"{literal(mark)} below that"
                      for least, mark in rubric.conversion)
    lines += ["", (f"**From points to a mark.** A task's total is the sum of the points of the criteria it is "
                   f"marked on; as a share of its highest total it gives the mark: {bands}. Students see each "
                   "criterion as a question to ask of their own answer:"), ""]
    lines += [f"- **{literal(c.name)}.** {literal(c.student)}" for c in rubric.criteria]
    return lines


def _materials(project) -> str:
    """A link to "For instructors: materials" from the guide (both are in the instructor edition only)."""
    guide, materials = (project.docname(page) for page in (project.instructor_guide, project.materials_page))
    return f"{{doc}}`For instructors: materials <{posixpath.relpath(materials, posixpath.dirname(guide))}>`"


def guide_page(book) -> str:
    """The instructor guide (instructor edition only), generated from the model."""
    project, rows = book.project, offers(book)
    by_id = {row.chapter: row for row in rows}
    names = ", ".join(f"{SHORT_SKILLS[s]} {heading.lower()}" for s, heading in SKILLS.items())
    materials = _materials(project)
    lines = ["# Instructor guide", "", "{.editorial}",
             ("This page is in the instructor edition only. Every figure in it is computed from the "
              "chapters when the book is generated (`make notebooks`), so it follows every change."), "",
             (f"**To print and to import:** {materials} holds every chapter's seminar packet and answer key (PDF) "
              "and the question banks for Canvas, Moodle and any other learning platform, with what each file is "
              "for."), "",
             "## What each chapter offers", "",
             (f"Words and paragraphs count the source's text and notes; reading time is at {WORDS_PER_MINUTE} "
              f"words a minute. Questions are counted by skill ({names}). Core questions are the "
              "lesson's core set, with the minutes each takes in class; the writing task closes the "
              "lesson. Datasets are the files the chapter's notebook reads; editor's notes are the "
              "discrepancies flagged beside the text."), ""]
    lines += overview_table(rows)
    total_words = sum(row.words or 0 for row in rows)
    lines += ["", (f"In all: {total_words:,} words of source text, about "
                   f"{sum(row.reading_minutes or 0 for row in rows)} minutes of reading, "
                   f"{sum(sum(row.skills.values()) for row in rows)} questions, of which "
                   f"{sum(len(row.core) for row in rows)} core."), "",
              "## Central questions", ""]
    for cid in lesson_chapters(book):
        question = prose(book.apparatus[cid].central_question, cid, book.paragraphs, book.numbers)
        lines.append(f"- **{by_id[cid].number}.** {question}")
    lines += ["", "## Suggested sequences", "",
              ("Reading time is the source text only (the across-the-sources chapters count none); class "
               "time is each chapter's core questions, which fit one 50-minute class; homework is its "
              "writing task."), ""]
    for sequence in book.sequences:
        lines += sequence_lines(sequence, by_id) + [""]
    lines += task_lines(book, by_id) + [""]
    lines += rubric_lines(book.rubric)
    lines += ["", ("Sample answers at two levels, annotated against these criteria with each criterion's level "
                   "and the total, follow the writing task of every lesson: "
                   + ", ".join(f"{{doc}}`{by_id[cid].number} <{_doc(by_id[cid])}>`"
                               for cid in lesson_chapters(book) if book.apparatus[cid].sample_answers) + "."),
              "", "## Handouts, answer keys and the question bank", "",
              (f"{materials} lists every chapter's seminar packet (the document, the reference figures, the "
               "organizer, the questions with room to write, the writing task with its criteria and lined pages) "
               "and its answer key, and the question banks of the whole book: Canvas QTI, Moodle XML, and Common "
               "Cartridge for Brightspace, Blackboard and any other platform. It says which file each platform "
               "imports and which files stay with the teaching team."), "",
              ("The editors make those files with this edition (`make downloads`). From the same sources they "
               "also print the packets and keys with the core questions only (`make handouts CORE=1`, into "
               f"`{project.relative(project.handouts)}/`), a packet and key of chosen questions "
               "(`make handout QUESTIONS=\"2.3 5.1 7.4\"`), the question banks of chosen chapters or "
               "questions in the three formats (`make qti CHAPTERS=\"baserli henry\"`, `CORE=1` or "
               f"`QUESTIONS=…`, into `{project.relative(project.qti)}/`), and everything a course needs from "
               "a course file: its course pack, instructor's pack, syllabus and banks (`make course "
               f"COURSE=<name>`, into `{project.relative(project.course_build('<name>'))}/`)."), "",
              "## Sharing the instructor edition privately", "", sharing(project), "",
              "## Keeping the answers from students", "", keeping(project)]
    return "\n".join(lines) + "\n"


