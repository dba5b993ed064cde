"""The lessons' shared data: the rubric (`book/rubric.yml`) and the suggested sequences
(`book/sequences.yml`), read and checked, and every instructor-only text outside the apparatus (the
rubric, the sequences' descriptions, the instructor guide's advice) for the leak check.
"""

from dataclasses import dataclass
from pathlib import Path

from readertools.errors import SourceError
from readertools.schema import load_yaml


def sharing(project) -> str:
    """The guide's own advice (instructor-only): how to share the edition."""
    published = project.relative(project.published("instructor"))
    return (
        f"The instructor edition is built with `make instructor` into `{published}/`. Share it "
        "privately and never publish it beside the student site: put it behind your institution's login "
        "(a course page of the learning platform, a shared drive with access for the teaching team), or "
        "send the handouts' answer keys as files. Do not upload it to the same host or folder as the "
        "student edition, where a guessed address would open it, and do not let search engines index it.")


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
    levels: tuple[str, ...]  # level 4 first (instructor-only)


@dataclass(frozen=True)
class Rubric:
    levels: tuple[str, ...]  # names, level 4 first
    criteria: tuple[Criterion, ...]

    def texts(self):
        for criterion in self.criteria:
            yield from criterion.levels


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


def read_rubric(path: Path) -> Rubric:
    data = load_yaml(path, "rubric")
    return Rubric(tuple(data["levels"]),
                  tuple(Criterion(c["id"], c["name"].strip(), " ".join(c["student"].split()),
                                  tuple(t.strip() for t in c["levels"]))
                        for c in data["criteria"]))


def read_sequences(path: Path) -> tuple[Sequence, ...]:
    data = load_yaml(path, "sequences")
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
    """The instructor-only texts outside the apparatus, for the student site's leak check."""
    yield from book.rubric.texts()
    for sequence in book.sequences:
        yield sequence.description
        yield from (session.focus for session in sequence.sessions)
    yield sharing(book.project)
    yield keeping(book.project)
