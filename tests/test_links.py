"""Symbolic links in the content (readertools/checks/links.py): a link that leaves the project stops
the build before a byte of its target is read, with one message naming the link; a link inside the
content is followed, and the no-change digest sees a change through it."""

import os

from readertools.__main__ import main
from readertools.publish.plan import manifest

OUTSIDE = ("a symbolic link to {target}, outside the project's content (book, seeds, _config.yml, _toc.yml, "
           "requirements-notebooks.txt): the build would publish that file as the reader's own; copy what the "
           "book needs into the project, or remove the link")


def test_a_link_to_a_file_outside_the_project_stops_the_build_naming_the_link(copy, capsys):
    os.symlink("/etc/passwd", copy.static / "notes.txt")
    assert main(["build"]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"error: book/_static/notes.txt: {OUTSIDE.format(target='/etc/passwd')}"]
    assert not copy.published("student").exists()


def test_a_linked_dataset_is_refused_without_a_line_of_the_file_it_points_at(copy, capsys, tmp_path):
    host = tmp_path / "host.csv"
    host.write_text("figure,value\nsecret-row,root:x:0:0:the host's own words\n", encoding="utf-8")
    dataset = copy.data / "party_membership.csv"
    dataset.unlink()
    os.symlink(host, dataset)
    assert main(["check"]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"error: book/data/party_membership.csv: {OUTSIDE.format(target=host)}"]
    assert "secret" not in captured.out + captured.err and "host's own" not in captured.out + captured.err


def test_a_link_to_an_apparatus_file_is_a_change_the_digest_sees(copy):
    before = manifest(copy)
    os.symlink("../apparatus/henry.yml", copy.static / "henry-notes.yaml")
    after = manifest(copy)
    assert set(after) - set(before) == {"book/_static/henry-notes.yaml"}
    assert after["book/_static/henry-notes.yaml"] == after["book/apparatus/henry.yml"]
    (copy.apparatus / "henry.yml").write_text((copy.apparatus / "henry.yml").read_text(encoding="utf-8") + "\n",
                                              encoding="utf-8")
    assert manifest(copy)["book/_static/henry-notes.yaml"] != after["book/_static/henry-notes.yaml"]
