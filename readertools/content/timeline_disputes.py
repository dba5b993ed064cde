"""Which timeline rows an editor's note or a quotation identification disputes, and the better date.

A row of `book/data/timeline.csv` records the date one mention in a source gives. The apparatus
disputes that date when

- an editor's note of kind `date` or `chronology` stands at the same place (chapter and paragraph,
  or chapter and note) and its quoted words overlap the row's (one holds the other);
- a quotation identification at the same place gives the quoted work a date whose years do not
  include the row's year, and the row dates the writing of the quoted words: its label has the
  quoted author write, say, publish or dictate (“Marx writes …”);
- either names the row's event under `timeline` (for a dispute the words do not show).

The better date is the note's `better_date`, or the quotation's (its `better_date`, else its
`date`). `checks.timeline_rules` holds every disputed row to the ⚑ flag and its entry to a better
date; `content.timeline.events_cell` shows the better date beside the disputed mention.
"""

import re
from dataclasses import dataclass

DISPUTING_KINDS = ("date", "chronology")
YEAR = re.compile(r"(?<!\d)(1[0-9]\d\d|20\d\d)(?!\d)")
SAYING = r"(?:writes|wrote|says|said|publishes|published|dictates|dictated)\b"
RANGE = re.compile(r"(?<!\d)(1[0-9]\d\d|20\d\d)\s*[–-]\s*(1[0-9]\d\d|20\d\d|\d\d)(?!\d)")


@dataclass(frozen=True)
class Dispute:
    row: dict  # the timeline row
    source: str  # "note" or "quotation"
    id: str  # the note's or the quotation's id
    index: int  # its position in its file
    better: str | None  # the better date, as the editors give it


def place(row: dict) -> tuple[str, str, int] | None:
    """(chapter, "p" or "n", number) of a timeline row, or None for a byline or caption."""
    if row.get("paragraph"):
        return row["chapter"], "p", int(row["paragraph"])
    if row.get("note"):
        return row["chapter"], "n", int(row["note"])
    return None


def folded(text: str) -> str:
    return " ".join(text.lower().split())


def overlap(a: str, b: str) -> bool:
    a, b = folded(a), folded(b)
    return bool(a and b) and (a in b or b in a)


def years(text: str) -> set[int]:
    """Every year a date written in words gives: "1845–1846" and "1845–46" give both and those
    between; "late 1922" gives 1922."""
    found = {int(y) for y in YEAR.findall(text or "")}
    for start, end in RANGE.findall(text or ""):
        end = int(start[:2] + end) if len(end) == 2 else int(end)
        found |= set(range(int(start), end + 1))
    return found


def _surname(author: str) -> str:
    """The first capitalised word of the author the quotation names ("Marx (quoted through Trotsky)"
    gives "Marx", "the History of the CPSU(B)" gives "History")."""
    word = re.search(r"\b[A-Z][^\W\d_]+", author)
    return word.group(0) if word else ""


def disputes(rows: list[dict], notes, quotations) -> list[Dispute]:
    """Every (row, entry) pair in which the entry disputes the row's date (see the module docstring)."""
    found = []
    for index, note in enumerate(notes):
        where = (note.chapter, note.kind, note.number)
        named = set(getattr(note, "timeline", ()) or ())
        for row in rows:
            if place(row) != where:
                continue
            if row["event_id"] in named or (note.category in DISPUTING_KINDS and overlap(note.quote, row["quote"])):
                found.append(Dispute(row, "note", note.id, index, getattr(note, "better_date", None)))
    for index, quotation in enumerate(quotations):
        where = (quotation.chapter, quotation.kind, quotation.number)
        better = getattr(quotation, "better_date", None) or quotation.date
        named = set(getattr(quotation, "timeline", ()) or ())
        author = _surname(quotation.author)
        for row in rows:
            if place(row) != where:
                continue
            if row["event_id"] not in named:
                if not quotation.date or int(row["date_start"][:4]) in years(quotation.date):
                    continue
                if not (author and re.search(rf"\b{re.escape(author)}\b {SAYING}", row["event"])):
                    continue
            found.append(Dispute(row, "quotation", quotation.id, index, better))
    return found


def better_dates(found: list[Dispute]) -> dict[int, list[Dispute]]:
    """id(row) -> the disputes of that row, notes first."""
    by_row = {}
    for dispute in sorted(found, key=lambda d: d.source != "note"):
        by_row.setdefault(id(dispute.row), []).append(dispute)
    return by_row
