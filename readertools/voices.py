"""Who speaks where: `book/voices.yml` names the voice of every part of every chapter.

The apparatus attributes what it reports ("according to Baserli"); a chapter may hold more than one
voice (an editor's introduction, an unsigned footnote), so the name depends on the place.
"""

from functools import cache
from pathlib import Path

import yaml

from .catalogue import ROOT
from .errors import SourceError

VOICES = ROOT / "book" / "voices.yml"
FIELDS = {"name", "also", "paragraphs", "notes", "unnumbered"}


@cache
def load_voices(path: Path = VOICES) -> dict:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not data:
        raise SourceError(path, "expected a mapping of chapter ids to voices")
    for chapter, voice in data.items():
        if not isinstance(voice, dict) or not isinstance(voice.get("name"), str):
            raise SourceError(path, "each chapter needs a `name`", place=chapter)
        unknown = set(voice) - FIELDS
        if unknown:
            raise SourceError(path, f"unknown field(s) {sorted(unknown)}", place=chapter)
        for span in voice.get("paragraphs", {}):
            first, _, last = str(span).partition("-")
            if not first.isdigit() or not (last or first).isdigit():
                raise SourceError(path, f"paragraph span {span!r} is not `n` or `first-last`",
                                  place=f"{chapter}.paragraphs")
    return data


def speaker(chapter: str, kind: str = "p", number=None, path: Path = VOICES) -> str:
    """The voice of a paragraph (kind "p"), a note ("n") or an unnumbered block ("")."""
    voices = load_voices(path)
    if chapter not in voices:
        raise SourceError(path, f"no voice for chapter {chapter!r}")
    voice = voices[chapter]
    if kind == "n" and number is not None:
        return voice.get("notes", {}).get(int(number), voice["name"])
    if kind == "p" and number is not None:
        for span, name in voice.get("paragraphs", {}).items():
            first, _, last = str(span).partition("-")
            if int(first) <= int(number) <= int(last or first):
                return name
        return voice["name"]
    return voice.get("unnumbered", voice["name"])


def names(chapter: str, path: Path = VOICES) -> set[str]:
    """Every name that attributes a sentence to this chapter's voices."""
    voice = load_voices(path)[chapter]
    found = {voice["name"], *voice.get("also", ()), *voice.get("paragraphs", {}).values(),
             *voice.get("notes", {}).values()}
    return {name for name in found if name}
