"""Every figure in `book/data/*.csv` is tied to the words it comes from, or the build stops.

A row from a source text names its chapter, paragraph (or note) and quotation: the quotation must
stand verbatim in that paragraph of the cleaned text, and the row's value (or date, or number of
days) must be readable from the quotation. A row from a reference must name the reference, its kind
and its quotation, from which the value must be readable too.
"""

import csv
import math
import re
from pathlib import Path

from .catalogue import ROOT
from .errors import SourceError
from .quantities import MONTHS, dates_in, numbers_in
from .texts import TEXTS

DATA = ROOT / "book" / "data"
MONTH_NAMES = list(MONTHS)


def load_texts(texts_dir: Path = TEXTS) -> dict[tuple[str, str, str], str]:
    """(chapter, "p"|"n", number) -> that paragraph's cleaned text, or all of that note's; and
    (chapter, "", "") -> the chapter's unnumbered blocks (headings, bylines, captions)."""
    texts = {}
    for path in sorted(texts_dir.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                kind, number = ("p", row["paragraph"]) if row["paragraph"] else ("n", row["note"])
                key = (row["chapter"], kind if number else "", number)
                texts[key] = (texts.get(key, "") + "\n" + row["text"]).strip()
    return texts


def datasets(data_dir: Path = DATA) -> list[Path]:
    return sorted(data_dir.glob("*.csv"))


def check_dataset(path: Path, texts: dict) -> int:
    """Check every row of one dataset; return the number of rows."""
    with Path(path).open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    if not rows:
        raise SourceError(path, "dataset has no rows")
    for line, row in enumerate(rows, start=2):
        _check_row(path, f"row {line}" + (f" ({row['figure']})" if row.get("figure") else ""), row, texts)
    return len(rows)


def check_datasets(data_dir: Path = DATA, texts_dir: Path = TEXTS) -> int:
    texts = load_texts(texts_dir)
    return sum(check_dataset(path, texts) for path in datasets(data_dir))


def _check_row(path, place, row, texts):
    quote = row.get("quote", "").strip()
    if not quote:
        raise SourceError(path, "no quotation", place=place)
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
    elif source == "reference":
        if not row.get("reference", "").strip() or not row.get("reference_kind", "").strip():
            raise SourceError(path, "a reference row needs `reference` and `reference_kind`", place=place)
    else:
        raise SourceError(path, f"source must be `text` or `reference`, not {source!r}", place=place)

    stated = numbers_in(quote)
    for column in ("value", "value_high", "days"):
        if row.get(column):
            value = float(row[column])
            if not any(math.isclose(value, n, rel_tol=1e-3, abs_tol=0.05) for n in stated):
                raise SourceError(path, f"{column} {row[column]} cannot be read from {quote!r}", place=place)
    if row.get("date") and "value" not in row:
        _check_date(path, place, row["date"], "day", quote)
    if row.get("date_start") and row.get("precision") != "inferred":
        _check_date(path, place, row["date_start"], row["precision"], quote)


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
