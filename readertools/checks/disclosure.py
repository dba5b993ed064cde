"""Find before being told: no open student text of a chapter gives away a core question's answer.

What is compared, for each core question of a chapter:

- the answer's facts: every number of two or more digits or with a per cent sign (`2023`, `12,000`,
  `6%`, `370`) and every day-and-month date (`10 March`, `March 10`) in its model answer, less those
  in the question's own materials: the seed, as received, of its chapter and of every chapter it cites
  (in its paragraph list or its text; what a page states of itself, its date line included, is
  material), its own text, and the reference rows of the figures it names (values, dates, periods and
  the references' words). Paragraph references
  (`¶ 4–5`, `5.¶ 17`), question numbers (`6.14`), note numbers and chapter numbers are not facts;
- its verdicts: the phrases the apparatus declares, for that question, to state its answer
  (`verdicts`), compared without regard to case, spacing or punctuation.

Against every text of the chapter that a student sees open: the source line (the catalogue's
venue, date, genre and standpoint, and a title the editors supplied), the notebook's hand-written
cells (headnote, data sections), the apparatus's student fields (objectives, summary, claims, the
other questions, the central question, the writing task), the chapter's editor's notes that name
no question (a note that names one is closed in the student edition) and its quotations'
identifications. One fact or verdict found is one located message naming the text, the fact and
the question.
"""

import re

from readertools.content.datasets import figure_tables
from readertools.content.notebooks import GENERATED
from readertools.content.references import REFERENCE
from readertools.errors import SourceError

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
REFERENCES = re.compile(rf"(?:\b\d+\.)?{REFERENCE.pattern}|\b[1-9]\.\d{{1,2}}\b(?![\d%])"  # ¶ 4, 5.¶ 17, 6.14
                        r"|\b(?:chapter|note|endnote|footnote)s? \d+(?:(?:, | and |–)\d+)*", re.IGNORECASE)
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?%?")
DAY_MONTH = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(MONTHS)})\b|\b({'|'.join(MONTHS)}) (\d{{1,2}})\b", re.IGNORECASE)


def facts(text: str) -> set[str]:
    """The numbers and day-and-month dates of a text, normalised (`12,000` -> `12000`, `March 10` -> `10 march`)."""
    text = re.sub(r"\b(\d{4})[–-]\d{2}\b", r"\1", REFERENCES.sub(" ", text))  # `1870–71`: two years
    found = {f"{m[1] or m[4]} {(m[2] or m[3]).lower()}" for m in DAY_MONTH.finditer(text)}
    for match in NUMBER.finditer(DAY_MONTH.sub(" ", text)):  # a day of a month is no number of its own
        number = match.group().rstrip(",").replace(",", "")
        if len(number.rstrip("%").split(".")[0]) >= 2 or number.endswith("%"):
            found.add(number)
    return found


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w%]+", " ", text.lower()).split())


def open_texts(book, cid: str):
    """(place, text) of every text of chapter `cid` that a student sees open."""
    project = book.project
    if cid in book.chapter_ids:
        source = book.chapter(cid).source
        for name in ("venue", "date", "genre", "standpoint"):
            yield (project.catalogue, f"{cid}.{name}"), getattr(source, name)
        if source.title_supplied:
            yield (project.catalogue, f"{cid}.title"), source.title
        path = project.chapter_notebook(cid)
    else:
        path = project.across_notebook(cid)
    notebook = book.notebooks.get(path)
    for index, cell in enumerate(notebook.cells if notebook else (), start=1):
        if cell.get("cell_type") == "markdown" and cell.get("id") not in GENERATED:
            yield (path, f"cell {index} ({cell.get('id')!r})"), cell.source
    apparatus = book.apparatus[cid]
    for place, text in apparatus.visible():
        yield (apparatus.path, place), text
    needed = [name for item in (*apparatus.questions, apparatus.writing_task) if item for name in item.figures]
    for table in figure_tables(book.datasets, book.dictionary, needed):  # printed under the questions
        yield (apparatus.path, f"reference figures ({table.file})"), " ".join(
            " ".join(str(value) for value in row.values()) for row in table.rows)
    for note in book.editor_notes:
        if note.chapter == cid and not note.questions:
            yield (project.editor_notes, f"{note.id}"), f"{note.problem} {note.evidence}"
    for quotation in book.quotations:
        if quotation.chapter == cid:
            yield (project.quotations, quotation.id), " ".join(filter(None, (quotation.work, quotation.date,
                                                                             quotation.basis)))


def materials(book, cid: str, question) -> str:
    """The question's own materials: the sources it works from as received (its chapter's, and every
    chapter whose paragraphs it cites, whole: what a text states of itself is material), its text and
    the reference figures it names."""
    parts = [question.text]
    for source in _cited(book, cid, question):
        parts.append(book.catalogue.seed_path(source).read_text(encoding="utf-8"))
    parts += _figure_rows(book, question)
    return "\n".join(parts)


def _cited(book, cid: str, question) -> list:
    """The sources whose seeds are the question's materials: its chapter's and every one it cites."""
    cited = {cid} | {chapter for chapter, _ in question.paragraphs}
    cited |= {match.group(1) for match in REFERENCE.finditer(question.text) if match.group(1)}
    return [source for source in book.catalogue.sources if source.id in cited]


def _figure_rows(book, question) -> list[str]:
    return [" ".join(str(value) for value in row.values())
            for table in figure_tables(book.datasets, book.dictionary, question.figures) for row in table.rows]


def _material_facts(book, cid: str, question, seed_facts: dict) -> set[str]:
    """`facts(materials(book, cid, question))`, each seed's facts found once for the whole check: a
    fact never spans two parts (they are joined by a newline, which no fact crosses)."""
    found = facts(question.text)
    for source in _cited(book, cid, question):
        if source.id not in seed_facts:
            seed_facts[source.id] = facts(book.catalogue.seed_path(source).read_text(encoding="utf-8"))
        found |= seed_facts[source.id]
    for row in _figure_rows(book, question):
        found |= facts(row)
    return found


def disclosure_problems(book) -> list[SourceError]:
    """Every open student text of a chapter that gives a fact or a verdict of a core question's answer."""
    problems, seed_facts = [], {}
    for cid, apparatus in book.apparatus.items():
        # each text's facts and plain words found once, not once for every core question
        texts = [(where, facts(text), _plain(text)) for where, text in open_texts(book, cid)]
        for question in apparatus.core:
            outside = facts(question.answer) - _material_facts(book, cid, question, seed_facts)
            verdicts = [(verdict, _plain(verdict)) for verdict in question.verdicts]
            name = f"{book.numbers[cid]}.{question.number}"
            for (path, place), text_facts, text_plain in texts:
                if place == f"questions[{apparatus.questions.index(question)}]":
                    continue
                given = sorted(text_facts & outside)
                said = [verdict for verdict, plain in verdicts if plain and plain in text_plain]
                if given:
                    problems.append(SourceError(path, f"gives {', '.join(given)}, which the model answer to core "
                                                f"question {name} brings from outside the source and the "
                                                "question's materials: point to the question instead", place=place))
                if said:
                    problems.append(SourceError(path, f"states the verdict of core question {name} (“{said[0]}”): "
                                                "point to the question instead", place=place))
    return problems
