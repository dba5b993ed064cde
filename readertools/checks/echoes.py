"""Answers that repeat, word for word, a passage students see in an editorial text.

An answer pasted into a question, a summary, a headnote or an editor's note is a leak the site check
(`leaks`) cannot see, since the pasted words are then the students' own: the model refuses it.
"""

from readertools.checks.leaks import plain, shingles, words
from readertools.content.notebooks import GENERATED
from readertools.errors import SourceError

ECHO = 12  # words: an answer repeating this many of a student-visible text gives that text away


def reference_texts(book):
    """What any text of the book may quote at length: the sources and the reference material."""
    for chapter in book.chapters:
        yield " ".join(block.text for block in chapter.blocks + chapter.notes)
    project = book.project
    for path in (project.catalogue, project.glossary, project.people, project.citations, project.bibliography,
                 project.quotations, project.chronology, project.standpoints, *book.datasets):
        yield path.read_text(encoding="utf-8")


def answer_echoes(book) -> list[SourceError]:
    """Answers and teaching notes that repeat, word for word, a passage students see in an editorial
    text (a summary, a question, a headnote, an editor's note): an answer pasted into a question or a
    summary is a leak the site check cannot see, since the pasted words are the students' own."""
    def runs(text):
        return shingles(words(plain(text)), ECHO)

    allowed = set().union(*map(runs, reference_texts(book)))
    seen = {}
    for apparatus in book.apparatus.values():
        for place, text in apparatus.visible():
            where = f"{book.project.relative(apparatus.path)}, {place}"
            seen.update(dict.fromkeys(runs(text) - seen.keys(), where))
    for path, notebook in book.notebooks.items():
        for cell in notebook.cells:
            if cell.get("id") not in GENERATED:
                seen.update(dict.fromkeys(runs(cell.source) - seen.keys(),
                                          f"{book.project.relative(path)}, cell {cell.get('id')!r}"))
    for note in book.editor_notes:
        seen.update(dict.fromkeys(runs(f"{note.problem} {note.evidence}") - seen.keys(),
                                  f"{book.project.relative(book.project.editor_notes)} ({note.id})"))
    problems = []
    for apparatus in book.apparatus.values():
        for place, text in apparatus.hidden():
            shared = sorted((runs(text) - allowed) & seen.keys())
            if shared:
                problems.append(SourceError(apparatus.path, f"repeats words students see in {seen[shared[0]]}: "
                                            f"“{' '.join(shared[0])}”; reword the answer", place=place))
    return problems
