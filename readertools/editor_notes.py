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
from functools import cache
from pathlib import Path

import yaml

from .catalogue import ROOT
from .errors import SourceError

NOTES = ROOT / "book" / "editor_notes.yml"
KINDS = {
    "date": "Date",
    "chronology": "Chronology",
    "arithmetic": "Arithmetic",
    "figure": "Figure",
    "place": "Place",
    "attribution": "Attribution",
    "text": "Text as received",
}
REQUIRED = {"id", "chapter", "quote", "kind", "problem", "evidence"}
OPTIONAL = {"paragraph", "note", "questions", "quotation"}
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


def label(note: EditorNote) -> str:
    return f"{note.chapter}-en-{note.id}"


def chapter_texts(chapters) -> dict[tuple[str, str, int], str]:
    """(chapter, "p"|"n", number) -> the text of that paragraph or of all of that note."""
    texts = {}
    for chapter in chapters:
        for block in chapter.blocks + chapter.notes:
            if block.number is None:
                continue
            key = (chapter.source.id, "n" if block.kind == "note" else "p", block.number)
            texts[key] = (texts.get(key, "") + "\n" + block.text).strip()
    return texts


def load_editor_notes(texts: dict, questions: dict[str, int] | None = None,
                      quotations: set[str] | None = None, path: Path = NOTES,
                      only: str | None = None) -> tuple[EditorNote, ...]:
    """Load and check the notes against the text. `texts` holds every chapter's paragraphs and notes
    (see `chapter_texts`), or only chapter `only`'s, whose notes alone are then loaded; `questions`
    gives each chapter's number of questions and `quotations` the ids of book/quotations.yml, when
    those are to be checked too."""
    return _load(Path(path), tuple(sorted(texts.items())),
                 tuple(sorted((questions or {}).items())), tuple(sorted(quotations or ())),
                 questions is not None, quotations is not None, only)


@cache
def _load(path, texts, questions, quotations, check_questions, check_quotations, only):
    texts, questions, quotations = dict(texts), dict(questions), set(quotations)
    if not path.is_file():
        raise SourceError(path, "editor's notes file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SourceError(path, f"not valid YAML: {error}") from None
    if not isinstance(data, list) or not data:
        raise SourceError(path, "expected a non-empty list of notes")
    notes, seen = [], set()
    for index, item in enumerate(data):
        place = f"notes[{index}]"
        if not isinstance(item, dict):
            raise SourceError(path, "each note must be a mapping", place=place)
        if only is not None and item.get("chapter") != only:
            continue
        missing, unknown = REQUIRED - set(item), set(item) - REQUIRED - OPTIONAL
        if missing or unknown:
            raise SourceError(path, f"missing field(s) {sorted(missing)}, unknown field(s) {sorted(unknown)}",
                              place=place)
        for key in REQUIRED:
            if not isinstance(item[key], str) or not item[key].strip():
                raise SourceError(path, "expected non-empty text", place=f"{place}.{key}")
        if item["id"] in seen:
            raise SourceError(path, f"duplicate id {item['id']!r}", place=f"{place}.id")
        seen.add(item["id"])
        if item["kind"] not in KINDS:
            raise SourceError(path, f"kind {item['kind']!r} is not one of {', '.join(KINDS)}",
                              place=f"{place}.kind")
        if ("paragraph" in item) == ("note" in item):
            raise SourceError(path, "give exactly one of `paragraph` and `note`", place=place)
        kind, key = ("p", "paragraph") if "paragraph" in item else ("n", "note")
        number = item[key]
        where = f"{item['chapter']} {'¶' if kind == 'p' else 'note'} {number}"
        if not isinstance(number, int) or (item["chapter"], kind, number) not in texts:
            raise SourceError(path, f"{where} does not exist", place=f"{place}.{key}")
        quote = " ".join(item["quote"].split())
        if quote not in " ".join(texts[(item["chapter"], kind, number)].split()):
            raise SourceError(path, f"quotation {quote!r} is not in {where}", place=f"{place}.quote")
        refs = []
        for q_index, ref in enumerate(item.get("questions") or []):
            chapter, _, n = str(ref).rpartition(":")
            chapter = chapter or item["chapter"]
            if not n.isdigit() or (check_questions and not 1 <= int(n) <= questions.get(chapter, 0)):
                raise SourceError(path, f"question {ref!r} does not exist",
                                  place=f"{place}.questions[{q_index}]")
            refs.append((chapter, int(n)))
        quotation = item.get("quotation")
        if quotation is not None and check_quotations and quotation not in quotations:
            raise SourceError(path, f"quotation id {quotation!r} is not in book/quotations.yml",
                              place=f"{place}.quotation")
        notes.append(EditorNote(item["id"], item["chapter"], kind, number, quote, item["kind"],
                                " ".join(item["problem"].split()), " ".join(item["evidence"].split()),
                                tuple(refs), quotation))
    return tuple(notes)


def marks(notes, chapter: str, kind: str, number: int) -> str:
    """The margin marker(s) for one paragraph or note: links to its editor's notes, or ""."""
    found = [n for n in notes if (n.chapter, n.kind, n.number) == (chapter, kind, number)]
    return "".join(f'[{MARK}](#{label(n)}){{.editorial .ed-mark title="Editor\'s note: {KINDS[n.category]}"}}'
                   for n in found)


def editor_notes_cell(notes, chapter: str, numbers: dict[str, int], link_references=None,
                      identify=None) -> str | None:
    """The chapter's editor's notes (both editions), or None if it has none.

    `link_references(text)` turns ¶ references in the prose into links; `identify(id)` gives the
    sentence that identifies a quotation (from book/quotations.yml)."""
    mine = sorted((n for n in notes if n.chapter == chapter), key=lambda n: (n.kind != "p", n.number))
    if not mine:
        return None
    link = link_references or (lambda text: text)
    lines = ["### Editor's notes", "", "{.editorial .text-note}",
             (f"Notes by the editors of the reader, marked {MARK} in the margin of the text: each states a "
              "problem of fact, date, arithmetic or attribution in the passage and the evidence for it. "
              "The source's words are never changed; what the problem means is left to the study "
              "questions named.")]
    for note in mine:
        where = (f"[¶ {note.number}](#{chapter}-p-{note.number})" if note.kind == "p"
                 else f"[note {note.number}](#{chapter}-n-{note.number})")
        text = f"**{KINDS[note.category]}.** {link(note.problem)} *Evidence:* {link(note.evidence)}"
        if note.quotation and identify:
            text += f" *Quotation:* {identify(note.quotation)}"
        if note.questions:
            asks = ", ".join(f"[{numbers[c]}.{q}](#{c}-q-{q})" for c, q in note.questions)
            text += f" *Questions:* {asks}."
        lines += ["", f"({label(note)})=", "{.editorial .editor-note}",
                  f"{where}, “{_escape(note.quote)}”: {text}"]
    return "\n".join(lines)


def _escape(text: str) -> str:
    from .markdown import literal

    return literal(text)


def editor_cell(chapter, study) -> str | None:
    """The chapter's generated "editor-notes" cell: its editor's notes and its quotations identified."""
    from .apparatus import link_references
    from .quotations import identification, load_quotations, quotations_section

    cid = chapter.source.id
    texts = chapter_texts([chapter])
    quotations = load_quotations(texts, only=cid)
    by_id = {q.id: q for q in quotations}
    notes = load_editor_notes(texts, only=cid)
    for note in notes:
        if note.quotation and note.quotation not in by_id:
            raise SourceError(NOTES, f"quotation id {note.quotation!r} is not a quotation of {cid}",
                              place=note.id)
    cell = editor_notes_cell(notes, cid, study.chapter_numbers,
                             lambda text: link_references(text, cid, study.paragraphs),
                             lambda qid: identification(by_id[qid]))
    section = quotations_section(quotations, cid)
    if cell is None and not section:
        return None
    return "\n".join(([cell] if cell else ["### Editor's notes"]) + section)


def chapter_notes(chapter) -> tuple[EditorNote, ...]:
    """The editor's notes of one chapter, checked against its text (for the margin markers)."""
    return load_editor_notes(chapter_texts([chapter]), only=chapter.source.id)


def check_all(chapters) -> None:
    """Check every note and quotation against every chapter's text (a note may name any chapter),
    with every question and quotation a note points to: the build stops on the first problem."""
    from .apparatus import APPARATUS, load_apparatus, paragraph_counts
    from .quotations import load_quotations

    texts = chapter_texts(chapters)
    paragraphs = paragraph_counts(chapters)
    questions = {path.stem: len(load_apparatus(path.stem, paragraphs).questions)
                 for path in sorted(APPARATUS.glob("*.yml"))}
    load_editor_notes(texts, questions, {q.id for q in load_quotations(texts)})
