"""Bad input stops the build with one message that names the file and what is wrong."""

import shutil

import pytest
import yaml

from readertools.__main__ import main
from readertools.build import PUBLISHED
from readertools.catalogue import CATALOGUE, SEEDS, load_catalogue
from readertools.errors import SourceError
from readertools.segment import load_chapters

HENRY = "003_12f7765765b3f97f.txt"


@pytest.fixture
def project(tmp_path):
    """A copy of the seeds and of the catalogue, to break one thing at a time."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return tmp_path, seeds, data


def write(tmp_path, data):
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def error_for(tmp_path, seeds, data) -> str:
    with pytest.raises(SourceError) as caught:
        load_chapters(load_catalogue(write(tmp_path, data), seeds))
    return str(caught.value)


def henry(data):
    return next(s for s in data["sources"] if s["id"] == "henry")


def test_the_real_catalogue_loads(catalogue):
    assert len(catalogue.sources) == 6


def test_missing_seed_file(project):
    tmp_path, seeds, data = project
    (seeds / HENRY).unlink()
    message = error_for(tmp_path, seeds, data)
    assert "sources.yml" in message and HENRY in message and "unknown seed file" in message


def test_empty_seed_file(project):
    tmp_path, seeds, data = project
    (seeds / HENRY).write_bytes(b"  \n\n")
    message = error_for(tmp_path, seeds, data)
    assert message.startswith(str(seeds / HENRY)) and "empty" in message


def test_seed_that_is_not_utf8(project):
    tmp_path, seeds, data = project
    (seeds / HENRY).write_bytes(b"By Kevin Henry\nSeptember 11 marks\n" + "Šó".encode("cp1250"))
    message = error_for(tmp_path, seeds, data)
    assert str(seeds / HENRY) in message and "line 3" in message and "not valid UTF-8" in message


def test_body_start_not_found(project):
    tmp_path, seeds, data = project
    henry(data)["body"]["first"] = "By Somebody Else"
    message = error_for(tmp_path, seeds, data)
    assert str(seeds / HENRY) in message and "body.first 'By Somebody Else' not found" in message


def test_body_end_not_found(project):
    tmp_path, seeds, data = project
    henry(data)["body"]["last"] = "This line is not in the seed"
    assert "body.last 'This line is not in the seed' not found" in error_for(tmp_path, seeds, data)


def test_unknown_seed_file_in_the_catalogue(project):
    tmp_path, seeds, data = project
    henry(data)["seed"] = "999_missing.txt"
    message = error_for(tmp_path, seeds, data)
    assert "sources[5] (id: henry)" in message and "unknown seed file '999_missing.txt'" in message


def test_duplicate_id(project):
    tmp_path, seeds, data = project
    data["sources"][1]["id"] = "dictatorship"
    message = error_for(tmp_path, seeds, data)
    assert "sources.yml, sources[1]" in message and "duplicate id 'dictatorship'" in message


def test_missing_and_unknown_fields(project):
    tmp_path, seeds, data = project
    del henry(data)["standpoint"]
    assert "(id: henry): missing field(s): standpoint" in error_for(tmp_path, seeds, data)
    henry(data)["standpoint"], henry(data)["colour"] = "x", "red"
    assert "(id: henry): unknown field(s): colour" in error_for(tmp_path, seeds, data)


def test_a_listed_heading_that_matches_no_line(project):
    tmp_path, seeds, data = project
    henry(data)["headings"] = ["Need to be organised later"]
    assert "heading 'Need to be organised later' matches 0 lines" in error_for(tmp_path, seeds, data)


def test_a_note_marker_that_is_not_in_the_text(project):
    tmp_path, seeds, data = project
    avakian = next(s for s in data["sources"] if s["id"] == "avakian")
    avakian["notes"]["markers"][2] = "(par. 9.9)3"
    assert "marker of note 3 ('(par. 9.9)3') must occur exactly once" in error_for(tmp_path, seeds, data)


def test_the_build_stops_and_publishes_nothing(project, capsys):
    tmp_path, seeds, data = project
    (seeds / HENRY).write_bytes(b"")
    before = (PUBLISHED / "index.html").stat().st_mtime_ns if PUBLISHED.exists() else None
    assert main(["build", "--catalogue", str(write(tmp_path, data)), "--seeds", str(seeds)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and f"{HENRY}: seed file is empty" in error
    after = (PUBLISHED / "index.html").stat().st_mtime_ns if PUBLISHED.exists() else None
    assert before == after
