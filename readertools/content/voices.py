"""Who speaks where: `book/voices.yml` names the voice of every part of every chapter.

The apparatus attributes what it reports ("according to Baserli"); a chapter may hold more than one
voice (an editor's introduction, an unsigned footnote), so the name depends on the place.
"""

from pathlib import Path

from readertools.schema import load_yaml


def read_voices(path: Path) -> dict:
    """chapter -> its voices, checked against `schemas/voices.schema.yml`."""
    return load_yaml(path, "voices")


def speaker(voices: dict, chapter: str, kind: str = "p", number=None) -> str:
    """The voice of a paragraph (kind "p"), a note ("n") or an unnumbered block ("")."""
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


def names(voices: dict, chapter: str) -> set[str]:
    """Every name that attributes a sentence to this chapter's voices."""
    voice = voices[chapter]
    found = {voice["name"], *voice.get("also", ()), *voice.get("paragraphs", {}).values(),
             *voice.get("notes", {}).values()}
    return {name for name in found if name}
