"""Load and check each chapter's study apparatus, `book/apparatus/<chapter>.yml`.

The apparatus (objectives, key terms, summary, main claims, questions with model answers, teaching
notes) is data, so that questions can be rendered, counted, exported and checked. In its prose,
`¶ 12`, `¶ 12–14` and `¶@other-chapter 12` are paragraph references: `link_references` turns them
into links and refuses any paragraph that does not exist.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .catalogue import ROOT
from .errors import SourceError

APPARATUS = ROOT / "book" / "apparatus"
SKILLS = {
    "sourcing": "Sourcing",
    "contextualization": "Contextualization",
    "close-reading": "Close reading",
    "corroboration": "Corroboration",
    "data": "Working with data",
}
KEYS = {"chapter", "objectives", "key_terms", "summary", "claims", "questions", "teaching_notes"}
NUMBER = r"\d+(?:–\d+)?"
REFERENCE = re.compile(rf"¶(?:@([a-z][a-z0-9-]*))? ({NUMBER}(?:(?:, | and ){NUMBER})*)")


@dataclass(frozen=True)
class Claim:
    text: str
    paragraphs: tuple[int, ...]


@dataclass(frozen=True)
class Question:
    number: int
    skill: str
    paragraphs: tuple[int, ...]
    text: str
    answer: str


@dataclass(frozen=True)
class Apparatus:
    path: Path
    chapter: str
    objectives: tuple[str, ...]
    key_terms: tuple[str, ...]
    summary: str
    claims: tuple[Claim, ...]
    questions: tuple[Question, ...]
    teaching_notes: str


def apparatus_path(chapter_id: str) -> Path:
    return APPARATUS / f"{chapter_id}.yml"


def paragraph_counts(chapters) -> dict[str, int]:
    return {chapter.source.id: len(chapter.paragraphs) for chapter in chapters}


def load_apparatus(chapter_id: str, paragraphs: dict[str, int], path: Path | None = None) -> Apparatus:
    """Load a chapter's apparatus; `paragraphs` gives every chapter's number of paragraphs."""
    path = Path(path or apparatus_path(chapter_id))
    if not path.is_file():
        raise SourceError(path, "apparatus file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SourceError(path, f"not valid YAML: {error}") from None
    if not isinstance(data, dict) or set(data) != KEYS:
        found = set(data) if isinstance(data, dict) else set()
        raise SourceError(path, f"expected exactly the keys {sorted(KEYS)}; missing "
                          f"{sorted(KEYS - found)}, unknown {sorted(found - KEYS)}")
    if data["chapter"] != chapter_id:
        raise SourceError(path, f"chapter is {data['chapter']!r}, expected {chapter_id!r}")

    def prose(value, place):
        if not isinstance(value, str) or not value.strip():
            raise SourceError(path, "expected non-empty text", place=place)
        link_references(value, chapter_id, paragraphs, path, place)  # refuses a bad reference
        return value.strip()

    def numbers(value, place):
        if (not isinstance(value, list) or not value
                or not all(isinstance(n, int) and 1 <= n <= paragraphs[chapter_id] for n in value)):
            raise SourceError(path, f"paragraphs must be a non-empty list of numbers from 1 to "
                              f"{paragraphs[chapter_id]}", place=place)
        return tuple(value)

    def texts(value, key):
        if not isinstance(value, list) or not value:
            raise SourceError(path, "expected a non-empty list", place=key)
        return tuple(prose(item, f"{key}[{index}]") for index, item in enumerate(value))

    claims = tuple(Claim(prose(c.get("text"), f"claims[{i}]"), numbers(c.get("paragraphs"), f"claims[{i}]"))
                   for i, c in enumerate(_mappings(path, data["claims"], "claims")))
    questions = []
    for index, q in enumerate(_mappings(path, data["questions"], "questions")):
        place = f"questions[{index}]"
        if q.get("number") != index + 1:
            raise SourceError(path, f"questions must be numbered 1, 2, 3… in order; found "
                              f"{q.get('number')!r} where {index + 1} was expected", place=place)
        if q.get("skill") not in SKILLS:
            raise SourceError(path, f"skill {q.get('skill')!r} is not one of {', '.join(SKILLS)}",
                              place=place)
        questions.append(Question(q["number"], q["skill"], numbers(q.get("paragraphs"), place),
                                  prose(q.get("text"), place), prose(q.get("answer"), f"{place} answer")))
    return Apparatus(path, chapter_id, texts(data["objectives"], "objectives"),
                     texts(data["key_terms"], "key_terms"), prose(data["summary"], "summary"), claims,
                     tuple(questions), prose(data["teaching_notes"], "teaching_notes"))


def _mappings(path: Path, value, key: str) -> list[dict]:
    if not isinstance(value, list) or not value or not all(isinstance(item, dict) for item in value):
        raise SourceError(path, "expected a non-empty list of mappings", place=key)
    return value


def link_references(text: str, chapter_id: str, paragraphs: dict[str, int], path=None, place=None) -> str:
    """Turn `¶ 12`, `¶ 12–14, 16` and `¶@other 3` into MyST links to the paragraph labels."""

    def target(chapter: str, number: str) -> str:
        first, _, last = number.partition("–")
        for n in filter(None, (first, last)):
            if chapter not in paragraphs or not 1 <= int(n) <= paragraphs[chapter]:
                raise SourceError(path or chapter_id, f"¶ reference {chapter}:{number} does not exist "
                                  f"(that chapter has {paragraphs.get(chapter, 0)} paragraphs)", place)
        return f"#{chapter}-p-{first}"

    def replace(match):
        chapter = match.group(1) or chapter_id
        found = re.findall(NUMBER, match.group(2))
        separators = re.findall(r", | and ", match.group(2))
        if len(found) == 1:
            return f"[¶ {found[0]}]({target(chapter, found[0])})"
        links = [f"[{n}]({target(chapter, n)})" for n in found]
        return "¶ " + links[0] + "".join(s + link for s, link in zip(separators, links[1:], strict=True))

    return REFERENCE.sub(replace, text)


def paragraph_links(chapter_id: str, numbers) -> str:
    """`¶ 3, 4 and 7` as links: how a question or a claim names its paragraphs."""
    numbers = list(numbers)
    words = ", ".join(map(str, numbers[:-1])) + (" and " if len(numbers) > 1 else "") + str(numbers[-1])
    return link_references(f"¶ {words}", chapter_id, {chapter_id: max(numbers)})
