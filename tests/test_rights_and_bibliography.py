"""The reader's licences, rights statement and citation file, and the bibliography as it renders."""

import re
from collections import Counter

import yaml
from html_text import page

from readertools.paths import Project

ROOT = Project.here().root

FOOTER = "reproduced for teaching, criticism and review"


def test_code_content_and_sources_each_have_their_terms():
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    content = (ROOT / "LICENSE-content.md").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International" in content and "Why these licences" in content
    rights = " ".join((ROOT / "RIGHTS.md").read_text(encoding="utf-8").split())
    assert "remain the property of their authors and publishers" in rights
    assert "teaching, criticism and review" in rights


def test_every_page_carries_the_rights_statement_in_its_footer(site):
    pages = sorted(path for path in site.rglob("*.html") if "_static" not in path.parts)
    assert pages
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if path.name in ("search.html", "genindex.html") or 'http-equiv="refresh"' in text.lower():
            continue  # the search page, the index and the root's redirect
        assert FOOTER in text, f"{path.relative_to(site)} has no rights footer"


def test_the_front_matter_states_the_rights(site):
    text = page(site / "book" / "intro.html").get_text(" ")
    assert "Rights" in text and "teaching, criticism and review" in " ".join(text.split())


def test_citation_file_matches_the_how_to_cite_page():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    how = " ".join((ROOT / "book" / "back" / "how-to-cite.md").read_text(encoding="utf-8").split())
    preferred = cff["preferred-citation"]
    assert cff["title"] == preferred["title"] == config["title"]
    assert [a["name"] for a in preferred["authors"]] == [config["author"]]
    assert str(preferred["year"]) == str(config["copyright"])
    whole = f"{config['author']}. *{config['title']}*. {preferred['year']}."
    assert whole.lower() in how.lower(), "How to cite does not give the citation CITATION.cff gives"


def entries(soup) -> list[str]:
    return [" ".join(item.get_text(" ").split()) for item in soup.select(".citation")]


def test_no_bibliography_entry_renders_an_empty_title_a_double_hyphen_or_twice(site):
    listed = entries(page(site / "book" / "back" / "bibliography.html"))
    assert listed
    for entry in listed:
        assert "--" not in entry, entry
        assert not re.search(r"\*\*|\.\s*\.", entry.split(" ", 1)[1][:200]), f"empty title: {entry[:80]}"
    heads = Counter(re.sub(r"^\[\d+\]\s*", "", entry)[:120] for entry in listed)
    assert not [head for head, n in heads.items() if n > 1], "duplicate bibliography entries"


def test_further_reading_lists_each_work_once_with_a_title(site):
    for path in sorted((site / "book" / "chapters").glob("*.html")):
        soup = page(path)
        section = soup.select_one("section#further-reading")
        if section is None:
            continue
        items = [" ".join(li.get_text(" ").split()) for li in section.select("li")]
        heads = [item.split(":", 1)[0] for item in items]
        assert len(heads) == len(set(heads)), f"{path.name}: a work listed twice in Further reading"
        for item in items:
            assert "--" not in item and "**" not in item, f"{path.name}: {item[:80]}"
            assert section.select("li em"), f"{path.name}: Further reading without titles"
