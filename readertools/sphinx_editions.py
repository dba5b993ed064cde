"""Sphinx extension: model answers and teaching notes exist only in the instructor edition.

The chapter notebooks hold no answer text, only placeholders (`{model-answer} avakian 4`,
`{teaching-notes} avakian`). In the student edition (`reader_edition = "student"`, the default)
they produce no node at all, so nothing reaches the pages, the search index or any download; in
the instructor edition they are filled from `book/apparatus/<chapter>.yml` at build time.
"""

from functools import cache

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from .apparatus import apparatus_path, link_references, load_apparatus, paragraph_counts
from .catalogue import load_catalogue
from .segment import load_chapters


@cache
def _paragraphs() -> dict[str, int]:
    return paragraph_counts(load_chapters(load_catalogue()))


class InstructorOnly(SphinxDirective):
    required_arguments = 1
    optional_arguments = 1
    css_class = ""

    def run(self):
        chapter = self.arguments[0]
        self.env.note_dependency(str(apparatus_path(chapter)))
        if self.config.reader_edition != "instructor":
            return []
        apparatus = load_apparatus(chapter, _paragraphs())
        title, text = self.content_for(apparatus)
        node = nodes.admonition(classes=[self.css_class, "instructor-only"])
        node += nodes.title(text=title)
        markdown = link_references(text, chapter, _paragraphs())
        self.state.nested_parse(StringList(markdown.splitlines()), self.content_offset, node)
        return [node]


class ModelAnswer(InstructorOnly):
    """`{model-answer} <chapter> <question number>`"""

    required_arguments = 2
    optional_arguments = 0
    css_class = "model-answer"

    def content_for(self, apparatus):
        question = apparatus.questions[int(self.arguments[1]) - 1]
        return "Model answer (instructor edition)", question.answer


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
