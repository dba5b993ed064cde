"""Two editions from one source: the student edition carries no model answer or teaching note
anywhere a student can reach; the instructor edition shows them all; the questions are the same."""

import json
import re

import nbformat
import pytest
from html_text import page
from sphinx.search.en import SearchEnglish

from readertools.apparatus import APPARATUS, load_apparatus, paragraph_counts
from readertools.build import INSTRUCTOR
from readertools.catalogue import ROOT

LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
CROSS_REFERENCE = re.compile(r"¶@[a-z][a-z0-9-]* ")
WORD = re.compile(r"[^\W\d_]+|\d+")  # letters and digits apart: a note marker is glued to its word


@pytest.fixture(scope="module")
def instructor_site():
    if not (INSTRUCTOR / "index.html").is_file():
        pytest.fail(f"no instructor edition in {INSTRUCTOR}: run `make instructor` (make test does)")
    return INSTRUCTOR


def plain_words(markdown: str) -> list[str]:
    """The words a reader sees: link text without targets, `¶@chapter 12` shown as `¶ 12`."""
    return WORD.findall(LINK.sub(r"\1", CROSS_REFERENCE.sub("¶ ", markdown)))


@pytest.fixture(scope="module")
def pages_with_questions(chapters):
    """Every page with study questions: (apparatus, page path in the site)."""
    paragraphs = paragraph_counts(chapters)
    found = []
    for path in sorted(APPARATUS.glob("*.yml")):
        folder = "chapters" if path.stem in paragraphs else "across"
        found.append((load_apparatus(path.stem, paragraphs), f"book/{folder}/{path.stem}.html"))
    assert len(found) == len(chapters) + 1
    return found


@pytest.fixture(scope="module")
def hidden_texts(pages_with_questions):
    """Every model answer and teaching note, as plain words."""
    texts = []
    for apparatus, _ in pages_with_questions:
        texts += [q.answer for q in apparatus.questions] + [apparatus.teaching_notes]
    return [plain_words(text) for text in texts]


@pytest.fixture(scope="module")
def shared_phrases():
    """Phrases that also stand in what students may see (an answer may repeat a headnote's words)."""
    cells = [cell.source for path in sorted((ROOT / "book").rglob("*.ipynb"))
             for cell in nbformat.read(path, as_version=4).cells]
    pages = [path.read_text(encoding="utf-8") for pattern in ("*.md", "*.csv", "*.bib")
             for path in (ROOT / "book").rglob(pattern)]
    return " ".join(" ".join(plain_words(text)) for text in cells + pages)


def phrases(words, length=8):
    """Word windows of a text, matched across any punctuation or markup between the words."""
    for start in range(0, max(1, len(words) - length + 1), length):
        yield re.compile(r"\W*".join(map(re.escape, words[start:start + length])))


def every_file_text(site) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="ignore")
                     for path in site.rglob("*") if path.is_file())


def test_no_model_answer_or_teaching_note_in_any_file_of_the_student_edition(site, hidden_texts,
                                                                           shared_phrases):
    everything = every_file_text(site)
    checked = 0
    for words in hidden_texts:
        for phrase in phrases(words):
            if phrase.search(shared_phrases):
                continue  # words students may see anyway, in a headnote, question or summary
            checked += 1
            assert not phrase.search(everything), f"student edition contains: {phrase.pattern[:120]}"
    assert checked > 1000, "the check should cover nearly every phrase of the answers"


def test_every_model_answer_and_teaching_note_is_in_the_instructor_edition(instructor_site, hidden_texts):
    pages = " ".join(page(p).get_text(" ") for p in (instructor_site / "book").rglob("*.html"))
    for words in hidden_texts:
        for phrase in phrases(words):
            assert phrase.search(pages), f"instructor edition lacks: {phrase.pattern[:120]}"


def search_terms(site) -> set[str]:
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1:index.rindex(")")])
    return set(data["terms"]) | set(data["titleterms"])  # a word in a title moves to titleterms


def test_the_student_search_index_knows_no_word_found_only_in_answers(site, instructor_site, hidden_texts,
                                                                    shared_phrases):
    stemmer = SearchEnglish({})  # the stemmer Sphinx builds the English index with

    def stems(words):
        return {stemmer.stem(word.lower()) for word in words if word.isalpha() and len(word) > 2}

    answer_only = stems(word for words in hidden_texts for word in words) - stems(shared_phrases.split())
    student, instructor = search_terms(site), search_terms(instructor_site)
    assert len(answer_only) > 100
    assert not answer_only & student, sorted(answer_only & student)[:20]
    assert len(answer_only & instructor) > 0.9 * len(answer_only)
    assert student < instructor


def test_nothing_downloadable_carries_sources_or_notebooks(site):
    assert not (site / "_sources").exists()
    assert not list(site.rglob("*.ipynb")) and not list(site.rglob("*.yml"))
    for path in (site / "book" / "chapters").glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "_sources/" not in html and "download" not in html.lower(), path.name
        assert 'class="admonition model-answer' not in html and "teaching-notes" not in html


def test_questions_are_numbered_and_worded_the_same_in_both_editions(site, instructor_site,
                                                                   pages_with_questions):
    for apparatus, name in pages_with_questions:
        student = [q.get_text(" ", strip=True) for q in page(site / name).select("p.question")]
        instructor = [q.get_text(" ", strip=True) for q in page(instructor_site / name).select("p.question")]
        assert student == instructor and len(student) == len(apparatus.questions), name
        numbers = [q.split()[0] for q in student]
        assert len(set(numbers)) == len(numbers)
        answers = page(instructor_site / name).select(".model-answer")
        assert len(answers) == len(student), name
        assert len(page(instructor_site / name).select(".teaching-notes")) == 1
