"""Evidence worth the word "checked": every reference has a kind, and a `checked:` date rests on a
scholarly work or a reference work, or on journalism for an event it reported.

The rule is in readertools/checks/evidence_kinds.py; these tests hold a small fixture to it, with the
exact located messages, show that the build enforces it, and check the real book and its pages.
"""

import pytest
import yaml
from html_text import page

from readertools.checks.evidence_kinds import checked_problems, kind_of
from readertools.content.standpoints import reference_kinds
from readertools.errors import BookErrors
from readertools.model import load_book

KINDS = {"Encyclopaedia Britannica": "reference", "CNN": "journalism", "newsimages.fr": "journalism",
         "Historical Nations wiki": "popular", "Marxists Internet Archive": "scholarly",
         "CIA, Allende's Chile": "document"}


def entry(reference, dates, **more):
    return {"name": "X", "checked": [{"dates": dates, "reference": reference, "quote": "q", **more}]}


def messages(*entries):
    return [str(p) for p in checked_problems("people.yml", list(entries), "name", KINDS, "book/standpoints.yml")]


def test_a_scholarly_or_reference_work_bears_a_checked_date():
    assert messages(entry("Encyclopaedia Britannica, 'Salvador Allende'", ["1908"]),
                    entry("Marxists Internet Archive, Lenin", ["1917"])) == []
    assert messages({"name": "B", "checked": [{"dates": ["1992"], "source": "avakian", "quote": "q"}]}) == []


def test_a_popular_page_or_a_document_does_not():
    assert messages(entry("Historical Nations wiki (fandom.com), 'Soviet Union'", ["1918"])) == [(
        "people.yml, [0] (X).checked[0]: \"Historical Nations wiki (fandom.com), 'Soviet Union'\" is a popular or "
        "commercial page (book/standpoints.yml), which is not evidence for `checked:`: cite a scholarly edition or "
        "monograph or a reference work, or move the dates to `unverified:` with the reason")]
    assert "is a primary document" in messages(entry("CIA, Allende's Chile", ["1972"]))[0]


def test_journalism_bears_only_an_event_it_reported():
    assert messages(entry("CNN, 'Chilean military coup of 1973'", ["11 September 1973"])) == [(
        "people.yml, [0] (X).checked[0]: \"CNN, 'Chilean military coup of 1973'\" is journalism, which is evidence "
        "only for an event it reported: give the date it was published in `published`")]
    reported = messages(entry("CNN, 'Chilean military coup of 1973'", ["11 September 1973"], published="2013-09-11"))
    assert reported == [(
        "people.yml, [0] (X).checked[0]: \"CNN, 'Chilean military coup of 1973'\" is journalism published in 2013, "
        "which did not report 11 September 1973: cite a scholarly edition or monograph or a reference work, or move "
        "the date to `unverified:` with the reason")]
    assert messages(entry("newsimages.fr, 'Fabien Roussel'", ["2018"], published="2018-12-18")) == []


def test_the_longest_matching_reference_gives_the_kind():
    assert kind_of("Marxists Internet Archive, Lenin", {**KINDS, "Marxists Internet Archive, Lenin": "popular"}) == \
        "popular"
    assert kind_of("Unknown page", KINDS) is None


def test_every_reference_has_a_kind_and_the_real_book_keeps_the_rule(book, project):
    kinds = reference_kinds(project.standpoints)
    assert set(kinds) == set(book.standpoints) and set(kinds.values()) <= {
        "scholarly", "reference", "journalism", "popular", "document"}
    for entry in (*book.people, *book.glossary):
        for check in entry.checks:
            if check.reference:
                assert kind_of(check.reference, kinds) in ("scholarly", "reference", "journalism"), entry.name
    for retired in ("CNN", "Getty Images", "Google Arts", "Historical Nations", "TeacherVision", "Spartacus",
                    "Socialism Today", "mythesis.help"):
        assert not any(retired in (check.reference or "") for e in (*book.people, *book.glossary) for check in e.checks)


def test_the_build_stops_on_a_checked_date_resting_on_a_popular_page(copy):
    data = yaml.safe_load(copy.people.read_text(encoding="utf-8"))
    lenin = next(p for p in data if p["name"] == "Vladimir Lenin")
    lenin["checked"][0]["reference"] = "TeacherVision, 'Vladimir I. Lenin - Biography & Activities'"
    copy.people.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(BookErrors) as caught:
        load_book(copy)
    index = data.index(lenin)
    assert (f"book/people.yml, [{index}] (Vladimir Lenin).checked[0]: \"TeacherVision, 'Vladimir I. Lenin - "
            "Biography & Activities'\" is a popular or commercial page (book/standpoints.yml), which is not evidence "
            "for `checked:`: cite a scholarly edition or monograph or a reference work, or move the dates to "
            "`unverified:` with the reason"
            ) in [str(p) for p in caught.value.problems]


def test_the_pages_show_the_kinds_and_the_dates_moved_to_unverified(site):
    datasets = page(site / "book" / "back" / "datasets.html").get_text(" ")
    assert "Reference work." in datasets and "Scholarly edition or monograph." in datasets
    assert "Popular or commercial page." in datasets and "Journalism." in datasets
    glossary = " ".join(page(site / "book" / "back" / "glossary.html").get_text(" ").split())
    assert "1918 (only a fan-written wiki states the span" in glossary
    people = " ".join(page(site / "book" / "back" / "people.html").get_text(" ").split())
    assert "2017 (the only stored page found that states it is a photo agency's caption)" in people
    assert "Getty Images" not in people and "TeacherVision" not in people
