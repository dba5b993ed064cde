"""Every chapter's study apparatus meets the reader's standards, and its references resolve."""

import re

import pytest
import yaml

from readertools.apparatus import SKILLS, load_apparatus, paragraph_counts
from readertools.errors import SourceError

WORD = re.compile(r"\w+(?:[’'-]\w+)*")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
# Chapters whose text gives figures, dates or counts to work with; chapter 1 (lecture notes) has none.
WITH_DATA = {"commune-lessons", "avakian", "pele", "baserli", "henry"}
CHAPTERS = ["dictatorship", "commune-lessons", "avakian", "pele", "baserli", "henry"]


def words(text: str) -> int:
    return len(WORD.findall(text.replace("¶@", "¶ ")))


@pytest.fixture(scope="module")
def paragraphs(chapters):
    return paragraph_counts(chapters)


@pytest.mark.parametrize("chapter_id", CHAPTERS)
def test_apparatus_meets_the_counts(chapter_id, paragraphs):
    apparatus = load_apparatus(chapter_id, paragraphs)
    assert 3 <= len(apparatus.objectives) <= 5
    assert 4 <= len(apparatus.key_terms) <= 8
    assert 200 <= words(apparatus.summary) <= 400, f"summary has {words(apparatus.summary)} words"
    assert len(apparatus.claims) >= 3
    assert len(apparatus.questions) >= 10
    per_skill = {skill: sum(q.skill == skill for q in apparatus.questions) for skill in SKILLS}
    required = set(SKILLS) - (set() if chapter_id in WITH_DATA else {"data"})
    assert all(per_skill[skill] >= 2 for skill in required), per_skill
    for q in apparatus.questions:
        assert 60 <= words(q.answer) <= 200, f"answer to question {q.number}: {words(q.answer)} words"
    assert 100 <= words(apparatus.teaching_notes) <= 400


@pytest.mark.parametrize("chapter_id", CHAPTERS)
def test_summaries_and_answers_cite_paragraphs(chapter_id, paragraphs):
    apparatus = load_apparatus(chapter_id, paragraphs)
    assert len(re.findall(r"¶", apparatus.summary)) >= 3
    assert all("¶" in q.answer for q in apparatus.questions), "every model answer cites paragraphs"


def altered(tmp_path, paragraphs, change):
    """A copy of henry's apparatus with one change made to its data."""
    data = yaml.safe_load(load_apparatus("henry", paragraphs).path.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "henry.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_reference_to_a_missing_paragraph_stops_the_build(tmp_path, paragraphs):
    bad = altered(tmp_path, paragraphs, lambda data: data.update(summary="See ¶ 99. " + data["summary"]))
    with pytest.raises(SourceError) as caught:
        load_apparatus("henry", paragraphs, bad)
    assert str(bad) in str(caught.value) and "summary" in str(caught.value)
    assert "henry:99 does not exist" in str(caught.value)
    bad = altered(tmp_path, paragraphs,
                  lambda data: data["questions"][2].update(text="Compare ¶@baserli 99."))
    with pytest.raises(SourceError, match=r"questions\[2\]: ¶ reference baserli:99 does not exist"):
        load_apparatus("henry", paragraphs, bad)


def test_a_question_with_an_unknown_skill_or_paragraph_stops_the_build(tmp_path, paragraphs):
    bad = altered(tmp_path, paragraphs, lambda data: data["questions"][0].update(skill="guessing"))
    with pytest.raises(SourceError, match=r"questions\[0\]: skill 'guessing' is not one of"):
        load_apparatus("henry", paragraphs, bad)
    bad = altered(tmp_path, paragraphs, lambda data: data["questions"][0].update(paragraphs=[12]))
    with pytest.raises(SourceError, match=r"questions\[0\]: paragraphs must be .* from 1 to 11"):
        load_apparatus("henry", paragraphs, bad)


def test_the_corroboration_chapter_has_questions_with_model_answers(paragraphs):
    apparatus = load_apparatus("commune", paragraphs)
    assert len(apparatus.questions) >= 8
    assert sum(q.skill == "corroboration" for q in apparatus.questions) >= 5
    assert sum(q.skill == "data" for q in apparatus.questions) >= 2
    for q in apparatus.questions:
        assert len({chapter for chapter, _ in q.paragraphs}) >= 1 and "¶" in q.answer
        assert 60 <= words(q.answer) <= 200, f"answer to question {q.number}: {words(q.answer)} words"
    assert 100 <= words(apparatus.teaching_notes) <= 400
