"""Student notebooks: each chapter of the book written for plain Jupyter, with the data it reads.

The book's notebooks are written for Sphinx (MyST: labels, attributes, roles, directives), and
JupyterLab, Notebook 7, VS Code and Colab show that syntax as it is. A student notebook is the
same notebook translated into plain CommonMark, cell by cell, from the student edition's model of
the book (`model.student_edition`, which holds no answer; its notebooks the build keeps in step with
`generate.notebooks.chapter_cells`):

- a label `(x)=` or an id `{#x}` becomes an HTML anchor `<a id="x"></a>` at the start of the
  block it names (JupyterLab and nbconvert keep it), so every `#x` link of the chapter still works;
  a paragraph's number `[12](#…){.pnum}` becomes **¶ 12** beside its anchor;
- attributes (`{.class}`, spans `[text]{.class}`) go; the words stay (a note marker is raised
  with `<sup>`);
- a link to a label on another page, a glossary term (`{term}`), a page (`{doc}`, `{ref}`) become
  absolute links into the published book (`editions.public_address`: `BASEURL` or `html: baseurl`), or plain text while
  the book has no public address; a citation (`{cite:t}`) becomes "Author (year)";
- the places of the model answers, teaching notes, discussion plans and sample answers
  (`:::{model-answer}` and the other instructor-only placeholders, `editions.INSTRUCTOR_ONLY`)
  go, and a cell left empty goes with them;
- the words keep a backslash only where CommonMark needs one (`exports.escapes`): the book's
  `January 22\\, 2024\\.` reads `January 22, 2024.`, and renders the same;
- the source files as received (`seeds/`) are not in a student's folder: the text note gives the
  lines "of the file", an editor's note's "(seeds/…)" goes, any other mention is an error;
- code keeps its outputs as the book stores them, numbered as a run from the top, with the text
  columns of its tables aligned left (`student_outputs`: JupyterLab right-aligns them); its one rule
  for paths: the book's notebooks lie in `book/chapters/` or `book/across/` beside `book/data/` and
  read `../data/…`, a student notebook lies beside its `data/` folder, so `../data/` becomes `data/`
  (any other `../` in code is an error);
- a first code cell (`data_cell`) makes sure the data files the notebook reads (its `reader.inputs`,
  as the bundles copy them) are in `data/` beside it: in a bundle or the student repository it finds
  them and does nothing; opened alone (Colab, a notebook downloaded by itself) it fetches them with
  urllib from the student repository (`reader_student_repository`, as raw files from
  raw.githubusercontent.com) or from `READER_DATA_URL` when set (an address with `data/` under it,
  which the tests serve on loopback), and says in one line what it fetched; offline, on any failure,
  or with nowhere to fetch from, it stops with one sentence saying which download to take instead;
- the notebook is written as JupyterLab would save it, so that opening it does not mark it as
  modified: nbformat 4.5 with cell ids, and the kernel named as JupyterLab names a starting
  ipykernel (`kernelspec`, which says what is left: the Python version).

Anything left that looks like MyST is an error naming the notebook and the cell, so that a new
construct in the book cannot reach a student as raw syntax. The notebooks are generated when the
site is built and by `make student-notebooks`, into the folders `student_bundles` writes; they are
never checked in.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import nbformat
import pybtex.database
import yaml

from readertools.editions import (
    CLOSED_NOTE,
    INSTRUCTOR_ONLY,
    instructor_pages,
    public_address,
    split_repository,
    student_repository,
)
from readertools.errors import BookErrors, SourceError
from readertools.exports.escapes import needed_escapes
from readertools.formats import FORMATS, chapter_file
from readertools.labels import term_id
from readertools.paths import student_name
from readertools.text.myst import literal

BOOK_TITLE = "Reading Revolutions"
# The oldest pandas and matplotlib the notebooks are said to run on (the students' README says so):
# Colab opens a notebook on its own versions, without requirements.txt. Colab's published package list
# (github.com/googlecolab/backend-info, pip-freeze.txt) gave pandas 2.2.2, matplotlib 3.10.0 and numpy
# 2.0.2 from April 2025 to March 2026, and pandas 2.2.3, numpy 2.1.3 in August 2026.
# tests/test_student_notebooks.py runs every notebook on exactly these oldest ones.
OLDEST = {"pandas": "2.2.2", "matplotlib": "3.10.0"}
LABEL = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$")
ATTRS = r"\{(?:\s*(?:[.#][\w-]+|[\w-]+=\"[^\"]*\"))+\s*\}"
BLOCK_ATTRS = re.compile(rf"^(?P<prefix>(?:> ?)*){ATTRS}\s*$")
ID = re.compile(r"(?<![\w\"])#(?P<id>[\w-]+)")
BLOCK_START = re.compile(r"^(?:> ?)*(?:#{1,6} |[-*] |\d+\. )?")
HIDDEN = re.compile(r"^:::\{(?:" + "|".join(map(re.escape, INSTRUCTOR_ONLY)) + r")\}[^\n]*\n(?:.*\n)*?:::[ \t]*$",
                    re.MULTILINE)
# An editor's note that settles a question: closed until opened, as in the student edition.
CLOSED = re.compile(rf"^:::\{{{re.escape(CLOSED_NOTE)}\}} (?P<label>[^\n]*)\n(?P<body>(?:.*\n)*?):::[ \t]*$",
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
DATA_CELL = "data-files"  # the id of the first code cell, which makes sure the data files are there


@dataclass(frozen=True)
class Context:
    """What translating a chapter needs to know of the rest of the book."""
    baseurl: str  # the published book's address, ending in "/", or "" when it has none
    labels: dict[str, str]  # every label of the book -> the page (docname) that defines it
    titles: dict[str, str]  # docname -> its title, as {doc} shows it
    citations: dict[str, str]  # bibliography key -> "Author (year)"
    terms: set[str]  # the glossary's headwords
    glossary: str  # the glossary page's docname
    repository: str = ""  # `reader_student_repository`: "owner/name" or "owner/name@branch", or ""
    title: str = ""  # the book's `title`, `author` and `copyright` (the year), for the README
    author: str = ""
    year: str = ""


def context(book) -> Context:
    project = book.project
    config = yaml.safe_load(project.config.read_text(encoding="utf-8")) or {}
    labels, titles = {}, {}
    pages = [(path, [c.source for c in nb.cells if c.cell_type == "markdown"]) for path, nb in book.notebooks.items()]
    pages += [(path, [path.read_text(encoding="utf-8")]) for path in sorted(project.book.rglob("*.md"))
              if path not in instructor_pages(project)]  # the student edition has no such page
    for path, sources in pages:
        doc = project.docname(path)
        for source in sources:
            for line in source.splitlines():
                if LABEL.match(line):
                    labels[LABEL.match(line)["label"]] = doc
                elif line.startswith("# ") and doc not in titles:
                    titles[doc] = unescape(line[2:].strip())
    found = student_repository(project.config)  # checked as the publishing workflow's target is
    repository = f"{found[0]}@{found[1]}" if found else ""
    return Context(public_address(project.config), labels, titles, citation_texts(project.bibliography),
                   {entry.name for entry in book.glossary}, project.docname(project.glossary_page),
                   repository, str(config.get("title") or ""), str(config.get("author") or ""),
                   str(config.get("copyright") or ""))


def raw_address(setting: str) -> str:
    """The student repository's root as raw files (`data/…` under it), or "" without one."""
    if not setting:
        return ""
    name, branch = split_repository(setting)
    return f"https://raw.githubusercontent.com/{name}/{branch}/"


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
        source = CLOSED.sub(lambda m: f"<details><summary>{m['label']}</summary>\n\n{m['body']}\n</details>",
                            HIDDEN.sub("", source))
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

    def received(self, text: str, place: str) -> str:
        """The editors' files of the sources as received are not in a student's folder: the text note's
        "(`seeds/x.txt`, lines 4–29)" says "(lines 4–29 of the file)", a note's "(seeds/x…)"
        goes, and any other mention of that folder is an error."""
        seeds = re.escape(self.project.seeds.name)
        text = re.sub(rf"\(`{seeds}/[^`]*`, (?P<lines>lines? [^()]*)\)", r"(\g<lines> of the file)", text)
        text = re.sub(rf" ?\\?\({seeds}\\?/[^()]*?\\?\)", "", text)
        if re.search(rf"\b{seeds}\\?/", text):
            self.problems.append(SourceError(self.path, f"names a file of {self.project.seeds.name}/, which a "
                                             "student's folder does not hold", place=place))
        return text


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
    files = inputs(book, path)
    cells = []
    for index, cell in enumerate(source.cells, start=1):
        place = f"cell {index} ({cell.get('id')!r})"
        if cell.cell_type == "markdown":
            text = translation.received(translation.markdown(cell.source, place), place)
            if text:
                cells.append(nbformat.v4.new_markdown_cell(needed_escapes(text), id=cell.id))
        elif cell.cell_type == "code":
            code = translation.received(translation.code(cell.source, place), place)
            translation.received(json.dumps(cell.outputs, ensure_ascii=False), f"{place}, outputs")
            count = cell.execution_count + 1 if files and cell.execution_count else cell.execution_count
            cells.append(nbformat.from_dict({"cell_type": "code", "id": cell.id, "metadata": {}, "source": code,
                                             "outputs": student_outputs(cell.outputs, count),
                                             "execution_count": count}))
    if translation.problems:
        raise BookErrors(translation.problems)
    first = 1 if cells and cells[0].cell_type == "markdown" else 0
    if files:
        cells.insert(first, nbformat.from_dict({"cell_type": "code", "id": DATA_CELL, "metadata": {},
                                                "source": data_cell(files, raw_address(ctx.repository),
                                                                    bundle_help(book, path, ctx)),
                                                "outputs": [], "execution_count": 1}))
    data = ("the first code cell makes sure the data files it reads are in the `data/` folder beside "
            "this notebook (opened on its own, as in Colab, it fetches them); each later code cell reads them"
            if files else "each code cell reads the reader's data")
    about = (f"This notebook is {where}{online}, written for Jupyter. Run the cells from the top "
             f"(Run ▸ Run All Cells): {data} with plain pandas: change it to ask your own questions.")
    cells.insert(first, nbformat.v4.new_markdown_cell(about, id="about-this-notebook"))
    metadata = {"kernelspec": kernelspec(), "language_info": source.metadata.get("language_info", {})}
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=metadata)
    nbformat.validate(notebook)
    return notebook


def kernelspec() -> dict:
    """The notebook's kernel as JupyterLab writes it when the kernel starts (its name, and the
    display name and language of ipykernel's own spec): a notebook that says anything else, such as
    the book's "Python 3", is marked as modified as soon as it is opened. JupyterLab writes the
    kernel's `language_info` too, whose `version` is the student's Python: on any other version than
    the book's, that one change still marks the notebook modified once its kernel starts, and no file
    can match every student's Python (leaving `language_info` out is worse: JupyterLab adds an empty
    one on opening, which marks it modified at once)."""
    from ipykernel.kernelspec import KERNEL_NAME, get_kernel_dict  # here: ipykernel takes 0.2 s to import

    spec = get_kernel_dict()
    return {"display_name": spec["display_name"], "language": spec["language"], "name": KERNEL_NAME}


def bundle_help(book, path: Path, ctx: Context) -> str:
    """What to do when a notebook opened on its own cannot fetch its data: download its bundle."""
    form = next(form for form in FORMATS if form.maker.endswith(":bundles"))
    target = chapter_file(form, book.project.docname(path)) or form.whole
    where = f"from {ctx.baseurl}{target}" if ctx.baseurl else "from this chapter's page in the book"
    return f"download the notebook with its data (.zip) {where}, unzip it and open the notebook in that folder"


def data_cell(files: list[str], source: str, help_: str) -> str:
    """The first code cell of a student notebook: the data files it reads are beside it (a bundle, the
    student repository) and it does nothing, or it fetches them (Colab, a notebook downloaded alone)
    from `READER_DATA_URL` or the student repository, or stops with one sentence saying what to do."""
    listed = "".join(f"    {json.dumps(name)},\n" for name in files)
    lines = [
        "# This notebook reads the files below from the `data/` folder beside it. Opened on its own (in Colab,",
        ("# or downloaded alone), it first fetches them from the reader's student repository." if source else
         "# or downloaded alone), it says where to download them."),
        "import os",
        "import urllib.request",
        "from pathlib import Path",
        "",
        f"FILES = [\n{listed}]",
        f"SOURCE = os.environ.get(\"READER_DATA_URL\", {json.dumps(source)})",
        f"HELP = {json.dumps(help_, ensure_ascii=False)}",
        "",
        "",
        "class DataMissing(Exception):",
        "    def _render_traceback_(self):  # Jupyter shows the one sentence, without a traceback",
        "        return [str(self)]",
        "",
        "",
        "missing = [name for name in FILES if not Path(name).is_file()]",
        *(["if missing and not SOURCE:",
           "    raise DataMissing(f\"The data files this notebook reads are not beside it: {HELP}.\")"]
          if not source else []),
        "for name in missing:",
        "    url = SOURCE.rstrip(\"/\") + \"/\" + name",
        "    try:",
        "        with urllib.request.urlopen(url, timeout=30) as response:",
        "            data = response.read()",
        "    except Exception:",
        "        raise DataMissing(f\"Could not fetch {url}: {HELP}.\")",
        "    Path(name).parent.mkdir(parents=True, exist_ok=True)",
        "    Path(name).write_bytes(data)",
        "if missing:",
        "    print(f\"Fetched {', '.join(missing)} from {SOURCE}\")",
    ]
    return "\n".join(lines)


NUMBER = re.compile(r"[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")
STYLER_CELL = re.compile(r'<(?P<tag>td|th) id="T_\w+?_(?:row\d+|level0)_col(?P<column>\d+)" class="(?P<cls>[^"]*)" >'
                         r"(?P<text>.*?)</(?P=tag)>", re.DOTALL)
LEFT = ' style="text-align: left"'


def student_outputs(outputs, count):
    """The book's outputs, numbered as a run from the top numbers them (after the data cell), with the
    text columns of pandas' Styler tables aligned left. JupyterLab right-aligns every cell of an
    output's table, and shows a notebook's stored outputs untrusted, which drops a Styler's `<style>`
    element but keeps an inline `style` attribute: so the attribute, on each cell of a column that
    holds any text that is not a number. The code stays the book's: a table printed again by a
    student's run is pandas' own, right-aligned in JupyterLab like any other."""
    result = []
    for output in outputs:
        output = nbformat.from_dict(json.loads(json.dumps(output)))
        if output.output_type == "execute_result":
            output.execution_count = count
        html = output.get("data", {}).get("text/html")
        if isinstance(html, str) and '<table id="T_' in html:
            cells = list(STYLER_CELL.finditer(html))
            text = {found["column"] for found in cells if "data" in found["cls"].split()
                    and found["text"].strip() and not NUMBER.fullmatch(found["text"].strip())}
            output.data["text/html"] = STYLER_CELL.sub(
                lambda found, text=text: found[0].replace('" >', f'"{LEFT} >', 1) if found["column"] in text
                else found[0], html)
        result.append(output)
    return result


def inputs(book, path: Path) -> list[str]:
    """The data files the notebook reads, as the kernel audit recorded them, relative to `book/`
    (`data/texts/baserli.csv`): the same path a student notebook reads them by."""
    recorded = book.notebooks[path].metadata.get("reader", {}).get("inputs", {})
    return sorted(str(PurePosixPath(name).relative_to("book")) for name in recorded)
