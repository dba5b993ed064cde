"""What each edition offers to download (notebook bundles, PDFs, the EPUB, the offline copy) and
where each file lies in the site.

`FORMATS` is the one list: the chapter pages' download links (`sphinx.download_links`), the
Downloads page, the exports and the build read it. Each format names its maker
("module:function", in `exports/`), called on the staged site after its Sphinx build and before it
is checked and published (`exports.downloads.make_downloads`).
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

    def make(self, book, edition: str, site: Path) -> None:
        module, function = self.maker.split(":")
        getattr(importlib.import_module(module), function)(book, edition, site)


FORMATS: tuple[Format, ...] = (
    # Each chapter's student notebook with the data it reads, and every notebook in one zip
    # (`exports.student_notebooks`); no answers, so both editions offer the same files.
    Format("notebooks", "Notebook with its data (.zip)", ("student", "instructor"), "notebooks/{doc}.zip",
           "notebooks/reading-revolutions-notebooks.zip", "readertools.exports.student_notebooks:bundles",
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
    # Last: the offline copy holds every other file of the site.
    Format("offline", "The whole website, to read offline (.zip)", ("student",), None,
           "downloads/reading-revolutions-site.zip", "readertools.exports.offline:make_offline", on_demand=True,
           about="The whole website in one zip, with every other file listed here: unzip it and open "
                 "reading-revolutions/index.html in a browser, with no connection needed:"),
)


def offered(edition: str, made=None) -> list[Format]:
    """The formats a build of the edition offers: those always made, and the on-demand ones in `made`
    (the keys this build makes; None: every format of the edition)."""
    return [form for form in FORMATS if edition in form.editions
            and (made is None or not form.on_demand or form.key in made)]


def on_demand(edition: str) -> set[str]:
    return {form.key for form in FORMATS if form.on_demand and edition in form.editions}


def chapter_file(form: Format, docname: str) -> str | None:
    """The site path of a chapter page's own file (`docname` as Sphinx names it: `book/chapters/x`)."""
    page = chapter_page(docname)
    if form.chapter is None or page is None:
        return None
    return form.chapter.format(doc="/".join(page))


LISTED = re.compile(r'<div class="reader-download-list">.*?</div>', re.DOTALL)
