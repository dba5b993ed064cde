"""Every figure in `book/data/*.csv` is tied to the words it comes from, or the build stops.

A row from a source text names its chapter, paragraph (or note) and quotation: the quotation must
stand verbatim in that paragraph of the cleaned text, and the row's value (or date, or number of
days) must be readable from the quotation. A row from a reference must name the reference, its kind
and its quotation, from which the value must be readable too.
"""

import re
from pathlib import Path

from readertools.errors import BookErrors, SourceError
from readertools.text.quantities import MONTHS, dates_in, numbers_in

MONTH_NAMES = list(MONTHS)


def check_dataset(path: Path, rows: list[dict], texts: dict) -> list[SourceError]:
    """Every row of one dataset that cannot be traced to its words."""
    problems = []
    for row in rows:
        try:
            _check_row(path, row["_place"], row, texts)
        except SourceError as error:
            problems.append(error)
    return problems


def check_datasets(datasets: dict[Path, list[dict]], texts: dict) -> int:
    """Trace every row of every dataset; raise every problem at once, or return the number of rows."""
    problems = [problem for path, rows in datasets.items() for problem in check_dataset(path, rows, texts)]
    if problems:
        raise BookErrors(problems)
    return sum(len(rows) for rows in datasets.values())


def _check_row(path, place, row, texts):
    quote = row["quote"].strip()
    source = row.get("source", "text")  # a dataset without the column (the timeline) quotes texts
    if source == "text":
        kind, number = ("p", row["paragraph"]) if row.get("paragraph") else ("n", row.get("note", ""))
        kind = kind if number else ""
        text = texts.get((row.get("chapter", ""), kind, number))
        where = (f"{row.get('chapter')} {'¶' if kind == 'p' else 'note'} {number}" if number
                 else f"the headings, bylines and captions of {row.get('chapter')}")
        if text is None:
            raise SourceError(path, f"{where} does not exist", place=place)
        if quote not in text:
            raise SourceError(path, f"quotation {quote!r} is not in {where}", place=place)

    stated = numbers_in(quote)
    words = row.get("stated", "").strip()
    if words and words not in quote:
        raise SourceError(path, f"stated {words!r} is not in the quotation {quote!r}", place=place)
    if row.get("value") and not words and len({n for n in stated if n >= 1}) > 1:
        raise SourceError(path, f"the quotation {quote!r} states several numbers "
                          f"({', '.join(map(_shown, sorted(set(stated))))}): give in `stated` the words "
                          "of this figure", place=place)
    for column in ("value", "value_high", "days"):
        source = numbers_in(words) if words and column == "value" else stated
        if row.get(column) and not any(_states(row[column], n) for n in source):
            raise SourceError(path, f"{column} {row[column]} cannot be read from {words or quote!r} (it states "
                              f"{', '.join(map(_shown, source)) or 'no number'})", place=place)
    if row.get("date") and "value" not in row:
        _check_date(path, place, row["date"], "day", quote)
    elif row.get("date") and not row.get("date_basis"):
        _check_period(path, place, row["date"], f"{quote} {row.get('period', '')}")
    if row.get("date_start") and row.get("precision") != "inferred":
        _check_date(path, place, row["date_start"], row["precision"], quote)


def _shown(number: float) -> str:
    return f"{int(number):,}" if number == int(number) else f"{number:.4g}"


def _states(value: str, number: float) -> bool:
    """The quotation states this value: exactly, or (a fraction, "one third") to the value's decimals."""
    decimals = len(value.partition(".")[2])
    return float(value) == number or (number != int(number) and round(number, decimals) == float(value))


def _check_period(path, place, date: str, words: str) -> None:
    """A figure's date is stated by its quotation or its period: the year, and the month if it gives one."""
    year, _, month = date.partition("-")
    months = [name for name in MONTH_NAMES if re.search(name, words, re.IGNORECASE)]
    if year not in words or (month and MONTH_NAMES[int(month[:2]) - 1] not in [m.lower() for m in months]):
        raise SourceError(path, f"date {date} is stated neither by the quotation nor by the period "
                          f"({words.strip()!r}); say in `date_basis` how it is inferred", place=place)


def _check_date(path, place, date: str, precision: str, quote: str) -> None:
    """The quotation states the date to the precision claimed (a year it leaves out is context)."""
    parts = [int(part) for part in date.split("-")]
    year, month, day = parts + [None] * (3 - len(parts))
    stated = dates_in(quote)
    if precision == "day":
        readable = any(m == month and d == day and y in (None, year) for y, m, d in stated)
    elif precision == "month":
        readable = bool(re.search(MONTH_NAMES[month - 1], quote, re.IGNORECASE))
    else:
        readable = str(year) in quote
    if not readable:
        raise SourceError(path, f"date {date} ({precision}) cannot be read from {quote!r}", place=place)
