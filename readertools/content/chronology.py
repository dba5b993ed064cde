"""The reference chronology, `book/chronology.yml`: dates from references outside the sources.

Each entry gives a date (Gregorian; the Julian "Old Style" date too for Russian dates before 1918; a
date before 1582, when the Gregorian calendar began, stays Julian: `checks.timeline_rules`),
the reference and the exact words that state the date; a date its quotation does not state stops the
build. `chronology_cell` writes the timeline's section of reference dates, apart from the events as
the sources state them.
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from readertools.errors import BookErrors, SourceError
from readertools.schema import load_yaml
from readertools.text.myst import literal

MONTHS = {
    "english": ["january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"],
    "french": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
               "octobre", "novembre", "décembre"],
}


GREGORIAN = date(1582, 10, 15)  # the Gregorian calendar's first day: a date before it stays Julian
JULIAN_LAST = (1582, 10, 4)  # the Julian calendar's last day in Rome, the eve of GREGORIAN


class Day(NamedTuple):
    """A day of the Julian calendar (an Old Style date), which `datetime.date` cannot always hold:
    29 February 1900 is one, and no Gregorian day."""
    year: int
    month: int
    day: int

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class Entry:
    id: str
    event: str
    date: date
    old_style: Day | None
    event_ids: tuple[str, ...]
    reference: str
    quote: str
    index: int = -1  # its place in the file, for messages


def states(quote: str, when: date | Day, year: bool = True) -> bool:
    """Whether the quotation states this day: its day number, its month's name (or its English
    abbreviation, "Jan.") and (unless the year is only given by the quotation's context) its year."""
    text = quote.lower()
    month = any(re.search(rf"(?<!\w){names[when.month - 1]}(?!\w)", text) for names in MONTHS.values())
    month = month or re.search(rf"(?<!\w){MONTHS['english'][when.month - 1][:3]}\.", text) is not None  # "Jan."
    return (month and re.search(rf"(?<!\d){when.day}(?!\d)", text) is not None
            and (not year or str(when.year) in text))


def read_chronology(path: Path) -> tuple[Entry, ...]:
    """The entries in date order, checked against `schemas/chronology.schema.yml`, each quotation
    stating its date (or its Old Style date); every problem at once."""
    entries, problems, seen = [], [], set()
    for index, item in enumerate(load_yaml(path, "chronology")):
        place = f"chronology[{index}] ({item['id']})"
        if item["id"] in seen:
            problems.append(SourceError(path, f"duplicate id {item['id']!r}", place=place))
        seen.add(item["id"])
        when = date.fromisoformat(item["date"])
        old = Day(*map(int, item["old_style"].split("-"))) if item.get("old_style") else None
        quote = " ".join(item["quote"].split())
        year = not item.get("year_in_context")
        if not (states(quote, when, year) or (old and states(quote, old, year))):
            problems.append(SourceError(path, f"the quotation does not state {when.isoformat()}",
                                        place=f"{place}.quote"))
        entries.append(Entry(item["id"], item["event"].strip(), when, old,
                             tuple(item.get("event_ids") or ()), item["reference"].strip(), quote, index))
    if problems:
        raise BookErrors(problems)
    return tuple(sorted(entries, key=lambda e: e.date))


def shown(entry: Entry) -> str:
    text = f"{entry.date.day} {entry.date:%B %Y}"
    if entry.date < GREGORIAN:  # before the Gregorian calendar: the Julian date, never converted
        return text + " (Julian calendar)"
    if entry.old_style:
        old = entry.old_style
        text += f" (New Style; {old.day} {MONTHS['english'][old.month - 1].capitalize()} Old Style)"
    return text


def chronology_cell(entries) -> str:
    """The timeline's reference chronology: each date with the reference that gives it."""
    lines = ["## Reference chronology", "", "{.editorial .text-note}",
             ("Dates from references outside the sources, each with its reference and the words that "
              "state it (the references' standpoints are listed on the {doc}`../back/datasets` page). "
              "Russian dates before February 1918 are given in the Gregorian calendar (New Style) with the "
              "Julian date (Old Style) that Russia then used; a date before 1582, when the Gregorian calendar "
              "began, stays in the Julian calendar, never converted. Compare them with the events as the sources "
              "state them, above."), "", "{.reader-dates}"]
    for entry in entries:  # one tight list, styled as the events' (book/_static/reader.css)
        lines.append(f"- **{shown(entry)}**: {literal(entry.event)}. *{literal(entry.reference)}*: "
                     f"“{literal(entry.quote)}”")
    return "\n".join(lines)
