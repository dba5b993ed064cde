"""The exceptions every check raises, so that the build stops with clear, located messages, and
the logging that keeps anything else from the terminal but warnings and errors."""

import logging
from pathlib import Path


def shown(path) -> str:
    """A path as messages show it: relative to the working directory (the project) where it can be.
    A symbolic link is named as itself, not as the file it points at (`no_link`)."""
    try:
        return str(no_link(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def no_link(path) -> Path:
    """The absolute path, its folders resolved but not its last part: a link stays the link."""
    path = Path(path)
    if path.name in ("", ".", ".."):
        return path.resolve()
    return path.parent.resolve() / path.name


class SourceError(Exception):
    """Bad input: names the file and the place, so the fix can start there."""

    def __init__(self, path, message, place=None):
        self.path = shown(path)
        self.place = place
        self.message = message
        where = f"{self.path}, {place}" if place else self.path
        super().__init__(f"{where}: {message}")


class BookErrors(SourceError):
    """Several problems found in one run, reported together (one line each)."""

    def __init__(self, problems):
        flat = []
        for problem in problems:
            flat += problem.problems if isinstance(problem, BookErrors) else [problem]
        self.problems = flat
        Exception.__init__(self, "\n".join(str(problem) for problem in flat))
        self.path, self.place, self.message = flat[0].path, flat[0].place, flat[0].message


def collect(problems: list, function, *args, **kwargs):
    """Run one check; on bad input, add its problems to `problems` and return None."""
    try:
        return function(*args, **kwargs)
    except SourceError as error:
        problems.append(error)
        return None


def quiet_logging() -> None:
    """Let only warnings and errors of the libraries a build runs reach the terminal.

    accessible-pygments (a Pygments style the theme lists, imported in the middle of a Sphinx build)
    configures the root logger for INFO when it is imported, so every INFO line of fontTools' font
    subsetting (`sphinx.lean`) reached the terminal, 156 of them a build. Configured first, the root
    logger keeps its WARNING level: a later `logging.basicConfig` does nothing once it has a handler.
    Sphinx's own lines do not pass through the root logger (its logger does not propagate)."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(levelname)s: %(name)s: %(message)s")
    root.setLevel(logging.WARNING)
