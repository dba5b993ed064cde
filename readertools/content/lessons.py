"""The lessons' shared data: the rubric (`book/rubric.yml`) and the suggested sequences
(`book/sequences.yml`), read and checked, and every instructor-only text outside the apparatus (the
rubric, the sequences' descriptions, the instructor guide's advice) for the leak check.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from readertools.errors import BookErrors, SourceError
from readertools.schema import load_yaml


def sharing(project) -> str:
    """The guide's own advice (instructor-only): how to share the edition."""
    published, zipped = project.relative(project.published("instructor")), project.relative(project.instructor_offline)
    return (
        f"The instructor edition is built with `make instructor` into `{published}/`; `make offline "
        f"EDITION=instructor` also zips it, with its materials when it was built with them, into `{zipped}`, "
        "beside the site and never in it. Share it privately and never publish it beside the student site: "
        "put it behind your institution's login (a course page of the learning platform, a shared drive with "
        "access for the teaching team), or send the answer keys as files. Do not upload it to the same host or "
        "folder as the student edition, where a guessed address would open it, and do not let search engines "
        "index it.")


def keeping(project) -> str:
    """The guide's own advice (instructor-only): how the answers stay private."""
    apparatus, rubric = project.relative(project.apparatus), project.relative(project.rubric)
    return (
        "Model answers, teaching notes, discussion plans, the rubric and the sample answers live only in "
        f"the editors' repository (`{apparatus}/*.yml`, `{rubric}`) and in what is built from it "
        "for instructors. The student edition is built from the same files without them, and before it is "
        "published every file of it is searched for every phrase of them: one found stops the "
        "publication. Keep the repository private, or give students only the built student site, the "
        "student handouts and the question bank, which carry no answers.")


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    student: str  # the criterion as students see it
    asks: tuple[str, ...]  # what a task must ask for, for the top level to be reachable
    levels: tuple[str, ...]  # level 4 first (instructor-only)


@dataclass(frozen=True)
class Rubric:
    levels: tuple[str, ...]  # names, level 4 first
    criteria: tuple[Criterion, ...]
    points: tuple[int, ...] = (4, 3, 2, 1)  # per criterion at each level, level 4 first
    conversion: tuple[tuple[int, str], ...] = ()  # (least share of the highest total in per cent, mark)

    def texts(self):
        for criterion in self.criteria:
            yield from criterion.levels

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def mark(self, points: int, criteria: int) -> str:
        """The mark for `points` over `criteria` criteria."""
        share = 100 * points / (self.points[0] * criteria)
        return next(mark for least, mark in self.conversion if share >= least)


@dataclass(frozen=True)
class Session:
    title: str
    chapters: tuple[str, ...]
    focus: str


@dataclass(frozen=True)
class Sequence:
    id: str
    title: str
    description: str
    sessions: tuple[Session, ...]


def read_rubric(path: Path, student: bool = False) -> Rubric:
    """`student`: as the student edition loads it, without the levels' texts (instructor-only)."""
    data = load_yaml(path, "rubric", student=student)
    problems = []
    if list(data["points"]) != sorted(data["points"], reverse=True):
        problems.append(SourceError(path, "points must not rise from level 4 down to level 1", place="points"))
    bands = [band["from"] for band in data["conversion"]]
    if bands != sorted(bands, reverse=True) or bands[-1] != 0:
        problems.append(SourceError(path, "the conversion's bands go from the highest share down, and the last "
                                    "starts at 0", place="conversion"))
    if problems:
        raise BookErrors(problems)
    return Rubric(tuple(data["levels"]),
                  tuple(Criterion(c["id"], c["name"].strip(), " ".join(c["student"].split()), tuple(c["asks"]),
                                  tuple(t.strip() for t in c["levels"]))
                        for c in data["criteria"]),
                  tuple(data["points"]), tuple((band["from"], band["mark"]) for band in data["conversion"]))


def task_problems(apparatus, rubric: Rubric) -> list[SourceError]:
    """A writing task that cannot reach the top level of a criterion it is marked on: a criterion the
    rubric does not have, words that are not the prompt's, or words that do not ask for what the
    criterion's top level needs (its `asks`)."""
    task, path, problems = apparatus.writing_task, apparatus.path, []
    prompt = " ".join(task.prompt.split())
    for criterion_id, words in task.criteria.items():
        place = f"writing_task.criteria.{criterion_id}"
        criterion = rubric.criterion(criterion_id)
        if criterion is None:
            problems.append(SourceError(path, f"{criterion_id!r} is not a criterion of the rubric (these are: "
                                        f"{', '.join(c.id for c in rubric.criteria)})", place=place))
        elif " ".join(words.split()) not in prompt:
            problems.append(SourceError(path, f"“{words}” is not in the prompt: give the prompt's own words that "
                                        "ask for this criterion", place=place))
        elif not any(ask.lower() in words.lower() for ask in criterion.asks):
            problems.append(SourceError(path, f"“{words}” does not ask for what the top level of {criterion.name} "
                                        f"needs (words with one of: {', '.join(criterion.asks)})", place=place))
    low, high = task.words
    for index, sample in enumerate(apparatus.sample_answers):
        count = word_count(sample.text)
        if not low <= count <= high:
            problems.append(SourceError(path, f"the sample answer has {count} words; the task asks for {low}–{high}",
                                        place=f"sample_answers[{index}].text"))
    return problems


def word_count(text: str) -> int:
    """Words as a student counts them: numbers and hyphenated words count once, `¶` does not."""
    return len(re.findall(r"\w+(?:[’'.,–-]\w+)*", text))


def read_sequences(path: Path, student: bool = False) -> tuple[Sequence, ...]:
    """`student`: as the student edition loads it, without the descriptions and focuses (instructor-only)."""
    data = load_yaml(path, "sequences", student=student)
    return tuple(Sequence(s["id"], s["title"].strip(), s["description"].strip(),
                          tuple(Session(x["title"].strip(), tuple(x["chapters"]), x["focus"].strip())
                                for x in s["sessions"]))
                 for s in data["sequences"])


def sequence_problems(path: Path, sequences, chapters: set[str]) -> list[SourceError]:
    """Every chapter id of a sequence that is no chapter with questions, at its place."""
    return [SourceError(path, f"{cid!r} is not a chapter with questions (these are: {', '.join(sorted(chapters))})",
                        place=f"sequences[{i}].sessions[{j}].chapters[{k}]")
            for i, s in enumerate(sequences) for j, session in enumerate(s.sessions)
            for k, cid in enumerate(session.chapters) if cid not in chapters]


def lesson_chapters(book) -> list[str]:
    """Every chapter with questions, in the order of the table of contents."""
    return sorted(book.apparatus, key=lambda cid: book.numbers.get(cid, 10**6))


def instructor_texts(book):
    """(where, text) of every instructor-only text outside the apparatus, for the leak check."""
    project = book.project
    rubric, sequences = project.relative(project.rubric), project.relative(project.sequences)
    for criterion in book.rubric.criteria if book.rubric else ():
        for index, text in enumerate(criterion.levels):
            yield f"{rubric}, {criterion.id}, level {4 - index}", text
    for sequence in book.sequences:
        yield f"{sequences}, {sequence.id}, description", sequence.description
        yield from ((f"{sequences}, {sequence.id}, {session.title}, focus", session.focus)
                    for session in sequence.sessions)
    yield "the instructor guide, on sharing the instructor edition", sharing(project)
    yield "the instructor guide, on keeping the answers from students", keeping(project)
