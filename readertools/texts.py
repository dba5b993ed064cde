"""Export each chapter's cleaned text as a CSV dataset, one row per block.

The notebooks compute their word counts from these files with pandas, and students can use them
to count, search and compare the sources' wording.
"""

import csv
import io

from .catalogue import ROOT
from .segment import Chapter

TEXTS = ROOT / "book" / "data" / "texts"
COLUMNS = ("chapter", "block", "kind", "paragraph", "note", "seed_line", "text")


def text_path(chapter: Chapter):
    return TEXTS / f"{chapter.source.id}.csv"


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
