"""Load `book/sources.yml`, the catalogue of the reader's sources, and `_toc.yml`, their order.

The shape of every entry is checked by `schemas/catalogue.schema.yml`; what a schema cannot say
(unique ids, seed files that exist inside `seeds/`) is checked here.
"""

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from readertools.errors import BookErrors, SourceError
from readertools.schema import load_yaml, place_in, read_yaml


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
    provenance: str = ""  # where and when the text as received was published, as far as it is known
    original: str | None = None  # for a translation: the original, and whether it was compared


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


def load_catalogue(path: Path, seeds_dir: Path) -> Catalogue:
    path, seeds_dir = Path(path), Path(seeds_dir)
    if not path.is_file():
        raise SourceError(path, "catalogue not found")
    data = load_yaml(path, "catalogue")
    sources, seen, problems = [], {}, []
    for index, entry in enumerate(data["sources"]):
        source = _source(entry)
        place = f"sources[{index}] (id: {source.id})"
        if source.id in seen:
            problems.append(SourceError(path, f"duplicate id {source.id!r} (also sources[{seen[source.id]}])",
                                        place=place))
        seen.setdefault(source.id, index)
        seed = (seeds_dir / source.seed).resolve()
        if seed.parent != seeds_dir.resolve() or not seed.is_file():
            problems.append(SourceError(path, f"unknown seed file {source.seed!r} (not in {seeds_dir})",
                                        place=place))
        sources.append(source)
    if problems:
        raise BookErrors(problems)
    return Catalogue(path, seeds_dir, tuple(s.strip() for s in data.get("debris", [])),
                     tuple(s.strip() for s in data.get("strip", [])), tuple(sources))


def _source(entry: dict) -> Source:
    def strings(key):
        return tuple(value.strip() for value in entry.get(key, []))

    notes = entry.get("notes")
    return Source(
        id=entry["id"], seed=entry["seed"], title=entry["title"].strip(),
        title_supplied=entry.get("title_supplied", False), authors=strings("authors"),
        **{key: entry[key].strip() for key in ("venue", "date", "genre", "language", "standpoint")},
        body_first=entry["body"]["first"].strip(), body_last=entry["body"]["last"].strip(),
        headings=strings("headings"), bylines=strings("bylines"), captions=strings("captions"),
        quotes=strings("quotes"),
        notes=Notes(notes["first"].strip(), tuple(m.strip() for m in notes["markers"])) if notes else None,
        provenance=" ".join(entry["provenance"].split()),
        original=" ".join(entry["original"].split()) if entry.get("original") else None,
    )


def load_toc(toc: Path) -> dict:
    """`_toc.yml`, its parts each a list of `- file: …` entries, and no document listed twice (Sphinx
    would blame the configuration, after `make notebooks` had rewritten the generated files)."""
    data, nodes = read_yaml(toc)
    if not isinstance(data, dict) or not isinstance(data.get("parts"), list):
        raise SourceError(toc, "expected a mapping with a list `parts` (format: jb-book)")
    for index, part in enumerate(data["parts"]):
        if not isinstance(part, dict) or not isinstance(part.get("chapters"), list) or not all(
                isinstance(entry, dict) and isinstance(entry.get("file"), str) for entry in part["chapters"]):
            raise SourceError(toc, "each part needs `chapters`, a list of `- file: …` entries",
                              place=f"parts[{index}]")
    listed = {_document(data["root"]): "root"} if isinstance(data.get("root"), str) else {}
    problems = []
    for keys, name in _files(data["parts"], ["parts"]):
        place = place_in(data, nodes, keys)
        where = place.partition(", line ")[0] if place else "root"
        if _document(name) in listed:
            problems.append(SourceError(toc, f"{name!r} is listed twice (also at {listed[_document(name)]}): "
                                        "a document has one place in the book", place=place))
        listed.setdefault(_document(name), where)
    if problems:
        raise BookErrors(problems)
    return data


def _files(entries: list, keys: list):
    """(key path, file) of every entry of a list of parts, chapters or sections, at any depth."""
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            if isinstance(entry.get("file"), str):
                yield [*keys, index, "file"], entry["file"]
            for nested in ("chapters", "sections"):
                if isinstance(entry.get(nested), list):
                    yield from _files(entry[nested], [*keys, index, nested])


def _document(name: str) -> str:
    """A document as Sphinx names it: `book/chapters/henry`, with or without its suffix."""
    return PurePosixPath(name.strip()).as_posix().removesuffix(".ipynb").removesuffix(".md")


def chapter_numbers(toc: Path) -> dict[str, int]:
    """Chapter numbers as the book shows them: the order of the numbered parts of `_toc.yml`."""
    parts = load_toc(toc)["parts"]
    files = [entry["file"] for part in parts if part.get("numbered") for entry in part["chapters"]]
    return {Path(file).name: number for number, file in enumerate(files, start=1)}
