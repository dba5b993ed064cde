"""Temporary copies of the project, to break or change one thing at a time without touching the real one."""

import shutil
from pathlib import Path

from readertools.paths import CONTENT, Project


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


class BuiltCopy:
    """A copy of the project whose student edition was built once (a clean build), kept as it was
    built in `pristine`, and put back at `root`, the folder it was built in, for each test that
    changes it.

    Sphinx's environment and the build's digests name the folder a project was built in (a copy
    of a built copy elsewhere is built from nothing again), so every test that starts from this
    build uses that one folder, one test at a time, each from the same files: what one test
    changes, the next never sees. A change then rebuilds as it does in an editor's checkout,
    reading only what changed."""

    def __init__(self, root: Path, pristine: Path, started_together=None):
        self.root, self.pristine = root, pristine
        self.started_together = started_together  # how it was built: (return codes, outputs)
        self.in_use = None

    @property
    def clean_site(self) -> Path:
        """The published student site of the clean build (read it, never change it)."""
        return Project(self.pristine).published("student")

    def restore(self, user: str) -> Project:
        """The built copy at `root`, as it was built, for `user` (a test's name) until `release`."""
        if self.in_use is not None:
            raise RuntimeError(f"the built copy is still in use by {self.in_use}, asked for by {user}")
        self.in_use = user
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.copytree(self.pristine, self.root, symlinks=True)  # file times kept: Sphinx reads them
        return Project(self.root)

    def release(self) -> None:
        self.in_use = None
