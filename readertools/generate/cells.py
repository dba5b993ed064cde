"""The notebooks' generated cells as MyST: a chapter's title and source line, "At a glance", its
text and notes, the summary, the questions and further reading.

The source's text goes through `text.myst.literal`, so it renders character for character.
Apparatus is added around the text, never inside a word:

- each numbered paragraph gets a label `<chapter>-p-<n>` (for links from any page, checked by the
  build) and a short id `#p-<n>`; its number links to itself;
- each note gets a label `<chapter>-n-<n>` and id `#n-<n>`; markers link to the note, and the
  note's number links back to the paragraph (or heading) that holds the marker;
- source elements carry the class `src` (`src-heading` on the section of a source heading), and
  added words the class `editorial`, so that tests can read the source text back out of the HTML.

Every anchor name comes from `labels`.
"""

from readertools.content.apparatus import SKILLS, Apparatus, Study
from readertools.content.datasets import figure_row
from readertools.content.references import paragraph_links, prose
from readertools.labels import (
    figures_label,
    heading_label,
    note_id,
    note_label,
    paragraph_id,
    paragraph_label,
    question_label,
)
from readertools.text.myst import literal
from readertools.text.segment import Block, Chapter
from readertools.text.texts import WORDS_PER_MINUTE


def title_cell(chapter: Chapter) -> str:
    """The page title and the source line: who, what, where, when, in which language, from where."""
    source = chapter.source
    title, rows = literal(source.title), []
    if source.title_supplied:
        title = f"\\[{title}\\]"
        rows.append(("Title", "supplied by the editors, in square brackets: the source has none"))
    rows += [
        ("Author" if len(source.authors) == 1 else "Authors", literal(", ".join(source.authors))),
        ("Venue", literal(source.venue)),
        ("Date", literal(source.date)),
        ("Genre", literal(source.genre)),
        ("Language", literal(source.language)),
        ("Standpoint", literal(source.standpoint)),
        ("Provenance", literal(source.provenance)),
    ]
    if source.original:
        rows.append(("Original", literal(source.original)))
    lines = [f"# {title}", "", "{.source-line}"]
    lines += [f"- **{name}:** {value}" for name, value in rows]
    return "\n".join(lines)


def glance_cell(study: Study | None = None) -> str:
    lines = ["## At a glance"]
    if study:
        lines += ["", "**Learning objectives.** After reading this chapter you should be able to:", ""]
        cid = study.apparatus.chapter
        lines += [f"{n}. {prose(objective, cid, study.paragraphs, study.chapter_numbers)}"
                  for n, objective in enumerate(study.apparatus.objectives, start=1)]
        lines += list(study.index)
    return "\n".join(lines)


def further_reading_cell(study: Study) -> str:
    cid = study.apparatus.chapter
    lines = ["## Further reading", "", "{.editorial .text-note}",
             ("The works this text cites or quotes, as the {doc}`bibliography <../back/bibliography>` "
              "records them, and where the text cites them."), ""]
    lines += [f"- {{cite:t}}`{key}`, *{literal(title)}*: "
              f"{prose(where, cid, study.paragraphs, study.chapter_numbers)}"
              for key, title, where in study.citations]
    return "\n".join(lines)


def summary_cell(study: Study) -> str:
    apparatus, cid = study.apparatus, study.apparatus.chapter
    lines = ["## Summary", "", prose(apparatus.summary, cid, study.paragraphs, study.chapter_numbers), "",
             "### Main claims", ""]
    lines += [f"- {prose(claim.text, cid, study.paragraphs, study.chapter_numbers)} "
              f"({paragraph_links(cid, claim.paragraphs, study.chapter_numbers)})"
              for claim in apparatus.claims]
    return "\n".join(lines)


def questions_cell(study: Study) -> str:
    """The lesson: the central question, the core questions (with minutes), the optional questions
    grouped by skill, and the writing task. Each question keeps its number `chapter.question` in
    both editions; the discussion plan and the sample answers are placeholders that only the
    instructor edition fills (`sphinx.instructor_only`)."""
    apparatus, cid, number = study.apparatus, study.apparatus.chapter, study.number
    core = apparatus.core

    def figure_links(item) -> str:
        """Links from a question (or the task) to the tables of reference figures it needs, below."""
        mine = {table.file for table in study.figures if any(
            name == table.file or name in {row.get("figure") for row in table.rows} for name in item.figures)}
        links = [f"[{literal(t.title)}](#{figures_label(cid, t.file)})" for t in study.figures if t.file in mine]
        return f" [Reference figures: {', '.join(links)}]{{.question-figures}}" if links else ""

    note = (f"Questions are numbered {number}.1, {number}.2, … in both editions of the reader (a missing "
            "number is a question withdrawn), and each names the paragraphs it concerns. A seminar on "
            f"this text answers the central question: the {len(core)} core questions (about "
            f"{sum(q.minutes for q in core)} minutes) lead to it; the optional questions, grouped by the "
            "skills historians use, go further; the writing task closes the lesson.")
    lines = ["## Study questions", "", "{.editorial .text-note}", note]
    if apparatus.central_question:  # every apparatus file has one; an Apparatus made in code may not
        lines += ["", "### Central question", "", "{.central-question}",
                  prose(apparatus.central_question, cid, study.paragraphs, study.chapter_numbers),
                  "", f":::{{discussion-plan}} {cid}", ":::"]

    def question(q, minutes=False):
        text = prose(q.text, cid, study.paragraphs, study.chapter_numbers)
        where = paragraph_links(cid, q.paragraphs, study.chapter_numbers)
        extra = f" [{SKILLS[q.skill]}, about {q.minutes} minutes]{{.question-minutes}}" if minutes else ""
        extra += figure_links(q)
        return ["", f"({question_label(cid, q.number)})=", "{.question}",
                f"**{number}.{q.number}** {text} [Paragraphs: {where}]{{.question-paragraphs}}{extra}",
                "", f":::{{model-answer}} {cid} {q.number}", ":::"]

    if core:
        lines += ["", "### Core questions"]
    for q in core:
        lines += question(q, minutes=True)
    lines += ["", "### Optional questions" if core else "### Questions"]
    for skill, heading in SKILLS.items():
        questions = [q for q in apparatus.optional if q.skill == skill]
        if questions:
            lines += ["", f"#### {heading}"]
            for q in questions:
                lines += question(q)
    if study.figures:
        lines += ["", "### Reference figures", "", "{.editorial .text-note}",
                  ("Figures from references outside the sources, which the questions above ask you to set "
                   "beside the text's own: the material of those questions, not their answers. A reference "
                   "is a source too: note what each measures, and when.")]
        for table in study.figures:
            lines += ["", f"({figures_label(cid, table.file)})=", f"#### {literal(table.title)}", "",
                      "| figure | value | what the reference measures | reference |", "| --- | --- | --- | --- |"]
            lines += ["| " + " | ".join(literal(cell).replace("|", "/") for cell in figure_row(row)) + " |"
                      for row in table.rows]
    task = apparatus.writing_task
    if task is None:
        return "\n".join(lines)
    lines += ["", "### Writing task", "", "{.writing-task}",
              (f"{prose(task.prompt, cid, study.paragraphs, study.chapter_numbers)} "
               f"[Homework, about {task.minutes} minutes.]{{.question-minutes}}{figure_links(task)}"),
              "", f"**Evidence to use.** {prose(task.evidence, cid, study.paragraphs, study.chapter_numbers)}",
              "", f":::{{sample-answers}} {cid}", ":::"]
    return "\n".join(lines)


def teaching_notes_cell(apparatus: Apparatus) -> str:
    return f":::{{teaching-notes}} {apparatus.chapter}\n:::"


def word_count_code(chapter: Chapter) -> str:
    """The code cell that counts the words: computed by the reader's notebook, not typed in."""
    return "\n".join([
        "import pandas as pd",
        "",
        f'text = pd.read_csv("../data/texts/{chapter.source.id}.csv")',
        'words = text["text"].str.split().str.len().sum()',
        'paragraphs = text["paragraph"].nunique()',
        f"minutes = max(1, round(words / {WORDS_PER_MINUTE}))",
        'unit = "minute" if minutes == 1 else "minutes"',
        'print(f"Length: {words:,} words, {paragraphs} numbered paragraphs.")',
        f'print(f"Reading time: about {{minutes}} {{unit}} at {WORDS_PER_MINUTE} words a minute.")',
    ])


def text_cell(chapter: Chapter, marks=None) -> str:
    """The text; `marks(kind, number)` gives the margin marks of a paragraph ("p") or note ("n"):
    links to its editor's notes, written beside the number, outside the source's words."""
    marks = marks or (lambda kind, number: "")
    source, cid = chapter.source, chapter.source.id
    omitted = _omitted(chapter)
    lines = [
        "## The text",
        "",
        "{.editorial .text-note}",
        (f"The complete body of the source as received (`{chapter.seed_path.parent.name}/{source.seed}`, lines "
         f"{chapter.first_line}–{chapter.last_line}), unchanged but for its layout: paragraph "
         "numbers are added in the margin, and the marker of each note links to it. "
         f"Left out as web debris: {omitted}."),
    ]
    heading_index = 0
    for block in chapter.blocks:
        lines.append("")
        text = _inline(chapter, block)
        if block.kind == "heading":
            heading_index += 1
            lines += [f"({heading_label(cid, heading_index)})=", "{.src-heading}", f"### {text}"]
        elif block.kind == "paragraph":
            lines += _numbered(cid, block, text, marks=marks("p", block.number))
        elif block.kind == "quote":
            lines += _numbered(cid, block, text, prefix="> ", marks=marks("p", block.number))
        elif block.kind == "caption":
            lines += ["{.caption .src}", f"[Caption of an image not reproduced:]{{.editorial}} {text}"]
        elif block.kind == "byline":
            lines += ["{.byline .src}", text]
    return "\n".join(lines)


def notes_cell(chapter: Chapter, marks=None) -> str:
    cid = chapter.source.id
    marks = marks or (lambda kind, number: "")
    lines = ["### Notes", "", "{.editorial .text-note}",
             "The notes as the source gives them; each number leads back to its marker."]
    for block in chapter.notes:
        lines.append("")
        if not block.label_length:
            lines += ["{.note .note-cont .src}", literal(block.text)]
            continue
        back = _marker_target(chapter, block.number)
        label = literal(block.text[: block.label_length])
        lines += [
            f"({note_label(cid, block.number)})=",
            f"{{#{note_id(block.number)} .note .src}}",
            (f'[{label}](#{back}){{.note-label title="Back to the text"}}{marks("n", block.number)}'
             f"{literal(block.text[block.label_length:])}"),
        ]
    return "\n".join(lines)


def _numbered(cid: str, block: Block, text: str, prefix: str = "", marks: str = "") -> list[str]:
    """A numbered paragraph (a block quotation when prefix is "> "), with its editor's marks."""
    label = paragraph_label(cid, block.number)
    return [f"({label})=", f"{prefix}{{#{paragraph_id(block.number)} .para .src}}",
            f"{prefix}[{block.number}](#{label}){{.pnum}}{marks} {text}"]


def _inline(chapter: Chapter, block: Block) -> str:
    """The block's text, escaped, with each note marker turned into a link to its note."""
    parts, position = [], 0
    for marker in block.markers:
        parts.append(literal(block.text[position : marker.start]))
        digits = block.text[marker.start : marker.end]
        parts.append(f"[{digits}](#{note_label(chapter.source.id, marker.note)}){{.note-ref}}")
        position = marker.end
    parts.append(literal(block.text[position:]))
    return "".join(parts)


def _marker_target(chapter: Chapter, note: int) -> str:
    block = chapter.marker_block(note)
    if block.kind == "heading":
        return heading_label(chapter.source.id, chapter.headings.index(block) + 1)
    return paragraph_label(chapter.source.id, block.number)


def _omitted(chapter: Chapter) -> str:
    parts = []
    if chapter.first_line > 1:
        parts.append(f"{_lines(1, chapter.first_line - 1)} before the body")
    if chapter.dropped:
        parts.append(f"line{'s' if len(chapter.dropped) > 1 else ''} "
                     f"{', '.join(map(str, chapter.dropped))} inside it")
    if chapter.last_line < chapter.seed_lines:
        parts.append(f"{_lines(chapter.last_line + 1, chapter.seed_lines)} after it")
    return "; ".join(parts) if parts else "nothing"


def _lines(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}–{last}"
