"""Bad input stops the build with messages that name the file and the place, all of them at once.

Each case breaks one thing in a temporary copy of the project and checks the exact message.
"""

import re
import shutil

import pytest
import yaml
from projects import copy_project

from readertools.__main__ import main
from readertools.errors import BookErrors, SourceError
from readertools.model import load_book

HENRY = "003_12f7765765b3f97f.txt"


@pytest.fixture
def copy(tmp_path):
    """A copy of the project, the working directory staying where it is: the messages name its files
    by their full paths."""
    return copy_project(tmp_path / "project")


def problems(project) -> list[str]:
    """Every message `load_book` gives for the project, as the command line prints them."""
    with pytest.raises(SourceError) as caught:
        load_book(project)
    error = caught.value
    return [str(p) for p in error.problems] if isinstance(error, BookErrors) else [str(error)]


def edit_yaml(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def henry(data):
    return next(s for s in data["sources"] if s["id"] == "henry")


def test_the_real_book_loads_with_every_catalogued_chapter(book, project):
    toc = yaml.safe_load(project.toc.read_text(encoding="utf-8"))
    in_toc = {entry["file"].rpartition("/")[2] for part in toc["parts"] for entry in part["chapters"]
              if entry["file"].startswith("book/chapters/")}
    assert set(book.chapter_ids) == in_toc and len(book.chapter_ids) == len(book.catalogue.sources)


def test_missing_seed_file(copy):
    (copy.seeds / HENRY).unlink()
    assert problems(copy) == [(f"{copy.catalogue}, sources[5] (id: henry): unknown seed file {HENRY!r} "
                              f"(not in {copy.seeds})")]


def test_a_seed_path_outside_seeds_is_refused(copy):
    edit_yaml(copy.catalogue, lambda data: henry(data).update(seed=f"../seeds/{HENRY}"))
    [message] = problems(copy)
    assert message.startswith(f"{copy.catalogue}, sources[5] (id: henry).seed, line ")
    assert message.endswith(f"expected a file name in seeds/ ending in .txt, without folders, got '../seeds/{HENRY}'")


def test_empty_seed_file(copy):
    (copy.seeds / HENRY).write_bytes(b"  \n\n")
    assert problems(copy) == [f"{copy.seeds / HENRY}: seed file is empty"]


def test_seed_that_is_not_utf8(copy):
    (copy.seeds / HENRY).write_bytes(b"By Kevin Henry\nSeptember 11 marks\n" + "Šó".encode("cp1250"))
    assert problems(copy) == [f"{copy.seeds / HENRY}, line 3: not valid UTF-8 (byte 34: b'\\x8a')"]


@pytest.mark.parametrize(("char", "name"), [("\u2028", "LINE SEPARATOR"), ("\x0c", "a control character"),
                                            ("\u2029", "PARAGRAPH SEPARATOR"), ("\x85", "a control character")])
def test_a_separator_inside_a_line_is_refused_not_split_on(copy, char, name):
    text = (copy.seeds / HENRY).read_text(encoding="utf-8")
    (copy.seeds / HENRY).write_text(text.replace("marks the 50th", f"marks{char}the 50th", 1), encoding="utf-8")
    [message] = problems(copy)
    assert message.startswith(f"{copy.seeds / HENRY}, line ") and f"U+{ord(char):04X} ({name})" in message
    assert "only \\n and \\r\\n may end a line" in message


def test_body_start_and_end_not_found_are_reported_together(copy):
    def change(data):
        henry(data)["body"]["first"] = "By Somebody Else"
        data["sources"][0]["body"]["last"] = "This line is not in the seed"

    edit_yaml(copy.catalogue, change)
    found = problems(copy)
    assert len(found) == 2
    assert "body.last 'This line is not in the seed' not found" in found[0]
    assert found[1] == f"{copy.seeds / HENRY}: body.first 'By Somebody Else' not found (no line starts with it)"


def test_duplicate_id(copy):
    edit_yaml(copy.catalogue, lambda data: data["sources"][1].update(id="dictatorship"))
    assert f"{copy.catalogue}, sources[1] (id: dictatorship): duplicate id 'dictatorship' (also sources[0])" \
        in problems(copy)


def test_missing_and_unknown_fields(copy):
    def change(data):
        del henry(data)["standpoint"]
        henry(data)["colour"] = "red"

    edit_yaml(copy.catalogue, change)
    missing, unknown = sorted(problems(copy), key=lambda message: ": unknown key" in message)
    assert missing.startswith(f"{copy.catalogue}, sources[5] (id: henry), line ")
    assert missing.endswith(": missing key(s) standpoint")
    assert unknown.startswith(f"{copy.catalogue}, sources[5] (id: henry), line ")
    assert ": unknown key(s) colour (the schema allows authors, body, " in unknown


def test_a_listed_heading_that_matches_no_line(copy):
    edit_yaml(copy.catalogue, lambda data: henry(data).update(headings=["Need to be organised later"]))
    assert problems(copy) == [(f"{copy.seeds / HENRY}: heading 'Need to be organised later' matches 0 lines "
                              "of the body of 'henry'; it must match exactly one")]


def test_a_note_marker_that_is_not_in_the_text(copy):
    def change(data):
        next(s for s in data["sources"] if s["id"] == "avakian")["notes"]["markers"][2] = "(par. 9.9)3"

    edit_yaml(copy.catalogue, change)
    [message] = problems(copy)
    assert "marker of note 3 ('(par. 9.9)3') must occur exactly once in the text of 'avakian'; found 0" in message


def test_the_build_stops_and_publishes_nothing(copy, capsys, monkeypatch):
    (copy.seeds / HENRY).write_bytes(b"")
    (copy.glossary).write_text("- term: x\n  definition: 5\n  forms: [x]\n", encoding="utf-8")
    published = copy.published("student")
    published.mkdir(parents=True)
    (published / "index.html").write_text("the last good site", encoding="utf-8")
    monkeypatch.chdir(copy.root)
    assert main(["build"]) == 2
    error = capsys.readouterr().err.splitlines()
    assert error == ["error: seeds/003_12f7765765b3f97f.txt: seed file is empty",
                     "error: book/glossary.yml, terms[0] (x).definition, line 2: expected non-empty text, got 5",
                     "2 problems; nothing was built or published."]
    assert (published / "index.html").read_text(encoding="utf-8") == "the last good site"
    assert not copy.staging.exists()


def test_a_missing_chapter_notebook_is_an_error_not_a_skeleton(copy, capsys, monkeypatch):
    copy.chapter_notebook("henry").unlink()
    monkeypatch.chdir(copy.root)
    assert main(["notebooks"]) == 2
    assert capsys.readouterr().err.startswith("error: book/chapters/henry.ipynb: notebook not found")
    assert not copy.chapter_notebook("henry").exists()


def test_every_source_chapter_needs_its_apparatus(copy, catalogue):
    shutil.rmtree(copy.book / "apparatus")
    found = problems(copy)
    assert found == [f"{copy.apparatus_file(source.id)}: apparatus file not found (every source chapter has "
                     "one; `make new-source` writes a skeleton)" for source in catalogue.sources]


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("book/glossary.yml", "- term: anarchism\n  definition: >-", "- term: anarchism\n  definition: 5\n  x: >-",
     r"book/glossary.yml, terms\[1\] \(anarchism\), line \d+: unknown key\(s\) x"),
    ("book/glossary.yml", "- term: anarchism", "- term: [anarchism", (r"book/glossary.yml, line \d+, column \d+: "
     r"not valid YAML: did not find expected ',' or '\]'")),
    ("book/people.yml", '  dates: "1926–2005"\n', "", (r"book/people.yml, people\[3\] \(Pierre Broué\), line \d+: "
     r"missing key\(s\) dates")),
    ("book/citations.yml", "    where:", "    wher:", (r"book/citations.yml, dictatorship\[0\] \(lenin1918renegade\), "
     r"line \d+: unknown key\(s\) wher \(the schema allows key, where\)")),
    ("book/data/datasets.yml", "    row: one figure for the number of soviets", "    rows: x",
     r"book/data/datasets.yml, datasets\[1\] \(soviets_1917.csv\), line \d+: missing key\(s\) row"),
    ("book/apparatus/henry.yml", "teaching_notes:", "teaching_note:", (r"book/apparatus/henry.yml, line 1: "
     r"missing key\(s\) teaching_notes")),
    ("_toc.yml", "parts:", "parts: [", r"_toc.yml, line \d+, column \d+: not valid YAML"),
    ("book/editor_notes.yml", "  kind: place", "  kind: opinion", (r"book/editor_notes.yml, notes\[\d+\] \(id: "
     r"[a-z-]+\)\.kind, line \d+: expected one of 'date', .* got 'opinion'")),
    ("book/chronology.yml", "  date: 1547-01-16", "  date: 16 January 1547", (r"book/chronology.yml, chronology\[0\] "
     r"\(id: ivan-iv-crowned\)\.date, line \d+: expected an ISO date \(YYYY-MM-DD\), got '16 January 1547'")),
    ("book/voices.yml", "henry:\n  name: Henry", "henry:\n  nom: Henry", (r"book/voices.yml, henry, line \d+: "
     r"missing key\(s\) name")),
    ("book/standpoints.yml", "; standpoint: an agency", ", standpoint an agency", (r"book/standpoints.yml, "
     r"standpoints\[0\]\.sentence, line \d+: expected a sentence reading “<who>: <kind>; standpoint: <position>\.”")),
    ("book/quotations.yml", "  status: stated", "  status: guessed", (r"book/quotations.yml, quotations\[\d+\] \(id: "
     r"[a-z0-9-]+\)\.status, line \d+: expected one of 'stated'")),
    ("book/rubric.yml", "    name: Sourcing", "    nam: Sourcing", (r"book/rubric.yml, criteria\[0\] \(id: sourcing\), "
     r"line \d+: unknown key\(s\) nam")),
    ("book/sequences.yml", "chapters: [henry]", "chapters: [henri]", (r"book/sequences.yml, sequences\[0\]\.sessions"
     r"\[0\]\.chapters\[0\]: 'henri' is not a chapter with questions")),
    ("book/people.yml", "checked:", "checkd:", (r"book/people.yml, people\[0\] \(Salvador Allende\), line \d+: "
     r"unknown key\(s\) checkd")),
    ("book/references.bib", "  title     = {", "  title     = {{broken",
     r"book/references.bib: not valid BibTeX: syntax error in line \d+: '}' expected"),
    ("book/chapters/henry.ipynb", '"cells": [', '"cells": [[,', (r"book/chapters/henry.ipynb, line 2, column 13: not a "
     r"valid notebook: not valid JSON \(Expecting value\)")),
])
def test_a_malformed_data_file_gives_one_located_message(copy, capsys, monkeypatch, file, old, new, expected):
    replace_in(copy.root / file, old, new)
    monkeypatch.chdir(copy.root)
    assert main(["check"]) == 2
    errors = capsys.readouterr().err
    assert re.search("^error: " + expected, errors, re.MULTILINE), errors
    assert "Traceback" not in errors and len(errors.splitlines()) <= 3, errors  # one problem, not a cascade


def test_renumbered_paragraphs_stop_make_notebooks_with_what_moved(copy, capsys, monkeypatch):
    """Turning ¶ 3 of henry into a heading would move ¶ 4–11 up by one under every reference."""
    third = next(b for b in load_book(copy).chapter("henry").paragraphs if b.number == 3).text[:30]
    edit_yaml(copy.catalogue, lambda data: henry(data).update(headings=[*henry(data).get("headings", []), third]))
    before = copy.text_csv("henry").read_text(encoding="utf-8")
    monkeypatch.chdir(copy.root)
    assert main(["notebooks"]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 1, errors
    message = errors[0]
    assert message.startswith("error: book/data/texts/henry.csv: the paragraphs of henry would be renumbered "
                              "(¶ 4 is now ¶ 3, ¶ 5 is now ¶ 4, ")
    assert "book/apparatus/henry.yml" in message and "book/data/party_membership.csv" in message
    assert message.endswith("Check them, then run `make notebooks RENUMBERED=henry`")
    assert copy.text_csv("henry").read_text(encoding="utf-8") == before


def test_a_lesson_with_too_few_core_questions_is_named(copy, capsys, monkeypatch):
    path = copy.apparatus_file("henry")
    path.write_text(path.read_text(encoding="utf-8").replace("    core: true\n", "", 2), encoding="utf-8")
    monkeypatch.chdir(copy.root)
    assert main(["check"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: book/apparatus/henry.yml, questions: a lesson has four to six core questions (`core: true`); found 3"]
