"""The anchor names of the book: one definition for everything that links into a page."""

import re
import unicodedata


def paragraph_label(chapter_id: str, number: int) -> str:
    return f"{chapter_id}-p-{number}"


def paragraph_id(number: int) -> str:
    """The paragraph's short id on its own page (`#p-3`), beside its label."""
    return f"p-{number}"


# A link to a paragraph's label, as `content.references` writes it: `](#baserli-p-3)`.
PARAGRAPH_LINK = re.compile(r"\]\(#(?P<chapter>[a-z][a-z0-9-]*?)-p-(?P<number>\d+)\)")
# The same with its link text: `[5.¶ 3](#baserli-p-3)`.
PARAGRAPH_LINK_TEXT = re.compile(r"\[(?P<text>[^\]]*)" + PARAGRAPH_LINK.pattern)


def note_label(chapter_id: str, number: int) -> str:
    return f"{chapter_id}-n-{number}"


def note_id(number: int) -> str:
    return f"n-{number}"


def heading_label(chapter_id: str, index: int) -> str:
    return f"{chapter_id}-h-{index}"


def editor_note_label(chapter_id: str, note_id: str) -> str:
    return f"{chapter_id}-en-{note_id}"


def question_label(chapter_id: str, number: int) -> str:
    return f"{chapter_id}-q-{number}"


def figures_label(chapter_id: str, table: str) -> str:
    """A table of reference figures under a chapter's questions (`henry-figures-party-membership`)."""
    return f"{chapter_id}-figures-{slug(table.removesuffix('.csv'))}"


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def person_label(name: str) -> str:
    return f"person-{slug(name)}"


def term_id(term: str) -> str:
    """The glossary entry's anchor before Sphinx makes it an id (`sphinx.util.nodes.make_id`)."""
    return f"term-{term}"


def place_link(chapter_id: str, kind: str, number) -> str:
    """`[¶ 3](#…)` for a paragraph (kind "p"), `[note 1](#…)` for a note (kind "n")."""
    if kind == "p":
        return f"[¶ {number}](#{paragraph_label(chapter_id, number)})"
    return f"[note {number}](#{note_label(chapter_id, number)})"
