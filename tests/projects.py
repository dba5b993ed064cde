"""Temporary copies of the project, to break or change one thing at a time without touching the real one."""

import shutil
from pathlib import Path

from readertools.paths import Project

CONTENT = ("book", "seeds", "_config.yml", "_toc.yml", "requirements-notebooks.txt")


def copy_project(destination: Path, source: Project | None = None) -> Project:
    """A copy of the book's content (not its build, venv or tools) in `destination`."""
    source = source or Project.here()
    destination.mkdir(parents=True, exist_ok=True)
    for name in CONTENT:
        path = source.root / name
        if path.is_dir():
            shutil.copytree(path, destination / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        else:
            shutil.copy2(path, destination / name)
    return Project(destination.resolve())
