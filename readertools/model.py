"""The book as one object: every data file loaded and checked once, for every generator and check.

`load_book` reads the catalogue and the seeds (segmented into chapters), the table of contents,
each chapter's apparatus, the glossary, the people, the citations and bibliography, the data
dictionary and the datasets, and the notebooks. Every file is first checked against its schema,
then against the others (references that resolve, quotations that stand in their paragraphs,
terms that are used); all the problems of a run are raised together as one `BookErrors`, so an
editor sees everything to fix at once and nothing half-checked is built.
"""

import csv
import json
import re
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .apparatus import REFERENCE, Apparatus, Study, read_apparatus, reference_problems
from .backmatter import (
    Entry,
    Mention,
    bibliography_titles,
    chapter_index,
    key_term_names,
    load_citations,
    load_glossary,
    load_people,
    mentions,
)
from .catalogue import Catalogue, chapter_numbers, load_catalogue
from .chronology import read_chronology
from .date_checks import date_problems
from .editions import answer_echoes
from .editor_notes import note_problems, placed_problems, read_editor_notes
from .errors import BookErrors, SourceError, collect
from .instructor import read_rubric, read_sequences, sequence_problems
from .notebooks import GENERATED
from .paths import Project
from .provenance import check_dataset, read_datasets
from .quotation_agreement import agreement_problems
from .quotations import read_quotations
from .schema import PLACEHOLDER, load_yaml, unfinished
from .segment import Chapter, load_chapter
from .standpoints import cited_references, read_standpoints, standpoint
from .texts import chapter_texts
from .voices import read_voices


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
    rubric: object = None  # instructor.Rubric, from book/rubric.yml
    sequences: tuple = ()  # instructor.Sequence, from book/sequences.yml

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

    def chapter(self, chapter_id: str) -> Chapter:
        return next(chapter for chapter in self.chapters if chapter.source.id == chapter_id)

    def study(self, chapter_id: str) -> Study:
        apparatus = self.apparatus[chapter_id]
        if chapter_id not in self.chapter_ids:
            return Study(apparatus, self.numbers, self.paragraphs)
        index = chapter_index(chapter_id, list(self.glossary), list(self.people), self.found,
                              apparatus.key_terms)
        return Study(apparatus, self.numbers, self.paragraphs, tuple(index),
                     tuple(self.citations.get(chapter_id, ())))

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
    problems = []
    cat = collect(problems, load_catalogue, catalogue or project.catalogue, seeds or project.seeds)
    todo = _unfinished(project, catalogue or project.catalogue)
    numbers = collect(problems, chapter_numbers, project.toc) or {}
    waiting = {source.id for source in (cat.sources if cat else ()) if PLACEHOLDER in repr(source)}
    chapters = [chapter for chapter in (collect(problems, load_chapter, cat, source)
                                        for source in (cat.sources if cat else ()) if source.id not in waiting)
                if chapter]
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
    if problems or todo:
        raise BookErrors(todo + problems)

    book = Book(project, cat, tuple(chapters), numbers, apparatus, tuple(glossary), tuple(people),
                citations, dictionary, datasets, notebooks, **editorial, **editorial_lessons)
    book.found.update({entry.name: mentions(entry, chapters) for entry in (*glossary, *people)})
    problems = renumbered(book, renumbered_ok) or _cross_checks(book)
    if problems:
        raise BookErrors(problems)
    return book


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


def read_notebook(path: Path):
    if not path.is_file():
        raise SourceError(path, "notebook not found (its editorial cells exist only there: restore it "
                          "with `git checkout`, or write a new chapter's with `make new-source`)")
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise SourceError(path, f"not a valid notebook: not valid JSON ({error.msg})",
                          place=f"line {error.lineno}, column {error.colno}") from None
    try:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
    except (ValueError, KeyError, TypeError, AttributeError, nbformat.ValidationError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise SourceError(path, f"not a valid notebook: {first}") from None
    return notebook


def renumbered(book: Book, accepted: tuple[str, ...] = ()) -> list[SourceError]:
    """Paragraphs that would change number. Each chapter's text CSV, committed, records the numbers
    that the apparatus, the editor's notes, the quotations and the data were written against; a
    change to a seed's segmentation that moves them stops `make notebooks` and the
    build with what moved and what
    refers to it, until the editor has checked those references and accepts (`RENUMBERED=<id>`)."""
    problems = []
    for chapter in book.chapters:
        cid, path = chapter.source.id, book.project.text_csv(chapter.source.id)
        if cid in accepted or not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as file:
            old = {}
            for row in csv.DictReader(file):
                if row["paragraph"]:
                    old[int(row["paragraph"])] = (old.get(int(row["paragraph"]), "") + row["text"])
        new = {block.number: block.text for block in chapter.paragraphs}
        was = {text: number for number, text in old.items()}
        moved = [(was[text], number) for number, text in new.items() if text in was and was[text] != number]
        gone = [number for number, text in old.items() if text not in new.values()]
        if not moved and not (gone and len(new) != len(old)):
            continue
        numbers = {n for n, _ in moved} | set(gone)
        users = sorted({book.project.relative(place) for place, n in _references(book, cid) if n in numbers})
        shown = ", ".join(f"¶ {a} is now ¶ {b}" for a, b in moved[:8]) + (", …" if len(moved) > 8 else "")
        shown += "".join(f"; ¶ {n} is gone" for n in gone[:4])
        problems.append(SourceError(path, f"the paragraphs of {cid} would be renumbered ({shown}); these files "
                                    f"refer to those paragraphs by number: {', '.join(users) or 'none'}. Check "
                                    f"them, then run `make notebooks RENUMBERED={cid}`"))
    return problems


def _references(book: Book, chapter_id: str):
    """(file, paragraph number) of every reference to a paragraph of the chapter."""
    for cid, apparatus in book.apparatus.items():
        for _, text in apparatus.prose():
            for match in REFERENCE.finditer(text):
                if (match.group(1) or cid) == chapter_id:
                    for number in re.findall(r"\d+", match.group(2)):
                        yield apparatus.path, int(number)
        for item in (*apparatus.claims, *apparatus.questions):
            yield from ((apparatus.path, n) for c, n in item.paragraphs if c == chapter_id)
    for path, entries in ((book.project.editor_notes, book.editor_notes), (book.project.quotations, book.quotations)):
        yield from ((path, e.number) for e in entries if e.chapter == chapter_id and e.kind == "p")
    for path, rows in book.datasets.items():
        yield from ((path, int(r["paragraph"])) for r in rows if r.get("chapter") == chapter_id and r.get("paragraph"))


def _cross_checks(book: Book) -> list[SourceError]:
    """What no single file's schema can check: references between the files."""
    project, problems = book.project, []
    for cid in [*book.chapter_ids, *book.across_with_questions]:
        if cid not in book.numbers:
            problems.append(SourceError(project.toc, f"chapter {cid!r} is not in a numbered part of the "
                                        "table of contents"))
    for apparatus in book.apparatus.values():
        problems += reference_problems(apparatus, book.paragraphs)
        names = key_term_names(list(book.glossary), apparatus.key_terms)
        problems += [SourceError(apparatus.path, f"key term {key!r} is not a term (or form) of the glossary",
                                 place=f"key_terms[{index}]")
                     for index, (key, name) in enumerate(zip(apparatus.key_terms, names, strict=True))
                     if name is None]
    authored = book.authored()
    for index, entry in enumerate(book.glossary):
        if not book.found[entry.name]:
            problems.append(SourceError(project.glossary, "no chapter uses this term in any of its forms",
                                        place=f"terms[{index}] ({entry.name})"))
    for index, entry in enumerate(book.people):
        if not book.found[entry.name] and entry.name not in authored:
            problems.append(SourceError(project.people, "named in no chapter and author of none",
                                        place=f"people[{index}] ({entry.name})"))
    for chapter in book.citations:
        if chapter not in book.chapter_ids:
            problems.append(SourceError(project.citations, f"{chapter!r} is not a chapter of the catalogue",
                                        place=chapter))
    texts = chapter_texts(book.chapters)
    for path, rows in book.datasets.items():
        problems += check_dataset(path, rows, texts)
    if project.timeline not in book.datasets:
        problems.append(SourceError(project.timeline, "file not found"))
    questions = {cid: {q.number for q in apparatus.questions} for cid, apparatus in book.apparatus.items()}
    problems += note_problems(project.editor_notes, book.editor_notes, texts, questions,
                              {q.id: q.chapter for q in book.quotations})
    problems += placed_problems(project.quotations, book.quotations, texts, "quotations")
    problems += [SourceError(project.voices, "no voice for this chapter (how the apparatus names its author)",
                             place=cid) for cid in book.chapter_ids if cid not in book.voices]
    problems += [SourceError(project.standpoints, f"no standpoint sentence for the reference {reference!r}")
                 for reference in sorted(cited_references(book.datasets, book.chronology,
                                                          (*book.glossary, *book.people)))
                 if standpoint(reference, book.standpoints) is None]
    seeds = {source.id: (book.catalogue.seeds_dir / source.seed).read_text(encoding="utf-8")
             for source in book.catalogue.sources}
    for path, entries in ((project.glossary, book.glossary), (project.people, book.people)):
        for index, entry in enumerate(entries):
            text = " ".join(filter(None, (entry.dates, entry.text)))
            problems += date_problems(path, entry.name, index, text, entry.checks, entry.unverified, seeds)
    titles = collect(problems, bibliography_titles, project.bibliography) or {}
    problems += agreement_problems(book, titles)
    problems += sequence_problems(project.sequences, book.sequences, set(book.apparatus))
    return problems + answer_echoes(book)
