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
from .labels import paragraph_label

APPARATUS = ROOT / "book" / "apparatus"
SKILLS = {
    "sourcing": "Sourcing",
    "contextualization": "Contextualization",
    "close-reading": "Close reading",
    "corroboration": "Corroboration",
    "data": "Working with data",
}
REQUIRED = {"chapter", "questions", "teaching_notes"}
OPTIONAL = {"objectives", "key_terms", "summary", "claims"}  # required of source chapters by the tests
NUMBER = r"\d+(?:–\d+)?"
REFERENCE = re.compile(rf"¶(?:@([a-z][a-z0-9-]*))? ({NUMBER}(?:(?:, | and ){NUMBER})*)")


@dataclass(frozen=True)
class Claim:
    text: str
    paragraphs: tuple[tuple[str, int], ...]  # (chapter, paragraph)


@dataclass(frozen=True)
class Question:
    number: int
    skill: str
    paragraphs: tuple[tuple[str, int], ...]  # (chapter, paragraph)
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


@dataclass(frozen=True)
class Study:
    """What rendering a chapter's apparatus needs: the apparatus, the book's chapter numbers and
    every chapter's number of paragraphs (to check and link references)."""

    apparatus: Apparatus
    chapter_numbers: dict[str, int]
    paragraphs: dict[str, int]
    index: tuple[str, ...] = ()  # "at a glance" lines: key terms, other terms, people
    citations: tuple[tuple[str, str, str], ...] = ()  # (bibliography key, title, where it is cited)

    @property
    def number(self) -> int:
        return self.chapter_numbers[self.apparatus.chapter]


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
    found = set(data) if isinstance(data, dict) else set()
    if not REQUIRED <= found <= REQUIRED | OPTIONAL:
        unknown = sorted(found - REQUIRED - OPTIONAL)
        raise SourceError(path, f"expected the keys {sorted(REQUIRED)} and optionally {sorted(OPTIONAL)}; "
                          f"missing {sorted(REQUIRED - found)}, unknown {unknown}")
    if data["chapter"] != chapter_id:
        raise SourceError(path, f"chapter is {data['chapter']!r}, expected {chapter_id!r}")

    def prose(value, place):
        if not isinstance(value, str) or not value.strip():
            raise SourceError(path, "expected non-empty text", place=place)
        link_references(value, chapter_id, paragraphs, path, place)  # refuses a bad reference
        return value.strip()

    def numbers(value, place):
        """Paragraphs as [3, 4] in this chapter, or ["pele:17"] in another one."""
        if not isinstance(value, list) or not value:
            raise SourceError(path, "paragraphs must be a non-empty list", place=place)
        found = []
        for item in value:
            chapter, _, number = str(item).rpartition(":") if isinstance(item, str) else ("", "", item)
            chapter = chapter or chapter_id
            if not str(number).isdigit() or not 1 <= int(number) <= paragraphs.get(chapter, 0):
                raise SourceError(path, f"paragraphs must be numbers from 1 to {paragraphs.get(chapter, 0)} "
                                  f"(or \"chapter:number\"); {item!r} is not", place=place)
            found.append((chapter, int(number)))
        return tuple(found)

    def texts(value, key):
        if not isinstance(value, list) or not value:
            raise SourceError(path, "expected a non-empty list", place=key)
        return tuple(prose(item, f"{key}[{index}]") for index, item in enumerate(value))

    claims = tuple(Claim(prose(c.get("text"), f"claims[{i}]"), numbers(c.get("paragraphs"), f"claims[{i}]"))
                   for i, c in enumerate(_mappings(path, data.get("claims", [{}]), "claims"))
                   ) if "claims" in data else ()
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
    return Apparatus(
        path, chapter_id,
        texts(data["objectives"], "objectives") if "objectives" in data else (),
        texts(data["key_terms"], "key_terms") if "key_terms" in data else (),
        prose(data["summary"], "summary") if "summary" in data else "", claims,
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
        return f"#{paragraph_label(chapter, first)}"

    def replace(match):
        chapter = match.group(1) or chapter_id
        found = re.findall(NUMBER, match.group(2))
        separators = re.findall(r", | and ", match.group(2))
        if len(found) == 1:
            return f"[¶ {found[0]}]({target(chapter, found[0])})"
        links = [f"[{n}]({target(chapter, n)})" for n in found]
        return "¶ " + links[0] + "".join(s + link for s, link in zip(separators, links[1:], strict=True))

    return REFERENCE.sub(replace, text)


def paragraph_links(chapter_id: str, references, chapter_numbers: dict[str, int]) -> str:
    """`¶ 3, 4 and 7` (this chapter) or `chapter 4, ¶ 17` as links: how questions and claims name
    their paragraphs."""
    groups = {}
    for chapter, number in references:
        groups.setdefault(chapter, []).append(number)
    parts = []
    for chapter, numbers in groups.items():
        words = ", ".join(map(str, numbers[:-1])) + (" and " if len(numbers) > 1 else "") + str(numbers[-1])
        where = "" if chapter == chapter_id else f"chapter {chapter_numbers[chapter]}, "
        parts.append(where + link_references(f"¶@{chapter} {words}", chapter_id, {chapter: max(numbers)}))
    return "; ".join(parts)
