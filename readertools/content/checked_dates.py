"""The `checked:` and `unverified:` lists of the people and glossary entries: read, and shown.

Each entry lists under `checked:` the dates it gives, each group with the reference (or the chapter
whose source text states it) and the exact words that state them, and under `unverified:` the dates
no reference consulted here states. `checks.dates` holds them to that; `dates_note` writes the line
the People and Glossary pages show under each entry.
"""

from dataclasses import dataclass

from readertools.text.myst import literal


@dataclass(frozen=True)
class Check:
    dates: tuple[str, ...]
    quote: str
    reference: str | None = None  # a reference outside the sources (its standpoint in standpoints.yml)
    url: str | None = None
    source: str | None = None  # or: the chapter whose source text states the dates
    calendar: str | None = None  # "julian" where the quotation gives the Julian (Old Style) date
    note: str | None = None  # how a date follows from the words, where the book infers it
    year_in_context: bool = False  # the words give day and month; the page's subject gives the year


def read_checks(item: dict) -> tuple[tuple[Check, ...], tuple[str, ...]]:
    """The `checked:` and `unverified:` lists of one people or glossary entry, as read."""
    checks = tuple(Check(tuple(str(d) for d in c["dates"]), " ".join(str(c["quote"]).split()), c.get("reference"),
                         c.get("url"), c.get("source"), c.get("calendar"), c.get("note"),
                         bool(c.get("year_in_context")))
                   for c in item.get("checked") or ())
    return checks, tuple(str(d) for d in item.get("unverified") or ())


def dates_note(checks, unverified, numbers: dict[str, int] | None = None) -> str:
    """"Dates checked against …; not verified here: …" for the People and Glossary pages (`numbers`:
    chapter id -> the chapter number the book shows, to name a source text)."""
    refs = list(dict.fromkeys(c.reference or f"the text of chapter {(numbers or {}).get(c.source, c.source)}"
                              for c in checks))
    text = f"*Dates checked against* {literal('; '.join(refs))}." if refs else ""
    if unverified:
        text += f" *Not verified here:* {literal(', '.join(unverified))}."
    return text.strip()
