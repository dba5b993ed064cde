"""Load and check each chapter's study apparatus, `book/apparatus/<chapter>.yml`.

The apparatus (objectives, key terms, summary, main claims, questions with model answers, teaching
notes) is data, so that questions can be rendered, counted, exported and checked. In its prose,
`¶ 12`, `¶ 12–14` and `¶@other-chapter 12` are paragraph references: `link_references` turns them
into links and refuses any paragraph that does not exist.

The answers, teaching notes, discussion plan and sample answers are the instructor edition's only
(the schema marks them `x-instructor-only`). `read_apparatus(..., student=True)` is how the student
edition loads a file (its model, `model.student_edition`, and its Sphinx process,
`sphinx.instructor_only.apparatus`): those fields are emptied as the file is read, so an
`Apparatus` loaded so never holds them, and nothing made from it can show them.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from readertools.content.references import REFERENCE, link_references
from readertools.errors import BookErrors, SourceError
from readertools.schema import load_yaml, schema

# The graphic organizers a lesson can print in its packet (`organizer` in the apparatus).
ORGANIZERS = {
    "sourcing-chart": "Sourcing chart",
    "claim-evidence": "Claim–evidence table",
    "chronology-grid": "Chronology grid",
}

CLASS_MINUTES = 50  # a lesson's core questions fit one class; the writing task is homework

SKILLS = {
    "sourcing": "Sourcing",
    "contextualization": "Contextualization",
    "close-reading": "Close reading",
    "corroboration": "Corroboration",
    "data": "Working with data",
}


@dataclass(frozen=True)
class Claim:
    text: str
    paragraphs: tuple[tuple[str, int], ...]  # (chapter, paragraph)


@dataclass(frozen=True)
class Question:
    number: int
    skill: str
    paragraphs: tuple[tuple[str, int], ...]  # (chapter, paragraph)
    text: str
    answer: str
    core: bool = False
    minutes: int | None = None
    figures: tuple[str, ...] = ()  # the reference figures it needs: dataset files or reference figure ids
    verdicts: tuple[str, ...] = ()  # phrases that state its answer: no open student text may hold one


@dataclass(frozen=True)
class WritingTask:
    prompt: str
    evidence: str
    minutes: int
    figures: tuple[str, ...] = ()  # the reference figures it needs, as a question's `figures`
    words: tuple[int, int] = (300, 400)  # the length asked for: least, most
    criteria: dict = field(default_factory=dict)  # rubric criterion id -> the prompt's words that ask for it


@dataclass(frozen=True)
class DiscussionPlan:
    """How to run the seminar: instructor edition only."""
    opening: str
    sequence: str
    stumbling_points: str


@dataclass(frozen=True)
class SampleAnswer:
    """A sample answer to the writing task at one rubric level, annotated: instructor edition only."""
    level: int
    text: str
    annotation: str


@dataclass(frozen=True)
class Apparatus:
    path: Path
    chapter: str
    objectives: tuple[str, ...]
    key_terms: tuple[str, ...]
    summary: str
    claims: tuple[Claim, ...]
    questions: tuple[Question, ...]
    teaching_notes: str
    central_question: str = ""
    writing_task: WritingTask | None = None
    discussion_plan: DiscussionPlan | None = None
    sample_answers: tuple[SampleAnswer, ...] = ()
    organizer: str = "claim-evidence"

    def question(self, number: int) -> Question | None:
        return next((q for q in self.questions if q.number == number), None)

    @property
    def core(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.core)

    @property
    def optional(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if not q.core)

    def hidden(self):
        """(place, text) of every instructor-only field: answers, teaching notes, the discussion plan
        and the sample answers (the leak check and the echo check read them all from here)."""
        yield from ((f"questions[{i}] answer", q.answer) for i, q in enumerate(self.questions))
        yield "teaching_notes", self.teaching_notes
        if self.discussion_plan:
            for name in ("opening", "sequence", "stumbling_points"):
                yield f"discussion_plan.{name}", getattr(self.discussion_plan, name)
        for i, sample in enumerate(self.sample_answers):
            yield f"sample_answers[{i}] text", sample.text
            yield f"sample_answers[{i}] annotation", sample.annotation

    def visible(self):
        """(place, text) of every field students see."""
        hidden = {place for place, _ in self.hidden()}
        return ((place, text) for place, text in self.prose() if place not in hidden)

    def prose(self):
        """(place, text) of every prose field, for the reference check."""
        yield from ((f"objectives[{i}]", text) for i, text in enumerate(self.objectives))
        if self.summary:
            yield "summary", self.summary
        yield from ((f"claims[{i}]", claim.text) for i, claim in enumerate(self.claims))
        for i, q in enumerate(self.questions):
            yield f"questions[{i}]", q.text
            yield f"questions[{i}] answer", q.answer
        yield "teaching_notes", self.teaching_notes
        if self.central_question:
            yield "central_question", self.central_question
        if self.writing_task:
            yield "writing_task.prompt", self.writing_task.prompt
            yield "writing_task.evidence", self.writing_task.evidence
        yield from ((place, text) for place, text in self.hidden()
                    if place.startswith(("discussion_plan", "sample_answers")))


@dataclass(frozen=True)
class Study:
    """What rendering a chapter's apparatus needs: the apparatus, the book's chapter numbers and
    every chapter's number of paragraphs (to check and link references)."""

    apparatus: Apparatus
    chapter_numbers: dict[str, int]
    paragraphs: dict[str, int]
    index: tuple[str, ...] = ()  # "at a glance" lines: key terms, other terms, people
    citations: tuple[tuple[str, str, str], ...] = ()  # (bibliography key, title, where it is cited)
    figures: tuple = ()  # datasets.FigureTable: the reference figures its questions and writing task need

    @property
    def number(self) -> int:
        return self.chapter_numbers[self.apparatus.chapter]


def read_apparatus(path: Path, chapter_id: str, source_chapter: bool = True, student: bool = False) -> Apparatus:
    """Load an apparatus file, checked against `schemas/apparatus.schema.yml` (every problem at once).

    Source chapters need every field; the chapters across the sources only questions and notes. The
    paragraph references are checked against the chapters by `reference_problems`. `student`: as the
    student edition loads it, without what the schema marks instructor-only (the answers, the
    teaching notes, the discussion plan, the sample answers): empty in the `Apparatus` returned.
    """
    path = Path(path)
    extra = tuple(schema("apparatus")["x-source-chapter-required"]) if source_chapter else ()
    data = load_yaml(path, "apparatus", extra, student=student)
    problems = []
    if data["chapter"] != chapter_id:
        problems.append(SourceError(path, f"chapter is {data['chapter']!r}, expected {chapter_id!r} "
                                    "(the file's name)", place="chapter"))
    previous = 0
    for index, q in enumerate(data["questions"]):
        if q["number"] <= previous:  # gaps are allowed: a withdrawn question's number is not reused
            problems.append(SourceError(path, f"questions must be numbered in increasing order; found "
                                        f"{q['number']!r} after {previous}", place=f"questions[{index}]"))
        previous = max(previous, q["number"])
    core = sum(bool(q.get("core")) for q in data["questions"])
    if not 4 <= core <= 6:
        problems.append(SourceError(path, f"a lesson has four to six core questions (`core: true`); found {core}",
                                    place="questions"))
    in_class = sum(q["minutes"] for q in data["questions"] if q.get("core"))
    if in_class > CLASS_MINUTES:
        problems.append(SourceError(path, f"the core questions take {in_class} minutes, more than a "
                                    f"{CLASS_MINUTES}-minute class: make one optional or shorten them",
                                    place="questions"))
    if problems:
        raise BookErrors(problems)

    task = data["writing_task"]

    def paragraphs(items):
        return tuple((str(item).rpartition(":")[0] or chapter_id, int(str(item).rpartition(":")[2]))
                     for item in items)

    return Apparatus(
        path, chapter_id,
        tuple(text.strip() for text in data.get("objectives", [])),
        tuple(text.strip() for text in data.get("key_terms", [])),
        data.get("summary", "").strip(),
        tuple(Claim(c["text"].strip(), paragraphs(c["paragraphs"])) for c in data.get("claims", [])),
        tuple(Question(q["number"], q["skill"], paragraphs(q["paragraphs"]), q["text"].strip(),
                       q["answer"].strip(), bool(q.get("core")), q.get("minutes"), tuple(q.get("figures", ())),
                       tuple(q.get("verdicts", ())))
              for q in data["questions"]),
        data["teaching_notes"].strip(),
        data["central_question"].strip(),
        WritingTask(task["prompt"].strip(), task["evidence"].strip(), task["minutes"], tuple(task.get("figures", ())),
                    tuple(task["words"]), dict(task["criteria"])),
        DiscussionPlan(**{key: value.strip() for key, value in data["discussion_plan"].items()})
        if data["discussion_plan"] else None,
        tuple(SampleAnswer(s["level"], s["text"].strip(), s["annotation"].strip())
              for s in data.get("sample_answers", ())),
        data["organizer"])


def reference_problems(apparatus: Apparatus, paragraphs: dict[str, int]) -> list[SourceError]:
    """Every ¶ reference and paragraph list of the apparatus that points at no paragraph."""
    problems = []
    for place, text in apparatus.prose():
        try:
            link_references(text, apparatus.chapter, paragraphs, apparatus.path, place)
        except SourceError as error:
            problems.append(error)
        understood = {match.start() for match in REFERENCE.finditer(text)
                      if not re.match(r"[-‐‑—–]?\d", text[match.end():])}  # `¶ 6-999`: a hyphen, not a dash
        for mark in re.finditer("¶", text):
            if mark.start() not in understood:
                problems.append(SourceError(apparatus.path, "¶ reference not understood: "
                                            f"{text[mark.start():mark.start() + 12]!r} (write `¶ 12`, "
                                            "`¶ 12–14`, `¶ 3, 5 and 7` or `¶@chapter 12`)", place=place))
    lists = [(f"claims[{i}]", c.paragraphs) for i, c in enumerate(apparatus.claims)]
    lists += [(f"questions[{i}]", q.paragraphs) for i, q in enumerate(apparatus.questions)]
    for place, references in lists:
        for chapter, number in references:
            if not 1 <= number <= paragraphs.get(chapter, 0):
                problems.append(SourceError(
                    apparatus.path, f"paragraphs must be numbers from 1 to {paragraphs.get(chapter, 0)} "
                    f"(or \"chapter:number\"); {chapter}:{number} is not", place=place))
    return problems


