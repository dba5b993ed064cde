"""Quotations of named authors in the sources, identified once, in `book/quotations.yml`.

Each entry names its chapter and paragraph (or note), quotes the words as the source gives them
(checked: they must stand in that place), the author the source names, and the work and date where
the source states them or where the identification is well established; otherwise it says "not
stated in the source". The editor's notes and the chapters' lists of quotations read this one file,
so the book says the same thing everywhere.
"""

from dataclasses import dataclass
from pathlib import Path

from readertools.labels import note_label, paragraph_label
from readertools.schema import load_yaml
from readertools.text.myst import literal

STATUS = {
    "stated": "as the source states",
    "established": "the source does not name the work; the identification is well established",
    "probable": "the source does not name the work; probably this one, but not verified here",
    "unidentified": "not stated in the source, and not identified here",
}


@dataclass(frozen=True)
class Quotation:
    id: str
    chapter: str
    kind: str
    number: int
    quote: str
    author: str
    work: str | None
    date: str | None
    status: str
    basis: str
    bib: str | None
    better_date: str | None = None  # the date of the event a timeline row dates here, where not `date`
    timeline: tuple[str, ...] = ()  # timeline events at this place whose date the identification disputes


def read_quotations(path: Path) -> tuple[Quotation, ...]:
    """The identifications, checked against `schemas/quotations.schema.yml`; their words are checked
    against the texts by `editor_notes.placed_problems`."""
    found = []
    for item in load_yaml(path, "quotations"):
        kind, number = ("p", item["paragraph"]) if "paragraph" in item else ("n", item["note"])
        found.append(Quotation(item["id"], item["chapter"], kind, number, " ".join(str(item["quote"]).split()),
                               item["author"], item.get("work"), str(item["date"]) if item.get("date") else None,
                               item["status"], " ".join(str(item["basis"]).split()), item.get("bib"),
                               item.get("better_date"), tuple(item.get("timeline") or ())))
    return tuple(found)


def identification(quotation: Quotation) -> str:
    """One sentence: whose words, from which work and when, and how that is known."""
    if quotation.status == "unidentified":
        return f"{literal(quotation.author)}; the work is {STATUS['unidentified']} ({literal(quotation.basis)})."
    date = f" ({literal(quotation.date)})" if quotation.date else " (date not stated)"
    return (f"{literal(quotation.author)}, *{literal(quotation.work)}*{date}: {STATUS[quotation.status]} "
            f"({literal(quotation.basis)}).")


def quotations_section(quotations, chapter: str, source: str) -> list[str]:
    """The chapter's quotations of named authors, each with its identification (`source`: the
    quotations' file, as the page names it)."""
    mine = sorted((q for q in quotations if q.chapter == chapter), key=lambda q: (q.kind != "p", q.number))
    if not mine:
        return []
    lines = ["", "#### Quotations identified", "", "{.editorial .text-note}",
             ("Every quotation of a named author in this text, with the work and date where the source "
              f"states them or the identification is well established ({source}).")]
    for q in mine:
        where = (f"[¶ {q.number}](#{paragraph_label(chapter, q.number)})" if q.kind == "p"
                 else f"[note {q.number}](#{note_label(chapter, q.number)})")
        lines += ["", "{.editorial .quotation-id}", f"{where}, “{literal(q.quote)}”: {identification(q)}"]
    return lines
