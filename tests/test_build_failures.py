"""How builds fail and how they share a project, in temporary copies: a failing cell or a broken
reference is one located message (never a traceback, never blamed on `_config.yml`), and two builds
started together neither crash nor corrupt each other, giving the same site, byte for byte, as one
clean build."""

import filecmp
import subprocess
import sys

import nbformat
import pytest

from readertools.__main__ import main


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


def test_a_broken_reference_is_blamed_on_its_notebook_not_the_configuration(copy, capsys):
    edit_cell(copy.chapter_notebook("henry"), "headnote",
              lambda cell: cell.update(source=cell.source + "\n\nSee {doc}`../back/nowhere`."))
    assert main(["build"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith("error: book/chapters/henry.ipynb, line ")
    assert "unknown document: '../back/nowhere'" in errors[0]
    assert not any("_config.yml" in line for line in errors)
    assert not copy.published("student").exists()


def test_two_builds_at_once_give_the_one_clean_build_byte_for_byte(copy):
    assert main(["build"]) == 0
    first = copy.root / "first"
    copy.published("student").rename(first)
    for path in copy.build.iterdir():
        if path.is_dir():
            subprocess.run(["rm", "-rf", str(path)], check=True)
    command = [sys.executable, "-m", "readertools", "build"]
    builds = [subprocess.Popen(command, cwd=copy.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
              for _ in range(2)]
    outputs = [build.communicate()[0] for build in builds]
    assert [build.returncode for build in builds] == [0, 0], outputs[0][-2000:] + outputs[1][-2000:]
    assert any("waiting for another build" in output for output in outputs)
    comparison = filecmp.dircmp(first, copy.published("student"))
    differ = []

    def walk(node, prefix=""):
        differ.extend(prefix + name for name in node.left_only + node.right_only + node.diff_files)
        for name, sub in node.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(comparison)
    assert differ == [], f"two clean builds differ in {differ[:10]}"


@pytest.mark.parametrize(("placeholder", "message"), [
    ("henry 99", "model-answer: 'henry' has no question '99' (its questions are 1, 2, "),
    ("nobody 1", "model-answer: book/apparatus/nobody.yml: file not found"),
])
def test_a_bad_answer_placeholder_is_a_located_warning_that_fails_the_build(copy, capsys, placeholder, message):
    edit_cell(copy.chapter_notebook("henry"), "headnote",
              lambda cell: cell.update(source=cell.source + f"\n\n:::{{model-answer}} {placeholder}\n:::"))
    assert main(["build"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith("error: book/chapters/henry.ipynb, line "), errors
    assert message in errors[0]
