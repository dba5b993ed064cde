"""Make the downloads an edition offers (`formats.FORMATS`) inside its staged site, and list them.

Exports are made from the staged site after its Sphinx build and before it is checked and published
(`publish.book.build_book`), so a published site never links a file that is not in it, and a failed
export publishes nothing. The Downloads page lists them, and each link carries the file's size,
written into the page once the file exists (`fill_sizes`).
"""

import html
import re
import shutil
from pathlib import Path, PurePosixPath

import yaml

from readertools.errors import BookErrors, SourceError
from readertools.formats import LISTED, Format, chapter_file, offered


def make_downloads(book, edition: str, site: Path, made=(), made_in: dict[str, Path] | None = None) -> None:
    """Make every file the edition offers inside the staged site (the on-demand ones in `made`),
    list them on the Downloads page, then write their sizes into the pages.

    `made_in`: format key -> the staged site of another edition of this build that has its files. A
    format that several editions offer is the same file in each, so it is copied from there rather
    than made again; the formats made here are added."""

    forms, docs = offered(edition, made), book_pages(book.project)
    write_list(site, book.project.page(book.project.downloads_page), forms, docs)
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


def write_list(site: Path, page_name: str, forms: list[Format], docs: list[str]) -> None:
    """The Downloads page's list (written into the placeholder of book/back/downloads.md): for each
    format offered, what its files are (`Format.about`), then the whole book's file and each
    chapter's, with their sizes (filled by `fill_sizes`). Only offered formats are described, so
    the page promises nothing its build did not make."""
    page = site / page_name
    if not page.is_file():
        return
    up = "../" * page_name.count("/")
    items = []
    for form in forms:
        files = [(_title(site, doc), target) for doc in docs if (target := chapter_file(form, doc))]
        if form.whole:
            files.insert(0, ("The whole book" if files else PurePosixPath(form.whole).name, form.whole))
        if not files:
            continue
        rows = "".join(f'<li><a href="{up}{html.escape(target)}" download>{html.escape(name)}</a> '
                       f'<span class="download-size" data-file="{html.escape(target)}"></span></li>'
                       for name, target in files)
        items.append(f'<li data-format="{form.key}"><p>{html.escape(form.about or form.label)}</p><ul>{rows}</ul></li>')
    listed = "".join(items) or "<li>No files to download in this build.</li>"
    text = page.read_text(encoding="utf-8")  # the placeholder, or the list of an earlier run
    filled = f'<div class="reader-download-list"><ul>{listed}</ul></div>'
    page.write_text(LISTED.sub(lambda _: filled, text, count=1), encoding="utf-8")


def format_item(key: str) -> re.Pattern:
    """A format's item in the list `write_list` writes (its one inner list holds no list)."""
    return re.compile(rf'<li data-format="{re.escape(key)}">.*?</ul></li>', re.DOTALL)


SIZE = re.compile(r'<span class="download-size" data-file="(?P<file>[^"]+)">[^<]*</span>')


def _title(site: Path, doc: str) -> str:

    page = site / f"{doc}.html"
    return page_title(page.read_text(encoding="utf-8"), doc) if page.is_file() else doc


def fill_sizes(site: Path) -> None:
    """Give each download link the size of its file; a link whose file is missing is an error."""

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


ARTICLE = re.compile(r'<article class="bd-article">.*?</article>', re.DOTALL)


TAG = re.compile(r"<[^>]+>")


def book_pages(project) -> list[str]:
    """The documents of the table of contents, in reading order."""
    toc = yaml.safe_load(project.toc.read_text(encoding="utf-8"))
    docs = [toc["root"]] + [entry["file"] for part in toc.get("parts", []) for entry in part["chapters"]]
    left_out = {project.docname(project.downloads_page)}  # nothing on it prints
    return [doc for doc in docs if doc not in left_out]


def page_title(page_html: str, doc: str) -> str:
    article = ARTICLE.search(page_html)  # the theme prints a title of its own before it
    found = re.search(r"<h1>(.*?)</h1>", article[0] if article else page_html, re.DOTALL)
    if not found:
        return doc
    text = html.unescape(TAG.sub("", re.sub(r'<a class="headerlink".*?</a>', "", found[1], flags=re.DOTALL)))
    return " ".join(text.split())
