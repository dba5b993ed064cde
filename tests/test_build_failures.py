"""How builds fail and how they share a project, in temporary copies: a failing cell or a broken
reference is one located message (never a traceback, never blamed on `_config.yml`), and two builds
started together neither crash nor corrupt each other, giving the same site, byte for byte, as one
clean build, and printing no library's INFO lines.

A broken build is a built copy (conftest's `built_copy`) changed and built again, as an editor's
checkout is: only the changed notebook is read again, and its errors are reported all the same."""

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from projects import copy_project

from readertools.__main__ import main
from readertools.paths import PACKAGE, Project
from readertools.publish.built_with import FILLED


def edit_cell(path, cell_id, change):
    notebook = nbformat.read(path, as_version=4)
    cell = next(cell for cell in notebook.cells if cell.get("id") == cell_id)
    change(cell)
    nbformat.write(notebook, path)
    return [c.get("id") for c in notebook.cells].index(cell_id) + 1


def test_a_failing_cell_is_one_message_naming_notebook_cell_and_exception(copy, capsys):
    number = edit_cell(copy.chapter_notebook("henry"), "data-soviets",
                       lambda cell: cell.update(source=cell.source + "\nraise ValueError('a broken figure')"))
    assert main(["notebooks"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("[IPKernelApp]")]
    assert errors == [(f"error: book/chapters/henry.ipynb, cell {number}: a cell failed: "
                      "ValueError: a broken figure")]


def test_a_broken_reference_is_blamed_on_its_notebook_not_the_configuration(built_copy, capsys):
    copy = built_copy
    edit_cell(copy.chapter_notebook("henry"), "headnote",
              lambda cell: cell.update(source=cell.source + "\n\nSee {doc}`../back/nowhere`."))
    shutil.rmtree(copy.published("student"))  # the last good site goes: a site this build published would show
    assert main(["build"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith("error: book/chapters/henry.ipynb, line ")
    assert "unknown document: '../back/nowhere'" in errors[0]
    assert not any("_config.yml" in line for line in errors)
    assert not copy.published("student").exists()


def last_build(root: Path) -> tuple[dict[str, str], str]:
    """What the last build of the student edition in `root` read (each file's digest: a tool by its
    path in the package, wherever the project is; the book's requirements.txt left aside, which a
    copy does not hold, the venv being the same), and the downloads and address it was made for."""
    staging = Project(root).staged("student")
    files = json.loads((staging / "inputs.json").read_text(encoding="utf-8"))["files"]
    made_for = (staging / "inputs.digest").read_text(encoding="utf-8").split("|", 1)[1]

    def name(path: str) -> str:
        found = Path(path)
        return str(found.relative_to(PACKAGE.parent)) if found.is_absolute() and found.is_relative_to(PACKAGE) else path

    return {name(path): digest for path, digest in files.items() if path != "requirements.txt"}, made_for


@pytest.fixture
def one_clean_build(project, built_project, tmp_path_factory):
    """A site built by one clean build of the same files in another folder (a site does not depend
    on the folder it was built in): the project's own student edition when its last build read
    exactly the files the copy was built from, for the same downloads and address (as `make test`
    builds it, from nothing, first), else a new copy built from nothing here."""
    staged = project.staged("student") / "inputs.json"
    if staged.is_file() and last_build(project.root) == last_build(built_project.pristine):
        return project.published("student")
    copy = copy_project(tmp_path_factory.mktemp("one-build") / "project")
    subprocess.run([sys.executable, "-m", "readertools", "build"], cwd=copy.root, check=True, capture_output=True)
    return copy.published("student")


def test_two_builds_at_once_give_the_one_clean_build_byte_for_byte(project, built_project, one_clean_build):
    """The session's built copy (`built_project`) was built by two builds started together."""
    codes, outputs = built_project.started_together
    assert codes == [0, 0], outputs[0][-2000:] + outputs[1][-2000:]
    assert any("waiting for another build" in output for output in outputs)
    comparison = filecmp.dircmp(one_clean_build, built_project.clean_site)
    differ = []

    def walk(node, prefix=""):
        differ.extend(prefix + name for name in node.left_only + node.right_only + node.diff_files)
        for name, sub in node.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(comparison)
    # the execution page's "built with" line names the commit when the project is a git checkout (the
    # copy is none): that line may differ, nothing else
    execution = project.page(project.execution_page)
    if execution in differ and len({FILLED.sub("", (site / execution).read_text(encoding="utf-8"))
                                    for site in (one_clean_build, built_project.clean_site)}) == 1:
        differ.remove(execution)
    assert differ == [], f"two clean builds differ in {differ[:10]}"
    assert len(list(one_clean_build.rglob("*.html"))) > 20  # two whole sites were compared


def test_a_clean_build_prints_no_library_info_lines(built_project):
    """Nothing but warnings, errors and the build's own lines reach the terminal: a library's INFO
    logging (fontTools' font subsetting printed 156 lines a build) does not."""
    codes, outputs = built_project.started_together
    assert codes == [0, 0]
    for output in outputs:
        assert "The student edition is published in _build/html/" in output
        assert [line for line in output.splitlines() if "fontTools" in line or " INFO " in line] == []


def test_a_bad_answer_placeholder_fails_the_build_at_its_notebook(built_copy, capsys):
    """End to end: the extension's located warning (its exact wording, for every kind of bad
    placeholder, is tested in process in test_extensions.py) fails `make book`, blamed on the notebook."""
    edit_cell(built_copy.chapter_notebook("henry"), "headnote",
              lambda cell: cell.update(source=cell.source + "\n\n:::{model-answer} henry 99\n:::"))
    assert main(["build"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith("error: book/chapters/henry.ipynb, line "), errors
    assert "model-answer: 'henry' has no question '99' (its questions are 1, 2, " in errors[0]
