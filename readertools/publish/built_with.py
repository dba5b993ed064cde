"""The execution status page's "built with" line: the Python, jupyter-book, Sphinx, pandas and
matplotlib a build ran on, and the project's commit when the project is a git checkout.

The build writes it into the staged page after every Sphinx run of an edition (`publish.book`), not
through Sphinx, so a rebuild that writes only the changed pages still brings it up to date. It is no
input of the build (`plan.inputs_stamp`): a commit that changes no file the build reads does not
rebuild the site, whose line then names the commit it was built from, which gives the same files.
A project that is not a git checkout, or no git, gives a line without a commit, not an error.
"""

import html
import os
import platform
import re
import subprocess
from importlib import metadata
from pathlib import Path

from readertools.generate.sync import BUILT_WITH

PACKAGES = ("jupyter-book", "Sphinx", "pandas", "matplotlib")
FILLED = re.compile(re.escape(BUILT_WITH[:-len("</p>")]) + r".*?</p>", re.DOTALL)


def built_with(root: Path, inputs) -> str:
    """The line, for a build of the project at `root` reading `inputs` (paths from the root, as
    `plan.manifest` names them)."""
    tools = [f"Python {platform.python_version()}"]
    for name in PACKAGES:
        try:
            tools.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    line = f"Built with {', '.join(tools[:-1])} and {tools[-1]}" if len(tools) > 1 else f"Built with {tools[0]}"
    commit = git_commit(root, inputs)
    return line + (f", from commit {commit}." if commit else ".")


def git_commit(root: Path, inputs) -> str | None:
    """The checkout's commit (12 digits), marked when a file the build reads differs from it; None
    when `root` is not the top of a git checkout or git cannot say."""

    def git(*args):
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False,
                                env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})  # a status takes no lock
        return result.stdout if result.returncode == 0 else None

    try:
        found = (git("rev-parse", "--show-toplevel", "--short=12", "HEAD") or "").splitlines()
    except OSError:  # no git on the machine
        return None
    if len(found) != 2 or Path(found[0]).resolve() != root.resolve():
        return None
    commit = found[1]
    read = sorted({Path(name).parts[0] for name in inputs if not Path(name).is_absolute()})
    changes = git("status", "--porcelain", "--untracked-files=all", "--", *read) if read else ""
    return f"{commit} (with changes not committed)" if changes else commit


def write_built_with(site: Path, page_name: str, line: str) -> None:
    """Fill the line into the page (its placeholder, or the line of an earlier build)."""
    page = site / page_name
    if page.is_file():
        text = page.read_text(encoding="utf-8")
        filled = FILLED.sub(lambda _: f"{BUILT_WITH[:-len('</p>')]}{html.escape(line)}</p>", text, count=1)
        if filled != text:
            page.write_text(filled, encoding="utf-8")
