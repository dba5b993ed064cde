"""The instructor edition carries its kit: `make downloads` makes every lesson chapter's seminar
packet and answer key (and the question banks) into the instructor site, its page "For instructors:
materials" lists them with their sizes, the guide links that page first, the student edition never
offers or holds any of it, and `make offline EDITION=instructor` zips the instructor edition outside
its site.

`make test` builds the editions without the on-demand downloads, so the module gives a copy of the
built instructor edition its kit with the function `make downloads` calls (the packets and keys are
printed once and kept in the build's cache, as a build keeps them).
"""

import dataclasses
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from pypdf import PdfReader
from test_browser import DARK, VIOLATIONS_ONLY
from test_instructor import holds, text_of

from readertools.__main__ import main
from readertools.checks.leaks import words
from readertools.content.lessons import lesson_chapters
from readertools.exports.chromium import served
from readertools.exports.downloads import NO_MATERIALS, human_size, lesson_pages, make_downloads, write_materials
from readertools.exports.offline import make_instructor_offline
from readertools.formats import FORMATS, chapter_file, downloads, offered
from readertools.generate.guide import guide_page
from readertools.model import student_edition
from readertools.paths import Project
from readertools.publish.plan import formats_to_make

KIT = [form for form in FORMATS if form.listed_on == "materials"]
BY_KEY = {form.key: form for form in KIT}
SHOTS = Path("/tmp/kit-shots")  # the materials page as the browser test saw it, to look at
SPLIT = """els => els.filter(e => Math.abs(e.querySelector('a').getBoundingClientRect().top
    - e.querySelector('.download-size').getBoundingClientRect().top) > 2).map(e => e.textContent)"""
WIDER_THAN_SCREEN = """w => [...document.querySelectorAll('article *')]
    .filter(e => e.getBoundingClientRect().right > w + 1).map(e => e.tagName + ' ' + e.textContent.slice(0, 40))"""


@pytest.fixture(scope="module")
def kit_site(instructor_site, book, tmp_path_factory):
    """A copy of the built instructor edition given its kit, as `make downloads` gives it. In a thread of
    its own: the kit prints with a Chromium of its own, and Playwright's sync API cannot start one in a
    thread that already drives the session's `browser`."""
    copy = tmp_path_factory.mktemp("instructor") / "html"
    shutil.copytree(instructor_site, copy)
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(make_downloads, book, "instructor", copy, [form.key for form in KIT]).result()
    return copy


def materials(site, project) -> BeautifulSoup:
    page = BeautifulSoup((site / project.page(project.materials_page)).read_text(encoding="utf-8"), "html.parser")
    return page.select_one("article.bd-article")


def test_the_materials_page_lists_every_lesson_s_packet_and_key_with_its_size(kit_site, book, project):
    article = materials(kit_site, project)
    rows = article.select("ul.reader-kit-chapters > li")
    pages = lesson_pages(book)
    assert len(rows) == len(pages) == len(lesson_chapters(book))
    for row, cid, doc in zip(rows, lesson_chapters(book), pages, strict=True):
        number = book.numbers[cid]
        assert row.select_one(".reader-kit-chapter").get_text().startswith(f"{number}. ")
        links = row.select("a[download]")
        assert [a.get_text() for a in links] == [BY_KEY["packets"].label, BY_KEY["keys"].label]
        for link, key in zip(links, ("packets", "keys"), strict=True):
            target = chapter_file(BY_KEY[key], doc)
            assert link["href"] == f"../../{target}"
            file = kit_site / target
            assert link.find_next_sibling("span", class_="download-size").get_text() == human_size(file.stat().st_size)
            kind = "Seminar packet" if key == "packets" else "Answer key"
            reader = PdfReader(file)
            assert reader.metadata.title == f"Chapter {number} · {kind}", target
            first = text_of_page(reader, 0)
            assert f"chapter {kind.lower()}" in first, target  # its kicker (numbers are not words)
            central = (student_edition(book) if key == "packets" else book).apparatus[cid].central_question
            assert holds(first, central), target
    for form in KIT:  # each kind of file is said what it is, and how to use it
        assert form.about in article.get_text(" ")


def test_the_materials_page_lists_the_question_bank_of_each_platform(kit_site, project):
    """Canvas's QTI package, Moodle XML and Common Cartridge, each with its size, what imports it and
    how; each file is of its format (a package with its manifest, Moodle's <quiz>)."""
    article = materials(kit_site, project)
    banks = {form.key: form for form in KIT if form.whole}
    assert set(banks) == {"canvas", "moodle", "common-cartridge"}
    for key, form in banks.items():
        link = article.select_one(f'li[data-format="{key}"] a[download]')
        file = kit_site / form.whole
        assert link["href"] == f"../../{form.whole}" and link.get_text() == file.name
        assert link.find_next_sibling("span", class_="download-size").get_text() == human_size(file.stat().st_size)
        if key == "moodle":
            assert ElementTree.parse(file).getroot().tag == "quiz"
        else:
            with zipfile.ZipFile(file) as package:
                assert "imsmanifest.xml" in package.namelist()
    text = " ".join(article.get_text(" ").split())
    for words_of in ("Canvas", "“QTI .zip file”", "“Moodle XML format”", "grader information", "Brightspace",
                     "Blackboard", "Common Cartridge"):
        assert words_of in text, words_of


def text_of_page(reader, index: int) -> str:
    """A page's words, ligatures such as "ﬁ" undone (as `test_instructor.text_of` reads a whole PDF)."""
    return " ".join(words(unicodedata.normalize("NFKC", reader.pages[index].extract_text())))


def test_a_listed_packet_holds_no_answer_and_its_key_every_answer(kit_site, book):
    doc = lesson_pages(book)[lesson_chapters(book).index("henry")]
    packet = text_of(kit_site / chapter_file(BY_KEY["packets"], doc))
    key = text_of(kit_site / chapter_file(BY_KEY["keys"], doc))
    for question in book.apparatus["henry"].questions:
        assert holds(packet, question.text) and not holds(packet, question.answer), question.number
        assert holds(key, question.answer), question.number
    assert all(holds(key, sample.text) for sample in book.apparatus["henry"].sample_answers)


def test_the_kit_is_listed_on_the_materials_page_alone(kit_site, project, book):
    downloads_page = (kit_site / project.page(project.downloads_page)).read_text(encoding="utf-8")
    chapter = (kit_site / f"{lesson_pages(book)[0]}.html").read_text(encoding="utf-8")
    for form in KIT:
        assert form.about not in downloads_page and form.label not in downloads_page
        assert form.label not in chapter  # a chapter page links its own Downloads-page files only
    assert "downloads/instructor/" not in downloads_page + chapter
    assert 'class="reader-downloads"' in chapter  # its own download line is still there


def test_a_student_edition_never_offers_or_holds_the_kit(site, project, tmp_path):
    """Keys hold answers: no student build offers the kit, however it is asked for, and the student
    site holds none of it, nor the materials page, nor a link to it."""
    assert not {form.key for form in offered("student")} & set(BY_KEY)
    assert set(BY_KEY) <= set(downloads())  # `make downloads` asks for them, for both editions
    bare = Project(tmp_path)
    bare.build.mkdir()
    assert not set(formats_to_make(bare, "student", downloads())) & set(BY_KEY)
    assert set(formats_to_make(bare, "instructor", downloads())) >= set(BY_KEY)
    assert not (site / project.page(project.materials_page)).exists()
    assert not any((site / form.chapter.split("{doc}")[0]).exists() for form in KIT if form.chapter)
    assert not any((site / form.whole).exists() for form in KIT if form.whole)
    named = Path(project.page(project.materials_page)).name
    assert not [page for page in site.rglob("*.html") if named in page.read_text(encoding="utf-8")]
    assert named not in (site / "searchindex.js").read_text(encoding="utf-8")


def test_an_instructor_edition_built_without_its_kit_says_so(instructor_site, project, book, tmp_path):
    name = project.page(project.materials_page)
    (tmp_path / name).parent.mkdir(parents=True)
    shutil.copyfile(instructor_site / name, tmp_path / name)
    write_materials(tmp_path, name, [], lesson_pages(book))  # what `make instructor` writes
    text = " ".join(words(materials(tmp_path, project).get_text(" ")))
    assert holds(text, NO_MATERIALS) and "make downloads" in text
    assert "download-size" not in (tmp_path / name).read_text(encoding="utf-8")


def test_the_guide_links_the_materials_page_first_and_never_the_readme(book, project, instructor_site):
    guide = guide_page(book)
    assert "README" not in guide
    links = re.findall(r"\{doc\}`[^`<]*<([^>`]+)>`", guide)
    assert links[0] == "instructor-materials" == project.materials_page.stem
    section = guide[guide.index("## Handouts, answer keys and the question bank"):]
    assert re.findall(r"\{doc\}`[^`<]*<([^>`]+)>`", section)[0] == "instructor-materials"
    built = BeautifulSoup((instructor_site / project.page(project.instructor_guide)).read_text(encoding="utf-8"),
                          "html.parser").select_one("article.bd-article")
    assert built.select("a.reference.internal")[0]["href"] == Path(project.page(project.materials_page)).name
    # How to use this reader (a student page too) names the page without linking it, nor the README
    how = (project.book / "how-to-use.md").read_text(encoding="utf-8")
    instructors = how[how.index("## For instructors"):how.index("## For people running")]
    assert "README" not in instructors and '"For instructors: materials"' in instructors
    assert project.materials_page.stem not in how


def test_make_offline_zips_the_instructor_edition_outside_its_site(kit_site, book, project, tmp_path):
    """The zip `make offline EDITION=instructor` writes lies beside the published instructor site,
    never in it, and holds the edition with its kit and sizes filled."""
    assert not project.instructor_offline.is_relative_to(project.published("instructor"))
    assert not project.instructor_offline.is_relative_to(project.published("student"))
    elsewhere = Project(tmp_path)
    make_instructor_offline(dataclasses.replace(book, project=elsewhere), "instructor", kit_site)
    with zipfile.ZipFile(elsewhere.instructor_offline) as archive:
        names = set(archive.namelist())
        top = "reading-revolutions-instructor/"
        assert {name.split("/")[0] for name in names} == {top.rstrip("/")}
        page = archive.read(top + project.page(project.materials_page)).decode()
    listed = re.findall(r'<span class="download-size" data-file="([^"]+)">([^<]+)</span>', page)
    assert len(listed) == 2 * len(lesson_pages(book)) + sum(1 for form in KIT if form.whole)
    assert all(top + file in names and size for file, size in listed)


def test_make_offline_takes_the_edition_from_edition(monkeypatch, book, capsys):
    """`make offline EDITION=instructor` builds the instructor edition with its offline zip; the student
    edition is zipped when EDITION is left out."""
    import readertools.__main__ as command

    calls = []
    monkeypatch.setattr(command, "up_to_date", lambda *args: False)
    monkeypatch.setattr(command, "load_book", lambda *args, **kwargs: book)
    monkeypatch.setattr(command, "build_book", lambda book, editions, formats: calls.append((editions, formats))
                        or [Path("built")] * len(editions))
    for given, expected in (("instructor", (("instructor",), ("instructor-offline",))),
                            ("", (("student",), ("offline",)))):
        monkeypatch.setenv("READER_EDITION", given)
        assert main(["offline"]) == 0
        assert calls.pop() == expected
    assert "reading-revolutions-instructor-site.zip, outside the site and never published" in capsys.readouterr().out


def test_make_offline_refuses_an_edition_it_does_not_know(project):
    """Through make, exactly as an editor types it: one message, nothing built."""
    environ = {key: value for key, value in os.environ.items() if key not in ("EDITION", "READER_EDITION", "MAKEFLAGS")}
    result = subprocess.run(["make", "--no-print-directory", "-o", "browser", "offline", "INSTALLED=",
                             f"BIN={Path(sys.executable).parent}", "EDITION=bogus"], cwd=project.root,
                            capture_output=True, text=True, check=False, env=environ)
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (
        "error: EDITION, READER_EDITION in the environment: 'bogus' is not student or instructor: give "
        "EDITION=instructor to zip the instructor edition (outside its site, never published), or leave it out "
        "for the student edition")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_materials_page_reads_on_a_phone_and_a_laptop_light_and_dark(browser, kit_site, project, width,
                                                                         theme):
    """Nothing wider than the screen, every file's link and size on one line, and no axe finding
    (contrast included); a screenshot is left in /tmp/kit-shots/ to look at."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    if theme == "dark":
        context.add_init_script(DARK)
    page = context.new_page()
    try:
        with served(kit_site) as url:
            page.goto(url + project.page(project.materials_page))
            assert page.evaluate("document.documentElement.dataset.theme") == theme
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            wide = page.evaluate(WIDER_THAN_SCREEN, width)
            assert not wide, wide[:5]
            files = page.locator(".reader-kit-file").evaluate_all(SPLIT)
            assert not files, files
            found = Axe().run(page, options=VIOLATIONS_ONLY).response["violations"]
            assert not found, [(v["id"], v["nodes"][0]["target"]) for v in found]
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SHOTS / f"materials-{width}-{theme}.png"), full_page=True)
    finally:
        context.close()
