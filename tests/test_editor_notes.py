"""Editor's notes at the point of the text, and the quotations identified: checked like the datasets.

Every note quotes the words it concerns, and they must stand in the paragraph (or note) it names;
every paragraph with a note carries its margin mark in both editions, linking to the note; the student
edition holds every note. Every identified quotation stands in its paragraph. Bad input stops with
a message naming the file and the place.
"""

import re

import pytest
import yaml
from html_text import page

from readertools.content.editor_notes import label, note_problems, placed_problems, read_editor_notes
from readertools.content.quotations import read_quotations
from readertools.errors import SourceError
from readertools.text.texts import chapter_texts


@pytest.fixture(scope="module")
def texts(chapters):
    return chapter_texts(chapters)


@pytest.fixture(scope="module")
def quotations(book):
    return book.quotations


@pytest.fixture(scope="module")
def notes(book):
    return book.editor_notes


def folded(text: str) -> str:
    return " ".join(text.split())


def test_every_note_quotes_words_that_stand_in_its_paragraph(notes, texts):
    assert len(notes) >= 25
    for note in notes:
        assert folded(note.quote) in folded(texts[(note.chapter, note.kind, str(note.number))]), note.id
        assert note.problem and note.evidence, note.id


def test_every_identified_quotation_stands_in_its_paragraph(quotations, texts):
    assert len(quotations) >= 30
    for quotation in quotations:
        assert folded(quotation.quote) in folded(texts[(quotation.chapter, quotation.kind, str(quotation.number))])
        assert quotation.work or quotation.status == "unidentified", quotation.id


def broken(tmp_path, path, index, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data[index])
    copy = tmp_path / path.name
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return copy


def note_messages(path, book, texts) -> str:
    try:
        notes = read_editor_notes(path)
    except SourceError as error:
        return str(error)
    questions = {cid: {q.number for q in apparatus.questions} for cid, apparatus in book.apparatus.items()}
    return "\n".join(map(str, note_problems(path, notes, texts, questions,
                                            {q.id: q.chapter for q in book.quotations},
                                            book.project.quotations)))


@pytest.mark.parametrize(("change", "place", "message"), [
    (lambda n: n.update(quote="words that are not there"), r"notes\[3\] \([a-z0-9-]+\)\.quote", "is not in"),
    (lambda n: n.pop("evidence"), r"notes\[3\] \(id: [a-z0-9-]+\), line \d+", r"missing key\(s\) evidence"),
    (lambda n: n.update(paragraph=999), r"notes\[3\] \([a-z0-9-]+\)\.paragraph", "does not exist"),
    (lambda n: n.update(kind="opinion"), r"notes\[3\] \(id: [a-z0-9-]+\)\.kind, line \d+", "expected one of"),
    (lambda n: n.update(questions=["99"]), r"notes\[3\] \([a-z0-9-]+\)\.questions", "question .*:99 does not exist"),
])
def test_a_bad_note_stops_the_build_naming_the_file_and_place(tmp_path, book, texts, change, place, message):
    bad = broken(tmp_path, book.project.editor_notes, 3, change)
    assert re.search(f"{re.escape(str(bad))}, {place}: .*{message}", note_messages(bad, book, texts))


def test_a_bad_quotation_stops_the_build_naming_the_file_and_place(tmp_path, book, texts):
    bad = broken(tmp_path, book.project.quotations, 2, lambda q: q.update(quote="not in the text"))
    found = "\n".join(map(str, placed_problems(bad, read_quotations(bad), texts, "quotations")))
    assert re.search(r"quotations\[2\] \([a-z0-9-]+\)\.quote: quotation 'not in the text' is not in", found)


@pytest.fixture(scope="module", params=["student", "instructor"])
def edition(request, site, instructor_site):
    return site if request.param == "student" else instructor_site


def test_every_noted_paragraph_carries_its_mark_linking_to_the_note(edition, notes):
    pages = {}
    for note in notes:
        soup = pages.setdefault(note.chapter, page(edition / "book" / "chapters" / f"{note.chapter}.html"))
        element = soup.find(id=f"{'p' if note.kind == 'p' else 'n'}-{note.number}")
        assert element is not None, f"{note.id}: no {note.kind}-{note.number} on the page"
        marks = [a["href"] for a in element.select("a.ed-mark")]
        assert f"#{label(note)}" in marks, f"{note.id}: the text carries no mark linking to its note"
        target = soup.find(id=label(note))
        assert target is not None and "editor-note" in target.get("class", []), note.id


def test_the_student_edition_contains_every_editors_note_and_quotation(site, notes, quotations):
    text = {}
    for item in (*notes, *quotations):
        chapter = item.chapter
        if chapter not in text:
            article = page(site / "book" / "chapters" / f"{chapter}.html").select_one("article")
            text[chapter] = " ".join(re.findall(r"\w+", article.get_text(" ")))
        words = re.findall(r"\w+", getattr(item, "problem", None) or item.basis)
        assert " ".join(words[:10]) in text[chapter], f"{item.id}: not in the student edition"


def test_facts_once_only_in_the_instructor_edition_are_notes_in_the_student_edition(site):
    baserli = folded(page(site / "book" / "chapters" / "baserli.html").get_text(" "))
    assert "Astrakhan" in baserli and "6 August 1928" in baserli
    assert "Chi-e" in folded(page(site / "book" / "chapters" / "commune-lessons.html").get_text(" "))
