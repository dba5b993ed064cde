"""The glossary, the people and the citations: loaded from `book/glossary.yml`, `book/people.yml`
and `book/citations.yml` (checked by their schemas), with every
mention found in the chapters' text (never typed in), and written as back-matter pages and as the
"in this text" lists of each chapter.

A term's forms match as whole words in any case; a person's forms match as whole words, case and
all. A mention is a paragraph, a note, or (for headings, bylines and captions) the chapter itself.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pybtex.database
import pybtex.errors
from pybtex.scanner import PybtexError

from readertools.content.checked_dates import dates_note, read_checks
from readertools.errors import BookErrors, SourceError
from readertools.labels import person_label, place_link
from readertools.schema import load_yaml
from readertools.text.myst import literal


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
    case_sensitive: bool = False  # people's names match case and all; glossary terms in any case
    checks: tuple = ()  # checked_dates.Check: the dates the entry gives, with the words that state them
    unverified: tuple[str, ...] = ()  # the dates it gives that no reference consulted here states


def load_glossary(path: Path) -> list[Entry]:
    entries = [Entry(e["term"], e["definition"].strip(), tuple(e["forms"]), tuple(e.get("see_also") or ()),
                     None, False, *read_checks(e))
               for e in load_yaml(path, "glossary")]
    names = {entry.name for entry in entries}
    problems = [SourceError(path, f"see_also names unknown terms {sorted(set(entry.see_also) - names)}",
                            place=f"terms[{index}] ({entry.name})")
                for index, entry in enumerate(entries) if set(entry.see_also) - names]
    if problems:
        raise BookErrors(problems)
    return entries


def load_people(path: Path) -> list[Entry]:
    return [Entry(e["name"], e["line"].strip(), tuple(e["forms"]), (), e["dates"], True, *read_checks(e))
            for e in load_yaml(path, "people")]


def bibliography_titles(path: Path) -> dict[str, str]:
    """key -> title, without BibTeX's protective braces; an entry's `url` that is not a web address
    is refused (`unsafe_links`)."""
    pybtex.errors.set_strict_mode(True)  # a syntax error is an error, not a warning and a lost entry
    try:
        entries = pybtex.database.parse_file(str(path), bib_format="bibtex").entries
    except (PybtexError, OSError) as error:
        raise SourceError(path, f"not valid BibTeX: {error}") from None
    problems = unsafe_links(path, entries)
    if problems:
        raise BookErrors(problems)
    return {key: entry.fields.get("title", "").replace("{", "").replace("}", "")
            for key, entry in entries.items()}


# The bibliography's style (pybtex's `plain`) prints an entry's `url` as a link, as written; its other
# links (doi, eprint, pubmed) start with their service's https:// address. A `javascript:`, `data:` or
# `vbscript:` address would be a link that runs or carries a page of its own: only a web address is one.
WEB_ADDRESS = re.compile(r"https?://\S+")


def unsafe_links(path: Path, entries) -> list[SourceError]:
    """Every `url` of the bibliography that is not an http:// or https:// address, named by its entry."""
    problems, lines = [], Path(path).read_text(encoding="utf-8").splitlines()
    for key, entry in entries.items():
        address = entry.fields.get("url")
        if address is not None and not WEB_ADDRESS.fullmatch(address.strip()):
            problems.append(SourceError(path, f"url {address!r} is not an http:// or https:// address (the "
                                        "bibliography prints it as a link; no other scheme may be one)",
                                        place=f"{key}.url{_bibtex_line(lines, key, 'url')}"))
    return problems


def _bibtex_line(lines: list[str], key: str, field: str) -> str:
    """`, line N` of an entry's field in a BibTeX file (pybtex keeps no lines), or "" if not found."""
    entry = re.compile(rf"\s*@\w+\s*[{{(]\s*{re.escape(key)}\s*,")
    start = next((number for number, line in enumerate(lines) if entry.match(line)), len(lines))
    for number in range(start, len(lines)):
        if number > start and lines[number].lstrip().startswith("@"):
            break
        if re.match(rf"\s*(?:@.*,)?\s*{field}\s*=", lines[number], re.IGNORECASE):
            return f", line {number + 1}"
    return ""


def load_citations(path: Path, titles: dict[str, str] | None) -> dict:
    """chapter -> ((bibliography key, title, where the chapter cites it), ...); every key must exist
    (unless the bibliography itself could not be read: `titles` None, a problem reported already)."""
    data = load_yaml(path, "citations")
    problems = [SourceError(path, f"{entry['key']!r} is not a key of the bibliography",
                            place=f"{chapter}[{index}].key")
                for chapter, entries in data.items() for index, entry in enumerate(entries)
                if titles is not None and entry["key"] not in titles]
    if problems:
        raise BookErrors(problems)
    return {chapter: tuple((e["key"], (titles or {}).get(e["key"], ""), e["where"]) for e in entries)
            for chapter, entries in data.items()}


@cache
def _pattern(forms: tuple[str, ...], case_sensitive: bool):
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)",
                      0 if case_sensitive else re.IGNORECASE)


def mentions(entry: Entry, chapters) -> list[Mention]:
    """Every block of the chapters that uses one of the entry's forms, in order, each place once."""
    if not entry.forms:
        return []
    pattern, found = _pattern(entry.forms, entry.case_sensitive), {}
    for chapter in chapters:
        for block in chapter.blocks + chapter.notes:
            if pattern.search(block.text):
                kind = "n" if block.kind == "note" else "p" if block.number else ""
                found.setdefault(Mention(chapter.source.id, kind, block.number if kind else None), None)
    return list(found)


def mention_links(found: list[Mention], numbers: dict[str, int], prefix: str = "../chapters/") -> str:
    """`chapter 2 (¶ 3, 4; note 1); chapter 5` with every paragraph and note a link."""
    parts, by_chapter = [], {}
    for mention in found:  # one pass: linear in the mentions, however many chapters there are
        by_chapter.setdefault(mention.chapter, []).append(mention)
    for chapter, mentions_there in by_chapter.items():
        places = [place_link(chapter, m.kind, m.number) for m in mentions_there if m.kind]
        where = f" ({', '.join(places)})" if places else ""
        parts.append(f"{{doc}}`chapter {numbers[chapter]} <{prefix}{chapter}>`{where}")
    return "; ".join(parts)


def glossary_page(terms: list[Entry], found: dict[str, list[Mention]], numbers: dict[str, int]) -> str:
    lines = ["# Glossary", "", "{.editorial .text-note}",
             ("Terms the sources use, defined neutrally; where the sources' authors disagree about a "
              "term, the definition says so. Under each term: every paragraph of the reader that uses it."),
             "", ":::{glossary}"]
    for term in terms:
        lines += [term.name, f"  {literal(term.text)}", "", f"  *Used in* {mention_links(found[term.name], numbers)}."]
        if term.see_also:
            lines[-1] += " *See also* " + ", ".join(f"{{term}}`{other}`" for other in term.see_also) + "."
        if term.checks or term.unverified:
            lines[-1] += " " + dates_note(term.checks, term.unverified, numbers)
        lines.append("")
    return "\n".join(lines + [":::"]) + "\n"


def people_page(people: list[Entry], found: dict[str, list[Mention]], authored: dict[str, list[str]],
                numbers: dict[str, int]) -> str:
    lines = ["# People", "", "{.editorial .text-note}",
             ("Everyone the sources name, and the sources' authors, with dates where they are well "
              "established and every paragraph that names them.")]
    for person in people:
        dates = f" ({literal(person.dates)})" if person.dates else ""
        details = [f"Author of {{doc}}`chapter {numbers[c]} <../chapters/{c}>`."
                   for c in authored.get(person.name, [])]
        if found[person.name]:
            details.append(f"Named in {mention_links(found[person.name], numbers)}.")
        lines += ["", f"({person_label(person.name)})=", "{.person}",
                  f"**{literal(person.name)}**{dates}. {literal(person.text)} {' '.join(details)}"]
        if person.checks or person.unverified:
            lines += ["", "{.dates-checked}", dates_note(person.checks, person.unverified, numbers)]
    return "\n".join(lines) + "\n"


def key_term_names(terms: list[Entry], key_terms: tuple[str, ...]) -> list[str | None]:
    """The glossary headword of each key term (None where the glossary has no such term or form)."""
    by_name = {_normal(form): term.name for term in terms for form in (term.name, *term.forms)}
    return [by_name.get(_normal(key)) for key in key_terms]


def chapter_index(chapter_id: str, terms: list[Entry], people: list[Entry], found: dict[str, list[Mention]],
                  key_terms: tuple[str, ...]) -> list[str]:
    """The "at a glance" lines that lead from a chapter to its key terms, other terms and people."""
    keys = key_term_names(terms, key_terms)
    lines = ["", "**Key terms:** " + " · ".join(
        f"{{term}}`{key} <{name}>`" for key, name in zip(key_terms, keys, strict=True))]

    def used_here(entry):
        return any(m.chapter == chapter_id for m in found[entry.name])

    others = [t.name for t in terms if t.name not in keys and used_here(t)]
    if others:
        lines += ["", "**Also in the glossary:** " + " · ".join(f"{{term}}`{name}`" for name in others)]
    named = [p for p in people if used_here(p)]
    if named:
        lines += ["", "**People named:** " + " · ".join(f"[{p.name}](#{person_label(p.name)})" for p in named)]
    return lines


def _normal(text: str) -> str:
    return text.replace("’", "'").strip().lower()
