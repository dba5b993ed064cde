"""Rebuilds in a temporary copy of the project: outputs follow their inputs, an unchanged book is not
rebuilt, a rebuild that reads only the changed documents still checks every reference, and one that
writes only the changed pages gives the site a full build gives.

Each test starts from the same built copy (conftest's `built_copy`: the session's one clean build,
put back as it was built), changes it, and rebuilds it; no test sees what another changed."""

import re
import shutil

import nbformat
import pytest
from html_text import page
from test_build import git

from readertools.__main__ import main
from readertools.editions import instructor_pages
from readertools.model import load_book
from readertools.paths import CONTENT


@pytest.fixture
def copy(built_copy):
    """A copy of the project with its student edition built."""
    return built_copy


def run(capsys, monkeypatch, copy, *argv):
    monkeypatch.chdir(copy.root)
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def membership_plot(site) -> str:
    """The image of the membership plot on the numbers page (its file is named after its content)."""
    soup = page(site / "book" / "across" / "numbers.html")
    return next(img["src"] for img in soup.select("img") if "party membership" in img.get("alt", ""))


def test_a_corrected_figure_reaches_the_table_the_plot_and_the_download(copy, capsys, monkeypatch):
    assert run(capsys, monkeypatch, copy, "build")[0] == 0
    site = copy.published("student")
    plot = membership_plot(site)
    data = copy.data / "party_membership.csv"
    data.write_text(data.read_text(encoding="utf-8").replace(",611978,", ",411978,").replace("611,978", "411,978"),
                    encoding="utf-8")  # the value, its quotation and the words that state it
    code, _, err = run(capsys, monkeypatch, copy, "build")
    assert code == 2
    readers = sorted(path for path, notebook in load_book(copy).notebooks.items()
                     if "book/data/party_membership.csv" in notebook.metadata["reader"]["inputs"])
    assert sorted(line for line in err.splitlines() if "party_membership.csv changed" in line) == [
        f"error: {copy.relative(path)}: stored outputs are stale: book/data/party_membership.csv changed since it "
        "was executed (run `make notebooks`)" for path in readers]
    code, out, _ = run(capsys, monkeypatch, copy, "notebooks")
    executed = sorted(line.removeprefix("executing ") for line in out.splitlines() if line.startswith("executing"))
    assert code == 0 and executed == sorted(copy.relative(path) for path in readers)
    assert "book/across/numbers.ipynb" in executed
    assert run(capsys, monkeypatch, copy, "build")[0] == 0
    cells = [td.get_text(strip=True) for td in page(site / "book" / "across" / "numbers.html").select("td")]
    assert "411,978" in cells and "611,978" not in cells  # the tables show thousands separators
    assert membership_plot(site) != plot, "the plot was not drawn again from the corrected figure"
    [download] = [path for path in site.rglob("party_membership.csv")]
    assert ",411978," in download.read_text(encoding="utf-8")


def test_nothing_changed_nothing_rebuilt(copy, capsys, monkeypatch):
    assert run(capsys, monkeypatch, copy, "build")[0] == 0
    code, out, _ = run(capsys, monkeypatch, copy, "build")
    assert code == 0 and out.splitlines() == [("Nothing changed since the student edition was last built: it is "
                                               "in _build/html/ (open _build/html/index.html)")]


def set_headnote(copy, chapter_id, text):
    path = copy.chapter_notebook(chapter_id)
    notebook = nbformat.read(path, as_version=4)
    cell = next(cell for cell in notebook.cells if cell.id == "headnote")
    cell.source = cell.source.split("\n\n% edit\n")[0] + ("\n\n% edit\n" + text if text else "")
    nbformat.write(notebook, path)


def test_a_rebuild_of_one_document_still_checks_the_references_of_the_others(copy, capsys, monkeypatch):
    set_headnote(copy, "henry", "(henry-extra-label)=\nA passage others link to.")
    set_headnote(copy, "baserli", "See {ref}`this passage <henry-extra-label>`.")
    code, _, err = run(capsys, monkeypatch, copy, "build")
    assert code == 0, err
    set_headnote(copy, "henry", "")  # the label goes; baserli, unchanged, still points at it
    code, _, err = run(capsys, monkeypatch, copy, "build")
    assert code == 2
    assert "book/chapters/baserli.ipynb" in err and "henry-extra-label" in err
    assert (copy.published("student") / "index.html").is_file()  # the last good site stays


def test_one_make_notebooks_leaves_nothing_out_of_step(copy, capsys, monkeypatch):
    """A notebook that reads one more dataset changes the pages made from what notebooks read (the
    execution page, the instructor guide's datasets): one `make notebooks` brings them along too."""
    path = copy.chapter_notebook("henry")
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell('pd.read_csv("../data/pig_iron.csv").shape', id="extra-read"))
    nbformat.write(notebook, path)
    code, out, _ = run(capsys, monkeypatch, copy, "notebooks")
    assert code == 0 and "executing book/chapters/henry.ipynb" in out
    assert run(capsys, monkeypatch, copy, "check") == (0, "", "")
    guide = copy.instructor_guide.read_text(encoding="utf-8")
    henry = next(line for line in guide.splitlines() if "<../chapters/henry>" in line and "words" in line)
    assert "pig\\_iron\\.csv" in henry
    assert "`pig_iron.csv`" in (copy.back / "execution.md").read_text(encoding="utf-8")


WRITTEN = re.compile(r"writing output\.\.\. \[\s*\d+%\] (\S+)")


def written_pages(out: str) -> set[str]:
    return set(WRITTEN.findall(re.sub(r"\x1b\[[0-9;]*m", "", out)))


def site_files(site) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def commit_all(copy, message: str) -> str:
    """Commit the files the build reads (the copy a git checkout); the commit, as the site names it."""
    for args in (["init", "-q"], ["add", "-A", "--", *CONTENT], ["commit", "-q", "-m", message]):
        git(copy.root, *args)
    return git(copy.root, "rev-parse", "--short=12", "HEAD")


def built_with_line(site, copy) -> str:
    return page(site / copy.page(copy.execution_page)).select_one("p.reader-built-with").get_text()


def test_a_headnote_edit_writes_its_own_page_and_gives_what_a_full_build_gives(copy, capsys, monkeypatch,
                                                                                built_project):
    """Only the edited chapter's page (and the home page, which Sphinx always writes) is written
    again, and the site is the one a build from nothing gives, byte for byte: the search index,
    the inventory and every other page included. The execution page, which is not written again,
    names the new commit; a commit alone rebuilds nothing. Undone, the edit leaves nothing behind:
    the site is the clean build's again (but for the commit its execution page names), no word of
    the sentence left in the search index."""
    site = copy.published("student")
    commit_all(copy, "as built")
    code, out, err = run(capsys, monkeypatch, copy, "build")
    assert code == 0 and out.startswith("Nothing changed"), err
    assert "commit" not in built_with_line(site, copy)  # built when the copy was no checkout, from the same files
    set_headnote(copy, "henry", "A sentence the editor added to the headnote, zeugmatically.")
    commit = commit_all(copy, "a headnote")
    code, out, err = run(capsys, monkeypatch, copy, "build")
    assert code == 0, err
    assert written_pages(out) == {"book/chapters/henry", "book/intro"}
    assert built_with_line(site, copy).endswith(f", from commit {commit}.")
    assert "the headnote, zeugmatically." in page(site / "book" / "chapters" / "henry.html").text
    partial = site_files(site)
    shutil.rmtree(copy.staging / "student")
    assert run(capsys, monkeypatch, copy, "build")[0] == 0
    full = site_files(site)
    assert sorted(full) == sorted(partial)
    assert [name for name in full if full[name] != partial[name]] == []
    set_headnote(copy, "henry", "")
    code, out, err = run(capsys, monkeypatch, copy, "build")
    assert code == 0, err
    assert written_pages(out) == {"book/chapters/henry", "book/intro"}
    undone, clean = site_files(site), site_files(built_project.clean_site)
    assert b"zeugmat" not in undone["searchindex.js"]
    assert sorted(undone) == sorted(clean)
    # the clean build's copy was no git checkout: its execution page names no commit
    assert [name for name in clean if clean[name] != undone[name]] == [copy.page(copy.execution_page)]


def test_a_change_that_is_not_a_document_writes_every_page(copy, capsys, monkeypatch):
    assert run(capsys, monkeypatch, copy, "build")[0] == 0
    stylesheet = copy.book / "_static" / "reader.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n/* an edit */\n", encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, copy, "build")
    assert code == 0, err
    documents = {str(path.relative_to(copy.root).with_suffix("")) for pattern in ("*.md", "*.ipynb")
                 for path in copy.book.rglob(pattern)} - {copy.docname(page) for page in instructor_pages(copy)}
    assert written_pages(out) == documents
