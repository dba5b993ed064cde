"""The cleaner and segmenter: every body line accounted for, nothing reworded, debris dropped."""

import pytest

from readertools.text.seeds import read_seed


def body_lines(chapter):
    lines = read_seed(chapter.seed_path)
    return {number: lines[number - 1] for number in range(chapter.first_line, chapter.last_line + 1)
            if lines[number - 1].strip()}


def test_the_received_seeds_give_six_chapters_and_002_gives_two(chapters):
    ids = [c.source.id for c in chapters]
    assert {"dictatorship", "commune-lessons", "avakian", "pele", "baserli", "henry"} <= set(ids)
    assert len(ids) == len(set(ids))
    pele, baserli = (c for c in chapters if c.source.seed.startswith("002"))
    assert pele.last_line < baserli.first_line


def test_every_body_line_is_used_exactly_once(chapters):
    for chapter in chapters:
        used = [b.line for b in chapter.blocks + chapter.notes] + list(chapter.dropped)
        title_lines = [n for n, line in body_lines(chapter).items()
                       if " ".join(line.split()) == " ".join(chapter.title.split())]
        used += title_lines[:1]
        assert sorted(used) == sorted(body_lines(chapter)), chapter.source.id
        assert len(used) == len(set(used)), chapter.source.id


def test_blocks_keep_the_seed_text_word_for_word(chapters, catalogue):
    for chapter in chapters:
        lines = read_seed(chapter.seed_path)
        for block in chapter.blocks + chapter.notes:
            raw = lines[block.line - 1]
            for chars in catalogue.strip:
                raw = raw.replace(chars, "")
            assert block.text == raw.strip(), f"{chapter.source.id}, seed line {block.line}"


def test_paragraphs_are_numbered_from_one_without_gaps(chapters):
    for chapter in chapters:
        numbers = [block.number for block in chapter.paragraphs]
        assert numbers == list(range(1, len(numbers) + 1)), chapter.source.id
        assert all(b.number is None for b in chapter.blocks if b.kind not in ("paragraph", "quote"))


def test_web_debris_inside_a_body_is_dropped(chapters):
    dictatorship = chapters[0]
    assert dictatorship.dropped == (17,)
    assert not any("Gorbachev Factor" in block.text for block in dictatorship.blocks)


def test_lines_are_classified_as_the_catalogue_says(chapters):
    by_id = {c.source.id: c for c in chapters}
    kinds = {b.text: b.kind for b in by_id["baserli"].blocks}
    assert kinds["The Georgian drama"] == "heading"
    assert kinds["Mikoyan, Stalin and Ordzhonikidze"] == "caption"
    assert [b.number for b in by_id["dictatorship"].blocks if b.kind == "quote"] == [4, 5]
    assert [b.kind for b in by_id["henry"].blocks][:2] == ["byline", "paragraph"]
    assert by_id["commune-lessons"].blocks[-1].kind == "byline"


@pytest.mark.parametrize(("chapter_id", "count", "first_marker_paragraph"),
                         [("avakian", 4, 5), ("baserli", 15, 5)])
def test_notes_are_numbered_and_every_marker_found(chapters, chapter_id, count, first_marker_paragraph):
    chapter = next(c for c in chapters if c.source.id == chapter_id)
    assert sorted({note.number for note in chapter.notes}) == list(range(1, count + 1))
    markers = sorted(m.note for b in chapter.blocks for m in b.markers)
    assert markers == list(range(1, count + 1))
    assert chapter.marker_block(1).number == first_marker_paragraph
    for block in chapter.blocks:
        for marker in block.markers:
            assert block.text[marker.start:marker.end] == str(marker.note)


def test_a_note_keeps_all_its_paragraphs(chapters):
    avakian = next(c for c in chapters if c.source.id == "avakian")
    note_1 = [n for n in avakian.notes if n.number == 1]
    assert len(note_1) == 6
    assert note_1[0].text.startswith("1The Paris Commune") and note_1[0].label_length == 1
    assert note_1[-1].text.startswith("The founder of modern communism, Karl Marx")
