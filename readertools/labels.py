"""The anchor names of the text: one definition for everything that links into a chapter."""


def paragraph_label(chapter_id: str, number: int) -> str:
    return f"{chapter_id}-p-{number}"


def note_label(chapter_id: str, number: int) -> str:
    return f"{chapter_id}-n-{number}"


def heading_label(chapter_id: str, index: int) -> str:
    return f"{chapter_id}-h-{index}"


def place_link(chapter_id: str, kind: str, number) -> str:
    """`[¶ 3](#…)` for a paragraph (kind "p"), `[note 1](#…)` for a note (kind "n")."""
    if kind == "p":
        return f"[¶ {number}](#{paragraph_label(chapter_id, number)})"
    return f"[note {number}](#{note_label(chapter_id, number)})"
