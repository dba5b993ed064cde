"""The check that keeps answers out of the student edition: every published byte is read.

The student edition is made from a model that never holds an instructor-only text
(`model.student_edition`); this check proves it on what is about to be published, with the editors'
model, so that an answer that reaches the site by any way at all (a copy of an apparatus file saved
under `book/_static/` with any name, a comment or an image's `alt` in a page, a template, an
extension, a download) stops the publication, naming the file and the answer.

**What it looks for** (`hidden_phrases`): every instructor-only text (`instructor_only`: the model
answers, teaching notes, discussion plans and sample answers, the rubric's levels, the sequences'
notes and the instructor guide's advice). A text of `PHRASE` (8) words or more is looked for by its
phrases, every run of 8 of its words. A shorter one has no phrase: it is looked for whole, its words
in order (case, punctuation and spacing ignored, numbers kept, never inside a longer word), unless it
is too slight to give anything away where it is found: a single word, or fewer than `SLIGHT` (10)
letters and digits in all ("Yes", "No", "1871", "72 days"). A text shorter than `ECHO` (12) words is
looked for whole as well: its phrases may all be shared with a text students see (below), and pasted
whole it would otherwise pass.

**What an answer may share with the site.** It may quote its source and its references at any
length: a phrase that stands in a seed, in a chapter's text or in a reference's quotation (the data's,
the chronology's, the checked dates': `quotable_texts`) is no leak, and neither is a short text that
stands there whole. A phrase it shares with anything else students see (`student_texts`: its question,
a summary, a headnote, an editor's note, the glossary, the people, the citations, the bibliography,
the chronology's labels, the standpoints, the datasets' free text) is no leak only in a run shorter
than `ECHO` (12) words: the wording two texts about one source share, a name, a title, a phrase of a
claim. A longer run is an answer pasted into a text students see: the model refuses it when it is
loaded (`checks.echoes`, naming the answer and the file), and this check refuses it in the site.

**How a file is read** (`leaks_of_data`): every file, whatever its name, as text (UTF-8, or UTF-16
with its mark; a binary file as the text its bytes hold), twice: as it stands (so an HTML comment and
an attribute's value, an `alt` or a `title`, are read), and with its tags taken out (so that a
phrase running across inline markup is whole again); HTML's entities and JSON's escapes decoded in
both. A PDF is read for its text too (pypdf, as the PDFs' own readers extract it), and every archive
is opened, nested ones too (zip, hence EPUB and Office files; tar; gzip; the zlib body of Sphinx's
inventory). Other compressed formats (7z, rar, xz inside a PDF's images...) are read only as bytes.

A memory (`check_student_site`'s `memory`) keeps the files found clean against these very texts,
so that a rebuild reads only the files that changed (or every file, once an answer changed).
"""

import gzip
import hashlib
import html
import io
import json
import logging
import re
import tarfile
import zipfile
import zlib
from pathlib import Path

from readertools.checks.links import content_files
from readertools.content.lessons import instructor_texts
from readertools.content.notebooks import GENERATED
from readertools.errors import BookErrors, SourceError

PHRASE = 8  # words: long enough to be an answer's own wording, short enough to catch a copied sentence
ECHO = 12  # words: a run an answer shares with a text students see that gives that answer away
SLIGHT = 10  # letters and digits: a short text with fewer says nothing where it is found

WORD = re.compile(r"[^\W\d_]+")  # words only: numbers (paragraph numbers, note markers) fall between
TOKEN = re.compile(r"[^\W_]+")  # a short text's words: letters and digits
TAG = re.compile(r"<[^>]*>")
ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|[nrt])")  # JSON's and JavaScript's escapes of a string
INVENTORY = b"# Sphinx inventory version 2"


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def tokens(text: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(text.lower()))


def shingles(tokens: list[str], length: int = PHRASE) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + length]) for i in range(max(0, len(tokens) - length + 1))}


class Hidden(dict):
    """phrase -> where it comes from, for every phrase the check looks for; `whole`, the same for the
    short texts looked for whole (their `tokens`): their words in order, anything but letters and
    digits between them, none around them."""

    def __init__(self, phrases=(), whole=None):
        super().__init__(phrases)
        self.whole = dict(whole or {})
        self.starts = {phrase[0] for phrase in self}  # a phrase is looked up only where one starts
        self.shorts = {short: (max(short, key=len), re.compile("[\\W_]+".join(map(re.escape, short)) + "(?![^\\W_])"))
                       for short in self.whole}  # with its longest word: a text without that word is not searched

    def phrases_in(self, text: str) -> set[tuple[str, ...]]:
        """The phrases `text` (in lower case) holds."""
        found, starts = WORD.findall(text), self.starts
        return {phrase for i in range(len(found) - PHRASE + 1)
                if found[i] in starts and (phrase := tuple(found[i:i + PHRASE])) in self}

    def short_texts_in(self, text: str) -> set[tuple[str, ...]]:
        """The short texts `text` (in lower case) holds whole."""
        return {short for short, (word, pattern) in self.shorts.items() if word in text and any(
            found.start() == 0 or not text[found.start() - 1].isalnum() for found in pattern.finditer(text))}


def instructor_only(book):
    """(where, text) of every instructor-only text of the editors' model, as a reader sees it."""
    for apparatus in book.apparatus.values():
        source = book.project.relative(apparatus.path)  # once per file: it resolves the path
        for place, text in apparatus.hidden():
            index = re.match(r"questions\[(\d+)\] answer", place)
            place = (f"question {apparatus.questions[int(index[1])].number}, answer" if index
                     else place.replace("_", " "))
            yield f"{source}, {place}", plain(text)
    yield from ((where, plain(text)) for where, text in instructor_texts(book))


def quotable_texts(book):
    """What an answer may quote at any length: its sources (each seed as received and each
    chapter's text) and its references' quotations (of a figure in the data, of a chronology date, of
    a checked date of a person or a term)."""
    for source in book.catalogue.sources:
        yield book.catalogue.seed_path(source).read_text(encoding="utf-8", errors="replace")
    for chapter in book.chapters:  # whole, so that a phrase running over two paragraphs counts
        yield " ".join(block.text for block in chapter.blocks + chapter.notes)
    for rows in book.datasets.values():
        yield from (row.get("quote") or "" for row in rows if row.get("source") == "reference")
    yield from (entry.quote for entry in book.chronology)
    yield from (check.quote for entry in (*book.glossary, *book.people) for check in entry.checks)


def student_texts(book):
    """(where, text) of everything else students see that the model holds: the apparatus's student
    fields (the questions first), the editorial cells of the notebooks, the editor's notes and the
    data files."""
    project = book.project
    for apparatus in book.apparatus.values():
        source = project.relative(apparatus.path)
        yield from ((f"{source}, {place}", plain(text)) for place, text in apparatus.visible())
    for path, notebook in book.notebooks.items():
        yield from ((f"{project.relative(path)}, cell {cell.get('id')!r}", plain(cell.source))
                    for cell in notebook.cells if cell.get("id") not in GENERATED)
    for note in book.editor_notes:
        yield f"{project.relative(project.editor_notes)} ({note.id})", f"{note.problem} {note.evidence}"
    for path in (project.catalogue, project.glossary, project.people, project.citations, project.bibliography,
                 project.quotations, project.chronology, project.standpoints, project.voices, *book.datasets):
        yield project.relative(path), path.read_text(encoding="utf-8")


def hidden_phrases(book, extra_hidden=(), extra_seen=()) -> Hidden:
    """What the check looks for: every phrase of an instructor-only text that is neither quoted
    from the sources or references nor shared with a text students see in a run shorter than
    `ECHO` words, and every short text that does not stand whole in the sources or references.
    `extra_hidden` ((where, text) pairs) and `extra_seen` (texts): instructor-only texts and texts
    students see from outside the book, such as a course file's own questions and their answers."""
    if book.edition == "student":
        raise ValueError("the leak check needs the editors' model: the student edition's holds no answer")
    quotable = [*quotable_texts(book)]
    allowed = set().union(*(shingles(words(text)) for text in quotable))
    quoted = " " + " | ".join(" ".join(tokens(text)) for text in quotable) + " "
    seen, runs = set(), set()
    for text in [*(text for _, text in student_texts(book)), *extra_seen]:
        found = words(text)
        seen |= shingles(found)
        runs |= shingles(found, ECHO)
    phrases, whole = {}, {}
    for where, text in [*instructor_only(book), *extra_hidden]:
        found = words(text)
        if len(found) < ECHO:  # also whole: a text of 8 to 11 words pasted whole has no phrase of its own
            short = tokens(text)
            if len(short) > 1 and len("".join(short)) >= SLIGHT and f" {' '.join(short)} " not in quoted:
                whole.setdefault(short, where)
            if len(found) < PHRASE:
                continue
        echoed = {i for i in range(len(found) - ECHO + 1) if tuple(found[i:i + ECHO]) in runs}
        for i in range(len(found) - PHRASE + 1):
            phrase = tuple(found[i:i + PHRASE])
            if phrase in allowed or (phrase in seen and not any(j in echoed for j in range(i - ECHO + PHRASE, i + 1))):
                continue
            phrases.setdefault(phrase, where)
    return Hidden(phrases, whole)


def leaks(site: Path, hidden: Hidden, clean: dict[str, str] | None = None,
          extracted: dict[str, str] | None = None) -> list[SourceError]:
    """The files of a built site (or any folder: a bundle, the student repository) that hold an
    instructor-only text, every file and every archive's members read (`leaks_of_data`).

    `clean`: file (relative to `site`) -> digest of its content, for files found clean against these
    very texts: those are not read again, nor is an archive's member with the same content as one of
    them (the offline copy holds the whole site), and the files found clean now are added.
    `extracted`: digest of a PDF -> its text, kept from one check to the next (pypdf takes seconds
    over the whole book's PDF; the texts to look for change more often than the PDFs); by default,
    the process's own."""
    problems, known = [], set((clean or {}).values())
    for path in content_files(site):
        data = path.read_bytes()
        digest = _digest(data)
        if clean is not None and clean.get(str(path.relative_to(site))) == digest:
            continue
        found = leaks_of_data(path, data, hidden, known, digest, extracted)
        if clean is not None:
            if found:
                clean.pop(str(path.relative_to(site)), None)
            else:
                clean[str(path.relative_to(site))] = digest
        problems += found
    return problems


def leaks_of_data(place, data: bytes, hidden: Hidden, known: set[str] | None = None,
                  digest: str | None = None, extracted: dict[str, str] | None = None) -> list[SourceError]:
    """The instructor-only texts a file's bytes hold, as one problem located at `place`; an
    archive's members are read each in turn (`place:member`). `known`: the digests of contents found
    clean already (not read again; what is found clean here is added); `extracted`: as `leaks`."""
    known = set() if known is None else known
    extracted = _EXTRACTED if extracted is None else extracted
    digest = digest or _digest(data)
    if digest in known:
        return []
    problems, members = [], _members(data)
    for name, member in members or ():
        problems += leaks_of_data(f"{place}:{name}", member, hidden, known, None, extracted)
    if not problems:  # else the archive's own bytes would only say the same again
        # an archive's own bytes: its members' names (the rest is its members, compressed)
        texts = ["\n".join(name for name, _ in members)] if members is not None else [_decoded(data)]
        if data.startswith(b"%PDF"):
            if digest not in extracted:
                extracted[digest] = _EXTRACTED.get(digest) or pdf_text(io.BytesIO(data))
                _EXTRACTED[digest] = extracted[digest]
            texts.append(extracted[digest])
        problems = _found(place, texts, hidden)
    if not problems:
        known.add(digest)
    return problems


_EXTRACTED: dict[str, str] = {}  # a PDF's text by its digest, for the checks of one process without a memory


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_leaks(place, text: str, hidden: Hidden) -> list[SourceError]:
    """The instructor-only texts a text holds (a page, a notebook, or the text extracted from a PDF
    or an EPUB), as one problem located at `place`."""
    return _found(place, [text], hidden)


def _found(place, texts: list[str], hidden: Hidden) -> list[SourceError]:
    found, whole = set(), set()
    for text in texts:
        decoded = ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else " ", text)
        for view in [decoded, TAG.sub(" ", decoded)] if "<" in decoded else [decoded]:
            view = html.unescape(view).lower()
            found |= hidden.phrases_in(view)
            whole |= hidden.short_texts_in(view)
    if found:
        phrase = min(found)
        return [SourceError(place, f"holds instructor-only text from {hidden[phrase]}: “{' '.join(phrase)}” "
                            f"({len(found)} phrase(s) in all{f', and {len(whole)} short text(s)' if whole else ''})")]
    if whole:
        short = min(whole)
        return [SourceError(place, f"holds instructor-only text from {hidden.whole[short]}: “{' '.join(short)}” "
                            f"(the whole of it{f', and {len(whole) - 1} more' if len(whole) > 1 else ''})")]
    return []


def _decoded(data: bytes) -> str:
    """A file's bytes as text: UTF-16 where it says so, else UTF-8 (a binary file's stray bytes dropped)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="ignore")
    return data.decode("utf-8", errors="ignore")


def _members(data: bytes) -> list[tuple[str, bytes]] | None:
    """(name, bytes) of every member of an archive (zip, tar, gzip, a Sphinx inventory's zlib body);
    None for any other file, or one that cannot be opened (its bytes are read as they are)."""
    try:
        if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return [(name, archive.read(name)) for name in archive.namelist() if not name.endswith("/")]
        if data.startswith(b"\x1f\x8b"):
            return [("(gzip)", gzip.decompress(data))]
        if len(data) > 262 and data[257:262] == b"ustar":
            with tarfile.open(fileobj=io.BytesIO(data)) as archive:
                return [(member.name, archive.extractfile(member).read()) for member in archive.getmembers()
                        if member.isfile()]
        if data.startswith(INVENTORY):
            return [("(inventory)", zlib.decompress(data.split(b"\n", 4)[-1]))]
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, zlib.error):
        return None
    return None


# pypdf's layout mode leaves out text set at an angle (a plot's axis label, a rotated span) and says
# so on this logger (pypdf 7.1.1).
ROTATED_LOGGER = "pypdf._text_extraction._layout_mode._fixed_width_page"


class _RotatedText(logging.Filter):
    """Notes that the layout mode left rotated text out of a page (so that `pdf_text` reads it), and
    keeps pypdf's warning about it from the terminal."""

    seen = False

    def filter(self, record) -> bool:
        if "Rotated text" in record.getMessage():
            self.seen = True
            return False
        return True


def pdf_text(path) -> str:
    """A PDF's text in reading order, words separated by single spaces (`path` a file or a stream).
    pypdf's layout mode: its plain mode moves the margin's paragraph numbers and some headings out
    of place, which can join the words around them into a phrase that is in no page (and the leak
    check would see it). A PDF pypdf cannot read gives no text (its bytes are read as they are)."""
    # Here: pypdf takes 0.2 s to import, and only a site with PDFs needs it.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    rotated = _RotatedText()
    logger = logging.getLogger(ROTATED_LOGGER)
    logger.addFilter(rotated)
    try:
        pages = []
        for page in PdfReader(path).pages:
            rotated.seen = False
            pages.append(page.extract_text(extraction_mode="layout"))
            if rotated.seen:  # the layout mode left it out: the plain mode reads rotated text alone
                pages.append(page.extract_text(orientations=(90, 180, 270)))
        text = "\n".join(pages)
    except (PyPdfError, ValueError, KeyError, TypeError):
        return ""
    finally:
        logger.removeFilter(rotated)
    for ligature, letters in {"ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬀ": "ff", "ﬄ": "ffl"}.items():
        text = text.replace(ligature, letters)
    return " ".join(text.split())


def check_student_site(site: Path, book, memory: Path | None = None) -> None:
    """Stop on any instructor-only text in the folder (`book`: the editors' model, which knows them).
    `memory`: a file that keeps, from one check to the next, which files were found clean against
    which texts, so that a rebuild reads again only the files that changed (or every file, when an
    answer or a note changed)."""
    hidden = hidden_phrases(book)
    texts = sorted(" ".join(phrase) for phrase in hidden) + sorted(f"whole: {' '.join(s)}" for s in hidden.whole)
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()
    known = json.loads(memory.read_text()) if memory is not None and memory.is_file() else {}
    clean = known.get("clean", {}) if known.get("phrases") == digest else {}
    extracted = known.get("pdf_texts", {})
    problems = leaks(site, hidden, clean if memory is not None else None, extracted)
    if memory is not None:
        kept = set(clean.values())  # the texts of the PDFs the site holds now
        memory.write_text(json.dumps({"phrases": digest, "clean": clean, "pdf_texts": {
            key: text for key, text in extracted.items() if key in kept}}, sort_keys=True, indent=0))
    if problems:
        raise BookErrors(problems)


def plain(markdown: str) -> str:
    """What a reader sees of the apparatus' Markdown: link text without targets, `¶@x 3` as `¶ 3`."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", re.sub(r"¶@[a-z][a-z0-9-]* ", "¶ ", markdown))
