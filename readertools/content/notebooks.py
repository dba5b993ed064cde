"""The book's notebooks as content files: read and validated, and which of their cells are generated.

A chapter notebook mixes generated cells (whose ids are `GENERATED`: written by
`generate.notebooks` from the model, never by hand) with the editors' own cells (the headnote,
the data sections). `KERNEL` is the metadata every notebook carries.
"""

import json
from pathlib import Path

import nbformat

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
    return notebook
