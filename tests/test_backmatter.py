"""Glossary, people, timeline and bibliography tie the chapters together: a student can go from any
term, person or date to the paragraphs that mention it, and back."""

import csv
import re

from html_text import page, visible_text

from readertools.content.backmatter import bibliography_titles

CHAPTER = re.compile(r"chapters/([a-z-]+)\.html")


def target_text(site, href: str, here) -> str:
    """The visible text of the paragraph or note a link from `here` points to."""
    path, _, anchor = href.partition("#")
    soup = page((here.parent / path).resolve())
    element = soup.find(id=anchor)
    assert element is not None, f"{href}: no such anchor"
    if element.name == "span":  # a label inside its paragraph
        element = element.parent
    parts = [visible_text(element)]
    if "note" in element.get("class", []):  # a note goes on in the paragraphs that follow it
        for sibling in element.find_next_siblings("p"):
            if "note-cont" not in sibling.get("class", []):
                break
            parts.append(visible_text(sibling))
    return " ".join(parts)


def test_every_glossary_term_is_used_in_a_chapter_and_linked_from_it(site, book):
    glossary = page(site / "book" / "back" / "glossary.html")
    ids = {visible_text(dt).lower(): dt["id"] for dt in glossary.select("dl.glossary dt")}
    terms = book.glossary
    assert len(terms) >= 30 and len(ids) == len(terms)
    chapter_pages = {path.stem: path.read_text(encoding="utf-8")
                     for path in (site / "book" / "chapters").glob("*.html")}
    for term in terms:
        anchor = ids[term.name.lower()]
        dd = glossary.find(id=anchor).find_next_sibling("dd")
        used_in = [a["href"] for a in dd.select("a") if "/chapters/" in a["href"] and "#" in a["href"]]
        chapters = {CHAPTER.search(a["href"]).group(1) for a in dd.select("a") if CHAPTER.search(a["href"])}
        assert chapters, f"{term.name}: used in no chapter"
        assert any(f"glossary.html#{anchor}" in chapter_pages[c] for c in chapters), (
            f"{term.name}: not linked from any chapter that uses it")
        for href in used_in:
            text = target_text(site, href, site / "book" / "back" / "glossary.html").lower()
            assert any(form.lower() in text for form in term.forms), f"{term.name}: {href} does not use it"


def test_every_person_leads_to_paragraphs_that_name_them_and_back(site, book):
    people_page = site / "book" / "back" / "people.html"
    soup = page(people_page)
    people = book.people
    entries = soup.select("p.person")
    assert len(entries) == len(people) >= 30
    for person, entry in zip(people, entries, strict=True):
        assert visible_text(entry.find("strong")) == person.name
        links = [a["href"] for a in entry.select("a") if "/chapters/" in a["href"]]
        for href in links:
            # a paragraph or note; or, for a heading, byline or caption, the chapter page itself
            text = (target_text(site, href, people_page) if "#" in href
                    else page((people_page.parent / href).resolve()).get_text(" "))
            assert any(form in text for form in person.forms) or "Author of" in visible_text(entry), (
                f"{person.name}: {href} does not name them")
        assert links, f"{person.name}: no link to a chapter"
    chapter = (site / "book" / "chapters" / "baserli.html").read_text(encoding="utf-8")
    assert "people.html#person-joseph-stalin" in chapter


def test_every_timeline_mention_is_linked_to_the_paragraph_that_dates_it(site, project):
    timeline = site / "book" / "across" / "timeline.html"
    with project.timeline.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    linked = [row for row in rows if row["paragraph"] or row["note"]]
    links = {a["href"] for a in page(timeline).select("article li a") if "#" in a["href"]}

    def href_of(row):
        kind, number = ("p", row["paragraph"]) if row["paragraph"] else ("n", row["note"])
        return f"../chapters/{row['chapter']}.html#{row['chapter']}-{kind}-{number}"

    # one link for each place that gives an event a date (two rows may date one event alike from one place)
    places = {(row["event_id"], row["date_start"], row["date_end"], row["precision"],
               row["quote"] if row["precision"] == "inferred" else "", href_of(row)) for row in linked}
    items = page(timeline).select("article li")
    anchors = [a["href"] for a in page(timeline).select("article li a[href*='#']") if "-en-" not in a["href"]]
    # a disputed mention also links its editor's note (`-en-`), or its place again (a quotation identified)
    again = sum(item.get_text().count("quotation identified") for item in items)
    assert len(anchors) - again == len(places) > 100
    for row in linked:
        href = href_of(row)
        assert href in links, f"no link to {href} for {row['event_id']}"
        assert row["quote"] in target_text(site, href, timeline), f"{href} does not hold {row['quote']!r}"
    assert sum(1 for row in rows if row["dated_differently"] == "yes") >= 5
    flagged = {row["event_id"] for row in rows if row["dated_differently"] == "yes"}
    assert sum("⚑" in item.get_text() for item in page(timeline).select("article li")) == len(flagged)


def test_every_bibliography_entry_is_cited_and_listed(site, book, project):
    titles = bibliography_titles(project.bibliography)
    cited = {key for entries in book.citations.values() for key, _, _ in entries}
    assert set(titles) == cited, f"never cited: {sorted(set(titles) - cited)}"
    listed = page(site / "book" / "back" / "bibliography.html").select(".citation")
    assert len(listed) == len(titles)
    for chapter in book.citations:
        html = (site / "book" / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
        assert "bibliography.html#id" in html, f"{chapter}: Further reading does not link the bibliography"
