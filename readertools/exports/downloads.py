"""Make the downloads an edition offers (`formats.FORMATS`) inside its staged site, and list them.

Exports are made from the staged site after its Sphinx build and before it is checked and published
(`publish.book.build_book`), so a published site never links a file that is not in it, and a failed
export publishes nothing. The Downloads page lists them (`write_list`), and the instructor edition's
page "For instructors: materials" its kit (`write_materials`); each link carries the file's size,
written into the page once the file exists (`fill_sizes`).
"""

import html
import re
import shutil
from pathlib import Path, PurePosixPath

import yaml

from readertools.content.lessons import lesson_chapters
from readertools.errors import BookErrors, SourceError
from readertools.formats import LISTED, Format, chapter_file, offered


def make_downloads(book, edition: str, site: Path, made=(), made_in: dict[str, Path] | None = None) -> None:
    """Make every file the edition offers inside the staged site (the on-demand ones in `made`),
    list them on the Downloads page, then write their sizes into the pages.

    `made_in`: format key -> the staged site of another edition of this build that has its files. A
    format that several editions offer is the same file in each, so it is copied from there rather
    than made again; the formats made here are added."""

    project, forms, docs = book.project, offered(edition, made), book_pages(book.project)
    write_list(site, project.page(project.downloads_page), [f for f in forms if f.listed_on == "downloads"], docs)
    write_materials(site, project.page(project.materials_page), [f for f in forms if f.listed_on == "materials"],
                    lesson_pages(book))
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
    items = format_items(site, "../" * page_name.count("/"), forms, docs)
    listed = "".join(items) or "<li>No files to download in this build.</li>"
    _fill(page, f"<ul>{listed}</ul>")


def format_items(site: Path, up: str, forms: list[Format], docs: list[str]) -> list[str]:
    """Each format's item: what its files are, then the whole book's file and each chapter's."""
    items = []
    for form in forms:
        files = [(_title(site, doc), target) for doc in docs if (target := chapter_file(form, doc))]
        if form.whole:
            files.insert(0, ("The whole book" if files else PurePosixPath(form.whole).name, form.whole))
        if not files:
            continue
        rows = "".join(f"<li>{download_link(up, target, name)}</li>" for name, target in files)
        items.append(f'<li data-format="{form.key}"><p>{html.escape(form.about or form.label)}</p><ul>{rows}</ul></li>')
    return items


def download_link(up: str, target: str, name: str) -> str:
    """A link that downloads a file of the site, and the place for its size (`fill_sizes`)."""
    return (f'<a href="{up}{html.escape(target)}" download>{html.escape(name)}</a> '
            f'<span class="download-size" data-file="{html.escape(target)}"></span>')


def _fill(page: Path, listed: str) -> None:
    """Write the list into the page's placeholder (or over the list of an earlier run); it holds no
    <div>, so that the next run finds where it ends (`formats.LISTED`)."""
    text = page.read_text(encoding="utf-8")
    filled = f'<div class="reader-download-list">{listed}</div>'
    page.write_text(LISTED.sub(lambda _: filled, text, count=1), encoding="utf-8")


# The sections of "For instructors: materials": the files of each lesson chapter (formats with a file per
# chapter), then those of the whole book (the question banks).
MATERIALS_SECTIONS = (
    ("Seminar packets and answer keys", ""),
    ("Question banks for your learning platform",
     ("Every question of every chapter, for a course on a learning platform: import the file your platform "
      "takes (students there see the questions, never the answers).")),
)
NO_MATERIALS = ("This copy of the instructor edition was built without its materials (the seminar packets, the "
                "answer keys and the question banks): the editors make them with the edition, by the command "
                "`make downloads`. Ask them for a copy built so.")


def write_materials(site: Path, page_name: str, forms: list[Format], docs: list[str]) -> None:
    """The list of "For instructors: materials" (the placeholder of its page, as on the Downloads
    page): what each kind of file is and how to use it, then each lesson chapter (`docs`) with its
    files side by side (its packet, its key), then the files of the whole book (the question banks),
    each with its size; or, for an edition built without them, that it was, and how they are made."""
    page = site / page_name
    if not page.is_file():
        return
    up = "../" * page_name.count("/")
    each, whole = [f for f in forms if f.chapter], [f for f in forms if f.whole and not f.chapter]
    parts = []
    if each:
        heading, intro = MATERIALS_SECTIONS[0]
        rows = "".join(_chapter_row(site, up, doc, each) for doc in docs)
        parts += [_heading(heading), *(f"<p>{html.escape(text)}</p>" for text in (intro, *(f.about for f in each))
                                       if text), f'<ul class="reader-kit-chapters">{rows}</ul>']
    if whole:
        heading, intro = MATERIALS_SECTIONS[1]
        parts += [_heading(heading), f"<p>{html.escape(intro)}</p>",
                  f"<ul>{''.join(format_items(site, up, whole, []))}</ul>"]
    if not parts:
        parts.append("<p>" + re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(NO_MATERIALS)) + "</p>")
    _fill(page, "".join(parts))


def _chapter_row(site: Path, up: str, doc: str, forms: list[Format]) -> str:
    """A lesson chapter's title, then its files side by side, each with its size."""
    files = (f'<span class="reader-kit-file">{download_link(up, chapter_file(form, doc), form.label)}</span>'
             for form in forms)
    return f'<li><span class="reader-kit-chapter">{html.escape(_title(site, doc))}</span> {" · ".join(files)}</li>'


def _heading(text: str) -> str:
    return f'<h2 id="{re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")}">{html.escape(text)}</h2>'


def lesson_pages(book) -> list[str]:
    """The pages of the lesson chapters (`content.lessons.lesson_chapters`), in reading order: each
    has a seminar packet and an answer key."""
    project = book.project
    return [project.docname(book.notebook(cid)) for cid in lesson_chapters(book)]


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
