"""Answers that repeat, word for word, a passage students see.

An answer pasted into a question, a summary, a headnote, an editor's note or any data file students
see (the glossary, the people, the citations, the bibliography, the chronology, the standpoints, a
dataset's free text) gives that answer away, and the site check (`leaks`) would find its words in
every page made from that file: the model refuses it first, naming the answer and the file. An
answer may quote its source and its references at any length (`leaks.quotable_texts`); any other run
of `ECHO` (12) words it shares with a text students see is refused (a shorter one is wording two texts
about one source share: a name, a title, a phrase of a claim).
"""

from readertools.checks.leaks import ECHO, plain, quotable_texts, shingles, student_texts, words
from readertools.errors import SourceError


def answer_echoes(book) -> list[SourceError]:
    """Answers and teaching notes that repeat, word for word, a run of `ECHO` words of a text students
    see (not a quotation of the sources or references)."""
    def runs(text):
        return shingles(words(plain(text)), ECHO)

    allowed = set().union(*map(runs, quotable_texts(book)))
    answers = [(apparatus.path, place, runs(text) - allowed) for apparatus in book.apparatus.values()
               for place, text in apparatus.hidden()]
    wanted = set().union(*(found for _, _, found in answers))
    seen = {}  # a run of an answer -> the first text students see that holds it
    for where, text in student_texts(book):
        for run in runs(text) & wanted:
            seen.setdefault(run, where)
    problems = []
    for path, place, found in answers:
        shared = sorted(found & seen.keys())
        if shared:
            problems.append(SourceError(path, f"repeats words students see in {seen[shared[0]]}: "
                                        f"“{' '.join(shared[0])}”; reword the answer", place=place))
    return problems
