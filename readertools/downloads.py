"""What each edition offers to download (notebook bundles, PDFs, the EPUB, the offline copy), where
each file lies in the site, and the step that makes it.

`FORMATS` is the one list: the chapter pages' download links (`sphinx_downloads.py`), the Downloads
page and the exports read it. Exports are made from the staged site after its Sphinx build and before
it is checked and published (`build.build_book`), so a published site never links a file that is
not in it, and a failed export publishes nothing. Each link carries the file's size, written into
the page once the file exists (`fill_sizes`).
"""

import html
import importlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

CHAPTER_FOLDERS = ("chapters", "across")  # the pages that offer their own files


@dataclass(frozen=True)
class Format:
    key: str
    label: str  # as a reader sees it: "Notebook with its data (.zip)"
    editions: tuple[str, ...]  # the editions whose site offers it
    chapter: str | None  # a chapter's file in the site, `{doc}` for e.g. `chapters/baserli`; None: no file per chapter
    whole: str | None  # the whole book's file in the site; None: none
    maker: str  # "module:function", called as function(book, edition, site) with the staged site
    # Made only when asked for (`make pdf`, `make epub`, `make offline`), since making it costs more
    # than a rebuild may; an edition once built with it keeps it (`build.build_book`).
    on_demand: bool = False

    def make(self, book, edition: str, site: Path) -> None:
        module, function = self.maker.split(":")
        getattr(importlib.import_module(module), function)(book, edition, site)


FORMATS: tuple[Format, ...] = (
    # Each chapter's student notebook with the data it reads, and every notebook in one zip
    # (readertools/student_notebooks.py); no answers, so both editions offer the same files.
    Format("notebooks", "Notebook with its data (.zip)", ("student", "instructor"), "notebooks/{doc}.zip",
           "notebooks/reading-revolutions-notebooks.zip", "readertools.student_notebooks:bundles"),
    Format("pdf", "PDF", ("student",), "downloads/pdf/{doc}.pdf", "downloads/pdf/reading-revolutions.pdf",
           "readertools.pdf:make_pdfs", on_demand=True),
    Format("instructor-pdf", "PDF, instructor edition", ("instructor",), "downloads/pdf/{doc}-instructor.pdf",
           "downloads/pdf/reading-revolutions-instructor.pdf", "readertools.pdf:make_pdfs", on_demand=True),
    Format("epub", "EPUB, for e-readers", ("student",), None, "downloads/reading-revolutions.epub",
           "readertools.epub:make_epub", on_demand=True),
    # Last: the offline copy holds every other file of the site.
    Format("offline", "The whole website, to read offline (.zip)", ("student",), None,
           "downloads/reading-revolutions-site.zip", "readertools.offline:make_offline", on_demand=True),
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
    folder, _, name = docname.removeprefix("book/").partition("/")
    if form.chapter is None or folder not in CHAPTER_FOLDERS:
        return None
    return form.chapter.format(doc=f"{folder}/{name}")


def make_downloads(book, edition: str, site: Path, made=(), made_in: dict[str, Path] | None = None) -> None:
    """Make every file the edition offers inside the staged site (the on-demand ones in `made`),
    list them on the Downloads page, then write their sizes into the pages.

    `made_in`: format key -> the staged site of another edition of this build that has its files. A
    format that several editions offer is the same file in each, so it is copied from there rather
    than made again; the formats made here are added."""
    from .pdf import book_pages

    forms, docs = offered(edition, made), book_pages(book.project)
    write_list(site, forms, docs)
    for form in forms:
        other = None if made_in is None else made_in.get(form.key)
        if other is None:
            form.make(book, edition, site)
            if made_in is not None and len(form.editions) > 1:
                made_in[form.key] = site
            continue
        names = [form.whole] if form.whole else []
        names += [name for name in (chapter_file(form, doc) for doc in docs) if name and (other / name).is_file()]
        for name in names:
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(other / name, site / name)
    fill_sizes(site)


DOWNLOADS_PAGE = "book/back/downloads.html"
LISTED = re.compile(r'<div class="reader-download-list">.*?</div>', re.DOTALL)


def write_list(site: Path, forms: list[Format], docs: list[str]) -> None:
    """The Downloads page's list (written into the placeholder of book/back/downloads.md): the whole
    book's file of each format, then each chapter's, with their sizes (filled by `fill_sizes`)."""
    page = site / DOWNLOADS_PAGE
    if not page.is_file():
        return
    up = "../" * DOWNLOADS_PAGE.count("/")
    items = []
    for form in forms:
        if form.whole:
            items.append(f'<li data-format="{form.key}"><a href="{up}{html.escape(form.whole)}" download>'
                         f'{html.escape(form.label)}{": the whole book" if form.chapter else ""}</a> '
                         f'<span class="download-size" data-file="{html.escape(form.whole)}"></span></li>')
    for form in forms:
        files = [(doc, chapter_file(form, doc)) for doc in docs if chapter_file(form, doc)]
        if form.chapter and files:
            rows = "".join(
                f'<li><a href="{up}{html.escape(target)}" download>{html.escape(_title(site, doc))}</a> '
                f'<span class="download-size" data-file="{html.escape(target)}"></span></li>' for doc, target in files)
            items.append(f'<li data-format="{form.key}">{html.escape(form.label)} of each chapter:<ul>{rows}</ul></li>')
    listed = "".join(items) or "<li>No files to download in this build.</li>"
    text = page.read_text(encoding="utf-8")  # the placeholder, or the list of an earlier run
    filled = f'<div class="reader-download-list"><ul>{listed}</ul></div>'
    page.write_text(LISTED.sub(lambda _: filled, text, count=1), encoding="utf-8")


SIZE = re.compile(r'<span class="download-size" data-file="(?P<file>[^"]+)">[^<]*</span>')


def _title(site: Path, doc: str) -> str:
    from .pdf import page_title

    page = site / f"{doc}.html"
    return page_title(page.read_text(encoding="utf-8"), doc) if page.is_file() else doc


def fill_sizes(site: Path) -> None:
    """Give each download link the size of its file; a link whose file is missing is an error."""
    from .errors import BookErrors, SourceError

    problems = []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if 'class="download-size"' not in text:
            continue

        def size(found, page=page):
            target = site / html.unescape(found["file"])
            if not target.is_file():
                problems.append(SourceError(page.relative_to(site), f"links {found['file']}, which was not made"))
                return found[0]
            return f'<span class="download-size" data-file="{found["file"]}">{human_size(target.stat().st_size)}</span>'

        filled = SIZE.sub(size, text)
        if filled != text:
            page.write_text(filled, encoding="utf-8")
    if problems:
        raise BookErrors(problems)


def human_size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    return f"{size / 1000:.0f} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"
