"""The steps behind `make notebooks`, `make book` and `make instructor`: generate, check, build,
verify, publish.

Generated files (the notebooks' generated cells, the text CSVs, the glossary, people, datasets and
execution pages) are written only by `write_generated`, from the one checked model of the book.
The build refuses to run while any of them is out of step, or while a notebook's stored outputs
are older than its code or the files it reads; it renders those stored outputs (nbval checks in
the tests that a fresh run gives the same). Each edition is built into its own staging folder,
under a lock, and published only when the whole strict build succeeded and, for the student
edition, when no instructor-only phrase is found anywhere in it.
"""

import fcntl
import hashlib
import json
import re
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import nbformat
import yaml

from .backmatter import glossary_page, people_page
from .chronology import chronology_cell
from .datasets_page import datasets_page
from .downloads import make_downloads, on_demand
from .editions import check_student_site, edition_config, edition_toc
from .errors import BookErrors, SourceError, collect
from .instructor import guide_page
from .model import Book
from .notebooks import chapter_cells, execute, markdown_cell, merged, question_cells, stale
from .standpoints import standpoints_section
from .texts import text_csv
from .timeline import events_cell

WARNING = re.compile(r"^(?P<file>/?[^\s:][^:]*?):(?P<line>\d+)?:? ?(?P<kind>WARNING|ERROR|CRITICAL): (?P<msg>.*)$")


def expected_files(book: Book) -> dict[Path, str]:
    """Every generated file with the content it should have now (every problem raised at once)."""
    project, files, problems = book.project, {}, []
    for chapter in book.chapters:
        cid = chapter.source.id
        files[project.text_csv(cid)] = text_csv(chapter)
        path = project.chapter_notebook(cid)
        notebook = collect(problems, merged, path, book.notebooks[path], chapter_cells(book, cid))
        if notebook is not None:
            files[path] = nbformat.writes(notebook) + "\n"
    headers = {path.name: [c for c in rows[0] if not c.startswith("_")] for path, rows in book.datasets.items()}
    files[project.back / "datasets.md"] = datasets_page(
        book.dictionary, headers, [f"texts/{cid}.csv" for cid in book.chapter_ids], book.chapter_ids,
        project.dictionary) + standpoints_section(book.standpoints)
    wanted = {project.across / "timeline.ipynb": {
        "events": markdown_cell("events", events_cell(book.timeline, book.numbers, book.voices)),
        "reference-chronology": markdown_cell("reference-chronology", chronology_cell(book.chronology))}}
    for cid in book.across_with_questions:
        wanted.setdefault(project.across / f"{cid}.ipynb", {}).update(question_cells(book.study(cid)))
    for path, cells in wanted.items():
        if path not in book.notebooks:
            problems.append(SourceError(path, "notebook not found (it has generated cells, so it must exist)"))
            continue
        notebook = collect(problems, merged, path, book.notebooks[path], cells)
        if notebook is not None:
            files[path] = nbformat.writes(notebook) + "\n"
    if problems:
        raise BookErrors(problems)
    files[project.back / "glossary.md"] = glossary_page(list(book.glossary), book.found, book.numbers)
    files[project.back / "people.md"] = people_page(list(book.people), book.found, book.authored(),
                                                    book.numbers)
    files.update(recorded_pages(book, files))
    return files


def recorded_pages(book: Book, files: dict[Path, str]) -> dict[Path, str]:
    """The pages made from what the notebooks recorded when they last ran (the files each reads):
    `write_generated` makes them again after it has executed notebooks."""
    return {book.project.back / "execution.md": execution_page(book, files),
            book.project.instructor_guide: guide_page(book)}


def execution_page(book: Book, files: dict[Path, str]) -> str:
    """What each notebook's stored outputs were computed from: deterministic, unlike a run log."""
    project = book.project
    lines = ["# Execution status", "", (
        "Every chapter is a notebook that runs from top to bottom. `make notebooks` executes a "
        "notebook whenever its code or a file it reads has changed, and records what it read; the "
        "book shows those stored outputs only while every one of these files is unchanged, and the "
        "test suite runs every notebook afresh (nbval) and compares its outputs with the stored ones."),
        "", "| notebook | code cells | files it reads |", "| --- | ---: | --- |"]
    for path in sorted(book.notebooks):
        notebook = nbformat.reads(files[path], as_version=4) if path in files else book.notebooks[path]
        code = sum(cell.cell_type == "code" for cell in notebook.cells)
        if not code:
            continue
        inputs = notebook.metadata.get("reader", {}).get("inputs", {})
        shown = ", ".join(f"`{Path(name).relative_to('book/data')}`" if name.startswith("book/data/")
                          else f"`{name}`" for name in inputs) or "none recorded yet"
        name = path.relative_to(project.book).with_suffix("")
        lines.append(f"| {{doc}}`../{name}` | {code} | {shown} |")
    return "\n".join(lines) + "\n"


def out_of_step(book: Book, files: dict[Path, str] | None = None) -> list[SourceError]:
    """What `make notebooks` would change: files to rewrite and notebooks to execute."""
    files = expected_files(book) if files is None else files
    problems = [SourceError(path, "out of step with its sources (run `make notebooks`)")
                for path, content in files.items()
                if not path.exists() or path.read_text(encoding="utf-8") != content]
    for path, notebook in book.notebooks.items():
        current = nbformat.reads(files[path], as_version=4) if path in files else notebook
        reason = stale(path, current, book.project.root)
        if reason:
            problems.append(SourceError(path, f"stored outputs are stale: {reason} (run `make notebooks`)"))
    return problems


def write_generated(book: Book) -> list[Path]:
    """Rewrite what is out of step, execute every notebook whose outputs are stale, and update the
    pages made from what they read, so that one run leaves nothing out of step."""
    project, written = book.project, []
    with build_lock(project):
        files = expected_files(book)
        for path, content in files.items():
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
                written.append(path)
        for path in sorted(book.notebooks):
            if stale(path, nbformat.read(path, as_version=4), project.root):
                print(f"executing {project.relative(path)}", flush=True)
                execute(path, project.root)
                book.notebooks[path] = nbformat.read(path, as_version=4)  # with what this run read
                written += [] if path in written else [path]
        executed = {path: path.read_text(encoding="utf-8") for path in book.notebooks}
        for page, content in recorded_pages(book, executed).items():
            if page.read_text(encoding="utf-8") != content if page.exists() else True:
                page.write_text(content, encoding="utf-8")
                written += [] if page in written else [page]
    return written


@contextmanager
def build_lock(project):
    """One build or generation at a time in a project: a second waits instead of corrupting the first."""
    project.build.mkdir(parents=True, exist_ok=True)
    with project.lock.open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build of this project to finish ({project.relative(project.lock)})",
                  file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def build_book(book: Book, editions: tuple[str, ...] = ("student",), formats=()) -> list[Path]:
    """Build the editions (side by side, one Sphinx process each), check them, publish them; an
    edition whose inputs have not changed since it was last published is left as it is.

    `formats`: on-demand downloads to make (`downloads.Format.on_demand`, e.g. "pdf"); an edition
    also keeps making those it was last published with (`Project.made_formats`)."""
    project = book.project
    problems = out_of_step(book)
    if problems:
        raise BookErrors(problems)
    with build_lock(project):
        inputs = _manifest(project)
        made = {edition: _made(project, edition, formats) for edition in editions}
        stamps = {edition: _stamp(inputs, made[edition]) for edition in editions}
        plans = [_plan(project, edition, stamps[edition], inputs, made[edition]) for edition in editions]
        for edition, plan in zip(editions, plans, strict=True):
            if plan is None:
                print(f"Nothing changed since the {edition} edition was last built.")
        running = [(edition, plan) for edition, plan in zip(editions, plans, strict=True) if plan]
        results = _run_all([plan[1] for _, plan in running], project.root,
                           [f"[{edition}] " if len(running) > 1 else "" for edition, _ in running])
        problems = []
        for (edition, (staging, _, shape)), warnings in zip(running, results, strict=True):
            if warnings is not None:
                shutil.rmtree(staging, ignore_errors=True)  # the next build starts afresh
                problems += warnings or [SourceError(project.config, f"the {edition} build failed (see above)")]
            else:
                (staging / "shape.digest").write_text(shape)
        if problems:
            raise BookErrors(problems)
        made_in = {}  # a download several editions offer is made once, in the first of them
        for edition, (staging, _, _) in running:
            built = staging / "_build" / "html"
            make_downloads(book, edition, built, made[edition], made_in)
            if edition == "student":
                check_student_site(built, book, memory=staging / "leak-check.json")
            _publish(built, project.published(edition))
            (staging / "inputs.digest").write_text(stamps[edition])
            (staging / "inputs.json").write_text(json.dumps({"files": inputs, "formats": made[edition]}, indent=0))
            project.made_formats(edition).write_text("".join(f"{key}\n" for key in made[edition]))
    return [project.published(edition) for edition in editions]


def up_to_date(project, editions: tuple[str, ...], formats=()) -> bool:
    """Whether every edition is published from exactly the files the build would read now, with
    the downloads it would make: then there is nothing to load, check or build (a no-change rebuild
    costs one pass over the inputs)."""
    inputs = _manifest(project)
    return all(_published_from(project, edition, _stamp(inputs, _made(project, edition, formats)))
               for edition in editions)


def _stamp(inputs: dict[str, str], made) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest() + "|" + ",".join(made)


def _published_from(project, edition: str, stamp_text: str) -> bool:
    stamp = project.staging / edition / "inputs.digest"
    return (project.published(edition) / "index.html").is_file() and stamp.is_file() and stamp.read_text() == stamp_text


def _made(project, edition: str, formats) -> list[str]:
    """The on-demand formats of this build of the edition: those asked for and those it has."""
    memory = project.made_formats(edition)
    kept = set(memory.read_text().split()) if memory.is_file() else set()
    return sorted((set(formats) | kept) & on_demand(edition))


def _plan(project, edition: str, stamp_text: str, inputs: dict[str, str], made=()):
    """(staging folder, Sphinx command, shape digest) for an edition to build, or None if its
    published site was built from these very inputs.

    A fresh Sphinx environment whenever what it cannot follow changed (the table of contents, the
    configuration, the tools, the set of documents) or the last build failed; otherwise only changed
    documents are read again. Every page is written again whenever anything but a document changed
    since the edition was last published (`FOLLOWED`); otherwise only the pages the changed
    documents can change (`sphinx_incremental`). Either way every reference a change can break is
    checked again. The notebooks are not executed: their stored, current outputs are rendered."""
    staging = project.staging / edition
    stamp = staging / "inputs.digest"
    if _published_from(project, edition, stamp_text):
        return None
    shape = _digest(_shape(project, edition))
    fresh = not (staging / "shape.digest").is_file() or (staging / "shape.digest").read_text() != shape
    if fresh:
        shutil.rmtree(staging, ignore_errors=True)
    last = staging / "inputs.json"
    last = json.loads(last.read_text()) if last.is_file() else None
    changed = {name for name, _ in set(inputs.items()) ^ set(last["files"].items())} if last else None
    write_all = fresh or last is None or last["formats"] != list(made) or not all(
        FOLLOWED.match(name) for name in changed)
    staging.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    config = staging / "_config.yml"
    settings = edition_config(project.config, edition)
    settings["sphinx"]["config"]["reader_formats"] = list(made)
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    toc = staging / "_toc.yml"
    toc.write_text(yaml.safe_dump(edition_toc(project.toc, edition), allow_unicode=True, sort_keys=False),
                   encoding="utf-8")
    command = [sys.executable, "-m", "readertools.sphinx_run", str(project.root), str(staging), str(config),
               "--toc", str(toc)]
    return staging, command + (["--fresh"] if fresh else []) + (["--write-all"] if write_all else []), shape


# What may change while only the pages of the changed documents are written: the documents, and the
# files that only documents carry into the pages: the apparatus (`sphinx_editions` notes it as a
# dependency of the pages it fills, which Sphinx reads again), the data and the seeds (they reach
# the pages through the notebooks and the generated pages, and the data files Sphinx copies for
# `{download}` are copied on every build).
FOLLOWED = re.compile(r"^(book/(?!_static/|_templates/).*\.(md|ipynb)|book/apparatus/[^/]+\.yml"
                      r"|book/data/.*|seeds/.*)$")


def _manifest(project) -> dict[str, str]:
    """Every file a build reads (as `_inputs` lists them), with the digest of its content."""
    return {project.relative(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in _inputs(project)}


def _inputs(project) -> list[Path]:
    """Every file a build reads: the content, the configuration and the tools."""
    files = [project.config, project.toc, *project.seeds.glob("*"), *project.root.glob("requirements*.txt")]
    files += [path for path in project.book.rglob("*") if path.is_file() and ".ipynb_checkpoints" not in path.parts]
    return files + _tools()


def _shape(project, edition: str) -> list:
    """What a Sphinx environment cannot follow by itself: the table of contents, the configuration,
    the tools and the set of documents."""
    documents = sorted(str(path.relative_to(project.root)) for pattern in ("*.md", "*.ipynb")
                       for path in project.book.rglob(pattern))
    return [project.config, project.toc, *_tools(), edition, *documents]


def _tools() -> list[Path]:
    package = Path(__file__).parent
    return sorted([*package.glob("*.py"), *package.glob("schemas/*.yml")])


def _digest(items) -> str:
    digest = hashlib.sha256()
    for item in items:
        digest.update(str(item).encode() + b"\0")
        if isinstance(item, Path):
            digest.update(item.read_bytes())
    return digest.hexdigest()


def _run_all(commands: list[list[str]], root: Path, prefixes: list[str]) -> list[list[SourceError] | None]:
    """Run the Sphinx builds side by side, showing their progress (each line marked with its edition
    when there are several); for each, None if it succeeded, else its warnings, located."""
    processes = [subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  bufsize=1) for command in commands]
    results = [[] for _ in processes]
    threads = [threading.Thread(target=_follow, args=(process, prefix, found))
               for process, prefix, found in zip(processes, prefixes, results, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [None if process.wait() == 0 else found for process, found in zip(processes, results, strict=True)]


def _follow(process, prefix: str, warnings: list) -> None:
    for line in process.stdout:
        plain = re.sub(r"\x1b\[[0-9;]*m", "", line.rstrip("\n"))
        # Sphinx's last line names the staging folder, which is not where the book is published:
        # the command's own last line says where it is.
        if not plain.startswith("The HTML pages are in"):
            print(prefix + line, end="", flush=True)
        found = WARNING.match(plain)
        if found:
            place = f"line {found['line']}" if found["line"] else None
            warnings.append(SourceError(found["file"], found["msg"], place=place))


def _publish(built: Path, target: Path) -> None:
    """Swap the new site in whole, so a reader never sees half of one build and half of another."""
    incoming = target.with_name(target.name + ".incoming")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(built, incoming)
    shutil.rmtree(target, ignore_errors=True)
    incoming.rename(target)
