"""The answers, teaching notes and editor's notes agree with `book/quotations.yml`.

The rule, checked by `agreement_problems` (and so by the build): a text *attributes* an identified
quotation when it gives the quotation's words (the whole quotation if it is shorter than six words,
otherwise any six consecutive words of it, compared without case, punctuation or quotation marks).
In the sentence that gives them:

- every work it names (a title of book/references.bib or a work of book/quotations.yml) must be the
  quotation's work as the file identifies it (the same title, or one containing the other);
- where the quotation is "unidentified" (not stated in the source, and not identified here), the
  sentence names no work at all;
- a year written right after the work's title ("The State and Revolution (1917)", "…, 1917") must be
  in the file's date for the quotation.

The sentence is the unit because that is where a writer says whose words these are and where they
come from; a later sentence is about something else often enough that checking it would cry wolf.
"""

import re
from dataclasses import dataclass
from functools import cache

from readertools.errors import SourceError

RUN = 6  # consecutive words that identify a quotation


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’']+", text.lower().replace("’", "'"))


def _plain(text: str) -> str:
    return " ".join(_words(text))


def _title(title: str) -> str:
    """A title as compared: lower case, words only, without a leading article."""
    return re.sub(r"^(the|a|an|la|le|les|l') ", "", _plain(title.replace("{", "").replace("}", "")))


@dataclass(frozen=True)
class Found:
    place: str  # file and field
    quotation: str  # the quotation's id
    message: str


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;])\s+(?=[A-Z“\"(])", " ".join(text.split())) if s]


@cache  # asked once per sentence of every answer and note, for every quotation
def runs(quote: str) -> frozenset[str]:
    """The word runs that identify a quotation in another text."""
    words = _words(quote)
    if len(words) < RUN:
        return frozenset({" ".join(words)} if words else ())
    return frozenset(" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1))


def title_forms(title: str) -> set[str]:
    """A title and the short forms a writer uses for it: without a parenthesis or a trailing part
    (", preface", ": Short Course"), the parenthesis itself ("Anti-Dühring"), "Communist Manifesto"."""
    forms = {title}
    forms.add(re.sub(r"\s*\(.*?\)", "", title))
    forms |= set(re.findall(r"\(([^()]*)\)", title))
    forms |= {re.split(r"[,:;]", f)[0] for f in list(forms)}
    forms = {f.strip() for f in forms if len(f.split()) >= 2} | ({title.strip()} if title.strip() else set())
    if "Manifesto" in title:
        forms |= {"Communist Manifesto", "Manifesto"}
    return forms


def titles_in(sentence: str, titles: set[str]) -> list[str]:
    """The titles a sentence names: a title of two words or more anywhere, a one-word title only
    where the sentence capitalises it (so "capital" the noun is not "Capital" the book)."""
    plain = f" {_plain(sentence)} "
    found = []
    for t in titles:
        several = len(t.split()) >= 2 and f" {t} " in plain
        one = len(t.split()) == 1 and re.search(rf"(?<!\w){re.escape(t.capitalize())}(?!\w)", sentence)
        if several or one:
            found.append(t)
    return [t for t in found if not any(t != o and f" {t} " in f" {o} " for o in found)]  # the longest


def compatible(named: str, work: str | None, bib_title: str | None) -> bool:
    known = {_title(f) for w in (work, bib_title) if w for f in title_forms(w)} - {""}
    return any(f" {named} " in f" {k} " or f" {k} " in f" {named} " for k in known)


def disagreements(text: str, quotations, titles: set[str], bib: dict[str, str]):
    """(quotation id, message) for every sentence of the text that breaks the rule."""
    for sentence in sentences(text):
        plain = f" {_plain(sentence)} "
        for q in quotations:
            if not any(f" {run} " in plain for run in runs(q.quote)):
                continue
            bib_title = bib.get(q.bib) if q.bib else None
            for named in titles_in(sentence, titles):
                if q.status == "unidentified":
                    yield q.id, (f"names a work ({named!r}) for a quotation the file marks as not stated in "
                                 f"the source: {sentence[:160]!r}")
                elif not compatible(named, q.work, bib_title):
                    yield q.id, (f"names {named!r} for a quotation the file identifies as from {q.work!r}: "
                                 f"{sentence[:160]!r}")
                else:
                    after = re.search(rf"{re.escape(named)}\W{{1,3}}(\d{{4}})", _plain(sentence))
                    if after and q.date and after.group(1) not in q.date:
                        yield q.id, (f"dates {named!r} {after.group(1)}, the file {q.date!r}: {sentence[:160]!r}")


def agreement_problems(book, bib: dict[str, str]) -> list[SourceError]:
    """Every answer, teaching note and editor's note that contradicts book/quotations.yml."""
    works = [t for t in bib.values() if t] + [q.work for q in book.quotations if q.work]
    titles = {_title(form) for work in works for form in title_forms(work)} - {""}
    texts = []
    for apparatus in book.apparatus.values():
        texts += [(apparatus.path, f"questions[{i}] answer", q.answer) for i, q in enumerate(apparatus.questions)]
        texts.append((apparatus.path, "teaching_notes", apparatus.teaching_notes))
    for note in book.editor_notes:
        texts.append((book.project.editor_notes, f"{note.id}", f"{note.problem} {note.evidence}"))
    problems, quotations = [], book.project.relative(book.project.quotations)
    for path, place, text in texts:
        for qid, message in disagreements(text or "", book.quotations, titles, bib):
            problems.append(SourceError(path, f"disagrees with {quotations} ({qid}): {message}", place=place))
    return problems
