"""Paragraph references in editorial text: `¶ 12`, `¶ 12–14`, `¶ 3, 5 and 7` and `¶@other 3`.

A reference keeps its chapter wherever it is written (the page's link text, previews, packets, keys,
notebooks, question banks): `¶ 12` in its own chapter, `3.¶ 12` in another, the chapter's number
first as a question's is (`3.12`). `reference_label` is that one form; everything that writes a
reference uses it.

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


def reference_label(numbers: str, chapter: str, chapter_id: str, chapter_numbers: dict[str, int] | None) -> str:
    """How a reference to `numbers` ("12", "12–14", "3, 5 and 7") of `chapter` is written in `chapter_id`'s
    text: `¶ 12` in the same chapter, `3.¶ 12` in another (its number in the book; its id where the
    numbers are not known, so that a reference never loses its chapter)."""
    if chapter == chapter_id:
        return f"¶ {numbers}"
    return f"{(chapter_numbers or {}).get(chapter, chapter)}.¶ {numbers}"


def plain_references(text: str, chapter_id: str, chapter_numbers: dict[str, int] | None) -> str:
    """Text with its `¶@other 3` references written as the book shows them (`5.¶ 3`), without links."""
    return REFERENCE.sub(lambda m: reference_label(m.group(2), m.group(1) or chapter_id, chapter_id, chapter_numbers),
                         text)


def link_references(text: str, chapter_id: str, paragraphs: dict[str, int] | None, path=None,
                    place=None, chapter_numbers: dict[str, int] | None = None) -> str:
    """Turn `¶ 12`, `¶ 12–14, 16` and `¶@other 3` into MyST links to the paragraph labels, their text
    as `reference_label` writes it; with `paragraphs` (every chapter's count), refuse a paragraph that
    does not exist."""

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
            return f"[{reference_label(found[0], chapter, chapter_id, chapter_numbers)}]({target(chapter, found[0])})"
        links = [f"[{n}]({target(chapter, n)})" for n in found]
        return (reference_label("", chapter, chapter_id, chapter_numbers) + links[0]
                + "".join(s + link for s, link in zip(separators, links[1:], strict=True)))

    return REFERENCE.sub(replace, text)


def and_list(items) -> str:
    """"1, 2 and 3": items as a sentence names them."""
    items = [str(item) for item in items]
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]


def paragraph_links(chapter_id: str, references, chapter_numbers: dict[str, int]) -> str:
    """`¶ 3, 4 and 7` (this chapter) or `4.¶ 17` as links: how questions and claims name their
    paragraphs."""
    groups = {}
    for chapter, number in references:
        groups.setdefault(chapter, []).append(number)
    parts = []
    for chapter, numbers in groups.items():
        parts.append(link_references(f"¶@{chapter} {and_list(numbers)}", chapter_id, {chapter: max(numbers)},
                                     chapter_numbers=chapter_numbers))
    return "; ".join(parts)


EDITORIAL_MARKUP = re.compile(rf"`[^`\n]+`|{REFERENCE.pattern}")


def prose(text: str, chapter_id: str, paragraphs: dict[str, int] | None = None,
          chapter_numbers: dict[str, int] | None = None) -> str:
    """Editorial text (apparatus, glossary, people, timeline, citations) as MyST: literal like the
    sources' text, so that no markup or script in a data file reaches a page, except that its ¶
    references become links and its `code` spans stay code."""
    out, position = [], 0
    for match in EDITORIAL_MARKUP.finditer(text):
        out.append(literal(text[position:match.start()]))
        token = match.group()
        out.append(token if token.startswith("`")
                   else link_references(token, chapter_id, paragraphs, chapter_numbers=chapter_numbers))
        position = match.end()
    return "".join(out) + literal(text[position:])
