"""The reference chronology, `book/chronology.yml`: dates from references outside the sources.

Each entry gives a date (Gregorian; the Julian "Old Style" date too for Russian dates before 1918),
the reference and the exact words that state the date; a date its quotation does not state stops the
build. `chronology_cell` writes the timeline's section of reference dates, apart from the events as
the sources state them.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from .catalogue import ROOT
from .errors import SourceError

CHRONOLOGY = ROOT / "book" / "chronology.yml"
REQUIRED = {"id", "event", "date", "reference", "quote"}
OPTIONAL = {"old_style", "event_ids", "year_in_context"}
MONTHS = {
    "english": ["january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"],
    "french": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
               "octobre", "novembre", "décembre"],
}


@dataclass(frozen=True)
class Entry:
    id: str
    event: str
    date: date
    old_style: date | None
    event_ids: tuple[str, ...]
    reference: str
    quote: str


def _date(value, path, place) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise SourceError(path, f"{value!r} is not an ISO date (YYYY-MM-DD)", place=place) from None


def states(quote: str, when: date, year: bool = True) -> bool:
    """Whether the quotation states this day: its day number, its month's name and (unless the year
    is only given by the quotation's context) its year."""
    text = quote.lower()
    month = any(re.search(rf"(?<!\w){names[when.month - 1]}(?!\w)", text) for names in MONTHS.values())
    return (month and re.search(rf"(?<!\d){when.day}(?!\d)", text) is not None
            and (not year or str(when.year) in text))


@cache
def load_chronology(path: Path = CHRONOLOGY) -> tuple[Entry, ...]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list) or not data:
        raise SourceError(path, "expected a non-empty list of entries")
    entries, seen = [], set()
    for index, item in enumerate(data):
        place = f"chronology[{index}]"
        if not isinstance(item, dict) or not REQUIRED <= set(item) <= REQUIRED | OPTIONAL:
            raise SourceError(path, f"each entry needs {sorted(REQUIRED)} (optional: {sorted(OPTIONAL)})",
                              place=place)
        for key in ("id", "event", "reference", "quote"):
            if not isinstance(item[key], str) or not item[key].strip():
                raise SourceError(path, "expected non-empty text", place=f"{place}.{key}")
        if item["id"] in seen:
            raise SourceError(path, f"duplicate id {item['id']!r}", place=place)
        seen.add(item["id"])
        when = _date(item["date"], path, f"{place}.date")
        old = _date(item["old_style"], path, f"{place}.old_style") if item.get("old_style") else None
        quote = " ".join(item["quote"].split())
        year = not item.get("year_in_context")
        if not (states(quote, when, year) or (old and states(quote, old, year))):
            raise SourceError(path, f"the quotation does not state {when.isoformat()}",
                              place=f"{place}.quote")
        entries.append(Entry(item["id"], item["event"].strip(), when, old,
                             tuple(item.get("event_ids") or ()), item["reference"].strip(), quote))
    return tuple(sorted(entries, key=lambda e: e.date))


def shown(entry: Entry) -> str:
    text = f"{entry.date.day} {entry.date:%B %Y}"
    if entry.old_style:
        text += f" (New Style; {entry.old_style.day} {entry.old_style:%B} Old Style)"
    return text


def chronology_cell(path: Path = CHRONOLOGY) -> str:
    """The timeline's reference chronology: each date with the reference that gives it."""
    lines = ["## Reference chronology", "", "{.editorial .text-note}",
             ("Dates from references outside the sources, each with its reference and the words that "
              "state it (the references' standpoints are listed on the {doc}`../back/datasets` page). "
              "Russian dates before February 1918 are given in the Gregorian calendar (New Style) with the "
              "Julian date (Old Style) that Russia then used. Compare them with the events as the sources "
              "state them, above.")]
    for entry in load_chronology(path):
        lines += ["", f"- **{shown(entry)}**: {entry.event}. *{entry.reference}*: “{entry.quote}”"]
    return "\n".join(lines)
