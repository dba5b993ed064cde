"""What each edition offers to download (notebook bundles, PDFs, the EPUB, the offline copy, the
instructor's kit) and where each file lies in the site.

`FORMATS` is the one list: the chapter pages' download links (`sphinx.download_links`), the
Downloads page, the instructor edition's page "For instructors: materials", the exports and the
build read it. Each format names its maker ("module:function", in `exports/`), called on the staged
site after its Sphinx build and before it is checked and published
(`exports.downloads.make_downloads`).
"""

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

from readertools.paths import chapter_page


@dataclass(frozen=True)
class Format:
    key: str
    label: str  # as a reader sees it: "Notebook with its data (.zip)"
    editions: tuple[str, ...]  # the editions whose site offers it
    chapter: str | None  # a chapter's file in the site, `{doc}` for e.g. `chapters/baserli`; None: no file per chapter
    whole: str | None  # the whole book's file in the site; None: none
    maker: str  # "module:function", called as function(book, edition, site) with the staged site
    # Made only when asked for (`make pdf`, `make epub`, `make offline`), since making it costs more
    # than a rebuild may; an edition once built with it keeps it (`publish.book.build_book`).
    on_demand: bool = False
    # What the files are, as the Downloads page says it above them: said only where they are offered,
    # so the page never describes a file its build did not make.
    about: str = ""
    # The page that lists its files: "downloads" (the Downloads page; each chapter page links its own
    # file), "materials" (the instructor's kit on "For instructors: materials": a file per lesson
    # chapter, linked from no chapter page), or None (a file outside the site, listed nowhere).
    listed_on: str | None = "downloads"

    def make(self, book, edition: str, site: Path) -> None:
        module, function = self.maker.split(":")
        getattr(importlib.import_module(module), function)(book, edition, site)


FORMATS: tuple[Format, ...] = (
    # Each chapter's student notebook with the data it reads, and every notebook in one zip
    # (`exports.student_bundles`, of `exports.student_notebooks`); no answers, so both editions offer the same files.
    Format("notebooks", "Notebook with its data (.zip)", ("student", "instructor"), "notebooks/{doc}.zip",
           "notebooks/reading-revolutions-notebooks.zip", "readertools.exports.student_bundles:bundles",
           about="Each chapter as a Jupyter notebook, with the data files it reads and the list of packages it "
                 "needs: plain pandas code to run and change on your own computer (How to use this reader says "
                 "how). One zip per chapter, or every notebook in one:"),
    Format("pdf", "PDF", ("student",), "downloads/pdf/{doc}.pdf", "downloads/pdf/reading-revolutions.pdf",
           "readertools.exports.pdf:make_pdfs", on_demand=True,
           about="PDFs to print or to read on any device: the pages with their paragraph numbers, notes and "
                 "questions, without their code. The whole book, or one chapter:"),
    Format("instructor-pdf", "PDF, instructor edition", ("instructor",), "downloads/pdf/{doc}-instructor.pdf",
           "downloads/pdf/reading-revolutions-instructor.pdf", "readertools.exports.pdf:make_pdfs", on_demand=True,
           about="PDFs of this edition to print or to read on any device: the pages with their model answers and "
                 "teaching notes, without their code. The whole book, or one chapter:"),
    Format("epub", "EPUB, for e-readers", ("student",), None, "downloads/reading-revolutions.epub",
           "readertools.exports.epub:make_epub", on_demand=True,
           about="The book as an EPUB, for e-readers:"),
    # The instructor's kit (`exports.kit`), listed on "For instructors: materials": each lesson chapter's
    # seminar packet and answer key, printed as `make handouts` prints them.
    Format("packets", "Seminar packet (PDF)", ("instructor",), "downloads/instructor/{doc}-seminar-packet.pdf", None,
           "readertools.exports.kit:make_packets", on_demand=True, listed_on="materials",
           about="The seminar packet: what a seminar on the chapter needs on paper, in the order a student uses "
                 "it: the central question, the whole text with its paragraph numbers and notes, the reference "
                 "figures, a graphic organizer, the questions with room to write, and the writing task with the "
                 "criteria it is marked on and lined pages for the answer. It holds no answer: print one for each "
                 "student, or put it on your course page."),
    Format("keys", "Answer key (PDF)", ("instructor",), "downloads/instructor/{doc}-answer-key.pdf", None,
           "readertools.exports.kit:make_keys", on_demand=True, listed_on="materials",
           about="The answer key: the same packet with the model answers in place of the writing space, the "
                 "editor's notes open, the discussion plan, the teaching notes, the sample answers and the whole "
                 "rubric. Keep it for yourself and the teaching team: never hand it to students."),
    # The question banks of the whole book, one session per lesson chapter (`exports.banks`, through
    # `exports.kit`), for the learning platform each imports into.
    Format("canvas", "Question bank for Canvas (QTI .zip)", ("instructor",), None,
           "downloads/instructor/reading-revolutions-questions-canvas.zip", "readertools.exports.kit:make_canvas_bank",
           on_demand=True, listed_on="materials",
           about="Canvas: a QTI package, with a quiz for each chapter. In your course: Settings ▸ Import Course "
                 "Content, content type “QTI .zip file”."),
    Format("moodle", "Question bank for Moodle (Moodle XML)", ("instructor",), None,
           "downloads/instructor/reading-revolutions-questions-moodle.xml", "readertools.exports.kit:make_moodle_bank",
           on_demand=True, listed_on="materials",
           about="Moodle: Moodle XML, with a category for each chapter; each essay question carries its model "
                 "answer and the rubric as grader information, which graders see and students never do. In your "
                 "course's question bank: Import, format “Moodle XML format”."),
    Format("common-cartridge", "Question bank for any platform (Common Cartridge .imscc)", ("instructor",), None,
           "downloads/instructor/reading-revolutions-questions.imscc", "readertools.exports.kit:make_cartridge",
           on_demand=True, listed_on="materials",
           about="Brightspace, Blackboard and any other platform that imports IMS Common Cartridge: the same "
                 "questions as a Common Cartridge package. In Brightspace: Course Admin ▸ Import/Export/Copy "
                 "Components ▸ Import Components."),
    # Last: the offline copy holds every other file of the site.
    Format("offline", "The whole website, to read offline (.zip)", ("student",), None,
           "downloads/reading-revolutions-site.zip", "readertools.exports.offline:make_offline", on_demand=True,
           about="The whole website in one zip, with every other file listed here: unzip it and open "
                 "reading-revolutions/index.html in a browser, with no connection needed:"),
    # `make offline EDITION=instructor`: the instructor edition as one zip for a teaching team, written
    # beside its published site (`Project.instructor_offline`), never in it, so never published.
    Format("instructor-offline", "The whole instructor edition, to read offline (.zip)", ("instructor",), None, None,
           "readertools.exports.offline:make_instructor_offline", on_demand=True, listed_on=None),
)


def offered(edition: str, made=None) -> list[Format]:
    """The formats a build of the edition offers: those always made, and the on-demand ones in `made`
    (the keys this build makes; None: every format of the edition)."""
    return [form for form in FORMATS if edition in form.editions
            and (made is None or not form.on_demand or form.key in made)]


# The on-demand format `make offline` makes, by the edition it zips (`editions.offline_edition`).
OFFLINE = {"student": "offline", "instructor": "instructor-offline"}


def downloads() -> tuple[str, ...]:
    """`make downloads`: every on-demand format a page of an edition lists (not the instructor
    edition's offline zip, which lies outside the site: `make offline EDITION=instructor`)."""
    return tuple(form.key for form in FORMATS if form.on_demand and form.listed_on)


def on_demand(edition: str) -> set[str]:
    return {form.key for form in FORMATS if form.on_demand and edition in form.editions}


def chapter_file(form: Format, docname: str) -> str | None:
    """The site path of a chapter page's own file (`docname` as Sphinx names it: `book/chapters/x`)."""
    page = chapter_page(docname)
    if form.chapter is None or page is None:
        return None
    return form.chapter.format(doc="/".join(page))


LISTED = re.compile(r'<div class="reader-download-list">.*?</div>', re.DOTALL)
