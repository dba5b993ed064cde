"""The check that keeps answers out of the student edition.

Before the student edition is published, every text file of the staged site is searched for every
phrase of the model answers and teaching notes that nothing meant for students contains (an answer
may quote its source, a title, or its own question); one found refuses the publication. This
catches answers that reach the site by any way other than the student-visible files themselves:
a configuration slip, an extension or template, a download. The exports run the same search on
what they make (PDFs, the EPUB, handouts, notebooks).
"""

import hashlib
import html
import json
import re
import zipfile
from pathlib import Path, PurePosixPath

from readertools.content.lessons import instructor_texts
from readertools.content.notebooks import GENERATED
from readertools.errors import BookErrors, SourceError

PHRASE = 8  # words: long enough to be an answer's own wording, short enough to catch a copied sentence


WORD = re.compile(r"[^\W\d_]+")  # words only: numbers (paragraph numbers, note markers) fall between


TAG = re.compile(r"<[^>]*>")


TEXT_FILES = {".html", ".js", ".txt", ".csv", ".json", ".md", ".xml", ".ipynb", ".py", ".yml"}


def words(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(text)]


def shingles(tokens: list[str], length: int = PHRASE) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + length]) for i in range(max(0, len(tokens) - length + 1))}


def student_texts(book):
    """Everything the student edition is made from: the texts, the data, the editorial cells and
    every apparatus field but the answers and teaching notes."""
    for chapter in book.chapters:  # whole, so that a phrase running over two paragraphs counts
        yield " ".join(block.text for block in chapter.blocks + chapter.notes)
    for apparatus in book.apparatus.values():
        yield " ".join(plain(text) for place, text in apparatus.visible())
    for notebook in book.notebooks.values():
        yield " ".join(plain(cell.source) for cell in notebook.cells if cell.get("id") not in GENERATED)
    project = book.project
    for path in (project.catalogue, project.glossary, project.people, project.citations, project.bibliography,
                 project.editor_notes, project.quotations, project.chronology, project.standpoints,
                 project.voices, *book.datasets):
        yield path.read_text(encoding="utf-8")


def hidden_phrases(book) -> dict[tuple[str, ...], str]:
    """Every phrase of an answer or teaching note that nothing meant for students holds -> its place."""
    shared = set()
    for text in student_texts(book):
        shared |= shingles(words(text))
    hidden = {}
    for apparatus in book.apparatus.values():
        source = book.project.relative(apparatus.path)  # once per file: it resolves the path
        for place, text in apparatus.hidden():
            index = re.match(r"questions\[(\d+)\] answer", place)
            place = (f"question {apparatus.questions[int(index[1])].number}, answer" if index
                     else place.replace("_", " "))
            where = f"{source}, {place}"
            for phrase in shingles(words(plain(text))) - shared:
                hidden.setdefault(phrase, where)

    for text in instructor_texts(book):
        for phrase in shingles(words(plain(text))) - shared:
            hidden.setdefault(phrase, f"the instructor guide or {book.project.relative(book.project.rubric)}")
    return hidden


def leaks(site: Path, hidden: dict[tuple[str, ...], str], clean: dict[str, str] | None = None) -> list[SourceError]:
    """The files of a built site (or any folder: a bundle, the student repository) that contain an
    instructor-only phrase; a zip's text files are read too.

    `clean`: file (relative to `site`) -> digest of its content, for files found clean against these
    very phrases: those are not read again, and the files found clean now are added."""
    problems = []
    for path in sorted(site.rglob("*")):
        if clean is not None and path.is_file() and path.suffix in TEXT_FILES | {".zip"}:
            name, digest = str(path.relative_to(site)), hashlib.sha256(path.read_bytes()).hexdigest()
            if clean.get(name) == digest:
                continue
            found = leaks_of_file(path, hidden)
            if found:
                clean.pop(name, None)
            else:
                clean[name] = digest
            problems += found
        elif path.is_file():
            problems += leaks_of_file(path, hidden)
    return problems


def leaks_of_file(path: Path, hidden: dict[tuple[str, ...], str]) -> list[SourceError]:
    problems = []
    if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    if PurePosixPath(member).suffix in TEXT_FILES:
                        text = archive.read(member).decode("utf-8", errors="ignore")
                        problems += text_leaks(f"{path}:{member}", reader_text(member, text), hidden)
    elif path.suffix in TEXT_FILES:
        problems += text_leaks(path, reader_text(path.name, path.read_text(encoding="utf-8", errors="ignore")), hidden)
    return problems


def reader_text(name, text: str) -> str:
    """What a reader of the file sees: a page's text without tags, a notebook's cells and outputs
    (its JSON escapes would glue words across a line break)."""
    if str(name).endswith(".html"):
        return html.unescape(TAG.sub(" ", text))
    if str(name).endswith(".ipynb"):
        try:
            notebook = json.loads(text)
        except ValueError:
            return text
        parts = []
        for cell in notebook.get("cells", []):
            parts.append("".join(cell.get("source", "")))
            for output in cell.get("outputs", []):
                parts.append("".join(output.get("text", "")))
                parts += ["".join(value) for key, value in output.get("data", {}).items() if key.startswith("text/")]
        return html.unescape(TAG.sub(" ", "\n".join(parts)))
    return text


def text_leaks(place, text: str, hidden: dict[tuple[str, ...], str]) -> list[SourceError]:
    """The instructor-only phrases a text holds (a page, a notebook, or the text extracted from a PDF
    or an EPUB), as one problem located at `place`."""
    if "<" in text:
        text = html.unescape(TAG.sub(" ", text))
    found = shingles(words(text)) & hidden.keys()
    if not found:
        return []
    phrase = min(found)
    return [SourceError(place, f"holds instructor-only text from {hidden[phrase]}: "
                        f"“{' '.join(phrase)}” ({len(found)} phrase(s) in all)")]


def check_student_site(site: Path, book, memory: Path | None = None) -> None:
    """Stop on any instructor-only phrase in the folder. `memory`: a file that keeps, from one check
    to the next, which files were found clean against which phrases, so that a rebuild reads again
    only the files that changed (or every file, when an answer or a note changed)."""
    hidden = hidden_phrases(book)
    digest = hashlib.sha256("\n".join(sorted(" ".join(phrase) for phrase in hidden)).encode()).hexdigest()
    known = json.loads(memory.read_text()) if memory is not None and memory.is_file() else {}
    clean = known.get("clean", {}) if known.get("phrases") == digest else {}
    problems = leaks(site, hidden, clean if memory is not None else None)
    if memory is not None:
        memory.write_text(json.dumps({"phrases": digest, "clean": clean}, sort_keys=True, indent=0))
    if problems:
        raise BookErrors(problems)


def plain(markdown: str) -> str:
    """What a reader sees of the apparatus' Markdown: link text without targets, `¶@x 3` as `¶ 3`."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", re.sub(r"¶@[a-z][a-z0-9-]* ", "¶ ", markdown))
