"""The lesson as a packet prints it: the reference figures, the graphic organizer, each question
with its writing space (or, in the key, its model answer), the writing task with the criteria it is
marked on and its lined pages (or the sample answers), the instructor's own questions, and, for the
key, the discussion plan, the teaching notes and the whole rubric.
"""

import html
import math
import re

from readertools.content.apparatus import ORGANIZERS, SKILLS, Question
from readertools.content.datasets import figure_row, figure_tables
from readertools.exports.packet_text import name_date, paragraphs, plainer, writing_lines

LINES_PER_MINUTE = 1.2  # ruled lines of writing space per minute a question takes
WORDS_PER_LINE = 10  # handwritten words on one ruled line of the packet
LINES_PER_PAGE = 27  # ruled lines on one page of the writing task


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


def tables_for(book, items) -> list:
    names = [name for item in items for name in item.figures]
    return figure_tables(book.datasets, book.dictionary, names)


def _table_names(book, item, tables) -> str:
    mine = {table.file for table in tables_for(book, [item])}
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


def question_block(book, cid: str, q: Question, key: bool, tables) -> list[str]:
    t = plainer(book, cid)
    meta = [SKILLS[q.skill], paragraphs(book, cid, q.paragraphs)]
    if q.minutes:
        meta.append(f"about {q.minutes} minutes")
    named = _table_names(book, q, tables)
    if named:
        meta.append(f"reference figures: {named}")
    lines = [(f'<div class="question"><p><b>{book.numbers[cid]}.{q.number}</b> {t(q.text)} '
              f'<span class="meta">[{" · ".join(meta)}]</span></p>')]
    lines += ([f'<div class="answer"><b>Model answer</b> {t(q.answer)}</div>'] if key
              else writing_lines(max(3, round((q.minutes or 3) * LINES_PER_MINUTE))))
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
    t = plainer(book, cid)
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
              f'<span class="meta">({task.words[0]}–{task.words[1]} words)</span></h3>'), name_date()]
    return lines + writing_lines(count) + ["</section>"]


def teaching(t, apparatus) -> list[str]:
    """The discussion plan and the teaching notes (the key's)."""
    plan = apparatus.discussion_plan
    return [(f'<div class="plan"><b>Discussion plan</b><br><i>Opening.</i> {t(plan.opening)}<br>'
             f"<i>Sequence.</i> {t(plan.sequence)}<br><i>Where students stumble.</i> "
             f"{t(plan.stumbling_points)}</div>"),
            '<div class="notes"><b class="label">Teaching notes</b>'
            + "".join(f"<p>{t(part)}</p>" for part in re.split(r"\n\s*\n", apparatus.teaching_notes))
            + "</div>"]


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
                  else writing_lines(max(3, round((q.minutes or 3) * LINES_PER_MINUTE))))
        lines.append("</div>")
    return lines


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
