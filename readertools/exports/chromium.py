"""Debian's Chromium, driven by Playwright, and a built site served on loopback: the one print
pipeline (chapter and book PDFs, handouts, answer keys) and the browser the tests use.

Nothing is downloaded: Playwright drives Debian's `chromium-headless-shell` (or `chromium`; `make
browser` installs both with apt-get), never a browser of its own. PDFs are Chromium's print of the page under the print
stylesheet (`book/_static/reader.css`, `@media print`), with a running header naming the document
and the edition and a footer with page numbers; pypdf combines and labels them.
"""

import functools
import html
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

from readertools.errors import SourceError

# The flags that make Debian's Chromium run headless on these machines (see shared/STACK.md).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# A4 with room for the running header and footer that Chromium draws in the margins.
PAGE = {"format": "A4", "margin": {"top": "18mm", "bottom": "16mm", "left": "16mm", "right": "16mm"}}
_SMALL = "font-family: sans-serif; font-size: 8px; color: #555; width: 100%; margin: 0 16mm;"


@contextmanager
def served(folder: Path, handler_class=http.server.SimpleHTTPRequestHandler):
    """The folder's address on loopback while the `with` lasts (a site opened from disk loses its
    search and previews to the browser's file:// rules; a local server is what a host gives)."""
    quiet = type("Quiet" + handler_class.__name__, (handler_class,), {"log_message": lambda *args: None})
    handler = functools.partial(quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


# Debian's headless shell first: the same Blink as the browser, without the browser's windows and
# services (what Playwright itself runs headless); about a third of the full browser's CPU for the
# same pages, measured. `make browser` installs both; the full browser is the fallback.
EXECUTABLES = ("chromium-headless-shell", "chromium")


@contextmanager
def chromium():
    """A headless Chromium (Debian's) for the `with`: `make browser` installs it when missing."""
    from playwright.sync_api import sync_playwright  # here: a heavy import, needed only to print

    executable = next(filter(None, map(shutil.which, EXECUTABLES)), None)
    if executable is None:
        raise SourceError("chromium", "not found on PATH: run `make browser` (Debian's package; "
                                      "Playwright's own browser download cannot work offline)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def print_pdf(browser, url: str, out: Path, title: str, edition: str) -> Path:
    """Print one page to an A4 PDF with a document outline, a running header (the title and the
    edition) and page numbers; the PDF's metadata title is the page's title."""
    page = browser.new_page()
    try:
        response = page.goto(url, wait_until="load")
        if response is None or not response.ok:
            raise SourceError(url, f"cannot be printed: HTTP {response.status if response else 'no response'}")
        page.evaluate("document.fonts.ready")
        # Model answers are closed <details> on screen: a printed page shows every one. reader.js opens
        # them on `beforeprint` (which page.pdf fires too); opening them here does not depend on it.
        page.evaluate("document.querySelectorAll('details.model-answer').forEach(d => { d.open = true; })")
        label = f"{title} · {edition.capitalize()} edition"
        header = f'<div style="{_SMALL}">{html.escape(label)}</div>'
        footer = (f'<div style="{_SMALL} text-align: right;">page <span class="pageNumber"></span> of '
                  '<span class="totalPages"></span></div>')
        out.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(out), display_header_footer=True, header_template=header, footer_template=footer,
                 print_background=True, outline=True, tagged=True, **PAGE)
    finally:
        page.close()
    set_metadata(out, title, edition)
    return out


def set_metadata(path: Path, title: str, edition: str, author: str = "The editors of the reader") -> None:
    from pypdf import PdfReader, PdfWriter  # here: a heavy import, needed only to print

    writer = PdfWriter(clone_from=PdfReader(path))
    writer.add_metadata({"/Title": title, "/Author": author, "/Subject": f"{edition.capitalize()} edition"})
    with path.open("wb") as handle:
        writer.write(handle)


def combine(parts: list[tuple[str, object]], out: Path, title: str, edition: str) -> Path:
    """One PDF from several (pypdf), each part a top-level bookmark, their links and outlines kept.
    A part is a file, or a PDF in memory (a binary stream)."""
    from pypdf import PdfWriter  # here: a heavy import, needed only to print

    writer = PdfWriter()
    for name, path in parts:
        start = len(writer.pages)
        writer.append(str(path) if isinstance(path, Path) else path, outline_item=name, import_outline=True)
        if len(writer.pages) == start:
            raise SourceError(path, "has no pages")
    writer.add_metadata({"/Title": title, "/Author": "The editors of the reader",
                         "/Subject": f"{edition.capitalize()} edition"})
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        writer.write(handle)
    return out
