"""The document as a packet prints it: a source chapter whole, or the passages a chapter across
the sources cites.

A source chapter: what the text states of itself (the catalogue's title, authors, venue, date,
genre and language; never the editors' title), the headnote, the full text with its paragraph
numbers, headings and notes, each editor's note marked in the margin, and the editor's notes
themselves: open in the key; in the packet, a note that settles a question is named with the
question to try first, not printed. A chapter across the sources: every passage its questions
(and its writing task) cite, whole, under its chapter, an excerpt saying what it leaves out.
"""

import html
import re

from readertools.content.editor_notes import KINDS, MARK, closed_label, where
from readertools.content.references import REFERENCE
from readertools.exports.packet_text import plainer


def _markdown(text: str) -> str:
    from markdown_it import MarkdownIt  # here: the command line imports this module, and needs it only to print

    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return MarkdownIt("commonmark", {"html": False}).render(text)


def _headnote(book, cid: str) -> str:
    """The chapter's headnote (or a chapter across the sources' introduction) as HTML, without its heading."""
    path = book.notebook(cid)
    cell_id = "headnote" if cid in book.chapter_ids else "intro"
    cell = next((c for c in book.notebooks[path].cells if c.get("id") == cell_id), None)
    return _markdown(re.sub(r"^#+ .*$", "", cell.source, count=1, flags=re.MULTILINE)) if cell else ""


def _source_table(source) -> str:
    """What the text states of itself, as the catalogue records it: never the editors' title."""
    title = "None in the source" if source.title_supplied else source.title
    rows = [("Title", title), ("Author" if len(source.authors) == 1 else "Authors", ", ".join(source.authors)),
            ("Venue", source.venue), ("Date", source.date), ("Genre", source.genre), ("Language", source.language)]
    return ('<table class="source-line">' + "".join(f"<tr><th>{name}</th><td>{html.escape(value)}</td></tr>"
                                                     for name, value in rows) + "</table>")


def _inline(block) -> str:
    parts, position = [], 0
    for marker in block.markers:
        parts.append(html.escape(block.text[position:marker.start]))
        parts.append(f'<span class="note-ref">{html.escape(block.text[marker.start:marker.end])}</span>')
        position = marker.end
    return "".join(parts) + html.escape(block.text[position:])


def _block(block, marks: str = "") -> str:
    if block.kind == "heading":
        return f'<h3 class="src-heading">{_inline(block)}</h3>'
    if block.kind == "byline":
        return f'<p class="byline">{_inline(block)}</p>'
    if block.kind == "caption":
        return f'<p class="caption"><span class="ed">[Caption of an image not reproduced:]</span> {_inline(block)}</p>'
    kind = " quote" if block.kind == "quote" else ""
    return (f'<p class="para{kind}"><span class="pnum">{block.number}</span>{marks}{_inline(block)}</p>')


def _note(block, marks: str = "") -> str:
    if not block.label_length:
        return f'<p class="note">{html.escape(block.text)}</p>'
    label = html.escape(block.text[:block.label_length])
    return f'<p class="note">{marks}<b>{label}</b>{html.escape(block.text[block.label_length:])}</p>'


def _marks(notes, kind: str, number) -> str:
    found = [n for n in notes if (n.kind, n.number) == (kind, number)]
    return f'<span class="ed-mark" title="Editor\'s note">{MARK * len(found)}</span>' if found else ""


def _editor_notes(book, cid: str, notes, key: bool, notes_open: bool = False) -> list[str]:
    """A chapter's editor's notes: open in the key (and, with `notes_open`, in the packet); else, in
    the packet, a note that settles a question is named with the question to try first, and the rest
    are printed."""
    t = plainer(book, cid)
    if not notes:
        return []
    lines = ["<h3>Editor's notes</h3>",
             (f'<p class="hint">Notes by the editors of the reader, marked {MARK} in the margin. ' +
              ("Open in the key." if key else "Printed open for this session." if notes_open else
               "A note that settles a question is not printed here: try the question first, then open the note "
               "in the online reader.") + "</p>")]
    closed = []
    for note in notes:
        if key or notes_open or not note.questions:
            asks = ", ".join(f"{book.numbers[c]}.{q}" for c, q in note.questions)
            lines.append(f'<div class="editor-note"><b>{MARK} {where(note)}</b>, “{html.escape(note.quote)}”: '
                         f"<b>{KINDS[note.category]}.</b> {t(note.problem)} <i>Evidence:</i> "
                         f"{t(note.evidence)}" + (f" <i>Questions:</i> {asks}." if asks else "") + "</div>")
        elif closed_label(note, book.numbers) not in closed:
            closed.append(closed_label(note, book.numbers))
            lines.append(f'<p class="hint">{html.escape(closed[-1])}.</p>')
    return lines


def source_document(book, cid: str, key: bool, notes_open: bool = False) -> list[str]:
    """The whole text of a source chapter, with its numbers, headings and notes, and what it states of itself."""
    chapter = book.chapter(cid)
    notes = sorted((n for n in book.editor_notes if n.chapter == cid), key=lambda n: (n.kind != "p", n.number))
    lines = ['<h2>The document</h2>', _source_table(chapter.source),
             f'<div class="headnote">{_headnote(book, cid)}</div>', '<div class="text">']
    lines += [_block(block, _marks(notes, "p", block.number) if block.number else "") for block in chapter.blocks]
    if chapter.notes:
        lines.append('<h3 class="src-heading">Notes</h3>')
        lines += [_note(block, _marks(notes, "n", block.number) if block.label_length else "")
                  for block in chapter.notes]
    return lines + ["</div>"] + _editor_notes(book, cid, notes, key, notes_open)


def cited(book, cid: str, questions, writing: bool = True) -> dict[str, set[int]]:
    """chapter -> the paragraphs a chapter across the sources sends students to (its questions' and,
    with `writing`, its writing task's)."""
    found: dict[str, set[int]] = {}
    for q in questions:
        for chapter, number in q.paragraphs:
            found.setdefault(chapter, set()).add(number)
    for match in REFERENCE.finditer(book.apparatus[cid].writing_task.evidence if writing else ""):
        chapter = match.group(1) or cid
        for first, _, last in (n.partition("–") for n in re.findall(r"\d+(?:–\d+)?", match.group(2))):
            found.setdefault(chapter, set()).update(range(int(first), int(last or first) + 1))
    return found


def passages(book, cid: str, questions, key: bool, writing: bool = True) -> list[str]:
    """For a chapter across the sources: every passage its questions (and, with `writing`, its writing
    task) cite, whole, under its chapter, with the notes whose markers they hold."""
    lines = ['<h2>The passages</h2>', f'<div class="headnote">{_headnote(book, cid)}</div>']
    found = cited(book, cid, questions, writing)
    for chapter in book.chapters:
        numbers = found.get(chapter.source.id)
        if not numbers:
            continue
        source = chapter.source
        title = "untitled" if source.title_supplied else f"“{source.title}”"
        lines += [(f"<h3>Chapter {book.numbers[source.id]}: {html.escape(', '.join(source.authors))}, "
                  f"{html.escape(title)} ({html.escape(source.date)})</h3>"), '<div class="text">']
        held = [b for b in chapter.paragraphs if b.number in numbers]
        for previous, block in zip([None, *held], held, strict=False):
            if previous and block.number > previous.number + 1:  # an excerpt says what it leaves out
                left = f"{previous.number + 1}" + (f"–{block.number - 1}" if block.number > previous.number + 2 else "")
                lines.append(f'<p class="para ed">[¶ {left} not printed]</p>')
            lines.append(_block(block))
        markers = {m.note for block in held for m in block.markers}
        lines += [_note(block) for block in chapter.notes if block.number in markers]
        lines.append("</div>")
    return lines
