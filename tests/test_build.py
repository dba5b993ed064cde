"""The built book: every chapter present with its numbered, anchored paragraphs and linked notes,
in the order of the table of contents, with nothing loaded from another host."""

import re

import yaml
from html_text import page


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
