"""Where everything is: the one place that names the project's files and folders.

Every path is relative to a project root, so that the same code builds this checkout, a temporary
copy of it (the tests' end-to-end checks) or a synthetic book (the benchmark). The root is the
folder that holds `book/sources.yml`: `READER_ROOT` if set, else the nearest such folder above the
working directory, else the checkout this package was installed from.
"""

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from readertools.errors import no_link

PACKAGE = Path(__file__).resolve().parent
SCHEMAS = PACKAGE / "schemas"
BOOK = "book"  # the content folder: Sphinx names its documents "book/chapters/baserli" and so on
CHAPTER_FOLDERS = ("chapters", "across")  # the folders of the chapter pages (each offers its own files)
# What a copy of the project needs to be built (the tests' and the benchmark's copies): the content
# and the configuration, not the build, the venv or the tools.
CONTENT = ("book", "seeds", "_config.yml", "_toc.yml", "requirements-notebooks.txt")


def find_root(start: Path | None = None) -> Path:
    if os.environ.get("READER_ROOT"):
        return Path(os.environ["READER_ROOT"]).resolve()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if Project(folder).catalogue.is_file():
            return folder
    return PACKAGE.parent


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def here(cls) -> "Project":
        return cls(find_root())

    def relative(self, path) -> str:
        """A path as messages show it: relative to the root where it lies inside the project. A
        symbolic link is named as itself, not as the file it points at (`errors.no_link`)."""
        path = Path(path)
        try:
            return str(no_link(path).relative_to(self.root))
        except ValueError:
            return str(path)

    def docname(self, path: Path) -> str:
        """A page's name as Sphinx gives it: its path from the root, without suffix (`book/intro`)."""
        return Path(path).relative_to(self.root).with_suffix("").as_posix()

    def page(self, path: Path) -> str:
        """Where a document's page lies in the built site (`book/back/downloads.html`)."""
        return f"{self.docname(path)}.html"

    # Inputs
    @cached_property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @cached_property
    def config(self) -> Path:
        return self.root / "_config.yml"

    @cached_property
    def toc(self) -> Path:
        return self.root / "_toc.yml"

    @cached_property
    def book(self) -> Path:
        return self.root / BOOK

    @cached_property
    def static(self) -> Path:
        """The site's own stylesheets, script and icons (`html_static_path`)."""
        return self.book / "_static"

    @cached_property
    def templates(self) -> Path:
        return self.book / "_templates"

    @cached_property
    def catalogue(self) -> Path:
        return self.book / "sources.yml"

    @cached_property
    def apparatus(self) -> Path:
        return self.book / "apparatus"

    @cached_property
    def glossary(self) -> Path:
        return self.book / "glossary.yml"

    @cached_property
    def people(self) -> Path:
        return self.book / "people.yml"

    @cached_property
    def citations(self) -> Path:
        return self.book / "citations.yml"

    @cached_property
    def bibliography(self) -> Path:
        return self.book / "references.bib"

    @cached_property
    def editor_notes(self) -> Path:
        return self.book / "editor_notes.yml"

    @cached_property
    def quotations(self) -> Path:
        return self.book / "quotations.yml"

    @cached_property
    def chronology(self) -> Path:
        return self.book / "chronology.yml"

    @cached_property
    def standpoints(self) -> Path:
        return self.book / "standpoints.yml"

    @cached_property
    def voices(self) -> Path:
        return self.book / "voices.yml"

    @cached_property
    def rubric(self) -> Path:
        return self.book / "rubric.yml"

    @cached_property
    def sequences(self) -> Path:
        return self.book / "sequences.yml"

    @cached_property
    def instructor_guide(self) -> Path:
        """Generated; in the instructor edition's table of contents only (`editions.edition_toc`)."""
        return self.back / "instructor-guide.md"

    @cached_property
    def materials_page(self) -> Path:
        """"For instructors: materials", listing the instructor's kit (`exports.kit`); in the instructor
        edition's table of contents only (`editions.edition_toc`)."""
        return self.back / "instructor-materials.md"

    @cached_property
    def handouts(self) -> Path:
        return self.build / "handouts"

    @cached_property
    def handout_cache(self) -> Path:
        """The instructor edition's packets and keys, kept between builds under a digest of what each
        prints (exports/kit.py)."""
        return self.build / "handout-cache"

    @cached_property
    def qti(self) -> Path:
        return self.build / "qti"

    @cached_property
    def courses(self) -> Path:
        """Instructors' course files, `courses/<name>.yml` (`make course COURSE=<name>`)."""
        return self.root / "courses"

    def course_file(self, name: str) -> Path:
        return self.courses / f"{name}.yml"

    def course_build(self, name: str) -> Path:
        """`make course COURSE=<name>`: the course pack, the instructor's pack, the syllabus, the banks."""
        return self.build / "courses" / name

    @cached_property
    def data(self) -> Path:
        return self.book / "data"

    @cached_property
    def dictionary(self) -> Path:
        return self.data / "datasets.yml"

    @cached_property
    def timeline(self) -> Path:
        return self.data / "timeline.csv"

    # Generated or partly generated content
    @cached_property
    def texts(self) -> Path:
        return self.data / "texts"

    @cached_property
    def chapters(self) -> Path:
        return self.book / "chapters"

    @cached_property
    def across(self) -> Path:
        return self.book / "across"

    @cached_property
    def back(self) -> Path:
        return self.book / "back"

    def apparatus_file(self, chapter_id: str) -> Path:
        return self.apparatus / f"{chapter_id}.yml"

    def chapter_notebook(self, chapter_id: str) -> Path:
        return self.chapters / f"{chapter_id}.ipynb"

    def across_notebook(self, chapter_id: str) -> Path:
        return self.across / f"{chapter_id}.ipynb"

    def text_csv(self, chapter_id: str) -> Path:
        return self.texts / f"{chapter_id}.csv"

    # Generated pages of the back matter (`generate.sync`), and the Downloads page (`exports.downloads`)
    @cached_property
    def glossary_page(self) -> Path:
        return self.back / "glossary.md"

    @cached_property
    def people_page(self) -> Path:
        return self.back / "people.md"

    @cached_property
    def datasets_page(self) -> Path:
        return self.back / "datasets.md"

    @cached_property
    def execution_page(self) -> Path:
        return self.back / "execution.md"

    @cached_property
    def downloads_page(self) -> Path:
        return self.back / "downloads.md"

    # Build output
    @cached_property
    def build(self) -> Path:
        return self.root / "_build"

    @cached_property
    def staging(self) -> Path:
        return self.build / "staging"

    def staged(self, name: str) -> Path:
        """The staging folder of an edition (or of the EPUB build): its configuration, table of
        contents, Sphinx output and the digests of its last build."""
        return self.staging / name

    def staged_config(self, name: str) -> Path:
        return self.staged(name) / "_config.yml"

    def staged_toc(self, name: str) -> Path:
        return self.staged(name) / "_toc.yml"

    def staged_output(self, name: str, builder: str = "html") -> Path:
        return sphinx_output(self.staged(name), builder)

    def escape_memory(self, name: str) -> Path:
        """What the edition's last build worked out of its notebook cells' escapes (exports/escapes.py)."""
        return self.staged(name) / "notebook-escapes.json"

    @cached_property
    def bench(self) -> Path:
        """`make bench-site`: Lighthouse's reports and the results."""
        return self.build / "bench"

    @cached_property
    def lighthouse(self) -> Path:
        """Lighthouse's command line, installed from the npm registry by `make bench-site`."""
        return self.build / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"

    @cached_property
    def lock(self) -> Path:
        return self.build / "build.lock"

    def pdf_cache(self, edition: str) -> Path:
        """Each page's PDF, kept between builds under a digest of what it prints (exports/pdf.py)."""
        return self.build / "pdf-cache" / edition

    def made_formats(self, edition: str) -> Path:
        """The on-demand downloads the edition was last published with, kept by later builds."""
        return self.build / f"formats-{edition}.txt"

    @cached_property
    def student_notebooks(self) -> Path:
        """`make student-notebooks`: the folder to publish as the student repository."""
        return self.build / "student-notebooks"

    @cached_property
    def notebook_requirements(self) -> Path:
        """What the notebooks need (and a student installs): shipped as their requirements.txt."""
        return self.root / "requirements-notebooks.txt"

    @cached_property
    def instructor_offline(self) -> Path:
        """`make offline EDITION=instructor`: the instructor edition as one zip, for a teaching team,
        beside its published site and never in it, so never published."""
        return self.published("instructor").parent / "reading-revolutions-instructor-site.zip"

    def published(self, edition: str) -> Path:
        return self.build / "html" if edition == "student" else self.build / edition / "html"


def student_name(numbers: dict[str, int], stem: str) -> str:
    """`05-baserli.ipynb`: the chapter's number first, so that a folder lists them in reading order
    (the bundles, the student repository and the launch buttons all name a notebook so)."""
    number = numbers.get(stem)
    return f"{number:02d}-{stem}.ipynb" if number else f"{stem}.ipynb"


def sphinx_output(folder: Path, builder: str = "html") -> Path:
    """Where Sphinx writes a builder's output for a build run in `folder` (as `jupyter-book build
    --path-output folder` does)."""
    return Path(folder) / "_build" / builder


def chapter_page(docname: str) -> tuple[str, str] | None:
    """(folder, name) of a chapter page (`("chapters", "baserli")` for `book/chapters/baserli`), or
    None for any other page."""
    folder, _, name = docname.removeprefix(f"{BOOK}/").partition("/")
    return (folder, name) if docname.startswith(f"{BOOK}/") and folder in CHAPTER_FOLDERS and name else None
