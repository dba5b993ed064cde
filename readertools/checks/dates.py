"""Every date the people and glossary entries give, checked against a reference or the source text.

Each entry of `book/people.yml` and `book/glossary.yml` lists under `checked:` the dates it gives,
each group with the reference (or the chapter whose source text states it) and the exact words that
state them, and under `unverified:` the dates no reference consulted here states. The rule, checked
by `date_problems` (and so by the build):

- every year the entry's text gives (its `dates` and its line or definition) is the year of a date
  listed under `checked:` or `unverified:`, so no date escapes the check;
- every listed date is a day of the calendar (`30 February 1917` is not), and one the entry gives:
  its day, month and year each stand in the entry's text;
- every checked date is stated by its quotation: the year (written out, or as the end of a range such
  as "1908–73"; or, marked `year_in_context`, given by the subject of a page whose words give day and
  month), and the month's name and the day where the date gives them;
- a quotation taken from a source text stands in that source's seed, as received;
- where the quotation marks a Julian ("Old Style") date and the entry gives the day, the entry says
  which calendar its date is in ("Old Style" or "New Style").

`dates_note` writes the line the People and Glossary pages show under each entry: what the dates were
checked against, and what could not be verified.
"""

import re

from readertools.content.chronology import MONTHS
from readertools.errors import SourceError
from readertools.schema import calendar_problem

YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
SHORT_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
JULIAN = re.compile(r"Old Style|\bO\.\s?S\.|Julian|ancien style|по старому стилю", re.IGNORECASE)


def parts(date: str) -> tuple[int | None, int | None, str]:
    """(day, month 1–12, year) of a date as the data write it: "1917", "March 1921", "25 October 1917"."""
    year = YEAR.search(date)
    month = next((i + 1 for names in MONTHS.values() for i, name in enumerate(names)
                  if re.search(rf"(?<!\w){name}(?!\w)", date.lower())), None)
    day = re.match(r"\s*(\d{1,2})(?!\d)", date)
    return (int(day.group(1)) if day else None), month, (year.group(1) if year else "")


def states_year(text: str, year: str, decade: bool = False) -> bool:
    """The year written out, or as the abbreviated end of a range ("1908–73", "1981-95"); for a
    decade ("1920s"), any year of it."""
    if decade:
        return any(states_year(text, year[:3] + str(n)) for n in range(10))
    if re.search(rf"(?<!\d){year}(?!\d)", text):
        return True
    return any(start[:2] + end == year for start, end in re.findall(r"(?<!\d)(\d{4})\s*[–-]\s*(\d{2})(?!\d)", text))


def states_month(text: str, month: int) -> bool:
    low = text.lower()
    return (any(re.search(rf"(?<!\w){names[month - 1]}(?!\w)", low) for names in MONTHS.values())
            or re.search(rf"(?<!\w){SHORT_MONTHS[month - 1]}", low) is not None)


def states(text: str, date: str, year_in_context: bool = False) -> bool:
    """Whether the words state the date: its year (unless the page's subject gives it), and its month
    and day where it gives them."""
    day, month, year = parts(date)
    decade = re.search(rf"{year}s\b", date) is not None
    return (bool(year) and (year_in_context or states_year(text, year, decade))
            and (month is None or states_month(text, month))
            and (day is None or re.search(rf"(?<!\d){day}(?!\d)", text) is not None))


def date_problems(path, name: str, index: int, text: str, checks, unverified, seeds: dict[str, str]):
    """Every way one entry breaks the rule in the module docstring, each located."""
    place = f"[{index}] ({name})"
    problems = []
    listed = [d for check in checks for d in check.dates] + list(unverified)
    covered = {parts(d)[2] for d in listed}
    for year in sorted(set(YEAR.findall(text)) - covered):
        problems.append(SourceError(path, f"the year {year} is neither checked nor listed as unverified",
                                    place=place))
    for date in listed:
        day, month, year = parts(date)
        # a day of either calendar: an entry's date may be Old Style (Julian), as its check may say
        wrong = calendar_problem(int(year), month, day, julian=True) if year else None
        if not year:
            problems.append(SourceError(path, f"{date!r} is not a date (no year)", place=place))
        elif wrong:
            problems.append(SourceError(path, f"{date!r} is not a date of the calendar: {wrong}", place=place))
        elif not states(text, date):
            problems.append(SourceError(path, f"{date!r} is not a date this entry gives", place=place))
    for number, check in enumerate(checks):
        where = f"{place}.checked[{number}]"
        if bool(check.reference) == bool(check.source):
            problems.append(SourceError(path, "give either a reference or a source, not both or neither", place=where))
        for date in check.dates:
            if not states(check.quote, date, check.year_in_context):
                problems.append(SourceError(path, f"the quotation does not state {date!r}", place=where))
        if check.source is not None:
            seed = " ".join(seeds.get(check.source, "").split())
            if check.source not in seeds:
                problems.append(SourceError(path, f"{check.source!r} is not a chapter of the catalogue", place=where))
            elif check.quote not in seed:
                problems.append(SourceError(path, "the quotation is not in that source's text", place=where))
        julian = check.calendar == "julian" or JULIAN.search(check.quote)
        if julian and any(parts(d)[0] for d in check.dates) and not re.search(r"(Old|New) Style", text):
            problems.append(SourceError(path, "the reference gives an Old Style (Julian) date, and the entry does "
                                        "not say which calendar its date is in", place=where))
    return problems


