"""The reader off the screen: the print stylesheet in real Chromium, the PDFs (printed here for two
chapters, as `make pdf` prints them all), the EPUB (EPUBCheck), the offline zip (unzipped, served and
opened from disk) and the Downloads page.

`make test` builds the editions without the on-demand downloads, so the session fixtures make the
files these tests read from the built student site, with the same functions `make pdf`, `make epub`
and `make offline` call.
"""

import re
import shutil
import zipfile
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup
from jvm import QUICK_JVM
from pypdf import PdfReader
from test_browser import load_problems

from readertools.checks.leaks import hidden_phrases, pdf_text, text_leaks
from readertools.exports import pdf
from readertools.exports.chromium import served
from readertools.exports.downloads import book_pages, human_size, make_downloads, write_list
from readertools.exports.epub import build_epub, epub_text, epubcheck
from readertools.formats import FORMATS, chapter_file, offered
from readertools.paths import Project
from readertools.publish.plan import formats_to_make

A4_PRINTABLE_PX = round((210 - 2 * 16) / 25.4 * 96)  # A4 less chromium.PAGE's side margins, in CSS px
HIDDEN_IN_PRINT = [".bd-header", ".bd-sidebar-primary", ".bd-sidebar-secondary", ".bd-header-article",
                   ".prev-next-footer", ".headerlink", ".reader-copy", ".search-button", "#jb-print-docs-body"]


@pytest.fixture(scope="session")
def printed(browser, site, book, tmp_path_factory):
    """Two chapters of the student edition printed to PDF (the first and the last of the catalogue)
    and the whole book made of them, as pdf.make_pdfs makes them."""
    ids = [book.chapters[0].source.id, book.chapters[-1].source.id]
    docs = [f"book/chapters/{cid}" for cid in ids]
    work = tmp_path_factory.mktemp("pdf")
    with served(site) as url:
        parts = pdf.print_pages(lambda: browser, url, site, docs, work / "cache", "student")
        whole = pdf.whole_book(lambda: browser, parts, work / "whole.pdf", "The reader", "student", work / "front")
    return {cid: parts[doc][0] for cid, doc in zip(ids, docs, strict=True)}, parts, whole


# ---------------------------------------------------------------- print stylesheet


def test_print_hides_the_screen_and_keeps_the_reading(browser, site_url):
    page = browser.new_page()
    try:
        page.emulate_media(media="print")
        page.goto(f"{site_url}book/chapters/baserli.html")
        for selector in HIDDEN_IN_PRINT:
            shown = page.locator(selector).evaluate_all("els => els.filter(e => e.getClientRects().length).length")
            assert shown == 0, f"{selector} is printed"
        numbers = page.locator(".pnum").evaluate_all("""els => els.map(e => {
            const r = e.getBoundingClientRect(), s = getComputedStyle(e);
            const box = e.closest('.para, blockquote').getBoundingClientRect();
            return [e.textContent.trim(), s.display, s.position, r.width > 0 && r.right <= box.left + 1];
        })""")
        assert numbers and all(display != "none" and position == "absolute" and in_margin
                               for _, display, position, in_margin in numbers), numbers[:3]
        line = page.locator(".reader-edition-line")
        assert line.evaluate("e => getComputedStyle(e).display") == "block"
        assert "Student edition" in line.inner_text()
        for selector in (".question", ".note", ".editor-note"):
            size = page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            assert size >= 11, f"{selector} prints at {size}px"
        cells = page.locator("div.cell_input").evaluate_all("els => els.filter(e => e.getClientRects().length).length")
        assert cells == 0, "code cells are printed"
        assert page.locator("div.cell_output table").count() > 0
        page.goto(f"{site_url}book/back/how-to-cite.html")  # a page with a link off the site
        link = page.locator(".bd-article a[href^='http']").first
        assert link.get_attribute("href") in link.evaluate("e => getComputedStyle(e, '::after').content")
    finally:
        page.close()


def test_beforeprint_opens_every_details_but_a_settling_editor_s_note(browser, site_url):
    """Printing opens every collapsed block (a hidden cell's input), but an editor's note that settles a
    question stays closed on the student's printout, as on the screen, until the student opens it."""
    page = browser.new_page()
    try:
        page.goto(f"{site_url}book/chapters/baserli.html")
        closed = "() => document.querySelectorAll('details:not([open]):not(.closed-note)').length"
        notes = "() => document.querySelectorAll('details.closed-note:not([open])').length"
        assert page.evaluate(closed) > 0 and page.evaluate(notes) > 0
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert page.evaluate(closed) == 0 and page.evaluate(notes) > 0
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        assert page.evaluate(closed) > 0
    finally:
        page.close()


def test_no_printed_element_is_wider_than_a4(browser, site_url, project):
    """Every chapter page in print media, at the printable width of A4: nothing sticks out, and no
    code block or table is cut (its content wider than its box)."""
    context = browser.new_context(viewport={"width": A4_PRINTABLE_PX, "height": 1000})
    page = context.new_page()
    problems = []
    try:
        page.emulate_media(media="print")
        for doc in book_pages(project):
            if not doc.startswith(("book/chapters/", "book/across/")):
                continue
            page.goto(f"{site_url}{doc}.html")
            wide = page.evaluate("""width => [...document.querySelectorAll('.bd-article *')].filter(e => {
                const s = getComputedStyle(e);
                if (s.display === 'none' || s.position === 'absolute' || e.closest('.pnum, .ed-mark')) return false;
                const r = e.getBoundingClientRect();
                return r.width > 0 && (r.right > width + 1 || r.left < -1 ||
                       (['PRE', 'TABLE'].includes(e.tagName) && e.scrollWidth > e.clientWidth + 1));
            }).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))""",
                                 A4_PRINTABLE_PX)
            if wide:
                problems.append(f"{doc}: {wide}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- PDFs


def test_chapter_pdfs_hold_every_paragraph_and_question_number(printed, book, site):
    files, _, _ = printed
    for cid, path in files.items():
        reader = PdfReader(path)
        chapter = next(c for c in book.chapters if c.source.id == cid)
        page = (site / "book" / "chapters" / f"{cid}.html").read_text(encoding="utf-8")
        assert reader.metadata.title == pdf.page_title(page, cid)
        assert re.match(r"\d+\. ", reader.metadata.title), "the title has the chapter's number"
        text = pdf_text(path)
        missing = [block.number for block in chapter.blocks if block.number is not None and not re.search(
            rf"(?<!\d){block.number}\s*(?:✎\s*)*{re.escape(' '.join(block.text.split()[:3]))}", text)]
        assert not missing, f"{cid}: paragraphs without their number before their first words: {missing}"
        number = book.numbers[cid]
        questions = [f"{number}.{q.number}" for q in book.study(cid).apparatus.questions]
        absent = [q for q in questions if not re.search(rf"(?<![\d.]){re.escape(q)}(?!\d)", text)]
        assert not absent, f"{cid}: questions not in the PDF: {absent}"


def test_student_pdfs_hold_no_instructor_text(printed, book, instructor_site):
    hidden = hidden_phrases(book)
    files, _, whole = printed
    for path in [*files.values(), whole]:
        assert text_leaks(path, pdf_text(path), hidden) == []
    # The check has teeth: the instructor edition's page of the same chapter holds such phrases.
    cid = next(iter(files))
    page = instructor_site / "book" / "chapters" / f"{cid}.html"
    assert text_leaks(page, page.read_text(encoding="utf-8"), hidden)


def test_whole_book_pdf_has_contents_links_bookmarks_and_title(printed):
    _, parts, whole = printed
    reader = PdfReader(whole)
    assert reader.metadata.title == "The reader"
    assert [item.title for item in reader.outline if not isinstance(item, list)] == \
        ["Title page", "Contents", *[title for _, title in parts.values()]]
    names = reader.named_destinations
    contents = [a.get_object() for a in reader.pages[1].get("/Annots") or []]
    targets = [reader.get_destination_page_number(names[str(a["/Dest"])]) for a in contents if "/Dest" in a]
    first, starts = 2, []
    for path, _ in parts.values():
        starts.append(first)
        first += len(PdfReader(path).pages)
    assert targets == starts, "each contents entry links to the first page of its chapter"
    text = pdf_text(whole)
    for (_, title), start in zip(parts.values(), starts, strict=True):
        assert re.search(rf"{re.escape(' '.join(title.split()[:4]))}.*?{start + 1}", text), title
    unresolved = [a.get_object()["/Dest"] for page in reader.pages for a in page.get("/Annots") or []
                  if isinstance(a.get_object().get("/Dest"), str) and str(a.get_object()["/Dest"]) not in names]
    assert not unresolved, f"links to no destination: {unresolved[:5]}"
    loopback = [a.get_object()["/A"].get("/URI") for page in reader.pages for a in page.get("/Annots") or []
                if "/A" in a.get_object() and "127.0.0.1" in str(a.get_object()["/A"].get("/URI"))]
    assert not loopback, "links to the server the pages were printed from"


def test_a_chapter_pdf_links_to_the_site_relative_to_itself_or_at_its_address(printed, tmp_path):
    files, _, _ = printed
    cid, cached = next(iter(files.items()))
    form = next(f for f in FORMATS if f.key == "pdf")
    target = chapter_file(form, f"book/chapters/{cid}")

    def uris(address):
        pdf.chapter_pdf(cached, tmp_path / "out.pdf", target, address)
        return [str(a.get_object()["/A"]["/URI"]) for page in PdfReader(tmp_path / "out.pdf").pages
                for a in page.get("/Annots") or [] if "/A" in a.get_object()]

    outside = ("http://", "https://", "mailto:")
    inside = [uri for uri in uris("") if not uri.startswith(outside)]
    assert inside and all(uri.startswith("../../../book/") for uri in inside), inside[:5]
    published = [uri for uri in uris("https://example.org/reader/") if uri.startswith("https://example.org/")]
    assert len(published) == len(inside) and all(uri.startswith("https://example.org/reader/book/")
                                                  for uri in published), published[:5]


# ---------------------------------------------------------------- EPUB


@pytest.fixture(scope="session")
def epub(project):
    return build_epub(project)


def test_epub_passes_epubcheck(epub, monkeypatch):
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", QUICK_JVM)  # a short check's JIT and garbage collector (jvm.py)
    assert epubcheck(epub) == []


def test_epub_lists_every_chapter_keeps_numbers_notes_and_alt_text(epub, book, project):
    with zipfile.ZipFile(epub) as archive:
        nav = archive.read("nav.xhtml").decode()
        opf = archive.read("content.opf").decode()
        for doc in book_pages(project):
            assert f'href="{doc}.xhtml"' in nav, f"{doc} is not in the EPUB's contents"
        for cid in book.chapter_ids:
            page = archive.read(f"book/chapters/{cid}.xhtml").decode()
            chapter = next(c for c in book.chapters if c.source.id == cid)
            count = sum(block.number is not None for block in chapter.blocks)
            assert len(re.findall(r'class="pnum[^"]*"', page)) == count, cid
            assert len(re.findall(r'class="note-ref[^"]*"', page)) == len(
                re.findall(r'class="note-ref[^"]*"', (project.published("student") / "book" / "chapters" /
                                                       f"{cid}.html").read_text(encoding="utf-8"))), cid
        images = [re.findall(r"<img [^>]*>", archive.read(name).decode()) for name in archive.namelist()
                  if name.endswith(".xhtml")]
        images = [image for found in images for image in found]
        assert images and all(re.search(r'alt="[^"]{20,}"', image) for image in images)
        downloads = archive.read("book/back/downloads.xhtml").decode()
        assert "reader-download-list" not in downloads and "website" in downloads
    for field in ("dc:title", "dc:creator", "dc:language", "dc:identifier", "dc:publisher"):
        assert re.search(rf"<{field}[^>]*>[^<]+</{field}>", opf), field


NCX = "{http://www.daisy.org/z3986/2005/ncx/}"


def test_epub_contents_give_each_part_with_its_pages(epub, project):
    """The e-reader's contents show the parts of the table of contents, each leading to the top of
    its first page, with its pages under it, in the EPUB 3 navigation and the older NCX alike."""
    toc = yaml.safe_load(project.toc.read_text(encoding="utf-8"))
    with zipfile.ZipFile(epub) as archive:
        nav = BeautifulSoup(archive.read("nav.xhtml").decode(), "html.parser")
        ncx = ElementTree.fromstring(archive.read("toc.ncx"))
    entries = nav.select_one('nav[epub\\:type="toc"] > ol').find_all("li", recursive=False)
    parts = {li.a.get_text(strip=True): li for li in entries}
    assert [text for text in parts if text in {part["caption"] for part in toc["parts"]}] == [
        part["caption"] for part in toc["parts"]]
    for part in toc["parts"]:
        item = parts[part["caption"]]
        pages = [f"{entry['file']}.xhtml" for entry in part["chapters"]]
        assert item.a["href"].startswith(f"{pages[0]}#"), part["caption"]
        assert [li.a["href"] for li in item.find("ol").find_all("li", recursive=False)] == pages, part["caption"]
        point = next(p for p in ncx.iter(f"{NCX}navPoint") if p.findtext(f"{NCX}navLabel/{NCX}text") == part["caption"])
        assert [c.get("src") for c in point.findall(f"{NCX}navPoint/{NCX}content")] == pages, part["caption"]


def test_epub_holds_no_instructor_text(epub, book):
    assert text_leaks(epub, epub_text(epub), hidden_phrases(book)) == []


# ---------------------------------------------------------------- offline copy and Downloads page


@pytest.fixture(scope="session")
def with_offline(site, book, tmp_path_factory):
    """A copy of the built student site given its offline copy, as `make offline` gives it."""
    copy = tmp_path_factory.mktemp("site") / "html"
    shutil.copytree(site, copy)
    make_downloads(book, "student", copy, made=("offline",))
    return copy


@pytest.fixture(scope="session")
def unzipped(with_offline, tmp_path_factory):
    form = next(f for f in FORMATS if f.key == "offline")
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(with_offline / form.whole) as archive:
        archive.extractall(folder)
    (top,) = folder.iterdir()
    return top


def test_offline_copy_served_loads_cleanly(browser, unzipped, project):
    """The site tests load every page served; here the copy's own: the home page, a chapter, a page
    across the sources, the Downloads page and a search."""
    docs = book_pages(project)
    first_chapter = next(doc for doc in docs if doc.startswith("book/chapters/"))
    across = next(doc for doc in docs if doc.startswith("book/across/"))
    pages = [f"{doc}.html" for doc in (docs[0], first_chapter, across, "book/back/downloads")]
    pages.append("search.html?q=Kronstadt")
    context = browser.new_context()
    try:
        with served(unzipped) as url:
            problems = load_problems(context.new_page(), url, pages)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_offline_copy_from_disk_searches_without_errors(browser, unzipped):
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto((unzipped / "search.html").as_uri() + "?q=Kronstadt")
        page.wait_for_function("() => document.querySelector('#search-results p.search-summary')", timeout=10_000)
        hrefs = page.locator("#search-results ul.search li a").evaluate_all("ls => ls.map(a => a.href)")
        assert any("baserli.html" in href for href in hrefs)
        page.goto((unzipped / "book" / "chapters" / "baserli.html").as_uri())
        page.hover("a[data-preview]")
        page.wait_for_function("() => !document.getElementById('reader-preview').hidden", timeout=5_000)
    finally:
        page.close()
    assert not errors, errors


def test_downloads_page_lists_each_file_with_its_size(with_offline, unzipped):
    page = (with_offline / "book" / "back" / "downloads.html").read_text(encoding="utf-8")
    listed = re.findall(r'<a href="\.\./\.\./([^"]+)" download>[^<]*</a> '
                        r'<span class="download-size" data-file="([^"]+)">([^<]*)</span>', page)
    offline = next(f for f in FORMATS if f.key == "offline")
    assert offline.whole in [file for file, _, _ in listed]
    for href, file, size in listed:
        assert href == file and (with_offline / file).is_file(), file
        assert size == human_size((with_offline / file).stat().st_size)
    inside = (unzipped / "book" / "back" / "downloads.html").read_text(encoding="utf-8")
    assert offline.whole not in inside and "this copy" in inside


def test_every_download_link_of_the_site_names_an_existing_file_and_its_size(site):
    """The Downloads page and each chapter's download line: no dead link, whatever the build made."""
    links = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for file, size in re.findall(r'<span class="download-size" data-file="([^"]+)">([^<]*)</span>', text):
            assert (site / file).is_file(), f"{page}: {file}"
            assert size == human_size((site / file).stat().st_size), f"{page}: {file}"
        for href in re.findall(r'<a href="([^"]+)" download>', text):
            links += 1
            assert (page.parent / href).resolve().is_file(), f"{page}: {href}"
    assert links > 0


# A word the Downloads page says only of that format (its `about` holds it).
NAMED = {"pdf": "PDF", "instructor-pdf": "PDF", "epub": "EPUB", "offline": "whole website"}


def downloads_text(site, project) -> str:
    page = BeautifulSoup((site / project.page(project.downloads_page)).read_text(encoding="utf-8"), "html.parser")
    return " ".join(page.select_one("article.bd-article").get_text(" ").split())


def test_the_downloads_page_describes_only_the_files_its_build_made(site, project, tmp_path):
    """`make book` makes no PDF, EPUB or offline copy: its Downloads page names none of them, nor how
    to make them (the editors' README says that); each is described once it is made."""
    made = {form.key for form in offered("student") if (site / form.whole).is_file()}
    text = downloads_text(site, project)
    students = {form.key for form in offered("student")}  # the instructor's PDF is named "PDF" too
    assert not [key for key, word in NAMED.items() if key in students and key not in made and word in text]
    assert "make " not in text
    # a `make book` site, whatever this one was built with, and one with every download
    copy = tmp_path / project.page(project.downloads_page)
    copy.parent.mkdir(parents=True)
    shutil.copyfile(site / project.page(project.downloads_page), copy)
    write_list(tmp_path, project.page(project.downloads_page), offered("student", ()), book_pages(project))
    text = downloads_text(tmp_path, project)
    assert [word for word in NAMED.values() if word in text] == []
    assert "Each chapter as a Jupyter notebook" in text and "The whole book" in text
    write_list(tmp_path, project.page(project.downloads_page), offered("student"), book_pages(project))
    text = downloads_text(tmp_path, project)
    assert all(form.about in text for form in offered("student"))
    assert [key for key, word in NAMED.items() if "student" in next(f for f in FORMATS if f.key == key).editions
            and word not in text] == []


def test_on_demand_formats_are_offered_only_when_made_and_are_kept(tmp_path):
    assert {f.key for f in offered("student", ())} & {"pdf", "epub", "offline"} == set()
    assert {f.key for f in offered("student", ("pdf",))} >= {"pdf"}
    assert "instructor-pdf" not in {f.key for f in offered("student")}
    assert {"epub", "offline"} & {f.key for f in offered("instructor")} == set()
    project = Project(tmp_path)
    project.build.mkdir()
    assert formats_to_make(project, "student", ("pdf", "instructor-pdf")) == ["pdf"]
    project.made_formats("student").write_text("epub\n")
    assert formats_to_make(project, "student", ("pdf",)) == ["epub", "pdf"]
