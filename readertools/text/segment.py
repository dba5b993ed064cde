"""Cut a seed into a chapter: its body, every line classified, paragraphs and notes numbered.

Every line of the body becomes exactly one block, except blank lines and the web debris the
catalogue lists; nothing is reworded, so each block's text is the seed's line with its outer
white space (and the catalogue's `strip` characters) removed.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from readertools.errors import SourceError
from readertools.text.catalogue import Catalogue, Source
from readertools.text.seeds import read_seed

NUMBERED = ("paragraph", "quote")  # the kinds that get a paragraph number
NOTE_START = re.compile(r"^(\d+)\.?")


@dataclass(frozen=True)
class Marker:
    note: int
    start: int  # the marker's digits are block.text[start:end]
    end: int


@dataclass(frozen=True)
class Block:
    kind: str  # heading, byline, caption, quote, paragraph or note
    text: str
    line: int  # 1-based line in the seed
    number: int | None = None  # paragraph number, or note number for a note's paragraphs
    label_length: int = 0  # for a note's first paragraph: length of its number ("1", "1.")
    markers: tuple[Marker, ...] = ()


@dataclass(frozen=True)
class Chapter:
    source: Source
    seed_path: Path
    title: str
    first_line: int
    last_line: int
    seed_lines: int
    blocks: tuple[Block, ...]  # the text, in order, without the title
    notes: tuple[Block, ...]  # the notes' paragraphs, in order
    dropped: tuple[int, ...]  # lines of web debris inside the body

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind in NUMBERED)

    @property
    def headings(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == "heading")

    def marker_block(self, note: int) -> Block:
        return next(b for b in self.blocks if any(m.note == note for m in b.markers))


def load_chapter(catalogue: Catalogue, source: Source) -> Chapter:
    path = catalogue.seed_path(source)
    return segment(source, read_seed(path), path, catalogue.debris, catalogue.strip)


def segment(source: Source, lines: list[str], path: Path, debris=(), strip=()) -> Chapter:
    def clean(line: str) -> str:
        for chars in strip:
            line = line.replace(chars, "")
        return line.strip()

    first = _find(lines, source.body_first, path, "body.first", start=0)
    last = _find(lines, source.body_last, path, "body.last", start=first)
    body = [(i, clean(lines[i])) for i in range(first, last + 1)]
    dropped = tuple(i + 1 for i, text in body if text and text in debris)
    body = [(i, text) for i, text in body if text and text not in debris]

    title_index = None
    if not source.title_supplied:
        wanted = " ".join(source.title.split())
        matches = [i for i, text in body if " ".join(text.split()) == wanted]
        if len(matches) != 1:
            raise SourceError(path, f"title {source.title!r} found {len(matches)} times in the body "
                              f"(lines {first + 1}-{last + 1}); it must stand on one line of its own")
        title_index = matches[0]

    notes_start = last + 1
    if source.notes:
        notes_start = _find(lines, source.notes.first, path, "notes.first", start=first)
    roles = _roles(source, body, path)

    blocks, notes, number = [], [], 0
    for i, text in body:
        if i == title_index:
            continue
        if i >= notes_start:
            notes.append(_note_block(notes, i, text, path))
            continue
        kind = roles.get(i, "paragraph")
        if kind in NUMBERED:
            number += 1
        blocks.append(Block(kind, text, i + 1, number if kind in NUMBERED else None))

    if source.notes:
        blocks = _attach_markers(source, blocks, notes, path)
    return Chapter(source, path, source.title, first + 1, last + 1, len(lines), tuple(blocks),
                   tuple(notes), dropped)


def _find(lines: list[str], prefix: str, path: Path, key: str, start: int) -> int:
    for i in range(start, len(lines)):
        if lines[i].strip().startswith(prefix):
            return i
    raise SourceError(path, f"{key} {prefix!r} not found (no line starts with it"
                      f"{f' after line {start + 1}' if start else ''})")


def _roles(source: Source, body, path: Path) -> dict[int, str]:
    roles = {}
    for kind, prefixes in (("heading", source.headings), ("byline", source.bylines),
                           ("caption", source.captions), ("quote", source.quotes)):
        for prefix in prefixes:
            matches = [i for i, text in body if text.startswith(prefix)]
            if len(matches) != 1:
                raise SourceError(path, f"{kind} {prefix!r} matches {len(matches)} lines of the body "
                                  f"of {source.id!r}; it must match exactly one")
            if matches[0] in roles:
                raise SourceError(path, f"line {matches[0] + 1} is listed as both {roles[matches[0]]} "
                                  f"and {kind}")
            roles[matches[0]] = kind
    return roles


def _note_block(notes: list[Block], i: int, text: str, path: Path) -> Block:
    """A line that starts with the next note number opens that note; any other line continues it."""
    expected = (notes[-1].number if notes else 0) + 1
    start = NOTE_START.match(text)
    if start and int(start.group(1)) == expected:
        return Block("note", text, i + 1, expected, label_length=start.end())
    if not notes:
        raise SourceError(path, f"the notes must begin with note 1, found {text[:40]!r}",
                          place=f"line {i + 1}")
    return Block("note", text, i + 1, notes[-1].number)


def _attach_markers(source: Source, blocks: list[Block], notes: list[Block], path: Path):
    count = max(note.number for note in notes) if notes else 0
    if count != len(source.notes.markers):
        raise SourceError(path, f"{source.id!r} has {count} notes but the catalogue lists "
                          f"{len(source.notes.markers)} markers")
    found = {index: [] for index in range(len(blocks))}
    for note, marker in enumerate(source.notes.markers, start=1):
        digits = re.search(r"\d+$", marker)
        if not digits or int(digits.group()) != note:
            raise SourceError(path, f"marker {marker!r} of note {note} must end with {note}")
        places = [(index, block.text.find(marker)) for index, block in enumerate(blocks)
                  if marker in block.text]
        if len(places) != 1 or blocks[places[0][0]].text.count(marker) != 1:
            raise SourceError(path, f"marker of note {note} ({marker!r}) must occur exactly once in "
                              f"the text of {source.id!r}; found {len(places)}")
        index, offset = places[0]
        end = offset + len(marker)
        found[index].append(Marker(note, end - len(digits.group()), end))
    return [Block(b.kind, b.text, b.line, b.number, b.label_length, tuple(found[index]))
            for index, b in enumerate(blocks)]
