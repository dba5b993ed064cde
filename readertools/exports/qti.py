"""A question bank for the learning platform: the study questions of chosen chapters as a QTI 1.2
package that Canvas imports (Settings → Import course content → QTI .zip file), built with text2qti.

One essay item per question, titled with its number ("6.4"), its text followed by its paragraphs;
with the book's public address (`make qti BASEURL=…`, else `html: baseurl:` in `_config.yml`), each
paragraph reference is a link to that paragraph of the published book, and without it the
references stay text.

No model answer goes into the package, in any field. text2qti gives an essay question only general
feedback, and Canvas shows a question's general feedback to the student with the results once the
quiz is submitted, whatever the answer (unless the instructor hides all results): a model answer
there would reach every student who submits. The answers stay in the answer keys
(`make handouts`), which instructors keep; graders mark against those and the rubric.
"""

import re
from pathlib import Path

from readertools.content.lessons import lesson_chapters
from readertools.content.references import link_references, reference_label
from readertools.editions import public_address
from readertools.errors import BookErrors, SourceError
from readertools.labels import PARAGRAPH_LINK, paragraph_id


def chapter_ids(book, text: str) -> list[str]:
    """The chapter ids named in `text` ("baserli henry"), each a chapter with questions."""
    known = lesson_chapters(book)
    names = [name for name in re.split(r"[\s,]+", text.strip()) if name]
    problems = [SourceError("CHAPTERS", f"{name!r} is not a chapter with questions (these are: {', '.join(known)})")
                for name in names if name not in known]
    if not names:
        problems.append(SourceError("CHAPTERS", f"no chapters given (e.g. CHAPTERS=\"baserli henry\"; "
                                    f"these have questions: {', '.join(known)})"))
    if problems:
        raise BookErrors(problems)
    return names


def base_url(book) -> str:
    """The published book's address, ending in "/", or "" (`editions.public_address`)."""
    return public_address(book.project.config)


def _page(book, cid: str) -> str:
    project = book.project
    notebook = project.chapter_notebook(cid) if cid in book.chapter_ids else project.across_notebook(cid)
    return project.page(notebook)


def _linked(book, text: str, cid: str, base: str) -> str:
    """Question text with its ¶ references as links to the published book, or as text."""
    text = link_references(text, cid, None, chapter_numbers=book.numbers)
    if not base:
        return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return PARAGRAPH_LINK.sub(lambda m: f"]({base}{_page(book, m['chapter'])}#{paragraph_id(m['number'])})", text)


def _paragraphs(book, cid: str, references, base: str) -> str:
    groups = {}
    for chapter, number in references:
        groups.setdefault(chapter, []).append(number)
    parts = []
    for chapter, numbers in groups.items():
        shown = [f"[{n}]({base}{_page(book, chapter)}#{paragraph_id(n)})" if base else str(n) for n in numbers]
        words = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]
        parts.append(reference_label(words, chapter, cid, book.numbers))
    return "; ".join(parts)


def quiz_text(book, chapters: list[str]) -> str:
    """The bank in text2qti's plain-text format: one essay item per question, no feedback."""
    base = base_url(book)
    numbers = [str(book.numbers[cid]) for cid in chapters]
    names = ", ".join(numbers[:-1]) + (" and " if len(numbers) > 1 else "") + numbers[-1]
    lines = [f"Quiz title: Reading Revolutions, study questions of chapter{'s' if len(chapters) > 1 else ''} {names}",
             ("Quiz description: Essay questions from the course reader, numbered as in the book "
             "(chapter.question); each names the paragraphs it concerns."), ""]
    for cid in chapters:
        apparatus, number = book.apparatus[cid], book.numbers[cid]
        for q in apparatus.questions:
            text = " ".join(_linked(book, q.text, cid, base).split())
            where = _paragraphs(book, cid, q.paragraphs, base)
            kind = f"core question, about {q.minutes} minutes" if q.core else "optional question"
            lines += [f"Title: {number}.{q.number}", "Points: 1",
                      f"1.  **{number}.{q.number}** {_escape(text)} (Paragraphs: {where}; {kind}.)", "____", ""]
    return "\n".join(lines)


def _escape(text: str) -> str:
    """Markdown characters in the question text shown as themselves."""
    return re.sub(r"([*_\\<>])", r"\\\1", text)


def write_qti(book, chapters: list[str], out: Path | None = None) -> Path:
    """Write `<out>/<chapters>.zip` (default `_build/qti/`) and the text it was made from beside it."""
    # Here, not at the top: text2qti takes 0.2 s to import, and the command line imports this module.
    from text2qti.config import Config
    from text2qti.err import Text2qtiError
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    out = Path(out or book.project.qti)
    out.mkdir(parents=True, exist_ok=True)
    stem = "questions-" + "-".join(chapters)
    text = quiz_text(book, chapters)
    (out / f"{stem}.txt").write_text(text, encoding="utf-8")
    try:
        quiz = Quiz(text, config=Config(), source_name=f"{stem}.txt")
    except Text2qtiError as error:
        raise SourceError(out / f"{stem}.txt", f"text2qti refused it: {error}") from None
    path = out / f"{stem}.zip"
    QTI(quiz).save(path)
    return path
