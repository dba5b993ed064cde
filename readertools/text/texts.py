"""Each chapter's cleaned text: as a CSV dataset, one row per block, and as the lookup table that
the provenance check reads quotations from.

The notebooks compute their word counts from the CSV files with pandas, and students can use them
to count, search and compare the sources' wording.
"""

import csv
import io
from pathlib import Path

from readertools.errors import SourceError, shown
from readertools.schema import formula
from readertools.text.segment import Chapter

COLUMNS = ("chapter", "block", "kind", "paragraph", "note", "seed_line", "text")


def text_csv(chapter: Chapter) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for index, block in enumerate(chapter.blocks + chapter.notes, start=1):
        is_note = block.kind == "note"
        writer.writerow([
            chapter.source.id, index, block.kind,
            "" if is_note or block.number is None else block.number,
            block.number if is_note else "",
            block.line, block.text,
        ])
    return out.getvalue()


def formula_cells(chapter: Chapter, path: Path) -> list[SourceError]:
    """Every cell of the chapter's text CSV (`path`, as `text_csv` writes it) that a spreadsheet
    would run as a formula (`schema.FORMULA`), located by row and column and by the seed's line: the
    seed is never edited, so the catalogue's `strip` or `debris` is where to take such a line out."""
    return [SourceError(path, f"{block.text[:60]!r} {formula(block.text)}; it is line {block.line} of "
                        f"{shown(chapter.seed_path)}, which is never edited: take it out of the chapter with "
                        "the catalogue's `strip` or `debris`", place=f"row {row}, text")
            for row, block in enumerate(chapter.blocks + chapter.notes, start=2) if formula(block.text)]


def chapter_texts(chapters) -> dict[tuple[str, str, str], str]:
    """(chapter, "p"|"n", number) -> that paragraph's text, or all of that note's; and
    (chapter, "", "") -> the chapter's unnumbered blocks (headings, bylines, captions)."""
    texts = {}
    for chapter in chapters:
        for block in chapter.blocks + chapter.notes:
            kind = "n" if block.kind == "note" else "p" if block.number else ""
            key = (chapter.source.id, kind, str(block.number) if kind else "")
            texts[key] = (texts.get(key, "") + "\n" + block.text).strip()
    return texts


WORDS_PER_MINUTE = 200
