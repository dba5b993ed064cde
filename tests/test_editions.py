"""Two editions from one source: the student edition carries no model answer or teaching note
anywhere a student can reach; the instructor edition shows them all; the questions are the same.

The leak check is the build's own (readertools/editions.py): every phrase of an answer or a teaching
note that nothing meant for students contains, searched for in every text file of the site.
"""

import hashlib
import html
import json
import re
import shutil
import subprocess
import sys

import pytest
import yaml
from html_text import page
from projects import copy_project
from sphinx.search.en import SearchEnglish

from readertools.checks.leaks import (
    TAG,
    check_student_site,
    hidden_phrases,
    leaks,
    quotable_texts,
    shingles,
    student_texts,
    words,
)
from readertools.errors import BookErrors


@pytest.fixture(scope="module")
def hidden(book):
    return hidden_phrases(book)


@pytest.fixture(scope="module")
def pages_with_questions(book):
    """Every page with study questions: (apparatus, page path in the site)."""
    found = [(apparatus, f"book/{'chapters' if cid in book.chapter_ids else 'across'}/{cid}.html")
             for cid, apparatus in sorted(book.apparatus.items())]
    assert {cid for cid in book.apparatus} >= set(book.chapter_ids)
    return found


def site_shingles(site) -> set:
    found = set()
    for path in (site / "book").rglob("*.html"):
        found |= shingles(words(html.unescape(TAG.sub(" ", path.read_text(encoding="utf-8")))))
    return found


def test_no_model_answer_or_teaching_note_in_any_file_of_the_student_edition(site, hidden):
    assert len(hidden) > 10_000, "the check should cover nearly every phrase of the answers"
    assert leaks(site, hidden) == []


def test_the_leak_check_finds_an_answer_wherever_it_is_pasted(tmp_path, site, book, hidden):
    answer = book.apparatus["henry"].questions[0].answer
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "searchindex.js").write_text((copy / "searchindex.js").read_text(encoding="utf-8") + answer[:400],
                                         encoding="utf-8")
    page_path = copy / "book" / "chapters" / "baserli.html"
    page_path.write_text(page_path.read_text(encoding="utf-8").replace("</article>", f"<p>{answer}</p></article>"),
                         encoding="utf-8")
    found = [str(problem) for problem in leaks(copy, hidden)]
    assert [message.partition(":")[0] for message in found] == [str(page_path), str(copy / "searchindex.js")]
    assert all("holds instructor-only text from book/apparatus/henry.yml, question 1, answer" in message
               for message in found)


def test_the_check_remembers_only_files_found_clean_against_the_same_answers(tmp_path, site, book):
    """A rebuild reads again only the files that changed; a file changed to hold an answer, or any
    file once the answers themselves changed, is read again."""
    copy, memory = tmp_path / "site", tmp_path / "leak-check.json"
    shutil.copytree(site, copy)
    check_student_site(copy, book, memory=memory)
    remembered = json.loads(memory.read_text())
    assert "book/chapters/baserli.html" in remembered["clean"] and "searchindex.js" in remembered["clean"]
    answer = book.apparatus["henry"].questions[0].answer
    page_path = copy / "book" / "chapters" / "baserli.html"
    page_path.write_text(page_path.read_text(encoding="utf-8").replace("</article>", f"<p>{answer}</p></article>"),
                         encoding="utf-8")
    with pytest.raises(BookErrors) as raised:
        check_student_site(copy, book, memory=memory)
    assert [str(problem).partition(":")[0] for problem in raised.value.problems] == [str(page_path)]
    assert "book/chapters/baserli.html" not in json.loads(memory.read_text())["clean"]
    shutil.copyfile(site / "book" / "chapters" / "baserli.html", page_path)
    index = copy / "searchindex.js"
    index.write_text(index.read_text(encoding="utf-8") + answer[:400], encoding="utf-8")
    trusted = {**remembered, "clean": {**remembered["clean"],
                                       "searchindex.js": hashlib.sha256(index.read_bytes()).hexdigest()}}
    memory.write_text(json.dumps(trusted))
    check_student_site(copy, book, memory=memory)  # what the memory is for: that file is not read again
    memory.write_text(json.dumps({**trusted, "phrases": "the answers of another build"}))
    with pytest.raises(BookErrors) as raised:
        check_student_site(copy, book, memory=memory)
    assert [str(problem).partition(":")[0] for problem in raised.value.problems] == [str(copy / "searchindex.js")]


def test_a_stray_instructor_setting_cannot_publish_the_answers(tmp_path, book):
    """`reader_edition: instructor` slipped into _config.yml: the student build still has no answers."""
    copy = copy_project(tmp_path / "project")
    config = yaml.safe_load(copy.config.read_text(encoding="utf-8"))
    config["sphinx"]["config"]["reader_edition"] = "instructor"
    copy.config.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    build = subprocess.run([sys.executable, "-m", "readertools", "build"], cwd=copy.root, capture_output=True,
                           text=True, check=False)
    assert build.returncode == 0, build.stderr[-2000:]
    site = copy.published("student")
    assert leaks(site, hidden_phrases(book)) == []
    assert not page(site / "book" / "chapters" / "henry.html").select(".model-answer")


def test_every_model_answer_and_teaching_note_is_in_the_instructor_edition(instructor_site, hidden):
    missing = set(hidden) - site_shingles(instructor_site)
    assert not missing, sorted(hidden[phrase] + ": " + " ".join(phrase) for phrase in missing)[:5]


def search_terms(site) -> set[str]:
    """The words the search index finds a page for (a word in a title moves to titleterms)."""
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1:index.rindex(")")])
    return {word for kind in ("terms", "titleterms") for word, pages in data[kind].items() if pages != []}


def test_the_student_search_index_knows_no_word_found_only_in_answers(site, instructor_site, book):
    stemmer = SearchEnglish({})  # the stemmer Sphinx builds the English index with

    def stems(texts):
        return {stemmer.stem(word) for text in texts for word in words(text) if len(word) > 2}

    answers = [q.answer for apparatus in book.apparatus.values() for q in apparatus.questions]
    answers += [apparatus.teaching_notes for apparatus in book.apparatus.values()]
    rendered = [cell.source for notebook in book.notebooks.values() for cell in notebook.cells]
    rendered += [path.read_text(encoding="utf-8") for path in book.project.book.rglob("*.md")]
    student_text = [text for _, text in student_texts(book)] + list(quotable_texts(book))
    answer_only = stems(answers) - stems([*student_text, *rendered])
    student, instructor = search_terms(site), search_terms(instructor_site)
    assert len(answer_only) > 100
    assert not answer_only & student, sorted(answer_only & student)[:20]
    assert len(answer_only & instructor) > 0.9 * len(answer_only)
    assert student < instructor


def test_nothing_downloadable_carries_sources_or_notebooks(site):
    assert not (site / "_sources").exists()
    assert not list(site.rglob("*.ipynb")) and not list(site.rglob("*.yml"))
    for path in (site / "book" / "chapters").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        # No source or notebook to download (the theme's download button, a link to a notebook); the
        # downloads the reader offers (readertools/downloads.py) are checked for answers themselves.
        assert "_sources/" not in text and "dropdown-download-buttons" not in text, path.name
        assert not re.search(r'href="[^"]*\.(ipynb|md)(#[^"]*)?"', text), path.name
        assert 'class="admonition model-answer' not in text and "teaching-notes" not in text


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


def test_an_answer_pasted_into_a_question_or_summary_stops_the_build(tmp_path, book):
    copy = copy_project(tmp_path / "project")
    path = copy.apparatus_file("henry")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    answer = " ".join(data["questions"][3]["answer"].split()[:15])
    data["questions"][0]["text"] += f" {answer}"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build = subprocess.run([sys.executable, "-m", "readertools", "check"], cwd=copy.root, capture_output=True,
                           text=True, check=False)
    assert build.returncode == 2
    assert ("error: book/apparatus/henry.yml, questions[3] answer: repeats words students see in "
            "book/apparatus/henry.yml, questions[0]: “") in build.stderr
