"""The timeline agrees with its notes, and a Julian date before 1582 is never converted.

The rules are in readertools/checks/timeline_rules.py (which rows a note or a quotation disputes:
readertools/content/timeline_disputes.py). These tests hold small fixtures to each rule, with the
exact located message, show that the build enforces them, and check the real book and its timeline
page: every disputed row flagged, with the better date beside it.
"""

import re
from datetime import date

import pytest
import yaml
from html_text import page

from readertools.checks.timeline_rules import julian_problems, timeline_problems
from readertools.content.chronology import Entry
from readertools.content.editor_notes import EditorNote
from readertools.content.quotations import Quotation
from readertools.content.timeline_disputes import disputes, years
from readertools.errors import BookErrors
from readertools.model import load_book


def row(line, event, when, quote, flagged="no", paragraph="26", precision="month", label="An event"):
    return {"_place": f"row {line}", "event_id": event, "event": label, "date_start": when, "precision": precision,
            "chapter": "baserli", "paragraph": paragraph, "note": "", "quote": quote, "dated_differently": flagged}


def note(quote, kind="chronology", better=None, paragraph=26, timeline=()):
    return EditorNote("bloc", "baserli", "p", paragraph, quote, kind, "problem", "evidence", (), None, better,
                      tuple(timeline))


def quotation(quote, author, when, paragraph=8, timeline=()):
    return Quotation("marx", "baserli", "p", paragraph, quote, author, "The German Ideology", when, "established",
                     "test", None, None, tuple(timeline))


def messages(rows, notes=(), quotations=()):
    return [str(p) for p in timeline_problems("timeline.csv", rows, "notes.yml", notes, "quotations.yml", quotations)]


BLOC = "It was in November 1923 that he proposed to Trotsky"


def test_a_disputed_row_must_carry_the_flag():
    rows = [row(82, "lenin-trotsky-bloc", "1923-11", BLOC)]
    assert messages(rows, [note(BLOC, better="late 1922")]) == [(
        "timeline.csv, row 82 (lenin-trotsky-bloc, baserli ¶ 26): its date is disputed by the editor's note "
        "'bloc': set dated_differently to yes, so that the timeline flags it (⚑)")]


def test_the_disputing_note_must_give_the_better_date():
    rows = [row(82, "lenin-trotsky-bloc", "1923-11", BLOC, flagged="yes")]
    assert messages(rows, [note("November 1923")]) == [(
        "notes.yml, notes[0] (bloc): disputes the date of timeline.csv, row 82 (lenin-trotsky-bloc, baserli ¶ 26): "
        "give the better date in `better_date`")]
    assert messages(rows, [note("November 1923", better="late 1922")]) == []


def test_only_a_date_or_chronology_note_at_the_same_place_with_overlapping_words_disputes():
    rows = [row(82, "lenin-trotsky-bloc", "1923-11", BLOC)]
    assert messages(rows, [note(BLOC, kind="figure")]) == []  # a note on a figure does not dispute a date
    assert messages(rows, [note(BLOC, paragraph=27)]) == []  # another paragraph
    assert messages(rows, [note("he proposed to Trotsky a bloc")]) == []  # words that do not overlap
    named = messages(rows, [note("a bloc", better="late 1922", timeline=["lenin-trotsky-bloc"])])
    assert named == [("timeline.csv, row 82 (lenin-trotsky-bloc, baserli ¶ 26): its date is disputed by the "
                      "editor's note 'bloc': set dated_differently to yes, so that the timeline flags it (⚑)")]


def test_an_event_named_under_timeline_needs_a_row_at_the_notes_place():
    rows = [row(82, "lenin-trotsky-bloc", "1923-11", BLOC, flagged="yes")]
    assert messages(rows, [note("a bloc", better="late 1922", timeline=["lenin-georgia-shock"])]) == [(
        "notes.yml, notes[0] (bloc).timeline: names the timeline event 'lenin-georgia-shock', which has no row at "
        "baserli ¶ 26 in timeline.csv")]


def test_a_quotation_dated_otherwise_disputes_the_row_that_dates_its_writing():
    marx = row(2, "marx-productive-forces", "1842", "Some 75 years earlier, Karl Marx had written", paragraph="8",
               precision="inferred", label="Marx writes that developed productive forces are a premise of communism")
    october = row(3, "october-revolution", "1917-10", "the October Revolution", paragraph="8",
                  label="October Revolution")
    found = disputes([marx, october], (), [quotation("A development of the productive forces", "Marx", "1845–1846")])
    assert [(d.row["event_id"], d.better) for d in found] == [("marx-productive-forces", "1845–1846")]
    assert messages([marx, october], (), [quotation("A development", "Marx", "1845–1846")]) == [(
        "timeline.csv, row 2 (marx-productive-forces, baserli ¶ 8): its date is disputed by the quotation "
        "identification 'marx': set dated_differently to yes, so that the timeline flags it (⚑)")]
    assert disputes([marx], (), [quotation("A development", "Marx", "1842")]) == []  # the same year agrees
    reported = row(54, "declaration", "1920", "After two and a half years", paragraph="8", precision="inferred",
                   label="Bolsheviks tell the Communist International (Lenin, as quoted by the CRC)")
    assert disputes([reported], (), [quotation("After two and a half years", "Lenin", "1921")]) == []


def test_years_of_a_date_in_words():
    assert years("1845–1846") == {1845, 1846} and years("1845–46") == {1845, 1846}
    assert years("late 1922, before the stroke of December 1922") == {1922} and years(None) == set()


def entry(when, old=None):
    return Entry("ivan-iv-crowned", "Ivan IV crowned", when, old, (), "Wikipedia", "Coronation16 (26) January 1547", 0)


def test_a_julian_date_before_1582_is_never_converted():
    assert [str(p) for p in julian_problems("chronology.yml", [entry(date(1547, 1, 26), date(1547, 1, 16))])] == [(
        "chronology.yml, chronology[0] (ivan-iv-crowned).old_style: a Julian date before 1582 is never converted: "
        "1547-01-26 is before the Gregorian calendar began (15 October 1582), so give the Julian date 1547-01-16 as "
        "`date` and no `old_style`")]
    assert julian_problems("chronology.yml", [entry(date(1547, 1, 16))]) == []
    assert julian_problems("chronology.yml", [entry(date(1917, 4, 16), date(1917, 4, 3))]) == []


def test_the_build_stops_on_an_unflagged_disputed_row_and_on_a_converted_julian_date(copy):
    timeline = copy.timeline
    text = timeline.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("lenin-trotsky-bloc,"))
    timeline.write_text(text.replace(line, line.removesuffix(",yes") + ",no"), encoding="utf-8")
    chronology = yaml.safe_load(copy.chronology.read_text(encoding="utf-8"))
    chronology[0].update(date="1547-01-26", old_style="1547-01-16")
    copy.chronology.write_text(yaml.safe_dump(chronology, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(BookErrors) as caught:
        load_book(copy)
    found = [str(p) for p in caught.value.problems]
    assert any(re.fullmatch(r"book/data/timeline.csv, row \d+ \(lenin-trotsky-bloc, baserli ¶ 26\): its date is "
                            r"disputed by the editor's note 'bloc-november-1923': set dated_differently to yes, so "
                            r"that the timeline flags it \(⚑\)", m) for m in found), found
    assert ("book/chronology.yml, chronology[0] (ivan-iv-crowned).old_style: a Julian date before 1582 is never "
            "converted: 1547-01-26 is before the Gregorian calendar began (15 October 1582), so give the Julian date "
            "1547-01-16 as `date` and no `old_style`") in found


def test_the_real_timeline_agrees_with_its_notes(book):
    found = disputes(book.timeline, book.editor_notes, book.quotations)
    disputed = {d.row["event_id"] for d in found}
    assert {"lenin-trotsky-bloc", "lenin-georgia-shock", "marx-productive-forces", "lenin-return-1917"} <= disputed
    assert all(d.row["dated_differently"] == "yes" and d.better for d in found)
    assert all(e.old_style is None for e in book.chronology if e.date < date(1582, 10, 15))


def test_the_timeline_page_shows_the_flag_and_the_better_date(site):
    items = {re.sub(r"\s+", " ", li.get_text(" ")).strip() for li in
             page(site / "book" / "across" / "timeline.html").select("article li")}
    for label, better in [("Lenin proposes to Trotsky", "better date: late 1922"),
                          ("Lenin learns of the events in Georgia", "better date: late 1922"),
                          ("Marx writes that developed productive forces", "better date: 1845–1846"),
                          ("Lenin returns from exile", "better date: 16 April 1917")]:
        item = next(text for text in items if label in text)
        assert "⚑" in item and better in item, item
    ivan = next(text for text in items if "Ivan IV crowned" in text)
    assert ivan.startswith("16 January 1547 (Julian calendar)") and "New Style" not in ivan.split(":")[0]
