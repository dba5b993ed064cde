"""Sphinx extension: model answers and teaching notes exist only in the instructor edition.

The chapter notebooks hold no answer text, only placeholders (`{model-answer} avakian 4`,
`{teaching-notes} avakian`). In the student edition (`reader_edition = "student"`, the default)
they produce no node at all, so nothing reaches the pages, the search index or any download; in
the instructor edition they are filled from `book/apparatus/<chapter>.yml` at build time. The
extension reads only the apparatus files (checked by the build before Sphinx starts); a
placeholder naming no chapter or no question is a warning at its place, which fails the strict build.
"""

from functools import cache
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .apparatus import read_apparatus
from .errors import SourceError
from .markdown import prose
from .paths import Project

logger = logging.getLogger(__name__)


@cache
def _apparatus(path: Path, chapter: str):
    return read_apparatus(path, chapter, source_chapter=False)


class InstructorOnly(SphinxDirective):
    required_arguments = 1
    optional_arguments = 1
    css_class = ""

    def run(self):
        chapter = self.arguments[0]
        path = Project(Path(self.env.srcdir)).apparatus_file(chapter)
        self.env.note_dependency(str(path))
        try:
            apparatus = _apparatus(path, chapter)
            found = self.content_for(apparatus)
        except SourceError as error:
            logger.warning(f"{self.name}: {error}", location=self.get_location())
            return []
        if found is None:
            logger.warning(f"{self.name}: {chapter!r} has no question {self.arguments[-1]!r} "
                           f"(its questions are 1–{len(apparatus.questions)})", location=self.get_location())
            return []
        if self.config.reader_edition != "instructor":
            return []
        title, text = found
        node = nodes.admonition(classes=[self.css_class, "instructor-only"])
        node += nodes.title(text=title)
        markdown = prose(text, chapter)
        self.state.nested_parse(StringList(markdown.splitlines()), self.content_offset, node)
        return [node]


class ModelAnswer(InstructorOnly):
    """`{model-answer} <chapter> <question number>`"""

    required_arguments = 2
    optional_arguments = 0
    css_class = "model-answer"

    def content_for(self, apparatus):
        number = self.arguments[1]
        question = apparatus.question(int(number)) if number.isdigit() else None
        return ("Model answer (instructor edition)", question.answer) if question else None


class TeachingNotes(InstructorOnly):
    """`{teaching-notes} <chapter>`"""

    css_class = "teaching-notes"

    def content_for(self, apparatus):
        return "Teaching notes (instructor edition)", apparatus.teaching_notes


def setup(app):
    app.add_config_value("reader_edition", "student", "env")
    app.add_directive("model-answer", ModelAnswer)
    app.add_directive("teaching-notes", TeachingNotes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
