"""The question bank for Canvas: one QTI 1.2 package (.zip) that Canvas imports with one quiz per
session (Settings → Import course content → QTI .zip file), written with text2qti.

Each quiz holds the session's items (`exports.bank_items`) as essay questions, titled as the book
numbers them, with the session's reading and, when it has writing tasks, how they are marked (the
points of each level, the conversion to a mark, each criterion's question as students see it) in its
description. text2qti writes one quiz per package; the quizzes' packages are merged into one, each
quiz in its own folder and its resources in one manifest, as Canvas's own exports hold several
(Canvas matches each quiz's `assessment_meta.xml` to its assessment by the folder's name).

No model answer goes into the package, in any field. text2qti gives an essay question only general
feedback, and Canvas shows a question's general feedback to the student with the results once the
quiz is submitted, whatever the answer (unless the instructor hides all results): a model answer
there would reach every student who submits. The answers travel to graders in the Moodle XML bank's
grader information (`exports.moodle`) and in the answer keys (`make handouts`), never here.

Escaping: text2qti reads Markdown, adds LaTeX ($…$ becomes an equation image), curls straight
quotes and turns `--` into a dash (Python-Markdown's smarty), and a backslash written to escape a
character can stay. So every ASCII punctuation character of the book's text goes in as an HTML
character reference (`$` as `&#36;`): Markdown and text2qti's own rules pass references through
untouched, and HTML reads each as the character it names. Titles are plain text, which text2qti only
escapes for XML.
"""

import io
import string
import zipfile
from pathlib import Path

from lxml import etree

from readertools.errors import SourceError

_PUNCTUATION = set(string.punctuation)


def literal(text: str) -> str:
    """`text` as text2qti's Markdown reads literally: every ASCII punctuation character, and every
    line break, a character reference."""
    return "".join(f"&#{ord(c)};" if c in _PUNCTUATION or c in "\r\n" else c for c in text)


def markdown(blocks) -> list[str]:
    """Blocks (`bank_items.Block`) as text2qti's Markdown, one line each: text literal, links and
    bold as Markdown writes them."""
    lines = []
    for block in blocks:
        written = ""
        for run in block:
            shown = literal(run.text)
            written += f"[{shown}]({literal(run.href)})" if run.href else f"**{shown}**" if run.strong else shown
        lines.append(written)
    return lines


def quiz_text(quiz) -> str:
    """One quiz (`bank_items.BankQuiz`) in text2qti's text format: essay items, no feedback."""
    description = markdown(quiz.description)
    lines = [f"Quiz title: {' '.join(quiz.title.split())}", "Quiz description: " + description[0]]
    lines += [line for paragraph in description[1:] for line in ("", "    " + paragraph)]
    lines.append("")
    for item in quiz.items:
        paragraphs = markdown(item.blocks)
        lines += [f"Title: {item.title}", f"Points: {item.points}", "1.  " + paragraphs[0]]
        lines += [line for paragraph in paragraphs[1:] for line in ("", "    " + paragraph)]
        lines += ["____", ""]
    return "\n".join(lines)


def write_canvas(quizzes, path: Path, title: str) -> Path:
    """Write every quiz into one package at `path`, named `title` in its manifest."""
    # Here, not at the top: text2qti takes 0.2 s to import, and the command line imports this module.
    from text2qti.config import Config
    from text2qti.err import Text2qtiError
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    packages = []
    for index, bank in enumerate(quizzes, start=1):
        try:
            quiz = Quiz(quiz_text(bank), config=Config(), source_name=bank.title)
        except Text2qtiError as error:
            raise SourceError(path, f"text2qti refused the quiz {bank.title!r}: {error}") from None
        quiz.id = f"s{index:02d}{quiz.id[:40]}"  # its folder's name: two sessions may ask the same questions
        packages.append(zipfile.ZipFile(io.BytesIO(QTI(quiz).zip_bytes())))
    manifest = etree.fromstring(packages[0].read("imsmanifest.xml"))
    resources = manifest.find("{*}resources")
    for package in packages[1:]:
        resources.extend(etree.fromstring(package.read("imsmanifest.xml")).find("{*}resources"))
    manifest.find(".//{*}title/{*}string").text = title
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("imsmanifest.xml", etree.tostring(manifest, xml_declaration=True, encoding="UTF-8"))
        for package in packages:
            for info in package.infolist():
                if info.filename != "imsmanifest.xml" and info.filename not in out.namelist():
                    out.writestr(info, package.read(info))
    return path
