"""The instructor's kit, made into the instructor edition's staged site (`formats.FORMATS`, listed on
its page "For instructors: materials" by `downloads.write_materials`): every lesson chapter's seminar
packet and answer key, printed as `make handouts` prints them (`handouts.documents`,
`handouts.print_handouts`), and the question banks of the whole book, one session per lesson
chapter with all its questions (`courses.book_sessions`), for Canvas, Moodle and Common Cartridge
(`banks.write_banks`).

Printing costs about a second a document, so each PDF is kept in a cache folder
(`Project.handout_cache`) under a digest of what it prints (its HTML, its running header, the print
tools): a rebuild prints again only the documents that changed. The student packets are all read
for instructor-only text on every build, printed or cached, since the texts looked for may change
when a packet does not.
"""

import hashlib
import shutil
import tempfile
from pathlib import Path

import yaml

from readertools.checks.leaks import hidden_phrases, leaks
from readertools.content.courses import book_sessions
from readertools.content.lessons import lesson_chapters
from readertools.errors import BookErrors, SourceError
from readertools.exports.downloads import lesson_pages
from readertools.exports.handouts import documents, print_handouts
from readertools.formats import FORMATS, chapter_file

KINDS = {"packets": "handout", "keys": "key"}  # format key -> the documents `handouts.documents` names so
BANK_STEM = "reading-revolutions-questions"  # the banks' files: `banks.write_banks` names them from it


def make_packets(book, edition: str, site: Path) -> None:
    """The downloads maker: each lesson chapter's seminar packet (no answer), into the staged site."""
    _make(book, site, "packets")


def make_keys(book, edition: str, site: Path) -> None:
    """The downloads maker: each lesson chapter's answer key, into the staged site."""
    _make(book, site, "keys")


def make_canvas_bank(book, edition: str, site: Path) -> None:
    """The downloads maker: the question bank for Canvas (QTI), into the staged site."""
    _bank(book, site, "canvas")


def make_moodle_bank(book, edition: str, site: Path) -> None:
    """The downloads maker: the question bank for Moodle (Moodle XML, answers for graders), into the staged site."""
    _bank(book, site, "moodle")


def make_cartridge(book, edition: str, site: Path) -> None:
    """The downloads maker: the question bank as Common Cartridge (.imscc), into the staged site."""
    _bank(book, site, "common-cartridge")


def _bank(book, site: Path, key: str) -> None:
    """One bank of the whole book where `formats.FORMATS` lists it (its format's key is the bank's
    format); made from the editors' model, since the banks keep the answers where only graders see them."""
    from readertools.exports.banks import write_banks  # here: only `make downloads` needs the banks

    form = next(form for form in FORMATS if form.key == key)
    target = site / form.whole
    title = yaml.safe_load(book.project.config.read_text(encoding="utf-8"))["title"]
    written = write_banks(book, book_sessions(book), target.parent, BANK_STEM, f"{title}: the questions of every "
                          "chapter", formats=(key,))
    if [Path(path) for path in written] != [target]:
        names = ", ".join(str(path) for path in written) or "nothing"
        raise SourceError(form.whole, f"the {key} question bank was written as {names}, not where "
                          "formats.FORMATS lists it")


def _make(book, site: Path, key: str) -> None:
    form, kind = next(form for form in FORMATS if form.key == key), KINDS[key]
    pages = dict(zip(lesson_chapters(book), lesson_pages(book), strict=True))
    stems = {f"{book.numbers[cid]}-{cid}-{kind}": page for cid, page in pages.items()}
    docs = [doc for doc in documents(book) if doc[0] in stems]
    if kind == "handout":
        _check_packets(book, docs)
    cache = book.project.handout_cache
    cache.mkdir(parents=True, exist_ok=True)
    tools = b"".join(path.read_bytes() for path in _tools())
    digests = {stem: hashlib.sha256(tools + f"{title}\0{printed_as}\0{text}".encode()).hexdigest()
               for stem, title, printed_as, text in docs}
    stale = [doc for doc in docs if not _cached(cache, doc[0], digests[doc[0]])]
    if stale:
        with tempfile.TemporaryDirectory(dir=cache) as printing:
            for path in print_handouts(book, stale, Path(printing)):
                (cache / f"{path.stem}.digest").unlink(missing_ok=True)
                path.replace(cache / path.name)
                (cache / f"{path.stem}.digest").write_text(digests[path.stem])
    for stem, page in stems.items():
        target = site / chapter_file(form, page)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cache / f"{stem}.pdf", target)


def _tools() -> list[Path]:
    here = Path(__file__).parent
    return [here / "kit.py", here / "handouts.py", here / "chromium.py"]


def _cached(cache: Path, stem: str, digest: str) -> bool:
    stamp = cache / f"{stem}.digest"
    return (cache / f"{stem}.pdf").is_file() and stamp.is_file() and stamp.read_text() == digest


def _check_packets(book, docs) -> None:
    """Stop on any instructor-only text in a student packet, cached or not (`checks.leaks`)."""
    with tempfile.TemporaryDirectory() as folder:
        for stem, _, _, text in docs:
            Path(folder, f"{stem}.html").write_text(text, encoding="utf-8")
        problems = leaks(Path(folder), hidden_phrases(book))
    if problems:
        raise BookErrors(problems)
