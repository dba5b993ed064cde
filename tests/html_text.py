"""Read a chapter's source text back out of a built page, the way a reader sees it.

Source elements carry the class `src` (a source heading's section carries `src-heading`); the
apparatus inside them (paragraph numbers, editorial labels, Sphinx's heading permalinks) is left
out. Independent of the renderer: it reads only the HTML.
"""

import re
from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup

APPARATUS = ("pnum", "editorial", "headerlink")


def page(path) -> BeautifulSoup:
    """The parsed page, parsed once per version of the file however many tests read it (a page is
    parsed again only when a build has rewritten it). Callers read it and never change it."""
    path = Path(path).resolve()
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _parsed(path: Path, mtime: int, size: int) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def source_elements(soup: BeautifulSoup) -> list:
    """The source's elements in page order: paragraphs, quotations, captions, bylines, notes, headings."""
    article = soup.select_one("article.bd-article")
    found = []
    for element in article.find_all(class_=lambda c: c in ("src", "src-heading")):
        if "src-heading" in element.get("class", []):
            element = element.find(re.compile(r"^h[1-6]$"))
        found.append(element)
    return found


def visible_text(element) -> str:
    """The element's text without apparatus, with white space folded as a browser folds it."""
    parts = []
    for text in element.find_all(string=True):
        ancestors = []
        for parent in text.parents:
            if parent is element:
                break
            ancestors.append(parent)
        if not any(set(APPARATUS) & set(parent.get("class", [])) for parent in ancestors):
            parts.append(str(text))
    return " ".join("".join(parts).split())


def chapter_source_text(path) -> list[str]:
    return [visible_text(element) for element in source_elements(page(path))]
