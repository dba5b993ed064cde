"""Seminar packets and answer keys: one pair per chapter, or one pair from chosen questions.

A chapter's packet (the student handout, `6-henry-handout.pdf`) is what a seminar on the chapter
needs on paper, in the order a student uses it: a name and date line and the central question; the
document itself (what the text states of itself, the headnote, the full text with its paragraph
numbers, headings and notes); the reference figures the questions need; the lesson's graphic
organizer (sourcing chart, claim–evidence table or chronology grid, chosen in the apparatus); the
core questions, each with writing space in proportion to its minutes, then the optional ones
(left out with `CORE=1`); the writing task with the criteria it is marked on as students see them,
and lined pages for it. It holds no answer: an editor's note that settles a question is named there
("✎ Editor's note on ¶ 4: try 6.14 first"), not printed. Its key (`6-henry-key.pdf`) is the same
with the answers in place of the writing space, the editor's notes open, the discussion plan, the
teaching notes, the sample answers and the whole rubric.

Both are small HTML pages with their own stylesheet, written into `_build/handouts/html/`, served on
loopback and printed to PDF by Chromium (`exports.chromium.print_pdf`): the same print pipeline as
the book's PDFs. A student packet is checked for instructor-only phrases with the student site's
own leak check (`checks.leaks`) before anything is printed.

A course session (`content.courses.CourseSession`, from a course file) gives its own selection of a
chapter (`session_selection`): its questions in the session's order (split into core and optional as
the book does, or in one list as the course file lists them), the instructor's own questions with
writing space (their answers in the key), the editor's notes open or closed, its writing task and
when it is due; `exports.course` prints them into the course packs.

Questions are named as the book numbers them, "chapter.question" (`2.3`), the chapter's number
being its number in the table of contents; a reference to another chapter's paragraph keeps its
chapter (`references.reference_text`).
"""

import html
import math
import os
import re
import shutil
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path

from readertools.checks.leaks import hidden_phrases, leaks
from readertools.content.apparatus import ORGANIZERS, SKILLS, Question
from readertools.content.courses import CourseSession, OwnQuestion, chapter_title, long_date, named_questions
from readertools.content.datasets import figure_row, figure_tables
from readertools.content.editor_notes import KINDS, MARK, closed_label, where
from readertools.content.lessons import lesson_chapters
from readertools.content.references import REFERENCE, and_list, plain_references, reference_label
from readertools.errors import BookErrors, SourceError
from readertools.exports.chromium import chromium, print_pdf, served
from readertools.model import student_edition

# `make handouts CORE=1`: the core questions only. The Makefile hands CORE to the tools as this
# environment variable, its text as given (no shell reads it), as it does BASEURL.
CORE_VARIABLE = "READER_CORE"
LINES_PER_MINUTE = 1.2  # ruled lines of writing space per minute a question takes
WORDS_PER_LINE = 10  # handwritten words on one ruled line of the packet
LINES_PER_PAGE = 27  # ruled lines on one page of the writing task

STYLE = """
@page { size: A4; }
body { font-family: "DejaVu Serif", Georgia, serif; font-size: 10.5pt; line-height: 1.4; color: #111; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 0.2em; } h2 { font-size: 13pt; margin: 1.1em 0 0.3em;
  border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 0.9em 0 0.2em; }
.chapter + .chapter, .break { break-before: page; }
.kicker { font-family: sans-serif; font-size: 9pt; text-transform: uppercase; letter-spacing: 0.05em;
  color: #444; margin: 0; }
.name-date { font-family: sans-serif; font-size: 10pt; margin: 0.4em 0 1em; display: flex; gap: 2em; }
.name-date span { flex: 1; border-bottom: 1px solid #333; padding-bottom: 0.1em; }
.name-date span.date { flex: 0 0 30%; }
.source-line { font-size: 9.5pt; border-collapse: collapse; margin: 0 0 0.6em; width: 100%; }
.source-line th { text-align: left; width: 6em; font-family: sans-serif; font-size: 8.5pt; border: none;
  padding: 0.1em 0.3em 0.1em 0; }
.source-line td { border: none; padding: 0.1em 0; }
.headnote { font-size: 9.5pt; } .headnote h2 { display: none; }
.central { font-size: 12pt; font-weight: bold; border-left: 4px solid #333; padding-left: 0.6em; }
.plan-line, .meta, .ed, .hint { font-size: 9pt; color: #444; }
.text { margin-left: 2.4em; }
.para { margin: 0 0 0.55em; }
.quote { margin-left: 1.5em; font-size: 10pt; }
.pnum { float: left; margin-left: -2.4em; width: 1.9em; text-align: right; font-family: sans-serif;
  font-weight: bold; font-size: 8.5pt; color: #333; }
.ed-mark { float: left; clear: left; margin-left: -2.4em; width: 1.9em; text-align: right; font-size: 8pt; }
.src-heading { font-size: 11pt; margin: 0.9em 0 0.3em; }
.byline, .caption { font-style: italic; }
.note { font-size: 9pt; margin: 0 0 0.4em; }
.note-ref { font-size: 7pt; vertical-align: super; line-height: 0; }
.question { margin: 0.6em 0 0.8em; }
.question p { break-after: avoid; }
.line { border-bottom: 1px solid #aaa; height: 8mm; }
.lined .line { height: 8.6mm; }
.answer, .plan, .sample, .notes, .editor-note { font-size: 9.5pt; background: #f1f5f1; border-left: 3px solid #3a7a3a;
  padding: 0.3em 0.6em; margin: 0.3em 0 0.8em; }
.editor-note { background: #f6f3ea; border-left-color: #8a6d1f; break-inside: avoid; }
.answer b, .plan b, .sample b, .notes b.label { font-family: sans-serif; font-size: 8.5pt;
  text-transform: uppercase; }
table { border-collapse: collapse; font-size: 8.5pt; width: 100%; }
td, th { border: 1px solid #999; padding: 0.25em; vertical-align: top; text-align: left; }
table.figures { margin: 0.3em 0 0.9em; break-inside: avoid; }
table.organizer { table-layout: fixed; } table.organizer th { font-family: sans-serif; background: #eee; }
table.organizer td { height: 19mm; }
table.organizer.sourcing-chart td { height: 27mm; } table.organizer.claim-evidence td { height: 24mm; }
.figure-table { break-inside: avoid; }
table.organizer td.row-head { font-weight: bold; width: 22%; }
.criteria td.points { white-space: nowrap; }
"""

# The organizers: (columns, row headings or a number of empty rows), by `organizer` in the apparatus.
ORGANIZER_TABLES = {
    "sourcing-chart": (("", "Evidence in the text (¶)", "What you infer from it", "How sure are you, and why?"),
                       ("Who wrote it?", "When?", "Where was it published?", "For whom?", "Why: its purpose?",
                        "What kind of text is it?", "How far can you rely on it, and for what?")),
    "claim-evidence": (("Claim (whose? which ¶?)", "Evidence the text offers (quotation, ¶)",
                        "Checked against (another source, a reference)", "Does the evidence carry the claim?"), 8),
    "chronology-grid": (("Date as the text gives it (¶)", "Event", "Date in another source or a reference",
                         "Do they agree? If not, why might they differ?"), 10),
}
ORGANIZER_HELP = {
    "sourcing-chart": "Fill it in as you read, before the questions: evidence first, then what you infer.",
    "claim-evidence": "As you read, note the text's main claims and the evidence it gives for each; check "
                      "what you can against the other chapters and the reference figures.",
    "chronology-grid": "As you read, list every date the text gives, in the text's order; then set each beside "
                       "another source or a reference.",
}


@dataclass(frozen=True)
class Chosen:
    chapter: str
    question: Question


def core_only(environ=os.environ) -> bool:
    """`CORE=1` (the environment variable `READER_CORE`): the core questions only; empty or `0`: all."""
    value = environ.get(CORE_VARIABLE, "")
    if value.strip() in ("", "0"):
        return False
    if value.strip() == "1":
        return True
    raise SourceError("CORE", f"{value!r} is not 1 or 0: give CORE=1 for the core questions only, or leave it out",
                      f"{CORE_VARIABLE} in the environment")


def choose(book, numbers: str) -> list[Chosen]:
    """The questions named "2.3 5.1 7.4" (spaces or commas), in the order given; an unknown number and a
    number given twice are each an error naming it (`courses.named_questions`)."""
    return [Chosen(cid, book.apparatus[cid].question(number)) for cid, number in named_questions(book, numbers)]


@dataclass(frozen=True)
class Selection:
    """What a chapter's packet or key holds of its lesson: the book's (`book_selection`: the core
    questions, then the optional ones by skill) or a course session's (`session_selection`)."""
    questions: tuple[Question, ...]
    listed: bool = False  # asked in the order given, in one list, not split into core and optional
    by_skill: bool = True  # the optional questions grouped by skill, as the book's packets print them
    own: tuple[OwnQuestion, ...] = ()  # the instructor's own questions, after the chapter's
    notes_open: bool = False  # the editor's notes printed whole in the students' packet too
    writing: bool = True  # the writing task set
    due: str = ""  # when the writing task is due ("Monday 8 February 2027")
    kicker: str = ""  # the session, before the chapter's number ("Week 1 · Monday 1 February 2027")


def book_selection(apparatus, core: bool = False) -> Selection:
    return Selection(apparatus.core if core else apparatus.core + apparatus.optional)


def session_selection(book, session: CourseSession, cid: str) -> Selection:
    """The chapter's part of a course session, from `book` (the student edition's model for a packet):
    its questions in the session's order, the session's own questions with its last chapter."""
    apparatus = book.apparatus[cid]
    when = long_date(session.meets) if session.meets else ""
    return Selection(tuple(apparatus.question(n) for n in session.chapter_questions(cid)), cid in session.listed,
                     False, session.own_questions if cid == session.chapters[-1] else (), session.notes_open,
                     session.writing, long_date(session.due) if session.due else "",
                     " · ".join(filter(None, (session.title, when))))


def plain(text: str, cid: str, numbers: dict[str, int]) -> str:
    """Apparatus prose of chapter `cid` as handout HTML: escaped, each ¶ reference as the book writes it
    (`¶ 3`, and `5.¶ 3` for another chapter's)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", plain_references(text, cid, numbers))
    return html.escape(text.replace("`", ""))


def _plainer(book, cid: str):
    return lambda text: plain(text, cid, book.numbers)


def paragraphs(book, cid: str, references) -> str:
    groups = {}
    for chapter, number in references:
        groups.setdefault(chapter, []).append(str(number))
    parts = []
    for chapter, numbers in groups.items():
        parts.append(reference_label(and_list(numbers), chapter, cid, book.numbers))
    return "; ".join(parts)


def _markdown(text: str) -> str:
    from markdown_it import MarkdownIt  # here: the command line imports this module, and needs it only to print

    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return MarkdownIt("commonmark", {"html": False}).render(text)


def _headnote(book, cid: str) -> str:
    """The chapter's headnote (or a chapter across the sources' introduction) as HTML, without its heading."""
    path = book.notebook(cid)
    cell_id = "headnote" if cid in book.chapter_ids else "intro"
    cell = next((c for c in book.notebooks[path].cells if c.get("id") == cell_id), None)
    return _markdown(re.sub(r"^#+ .*$", "", cell.source, count=1, flags=re.MULTILINE)) if cell else ""


def _lines(count: int) -> list[str]:
    return ['<div class="line"></div>'] * count


def _name_date() -> str:
    return '<p class="name-date"><span>Name</span><span class="date">Date</span></p>'


# The document ------------------------------------------------------------------------------------

def _source_table(source) -> str:
    """What the text states of itself, as the catalogue records it: never the editors' title."""
    title = "None in the source" if source.title_supplied else source.title
    rows = [("Title", title), ("Author" if len(source.authors) == 1 else "Authors", ", ".join(source.authors)),
            ("Venue", source.venue), ("Date", source.date), ("Genre", source.genre), ("Language", source.language)]
    return ('<table class="source-line">' + "".join(f"<tr><th>{name}</th><td>{html.escape(value)}</td></tr>"
                                                     for name, value in rows) + "</table>")


def _inline(block) -> str:
    parts, position = [], 0
    for marker in block.markers:
        parts.append(html.escape(block.text[position:marker.start]))
        parts.append(f'<span class="note-ref">{html.escape(block.text[marker.start:marker.end])}</span>')
        position = marker.end
    return "".join(parts) + html.escape(block.text[position:])


def _block(block, marks: str = "") -> str:
    if block.kind == "heading":
        return f'<h3 class="src-heading">{_inline(block)}</h3>'
    if block.kind == "byline":
        return f'<p class="byline">{_inline(block)}</p>'
    if block.kind == "caption":
        return f'<p class="caption"><span class="ed">[Caption of an image not reproduced:]</span> {_inline(block)}</p>'
    kind = " quote" if block.kind == "quote" else ""
    return (f'<p class="para{kind}"><span class="pnum">{block.number}</span>{marks}{_inline(block)}</p>')


def _note(block, marks: str = "") -> str:
    if not block.label_length:
        return f'<p class="note">{html.escape(block.text)}</p>'
    label = html.escape(block.text[:block.label_length])
    return f'<p class="note">{marks}<b>{label}</b>{html.escape(block.text[block.label_length:])}</p>'


def _marks(notes, kind: str, number) -> str:
    found = [n for n in notes if (n.kind, n.number) == (kind, number)]
    return f'<span class="ed-mark" title="Editor\'s note">{MARK * len(found)}</span>' if found else ""


def _editor_notes(book, cid: str, notes, key: bool, notes_open: bool = False) -> list[str]:
    """A chapter's editor's notes: open in the key (and, with `notes_open`, in the packet); else, in
    the packet, a note that settles a question is named with the question to try first, and the rest
    are printed."""
    t = _plainer(book, cid)
    if not notes:
        return []
    lines = ["<h3>Editor's notes</h3>",
             (f'<p class="hint">Notes by the editors of the reader, marked {MARK} in the margin. ' +
              ("Open in the key." if key else "Printed open for this session." if notes_open else
               "A note that settles a question is not printed here: try the question first, then open the note "
               "in the online reader.") + "</p>")]
    closed = []
    for note in notes:
        if key or notes_open or not note.questions:
            asks = ", ".join(f"{book.numbers[c]}.{q}" for c, q in note.questions)
            lines.append(f'<div class="editor-note"><b>{MARK} {where(note)}</b>, “{html.escape(note.quote)}”: '
                         f"<b>{KINDS[note.category]}.</b> {t(note.problem)} <i>Evidence:</i> "
                         f"{t(note.evidence)}" + (f" <i>Questions:</i> {asks}." if asks else "") + "</div>")
        elif closed_label(note, book.numbers) not in closed:
            closed.append(closed_label(note, book.numbers))
            lines.append(f'<p class="hint">{html.escape(closed[-1])}.</p>')
    return lines


def source_document(book, cid: str, key: bool, notes_open: bool = False) -> list[str]:
    """The whole text of a source chapter, with its numbers, headings and notes, and what it states of itself."""
    chapter = book.chapter(cid)
    notes = sorted((n for n in book.editor_notes if n.chapter == cid), key=lambda n: (n.kind != "p", n.number))
    lines = ['<h2>The document</h2>', _source_table(chapter.source),
             f'<div class="headnote">{_headnote(book, cid)}</div>', '<div class="text">']
    lines += [_block(block, _marks(notes, "p", block.number) if block.number else "") for block in chapter.blocks]
    if chapter.notes:
        lines.append('<h3 class="src-heading">Notes</h3>')
        lines += [_note(block, _marks(notes, "n", block.number) if block.label_length else "")
                  for block in chapter.notes]
    return lines + ["</div>"] + _editor_notes(book, cid, notes, key, notes_open)


def cited(book, cid: str, questions, writing: bool = True) -> dict[str, set[int]]:
    """chapter -> the paragraphs a chapter across the sources sends students to (its questions' and,
    with `writing`, its writing task's)."""
    found: dict[str, set[int]] = {}
    for q in questions:
        for chapter, number in q.paragraphs:
            found.setdefault(chapter, set()).add(number)
    for match in REFERENCE.finditer(book.apparatus[cid].writing_task.evidence if writing else ""):
        chapter = match.group(1) or cid
        for first, _, last in (n.partition("–") for n in re.findall(r"\d+(?:–\d+)?", match.group(2))):
            found.setdefault(chapter, set()).update(range(int(first), int(last or first) + 1))
    return found


def passages(book, cid: str, questions, key: bool, writing: bool = True) -> list[str]:
    """For a chapter across the sources: every passage its questions (and, with `writing`, its writing
    task) cite, whole, under its chapter, with the notes whose markers they hold."""
    lines = ['<h2>The passages</h2>', f'<div class="headnote">{_headnote(book, cid)}</div>']
    found = cited(book, cid, questions, writing)
    for chapter in book.chapters:
        numbers = found.get(chapter.source.id)
        if not numbers:
            continue
        source = chapter.source
        title = "untitled" if source.title_supplied else f"“{source.title}”"
        lines += [(f"<h3>Chapter {book.numbers[source.id]}: {html.escape(', '.join(source.authors))}, "
                  f"{html.escape(title)} ({html.escape(source.date)})</h3>"), '<div class="text">']
        held = [b for b in chapter.paragraphs if b.number in numbers]
        for previous, block in zip([None, *held], held, strict=False):
            if previous and block.number > previous.number + 1:  # an excerpt says what it leaves out
                left = f"{previous.number + 1}" + (f"–{block.number - 1}" if block.number > previous.number + 2 else "")
                lines.append(f'<p class="para ed">[¶ {left} not printed]</p>')
            lines.append(_block(block))
        markers = {m.note for block in held for m in block.markers}
        lines += [_note(block) for block in chapter.notes if block.number in markers]
        lines.append("</div>")
    return lines


# Questions, figures, organizer, writing task -------------------------------------------------------

def _tables(book, items) -> list:
    names = [name for item in items for name in item.figures]
    return figure_tables(book.datasets, book.dictionary, names)


def _table_names(book, item, tables) -> str:
    mine = {table.file for table in _tables(book, [item])}
    return ", ".join(f"table R{i} ({html.escape(t.title)})" for i, t in enumerate(tables, start=1) if t.file in mine)


def figures_section(tables) -> list[str]:
    if not tables:
        return []
    lines = ["<h2>Reference figures</h2>",
             ('<p class="hint">Figures from references outside the sources, which the questions ask you to set '
             "beside the text's own. A reference is a source too: note what each measures, and when.</p>")]
    for index, table in enumerate(tables, start=1):
        lines += ['<div class="figure-table">', (f"<h3>Table R{index}: {html.escape(table.title)} "
                  f'<span class="meta">({table.file}, reference rows)</span></h3>'),
                  ('<table class="figures"><tr><th>figure</th><th>value</th>'
                  "<th>what the reference measures</th><th>reference</th></tr>")]
        lines += ["<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in figure_row(row)) + "</tr>"
                  for row in table.rows]
        lines.append("</table></div>")
    return lines


def organizer_section(apparatus) -> list[str]:
    columns, rows = ORGANIZER_TABLES[apparatus.organizer]
    heads = rows if isinstance(rows, tuple) else ("",) * rows
    lines = [f"<h2>Organizer: {ORGANIZERS[apparatus.organizer]}</h2>",
             f'<p class="hint">{ORGANIZER_HELP[apparatus.organizer]}</p>',
             f'<table class="organizer {apparatus.organizer}"><tr>'
             + "".join(f"<th>{html.escape(c)}</th>" for c in columns) + "</tr>"]
    for head in heads:
        cells = [f'<td class="row-head">{html.escape(head)}</td>'] if isinstance(rows, tuple) else ["<td></td>"]
        lines.append("<tr>" + "".join(cells) + "<td></td>" * (len(columns) - 1) + "</tr>")
    return lines + ["</table>"]


def _question(book, cid: str, q: Question, key: bool, tables) -> list[str]:
    t = _plainer(book, cid)
    meta = [SKILLS[q.skill], paragraphs(book, cid, q.paragraphs)]
    if q.minutes:
        meta.append(f"about {q.minutes} minutes")
    named = _table_names(book, q, tables)
    if named:
        meta.append(f"reference figures: {named}")
    lines = [(f'<div class="question"><p><b>{book.numbers[cid]}.{q.number}</b> {t(q.text)} '
              f'<span class="meta">[{" · ".join(meta)}]</span></p>')]
    lines += ([f'<div class="answer"><b>Model answer</b> {t(q.answer)}</div>'] if key
              else _lines(max(3, round((q.minutes or 3) * LINES_PER_MINUTE))))
    return lines + ["</div>"]


def criteria_section(book, task) -> list[str]:
    """The criteria the task is marked on, as students see them, with the points of each level and the
    conversion of the total to a mark."""
    rubric = book.rubric
    marked = [c for c in rubric.criteria if c.id in task.criteria]
    levels = " · ".join(f"{name} {points}" for name, points in zip(rubric.levels, rubric.points, strict=True))
    lines = ["<h3>How the writing task is marked</h3>",
             (f'<p class="hint">Each criterion below earns points by level ({html.escape(levels)}); your total, '
              f"out of {rubric.points[0] * len(marked)}, gives the mark: "
              + ", ".join(f"{html.escape(mark)} from {least}%" if least else f"{html.escape(mark)} below"
                          for least, mark in rubric.conversion) + ".</p>"),
             '<table class="criteria"><tr><th>criterion</th><th>ask of your answer</th></tr>']
    lines += [f"<tr><th>{html.escape(c.name)}</th><td>{html.escape(c.student)}</td></tr>" for c in marked]
    return lines + ["</table>"]


def writing_section(book, cid: str, key: bool, tables, due: str = "") -> list[str]:
    t = _plainer(book, cid)
    apparatus, task = book.apparatus[cid], book.apparatus[cid].writing_task
    named = _table_names(book, task, tables)
    when = f", due {html.escape(due)}" if due else ""
    lines = [f"<h2>Writing task (homework, about {task.minutes} minutes{when})</h2>", f"<p>{t(task.prompt)}</p>",
             f"<p><b>Evidence to use.</b> {t(task.evidence)}"
             + (f" Reference figures: {named}." if named else "") + "</p>"]
    lines += criteria_section(book, task)
    if key:
        lines += [f'<div class="sample"><b>Sample answer, level {s.level} of 4</b> {t(s.text)}<br>'
                  f"<i>Annotation.</i> {t(s.annotation)}</div>" for s in apparatus.sample_answers]
        return lines
    count = math.ceil(task.words[1] / WORDS_PER_LINE / LINES_PER_PAGE) * LINES_PER_PAGE
    lines += ['<section class="lined break">', (f"<h3>Writing task, chapter {book.numbers[cid]}: your answer "
              f'<span class="meta">({task.words[0]}–{task.words[1]} words)</span></h3>'), _name_date()]
    return lines + _lines(count) + ["</section>"]


def chapter_section(book, cid: str, key: bool, core: bool = False, selection: Selection | None = None) -> list[str]:
    """A chapter's packet (or, with `key`, its answer key), as HTML: of the book's lesson (`core`: its
    core questions only) or of a course session's `selection`."""
    t = _plainer(book, cid)
    apparatus, number = book.apparatus[cid], book.numbers[cid]
    chosen = selection or book_selection(apparatus, core)
    questions, task = chosen.questions, apparatus.writing_task
    tables = _tables(book, [*questions, *([task] if chosen.writing else [])])
    in_class = sum(q.minutes or 0 for q in questions if q.core or chosen.listed)
    kind = "Answer key" if key else "Seminar packet"
    asked = (f"questions {', '.join(f'{number}.{q.number}' for q in questions)}" if chosen.listed
             else "the core questions")
    plan = f"In class: {asked}, about {in_class} minutes."
    if chosen.writing:
        plan += (f" Homework: the writing task, about {task.minutes} minutes"
                 + (f", due {html.escape(chosen.due)}." if chosen.due else "."))
    kicker = " · ".join(filter(None, (chosen.kicker, f"Chapter {number}", kind)))
    lines = ['<section class="chapter">', f'<p class="kicker">{html.escape(kicker)}</p>', _name_date(),
             "<h1>Central question</h1>", f'<p class="central">{t(apparatus.central_question)}</p>',
             f'<p class="plan-line">{plan}</p>']
    if key:
        lines += _teaching(t, apparatus)
    lines += (source_document(book, cid, key, chosen.notes_open) if cid in book.chapter_ids
              else passages(book, cid, questions, key, chosen.writing))
    lines += figures_section(tables)
    lines += ['<div class="break"></div>'] + organizer_section(apparatus)
    lines += _questions(book, cid, chosen, key, tables, in_class)
    lines += own_section(chosen.own, key)
    if chosen.writing:
        lines += writing_section(book, cid, key, tables, chosen.due)
    return lines + ["</section>"]


def _teaching(t, apparatus) -> list[str]:
    """The discussion plan and the teaching notes (the key's)."""
    plan = apparatus.discussion_plan
    return [(f'<div class="plan"><b>Discussion plan</b><br><i>Opening.</i> {t(plan.opening)}<br>'
             f"<i>Sequence.</i> {t(plan.sequence)}<br><i>Where students stumble.</i> "
             f"{t(plan.stumbling_points)}</div>"),
            '<div class="notes"><b class="label">Teaching notes</b>'
            + "".join(f"<p>{t(part)}</p>" for part in re.split(r"\n\s*\n", apparatus.teaching_notes))
            + "</div>"]


def _questions(book, cid: str, chosen: Selection, key: bool, tables, in_class: int) -> list[str]:
    """The questions: as listed, or the core ones, then the optional ones (by skill in the book's packets)."""
    if chosen.listed:
        lines = [f'<h2 class="break">Questions (about {in_class} minutes)</h2>']
        return lines + [line for q in chosen.questions for line in _question(book, cid, q, key, tables)]
    lines = [f'<h2 class="break">Core questions (about {in_class} minutes)</h2>']
    lines += [line for q in chosen.questions if q.core for line in _question(book, cid, q, key, tables)]
    optional = [q for q in chosen.questions if not q.core]
    if optional:
        lines.append("<h2>Optional questions</h2>")
        groups = [(heading, [q for q in optional if q.skill == skill]) for skill, heading in SKILLS.items()]
        for heading, group in groups if chosen.by_skill else [("", optional)]:
            if group:
                lines += [f"<h3>{heading}</h3>"] if heading else []
                lines += [line for q in group for line in _question(book, cid, q, key, tables)]
    return lines


def own_section(own, key: bool) -> list[str]:
    """The instructor's own questions of a course session: writing space in the packet, the answer in the key."""
    if not own:
        return []
    lines = ["<h2>Your instructor's questions</h2>"]
    for q in own:
        meta = f' <span class="meta">[about {q.minutes} minutes]</span>' if q.minutes else ""
        lines.append(f"<div class=\"question own\"><p><b>Instructor's question {q.number}</b> "
                     f"{html.escape(q.text)}{meta}</p>")
        lines += ([f'<div class="answer"><b>Answer</b> {html.escape(q.answer)}</div>'] if key
                  else _lines(max(3, round((q.minutes or 3) * LINES_PER_MINUTE))))
        lines.append("</div>")
    return lines


def chosen_section(book, chosen: list[Chosen], key: bool) -> list[str]:
    tables = _tables(book, [c.question for c in chosen])
    lines = ['<section class="chapter">', "<h1>Questions from the reader</h1>", _name_date(),
             '<p class="meta">' + html.escape("; ".join(
                 f"chapter {book.numbers[cid]}: {chapter_title(book, cid)}"
                 for cid in dict.fromkeys(c.chapter for c in chosen))) + "</p>"]
    for item in chosen:
        lines += _question(book, item.chapter, item.question, key, tables)
    return lines + figures_section(tables) + ["</section>"]


def rubric_section(book) -> list[str]:
    rubric = book.rubric
    lines = ['<section class="chapter"><h2>Assessment rubric</h2><table><tr><th>criterion</th>']
    lines += [f"<th>{4 - i} {html.escape(name)} ({points} points)</th>"
              for i, (name, points) in enumerate(zip(rubric.levels, rubric.points, strict=True))]
    lines.append("</tr>")
    for criterion in rubric.criteria:
        lines.append(f"<tr><th>{html.escape(criterion.name)}</th>"
                     + "".join(f"<td>{html.escape(text)}</td>" for text in criterion.levels) + "</tr>")
    return lines + ["</table></section>"]


def page(title: str, body: list[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def documents(book, chapters=None, chosen: list[Chosen] | None = None,
              core: bool = False) -> list[tuple[str, str, str, str]]:
    """(file stem, title, edition, HTML) of every packet and key to print; `core`: core questions only.
    Each key is made from the editors' model, each student packet from the student edition's
    (`model.student_edition`), which holds no answer to print."""
    docs, student = [], student_edition(book)
    if chosen is not None:
        for key, kind, edition in ((False, "handout", "student"), (True, "key", "instructor")):
            shown = chosen if key else [replace(c, question=student.apparatus[c.chapter].question(c.question.number))
                                        for c in chosen]
            body = chosen_section(book, shown, key) + (rubric_section(book) if key else [])
            numbers = [f"{book.numbers[c.chapter]}.{c.question.number}" for c in chosen]
            title = "Questions " + " ".join(numbers)
            label = f"{title} · {'Answer key' if key else 'Handout'}"
            docs.append((f"questions-{'-'.join(numbers)}-{kind}", label, edition, page(title, body)))
        return docs
    for cid in chapters or lesson_chapters(book):
        for key, kind, edition in ((False, "handout", "student"), (True, "key", "instructor")):
            title = f"Chapter {book.numbers[cid]} · {'Answer key' if key else 'Seminar packet'}"
            body = chapter_section(book if key else student, cid, key, core) + (rubric_section(book) if key else [])
            docs.append((f"{book.numbers[cid]}-{cid}-{kind}", title, edition, page(title, body)))
    return docs


def print_handouts(book, docs, out: Path | None = None, browser=None) -> list[Path]:
    """Write the pages and print each to PDF into `out` (default `_build/handouts/`), with `browser`
    or a Chromium of its own; a student handout holding an instructor-only phrase stops before
    anything is printed."""
    out = Path(out or book.project.handouts)
    folder = out / "html"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for stem, _, _, text in docs:
        (folder / f"{stem}.html").write_text(text, encoding="utf-8")
    student = folder / "student-check"
    student.mkdir()
    for stem, _, edition, _ in docs:
        if edition == "student":
            shutil.copy(folder / f"{stem}.html", student)
    problems = leaks(student, hidden_phrases(book))
    shutil.rmtree(student)
    if problems:
        raise BookErrors(problems)
    written = []
    with served(folder) as url, (nullcontext(browser) if browser else chromium()) as chrome:
        for stem, title, edition, _ in docs:
            written.append(print_pdf(chrome, f"{url}{stem}.html", out / f"{stem}.pdf", title, edition))
    return written
