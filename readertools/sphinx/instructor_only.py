"""Sphinx extension: model answers, teaching notes, discussion plans and sample answers exist only
in the instructor edition; an editor's note that settles a question is closed in the student edition
and open in the instructor edition (`ClosedNote`).

Model answers are native HTML `<details>` (closed, one click opens one; `reader.js` opens them all
for printing, and `exports.chromium.print_pdf` does the same before it prints): no toggle extension, since
sphinx_togglebutton was removed from the book for page weight and `<details>` needs no script to
open, works with the keyboard and is announced by screen readers.

The chapter notebooks hold no answer text, only placeholders (`{model-answer} avakian 4`,
`{teaching-notes} avakian`). In the instructor edition they are filled from
`book/apparatus/<chapter>.yml` at build time. In the student edition (`reader_edition = "student"`,
the default) they produce no node at all, and the apparatus is not even read whole: `apparatus`, the
one way this process reads it (for the placeholders here, and for any extension that wants a
chapter's questions), loads it as the student edition's model does (`model.student_edition`), every
field the schema marks instructor-only emptied as the file is read. So no page, search index or
download of the student edition can hold an answer, whatever an extension does with the apparatus.
The extension reads only the apparatus files (checked by the build before Sphinx starts); a
placeholder naming no chapter or no question is a warning at its place, which fails the strict build.
"""

from functools import cache
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from readertools.content.apparatus import read_apparatus
from readertools.content.references import prose
from readertools.editions import CLOSED_NOTE, INSTRUCTOR_ONLY
from readertools.errors import SourceError
from readertools.paths import Project
from readertools.text.catalogue import chapter_numbers

logger = logging.getLogger(__name__)


@cache
def _read(path: Path, chapter: str, stamp: tuple[int, int], student: bool):
    return read_apparatus(path, chapter, source_chapter=False, student=student)


def apparatus(env, chapter: str):
    """The chapter's apparatus as this build's edition may see it: in the student edition, without a
    single instructor-only field (`read_apparatus(..., student=True)`). Read once per version of
    the file (its time and size are part of the key), so that a second build in the same process
    after an edit shows the edited answer. A missing or broken file raises `SourceError`."""
    path = Project(Path(env.srcdir)).apparatus_file(chapter)
    status = path.stat() if path.is_file() else None
    return _read(path, chapter, (status.st_mtime_ns, status.st_size) if status else (0, 0),
                 env.config.reader_edition != "instructor")


@cache
def _numbers(path: Path, stamp: tuple[int, int]) -> dict[str, int]:
    return chapter_numbers(path)


def _chapter_numbers(path: Path) -> dict[str, int]:
    """The chapters' numbers (`_toc.yml`), for references to other chapters (`3.¶ 4`), read once per
    version of the file."""
    if not path.is_file():  # a project without a table of contents (the extensions' tests)
        return {}
    status = path.stat()
    return _numbers(path, (status.st_mtime_ns, status.st_size))


class InstructorOnly(SphinxDirective):
    required_arguments = 1
    optional_arguments = 1
    css_class = ""

    def run(self):
        chapter = self.arguments[0]
        project = Project(Path(self.env.srcdir))
        path = project.apparatus_file(chapter)
        self.env.note_dependency(str(path))
        try:
            found_in = apparatus(self.env, chapter)
            found = self.content_for(found_in)
        except SourceError as error:
            logger.warning(f"{self.name}: {error}", location=self.get_location())
            return []
        if found is None:
            logger.warning(f"{self.name}: {chapter!r} has no question {self.arguments[-1]!r} "
                           f"(its questions are {', '.join(str(q.number) for q in found_in.questions)})",
                           location=self.get_location())
            return []
        if self.config.reader_edition != "instructor":
            return []
        title, text = found
        if not text:
            return []
        node = self.container(title)
        markdown = prose(text, chapter, chapter_numbers=_chapter_numbers(project.toc))
        self.state.nested_parse(StringList(markdown.splitlines()), self.content_offset, node)
        return [node]

    def container(self, title):
        node = nodes.admonition(classes=[self.css_class, "instructor-only"])
        node += nodes.title(text=title)
        return node


class details(nodes.General, nodes.Element):
    """A native `<details>` element, closed, with its `<summary>`; in other builders, its content."""


def _visit_details(translator, node):
    opened = " open" if node.get("open") else ""
    anchor = f' id="{node["ids"][0]}"' if node.get("ids") else ""  # a label just before it (an editor's note)
    translator.body.append(f'<details{anchor} class="{" ".join(node["classes"])}"{opened}><summary>'
                           f'{translator.encode(node["summary"])}</summary>\n')
    translator.body += [f'<span id="{name}"></span>' for name in node.get("ids", [])[1:]]


def _depart_details(translator, node):
    translator.body.append("</details>\n")


class ModelAnswer(InstructorOnly):
    """`{model-answer} <chapter> <question number>`"""

    required_arguments = 2
    optional_arguments = 0
    css_class = "model-answer"

    def content_for(self, apparatus):
        number = self.arguments[1]
        question = apparatus.question(int(number)) if number.isdigit() else None
        return ("Model answer", question.answer) if question else None

    def container(self, title):
        return details(summary=title, classes=[self.css_class, "instructor-only"])


class TeachingNotes(InstructorOnly):
    """`{teaching-notes} <chapter>`"""

    css_class = "teaching-notes"

    def content_for(self, apparatus):
        return "Teaching notes (instructor edition)", apparatus.teaching_notes


class DiscussionPlan(InstructorOnly):
    """`{discussion-plan} <chapter>`"""

    css_class = "discussion-plan"

    def content_for(self, apparatus):
        plan = apparatus.discussion_plan
        text = (f"Opening. {plan.opening}\n\nSequence. {plan.sequence}\n\nWhere students stumble. "
                f"{plan.stumbling_points}") if plan else ""
        return "Discussion plan (instructor edition)", text


class SampleAnswers(InstructorOnly):
    """`{sample-answers} <chapter>`: the annotated sample answers to the writing task, if any."""

    css_class = "sample-answers"

    def content_for(self, apparatus):
        text = "\n\n".join(f"Level {s.level} of 4. {s.text}\n\nAnnotation. {s.annotation}"
                             for s in apparatus.sample_answers)
        return "Sample answers to the writing task (instructor edition)", text


class ClosedNote(SphinxDirective):
    """`:::{closed-note} ✎ Editor's note on ¶ 4: try 6.14 first` around an editor's note that settles a
    question: a `<details>` labelled with the question, closed in the student edition, open in the
    instructor edition."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self):
        node = details(summary=self.arguments[0], classes=[CLOSED_NOTE, "editor-note", "editorial"],
                       open=self.config.reader_edition == "instructor")
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


# Every instructor-only placeholder (`editions.INSTRUCTOR_ONLY`, which the student notebooks drop too).
PLACEHOLDERS = dict(zip(INSTRUCTOR_ONLY, (ModelAnswer, TeachingNotes, DiscussionPlan, SampleAnswers), strict=True))


def setup(app):
    app.add_config_value("reader_edition", "student", "env")
    app.add_node(details, html=(_visit_details, _depart_details))
    for name, directive in PLACEHOLDERS.items():
        app.add_directive(name, directive)
    app.add_directive(CLOSED_NOTE, ClosedNote)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
