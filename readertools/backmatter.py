"""The glossary and the people: loaded from `book/glossary.yml` and `book/people.yml`, with every
mention found in the chapters' text (never typed in), and written as back-matter pages and as the
"in this text" lists of each chapter.

A term's forms match as whole words in any case; a person's forms match as whole words, case and
all. A mention is a paragraph, a note, or (for headings, bylines and captions) the chapter itself.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pybtex.database
import yaml

from .catalogue import ROOT
from .errors import SourceError
from .labels import place_link
from .segment import Chapter

GLOSSARY = ROOT / "book" / "glossary.yml"
PEOPLE = ROOT / "book" / "people.yml"
CITATIONS = ROOT / "book" / "citations.yml"
BIBLIOGRAPHY = ROOT / "book" / "references.bib"


@dataclass(frozen=True)
class Mention:
    chapter: str
    kind: str  # "p" paragraph, "n" note, "" heading, byline or caption
    number: int | None


@dataclass(frozen=True)
class Entry:
    name: str  # the headword, or the person's name
    text: str  # the definition, or the one-line description
    forms: tuple[str, ...]
    see_also: tuple[str, ...] = ()
    dates: str | None = None


def load_glossary(path: Path = GLOSSARY) -> list[Entry]:
    entries = [Entry(e["term"], e["definition"].strip(), tuple(e["forms"]), tuple(e.get("see_also") or ()))
               for e in _load(path, {"term", "definition", "forms"}, {"see_also"})]
    names = {entry.name for entry in entries}
    for entry in entries:
        unknown = set(entry.see_also) - names
        if unknown:
            raise SourceError(path, f"see_also names unknown terms {sorted(unknown)}", place=entry.name)
    return entries


def load_people(path: Path = PEOPLE) -> list[Entry]:
    return [Entry(e["name"], e["line"].strip(), tuple(e["forms"]), dates=e.get("dates"))
            for e in _load(path, {"name", "line", "forms", "dates"}, set())]


def bibliography_titles(path: Path = BIBLIOGRAPHY) -> dict[str, str]:
    """key -> title, without BibTeX's protective braces."""
    entries = pybtex.database.parse_file(str(path), bib_format="bibtex").entries
    return {key: entry.fields.get("title", "").replace("{", "").replace("}", "")
            for key, entry in entries.items()}


def load_citations(path: Path = CITATIONS, bibliography: Path = BIBLIOGRAPHY) -> dict:
    """chapter -> ((bibliography key, title, where the chapter cites it), ...); every key must exist."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    titles = bibliography_titles(bibliography)
    citations = {}
    for chapter, entries in data.items():
        for entry in entries:
            if entry.get("key") not in titles:
                raise SourceError(path, f"{entry.get('key')!r} is not a key of {bibliography.name}",
                                  place=chapter)
        citations[chapter] = tuple((e["key"], titles[e["key"]], e["where"]) for e in entries)
    return citations


def _load(path: Path, required: set, optional: set) -> list[dict]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list) or not data:
        raise SourceError(path, "expected a non-empty list of entries")
    for index, entry in enumerate(data):
        if not isinstance(entry, dict) or not required <= set(entry) <= required | optional:
            raise SourceError(path, f"each entry needs {sorted(required)} (optional: {sorted(optional)})",
                              place=f"entry {index + 1}")
    return data


def mentions(entry: Entry, chapters: list[Chapter], case_sensitive: bool) -> list[Mention]:
    if not entry.forms:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, entry.forms)) + r")(?!\w)",
                         0 if case_sensitive else re.IGNORECASE)
    found = []
    for chapter in chapters:
        for block in chapter.blocks + chapter.notes:
            if pattern.search(block.text):
                kind = "n" if block.kind == "note" else "p" if block.number else ""
                mention = Mention(chapter.source.id, kind, block.number if kind else None)
                if mention not in found:
                    found.append(mention)
    return found


def mention_links(found: list[Mention], numbers: dict[str, int], prefix: str = "../chapters/") -> str:
    """`chapter 2 (¶ 3, 4; note 1); chapter 5` with every paragraph and note a link."""
    parts = []
    for chapter in dict.fromkeys(m.chapter for m in found):
        places = [place_link(chapter, m.kind, m.number) for m in found if m.chapter == chapter and m.kind]
        where = f" ({', '.join(places)})" if places else ""
        parts.append(f"{{doc}}`chapter {numbers[chapter]} <{prefix}{chapter}>`{where}")
    return "; ".join(parts)


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def glossary_page(terms: list[Entry], chapters: list[Chapter], numbers: dict[str, int]) -> str:
    lines = ["# Glossary", "", "{.editorial .text-note}",
             ("Terms the sources use, defined neutrally; where the sources' authors disagree about a "
              "term, the definition says so. Under each term: every paragraph of the reader that uses it."),
             "", ":::{glossary}"]
    for term in terms:
        found = mentions(term, chapters, case_sensitive=False)
        if not found:
            raise SourceError(GLOSSARY, "no chapter uses this term in any of its forms", place=term.name)
        lines += [term.name, f"  {term.text}", "", f"  *Used in* {mention_links(found, numbers)}."]
        if term.see_also:
            lines[-1] += " *See also* " + ", ".join(f"{{term}}`{other}`" for other in term.see_also) + "."
        lines.append("")
    return "\n".join(lines + [":::"]) + "\n"


def people_page(people: list[Entry], chapters: list[Chapter], numbers: dict[str, int]) -> str:
    lines = ["# People", "", "{.editorial .text-note}",
             ("Everyone the sources name, and the sources' authors, with dates where they are well "
              "established and every paragraph that names them.")]
    for person in people:
        found = mentions(person, chapters, case_sensitive=True)
        authored = [c.source.id for c in chapters if person.name in c.source.authors]
        if not found and not authored:
            raise SourceError(PEOPLE, "named in no chapter and author of none", place=person.name)
        dates = f" ({person.dates})" if person.dates else ""
        details = [f"Author of {{doc}}`chapter {numbers[c]} <../chapters/{c}>`." for c in authored]
        if found:
            details.append(f"Named in {mention_links(found, numbers)}.")
        lines += ["", f"(person-{slug(person.name)})=", "{.person}",
                  f"**{person.name}**{dates}. {person.text} {' '.join(details)}"]
    return "\n".join(lines) + "\n"


def chapter_index(chapter: Chapter, terms: list[Entry], people: list[Entry],
                  key_terms: tuple[str, ...]) -> list[str]:
    """The "at a glance" lines that lead from a chapter to its key terms, other terms and people."""
    by_name = {_normal(form): term.name for term in terms for form in (term.name, *term.forms)}
    keys = [by_name.get(_normal(key)) for key in key_terms]
    missing = [key for key, name in zip(key_terms, keys, strict=True) if name is None]
    if missing:
        raise SourceError(GLOSSARY, f"key terms of {chapter.source.id!r} not in the glossary: {missing}")
    lines = ["", "**Key terms:** " + " · ".join(
        f"{{term}}`{key} <{name}>`" for key, name in zip(key_terms, keys, strict=True))]
    others = [t.name for t in terms if t.name not in keys and mentions(t, [chapter], case_sensitive=False)]
    if others:
        lines += ["", "**Also in the glossary:** " + " · ".join(f"{{term}}`{name}`" for name in others)]
    named = [p for p in people if mentions(p, [chapter], case_sensitive=True)]
    if named:
        lines += ["", "**People named:** " + " · ".join(
            f"[{p.name}](#person-{slug(p.name)})" for p in named)]
    return lines


def _normal(text: str) -> str:
    return text.replace("’", "'").strip().lower()
