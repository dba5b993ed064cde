"""Every chapter's study apparatus meets the reader's standards, and its references resolve."""

import re

import pytest
import yaml

from readertools.content.apparatus import SKILLS, read_apparatus, reference_problems
from readertools.errors import SourceError

WORD = re.compile(r"\w+(?:[’'-]\w+)*")
LINK_TARGET = re.compile(r"\]\([^)]*\)")


def words(text: str) -> int:
    return len(WORD.findall(text.replace("¶@", "¶ ")))


@pytest.fixture(scope="module")
def paragraphs(book):
    return book.paragraphs


def with_data(book) -> set[str]:
    """The chapters whose text gives figures to work with: those the datasets (not the timeline) quote."""
    return {row["chapter"] for path, rows in book.datasets.items() if path != book.project.timeline
            for row in rows if row.get("chapter")}


def test_apparatus_meets_the_counts(chapter_id, book):
    apparatus = book.apparatus[chapter_id]
    assert 3 <= len(apparatus.objectives) <= 5
    assert 4 <= len(apparatus.key_terms) <= 8
    assert 200 <= words(apparatus.summary) <= 400, f"summary has {words(apparatus.summary)} words"
    assert len(apparatus.claims) >= 3
    assert len(apparatus.questions) >= 10
    per_skill = {skill: sum(q.skill == skill for q in apparatus.questions) for skill in SKILLS}
    required = set(SKILLS) - (set() if chapter_id in with_data(book) else {"data"})
    assert all(per_skill[skill] >= 2 for skill in required), per_skill
    for q in apparatus.questions:
        assert 60 <= words(q.answer) <= 200, f"answer to question {q.number}: {words(q.answer)} words"
    assert 100 <= words(apparatus.teaching_notes) <= 400


def test_summaries_and_answers_cite_paragraphs(chapter_id, book):
    apparatus = book.apparatus[chapter_id]
    assert len(re.findall(r"¶", apparatus.summary)) >= 3
    assert all("¶" in q.answer for q in apparatus.questions), "every model answer cites paragraphs"


def altered(tmp_path, book, change):
    """A copy of henry's apparatus with one change made to its data."""
    data = yaml.safe_load(book.apparatus["henry"].path.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "henry.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def problems_of(path, paragraphs) -> str:
    return "\n".join(map(str, reference_problems(read_apparatus(path, "henry"), paragraphs)))


def test_a_reference_to_a_missing_paragraph_stops_the_build(tmp_path, book, paragraphs):
    bad = altered(tmp_path, book, lambda data: data.update(summary="See ¶ 99. " + data["summary"]))
    message = problems_of(bad, paragraphs)
    assert str(bad) in message and "summary" in message
    assert "henry:99 does not exist" in message
    bad = altered(tmp_path, book, lambda data: data["questions"][2].update(text="Compare ¶@baserli 99."))
    assert re.search(r"questions\[2\]: ¶ reference baserli:99 does not exist", problems_of(bad, paragraphs))


@pytest.mark.parametrize("reference", ["¶999", "¶ 6-999", "¶ 9–6", "¶\u00a06"])
def test_a_malformed_or_reversed_reference_stops_the_build(tmp_path, book, paragraphs, reference):
    bad = altered(tmp_path, book, lambda data: data.update(summary=f"See {reference}. " + data["summary"]))
    message = problems_of(bad, paragraphs)
    assert "summary" in message and ("not understood" in message or "runs backwards" in message), message


def test_a_question_with_an_unknown_skill_or_paragraph_stops_the_build(tmp_path, book, paragraphs):
    bad = altered(tmp_path, book, lambda data: data["questions"][0].update(skill="guessing"))
    with pytest.raises(SourceError, match=r"questions\[0\] \(number: 1\)\.skill, line \d+: expected one of "
                                          r"'sourcing', .*got 'guessing'"):
        read_apparatus(bad, "henry")
    bad = altered(tmp_path, book, lambda data: data["questions"][0].update(paragraphs=[12]))
    assert re.search(r"questions\[0\]: paragraphs must be .* from 1 to 11", problems_of(bad, paragraphs))


def test_the_corroboration_chapter_has_questions_with_model_answers(book):
    apparatus = book.apparatus["commune"]
    assert len(apparatus.questions) >= 8
    assert sum(q.skill == "corroboration" for q in apparatus.questions) >= 5
    assert sum(q.skill == "data" for q in apparatus.questions) >= 2
    for q in apparatus.questions:
        assert len({chapter for chapter, _ in q.paragraphs}) >= 1 and "¶" in q.answer
        assert 60 <= words(q.answer) <= 200, f"answer to question {q.number}: {words(q.answer)} words"
    assert 100 <= words(apparatus.teaching_notes) <= 400
