"""Apparatus prose as the packets' HTML, and the lines a student writes on.

Shared by the packet's parts (`packet_document`, `packet_lesson`) and the syllabus: prose escaped,
each ¶ reference written as the book writes it; the ruled writing lines and the name-and-date line.
"""

import html
import re

from readertools.content.references import and_list, plain_references, reference_label


def plain(text: str, cid: str, numbers: dict[str, int]) -> str:
    """Apparatus prose of chapter `cid` as handout HTML: escaped, each ¶ reference as the book writes it
    (`¶ 3`, and `5.¶ 3` for another chapter's)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", plain_references(text, cid, numbers))
    return html.escape(text.replace("`", ""))


def plainer(book, cid: str):
    """`plain` for chapter `cid` of `book`, as one function of the text."""
    return lambda text: plain(text, cid, book.numbers)


def paragraphs(book, cid: str, references) -> str:
    """A question's paragraphs as the packet names them: `¶ 1, 2 and 5` (with another chapter's number)."""
    groups = {}
    for chapter, number in references:
        groups.setdefault(chapter, []).append(str(number))
    parts = []
    for chapter, numbers in groups.items():
        parts.append(reference_label(and_list(numbers), chapter, cid, book.numbers))
    return "; ".join(parts)


def writing_lines(count: int) -> list[str]:
    """`count` ruled lines to write on."""
    return ['<div class="line"></div>'] * count


def name_date() -> str:
    """The line a student writes their name and the date on."""
    return '<p class="name-date"><span>Name</span><span class="date">Date</span></p>'
