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

from readertools.apparatus import load_apparatus, paragraph_counts
from readertools.build import INSTRUCTOR
from readertools.editor_notes import NOTES, chapter_texts, label, load_editor_notes
from readertools.errors import SourceError
from readertools.quotations import QUOTATIONS, load_quotations


@pytest.fixture(scope="module")
def texts(chapters):
    return chapter_texts(chapters)


@pytest.fixture(scope="module")
def quotations(texts):
    return load_quotations(texts)


@pytest.fixture(scope="module")
def notes(chapters, texts, quotations):
    paragraphs = paragraph_counts(chapters)
    questions = {c.source.id: len(load_apparatus(c.source.id, paragraphs).questions) for c in chapters}
    questions["commune"] = len(load_apparatus("commune", paragraphs).questions)
    return load_editor_notes(texts, questions, {q.id for q in quotations})


def folded(text: str) -> str:
    return " ".join(text.split())


def test_every_note_quotes_words_that_stand_in_its_paragraph(notes, texts):
    assert len(notes) >= 25
    for note in notes:
        assert folded(note.quote) in folded(texts[(note.chapter, note.kind, note.number)]), note.id
        assert note.problem and note.evidence, note.id


def test_every_identified_quotation_stands_in_its_paragraph(quotations, texts):
    assert len(quotations) >= 30
    for quotation in quotations:
        assert folded(quotation.quote) in folded(texts[(quotation.chapter, quotation.kind, quotation.number)])
        assert quotation.work or quotation.status == "unidentified", quotation.id


def broken(tmp_path, path, index, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data[index])
    copy = tmp_path / path.name
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return copy


@pytest.mark.parametrize(("change", "place", "message"), [
    (lambda n: n.update(quote="words that are not there"), "notes[3].quote", "is not in"),
    (lambda n: n.pop("evidence"), "notes[3]", "missing field"),
    (lambda n: n.update(paragraph=999), "notes[3].paragraph", "does not exist"),
    (lambda n: n.update(kind="opinion"), "notes[3].kind", "is not one of"),
])
def test_a_bad_note_stops_the_build_naming_the_file_and_place(tmp_path, texts, change, place, message):
    bad = broken(tmp_path, NOTES, 3, change)
    with pytest.raises(SourceError) as caught:
        load_editor_notes(texts, path=bad)
    assert str(bad) in str(caught.value) and place in str(caught.value) and message in str(caught.value)


def test_a_bad_quotation_stops_the_build_naming_the_file_and_place(tmp_path, texts):
    bad = broken(tmp_path, QUOTATIONS, 2, lambda q: q.update(quote="not in the text"))
    with pytest.raises(SourceError, match=r"quotations\[2\]\.quote: quotation 'not in the text' is not in"):
        load_quotations(texts, path=bad)


@pytest.fixture(scope="module", params=["student", "instructor"])
def edition(request, site):
    if request.param == "student":
        return site
    if not (INSTRUCTOR / "index.html").is_file():
        pytest.fail(f"no instructor edition in {INSTRUCTOR}: run `make instructor` (make test does)")
    return INSTRUCTOR


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
