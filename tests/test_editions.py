"""Two editions from one source: the student edition carries no model answer or teaching note
anywhere a student can reach; the instructor edition shows them all; the questions are the same.

By construction: the student edition's model holds no instructor-only text (model.student_edition).
By check: the leak check is the build's own (readertools/checks/leaks.py), every instructor-only text
looked for in every byte of the site; it is tried here on small folders, one for each kind of file
and place an answer was once published from, and on the real site, where it finds nothing.
"""

import csv
import dataclasses
import functools
import hashlib
import html
import io
import json
import re
import shutil
import zipfile

import pytest
import yaml
from html_text import page
from projects import copy_project
from sphinx.search.en import SearchEnglish

from readertools.__main__ import main
from readertools.checks.echoes import answer_echoes
from readertools.checks.leaks import (
    TAG,
    check_student_site,
    hidden_phrases,
    instructor_only,
    leaks,
    pdf_text,
    plain,
    quotable_texts,
    shingles,
    student_texts,
    tokens,
    words,
)
from readertools.errors import BookErrors
from readertools.model import student_edition
from readertools.schema import schema


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


def test_a_stray_instructor_setting_cannot_publish_the_answers(copy, book, capsys):
    """`reader_edition: instructor` slipped into _config.yml: the student build still has no answers."""
    config = yaml.safe_load(copy.config.read_text(encoding="utf-8"))
    config["sphinx"]["config"]["reader_edition"] = "instructor"
    copy.config.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    assert main(["build"]) == 0, capsys.readouterr().err[-2000:]
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
    stem = functools.cache(SearchEnglish({}).stem)  # the stemmer Sphinx builds the English index with, each word once

    def stems(texts):
        return {stem(word) for text in texts for word in words(text) if len(word) > 2}

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


def test_an_answer_pasted_into_a_question_or_summary_stops_the_build(copy, book, capsys):
    path = copy.apparatus_file("henry")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    answer = " ".join(data["questions"][3]["answer"].split()[:15])
    data["questions"][0]["text"] += f" {answer}"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["check"]) == 2
    assert ("error: book/apparatus/henry.yml, questions[3] answer: repeats words students see in "
            "book/apparatus/henry.yml, questions[0]: “") in capsys.readouterr().err


# ---------------------------------------------------------------- by construction


def strings(value) -> list[str]:
    """Every string a model's objects hold, however deep."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        value = [getattr(value, field.name) for field in dataclasses.fields(value)]
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    return [text for item in value for text in strings(item)] if isinstance(value, list | tuple) else []


def test_the_student_edition_s_model_never_holds_an_instructor_only_text(book):
    student = student_edition(book)
    assert student.edition == "student"
    for cid, apparatus in student.apparatus.items():
        assert {text for _, text in apparatus.hidden()} == {""}, cid
        assert apparatus.discussion_plan is None and apparatus.sample_answers == ()
        assert [q.text for q in apparatus.questions] == [q.text for q in book.apparatus[cid].questions]
    assert [criterion.levels for criterion in student.rubric.criteria] == [()] * len(book.rubric.criteria)
    held = "\n".join(strings([student.apparatus, student.rubric, student.sequences]))
    texts = [text for _, text in instructor_only(book)]
    assert len(texts) > 150 and [text for text in texts if text in held or plain(text) in held] == []
    with pytest.raises(ValueError):
        hidden_phrases(student)  # the leak check cannot be given a model that knows no answer


def marks(rule, path="", inside=False):
    """(path, described as instructor-only, marked itself, inside a marked value) of every field of a
    schema."""
    if isinstance(rule, dict):
        marked = bool(rule.get("x-instructor-only"))
        if path:
            yield path, "instructor edition only" in rule.get("description", "").lower(), marked, inside
        for key, value in rule.get("properties", {}).items():
            yield from marks(value, f"{path}.{key}", inside or marked)
        yield from marks(rule.get("items"), f"{path}[]", inside or marked)


@pytest.mark.parametrize("name", ["apparatus", "rubric", "sequences"])
def test_what_a_schema_calls_instructor_only_is_what_the_student_loading_leaves_out(name):
    found = list(marks(schema(name)))
    assert [path for path, described, marked, inside in found if described and not (marked or inside)] == []
    assert [path for path, described, marked, _ in found if marked and not described] == []
    assert any(marked for _, _, marked, _ in found)


# ---------------------------------------------------------------- by check: one answer in each place


HENRY = "book/apparatus/henry.yml"
PASTED = {  # data file students see -> its path in the copy, and where its words reach the site
    "glossary": "book/back/glossary.html", "people": "book/back/people.html",
    "chronology": "book/across/timeline.html", "standpoints": "book/back/datasets.html",
    "citations": "book/chapters/henry.html", "bibliography": "book/back/bibliography.html",
    "dataset": "book/data/party_membership.csv",
}
SHORT = "Written for an anniversary appeal."


@pytest.fixture(scope="module")
def pasted(book, tmp_path_factory):
    """A copy of the project with one of Henry's answers pasted into each data file students see (in
    the order of `PASTED`), the editors' model reading its files, two of Henry's answers (questions[7]
    and [8]) made short (one too slight to look for), and what the leak check looks for in that model."""
    copy = copy_project(tmp_path_factory.mktemp("pasted") / "project")
    own = own_answers(book)
    assert len(own) >= 8  # seven pasted, one for the comment and the alt
    answers = [plain(q.answer) for q in own]

    def edit(path, change):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    edit(copy.glossary, lambda data: data[0].update(definition=f"{data[0]['definition']} {answers[0]}"))
    edit(copy.people, lambda data: data[0].update(line=f"{data[0]['line']} {answers[1]}"))
    edit(copy.chronology, lambda data: data[0].update(event=f"{data[0]['event']} {answers[2]}"))
    edit(copy.standpoints, lambda data: data[0].update(sentence=f"{data[0]['sentence']} {answers[3]}"))
    edit(copy.citations, lambda data: data["henry"][0].update(where=f"{data['henry'][0]['where']} {answers[4]}"))
    bib = copy.bibliography.read_text(encoding="utf-8")
    copy.bibliography.write_text(bib.replace("note      = {", f"note      = {{{answers[5]} ", 1), encoding="utf-8")
    dataset = copy.data / "party_membership.csv"
    rows = list(csv.DictReader(io.StringIO(dataset.read_text(encoding="utf-8"))))
    rows[0]["note"] = answers[6]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    dataset.write_text(out.getvalue(), encoding="utf-8")
    apparatus = {cid: dataclasses.replace(found, path=copy.apparatus_file(cid))
                 for cid, found in book.apparatus.items()}
    questions = list(apparatus["henry"].questions)
    questions[7] = dataclasses.replace(questions[7], answer=SHORT)
    questions[8] = dataclasses.replace(questions[8], answer="Yes.")
    apparatus["henry"] = dataclasses.replace(apparatus["henry"], questions=tuple(questions))
    datasets = {copy.root / book.project.relative(path): rows for path, rows in book.datasets.items()}
    model = dataclasses.replace(book, project=copy, datasets=datasets, apparatus=apparatus)
    return Pasted(copy, model, hidden_phrases(model), own)


@dataclasses.dataclass
class Pasted:
    copy: object  # the project's copy
    book: object  # the editors' model of it
    hidden: object  # what the leak check looks for in it
    own: list  # Henry's questions with answers of their own: 0-6 pasted in the data files, then spares


def own_answers(book) -> list:
    """Henry's questions whose answers share no phrase with another instructor-only text, so that a
    message names them alone (questions[7] and [8] left out: `pasted` makes them short)."""
    found = hidden_phrases(book)
    return [q for q in book.apparatus["henry"].questions[:7] + book.apparatus["henry"].questions[9:]
            if {found.get(phrase) for phrase in shingles(words(plain(q.answer)))} - {None}
            == {f"{HENRY}, question {q.number}, answer"}]


def expected(site, name, text, hidden, number) -> str:
    found = shingles(words(text)) & hidden.keys()
    assert {hidden[phrase] for phrase in found} == {f"{HENRY}, question {number}, answer"}
    return (f"{site / name}: holds instructor-only text from {HENRY}, question {number}, answer: "
            f"“{' '.join(min(found))}” ({len(found)} phrase(s) in all)")


@pytest.mark.parametrize("kind", list(PASTED))
def test_an_answer_pasted_into_a_data_file_students_see_is_found_in_the_site(tmp_path, pasted, kind):
    """Once counted as student text, whose phrases were never looked for, and as references the echo
    check let an answer quote at length."""
    question, name = pasted.own[list(PASTED).index(kind)], PASTED[kind]
    text = (pasted.copy.root / name).read_text(encoding="utf-8") if kind == "dataset" else \
        f"<dl><dt>Entry</dt><dd><p>{html.escape(plain(question.answer))}</p></dd></dl>"
    root(tmp_path, {name: text})
    assert [str(problem) for problem in leaks(tmp_path, pasted.hidden)] == [
        expected(tmp_path, name, plain(question.answer), pasted.hidden, question.number)]


def test_an_answer_pasted_into_a_data_file_stops_the_book_when_it_is_loaded(book, pasted):
    """The model refuses them first, naming the answer and the file students see it in."""
    found = [(problem.place, problem.message.partition(": “")[0]) for problem in answer_echoes(pasted.book)
             if problem.path == str(pasted.copy.apparatus_file("henry")) and problem.place.startswith("questions[")]
    files = [pasted.copy.relative(path) for path in (pasted.copy.glossary, pasted.copy.people,
                                                    pasted.copy.chronology, pasted.copy.standpoints,
                                                    pasted.copy.citations, pasted.copy.bibliography)]
    files.append(PASTED["dataset"])
    questions = book.apparatus["henry"].questions
    pasted_where = sorted((questions.index(q), name) for q, name in zip(pasted.own[:7], files, strict=True))
    assert found == [(f"questions[{index}] answer", f"repeats words students see in {name}")
                     for index, name in pasted_where]


def root(path, files: dict) -> None:
    for name, content in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (path / name).write_bytes(content)
        else:
            (path / name).write_text(content, encoding="utf-8")


@pytest.mark.parametrize("markup", [
    "<p>How to use this reader.</p>\n<!-- {answer} -->\n",
    '<p>How to use this reader.</p>\n<p><img src="../_images/plot.png" alt="{answer}"></p>\n',
], ids=["comment", "alt"])
def test_an_answer_in_a_comment_or_an_attribute_is_found(tmp_path, book, pasted, markup):
    """Once deleted with the tags before the search."""
    question = pasted.own[7]
    root(tmp_path, {"book/how-to-use.html": markup.format(answer=html.escape(plain(question.answer)))})
    assert [str(problem) for problem in leaks(tmp_path, pasted.hidden)] == [
        expected(tmp_path, "book/how-to-use.html", plain(question.answer), pasted.hidden, question.number)]


def test_a_short_answer_is_found_whole_and_a_slight_one_not_looked_for(tmp_path, book, pasted):
    """An answer of fewer than 8 words had no phrase to look for. "Yes." is too slight: every page
    may say it."""
    short, slight = book.apparatus["henry"].questions[7], book.apparatus["henry"].questions[8]
    root(tmp_path, {"book/chapters/henry.html": "<p>Yes. It was <em>written</em> for an anniversary-appeal, "
                                                "surely.</p>",
                    "book/chapters/other.html": "<p>Yes: rewritten for an anniversary appeals board.</p>"})
    assert pasted.hidden.whole[("written", "for", "an", "anniversary", "appeal")] == \
        f"{HENRY}, question {short.number}, answer"
    assert ("yes",) not in pasted.hidden.whole and slight.answer != "Yes."  # made short in the copy's model only
    assert [str(problem) for problem in leaks(tmp_path, pasted.hidden)] == [
        (f"{tmp_path}/book/chapters/henry.html: holds instructor-only text from {HENRY}, question {short.number}, "
         "answer: “written for an anniversary appeal” (the whole of it)")]


@pytest.mark.parametrize("suffix", [".yaml", ".tsv", ".svg", ".pdf", ".docx"])
def test_a_copy_of_an_apparatus_file_under_any_name_is_found(tmp_path, book, pasted, suffix):
    """Once only a list of suffixes was read."""
    text = book.apparatus["henry"].path.read_text(encoding="utf-8")
    name = f"book/_static/henry-notes{suffix}"
    root(tmp_path, {name: text})
    [problem] = leaks(tmp_path, pasted.hidden)
    found = shingles(words(text)) & pasted.hidden.keys()
    assert str(problem) == (f"{tmp_path / name}: holds instructor-only text from {pasted.hidden[min(found)]}: "
                            f"“{' '.join(min(found))}” ({len(found)} phrase(s) in all)")
    assert pasted.hidden[min(found)].startswith(f"{HENRY}, ")


def test_an_answer_set_at_an_angle_in_a_pdf_is_found(tmp_path, pasted, browser):
    """pypdf's layout mode, which the check reads PDFs with, leaves out rotated text (a plot's axis
    label): a rotated answer was once invisible to the check."""
    question = pasted.own[8]
    html_page = tmp_path / "page.html"
    html_page.write_text(f'<p>Seen by all.</p><p style="writing-mode: vertical-rl; height: 60em">'
                         f"{html.escape(plain(question.answer))}</p>", encoding="utf-8")
    tab = browser.new_page()
    tab.goto(html_page.as_uri())
    site = tmp_path / "site"
    site.mkdir()
    tab.pdf(path=site / "figure.pdf")
    tab.close()
    assert " ".join(plain(question.answer).split()[:4]) in pdf_text(site / "figure.pdf")
    assert [str(problem) for problem in leaks(site, pasted.hidden)] == [
        expected(site, "figure.pdf", plain(question.answer), pasted.hidden, question.number)]


def test_an_answer_inside_an_archive_inside_an_archive_is_found(tmp_path, book, pasted):
    question = pasted.own[8]
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes/answer.dat", plain(question.answer))
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("inner.zip", inner.getvalue())
    assert [str(problem) for problem in leaks(tmp_path, pasted.hidden)] == [
        expected(tmp_path, "bundle.zip:inner.zip:notes/answer.dat", plain(question.answer), pasted.hidden,
                 question.number)]


def test_an_answer_that_quotes_its_source_or_a_reference_is_no_leak(tmp_path, book, hidden):
    """A phrase of an answer that stands in a seed or in a reference's quotation may be in any page."""
    quotable = set().union(*(shingles(words(text)) for text in quotable_texts(book)))
    quoted = {phrase for _, text in instructor_only(book) for phrase in shingles(words(text))} & quotable
    assert len(quoted) > 100
    # each phrase in a paragraph of its own, a word between them so that no two make a phrase together
    root(tmp_path, {"book/quoted.html": "".join(f"<p>{' '.join(phrase)}</p><p>xq</p>\n" for phrase in sorted(quoted))})
    assert leaks(tmp_path, hidden) == []


def test_a_build_with_answers_in_a_page_s_markup_and_a_linked_apparatus_file_publishes_nothing(built_copy, book,
                                                                                               capsys, hidden):
    """End to end: an answer in an HTML comment and another in an image's alt text in a page, and a
    link to Henry's apparatus file among the static files (a change the no-change digest once missed).
    The build stops, naming each file of the staged site and an answer, and the last site stays."""
    own = own_answers(book)
    comment, alt = plain(own[7].answer), plain(own[8].answer).replace("[", "(").replace("]", ")")
    page = built_copy.book / "how-to-use.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n<!-- {comment} -->\n\n![{alt}](_static/favicon.svg)\n",
                    encoding="utf-8")
    (built_copy.static / "henry-notes.yaml").symlink_to("../apparatus/henry.yml")
    assert main(["build"]) == 2
    err = capsys.readouterr().err.splitlines()
    staged = built_copy.relative(built_copy.staged_output("student"))
    in_page = (shingles(words(comment)) | shingles(words(alt))) & hidden.keys()
    in_copy = shingles(words(book.apparatus["henry"].path.read_text(encoding="utf-8"))) & hidden.keys()
    assert err == [
        (f"error: {staged}/_static/henry-notes.yaml: holds instructor-only text from {hidden[min(in_copy)]}: "
         f"“{' '.join(min(in_copy))}” ({len(in_copy)} phrase(s) in all)"),
        (f"error: {staged}/book/how-to-use.html: holds instructor-only text from {hidden[min(in_page)]}: "
         f"“{' '.join(min(in_page))}” ({len(in_page)} phrase(s) in all)"),
        "2 problems; nothing was built or published."]
    published = built_copy.published("student")
    assert comment not in (published / "book" / "how-to-use.html").read_text(encoding="utf-8")
    assert not (published / "_static" / "henry-notes.yaml").exists()


def test_an_answer_of_fewer_than_twelve_words_shared_with_a_page_is_found_whole(tmp_path, book, pasted):
    """An answer of 8 to 11 words has phrases, but every one of them may be shared with a text
    students see (a run shorter than 12 words is allowed there): pasted whole, it is found whole."""
    definition = yaml.safe_load(pasted.copy.glossary.read_text(encoding="utf-8"))[1]["definition"]
    answer = " ".join(definition.split()[:10]).rstrip(".,;:") + "."
    assert len(words(answer)) >= 8
    questions = list(pasted.book.apparatus["henry"].questions)
    questions[7] = dataclasses.replace(questions[7], answer=answer)
    apparatus = {**pasted.book.apparatus,
                 "henry": dataclasses.replace(pasted.book.apparatus["henry"], questions=tuple(questions))}
    hidden = hidden_phrases(dataclasses.replace(pasted.book, apparatus=apparatus))
    assert not shingles(words(answer)) & hidden.keys()  # every phrase stands in the glossary
    root(tmp_path, {"book/how-to-use.html": f"<p>{html.escape(answer)}</p>"})
    [problem] = leaks(tmp_path, hidden)
    assert str(problem) == (f"{tmp_path}/book/how-to-use.html: holds instructor-only text from {HENRY}, question "
                            f"{questions[7].number}, answer: “{' '.join(tokens(answer))}” (the whole of it)")
