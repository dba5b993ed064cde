"""A course's syllabus: one standalone HTML page that reads on a phone and on a desktop, prints as
the syllabus PDF, and opens the student course pack after its cover.

For each session, in order: the day it meets, its focus, the readings with their reading time (at
`WORDS_PER_MINUTE`; a chapter across the sources counts the passages its packet prints), the
questions to prepare with their minutes, the instructor's own questions, and the writing tasks
with the day they are due. Everything on it is made from the student edition's model and the course
without its answers (`courses.student_course`): it is given to students, and checked like the packets.
"""

import html

import yaml

from readertools.content.courses import chapter_title, long_date
from readertools.content.references import and_list
from readertools.editions import public_address
from readertools.exports.packet_document import cited
from readertools.exports.packet_text import plain
from readertools.generate.guide import offer
from readertools.text.texts import WORDS_PER_MINUTE

STYLE = """
:root { color-scheme: light dark; --ink: #1b1b1b; --muted: #5a5a5a; --rule: #d6d2c8; --accent: #8a3b22;
  --panel: #f6f3ec; --bg: #fff; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e9e6df; --muted: #b4afa5; --rule: #48443d; --accent: #f0a17f; --panel: #24221f; --bg: #161513; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 17px/1.55 Georgia, "DejaVu Serif", serif;
  -webkit-text-size-adjust: 100%; overflow-wrap: break-word; }
main { max-width: 44rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
.kicker, .when, h3, .meta, .minutes, .due, .summary { font-family: system-ui, "DejaVu Sans", sans-serif; }
.kicker { font-size: 0.8rem; letter-spacing: 0.06em; text-transform: uppercase; color: var(--muted); margin: 0; }
h1 { font-size: 1.6rem; line-height: 1.2; margin: 0.2em 0 0.3em; }
.summary { font-size: 0.92rem; color: var(--muted); margin: 0 0 1.5rem; }
a { color: var(--accent); }
.sessions { list-style: none; margin: 0; padding: 0; }
.session { border-top: 2px solid var(--rule); padding: 1rem 0 0.5rem; }
.when { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.2rem 0.75rem; margin-bottom: 0.4rem; }
.when .title { font-weight: 700; font-size: 1.15rem; }
.when time { color: var(--accent); font-weight: 600; }
.focus { margin: 0 0 0.6rem; font-style: italic; }
h3 { font-size: 0.78rem; letter-spacing: 0.06em; text-transform: uppercase; color: var(--muted);
  margin: 0.9rem 0 0.3rem; }
ul, ol { margin: 0; padding-left: 0; list-style: none; }
li { margin: 0 0 0.45rem; }
.readings li, .questions li { display: flex; gap: 0.6rem; align-items: baseline; }
.readings li > span:first-child, .questions li > p { flex: 1; margin: 0; }
.number { font-family: system-ui, "DejaVu Sans", sans-serif; font-weight: 700; flex: 0 0 auto; min-width: 2.8rem; }
.minutes, .meta { font-size: 0.82rem; color: var(--muted); white-space: nowrap; }
.questions p, .tasks p { margin: 0; }
.tasks li { background: var(--panel); padding: 0.5rem 0.7rem; border-radius: 4px; }
.tasks .meta { white-space: normal; margin-bottom: 0.2rem; }
.due { font-size: 0.88rem; font-weight: 700; color: var(--accent); margin-top: 0.3rem; }
.cover { display: none; }
@media (min-width: 56rem) {
  main { max-width: 66rem; padding: 2.5rem 2rem 4rem; }
  h1 { font-size: 2.1rem; }
  .session { display: grid; grid-template-columns: 13rem 1fr; gap: 0 2rem; padding-top: 1.2rem; }
  .when { flex-direction: column; gap: 0.1rem; }
  .when .title { font-size: 1.25rem; }
}
@media print {
  @page { size: A4; }
  :root { --ink: #111; --muted: #444; --rule: #bbb; --accent: #6d2a15; --panel: #f3f0e8; --bg: #fff; }
  html { font-size: 12px; }
  body { font-size: 9.5pt; line-height: 1.4; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 17pt; }
  .summary { margin-bottom: 1em; }
  .session { display: grid; grid-template-columns: 10rem 1fr; gap: 0 1.2rem; padding-top: 0.6rem; }
  .when { flex-direction: column; gap: 0; }
  .when .title { font-size: 11pt; }
  h3 { margin-top: 0.6rem; break-after: avoid; }
  li { margin-bottom: 0.3rem; break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .cover { display: flex; flex-direction: column; justify-content: center; min-height: 250mm; break-after: page; }
  .cover h1 { font-size: 28pt; margin-bottom: 0.4em; }
  .cover .term { font-size: 16pt; margin: 0 0 2.5em; }
  .cover ol { font-family: system-ui, "DejaVu Sans", sans-serif; font-size: 10.5pt; }
  .cover li { display: flex; gap: 1em; border-bottom: 1px solid var(--rule); padding: 0.2em 0; margin: 0; }
  .cover li span:first-child { flex: 0 0 7em; font-weight: 600; }
  .cover li span:nth-child(2) { flex: 0 0 15em; }
  .cover .made { margin-top: 3em; font-size: 9pt; color: var(--muted); }
}
"""


def book_title(book) -> str:
    return yaml.safe_load(book.project.config.read_text(encoding="utf-8"))["title"]


def reading_minutes(book, session, cid: str) -> int:
    """A source chapter's reading time (the instructor guide's); for a chapter across the sources, that
    of the passages its packet prints for the session's questions."""
    if cid in book.chapter_ids:
        return offer(book, cid).reading_minutes
    questions = [book.apparatus[cid].question(n) for n in session.chapter_questions(cid)]
    numbers = cited(book, cid, questions, session.writing)
    words = sum(len(block.text.split()) for chapter in book.chapters
                for block in chapter.paragraphs if block.number in numbers.get(chapter.source.id, ()))
    return max(1, round(words / WORDS_PER_MINUTE))


def _reading(book, session, cid: str, base: str) -> str:
    project, number = book.project, book.numbers[cid]
    title = html.escape(chapter_title(book, cid))
    if base:
        title = f'<a href="{html.escape(base + project.page(book.notebook(cid)))}">{title}</a>'
    who = (html.escape(", ".join(book.chapter(cid).source.authors)) if cid in book.chapter_ids
           else "passages of the sources, printed in the packet")
    return (f'<li><span><span class="number">{number}</span> {title}, <span class="meta">{who}</span></span>'
            f'<span class="minutes">{reading_minutes(book, session, cid)} min</span></li>')


def _questions(book, session) -> list[str]:
    items = []
    for cid, n in session.questions:
        q = book.apparatus[cid].question(n)
        kind = "" if cid in session.listed else "core, " if q.core else "optional, "
        items.append(f'<li><span class="number">{book.numbers[cid]}.{n}</span><p>{plain(q.text, cid, book.numbers)}'
                     f' <span class="meta">({kind}{q.minutes} min)</span></p></li>')
    for q in session.own_questions:
        minutes = f' <span class="meta">({q.minutes} min)</span>' if q.minutes else ""
        items.append(f'<li><span class="number">I.{q.number}</span><p>'
                     f"Instructor's question {q.number}: {html.escape(q.text)}{minutes}</p></li>")
    return items


def _tasks(book, session) -> list[str]:
    if not session.writing:
        return []
    items = []
    for cid in session.chapters:
        task = book.apparatus[cid].writing_task
        due = f'<p class="due">Due {html.escape(long_date(session.due))}</p>' if session.due else ""
        items.append(f'<li><p class="meta">Chapter {book.numbers[cid]}: {task.words[0]}–{task.words[1]} words, about '
                     f"{task.minutes} minutes</p><p>{plain(task.prompt, cid, book.numbers)}</p>{due}</li>")
    return items


def session_item(book, session, base: str) -> str:
    when = (f'<time datetime="{session.meets.isoformat()}">{html.escape(long_date(session.meets))}</time>'
            if session.meets else "")
    parts = [f'<li class="session" id="{html.escape(_anchor(session.title))}">',
             f'<div class="when"><span class="title">{html.escape(session.title)}</span>{when}</div><div>']
    if session.focus:
        parts.append(f'<p class="focus">{html.escape(session.focus)}</p>')
    parts += ["<h3>Read</h3>", '<ul class="readings">',
              *(_reading(book, session, cid, base) for cid in session.chapters), "</ul>",
              "<h3>Prepare for class</h3>", '<ol class="questions">', *_questions(book, session), "</ol>"]
    tasks = _tasks(book, session)
    if tasks:
        parts += ["<h3>Write</h3>", '<ul class="tasks">', *tasks, "</ul>"]
    return "\n".join(parts + ["</div></li>"])


def _anchor(title: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split()) or "session"


def _summary(book, course) -> str:
    days = [s.meets for s in course.sessions if s.meets]
    span = f", from {long_date(days[0])} to {long_date(days[-1])}" if days else ""
    count = len(course.sessions)
    return (f"{count} session{'s' if count > 1 else ''}{span}. The readings are chapters of "
            f"<i>{html.escape(book_title(book))}</i>; reading times are at {WORDS_PER_MINUTE} words a minute. "
            "Each session's packet holds the texts, the questions and the writing tasks.")


def cover(book, course, kind: str, made: str) -> str:
    """The printed cover (hidden on screen): the course, its term, its sessions and their chapters."""
    def chapters(session) -> str:
        numbers = [str(book.numbers[cid]) for cid in session.chapters]
        return ("Chapter " if len(numbers) == 1 else "Chapters ") + and_list(numbers)

    rows = "".join(f"<li><span>{html.escape(s.title)}</span><span>{html.escape(long_date(s.meets)) if s.meets else ''}"
                   f"</span><span>{chapters(s)}</span></li>" for s in course.sessions)
    return (f'<section class="cover"><p class="kicker">{html.escape(kind)}</p><h1>{html.escape(course.title)}</h1>'
            f'<p class="term">{html.escape(course.term)}</p><ol>{rows}</ol>'
            f'<p class="made">{html.escape(made)}</p></section>')


def syllabus_page(book, course, front: str = "") -> str:
    """The syllabus as a standalone page (`front`: a cover printed before it, for a pack)."""
    base = public_address(book.project.config)
    body = "\n".join(session_item(book, session, base) for session in course.sessions)
    title = f"{course.title}: syllabus"
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body><main>\n{front}\n"
            f'<header><p class="kicker">Syllabus · {html.escape(course.term)}</p><h1>{html.escape(course.title)}</h1>'
            f'<p class="summary">{_summary(book, course)}</p></header>\n'
            f'<ol class="sessions">\n{body}\n</ol></main></body></html>\n')
