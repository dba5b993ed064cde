"""The question bank for Moodle: Moodle XML (Question bank → Import → Moodle XML format), written
with lxml, as Moodle's own importer reads it (question/format/xml/format.php).

One `<question type="category">` per session (`$course$/top/<course>/<session>`, with the session's
reading and marking in its info), then the session's items (`exports.bank_items`) as essay questions:
the text students see in `questiontext` (HTML), the points in `defaultgrade`, the response in the
HTML editor (a writing task with its word limits), and what only graders see in `graderinfo`: the
model answer; for the central question the discussion plan; for a writing task the sample answers,
annotated, and the rubric's level texts of its criteria. Moodle shows `graderinfo` to those who
grade an attempt, never to the student; `generalfeedback`, which students see after the attempt,
stays empty.

Each HTML field is the fragment lxml writes (`bank_items.html_fragment`), set as an element's text:
lxml escapes it for XML once, and Moodle's importer unescapes it once.
"""

from pathlib import Path

from lxml import etree

from readertools.exports.bank_items import html_fragment

RESPONSE_LINES = {"writing": 25}  # lines of the response box; 10 for the rest


def category_path(*names: str) -> str:
    """Moodle's category path: names joined by "/", a "/" in a name doubled, a name starting or
    ending with "/" padded with a space (question/format.php, `assemble_category_path`)."""
    escaped = []
    for name in names:
        name = name.replace("/", "//")
        escaped.append((" " if name.startswith("/") else "") + name + (" " if name.endswith("/") else ""))
    return "/".join(escaped)


def _text(parent, tag: str, value: str, html: bool = False):
    element = etree.SubElement(parent, tag, format="html") if html else etree.SubElement(parent, tag)
    etree.SubElement(element, "text").text = value
    return element


def _value(parent, tag: str, value) -> None:
    etree.SubElement(parent, tag).text = "" if value is None else str(value)


def _essay(item):
    question = etree.Element("question", type="essay")
    _text(question, "name", item.title)
    _text(question, "questiontext", html_fragment(item.blocks), html=True)
    _text(question, "generalfeedback", "", html=True)
    for tag, value in (("defaultgrade", f"{item.points:.7f}"), ("penalty", "0.0000000"), ("hidden", 0),
                       ("idnumber", None), ("responseformat", "editor"), ("responserequired", 1),
                       ("responsefieldlines", RESPONSE_LINES.get(item.kind, 10)),
                       ("minwordlimit", item.words[0] if item.words else None),
                       ("maxwordlimit", item.words[1] if item.words else None),
                       ("attachments", 0), ("attachmentsrequired", 0), ("maxbytes", 0), ("filetypeslist", None)):
        _value(question, tag, value)
    _text(question, "graderinfo", html_fragment(item.grader), html=True)
    _text(question, "responsetemplate", "", html=True)
    return question


def moodle_xml(quizzes, course: str) -> bytes:
    root = etree.Element("quiz")
    for quiz in quizzes:
        category = etree.SubElement(root, "question", type="category")
        _text(category, "category", category_path("$course$", "top", course, quiz.title))
        _text(category, "info", html_fragment(quiz.description), html=True)
        root.extend(_essay(item) for item in quiz.items)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_moodle(quizzes, path: Path, course: str) -> Path:
    """Write every quiz, each its own category under `course`, into one file at `path`."""
    Path(path).write_bytes(moodle_xml(quizzes, course))
    return path
