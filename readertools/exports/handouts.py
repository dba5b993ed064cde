"""Printable handouts and answer keys: one pair per chapter, or one pair from chosen questions.

A handout holds what a student needs in class (the source line, the headnote, the central question,
the core questions with their minutes, then the optional ones, each with its paragraphs, and the
writing task) and no answer; its key adds the model answers, the discussion plan, the sample
answers and the rubric. Both are small HTML pages with their own stylesheet, written into
`_build/handouts/html/`, served on loopback and printed to PDF by Chromium (`exports.chromium.print_pdf`):
the same print pipeline as the book's PDFs. A handout is checked for instructor-only phrases with
the student site's own leak check (`checks.leaks`) before it is printed.

Questions are named as the book numbers them, "chapter.question" (`2.3`), the chapter's number
being its number in the table of contents.
"""

import html
import re
import shutil
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path

from readertools.checks.leaks import hidden_phrases, leaks
from readertools.content.apparatus import SKILLS, Question
from readertools.content.lessons import lesson_chapters
from readertools.errors import BookErrors, SourceError
from readertools.exports.chromium import chromium, print_pdf, served
from readertools.model import student_edition

STYLE = """
@page { size: A4; }
body { font-family: "DejaVu Serif", Georgia, serif; font-size: 10.5pt; line-height: 1.4; color: #111; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 0.2em; } h2 { font-size: 13pt; margin: 1.1em 0 0.3em; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 0.9em 0 0.2em; }
.chapter + .chapter { break-before: page; }
.source-line { font-size: 9.5pt; color: #333; margin: 0 0 0.6em; }
.headnote { font-size: 9.5pt; } .headnote h2 { display: none; }
.central { font-size: 12pt; font-weight: bold; border-left: 4px solid #333; padding-left: 0.6em; }
.question { margin: 0.5em 0; break-inside: avoid; }
.meta { font-size: 9pt; color: #444; }
.lines { border-bottom: 1px dotted #999; height: 1.6em; }
.answer, .plan, .sample { font-size: 9.5pt; background: #f1f5f1; border-left: 3px solid #3a7a3a; padding: 0.3em 0.6em;
  margin: 0.3em 0 0.8em; break-inside: avoid; }
.answer b, .plan b, .sample b { font-family: sans-serif; font-size: 8.5pt; text-transform: uppercase; }
table { border-collapse: collapse; font-size: 8.5pt; width: 100%; }
td, th { border: 1px solid #999; padding: 0.25em; vertical-align: top; }
"""


@dataclass(frozen=True)
class Chosen:
    chapter: str
    question: Question


def choose(book, numbers: str) -> list[Chosen]:
    """The questions named "2.3 5.1 7.4" (spaces or commas), in the order given; every unknown
    number is an error naming it."""
    by_number = {book.numbers[cid]: cid for cid in lesson_chapters(book)}
    chosen, problems = [], []
    for name in filter(None, re.split(r"[\s,]+", numbers.strip())):
        chapter, _, question = name.partition(".")
        cid = by_number.get(int(chapter)) if chapter.isdigit() else None
        found = book.apparatus[cid].question(int(question)) if cid and question.isdigit() else None
        if found is None:
            why = ("write chapter.question, e.g. 2.3" if not re.fullmatch(r"\d+\.\d+", name) else
                   f"chapter {chapter} has no questions" if cid is None else
                   f"chapter {chapter} has no question {question} (its questions are "
                   f"{', '.join(str(q.number) for q in book.apparatus[cid].questions)})")
            problems.append(SourceError("QUESTIONS", f"no question {name}: {why}"))
        else:
            chosen.append(Chosen(cid, found))
    if not chosen and not problems:
        problems.append(SourceError("QUESTIONS", "no questions given (e.g. QUESTIONS=\"2.3 5.1 7.4\")"))
    if problems:
        raise BookErrors(problems)
    return chosen


def plain(text: str) -> str:
    """Apparatus prose as handout HTML: escaped, `¶@chapter 3` shown as the book shows it, `¶ 3`."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", re.sub(r"¶@[a-z][a-z0-9-]* ", "¶ ", text))
    return html.escape(text.replace("`", ""))


def paragraphs(book, cid: str, references) -> str:
    groups = {}
    for chapter, number in references:
        groups.setdefault(chapter, []).append(str(number))
    parts = []
    for chapter, numbers in groups.items():
        words = ", ".join(numbers[:-1]) + (" and " if len(numbers) > 1 else "") + numbers[-1]
        parts.append(("" if chapter == cid else f"chapter {book.numbers[chapter]}, ") + f"¶ {words}")
    return "; ".join(parts)


def _headnote(book, cid: str) -> tuple[str, str]:
    """(source line, headnote HTML) of a chapter: the catalogue's line and the notebook's headnote."""
    from markdown_it import MarkdownIt  # here: the command line imports this module, and needs it only to print

    if cid in book.chapter_ids:
        source = book.chapter(cid).source
        title = f"[{source.title}]" if source.title_supplied else source.title  # supplied titles in brackets
        line = f"{', '.join(source.authors)}, “{title}”. {source.venue}, {source.date}. {source.genre}."
        path, cell_id = book.project.chapter_notebook(cid), "headnote"
    else:
        line, path, cell_id = "Working across the sources: a chapter of the reader's editors.", \
            book.project.across / f"{cid}.ipynb", "intro"
    cell = next((c for c in book.notebooks[path].cells if c.get("id") == cell_id), None)
    text = re.sub(r"^# .*$", "", cell.source, count=1, flags=re.MULTILINE) if cell else ""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return html.escape(line), MarkdownIt("commonmark", {"html": False}).render(text)


def _question(book, cid: str, q: Question, key: bool) -> list[str]:
    number = book.numbers[cid]
    meta = [SKILLS[q.skill], paragraphs(book, cid, q.paragraphs)]
    if q.core:
        meta.append(f"about {q.minutes} minutes")
    lines = [(f'<div class="question"><p><b>{number}.{q.number}</b> {plain(q.text)} '
             f'<span class="meta">[{html.escape(" · ".join(meta))}]</span></p>')]
    lines += [f'<div class="answer"><b>Model answer</b> {plain(q.answer)}</div>'] if key else \
        ['<div class="lines"></div>'] * 3
    return lines + ["</div>"]


def chapter_section(book, cid: str, key: bool) -> list[str]:
    """A whole chapter's lesson, as handout HTML."""
    apparatus, number = book.apparatus[cid], book.numbers[cid]
    source, headnote = _headnote(book, cid)
    title = book.chapter(cid).source.title if cid in book.chapter_ids else \
        book.notebooks[book.project.across / f"{cid}.ipynb"].cells[0].source.splitlines()[0].lstrip("# ")
    lines = ['<section class="chapter">', f"<h1>Chapter {number}: {html.escape(title)}</h1>",
             f'<p class="source-line">{source}</p>', f'<div class="headnote">{headnote}</div>',
             "<h2>Central question</h2>", f'<p class="central">{plain(apparatus.central_question)}</p>']
    if key and apparatus.discussion_plan:
        plan = apparatus.discussion_plan
        lines += [(f'<div class="plan"><b>Discussion plan</b><br><i>Opening.</i> {plain(plan.opening)}<br>'
                  f"<i>Sequence.</i> {plain(plan.sequence)}<br><i>Where students stumble.</i> "
                  f"{plain(plan.stumbling_points)}</div>")]
    core = apparatus.core
    lines.append(f"<h2>Core questions (about {sum(q.minutes for q in core)} minutes)</h2>")
    for q in core:
        lines += _question(book, cid, q, key)
    lines.append("<h2>Optional questions</h2>")
    for skill, heading in SKILLS.items():
        questions = [q for q in apparatus.optional if q.skill == skill]
        if questions:
            lines.append(f"<h3>{heading}</h3>")
            for q in questions:
                lines += _question(book, cid, q, key)
    task = apparatus.writing_task
    lines += [f"<h2>Writing task (about {task.minutes} minutes)</h2>", f"<p>{plain(task.prompt)}</p>",
              f"<p><b>Evidence to use.</b> {plain(task.evidence)}</p>"]
    if key:
        lines += [f'<div class="sample"><b>Sample answer, level {s.level} of 4</b> {plain(s.text)}<br>'
                  f"<i>Annotation.</i> {plain(s.annotation)}</div>" for s in apparatus.sample_answers]
    return lines + ["</section>"]


def chosen_section(book, chosen: list[Chosen], key: bool) -> list[str]:
    lines = ['<section class="chapter">', "<h1>Questions from the reader</h1>",
             '<p class="source-line">' + html.escape("; ".join(
                 f"chapter {book.numbers[cid]}: {_title(book, cid)}"
                 for cid in dict.fromkeys(c.chapter for c in chosen))) + "</p>"]
    for item in chosen:
        lines += _question(book, item.chapter, item.question, key)
    return lines + ["</section>"]


def _title(book, cid: str) -> str:
    if cid in book.chapter_ids:
        return book.chapter(cid).source.title
    return book.notebooks[book.project.across / f"{cid}.ipynb"].cells[0].source.splitlines()[0].lstrip("# ")


def rubric_section(book) -> list[str]:
    rubric = book.rubric
    lines = ['<section class="chapter"><h2>Assessment rubric</h2><table><tr><th>criterion</th>']
    lines += [f"<th>{4 - i} {html.escape(name)}</th>" for i, name in enumerate(rubric.levels)]
    lines.append("</tr>")
    for criterion in rubric.criteria:
        lines.append(f"<tr><th>{html.escape(criterion.name)}</th>"
                     + "".join(f"<td>{html.escape(text)}</td>" for text in criterion.levels) + "</tr>")
    return lines + ["</table></section>"]


def page(title: str, body: list[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def documents(book, chapters=None, chosen: list[Chosen] | None = None) -> list[tuple[str, str, str, str]]:
    """(file stem, title, edition, HTML) of every handout and key to print: each key from the editors'
    model, each student handout from the student edition's (`model.student_edition`), which holds no
    answer to print."""
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
            title = f"Chapter {book.numbers[cid]} · {'Answer key' if key else 'Handout'}"
            body = chapter_section(book if key else student, cid, key) + (rubric_section(book) if key else [])
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
