"""The built book: every chapter present with its numbered, anchored paragraphs and linked notes,
in the order of the table of contents, with nothing loaded from another host, and the execution
page saying what the site was built with."""

import platform
import re
import subprocess
from importlib import metadata

import yaml
from html_text import page

from readertools.publish.built_with import built_with, write_built_with


def chapter_soup(site, chapter):
    path = site / "book" / "chapters" / f"{chapter.source.id}.html"
    assert path.is_file(), f"chapter page missing: {path.relative_to(site)}"
    return page(path)


def test_every_chapter_shows_all_its_paragraphs_numbered_and_anchored(site, chapters):
    for chapter in chapters:
        soup, cid = chapter_soup(site, chapter), chapter.source.id
        numbered = soup.select("article .para")
        assert len(numbered) == len(chapter.paragraphs), cid
        for n, element in enumerate(numbered, start=1):
            assert element.get("id") == f"p-{n}", cid
            assert element.select_one(".pnum").get_text() == str(n)
            assert element.select_one(".pnum")["href"] == f"#{cid}-p-{n}"
            label = soup.find(id=f"{cid}-p-{n}")
            # the label is a span inside the paragraph, or a block quotation around it
            assert element in list(label.parents) or label in list(element.parents), cid
            assert len(element.get_text(strip=True)) > len(str(n)), f"{cid} ¶ {n} is empty"


def test_notes_and_markers_link_both_ways(site, chapters):
    for chapter in (c for c in chapters if c.notes):
        soup, cid = chapter_soup(site, chapter), chapter.source.id
        for number in sorted({note.number for note in chapter.notes}):
            note = soup.find(id=f"n-{number}")
            assert note is not None and soup.find(id=f"{cid}-n-{number}") is not None, (cid, number)
            markers = soup.select(f'a.note-ref[href="#{cid}-n-{number}"]')
            assert len(markers) == 1, (cid, number)
            back = note.select_one("a.note-label")["href"].lstrip("#")
            target = soup.find(id=back)
            holder = target.parent if target.name == "span" else target
            assert markers[0] in holder.descendants, f"{cid} note {number} does not lead back"


def test_the_table_of_contents_numbers_the_chapters_in_order(site, project):
    toc = yaml.safe_load(project.toc.read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] if part.get("numbered") for c in part["chapters"]]
    nav = page(site / "book" / "intro.html").select("nav.bd-docs-nav a.reference")
    listed = [(a["href"], a.get_text(" ", strip=True)) for a in nav]
    for number, file in enumerate(files, start=1):
        name = file.removeprefix("book/") + ".html"
        entry = next((text for href, text in listed if href == name), None)
        assert entry is not None, f"{file} missing from the navigation"
        assert entry.startswith(f"{number}. "), entry


def test_pages_load_nothing_from_other_hosts(site):
    external = re.compile(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//', re.IGNORECASE)
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not external.search(html), f"{path.relative_to(site)} loads from another host"
        assert "mathjax" not in html.lower() and "thebe" not in html.lower(), path.relative_to(site)


def test_the_search_index_holds_the_source_texts(site):
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    for word in ("ordzhonikidz", "cordon", "versail", "kautski", "fatherland"):
        assert f'"{word}' in index, word


def tools_line() -> str:
    """The line's tools, as this environment (the one that built the site) has them."""
    version = metadata.version
    return (f"Built with Python {platform.python_version()}, jupyter-book {version('jupyter-book')}, Sphinx "
            f"{version('sphinx')}, pandas {version('pandas')} and matplotlib {version('matplotlib')}")


def git(root, *args) -> str:
    return subprocess.run(["git", "-c", "user.name=An Editor", "-c", "user.email=editor@example.org", "-c",
                           "commit.gpgsign=false", *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout.strip()


def test_the_execution_page_says_what_the_site_was_built_with(site, project):
    line = page(site / project.page(project.execution_page)).select_one("p.reader-built-with").get_text()
    assert line.startswith(tools_line())
    try:
        checkout = git(project.root, "rev-parse", "--show-toplevel") == str(project.root)
    except subprocess.CalledProcessError:
        checkout = False
    if not checkout:
        assert line == f"{tools_line()}."
        return
    # the commit the site was built from: HEAD, or one before it whose files the build reads are the same
    commit = re.fullmatch(rf"{re.escape(tools_line())}, from commit ([0-9a-f]{{12}})"
                          r"(?: \(with changes not committed\))?\.", line)
    assert commit, line
    git(project.root, "merge-base", "--is-ancestor", commit[1], "HEAD")


def test_the_built_with_line_names_the_commit_of_a_checkout_and_nothing_elsewhere(tmp_path):
    root = tmp_path / "project"
    (root / "book").mkdir(parents=True)
    (root / "book" / "a.md").write_text("A\n")
    (root / "notes.txt").write_text("not read by the build\n")
    inputs = ["book/a.md", "/elsewhere/readertools/model.py"]  # as plan.manifest names them
    assert built_with(root, inputs) == f"{tools_line()}."  # not a git checkout: no commit, no error
    git(root, "init", "-q")
    assert built_with(root, inputs) == f"{tools_line()}."  # no commit yet
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    head = git(root, "rev-parse", "--short=12", "HEAD")
    assert built_with(root, inputs) == f"{tools_line()}, from commit {head}."
    (root / "notes.txt").write_text("changed, and no input\n")
    assert built_with(root, inputs) == f"{tools_line()}, from commit {head}."
    (root / "book" / "b.md").write_text("B\n")  # a new file the build reads
    assert built_with(root, inputs) == f"{tools_line()}, from commit {head} (with changes not committed)."
    assert built_with(root / "book", ["a.md"]) == f"{tools_line()}."  # inside a checkout, not its top


def test_each_build_writes_the_line_again(tmp_path):
    page_name = "book/back/execution.html"
    (tmp_path / "book" / "back").mkdir(parents=True)
    (tmp_path / page_name).write_text('<p>Before.</p>\n<p class="reader-built-with"></p>\n<p>After.</p>')
    write_built_with(tmp_path, page_name, "Built with Python 3 & more.")
    write_built_with(tmp_path, page_name, "Built with Python 4.")
    assert (tmp_path / page_name).read_text() == (
        '<p>Before.</p>\n<p class="reader-built-with">Built with Python 4.</p>\n<p>After.</p>')
    write_built_with(tmp_path, page_name, "Built with Python 3 & more.")
    assert "Python 3 &amp; more.</p>\n<p>After.</p>" in (tmp_path / page_name).read_text()
