"""Nothing lost, nothing added: each chapter page holds its source's body, complete and in order.

The seed side is read here independently of the package: the lines between the catalogue's body
limits, less blank lines and the listed debris, where a line ends at `\n` or `\r\n` and nowhere else
(not at the other separators `str.splitlines` knows). The page side is what a reader sees in the HTML.
"""

import re

import pytest
from html_text import chapter_source_text, page, visible_text

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
WORD = re.compile(r"\w+")
# Web debris that GUIDE.md describes, as it stands in the seeds (outside and inside the bodies).
KNOWN_DEBRIS = [
    "Your Comment (0)", "HIT US UP ON SOCIAL MEDIA", "Šóńńźą˙ āåšńč˙", "All Rights Reserved",
    "Bookmark This Site", "Send Feedback", "We Are Partners", "Political Jokes", "Russian Music Samples",
    "When Putin Retires", "Gorbachev Factor", "A L L R U S S I A S", "Learn Russian with Us", "↩︎",
]


def seed_body(catalogue, source) -> list[str]:
    lines = re.split(r"\r?\n", (catalogue.seeds_dir / source.seed).read_text(encoding="utf-8"))
    first = next(i for i, line in enumerate(lines) if line.strip().startswith(source.body_first))
    last = next(i for i in range(first, len(lines)) if lines[i].strip().startswith(source.body_last))
    body = []
    for line in lines[first:last + 1]:
        for chars in catalogue.strip:
            line = line.replace(chars, "")
        line = " ".join(line.split())
        if line and line not in catalogue.debris and line != " ".join(source.title.split()):
            body.append(line)
    return body


def chapter_page(site, source):
    return site / "book" / "chapters" / f"{source.id}.html"


@pytest.fixture
def source(chapter_id, catalogue):
    return catalogue[chapter_id]


def test_every_sentence_of_the_body_appears_in_order(site, catalogue, source):
    text = " ".join(chapter_source_text(chapter_page(site, source)))
    position = 0
    for sentence in SENTENCE_END.split(" ".join(seed_body(catalogue, source))):
        found = text.find(sentence, position)
        assert found >= 0, f"{source.id}: sentence missing or out of order: {sentence[:80]!r}"
        position = found + len(sentence)


def test_the_page_adds_no_word_that_is_not_in_the_seed(site, catalogue, source):
    seed_words = set(WORD.findall((catalogue.seeds_dir / source.seed).read_text(encoding="utf-8")))
    page_words = set(WORD.findall(" ".join(chapter_source_text(chapter_page(site, source)))))
    assert page_words - seed_words == set()


def test_the_page_text_is_the_body_block_for_block(site, catalogue, source):
    """Stronger than the two above: the same blocks, in the same order, with the same text."""
    assert chapter_source_text(chapter_page(site, source)) == seed_body(catalogue, source)


def test_the_page_title_is_the_title_as_published_or_marked_as_supplied(site, source):
    heading = page(chapter_page(site, source)).select_one("article h1")
    title = visible_text(heading).removeprefix(heading.select_one(".section-number").text.strip()).strip()
    expected = " ".join(source.title.split())
    assert title == (f"[{expected}]" if source.title_supplied else expected)


def test_no_web_debris_reaches_any_page(site):
    for path in site.rglob("*.html"):
        text = page(path).get_text(" ")
        for debris in KNOWN_DEBRIS:
            assert debris not in text, f"{path.relative_to(site)} shows web debris {debris!r}"
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    assert "Your Comment" not in index and "HIT US UP" not in index


def test_the_repeated_teaser_is_not_printed_twice(site, catalogue):
    source = catalogue["commune-lessons"]
    text = " ".join(chapter_source_text(chapter_page(site, source)))
    assert text.count("The Paris Commune 1871 was the first revolution of the working class") == 1
