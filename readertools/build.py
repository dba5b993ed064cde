"""The steps behind `make notebooks`, `make book` and `make instructor`: generate, check, build,
publish.

Generated files (the notebooks' generated cells, the text CSVs, the glossary, people and datasets
pages) are written only by `write_generated`; the build refuses to run while any of them is out of
step with its sources, or while a dataset row cannot be traced to its words, so nothing stale or
untraceable is published. Each edition is built into a staging folder and copied into place only
when the whole strict build succeeded.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import yaml

from .apparatus import APPARATUS, Study, load_apparatus, paragraph_counts
from .backmatter import chapter_index, glossary_page, load_citations, load_glossary, load_people, people_page
from .catalogue import ROOT, TOC, chapter_numbers, load_catalogue
from .chronology import chronology_cell
from .datasets_page import PAGE as DATASETS_PAGE
from .datasets_page import datasets_page
from .editor_notes import check_all as check_editor_notes
from .errors import SourceError
from .notebooks import (
    GENERATED,
    execute,
    markdown_cell,
    needs_execution,
    notebook_path,
    question_cells,
    sync_generated,
    synced,
)
from .provenance import check_datasets
from .segment import load_chapters
from .standpoints import standpoints_section
from .texts import text_csv, text_path
from .timeline import events_cell

BUILD = ROOT / "_build"
STAGING = BUILD / "staging"
PUBLISHED = BUILD / "html"
INSTRUCTOR = BUILD / "instructor" / "html"
NOTEBOOKS = ROOT / "book"
BACK = ROOT / "book" / "back"
ACROSS = ROOT / "book" / "across"
CONFIG = ROOT / "_config.yml"


def expected_files(catalogue=None) -> dict[Path, str]:
    """Every generated file with the content it should have now."""
    files = {}
    chapters = load_chapters(catalogue or load_catalogue())
    paragraphs, numbers = paragraph_counts(chapters), chapter_numbers()
    check_editor_notes(chapters)  # book/editor_notes.yml and book/quotations.yml against the texts
    terms, people, citations = load_glossary(), load_people(), load_citations()
    for chapter in chapters:
        cid = chapter.source.id
        if cid not in numbers:
            raise SourceError(TOC, f"chapter {cid!r} is not in a numbered part of the table of contents")
        apparatus = load_apparatus(cid, paragraphs)
        study = Study(apparatus, numbers, paragraphs,
                      tuple(chapter_index(chapter, terms, people, apparatus.key_terms)),
                      tuple(citations.get(cid, ())))
        files[text_path(chapter)] = text_csv(chapter)
        path = notebook_path(chapter)
        existing = nbformat.read(path, as_version=4) if path.exists() else None
        files[path] = nbformat.writes(synced(chapter, existing, study)) + "\n"
    files[DATASETS_PAGE] = datasets_page() + standpoints_section()
    timeline = ACROSS / "timeline.ipynb"
    files[timeline] = sync_generated(timeline, {"events": markdown_cell("events", events_cell(numbers)),
                                                "reference-chronology": markdown_cell(
                                                    "reference-chronology", chronology_cell())},
                                     order=("events", "reference-chronology"))
    for path in sorted(APPARATUS.glob("*.yml")):  # the chapters across the sources that have questions
        if path.stem not in paragraphs:
            study = Study(load_apparatus(path.stem, paragraphs), numbers, paragraphs)
            files[ACROSS / f"{path.stem}.ipynb"] = sync_generated(ACROSS / f"{path.stem}.ipynb",
                                                                  question_cells(study), order=GENERATED)
    files[BACK / "glossary.md"] = glossary_page(terms, chapters, numbers)
    files[BACK / "people.md"] = people_page(people, chapters, numbers)
    return files


def out_of_step(catalogue=None) -> list[str]:
    """What `make notebooks` would change: files to rewrite and notebooks to execute."""
    problems = [f"{path.relative_to(ROOT)} is out of step with its sources"
                for path, content in expected_files(catalogue).items()
                if not path.exists() or path.read_text(encoding="utf-8") != content]
    problems += [f"{path.relative_to(ROOT)} has code cells without stored outputs"
                 for path in NOTEBOOKS.rglob("*.ipynb")
                 if needs_execution(nbformat.read(path, as_version=4))]
    return problems


def write_generated(catalogue=None) -> list[Path]:
    """Rewrite what is out of step, then execute every notebook whose outputs are missing."""
    written = []
    for path, content in expected_files(catalogue).items():
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            written.append(path)
    for path in sorted(NOTEBOOKS.rglob("*.ipynb")):
        if needs_execution(nbformat.read(path, as_version=4)):
            execute(path)
            written += [] if path in written else [path]
    return written


def instructor_config() -> dict:
    """The instructor edition's configuration: `_config.yml` with the edition switched.

    `jupyter-book build --config` replaces the whole configuration, so the instructor edition gets
    a complete copy, derived here rather than kept by hand beside the student one.
    """
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    config["title"] += " (instructor edition)"
    config["sphinx"]["config"]["reader_edition"] = "instructor"
    config["sphinx"]["local_extensions"] = {name: str((ROOT / path).resolve())
                                            for name, path in config["sphinx"]["local_extensions"].items()}
    return config


def build_book(catalogue=None, edition: str = "student") -> Path:
    check_datasets()
    problems = out_of_step(catalogue)
    if problems:
        raise SourceError("book/chapters", "; ".join(problems) + " (run `make notebooks`)")
    staging = STAGING / edition
    # Every build starts from an empty output folder and a fresh Sphinx environment: an incremental
    # build keeps pages and search terms of documents that no longer exist, and ignores an edited
    # _toc.yml. The notebooks' outputs still come from the execution cache, so this stays fast.
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "--all",
               "--path-output", str(staging), "-W", "-n", "--keep-going"]
    published = PUBLISHED
    if edition == "instructor":
        published, config = INSTRUCTOR, staging / "_config.yml"
        config.write_text(yaml.safe_dump(instructor_config(), allow_unicode=True), encoding="utf-8")
        command += ["--config", str(config)]
    if subprocess.run(command, check=False, cwd=ROOT).returncode != 0:
        raise SourceError(CONFIG, "the strict build failed (see the warnings above); "
                          f"nothing was published to {published.relative_to(ROOT)}")
    _publish(staging / "_build" / "html", published)
    return published


def _publish(built: Path, target: Path) -> None:
    """Swap the new site in whole, so a reader never sees half of one build and half of another."""
    incoming = target.with_name(target.name + ".incoming")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(built, incoming)
    shutil.rmtree(target, ignore_errors=True)
    incoming.rename(target)
