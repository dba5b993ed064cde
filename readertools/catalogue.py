"""Load `book/sources.yml`, the catalogue of the reader's sources, and refuse a malformed one."""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import SourceError

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "book" / "sources.yml"
TOC = ROOT / "_toc.yml"
SEEDS = ROOT / "seeds"

REQUIRED = ("id", "seed", "title", "authors", "venue", "date", "genre", "language", "standpoint", "body")
OPTIONAL = ("title_supplied", "headings", "bylines", "captions", "quotes", "notes")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Notes:
    first: str  # start of the line where the notes begin
    markers: tuple[str, ...]  # for note 1, 2, ...: body text ending with that note's marker


@dataclass(frozen=True)
class Source:
    id: str
    seed: str
    title: str
    title_supplied: bool
    authors: tuple[str, ...]
    venue: str
    date: str
    genre: str
    language: str
    standpoint: str
    body_first: str
    body_last: str
    headings: tuple[str, ...]
    bylines: tuple[str, ...]
    captions: tuple[str, ...]
    quotes: tuple[str, ...]
    notes: Notes | None


@dataclass(frozen=True)
class Catalogue:
    path: Path
    seeds_dir: Path
    debris: tuple[str, ...]
    strip: tuple[str, ...]
    sources: tuple[Source, ...]

    def seed_path(self, source: Source) -> Path:
        return self.seeds_dir / source.seed

    def __getitem__(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)


def chapter_numbers(toc: Path = TOC) -> dict[str, int]:
    """Chapter numbers as the book shows them: the order of the numbered parts of `_toc.yml`."""
    parts = yaml.safe_load(Path(toc).read_text(encoding="utf-8")).get("parts", [])
    files = [entry["file"] for part in parts if part.get("numbered") for entry in part["chapters"]]
    return {Path(file).name: number for number, file in enumerate(files, start=1)}


def load_catalogue(path: Path = CATALOGUE, seeds_dir: Path = SEEDS) -> Catalogue:
    path, seeds_dir = Path(path), Path(seeds_dir)
    if not path.is_file():
        raise SourceError(path, "catalogue not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SourceError(path, f"not valid YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list) or not data["sources"]:
        raise SourceError(path, "expected a mapping with a non-empty list `sources`")
    sources, seen = [], {}
    for index, entry in enumerate(data["sources"]):
        source = _source(path, index, entry)
        if source.id in seen:
            raise SourceError(path, f"duplicate id {source.id!r} (also sources[{seen[source.id]}])",
                              place=f"sources[{index}]")
        seen[source.id] = index
        if not (seeds_dir / source.seed).is_file():
            raise SourceError(path, f"unknown seed file {source.seed!r} (not in {seeds_dir})",
                              place=f"sources[{index}] (id: {source.id})")
        sources.append(source)
    return Catalogue(path, seeds_dir, _strings(path, "debris", data.get("debris", [])),
                     _strings(path, "strip", data.get("strip", [])), tuple(sources))


def _source(path: Path, index: int, entry) -> Source:
    place = f"sources[{index}]"
    if not isinstance(entry, dict):
        raise SourceError(path, "each source must be a mapping", place=place)
    if isinstance(entry.get("id"), str):
        place += f" (id: {entry['id']})"
    missing = [key for key in REQUIRED if key not in entry]
    if missing:
        raise SourceError(path, f"missing field(s): {', '.join(missing)}", place=place)
    unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise SourceError(path, f"unknown field(s): {', '.join(unknown)}", place=place)
    if not isinstance(entry["id"], str) or not ID_PATTERN.match(entry["id"]):
        raise SourceError(path, f"id {entry['id']!r} must be lower-case letters, digits and hyphens",
                          place=place)
    body = entry["body"]
    if not isinstance(body, dict) or set(body) != {"first", "last"}:
        raise SourceError(path, "body must give exactly `first` and `last`", place=place)
    notes = entry.get("notes")
    if notes is not None:
        if not isinstance(notes, dict) or set(notes) != {"first", "markers"}:
            raise SourceError(path, "notes must give exactly `first` and `markers`", place=place)
        notes = Notes(_text(path, place, "notes.first", notes["first"]),
                      _strings(path, f"{place} notes.markers", notes["markers"]))
    text = {key: _text(path, place, key, entry[key])
            for key in ("seed", "title", "venue", "date", "genre", "language", "standpoint")}
    return Source(
        id=entry["id"], title_supplied=bool(entry.get("title_supplied", False)),
        authors=_strings(path, f"{place} authors", entry["authors"]),
        body_first=_text(path, place, "body.first", body["first"]),
        body_last=_text(path, place, "body.last", body["last"]),
        headings=_strings(path, f"{place} headings", entry.get("headings", [])),
        bylines=_strings(path, f"{place} bylines", entry.get("bylines", [])),
        captions=_strings(path, f"{place} captions", entry.get("captions", [])),
        quotes=_strings(path, f"{place} quotes", entry.get("quotes", [])),
        notes=notes, **text,
    )


def _text(path: Path, place: str, key: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SourceError(path, f"{key} must be non-empty text", place=place)
    return value.strip()


def _strings(path: Path, place: str, values) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise SourceError(path, "expected a list of non-empty strings", place=place)
    return tuple(v.strip() for v in values)
