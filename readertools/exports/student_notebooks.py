"""Student notebooks: each chapter of the book written for plain Jupyter, with the data it reads.

The book's notebooks are written for Sphinx (MyST: labels, attributes, roles, directives), and
JupyterLab, Notebook 7, VS Code and Colab show that syntax as it is. A student notebook is the
same notebook translated into plain CommonMark, cell by cell, from the one model of the book
(`model.load_book`, whose notebooks the build keeps in step with `generate.notebooks.chapter_cells`):

- a label `(x)=` or an id `{#x}` becomes an HTML anchor `<a id="x"></a>` at the start of the
  block it names (JupyterLab and nbconvert keep it), so every `#x` link of the chapter still works;
  a paragraph's number `[12](#…){.pnum}` becomes **¶ 12** beside its anchor;
- attributes (`{.class}`, spans `[text]{.class}`) go; the words stay (a note marker is raised
  with `<sup>`);
- a link to a label on another page, a glossary term (`{term}`), a page (`{doc}`, `{ref}`) become
  absolute links into the published book (`html: baseurl` in `_config.yml`), or plain text while
  the book has no public address; a citation (`{cite:t}`) becomes "Author (year)";
- the places of the model answers, teaching notes, discussion plans and sample answers
  (`:::{model-answer}` and the other instructor-only placeholders, `editions.INSTRUCTOR_ONLY`)
  go, and a cell left empty goes with them;
- code keeps its outputs as the book stores them; its one rule for paths: the book's notebooks
  lie in `book/chapters/` or `book/across/` beside `book/data/` and read `../data/…`, a student
  notebook lies beside its `data/` folder, so `../data/` becomes `data/` (any other `../` in code
  is an error).

Anything left that looks like MyST is an error naming the notebook and the cell, so that a new
construct in the book cannot reach a student as raw syntax. The notebooks are generated when the
site is built (`student_folder`, called by `bundles`, the maker of the notebook downloads) and by
`make student-notebooks`; they are never checked in.
"""

import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import nbformat
import pybtex.database
import yaml

from readertools.editions import INSTRUCTOR_ONLY
from readertools.errors import BookErrors, SourceError
from readertools.formats import FORMATS, chapter_file
from readertools.labels import term_id
from readertools.paths import student_name
from readertools.text.myst import literal

BOOK_TITLE = "Reading Revolutions"
PYTHON = "python-3.11"  # runtime.txt: Binder's default Python is older than the pins need
LABEL = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$")
ATTRS = r"\{(?:\s*(?:[.#][\w-]+|[\w-]+=\"[^\"]*\"))+\s*\}"
BLOCK_ATTRS = re.compile(rf"^(?P<prefix>(?:> ?)*){ATTRS}\s*$")
ID = re.compile(r"(?<![\w\"])#(?P<id>[\w-]+)")
BLOCK_START = re.compile(r"^(?:> ?)*(?:#{1,6} |[-*] |\d+\. )?")
HIDDEN = re.compile(r"^:::\{(?:" + "|".join(map(re.escape, INSTRUCTOR_ONLY)) + r")\}[^\n]*\n(?:.*\n)*?:::[ \t]*$",
                    re.MULTILINE)
ROLE = re.compile(r"\{(?P<role>[a-z][\w:-]*)\}`(?P<body>[^`]*)`")
TARGETED = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
LINK = re.compile(r"\[(?P<text>(?:[^\[\]\\]|\\.)*)\]\(#(?P<label>[^()\s]+)\)(?P<attrs>" + ATTRS + ")?")
PNUM = re.compile(r"\[(?P<number>\d+)\]\(#[^()\s]+\)\{\.pnum\}(?P<mark>\[)?")
SPAN_END = re.compile(r"\]" + ATTRS)
# Spans the book sets apart by style, set apart here in words: a question's paragraphs, skill and minutes.
SPAN_FORMS = {".question-paragraphs": "*({})*", ".question-minutes": "*({})*"}
MYST = re.compile(r"^\([^()\n]+\)=$|\{[.#][\w-]|^:::|^```\{|\{(?:term|cite[:\w]*|doc|ref|eq|numref)\}`", re.MULTILINE)
DATA = "../data/"


@dataclass(frozen=True)
class Context:
    """What translating a chapter needs to know of the rest of the book."""
    baseurl: str  # the published book's address, ending in "/", or "" when it has none
    labels: dict[str, str]  # every label of the book -> the page (docname) that defines it
    titles: dict[str, str]  # docname -> its title, as {doc} shows it
    citations: dict[str, str]  # bibliography key -> "Author (year)"
    terms: set[str]  # the glossary's headwords
    glossary: str  # the glossary page's docname


def context(book) -> Context:
    project = book.project
    config = yaml.safe_load(project.config.read_text(encoding="utf-8")) or {}
    base = ((config.get("html") or {}).get("baseurl") or "").strip()
    labels, titles = {}, {}
    pages = [(path, [c.source for c in nb.cells if c.cell_type == "markdown"]) for path, nb in book.notebooks.items()]
    pages += [(path, [path.read_text(encoding="utf-8")]) for path in sorted(project.book.rglob("*.md"))]
    for path, sources in pages:
        doc = project.docname(path)
        for source in sources:
            for line in source.splitlines():
                if LABEL.match(line):
                    labels[LABEL.match(line)["label"]] = doc
                elif line.startswith("# ") and doc not in titles:
                    titles[doc] = unescape(line[2:].strip())
    return Context(base.rstrip("/") + "/" if base else "", labels, titles, citation_texts(project.bibliography),
                   {entry.name for entry in book.glossary}, project.docname(project.glossary_page))


def unescape(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def citation_texts(bibliography: Path) -> dict[str, str]:
    """key -> "Trotsky (1936)", "Marx and Engels (1846)", "Dejean et al. (2024)": as {cite:t} reads."""
    texts = {}
    for key, entry in pybtex.database.parse_file(str(bibliography), bib_format="bibtex").entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(person.last_names).replace("{", "").replace("}", "") for person in people]
        who = (names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2
               else f"{names[0]} et al." if names else entry.fields.get("title", key).replace("{", "").replace("}", ""))
        year = entry.fields.get("year")
        texts[key] = f"{who} ({year})" if year else who
    return texts


def notebook_name(book, path: Path) -> str:
    return student_name(book.numbers, path.stem)


def student_paths(book) -> list[Path]:
    """The book's notebooks that become student notebooks, in reading order."""
    return sorted(book.notebooks, key=lambda path: (book.numbers.get(path.stem, 999), path.stem))


class Translation:
    """One notebook's translation: knows the labels it defines, so that its own links stay inside it."""

    def __init__(self, book, path: Path, ctx: Context):
        self.project, self.path, self.ctx = book.project, path, ctx
        self.doc = book.project.docname(path)
        self.local = {label for label, doc in ctx.labels.items() if doc == self.doc}
        self.problems: list[SourceError] = []

    def url(self, doc: str, anchor: str = "") -> str:
        return f"{self.ctx.baseurl}{doc}.html" + (f"#{anchor}" if anchor else "")

    def link(self, text: str, doc: str, anchor: str = "") -> str:
        return f"[{text}]({self.url(doc, anchor)})" if self.ctx.baseurl else text

    def markdown(self, source: str, place: str) -> str:
        source = HIDDEN.sub("", source)
        lines, pending = [], []
        for line in source.splitlines():
            found = LABEL.match(line)
            if found:
                pending.append(found["label"])
                continue
            found = BLOCK_ATTRS.match(line)
            if found:
                pending += ID.findall(line)
                continue
            if pending and line.strip():
                start = BLOCK_START.match(line).end()
                anchors = "".join(f'<a id="{name}"></a>' for name in dict.fromkeys(pending))
                line, pending = line[:start] + anchors + line[start:], []
            lines.append(self.inline(line, place))
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        left = MYST.search(re.sub(r"`[^`\n]*`", "", text))
        if left:
            self.problems.append(SourceError(self.path, f"MyST syntax a student notebook cannot show: "
                                             f"{left.group()!r} (add its translation to "
                                             "readertools/exports/student_notebooks.py)",
                                             place=place))
        return text

    def inline(self, line: str, place: str) -> str:
        line = PNUM.sub(lambda m: f"**¶ {m['number']}**" + (" [" if m["mark"] else ""), line)
        line = ROLE.sub(lambda m: self.role(m["role"], m["body"], place), line)
        line = LINK.sub(self.internal, line)
        while (found := SPAN_END.search(line)) is not None:  # [words]{.class} -> words
            opening = _opening(line, found.start())
            if opening is None:
                self.problems.append(SourceError(self.path, f"unbalanced span {line[:60]!r}", place=place))
                break
            words = line[opening + 1:found.start()]
            shown = next((form.format(words) for cls, form in SPAN_FORMS.items() if cls in found[0]), words)
            line = line[:opening] + shown + line[found.end():]
        return line

    def internal(self, found) -> str:
        text, label = found["text"], found["label"]
        if label in self.local:  # a note marker stays raised, as in the book
            link = f"[{text}](#{label})"
            return f"<sup>{link}</sup>" if ".note-ref" in (found["attrs"] or "") else link
        if label not in self.ctx.labels:
            self.problems.append(SourceError(self.path, f"links #{label}, which no page of the book defines"))
            return text
        return self.link(text, self.ctx.labels[label], label)

    def role(self, role: str, body: str, place: str) -> str:
        targeted = TARGETED.match(body)
        text, target = (targeted["text"], targeted["target"]) if targeted else (None, body)
        if role == "term":
            from sphinx.util.nodes import _make_id  # here: Sphinx is heavy to import; the id it gives a term

            return self.link(text or target, self.ctx.glossary, _make_id(term_id(target)))
        if role == "doc":
            doc = str(PurePosixPath(self.doc).parent / target)
            doc = _normal(doc)
            if doc not in self.ctx.titles:
                self.problems.append(SourceError(self.path, f"{{doc}} names {target}, not a page", place=place))
            return self.link(text or literal(self.ctx.titles.get(doc, target)), doc)
        if role == "ref":
            doc = self.ctx.labels.get(target)
            if doc is None:
                self.problems.append(SourceError(self.path, f"{{ref}} names {target}, not a label", place=place))
                return text or target
            return self.link(text or target, doc, target) if doc != self.doc else f"[{text or target}](#{target})"
        if role.startswith("cite"):
            keys = [key.strip() for key in target.split(",")]
            missing = [key for key in keys if key not in self.ctx.citations]
            if missing:
                self.problems.append(SourceError(self.path, f"cites {missing}, not in the bibliography", place=place))
            return "; ".join(literal(self.ctx.citations.get(key, key)) for key in keys)
        self.problems.append(SourceError(self.path, f"the role {{{role}}} has no plain translation", place=place))
        return body

    def code(self, source: str, place: str) -> str:
        rest = source.replace(DATA, "")
        if "../" in rest:
            self.problems.append(SourceError(self.path, "code reads a path outside ../data/, which a student "
                                             "notebook's folder does not hold", place=place))
        return source.replace(DATA, "data/")


def _normal(path: str) -> str:
    parts = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _opening(line: str, end: int) -> int | None:
    """The `[` that opens the span whose `]` stands at `end` (nested brackets and escapes allowed)."""
    depth, index = 0, end - 1
    while index >= 0:
        escaped = index > 0 and line[index - 1] == "\\"
        if line[index] == "]" and not escaped:
            depth += 1
        elif line[index] == "[" and not escaped:
            if depth == 0:
                return index
            depth -= 1
        index -= 1
    return None


def student_notebook(book, path: Path, ctx: Context | None = None):
    """The book's notebook at `path` as a student notebook (raises every problem found at once)."""
    ctx = ctx or context(book)
    source, translation = book.notebooks[path], Translation(book, path, ctx)
    number = book.numbers.get(path.stem)
    where = f"chapter {number} of *{BOOK_TITLE}*" if number else f"*{BOOK_TITLE}*"
    online = f" (online at <{translation.url(translation.doc)}>)" if ctx.baseurl else ""
    cells = []
    for index, cell in enumerate(source.cells, start=1):
        place = f"cell {index} ({cell.get('id')!r})"
        if cell.cell_type == "markdown":
            text = translation.markdown(cell.source, place)
            if text:
                cells.append(nbformat.v4.new_markdown_cell(text, id=cell.id))
        elif cell.cell_type == "code":
            cells.append(nbformat.from_dict({"cell_type": "code", "id": cell.id, "metadata": {},
                                             "source": translation.code(cell.source, place),
                                             "outputs": cell.outputs, "execution_count": cell.execution_count}))
    if translation.problems:
        raise BookErrors(translation.problems)
    about = (f"This notebook is {where}{online}, written for Jupyter. Run the cells from the top "
             "(Run ▸ Run All Cells); each code cell reads the reader's data from the `data/` folder "
             "beside this notebook with plain pandas: change it to ask your own questions.")
    cells.insert(1 if cells and cells[0].cell_type == "markdown" else 0,
                 nbformat.v4.new_markdown_cell(about, id="about-this-notebook"))
    metadata = {key: value for key, value in source.metadata.items() if key in ("kernelspec", "language_info")}
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=metadata)
    nbformat.validate(notebook)
    return notebook


def inputs(book, path: Path) -> list[str]:
    """The data files the notebook reads, as the kernel audit recorded them, relative to `book/`
    (`data/texts/baserli.csv`): the same path a student notebook reads them by."""
    recorded = book.notebooks[path].metadata.get("reader", {}).get("inputs", {})
    return sorted(str(PurePosixPath(name).relative_to("book")) for name in recorded)


def requirements(project) -> str:
    """`requirements-notebooks.txt` without its comments (written for the editors), under one line
    saying what the pins are for."""
    pins = [line for line in project.notebook_requirements.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return "\n".join(["# What the notebooks need, pinned to the versions the book's outputs were computed with.",
                      *pins]) + "\n"


def readme(project, names: list[str], repository: bool) -> str:
    """The README of a bundle (`repository` False) or of the student repository."""
    lines = [f"# {BOOK_TITLE}: the notebooks", "",
             ("The notebooks of the course reader *Reading Revolutions: a critical source reader, 1871–1973*, "
             "written for Jupyter (JupyterLab, Notebook 7, VS Code, Colab), with the data they read in `data/`."),
             "", *[f"- `{name}`" for name in names], "",
             "## Running them", "",
             "With Python 3.11 or later:", "", "```sh",
             "python -m venv .venv && . .venv/bin/activate   # on Windows: .venv\\Scripts\\activate",
             "pip install -r requirements.txt",
             "pip install jupyterlab        # unless you already have a Jupyter: JupyterLab, Notebook 7 or VS Code",
             "jupyter lab", "```", "",
             ("Open a notebook and run its cells from the top (Run ▸ Run All Cells). `requirements.txt` holds only "
             "what the notebooks use (pandas, matplotlib and a kernel), pinned to the versions the book's own "
             "outputs were computed with, so your outputs match the book's."), ""]
    if repository:
        lines += ["## Publishing this folder", "",
                  ("This folder is generated by `make student-notebooks` in the editors' repository; publish it "
                  "as its own repository (or an orphan branch), for example:"), "", "```sh",
                  (f"cd {project.relative(project.student_notebooks)} && git init -b main && git add . "
                   "&& git commit -m 'Student notebooks'"),
                  "git remote add origin https://github.com/OWNER/reading-revolutions-notebooks.git",
                  "git push -u origin main",
                  "```", "",
                  ("then set `reader_student_repository: OWNER/reading-revolutions-notebooks` under "
                  f"`sphinx: config:` in the editors' `{project.relative(project.config)}` and rebuild: each "
                  "chapter page then offers "
                  "Binder and Colab launch buttons that open its notebook here. Binder reads `requirements.txt` and "
                  "`runtime.txt` (Python 3.11); Colab opens a notebook from its GitHub path. Regenerate and push "
                  "again whenever the book changes."), "",
                  ("Students must launch this repository, never the editors' own: the editors' repository holds "
                  f"the model answers and teaching notes (`{project.relative(project.apparatus)}/*.yml`) and the "
                  "instructor edition, "
                  "which anyone launching it could read. This folder holds only what the student edition shows."), ""]
    return "\n".join(lines)


def student_folder(book, folder: Path, paths: list[Path] | None = None, repository: bool = False,
                   ctx: Context | None = None) -> list[str]:
    """Write the student notebooks of `paths` (every notebook by default) into `folder`, with the data
    they read, `requirements.txt`, a README and (for the repository) `runtime.txt`; return the
    notebooks' names."""
    ctx, project = ctx or context(book), book.project
    paths = paths or student_paths(book)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "data").mkdir(parents=True)
    problems, names = [], []
    for path in paths:
        try:
            notebook = student_notebook(book, path, ctx)
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
    (folder / "README.md").write_text(readme(book.project, names, repository), encoding="utf-8")
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
    ctx = context(book)  # once for every bundle: it reads the bibliography and every label
    try:
        for path in student_paths(book):
            target = chapter_file(form, book.project.docname(path))
            if target is None:
                continue
            folder = work / path.stem
            student_folder(book, folder, [path], ctx=ctx)
            zip_folder(folder, site / target, f"{prefix}-{Path(notebook_name(book, path)).stem}")
        student_folder(book, work / "all", ctx=ctx)
        zip_folder(work / "all", site / form.whole, f"{prefix}-notebooks")
    finally:
        shutil.rmtree(work, ignore_errors=True)
