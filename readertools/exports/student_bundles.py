"""The student notebooks' folders: the student repository (`make student-notebooks`) and the
notebook downloads of the book (`bundles`, the maker `formats.FORMATS` names), each a folder of
student notebooks (`student_notebooks.student_notebook`) with the data they read, their
`requirements.txt` and a README written for students, zipped under one top folder with fixed dates,
so that the same book gives the same bytes.
"""

import re
import shutil
import zipfile
from pathlib import Path

import nbformat

from readertools.editions import split_repository
from readertools.errors import BookErrors
from readertools.exports.escapes import remembered
from readertools.exports.student_notebooks import (
    BOOK_TITLE,
    OLDEST,
    Context,
    context,
    inputs,
    notebook_name,
    student_notebook,
    student_paths,
)
from readertools.formats import FORMATS, chapter_file

PYTHON = "python-3.11"  # runtime.txt: Binder's default Python is older than the pins need


def requirements(project) -> str:
    """`requirements-notebooks.txt` without its comments (written for the editors), under one line
    saying what the pins are for."""
    pins = [line for line in project.notebook_requirements.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return "\n".join(["# What the notebooks need, pinned to the versions the book's outputs were computed with.",
                      *pins]) + "\n"


def readme(book, ctx: Context, paths: list[Path], repository: bool) -> str:
    """The README of a bundle (`repository` False) or of the student repository, written for students:
    what the notebooks are, how to run them (on their computer; on Binder and Colab from the
    repository), the licences, and the book."""
    title, author, year = ctx.title or BOOK_TITLE, ctx.author or "The editors", ctx.year
    in_book = f"in [the book]({ctx.baseurl}), where the notebooks' links lead" if ctx.baseurl else "in the book"
    names = [notebook_name(book, path) for path in paths]
    listed = [f"- `{name}`: {ctx.titles.get(book.project.docname(path), path.stem)}" for name, path in zip(names, paths,
                                                                                                          strict=True)]
    lines = [f"# {BOOK_TITLE}: the notebooks", "",
             (f"The chapters of *{title}* as Jupyter notebooks: each holds the chapter's text, its study questions "
              "and the code that reads the reader's data, which lie in `data/` beside them (the datasets of "
              "figures and dates, and each source's text, paragraph by paragraph, in `data/texts/`). The "
              f"glossary, the people and the bibliography are {in_book}."), "", *listed, "",
             "## Running them on your computer", "",
             "With Python 3.11 or later, in this folder:", "", "```sh",
             "python -m venv .venv",
             ". .venv/bin/activate                    # on Windows: .venv\\Scripts\\activate",
             "pip install -r requirements.txt jupyterlab",
             "jupyter lab", "```", "",
             ("Open a notebook and run its cells from the top (Run ▸ Run All Cells). `requirements.txt` holds what "
              "the notebooks use (pandas, matplotlib and a Python kernel), at the versions the book's outputs were "
              "computed with, so your outputs match the book's. VS Code and Notebook 7 open the notebooks too."),
             "",
             (f"The notebooks also run on the pandas and matplotlib you may already have, from pandas "
              f"{OLDEST['pandas']} and matplotlib {OLDEST['matplotlib']} on (Colab's, for instance), and print the "
              "same tables and numbers; a chart may differ from the book's in small details of its drawing."),
             ""]
    if repository or ctx.repository:
        lines += ["## Running them online", ""]
        if ctx.repository:
            name, branch = split_repository(ctx.repository)
            here = "this repository" if repository else f"the notebooks' repository (<https://github.com/{name}>)"
            lines += [(f"- **Binder** runs {here} in JupyterLab, with `requirements.txt` installed (the first start "
                       f"takes a few minutes): <https://mybinder.org/v2/gh/{name}/{branch}>."),
                      (f"- **Colab** opens one notebook at a time: <https://colab.research.google.com/github/{name}/blob/"
                       f"{branch}/{names[0] if names else ''}> (change the file name for another chapter)."),
                      "- Each chapter page of the book has a Binder and a Colab button for its notebook."]
            lines += ["", (f"Colab opens a notebook alone, without the `data/` folder: the notebook's first code "
                           f"cell fetches the data files it reads from {here} and says which. Colab does not read "
                           "`requirements.txt`: the notebooks run on its own pandas and matplotlib (see above)."), ""]
        else:
            lines += [("- **Binder**: give this repository's GitHub address at <https://mybinder.org>; it installs "
                       "`requirements.txt` and opens the notebooks in JupyterLab."), ""]
    lines += ["## Changing them", "",
              ("The notebooks are yours to change: edit the code to ask your own questions of the data, add cells for "
               "your notes, and run them again. To start again from the book's version, download the notebook anew."),
              "",
              "## Licence", "",
              (f"The code in the notebooks is © {year} {re.sub('^The ', 'the ', author)}, under the MIT License "
               "(<https://opensource.org/license/mit>). The editorial content (the headnotes, study questions, "
               "editor's notes and data sections, and the datasets in `data/` outside `data/texts/`) is licensed "
               "under CC BY 4.0 (<https://creativecommons.org/licenses/by/4.0/>): you may reuse and adapt it, "
               f"crediting \"{author}, *{title}* ({year}), CC BY 4.0\"."),
              "",
              ("The reprinted source texts (each chapter's text, and `data/texts/`) and the quotations from other "
               "works in the datasets remain their authors' and publishers': they are reproduced complete, with "
               "their authors named, for non-commercial teaching, criticism and review, and neither licence "
               "covers them."), ""]
    return "\n".join(lines)


def student_folder(book, folder: Path, paths: list[Path] | None = None, repository: bool = False,
                   ctx: Context | None = None, made: dict | None = None) -> list[str]:
    """Write the student notebooks of `paths` (every notebook by default) into `folder`, with the data
    they read, `requirements.txt`, a README and (for the repository) `runtime.txt`; return the
    notebooks' names. `made`: notebooks already converted, by path (each bundle holds its chapter's
    notebook and the whole book's bundle holds them all: each is converted once)."""
    ctx, project = ctx or context(book), book.project
    paths = paths or student_paths(book)
    made = {} if made is None else made
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "data").mkdir(parents=True)
    problems, names = [], []
    for path in paths:
        try:
            if path not in made:
                made[path] = student_notebook(book, path, ctx)
            notebook = made[path]
        except BookErrors as error:
            problems += error.problems
            continue
        names.append(notebook_name(book, path))
        nbformat.write(notebook, folder / names[-1])
        for name in inputs(book, path):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(project.book / name, target)
    if problems:
        raise BookErrors(problems)
    (folder / "requirements.txt").write_text(requirements(project), encoding="utf-8")
    (folder / "README.md").write_text(readme(book, ctx, paths, repository), encoding="utf-8")
    if repository:
        (folder / "runtime.txt").write_text(PYTHON + "\n", encoding="utf-8")
    return names


def zip_folder(folder: Path, archive: Path, top: str) -> None:
    """`archive` holding `folder`'s files under one top folder `top/` (so that unzipping spills nothing)."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                info = zipfile.ZipInfo(f"{top}/{file.relative_to(folder).as_posix()}", (2026, 1, 1, 0, 0, 0))
                info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
                out.writestr(info, file.read_bytes())  # fixed dates: the same book gives the same bytes


def bundles(book, edition: str, site: Path) -> None:
    """The maker of the notebook downloads (`formats.FORMATS`): one zip per chapter page and one of
    the whole book, written into the staged site."""

    form = next(form for form in FORMATS if form.maker.endswith(":bundles"))
    work, prefix = site.parent / f"{site.name}-notebooks", BOOK_TITLE.lower().replace(" ", "-")
    ctx, made = context(book), {}  # once for every bundle: it reads the bibliography and every label
    try:
        with remembered(book.project.escape_memory(edition)):
            for path in student_paths(book):
                target = chapter_file(form, book.project.docname(path))
                if target is None:
                    continue
                folder = work / path.stem
                student_folder(book, folder, [path], ctx=ctx, made=made)
                zip_folder(folder, site / target, f"{prefix}-{Path(notebook_name(book, path)).stem}")
            student_folder(book, work / "all", ctx=ctx, made=made)
            zip_folder(work / "all", site / form.whole, f"{prefix}-notebooks")
    finally:
        shutil.rmtree(work, ignore_errors=True)
