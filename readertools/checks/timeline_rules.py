"""The timeline agrees with its notes, and a Julian date before 1582 is never converted.

Two rules, enforced by the build (`checks.cross`), each broken rule one located message:

- **A disputed date is flagged, with the better date.** Every row of `book/data/timeline.csv` whose
  date an editor's note or a quotation identification disputes (`content.timeline_disputes` says
  which) carries the ⚑ flag (`dated_differently` is `yes`), and the entry that disputes it gives the
  better date (a note's `better_date`; a quotation's `better_date` or `date`), which the timeline
  shows beside the row. An event an entry names under `timeline` has a row at the entry's place.
- **A Julian date before 1582 is never converted.** The Gregorian calendar began on 15 October 1582;
  a reference chronology entry dated before it gives the Julian date its reference states, and no
  `old_style` beside it: a proleptic “New Style” date for the sixteenth century is an anachronism.
"""


from readertools.content.chronology import GREGORIAN, JULIAN_LAST
from readertools.content.timeline_disputes import disputes, place
from readertools.errors import SourceError, shown


def _where(row: dict) -> str:
    spot = place(row)
    if spot is None:
        return f"{row['_place']} ({row['event_id']}, byline of {row['chapter']})"
    chapter, kind, number = spot
    return f"{row['_place']} ({row['event_id']}, {chapter} {'¶' if kind == 'p' else 'note'} {number})"


def timeline_problems(timeline_path, rows: list[dict], notes_path, notes, quotations_path,
                      quotations) -> list[SourceError]:
    """Disputed rows without the flag, disputing entries without a better date, and events named
    under `timeline` that have no row at the entry's place."""
    problems = []
    files = {"note": (notes_path, "notes", "editor's note"),
             "quotation": (quotations_path, "quotations", "quotation identification")}
    for entries, source in ((notes, "note"), (quotations, "quotation")):
        path, name, _ = files[source]
        for index, entry in enumerate(entries):
            spot = (entry.chapter, entry.kind, entry.number)
            here = {row["event_id"] for row in rows if place(row) == spot}
            for event in entry.timeline:
                if event not in here:
                    where = f"{entry.chapter} {'¶' if entry.kind == 'p' else 'note'} {entry.number}"
                    problems.append(SourceError(path, f"names the timeline event {event!r}, which has no row at "
                                                f"{where} in {shown(timeline_path)}",
                                                place=f"{name}[{index}] ({entry.id}).timeline"))
    unflagged, undated = {}, {}
    for dispute in disputes(rows, notes, quotations):
        path, name, what = files[dispute.source]
        if dispute.row.get("dated_differently") != "yes":
            unflagged.setdefault(id(dispute.row), (dispute.row, what, dispute.id))
        if not dispute.better:
            undated.setdefault((dispute.source, dispute.index), (path, name, dispute))
    for row, what, entry_id in unflagged.values():
        problems.append(SourceError(timeline_path, f"its date is disputed by the {what} {entry_id!r}: set "
                                    "dated_differently to yes, so that the timeline flags it (⚑)", place=_where(row)))
    for path, name, dispute in undated.values():
        field = "`better_date`" if dispute.source == "note" else "`better_date` (or the work's `date`)"
        problems.append(SourceError(path, f"disputes the date of {shown(timeline_path)}, {_where(dispute.row)}: "
                                    f"give the better date in {field}",
                                    place=f"{name}[{dispute.index}] ({dispute.id})"))
    return problems


def julian_problems(chronology_path, entries) -> list[SourceError]:
    """Reference chronology entries before 15 October 1582 that convert their date."""
    return [SourceError(chronology_path, f"a Julian date before 1582 is never converted: {entry.date.isoformat()} "
                        "is before the Gregorian calendar began (15 October 1582), so give the Julian date "
                        f"{entry.old_style.isoformat()} as `date` and no `old_style`",
                        place=f"chronology[{entry.index}] ({entry.id}).old_style")
            for entry in entries
            if entry.old_style and (entry.date < GREGORIAN or _day(entry.old_style) <= JULIAN_LAST)]


def _day(day) -> tuple[int, int, int]:
    """A `date` or a `chronology.Day` as (year, month, day), which compare whatever the calendar."""
    return day.year, day.month, day.day
