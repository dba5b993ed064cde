"""Quotations of named authors in the sources, identified once, in `book/quotations.yml`.

Each entry names its chapter and paragraph (or note), quotes the words as the source gives them
(checked: they must stand in that place), the author the source names, and the work and date where
the source states them or where the identification is well established; otherwise it says "not
stated in the source". The editor's notes and the chapters' lists of quotations read this one file,
so the book says the same thing everywhere.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .catalogue import ROOT
from .errors import SourceError

QUOTATIONS = ROOT / "book" / "quotations.yml"
STATUS = {
    "stated": "as the source states",
    "established": "the source does not name the work; the identification is well established",
    "probable": "the source does not name the work; probably this one, but not verified here",
    "unidentified": "not stated in the source, and not identified here",
}
REQUIRED = {"id", "chapter", "quote", "author", "status", "basis"}
OPTIONAL = {"paragraph", "note", "work", "date", "bib"}


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


def load_quotations(texts: dict, path: Path = QUOTATIONS, only: str | None = None) -> tuple[Quotation, ...]:
    """Load and check the identifications; `texts` as for readertools.editor_notes.load_editor_notes."""
    return _load(Path(path), tuple(sorted(texts.items())), only)


@cache
def _load(path, texts, only):
    texts = dict(texts)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SourceError(path, f"cannot read the quotations: {error}") from None
    if not isinstance(data, list) or not data:
        raise SourceError(path, "expected a non-empty list of quotations")
    found, seen = [], set()
    for index, item in enumerate(data):
        place = f"quotations[{index}]"
        if not isinstance(item, dict):
            raise SourceError(path, "each quotation must be a mapping", place=place)
        missing, unknown = REQUIRED - set(item), set(item) - REQUIRED - OPTIONAL
        if missing or unknown:
            raise SourceError(path, f"missing field(s) {sorted(missing)}, unknown field(s) {sorted(unknown)}",
                              place=place)
        if item["id"] in seen:
            raise SourceError(path, f"duplicate id {item['id']!r}", place=f"{place}.id")
        seen.add(item["id"])
        if only is not None and item["chapter"] != only:
            continue
        if item["status"] not in STATUS:
            raise SourceError(path, f"status {item['status']!r} is not one of {', '.join(STATUS)}",
                              place=f"{place}.status")
        if item["status"] != "unidentified" and not item.get("work"):
            raise SourceError(path, "an identified quotation needs its `work`", place=f"{place}.work")
        if ("paragraph" in item) == ("note" in item):
            raise SourceError(path, "give exactly one of `paragraph` and `note`", place=place)
        kind, key = ("p", "paragraph") if "paragraph" in item else ("n", "note")
        number = item[key]
        where = f"{item['chapter']} {'¶' if kind == 'p' else 'note'} {number}"
        if (item["chapter"], kind, number) not in texts:
            raise SourceError(path, f"{where} does not exist", place=f"{place}.{key}")
        quote = " ".join(str(item["quote"]).split())
        if quote not in " ".join(texts[(item["chapter"], kind, number)].split()):
            raise SourceError(path, f"quotation {quote!r} is not in {where}", place=f"{place}.quote")
        found.append(Quotation(item["id"], item["chapter"], kind, number, quote, item["author"],
                               item.get("work"), str(item["date"]) if item.get("date") else None,
                               item["status"], " ".join(str(item["basis"]).split()), item.get("bib")))
    return tuple(found)


def identification(quotation: Quotation) -> str:
    """One sentence: whose words, from which work and when, and how that is known."""
    if quotation.status == "unidentified":
        return f"{quotation.author}; the work is {STATUS['unidentified']} ({quotation.basis})."
    date = f" ({quotation.date})" if quotation.date else " (date not stated)"
    return f"{quotation.author}, *{quotation.work}*{date}: {STATUS[quotation.status]} ({quotation.basis})."


def quotations_section(quotations, chapter: str) -> list[str]:
    """The chapter's quotations of named authors, each with its identification."""
    from .markdown import literal

    mine = sorted((q for q in quotations if q.chapter == chapter), key=lambda q: (q.kind != "p", q.number))
    if not mine:
        return []
    lines = ["", "#### Quotations identified", "", "{.editorial .text-note}",
             ("Every quotation of a named author in this text, with the work and date where the source "
              "states them or the identification is well established (book/quotations.yml).")]
    for q in mine:
        where = (f"[¶ {q.number}](#{chapter}-p-{q.number})" if q.kind == "p"
                 else f"[note {q.number}](#{chapter}-n-{q.number})")
        lines += ["", "{.editorial .quotation-id}", f"{where}, “{literal(q.quote)}”: {identification(q)}"]
    return lines
