"""Symbolic links in the content may point only inside it.

The build reads and publishes what `book/` holds, following links: a link to a file elsewhere on the
machine (`book/_static/notes.txt` to the system's password file, a dataset to a file of another
project, `book/_static/keys` to the instructor edition's build) would be published as the reader's
own, and a check that quotes the file it reads (a dataset's bad row) would quote that file into the
log. So every link in the content (`paths.CONTENT`: `book/`, `seeds/`, the configuration) must resolve
to a file or folder inside it; any other link stops the build before a file is read, with one
message naming the link (and where it points, never what it holds). A link inside the content is
followed like the file it names (the no-change digest hashes what it points at).
"""

import os
from pathlib import Path

from readertools.errors import SourceError
from readertools.paths import CONTENT


def links_leaving(project) -> list[SourceError]:
    """Every symbolic link in the project's content whose target is not inside the content (or does
    not exist, or loops)."""
    inside = [(project.root / name).resolve() for name in CONTENT]
    problems = []
    for link in _links(project):
        try:
            target = link.resolve(strict=True)
        except FileNotFoundError:
            problems.append(SourceError(link, f"a symbolic link to {os.readlink(link)}, which does not exist: "
                                        "remove the link"))
            continue
        except (OSError, RuntimeError):
            problems.append(SourceError(link, "a symbolic link that loops: remove the link"))
            continue
        if not any(target == folder or target.is_relative_to(folder) for folder in inside):
            problems.append(SourceError(
                link, f"a symbolic link to {target}, outside the project's content ({', '.join(CONTENT)}): "
                "the build would publish that file as the reader's own; copy what the book needs into "
                "the project, or remove the link"))
        elif target.is_dir() and link.parent.resolve().is_relative_to(target):
            problems.append(SourceError(link, "a symbolic link to a folder that holds it, which loops: "
                                        "remove the link"))
    return problems


def content_files(folder: Path) -> list[Path]:
    """Every file under `folder`, through the links to folders too (as Sphinx copies `_static/`), each
    folder once (a folder reached twice is not read twice, and a loop ends)."""
    found, seen = [], set()

    def visit(path: Path) -> None:
        real = path.resolve()
        if real in seen:
            return
        seen.add(real)
        for entry in sorted(path.iterdir()):
            if entry.is_dir():
                visit(entry)
            elif entry.is_file():
                found.append(entry)

    visit(folder)
    return found


def _links(project):
    """Every symbolic link among the content's files and folders (links to folders not followed)."""
    for name in CONTENT:
        path = project.root / name
        if path.is_symlink():
            yield path
        elif path.is_dir():
            for folder, folders, files in os.walk(path):
                for entry in sorted(folders + files):
                    if (Path(folder) / entry).is_symlink():
                        yield Path(folder) / entry
