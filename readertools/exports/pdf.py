"""The PDFs of an edition: one per chapter and one of the whole book, printed by Chromium from the
staged site under the print stylesheet (`chromium.print_pdf`) and combined by pypdf (`chromium.combine`).

The downloads maker (`formats.FORMATS`) calls `make_pdfs` on the staged site before it is checked
and published. Printing costs about 2.5 s a page, so each page's PDF is kept in a cache folder
(`Project.pdf_cache`) under a digest of what it prints (the page's article, the stylesheet and
script, these tools): a rebuild prints again only the pages whose article changed, then combines.

Links. Chromium writes links between pages as addresses on the loopback server it printed from;
they are rewritten. In a chapter's PDF a link to another page goes to the public site if the build
has its address (`editions.public_address`: `BASEURL`, else `html: baseurl:`), else to the page's
address relative to the PDF in the site (which works when the PDF is opened from the site). In the
whole-book PDF a link to a page of the book goes to that place in the PDF (Chromium's named
destinations, renamed per part so that the parts' ids do not collide), the contents page links each
entry to its first page, and each part is a bookmark holding the part's own headings.
"""

import hashlib
import html
import io
import posixpath
import shutil
from contextlib import ExitStack
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from readertools.editions import public_address
from readertools.errors import SourceError
from readertools.exports.chromium import chromium, combine, print_pdf, served
from readertools.exports.downloads import ARTICLE, book_pages, page_title
from readertools.formats import FORMATS, chapter_file

SITE = "reader-site:"  # what the loopback address of printed links becomes in the cache
CONTENTS = "https://contents.invalid/"  # the contents page's links, turned into links to its parts


def _tools_digest(site: Path) -> bytes:
    here = Path(__file__).parent
    files = [here / "pdf.py", here / "chromium.py", site / "_static" / "reader.css", site / "_static" / "reader.js"]
    return b"".join(path.read_bytes() for path in files if path.is_file())


def page_digest(page_html: str, tools: bytes, edition: str) -> str:
    article = ARTICLE.search(page_html)
    digest = hashlib.sha256(tools + edition.encode() + b"\0")
    digest.update((article[0] if article else page_html).encode())
    return digest.hexdigest()


def _our_format(edition: str):

    forms = [form for form in FORMATS if form.maker.endswith(":make_pdfs") and edition in form.editions]
    if not forms:
        raise SourceError("readertools/downloads.py", f"no PDF format for the {edition} edition")
    return forms[0]


def print_pages(browser, url: str, site: Path, docs: list[str], cache: Path,
                edition: str) -> dict[str, tuple[Path, str]]:
    """Each document's PDF in the cache, printed again only if its digest changed: {doc: (pdf, title)}.
    (The student edition's PDFs are read for instructor-only text with the rest of its staged site,
    `checks.leaks.check_student_site`, before anything is published.)"""
    tools, done = _tools_digest(site), {}
    for doc in docs:
        page_file = site / f"{doc}.html"
        if not page_file.is_file():
            raise SourceError(page_file, "not built, so it cannot be printed")
        text = page_file.read_text(encoding="utf-8")
        title = page_title(text, doc)
        out, stamp = cache / f"{doc}.pdf", cache / f"{doc}.digest"
        digest = page_digest(text, tools, edition)
        if not (out.is_file() and stamp.is_file() and stamp.read_text() == digest):
            stamp.unlink(missing_ok=True)
            print_pdf(browser(), f"{url}{doc}.html", out, title, edition)
            _keep_site_links(out, url)
            stamp.write_text(digest)
        done[doc] = (out, title)
    return done


def _links(writer):
    """Every link annotation of a PDF being written."""
    for page in writer.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                yield annotation


def _keep_site_links(path: Path, url: str) -> None:
    """Loopback addresses (which change each run) become `reader-site:` paths in the cached PDF."""
    writer = PdfWriter(clone_from=PdfReader(path))
    for link in _links(writer):
        action = link.get("/A")
        if action is not None and str(action.get("/URI", "")).startswith(url):
            action[_name("/URI")] = TextStringObject(SITE + str(action["/URI"])[len(url):])
    with path.open("wb") as handle:
        writer.write(handle)


def _name(text: str):
    return NameObject(text)


def chapter_pdf(cached: Path, out: Path, site_path: str, baseurl: str) -> None:
    """A chapter's PDF for the site: its links to other pages point to the site (see the module)."""
    writer = PdfWriter(clone_from=PdfReader(cached))
    for link in _links(writer):
        action = link.get("/A")
        target = str(action.get("/URI", "")) if action is not None else ""
        if target.startswith(SITE):
            path = target[len(SITE):]
            if baseurl:
                address = baseurl.rstrip("/") + "/" + path
            else:
                address = posixpath.relpath(path.split("#")[0], posixpath.dirname(site_path))
                address += "#" + path.split("#", 1)[1] if "#" in path else ""
            action[_name("/URI")] = TextStringObject(address)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        writer.write(handle)


def _part(cached: Path, index: int, docs: dict[str, int], dests: list[set[str]]):
    """A part of the whole book with its named destinations prefixed by its index, and its links to
    other pages of the book turned into links to their places in the book."""
    writer = PdfWriter(clone_from=PdfReader(cached))
    root = writer.root_object
    old = root.get("/Dests")
    renamed = DictionaryObject()
    for key, value in (old.get_object().items() if old is not None else []):
        renamed[NameObject(f"/d{index}-{key[1:]}")] = value
    renamed[NameObject(f"/d{index}")] = ArrayObject([writer.pages[0].indirect_reference, NameObject("/Fit")])
    root[NameObject("/Dests")] = writer._add_object(renamed)
    for link in _links(writer):
        dest = link.get("/Dest")
        if isinstance(dest, (str,)) and not isinstance(dest, ArrayObject):
            link[NameObject("/Dest")] = NameObject(f"/d{index}-{str(dest).lstrip('/')}")
            continue
        action = link.get("/A")
        target = str(action.get("/URI", "")) if action is not None else ""
        if not target.startswith(SITE):
            continue
        path, _, fragment = target[len(SITE):].partition("#")
        other = docs.get(path.removesuffix(".html"))
        if other is None:  # a page outside the book (the search page, say): no link
            del link["/A"]
            continue
        name = f"d{other}-{fragment}" if fragment and fragment in dests[other] else f"d{other}"
        del link["/A"]
        link[NameObject("/Dest")] = NameObject("/" + name)
    buffer = io.BytesIO()
    writer.write(buffer)
    buffer.seek(0)
    return buffer


def _dest_names(cached: Path) -> set[str]:
    dests = PdfReader(cached).root_object.get("/Dests")
    return {key[1:] for key in dests.get_object()} if dests is not None else set()


def front_html(title: str, edition: str, entries: list[tuple[str, int]]) -> tuple[str, str]:
    """The whole book's title page and contents page (HTML to print), the contents with page numbers."""
    style = ("<style>body{font-family:sans-serif;margin:0} h1{font-size:26pt;margin:30% 0 0.4em}"
             "p{font-size:13pt;color:#333} ol{list-style:none;padding:0;font-size:11pt}"
             "li{display:flex;gap:0.5em;margin:0.35em 0} li a{color:#000;text-decoration:none;flex:1}"
             "li span{font-variant-numeric:tabular-nums}</style>")
    cover = (f"<!doctype html><html lang='en'><meta charset='utf-8'><title>{html.escape(title)}</title>{style}"
             f"<h1>{html.escape(title)}</h1><p>{edition.capitalize()} edition</p>"
             "<p>Printed from the reader's website with every chapter, its notes and questions; the code "
             "of the chapters' tables and plots is in their notebooks.</p></html>")
    rows = "".join(f"<li><a href='{CONTENTS}{i}'>{html.escape(name)}</a><span>{page}</span></li>"
                   for i, (name, page) in enumerate(entries))
    contents = (f"<!doctype html><html lang='en'><meta charset='utf-8'><title>Contents</title>{style}"
                f"<h2>Contents</h2><ol>{rows}</ol></html>")
    return cover, contents


def whole_book(browser, parts: dict[str, tuple[Path, str]], out: Path, title: str, edition: str,
               work: Path) -> Path:
    """Title page, contents (page numbers, each entry a link), then every part, combined."""
    docs = list(parts)
    counts = [len(PdfReader(path).pages) for path, _ in parts.values()]
    work.mkdir(parents=True, exist_ok=True)
    contents_pages = 1
    while True:
        first, entries = 2 + contents_pages, []
        for doc, count in zip(docs, counts, strict=True):
            entries.append((parts[doc][1], first))
            first += count
        cover, contents = front_html(title, edition, entries)
        (work / "cover.html").write_text(cover, encoding="utf-8")
        (work / "contents.html").write_text(contents, encoding="utf-8")
        with served(work) as url:
            print_pdf(browser(), url + "cover.html", work / "cover.pdf", title, edition)
            print_pdf(browser(), url + "contents.html", work / "contents.pdf", title, edition)
        found = len(PdfReader(work / "contents.pdf").pages)
        if found == contents_pages:
            break
        contents_pages = found
    index = {doc: i for i, doc in enumerate(docs)}
    dests = [_dest_names(path) for path, _ in parts.values()]
    pieces = [("Title page", work / "cover.pdf"), ("Contents", work / "contents.pdf")]
    pieces += [(name, _part(path, i, index, dests)) for i, (path, name) in enumerate(parts.values())]
    combine(pieces, out, title, edition)
    writer = PdfWriter(clone_from=PdfReader(out))
    for link in _links(writer):
        action = link.get("/A")
        target = str(action.get("/URI", "")) if action is not None else ""
        if target.startswith(CONTENTS):
            del link["/A"]
            link[NameObject("/Dest")] = NameObject(f"/d{target[len(CONTENTS):]}")
    with out.open("wb") as handle:
        writer.write(handle)
    return out


class _LazyBrowser:
    """Chromium started on first use: a rebuild with every page cached never starts it."""

    def __init__(self, stack):
        self.stack, self.browser = stack, None

    def __call__(self):
        if self.browser is None:
            self.browser = self.stack.enter_context(chromium())
        return self.browser


def make_pdfs(book, edition: str, site: Path) -> None:
    """The downloads maker: every chapter's PDF and the whole book's, into the staged site."""
    project, form = book.project, _our_format(edition)
    config = yaml.safe_load(project.config.read_text(encoding="utf-8"))
    title = config["title"] + (" (instructor edition)" if edition == "instructor" else "")
    baseurl = public_address(project.config)
    cache = project.pdf_cache(edition)
    with ExitStack() as stack:
        browser = _LazyBrowser(stack)
        url = stack.enter_context(served(site))
        parts = print_pages(browser, url, site, book_pages(project), cache, edition)

        for doc, (cached, _) in parts.items():
            target = chapter_file(form, doc)
            if target:
                chapter_pdf(cached, site / target, target, baseurl)
        whole, stamp = cache / "whole.pdf", cache / "whole.digest"
        digest = hashlib.sha256("".join(doc + (cache / f"{doc}.digest").read_text() for doc in parts)
                                .encode() + _tools_digest(site)).hexdigest()
        if not (whole.is_file() and stamp.is_file() and stamp.read_text() == digest):
            stamp.unlink(missing_ok=True)
            whole_book(browser, parts, whole, title, edition, cache / "front")
            stamp.write_text(digest)
    shutil.copyfile(whole, site / form.whole)
