"""The book as one object: every data file loaded and checked once, for every generator and check.

`load_book` reads the catalogue and the seeds (segmented into chapters), the table of contents,
each chapter's apparatus, the glossary, the people, the citations and bibliography, the data
dictionary and the datasets, and the notebooks. Every file is first checked against its schema,
then against the others (references that resolve, quotations that stand in their paragraphs,
terms that are used); all the problems of a run are raised together as one `BookErrors`, so an
editor sees everything to fix at once and nothing half-checked is built.

Two models of one book. `load_book` gives the editors' model, with every instructor-only field (the
model answers, teaching notes, discussion plans, sample answers, the rubric's levels and the
sequences' notes: what the schemas mark `x-instructor-only`), which the checks, the instructor
edition and the answer keys need. `student_edition` gives the student edition's: the same book
with the files that hold those fields read again by the student loader (`schema.load_yaml(...,
student=True)`), which empties them as it reads, so the model never holds them. Every page,
download and export of the student edition is made from that model (`publish.book`, the student
notebooks, the question bank, the student handouts), and its Sphinx build reads the apparatus with
the same loader (`sphinx.instructor_only`): none of them can reach an answer, whatever it does. The
leak check (`checks.leaks`) then proves it on every published byte, with the editors' model.
"""

from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

from readertools.checks.cross import cross_checks, renumbered
from readertools.checks.links import links_leaving
from readertools.content.apparatus import Apparatus, Study, read_apparatus
from readertools.content.backmatter import (
    Entry,
    Mention,
    bibliography_titles,
    chapter_index,
    load_citations,
    load_glossary,
    load_people,
    mentions,
)
from readertools.content.chronology import read_chronology
from readertools.content.datasets import figure_tables, read_datasets
from readertools.content.editor_notes import read_editor_notes
from readertools.content.lessons import read_rubric, read_sequences
from readertools.content.notebooks import GENERATED, check_page, read_notebook
from readertools.content.quotations import read_quotations
from readertools.content.standpoints import read_standpoints
from readertools.content.voices import read_voices
from readertools.errors import BookErrors, SourceError, collect
from readertools.paths import Project
from readertools.schema import PLACEHOLDER, load_yaml, unfinished
from readertools.text.catalogue import Catalogue, chapter_numbers, load_catalogue
from readertools.text.segment import Chapter, load_chapter
from readertools.text.texts import formula_cells


@dataclass(frozen=True)
class Book:
    project: Project
    catalogue: Catalogue
    chapters: tuple[Chapter, ...]
    numbers: dict[str, int]  # chapter id (source or across) -> the number the book shows
    apparatus: dict[str, Apparatus]  # chapter id -> its apparatus (source and across chapters)
    glossary: tuple[Entry, ...]
    people: tuple[Entry, ...]
    citations: dict[str, tuple]
    dictionary: dict
    datasets: dict[Path, list[dict]]  # hand-written dataset -> its rows
    notebooks: dict[Path, object]  # every notebook of the book, as read
    editor_notes: tuple = ()  # EditorNote, from book/editor_notes.yml
    quotations: tuple = ()  # Quotation, from book/quotations.yml
    chronology: tuple = ()  # chronology.Entry, from book/chronology.yml
    standpoints: dict = field(default_factory=dict)  # reference prefix -> standpoint sentence
    voices: dict = field(default_factory=dict)  # chapter -> who speaks where
    found: dict[str, list[Mention]] = field(default_factory=dict)  # term or person -> mentions
    rubric: object = None  # lessons.Rubric, from book/rubric.yml
    sequences: tuple = ()  # lessons.Sequence, from book/sequences.yml
    edition: str | None = None  # None: the editors' whole model; "student": `student_edition`'s

    @property
    def paragraphs(self) -> dict[str, int]:
        return {chapter.source.id: len(chapter.paragraphs) for chapter in self.chapters}

    @property
    def chapter_ids(self) -> list[str]:
        return [chapter.source.id for chapter in self.chapters]

    @property
    def across_with_questions(self) -> list[str]:
        """The chapters across the sources that have an apparatus (questions)."""
        return sorted(set(self.apparatus) - set(self.chapter_ids))

    @property
    def timeline(self) -> list[dict]:
        return self.datasets[self.project.timeline]

    def notebook(self, chapter_id: str) -> Path:
        """A chapter's notebook: a source's, or one across the sources'."""
        if chapter_id in self.chapter_ids:
            return self.project.chapter_notebook(chapter_id)
        return self.project.across_notebook(chapter_id)

    def chapter(self, chapter_id: str) -> Chapter:
        return next(chapter for chapter in self.chapters if chapter.source.id == chapter_id)

    def study(self, chapter_id: str) -> Study:
        apparatus = self.apparatus[chapter_id]
        needed = [name for item in (*apparatus.questions, apparatus.writing_task) if item for name in item.figures]
        figures = tuple(figure_tables(self.datasets, self.dictionary, needed))
        if chapter_id not in self.chapter_ids:
            return Study(apparatus, self.numbers, self.paragraphs, figures=figures)
        index = chapter_index(chapter_id, list(self.glossary), list(self.people), self.found,
                              apparatus.key_terms)
        return Study(apparatus, self.numbers, self.paragraphs, tuple(index),
                     tuple(self.citations.get(chapter_id, ())), figures)

    def authored(self) -> dict[str, list[str]]:
        """person's name -> the chapters they wrote."""
        found = {}
        for chapter in self.chapters:
            for author in chapter.source.authors:
                found.setdefault(author, []).append(chapter.source.id)
        return found


def load_book(project: Project | None = None, catalogue: Path | None = None,
              seeds: Path | None = None, renumbered_ok: tuple[str, ...] = ()) -> Book:
    """Load and check the whole book; raise every problem found, or return the checked model.
    `renumbered_ok`: chapters whose renumbered paragraphs the editor has checked."""
    project = project or Project.here()
    problems = links_leaving(project)  # before any file is read: a check could quote what a link points at
    if problems:
        raise BookErrors(problems)
    cat = collect(problems, load_catalogue, catalogue or project.catalogue, seeds or project.seeds)
    todo = _unfinished(project, catalogue or project.catalogue)
    numbers = collect(problems, chapter_numbers, project.toc) or {}
    waiting = {source.id for source in (cat.sources if cat else ()) if PLACEHOLDER in repr(source)}
    chapters = [chapter for chapter in (collect(problems, load_chapter, cat, source)
                                        for source in (cat.sources if cat else ()) if source.id not in waiting)
                if chapter]
    problems += [problem for chapter in chapters
                 for problem in formula_cells(chapter, project.text_csv(chapter.source.id))]
    ids = [source.id for source in cat.sources] if cat else []
    apparatus = {}
    for path in sorted(project.apparatus.glob("*.yml")):
        loaded = collect(problems, read_apparatus, path, path.stem, source_chapter=path.stem in ids)
        if loaded:
            apparatus[path.stem] = loaded
    problems += [SourceError(project.apparatus_file(cid), "apparatus file not found (every source chapter "
                             "has one; `make new-source` writes a skeleton)") for cid in ids
                 if not project.apparatus_file(cid).is_file()]
    editorial_lessons = {"rubric": collect(problems, read_rubric, project.rubric),
                         "sequences": collect(problems, read_sequences, project.sequences) or ()}
    glossary = collect(problems, load_glossary, project.glossary) or []
    people = collect(problems, load_people, project.people) or []
    titles = collect(problems, bibliography_titles, project.bibliography)
    citations = collect(problems, load_citations, project.citations, titles) or {}
    dictionary = collect(problems, load_yaml, project.dictionary, "datasets") or {}
    datasets = collect(problems, read_datasets, project.data) or {}
    editorial = {"editor_notes": collect(problems, read_editor_notes, project.editor_notes) or (),
                 "quotations": collect(problems, read_quotations, project.quotations) or (),
                 "chronology": collect(problems, read_chronology, project.chronology) or (),
                 "standpoints": collect(problems, read_standpoints, project.standpoints) or {},
                 "voices": collect(problems, read_voices, project.voices) or {}}
    notebooks = {}
    for path in [project.chapter_notebook(cid) for cid in ids] + sorted(project.across.glob("*.ipynb")):
        notebook = collect(problems, read_notebook, path)
        if notebook is not None:
            notebooks[path] = notebook
            todo += [SourceError(path, f"still to be filled in (it holds the placeholder {PLACEHOLDER})",
                                 place=f"cell {cell.get('id')!r}") for cell in notebook.cells
                     if cell.get("id") not in GENERATED
                     and any(line.strip().startswith(PLACEHOLDER) for line in cell.source.splitlines())]
    for path in sorted(project.book.rglob("*.md")):
        collect(problems, check_page, path)
    if problems or todo:
        raise BookErrors(todo + problems)

    book = Book(project, cat, tuple(chapters), numbers, apparatus, tuple(glossary), tuple(people),
                citations, dictionary, datasets, notebooks, **editorial, **editorial_lessons)
    book.found.update({entry.name: mentions(entry, chapters) for entry in (*glossary, *people)})
    problems = renumbered(book, renumbered_ok) or cross_checks(book)
    if problems:
        raise BookErrors(problems)
    return book


def student_edition(book: Book) -> Book:
    """The student edition's model: the checked book with its apparatus, rubric and sequences read
    again by the student loader, which leaves every instructor-only field empty as it reads."""
    if book.edition == "student":
        return book
    ids = set(book.chapter_ids)
    apparatus = {cid: read_apparatus(found.path, cid, source_chapter=cid in ids, student=True)
                 for cid, found in book.apparatus.items()}
    project = book.project
    return replace(book, apparatus=apparatus, rubric=read_rubric(project.rubric, student=True),
                   sequences=read_sequences(project.sequences, student=True), edition="student")


def _unfinished(project: Project, catalogue: Path) -> list[SourceError]:
    """Every field still holding the placeholder that `make new-source` writes, in every data file."""
    files = [(catalogue, "catalogue"), (project.glossary, "glossary"), (project.people, "people"),
             (project.citations, "citations"), (project.dictionary, "datasets"), (project.voices, "voices"),
             (project.rubric, "rubric"), (project.sequences, "sequences")]
    files += [(path, "apparatus") for path in sorted(project.apparatus.glob("*.yml"))]
    found = []
    for path, name in files:
        with suppress(SourceError):  # a missing or broken file: its loader reports it
            found += unfinished(path, name)
    return found


