"""What no single file's schema can check: the references between the files of the book.

`cross_checks` runs every check that needs the whole model (¶ references, key terms, mentions,
figures against their quotations, editor's notes and quotations against their paragraphs, voices,
standpoints, the kinds of evidence `checked:` rests on, dates, attributions, sequences, answer echoes,
the timeline against its notes); `renumbered` stops a change to a seed's segmentation from silently
moving the paragraphs that other files cite by number.
"""

import csv
import re

from readertools.checks.dates import date_problems
from readertools.checks.disclosure import disclosure_problems
from readertools.checks.echoes import answer_echoes
from readertools.checks.evidence_kinds import checked_problems
from readertools.checks.figures import check_dataset
from readertools.checks.quotation_agreement import agreement_problems
from readertools.checks.timeline_rules import julian_problems, timeline_problems
from readertools.content.apparatus import reference_problems
from readertools.content.backmatter import bibliography_titles, key_term_names
from readertools.content.datasets import figure_problems
from readertools.content.editor_notes import note_problems, placed_problems
from readertools.content.lessons import sequence_problems, task_problems
from readertools.content.notebooks import GENERATED
from readertools.content.references import REFERENCE, reference_label
from readertools.content.standpoints import cited_references, reference_kinds, standpoint
from readertools.errors import SourceError, collect
from readertools.labels import PARAGRAPH_LINK_TEXT, paragraph_label
from readertools.schema import load_yaml
from readertools.text.texts import chapter_texts


def renumbered(book, accepted: tuple[str, ...] = ()) -> list[SourceError]:
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


def _references(book, chapter_id: str):
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


def cross_checks(book) -> list[SourceError]:
    """What no single file's schema can check: references between the files."""
    project, problems = book.project, []
    for cid in [*book.chapter_ids, *book.across_with_questions]:
        if cid not in book.numbers:
            problems.append(SourceError(project.toc, f"chapter {cid!r} is not in a numbered part of the "
                                        "table of contents"))
    for apparatus in book.apparatus.values():
        problems += reference_problems(apparatus, book.paragraphs)
        for index, q in enumerate(apparatus.questions):
            problems += figure_problems(apparatus.path, f"questions[{index}].figures", q.figures, book.datasets)
        if apparatus.writing_task:
            problems += figure_problems(apparatus.path, "writing_task.figures", apparatus.writing_task.figures,
                                        book.datasets)
            if book.rubric:
                problems += task_problems(apparatus, book.rubric)
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
    else:
        problems += timeline_problems(project.timeline, book.timeline, project.editor_notes, book.editor_notes,
                                      project.quotations, book.quotations)
    problems += julian_problems(project.chronology, book.chronology)
    questions = {cid: {q.number for q in apparatus.questions} for cid, apparatus in book.apparatus.items()}
    problems += note_problems(project.editor_notes, book.editor_notes, texts, questions,
                              {q.id: q.chapter for q in book.quotations}, project.quotations)
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
    kinds = collect(problems, reference_kinds, project.standpoints) or {}
    for path, schema, key in ((project.people, "people", "name"), (project.glossary, "glossary", "term")):
        problems += checked_problems(path, collect(problems, load_yaml, path, schema) or [], key, kinds,
                                     project.standpoints)
    titles = collect(problems, bibliography_titles, project.bibliography) or {}
    problems += agreement_problems(book, titles)
    problems += sequence_problems(project.sequences, book.sequences, set(book.apparatus))
    problems += foreign_reference_problems(book)
    problems += disclosure_problems(book)
    return problems + answer_echoes(book)


def foreign_reference_problems(book) -> list[SourceError]:
    """Every link written by hand in a notebook (headnote, data sections, a chapter across the sources)
    to another chapter's paragraph whose text does not name that chapter as the book writes it (`5.¶ 8`,
    or `5.¶ [8](…) and [9](…)`): a reference keeps its chapter everywhere."""
    problems = []
    for path, notebook in book.notebooks.items():
        for index, cell in enumerate(notebook.cells):
            if cell.get("cell_type") != "markdown" or cell.get("id") in GENERATED:
                continue
            for match in PARAGRAPH_LINK_TEXT.finditer(cell.source):
                chapter, text = match["chapter"], match["text"]
                if chapter == path.stem or chapter not in book.numbers:
                    continue
                label = reference_label(text.removeprefix("¶ ") if text.startswith("¶ ") else match["number"],
                                        chapter, "", book.numbers)
                before = cell.source[max(0, match.start() - 40):match.start()]
                run = rf"{book.numbers[chapter]}\.¶ (?:\[[^\]]*\]\([^)]*\)(?:, | and ))*$"
                grouped = text.isdigit() and re.search(run, before)
                if not text.startswith(label.partition(" ")[0] + " ") and not grouped:
                    target = paragraph_label(chapter, match["number"])
                    problems.append(SourceError(path, "a link to another chapter's paragraph names its chapter: "
                                                f"write [{label}](#{target}), not {match[0]}",
                                                place=f"cell {index + 1} ({cell.get('id')!r})"))
    return problems
