"""The offline copy: the whole student site as one .zip, to unzip and open from disk (file://) or
serve from any static server; and the instructor edition's (`make offline EDITION=instructor`), for
a teaching team, written beside its published site and never into it, so never published.

What works from disk: every page, the navigation, the previews of terms, people and paragraphs
(written into each page at build time), the paragraph citations, the search (Sphinx loads its index
with a <script>, which a browser allows from disk) and every other download. What cannot: a page
opened from disk may not read another page, so the search lists its results' titles without the
summary Sphinx fetches from each result page (reader.js turns the summaries off from file://,
instead of a CORS error per result); served, the copy shows them. The copy holds the other
downloads of the site (the PDFs, the EPUB) but not itself: its Downloads page says so. The
instructor edition's copy holds its kit when the edition was built with it (`make downloads`).
"""

import shutil
import tempfile
import zipfile
from pathlib import Path

from readertools.exports.downloads import fill_sizes, format_item
from readertools.formats import FORMATS

ITSELF = "<li><p>The whole website, to read offline: this copy.</p></li>"


def _offline_format():
    return next(form for form in FORMATS if form.maker.endswith(":make_offline"))


def make_offline(book, edition: str, site: Path) -> None:
    """The downloads maker: the staged site, less the zip itself, into the zip (sizes filled)."""
    form = _offline_format()
    target = site / form.whole

    def itself(copy: Path) -> None:
        page = copy / book.project.page(book.project.downloads_page)
        if page.is_file():
            text = page.read_text(encoding="utf-8")
            page.write_text(format_item(form.key).sub(ITSELF, text, count=1), encoding="utf-8")

    _zip_copy(site, target, "reading-revolutions", leave_out=target, change=itself)


def make_instructor_offline(book, edition: str, site: Path) -> None:
    """The downloads maker of `make offline EDITION=instructor`: the staged instructor site into a zip
    beside the published one (`Project.instructor_offline`)."""
    _zip_copy(site, book.project.instructor_offline, "reading-revolutions-instructor")


def _zip_copy(site: Path, target: Path, name: str, leave_out: Path | None = None, change=None) -> None:
    """A copy of the staged site, named `name`, changed by `change` and its sizes filled, as `target`."""
    with tempfile.TemporaryDirectory() as temporary:
        copy = Path(temporary) / name
        shutil.copytree(site, copy, ignore=lambda folder, names: [n for n in names if Path(folder, n) == leave_out])
        if change is not None:
            change(copy)
        fill_sizes(copy)
        target.parent.mkdir(parents=True, exist_ok=True)
        zip_folder(copy, target)


def zip_folder(folder: Path, out: Path) -> Path:
    """The folder as a zip whose one top folder is the folder's name (files in a stable order)."""
    partial = out.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, Path(folder.name) / path.relative_to(folder))
    partial.replace(out)
    return out
