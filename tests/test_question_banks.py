"""The question banks for every LMS (Canvas QTI, Moodle XML, Common Cartridge 1.3), each read back
as an LMS would: every selected question once and in order, the packages' references resolving, the
answers in Moodle's grader information and nowhere students look, the text exactly as the book writes
it (the escaping cases of issue 23 included), and `make qti`'s selections refused with one message
each."""

import re
import zipfile

import pytest
import yaml
from lxml import etree
from lxml import html as lxml_html

from readertools.__main__ import main
from readertools.checks.leaks import words
from readertools.content.courses import CourseSession, OwnQuestion, book_sessions, chosen_session
from readertools.content.references import plain_references
from readertools.errors import SourceError
from readertools.exports.bank_items import bank_quizzes, text
from readertools.exports.banks import bank_selection, bank_stem, write_banks, write_selection
from readertools.model import load_book

CASE = ' Compare 5 < 6 with $5 and $10 (a range of $5-$10). The text calls it "the state" -- isn\'t it?'
CP = "{http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1}"


def shown(fragment: str) -> str:
    """An HTML field as a student reads it: each paragraph's text, a blank line apart."""
    return "\n\n".join(p.text_content() for p in lxml_html.fragments_fromstring(fragment)) if fragment else ""


def canvas(path):
    """[(quiz title, description, [(item title, text)])] of a Canvas package, in its manifest's order."""
    package = zipfile.ZipFile(path)
    manifest = etree.fromstring(package.read("imsmanifest.xml"))
    names = set(package.namelist())
    assert all(f.get("href") in names for f in manifest.iter("{*}file"))
    identifiers = {r.get("identifier") for r in manifest.iter("{*}resource")}
    assert all(d.get("identifierref") in identifiers for d in manifest.iter("{*}dependency"))
    quizzes = []
    for resource in manifest.iter("{*}resource"):
        if resource.get("type") == "imsqti_xmlv1p2":
            qti = etree.fromstring(package.read(resource.find("{*}file").get("href")))
            meta = etree.fromstring(package.read(f"{resource.get('identifier')}/assessment_meta.xml"))
            assert meta.get("identifier") == qti.find("{*}assessment").get("ident") == resource.get("identifier")
            quizzes.append((qti.find("{*}assessment").get("title"), shown(meta.findtext("{*}description")),
                            [(item.get("title"), shown(item.find(".//{*}mattext").text))
                             for item in qti.iter("{*}item")]))
    return quizzes


def moodle(path):
    """[(category, info, [(name, text, grader information, grade)])] of a Moodle XML file."""
    quizzes = []
    for question in etree.parse(str(path)).getroot().iter("question"):
        if question.get("type") == "category":
            quizzes.append((question.findtext("category/text"), shown(question.findtext("info/text")), []))
        else:
            assert question.get("type") == "essay" and question.findtext("responseformat") == "editor"
            assert question.findtext("generalfeedback/text") == ""
            quizzes[-1][2].append((question.findtext("name/text"), shown(question.findtext("questiontext/text")),
                                   shown(question.findtext("graderinfo/text")),
                                   float(question.findtext("defaultgrade"))))
    return quizzes


def cartridge(path):
    """[(title, [(item title, text)])] of a cartridge, in its organization's order."""
    package = zipfile.ZipFile(path)
    manifest = etree.fromstring(package.read("imsmanifest.xml"))
    assert manifest.findtext(f"{CP}metadata/{CP}schemaversion") == "1.3.0"
    names = set(package.namelist())
    resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
    assert all(f.get("href") in names for f in manifest.iter(f"{CP}file"))
    quizzes = []
    for entry in manifest.iter(f"{CP}item"):
        if entry.get("identifierref"):
            resource = resources[entry.get("identifierref")]
            assert resource.get("type") == "imsqti_xmlv1p2/imscc_xmlv1p3/assessment"
            qti = etree.fromstring(package.read(resource.find(f"{CP}file").get("href")))
            items = []
            for item in qti.iter("{*}item"):
                fields = {f.findtext("{*}fieldlabel"): f.findtext("{*}fieldentry")
                          for f in item.iter("{*}qtimetadatafield")}
                assert fields["cc_profile"] == "cc.essay.v0p1" and fields["qmd_computerscored"] == "No"
                assert not list(item.iter("{*}itemfeedback", "{*}solution", "{*}hint"))
                items.append((item.get("title"), shown(item.find(".//{*}mattext").text)))
            quizzes.append((entry.findtext(f"{CP}title"), items))
    return quizzes


def expected_titles(book, session) -> list[str]:
    numbers = [book.numbers[cid] for cid in session.chapters]
    return ([f"{n} central question" for n in numbers if session.writing]
            + [f"{book.numbers[cid]}.{number}" for cid, number in session.questions]
            + [f"Own question {own.number}" for own in session.own_questions]
            + [f"{n} writing task" for n in numbers if session.writing])


@pytest.fixture(scope="module")
def sessions(book):
    own = OwnQuestion(1, "Which of the two accounts would you trust more, and why?", "Either, if argued from ¶ 4.")
    return [*book_sessions(book, ["baserli", "henry"], core=True), chosen_session(book, "6.4 2.3 5.1"),
            CourseSession("Week 3: seminar", ("henry",), (("henry", 17),), (own,))]


@pytest.fixture(scope="module")
def banks(book, sessions, tmp_path_factory):
    out = tmp_path_factory.mktemp("banks")
    paths = write_banks(book, sessions, out, "course", "A course: question bank")
    assert [p.name for p in paths] == ["course-canvas.zip", "course-moodle.xml", "course.imscc"]
    return {"canvas": canvas(paths[0]), "moodle": moodle(paths[1]), "cartridge": cartridge(paths[2])}


def test_every_format_holds_each_selected_question_once_in_order(book, sessions, banks):
    titles = [s.title for s in sessions]
    expected = [expected_titles(book, s) for s in sessions]
    assert [quiz[0] for quiz in banks["canvas"]] == titles == [quiz[0] for quiz in banks["cartridge"]]
    assert [quiz[0] for quiz in banks["moodle"]] == [f"$course$/top/A course: question bank/{t}" for t in titles]
    for name, quizzes in banks.items():
        assert [[item[0] for item in quiz[-1]] for quiz in quizzes] == expected, name
    assert expected[0][0] == "5 central question" and expected[0][-1] == "5 writing task"
    assert expected[2] == ["6.4", "2.3", "5.1"]


def test_what_students_read_is_the_same_in_every_format(book, sessions, banks):
    quizzes = bank_quizzes(book, sessions)
    model = [[(item.title, text(item.blocks)) for item in quiz.items] for quiz in quizzes]
    assert [quiz[2] for quiz in banks["canvas"]] == model == [quiz[1] for quiz in banks["cartridge"]]
    assert [[item[:2] for item in quiz[2]] for quiz in banks["moodle"]] == model
    assert [quiz[1] for quiz in banks["canvas"]] == [text(quiz.description) for quiz in quizzes]
    writing = banks["canvas"][0][2][-1][1]
    marked = ("Each criterion below earns points by level (Accomplished 4 · Secure 3 · Developing 2 · Beginning 1); "
              "your total, out of 20, gives the mark: A from 85%, B from 70%, C from 55%, D from 40%, E below.")
    assert marked in writing
    assert book.rubric.criteria[0].student in writing and "300–400 words" in writing
    core = len(book.apparatus["henry"].core)
    assert [grade for _, _, _, grade in banks["moodle"][1][2]] == [1.0] * (core + 1) + [20.0]


def test_the_answers_are_in_moodles_grader_information_and_nowhere_students_look(book, sessions, banks):
    graders = {name: grader for quiz in banks["moodle"] for name, _, grader, _ in quiz[2]}
    henry, number = book.apparatus["henry"], book.numbers["henry"]
    for cid, q in [(cid, book.apparatus[cid].question(n)) for s in sessions for cid, n in s.questions]:
        assert plain_references(q.answer, cid, book.numbers) in graders[f"{book.numbers[cid]}.{q.number}"]
    assert "Either, if argued from ¶ 4." in graders["Own question 1"]
    assert henry.discussion_plan.opening.split(".")[0] in graders[f"{number} central question"]
    task = graders[f"{number} writing task"]
    assert all(plain_references(s.annotation, "henry", book.numbers) in task for s in henry.sample_answers)
    assert all(level in task for c in book.rubric.criteria for level in c.levels)
    hidden = [text for a in book.apparatus.values() for _, text in a.hidden()]
    hidden += [level for c in book.rubric.criteria for level in c.levels] + ["Either, if argued from ¶ 4."]
    students = " ".join([quiz[1] for quiz in banks["canvas"]] + [quiz[1] for quiz in banks["moodle"]]
                        + [t for name in banks for quiz in banks[name] for item in quiz[-1] for t in item[1:2]])
    students = " ".join(words(students))
    assert not [answer for answer in hidden if " ".join(words(plain_references(answer, "henry", book.numbers)))
                in students]


def test_a_bank_that_would_show_an_answer_is_not_written(book, tmp_path):
    answer = book.apparatus["henry"].question(4).answer
    pasted = CourseSession("Week 1", ("henry",), (), (OwnQuestion(1, answer, "—"),), writing=False)
    with pytest.raises(SourceError) as error:
        write_banks(book, [pasted], tmp_path, "pasted", "Pasted")
    assert all(re.match(rf"{re.escape(str(tmp_path))}/pasted(-canvas.zip:[^:]+|-moodle.xml|.imscc:[^:]+): holds "
                        r"instructor-only text from book/apparatus/henry.yml, question 4, answer: “", str(p))
               for p in error.value.problems)
    assert len(error.value.problems) == 3 and not list(tmp_path.iterdir())


@pytest.mark.parametrize("where", ["book", "course file"])
def test_the_issues_escaping_cases_come_through_every_format_exactly(book, copy, tmp_path, where):
    if where == "book":  # appended to question 6.4 in a copy of the project
        path = copy.apparatus / "henry.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        question = next(q for q in data["questions"] if q["number"] == 4)
        question["text"] = question["text"].strip() + CASE
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        model, session = load_book(copy), CourseSession('Week "1" <$5>', ("henry",), (("henry", 4),), writing=False)
    else:
        model = book
        session = CourseSession('Week "1" <$5>', ("henry",), (), (OwnQuestion(1, CASE.strip(), "—"),), writing=False)
    paths = write_banks(model, [session], tmp_path, "case", 'Course "A" <$5>')
    item = bank_quizzes(model, [session])[0].items[0]
    written = text(item.blocks)
    assert CASE.strip() in written
    found = [canvas(paths[0])[0][2][0], moodle(paths[1])[0][2][0][:2], cartridge(paths[2])[0][1][0]]
    assert found == [(item.title, written)] * 3
    assert [canvas(paths[0])[0][0], moodle(paths[1])[0][0], cartridge(paths[2])[0][0]] == \
        ['Week "1" <$5>', '$course$/top/Course "A" <$5>/Week "1" <$5>', 'Week "1" <$5>']
    package = zipfile.ZipFile(paths[0])
    raw = " ".join(package.read(name).decode() for name in package.namelist() if name.endswith(".xml"))
    # as text2qti was given them: character references (escaped for XML), the quotes straight
    assert "5 &amp;#60; 6" in raw and "&amp;#34;the state&amp;#34;" in raw
    assert "equation_image" not in raw and "\\" not in raw


def test_make_qti_takes_the_course_files_selections(book):
    sessions, stem, title = bank_selection(book, "henry baserli", "", "1")
    assert [s.questions for s in sessions] == [tuple(("henry", q.number) for q in book.apparatus["henry"].core),
                                               tuple(("baserli", q.number) for q in book.apparatus["baserli"].core)]
    assert stem == "questions-henry-baserli-core" and title.endswith(": question bank")
    sessions, stem, _ = bank_selection(book, "", "6.4 2.3", "")
    assert sessions[0].questions == (("henry", 4), ("commune-lessons", 3)) and stem == "questions-6.4-2.3"
    assert bank_selection(book)[1] == "questions-all" and len(bank_selection(book)[0]) == len(book.apparatus)


@pytest.mark.parametrize(("chapters", "questions", "core", "messages"), [
    ("henry baserli henry", "", "", ["CHAPTERS: 'henry' is given 2 times: name each chapter once"]),
    ("henry lenin", "", "yes", [("CORE, READER_CORE in the environment: 'yes' is not 1 or 0: give CORE=1 for the "
                                "core questions only, or leave it out"),
                                ("CHAPTERS: 'lenin' is not a chapter with questions (these are: dictatorship, "
                                "commune-lessons, avakian, pele, baserli, henry, commune)")]),
    ("", "6.4 6.4 6.10", "", ["QUESTIONS: question 6.4 is given twice: name each question once",  # 6.10: withdrawn
                              ("QUESTIONS: no question 6.10: chapter 6 has no question 10: 6.10 was withdrawn, and a "
                              "withdrawn question's number is never reused (its questions are 1–9 and 11–18)")]),
    ("henry", "6.4", "", [("QUESTIONS: give CHAPTERS (whole chapters) or QUESTIONS (chosen questions), not both: "
                          "make one bank of each")]),
    ("", "6.4", "1", [("CORE: CORE=1 chooses among whole chapters' questions: leave it out with QUESTIONS, which "
                      "names each question")]),
])
def test_a_selection_that_is_not_one_is_refused_with_one_message_each(book, chapters, questions, core, messages):
    with pytest.raises(SourceError) as error:
        bank_selection(book, chapters, questions, core)
    assert [str(problem) for problem in error.value.problems] == messages


def test_many_chapters_give_a_short_file_name(book, project, tmp_path, monkeypatch, capsys):
    many = [f"a-chapter-with-a-rather-long-identifier-{n}" for n in range(50)]
    stems = {bank_stem(many), bank_stem(many[:49]), bank_stem(many[1:])}
    assert len(stems) == 3 and all(len(stem) <= 60 for stem in stems)
    every = " ".join(sorted(book.apparatus, key=book.numbers.get))
    names = [path.name for path in write_selection(book, every, "", "", tmp_path)]
    stem = "questions-dictatorship-and-6-more-b36612cb"
    assert names == [f"{stem}-canvas.zip", f"{stem}-moodle.xml", f"{stem}.imscc"]
    monkeypatch.chdir(project.root)  # the command, as `make qti CHAPTERS=…` runs it
    monkeypatch.setenv("READER_CHAPTERS", every + " henry")
    assert main(["qti", "--out", str(tmp_path / "again")]) == 2
    assert capsys.readouterr().err.endswith("error: CHAPTERS: 'henry' is given 2 times: name each chapter once\n")
    assert not (tmp_path / "again").exists()
