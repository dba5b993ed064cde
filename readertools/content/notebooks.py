"""The book's notebooks as content files: read and validated, and which of their cells are generated.

A chapter notebook mixes generated cells (whose ids are `GENERATED`: written by
`generate.notebooks` from the model, never by hand) with the editors' own cells (the headnote,
the data sections). `KERNEL` is the metadata every notebook carries. No notebook or page may ask
myst-nb to execute it during the build (`execution_mode` in its `mystnb` metadata or front matter):
the build renders the outputs `make notebooks` stored (`editions.EXECUTION` says why).
"""

import json
import re
from pathlib import Path

import nbformat
import yaml

from readertools.errors import SourceError

GENERATED = ("title", "at-a-glance", "word-count", "text", "notes", "editor-notes", "summary", "questions",
             "further-reading", "teaching-notes", "events", "reference-chronology")


KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
          "language_info": {"name": "python"}}


def read_notebook(path: Path):
    """The notebook as nbformat reads it, or one located message: missing, not JSON, not a notebook."""
    if not path.is_file():
        raise SourceError(path, "notebook not found (its editorial cells exist only there: restore it "
                          "with `git checkout`, or write a new chapter's with `make new-source`)")
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise SourceError(path, f"not a valid notebook: not valid JSON ({error.msg})",
                          place=f"line {error.lineno}, column {error.colno}") from None
    try:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
    except (ValueError, KeyError, TypeError, AttributeError, nbformat.ValidationError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise SourceError(path, f"not a valid notebook: {first}") from None
    _refuse_execution(path, notebook.metadata.get("mystnb"), "metadata.mystnb.execution_mode")
    return notebook


FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def check_page(path: Path) -> None:
    """A Markdown page's front matter does not ask myst-nb to execute it (a page with `kernelspec`
    or `file_format: mystnb` in its front matter is a notebook to myst-nb)."""
    found = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    try:
        front = yaml.safe_load(found.group(1)) if found else None
    except yaml.YAMLError:
        return  # not front matter Sphinx can read either: the build reports it
    if isinstance(front, dict):
        _refuse_execution(path, front.get("mystnb"), "front matter, mystnb.execution_mode")


def _refuse_execution(path: Path, settings, place: str) -> None:
    mode = settings.get("execution_mode") if isinstance(settings, dict) else None
    if mode not in (None, "off", False):
        raise SourceError(path, f"{mode!r} would have the build execute it, and publish outputs no check has "
                          "seen; the build never executes a notebook (`make notebooks` does): remove the setting",
                          place=place)
