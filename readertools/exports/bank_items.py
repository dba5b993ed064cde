"""The question banks' items, one model for every LMS format (`exports.qti`, `exports.moodle`,
`exports.cartridge`): each session of a course (`content.courses.CourseSession`) as a quiz of essay
items, in the order the session uses them: each chapter's central question (when the session has its
writing), the questions selected (in the order given), the instructor's own questions, and each
chapter's writing task, with its evidence, its length and the criteria it is marked on.

An item holds what students see (`blocks`: paragraphs of text runs, a run a link where the book has
a public address) and what only graders may see (`grader`: the model answer; for the central
question the discussion plan; for a writing task the sample answers with their annotations and the
rubric's level texts of its criteria). What students see is made from `model.student_edition(book)`,
which holds no answer; the grader's part from the editors' model. A text is kept as the book writes
it, character for character: each format escapes it once, for itself.

Titles are as the book numbers things: "6.4", "6 central question", "6 writing task", "Own question 1".
Points: a question 1, the central question 1, an own question 1, a writing task the highest total of
the rubric's criteria it is marked on (4 points at the top level of each).
"""

import re
from dataclasses import dataclass

from lxml import etree, html

from readertools.content.courses import chapter_title
from readertools.content.references import and_list, link_references
from readertools.editions import public_address
from readertools.labels import PARAGRAPH_LINK_TEXT, paragraph_id
from readertools.model import student_edition


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph: text, as a link (`href`) or in bold (`strong`)."""
    text: str
    href: str = ""
    strong: bool = False


Block = tuple[Run, ...]  # a paragraph


@dataclass(frozen=True)
class BankItem:
    title: str
    kind: str  # "central", "question", "own" or "writing"
    blocks: tuple[Block, ...]  # what students see
    points: int
    grader: tuple[Block, ...]  # instructor-only
    words: tuple[int, int] | None = None  # a writing task's length: least, most

    @property
    def ident(self) -> str:
        """The title as an XML name's tail: "6.4" -> "6.4", "6 writing task" -> "6-writing-task"."""
        return re.sub(r"[^A-Za-z0-9.]+", "-", self.title).lower()


@dataclass(frozen=True)
class BankQuiz:
    title: str
    description: tuple[Block, ...]  # what students see before the questions
    items: tuple[BankItem, ...]


def text(blocks) -> str:
    """The blocks' text, paragraphs a blank line apart: what a student reads."""
    return "\n\n".join("".join(run.text for run in block) for block in blocks)


def html_fragment(blocks) -> str:
    """The blocks as HTML (a `<p>` each), written by lxml: every character escaped once, as HTML."""
    parts = []
    for block in blocks:
        paragraph = html.Element("p")
        last = None
        for run in block:
            if run.href or run.strong:
                last = etree.SubElement(paragraph, "a" if run.href else "strong")
                last.text = run.text
                if run.href:
                    last.set("href", run.href)
                last.tail = ""
            elif last is None:
                paragraph.text = (paragraph.text or "") + run.text
            else:
                last.tail += run.text
        parts.append(html.tostring(paragraph, encoding="unicode"))
    return "".join(parts)


class _Writer:
    """Apparatus prose of one book as runs: ¶ references as the book writes them, each a link to its
    paragraph in the published book when it has a public address (`editions.public_address`)."""

    def __init__(self, book):
        self.book = book
        self.base = public_address(book.project.config)

    def page(self, cid: str) -> str:
        project = self.book.project
        return self.base + project.page(self.book.notebook(cid))

    def runs(self, prose: str, cid: str) -> tuple[Run, ...]:
        linked = link_references(prose, cid, None, chapter_numbers=self.book.numbers)
        runs, position = [], 0
        for match in PARAGRAPH_LINK_TEXT.finditer(linked):
            runs.append(Run(linked[position:match.start()]))
            href = f"{self.page(match['chapter'])}#{paragraph_id(int(match['number']))}" if self.base else ""
            runs.append(Run(match["text"], href))
            position = match.end()
        runs.append(Run(linked[position:]))
        return tuple(run for run in runs if run.text)

    def paragraphs(self, references, cid: str) -> tuple[Run, ...]:
        """A question's paragraphs, as the book names them (`¶ 4 and 5; 5.¶ 17`)."""
        groups = {}
        for chapter, number in references:
            groups.setdefault(chapter, []).append(number)
        written = "; ".join(f"¶@{chapter} {and_list(numbers)}" for chapter, numbers in groups.items())
        return self.runs(written, cid)


def _bold(words: str) -> Run:
    return Run(words, strong=True)


def _question(writer, student, book, cid: str, number: int) -> BankItem:
    q, answer = student.apparatus[cid].question(number), book.apparatus[cid].question(number).answer
    title = f"{book.numbers[cid]}.{q.number}"
    kind = f"core question, about {q.minutes} minutes" if q.core else "optional question"
    block = (_bold(title), Run(" "), *writer.runs(q.text, cid), Run(" (Paragraphs: "),
             *writer.paragraphs(q.paragraphs, cid), Run(f"; {kind}.)"))
    return BankItem(title, "question", (block,), 1, ((_bold("Model answer."), Run(" "), *writer.runs(answer, cid)),))


def _central(writer, student, book, cid: str) -> BankItem:
    number, plan = book.numbers[cid], book.apparatus[cid].discussion_plan
    blocks = ((_bold(f"Central question, chapter {number}"), Run(f" ({chapter_title(book, cid)})")),
              writer.runs(student.apparatus[cid].central_question, cid))
    grader = ()
    if plan:
        grader = tuple((_bold(label), Run(" "), *writer.runs(words, cid)) for label, words in (
            ("Discussion plan: opening.", plan.opening), ("Sequence.", plan.sequence),
            ("Where students stumble.", plan.stumbling_points)))
    return BankItem(f"{number} central question", "central", blocks, 1, grader)


def marking(rubric, criteria) -> tuple[Block, ...]:
    """How a task is marked, as students are told in their packets (`packet_lesson.criteria_section`): the
    points of each level, the conversion of the total to a mark, and each criterion's question."""
    levels = " · ".join(f"{name} {points}" for name, points in zip(rubric.levels, rubric.points, strict=True))
    bands = ", ".join(f"{mark} from {least}%" if least else f"{mark} below" for least, mark in rubric.conversion)
    return ((_bold("How it is marked."), Run(f" Each criterion below earns points by level ({levels}); your total, "
                                             f"out of {rubric.points[0] * len(criteria)}, gives the mark: {bands}.")),
            *((_bold(c.name + "."), Run(" " + c.student)) for c in criteria))


def _writing(writer, student, book, cid: str) -> BankItem:
    number, task = book.numbers[cid], student.apparatus[cid].writing_task
    marked = [c for c in student.rubric.criteria if c.id in task.criteria]
    low, high = task.words
    blocks = ((_bold(f"Writing task, chapter {number}"),
               Run(f" ({chapter_title(book, cid)}; about {task.minutes} minutes; {low}–{high} words)")),
              writer.runs(task.prompt, cid),
              (_bold("Evidence to use."), Run(" "), *writer.runs(task.evidence, cid)),
              *marking(student.rubric, marked))
    rubric = book.rubric
    grader = [(_bold(f"Sample answer, level {s.level} of 4."), Run(" "), *writer.runs(s.text, cid),
               Run(" "), _bold("Annotation."), Run(" "), *writer.runs(s.annotation, cid))
              for s in book.apparatus[cid].sample_answers]
    for criterion in (c for c in rubric.criteria if c.id in task.criteria):
        grader += [(_bold(f"{criterion.name}, {name} ({points} points)."), Run(" " + level))
                   for name, points, level in zip(rubric.levels, rubric.points, criterion.levels, strict=True)]
    return BankItem(f"{number} writing task", "writing", blocks, rubric.points[0] * len(marked), tuple(grader),
                    (low, high))


def _own(own) -> BankItem:
    title = f"Own question {own.number}"
    about = f" (about {own.minutes} minutes)" if own.minutes else ""
    return BankItem(title, "own", ((_bold(title + "."), Run(" " + own.text + about)),), 1,
                    ((_bold("Model answer."), Run(" " + own.answer)),))


def _description(book, student, session) -> tuple[Block, ...]:
    """Before the questions: what to read, and (with writing tasks) how they are marked."""
    readings = "; ".join(f"chapter {book.numbers[cid]}, {chapter_title(book, cid)}" for cid in session.chapters)
    blocks = ((Run(f"Reading: {readings}."),),
              (Run("Essay questions from the course reader, numbered as in the book (chapter.question); each "
                   "names the paragraphs it concerns."),))
    if not session.writing:
        return blocks
    asked = {criterion for cid in session.chapters for criterion in student.apparatus[cid].writing_task.criteria}
    return blocks + marking(student.rubric, [c for c in student.rubric.criteria if c.id in asked])


def bank_quizzes(book, sessions) -> list[BankQuiz]:
    """One quiz per session, from the editors' model `book` (the student parts from its student
    edition)."""
    student, writer = student_edition(book), _Writer(book)
    quizzes = []
    for session in sessions:
        items = [_central(writer, student, book, cid) for cid in session.chapters if session.writing]
        items += [_question(writer, student, book, cid, number) for cid, number in session.questions]
        items += [_own(own) for own in session.own_questions]
        items += [_writing(writer, student, book, cid) for cid in session.chapters if session.writing]
        quizzes.append(BankQuiz(session.title, _description(book, student, session), tuple(items)))
    return quizzes
