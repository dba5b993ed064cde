"""Every date of the people and the glossary is checked against a reference or marked unverified, and
the answers and notes say the same about an identified quotation as book/quotations.yml.

The rules are in readertools/date_checks.py and readertools/quotation_agreement.py; these tests check
the real book against them, check that each rule catches what it is meant to catch (and only that),
and check what a reader sees on the People and Glossary pages.
"""

import re

import pytest
import yaml

from readertools.checks.dates import YEAR, date_problems, parts, states
from readertools.checks.quotation_agreement import agreement_problems, disagreements
from readertools.content.backmatter import bibliography_titles
from readertools.content.checked_dates import Check
from readertools.content.quotations import Quotation
from readertools.errors import BookErrors
from readertools.model import load_book


def entries(book):
    return [*book.people, *book.glossary]


def test_every_year_of_the_people_and_the_glossary_is_checked_or_marked_unverified(book):
    for entry in entries(book):
        text = " ".join(filter(None, (entry.dates, entry.text)))
        listed = {YEAR.search(d).group(1) for c in entry.checks for d in c.dates} | {
            YEAR.search(d).group(1) for d in entry.unverified}
        assert set(YEAR.findall(text)) <= listed, entry.name
    checked = [d for entry in entries(book) for c in entry.checks for d in c.dates]
    unverified = [d for entry in entries(book) for d in entry.unverified]
    assert len(checked) > len(unverified)  # a guard: more dates checked than waved through as unverified


def test_every_life_date_is_checked_and_every_quotation_states_its_dates(book):
    for person in book.people:
        for year in YEAR.findall(person.dates or ""):
            assert any(YEAR.search(d).group(1) == year for c in person.checks for d in c.dates), person.name
    for entry in entries(book):
        for check in entry.checks:
            assert check.reference or check.source, entry.name
            assert all(states(check.quote, d, check.year_in_context) for d in check.dates), (entry.name, check)


def test_old_style_dates_are_marked(book):
    """Where a reference gives a Julian day, the entry says which calendar its date is in."""
    marked = [e.name for e in entries(book)
              if any(c.calendar == "julian" and any(parts(d)[0] for d in c.dates) for c in e.checks)]
    assert {"October Revolution", "February Revolution", "Constituent Assembly", "April Theses"} <= set(marked)
    for name in marked:
        entry = next(e for e in entries(book) if e.name == name)
        assert re.search(r"(Old|New) Style", entry.text), name


def test_the_date_rule_catches_what_it_should():
    quote = "Karl Kautsky (born October 16, 1854, Prague—died October 17, 1938, Amsterdam)"
    good = Check(("1854", "1938"), quote, reference="Encyclopaedia Britannica")
    assert date_problems("people.yml", "Kautsky", 0, "1854–1938 Theorist.", (good,), (), {}) == []
    assert states("(1908–73). He served from 1970", "1973") and not states("(1908–73)", "1974")
    assert states("chairman 1943–76", "1976") and states("Politburo (1924–1929)", "1920s")
    uncovered = date_problems("people.yml", "Kautsky", 0, "1854–1938; wrote in 1918.", (good,), (), {})
    assert [str(p) for p in uncovered] == [
        "people.yml, [0] (Kautsky): the year 1918 is neither checked nor listed as unverified"]
    wrong = Check(("1855",), quote, reference="Encyclopaedia Britannica")
    messages = [str(p) for p in date_problems("people.yml", "K", 0, "1854–1938, 1855", (good, wrong), (), {})]
    assert "people.yml, [0] (K).checked[1]: the quotation does not state '1855'" in messages
    julian = Check(("25 October 1917",), "25 October 1917 Old Style", reference="Wikipedia")
    [message] = [str(p) for p in date_problems("glossary.yml", "October", 3, "On 25 October 1917.", (julian,), (), {})]
    assert "Old Style (Julian) date" in message and "[3] (October).checked[0]" in message
    source = Check(("2024",), "published on January 22, 2024", source="baserli")
    assert date_problems("people.yml", "B", 0, "2024", (source,), (), {"baserli": "By Léo Baserli, January 22, 2024"})


def test_a_wrong_date_check_stops_the_book_with_a_located_message(copy):
    path = copy.people
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    allende = next(p for p in data if p["name"] == "Salvador Allende")
    allende["checked"][0]["quote"] = "Salvador Allende became Chile’s first socialist president."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(BookErrors) as caught:
        load_book(copy)
    messages = [str(p) for p in caught.value.problems]
    assert any(m.endswith("people.yml, [0] (Salvador Allende).checked[0]: the quotation does not state '1908'")
               for m in messages), messages


def test_people_and_glossary_pages_cite_the_date_checks(site):
    people = (site / "book" / "back" / "people.html").read_text(encoding="utf-8")
    assert "Dates checked against" in people and "Encyclopaedia Britannica, Britannica Student Encyclopedia" in people
    assert "Not verified here:" in people
    glossary = (site / "book" / "back" / "glossary.html").read_text(encoding="utf-8")
    assert "Dates checked against" in glossary and "Dictionnaire de l" in glossary


QUOTE = Quotation("x-marx", "pele", "p", 4, "cannot simply lay hold of the ready-made state machinery", "Marx",
                  "The Civil War in France", "1871", "established", "test", None)
NONE = Quotation("x-lenin", "pele", "p", 22, "first great imperialist war", "Lenin", None, None, "unidentified",
                 "test", None)
TITLES = {"civil war in france", "state and revolution", "manifesto"}


@pytest.mark.parametrize("text, expected", [
    (("Pelé quotes Marx: the working class “cannot simply lay hold of the ready-made state machinery”, "
      "from The Civil War in France (1871)."), []),
    ("The words “cannot simply lay hold of the ready-made state machinery” come from The State and Revolution.",
     ["x-marx"]),
    ("Marx wrote that they “cannot simply lay hold of the ready-made state machinery” (The Civil War in France, 1870).",
     ["x-marx"]),
    ("Lenin's “first great imperialist war” is from The State and Revolution.", ["x-lenin"]),
    ("Lenin's “first great imperialist war” has no stated source. The State and Revolution is another matter.", []),
])
def test_the_agreement_rule_flags_a_wrong_work_a_wrong_year_and_a_work_for_an_unidentified_quotation(text, expected):
    assert [qid for qid, _ in disagreements(text, (QUOTE, NONE), TITLES, {})] == expected


def test_the_answers_and_notes_agree_with_the_quotations_file(book, project):
    assert agreement_problems(book, bibliography_titles(project.bibliography)) == []
