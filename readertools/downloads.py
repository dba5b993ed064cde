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

    def make(self, book, edition: str, site: Path) -> None:
        module, function = self.maker.split(":")
        getattr(importlib.import_module(module), function)(book, edition, site)


FORMATS: tuple[Format, ...] = (
    # Each chapter's student notebook with the data it reads, and every notebook in one zip
    # (readertools/student_notebooks.py); no answers, so both editions offer the same files.
    Format("notebooks", "Notebook with its data (.zip)", ("student", "instructor"), "notebooks/{doc}.zip",
           "notebooks/reading-revolutions-notebooks.zip", "readertools.student_notebooks:bundles"),
)


def offered(edition: str) -> list[Format]:
    return [form for form in FORMATS if edition in form.editions]


def chapter_file(form: Format, docname: str) -> str | None:
    """The site path of a chapter page's own file (`docname` as Sphinx names it: `book/chapters/x`)."""
    folder, _, name = docname.removeprefix("book/").partition("/")
    if form.chapter is None or folder not in CHAPTER_FOLDERS:
        return None
    return form.chapter.format(doc=f"{folder}/{name}")


def make_downloads(book, edition: str, site: Path) -> None:
    """Make every file the edition offers inside the staged site, then write their sizes into the pages."""
    for form in offered(edition):
        form.make(book, edition, site)
    fill_sizes(site)


SIZE = re.compile(r'<span class="download-size" data-file="(?P<file>[^"]+)">[^<]*</span>')


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
