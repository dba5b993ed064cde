"""Editor's notes at the point of the text, from `book/editor_notes.yml`.

Each note names its chapter and paragraph (or note) and quotes the words it concerns; the loader
refuses a note whose words are not in that place, so a note can never drift from the text. A note
states a factual, chronological, arithmetical or attribution problem and its evidence (the source's
own words elsewhere, a reference, or the reference chronology), and points to the study questions
that work with it: the interpretation stays with the questions. Quotations the sources leave
unidentified are identified in `book/quotations.yml` (readertools/quotations.py); a note may point
to such an identification, so the book says the same thing everywhere.

Rendering: `marks(...)` gives the margin marker(s) written beside a paragraph or note of the text
(class `editorial`, outside the source's words), and `editor_notes_cell(...)` the chapter's list of
editor's notes, shown in both editions.
"""

from dataclasses import dataclass
from pathlib import Path

from readertools.content.quotations import identification, quotations_section
from readertools.content.references import prose
from readertools.editions import CLOSED_NOTE
from readertools.errors import SourceError, shown
from readertools.labels import editor_note_label, note_label, paragraph_label, question_label
from readertools.schema import load_yaml
from readertools.text.myst import literal

KINDS = {
    "date": "Date",
    "chronology": "Chronology",
    "arithmetic": "Arithmetic",
    "figure": "Figure",
    "place": "Place",
    "attribution": "Attribution",
    "text": "Text as received",
    "fact": "Fact",
}
MARK = "✎"


@dataclass(frozen=True)
class EditorNote:
    id: str
    chapter: str
    kind: str  # "p" paragraph, "n" note
    number: int
    quote: str
    category: str
    problem: str
    evidence: str
    questions: tuple[tuple[str, int], ...]
    quotation: str | None
    better_date: str | None = None  # the date the editors find better, shown beside a disputed timeline row
    timeline: tuple[str, ...] = ()  # timeline events at this place whose date the note disputes


def label(note: EditorNote) -> str:
    return editor_note_label(note.chapter, note.id)


def read_editor_notes(path: Path) -> tuple[EditorNote, ...]:
    """The notes, checked against `schemas/editor-notes.schema.yml`; `note_problems` checks the rest."""
    notes = []
    for item in load_yaml(path, "editor-notes"):
        kind, number = ("p", item["paragraph"]) if "paragraph" in item else ("n", item["note"])
        refs = tuple((str(ref).rpartition(":")[0] or item["chapter"], int(str(ref).rpartition(":")[2]))
                     for ref in item.get("questions") or ())
        notes.append(EditorNote(item["id"], item["chapter"], kind, number, " ".join(item["quote"].split()),
                                item["kind"], " ".join(item["problem"].split()),
                                " ".join(item["evidence"].split()), refs, item.get("quotation"),
                                item.get("better_date"), tuple(item.get("timeline") or ())))
    return tuple(notes)


def placed_problems(path: Path, entries, texts: dict, name: str) -> list[SourceError]:
    """Entries (notes or quotations) whose place does not exist or does not hold their words; and
    repeated ids. `texts` as `text.texts.chapter_texts` gives them."""
    problems, seen = [], set()
    for index, entry in enumerate(entries):
        place = f"{name}[{index}] ({entry.id})"
        if entry.id in seen:
            problems.append(SourceError(path, f"duplicate id {entry.id!r}", place=f"{place}.id"))
        seen.add(entry.id)
        where = f"{entry.chapter} {'¶' if entry.kind == 'p' else 'note'} {entry.number}"
        text = texts.get((entry.chapter, entry.kind, str(entry.number)))
        if text is None:
            problems.append(SourceError(path, f"{where} does not exist",
                                        place=f"{place}.{'paragraph' if entry.kind == 'p' else 'note'}"))
        elif entry.quote not in " ".join(text.split()):
            problems.append(SourceError(path, f"quotation {entry.quote!r} is not in {where}", place=f"{place}.quote"))
    return problems


def note_problems(path: Path, notes, texts: dict, questions: dict[str, int],
                  quotations: dict[str, str], quotations_path: Path) -> list[SourceError]:
    """What the schema cannot check: the quoted words in their place, the questions and quotations
    the notes point to (`questions`: chapter -> its question numbers; `quotations`: id -> chapter,
    from `quotations_path`)."""
    problems = placed_problems(path, notes, texts, "notes")
    for index, note in enumerate(notes):
        place = f"notes[{index}] ({note.id})"
        problems += [SourceError(path, f"question {chapter}:{number} does not exist", place=f"{place}.questions")
                     for chapter, number in note.questions if number not in questions.get(chapter, ())]
        if note.quotation and quotations.get(note.quotation) != note.chapter:
            problems.append(SourceError(path, f"quotation id {note.quotation!r} is not a quotation of "
                                        f"{note.chapter} in {shown(quotations_path)}", place=f"{place}.quotation"))
    return problems


def marks(notes, chapter: str, kind: str, number: int) -> str:
    """The margin marker(s) for one paragraph or note: links to its editor's notes, or ""."""
    found = [n for n in notes if (n.chapter, n.kind, n.number) == (chapter, kind, number)]
    return "".join(f'[{MARK}](#{label(n)}){{.editorial .ed-mark title="Editor\'s note: {KINDS[n.category]}"}}'
                   for n in found)


def editor_notes_cell(notes, chapter: str, numbers: dict[str, int], paragraphs: dict[str, int],
                      identify) -> str | None:
    """The chapter's editor's notes (both editions), or None if it has none; `identify(id)` gives the
    sentence that identifies a quotation (from book/quotations.yml)."""
    mine = sorted((n for n in notes if n.chapter == chapter), key=lambda n: (n.kind != "p", n.number))
    if not mine:
        return None

    def link(text):
        return prose(text, chapter, paragraphs, numbers)

    lines = ["### Editor's notes", "", "{.editorial .text-note}",
             (f"Notes by the editors of the reader, marked {MARK} in the margin of the text: each states a "
              "problem of fact, date, arithmetic or attribution in the passage and the evidence for it. "
              "The source's words are never changed; what the problem means is left to the study "
              "questions named. In the student edition a note that settles a question stays closed until you "
              "open it: try the question first.")]
    for note in mine:
        where = (f"[¶ {note.number}](#{paragraph_label(chapter, note.number)})" if note.kind == "p"
                 else f"[note {note.number}](#{note_label(chapter, note.number)})")
        text = f"**{KINDS[note.category]}.** {link(note.problem)} *Evidence:* {link(note.evidence)}"
        if note.quotation and identify:
            text += f" *Quotation:* {identify(note.quotation)}"
        if note.questions:
            asks = ", ".join(f"[{numbers[c]}.{q}](#{question_label(c, q)})" for c, q in note.questions)
            text += f" *Questions:* {asks}."
        note_lines = ["{.editorial .editor-note}", f"{where}, “{literal(note.quote)}”: {text}"]
        if note.questions:  # it settles a question: closed until opened, in the student edition
            note_lines = [f":::{{{CLOSED_NOTE}}} {closed_label(note, numbers)}", *note_lines, ":::"]
        lines += ["", f"({label(note)})=", *note_lines]
    return "\n".join(lines)


def editor_cell(book, chapter_id: str) -> str | None:
    """The chapter's generated "editor-notes" cell: its editor's notes and its quotations identified."""

    by_id = {q.id: q for q in book.quotations}
    cell = editor_notes_cell(book.editor_notes, chapter_id, book.numbers, book.paragraphs,
                             lambda qid: identification(by_id[qid]))
    section = quotations_section(book.quotations, chapter_id, book.project.relative(book.project.quotations))
    if cell is None and not section:
        return None
    return "\n".join(([cell] if cell else ["### Editor's notes"]) + section)


def first_question(note: EditorNote) -> tuple[str, int] | None:
    """The question a note settles, which a student tries before opening it: the first it names in its
    own chapter, else the first it names; None for a note that names no question."""
    own = [q for q in note.questions if q[0] == note.chapter]
    return (own or list(note.questions) or [None])[0]


def where(note: EditorNote) -> str:
    return f"¶ {note.number}" if note.kind == "p" else f"note {note.number}"


def closed_label(note: EditorNote, numbers: dict[str, int]) -> str:
    """How a closed note is labelled for students: "✎ Editor's note on ¶ 4: try 6.14 first"."""
    first = first_question(note)
    label = f"{MARK} Editor's note on {where(note)}"
    return label + (f": try {numbers[first[0]]}.{first[1]} first" if first else "")
