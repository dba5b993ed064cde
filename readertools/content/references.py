"""Paragraph references in editorial text: `¶ 12`, `¶ 12–14`, `¶ 3, 5 and 7` and `¶@other 3`.

`link_references` turns them into MyST links to the paragraph labels (`labels.paragraph_label`) and,
given every chapter's paragraph count, refuses one that points at no paragraph; `prose` writes
editorial text (apparatus, glossary, people, timeline, citations) as MyST that is literal like the
sources' text, except that its ¶ references become links and its `code` spans stay code.
"""

import re

from readertools.errors import SourceError
from readertools.labels import paragraph_label
from readertools.text.myst import literal

NUMBER = r"\d+(?:–\d+)?"


REFERENCE = re.compile(rf"¶(?:@([a-z][a-z0-9-]*))? ({NUMBER}(?:(?:, | and ){NUMBER})*)")


def link_references(text: str, chapter_id: str, paragraphs: dict[str, int] | None, path=None,
                    place=None) -> str:
    """Turn `¶ 12`, `¶ 12–14, 16` and `¶@other 3` into MyST links to the paragraph labels; with
    `paragraphs` (every chapter's count), refuse a paragraph that does not exist."""

    def target(chapter: str, number: str) -> str:
        first, _, last = number.partition("–")
        if last and int(last) <= int(first):
            raise SourceError(path or chapter_id, f"¶ range {chapter}:{number} runs backwards", place)
        for n in filter(None, (first, last)) if paragraphs is not None else ():
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


EDITORIAL_MARKUP = re.compile(rf"`[^`\n]+`|{REFERENCE.pattern}")


def prose(text: str, chapter_id: str, paragraphs: dict[str, int] | None = None) -> str:
    """Editorial text (apparatus, glossary, people, timeline, citations) as MyST: literal like the
    sources' text, so that no markup or script in a data file reaches a page, except that its ¶
    references become links and its `code` spans stay code."""
    out, position = [], 0
    for match in EDITORIAL_MARKUP.finditer(text):
        out.append(literal(text[position:match.start()]))
        token = match.group()
        out.append(token if token.startswith("`") else link_references(token, chapter_id, paragraphs))
        position = match.end()
    return "".join(out) + literal(text[position:])
