"""The steps behind `make notebooks` and `make book`: generate, check, build, publish.

Generated files (the chapter notebooks' generated cells and the text CSVs) are written only by
`write_generated`; the build refuses to run while any of them is out of step with the seeds, so a
stale notebook can never be published. The book is built into a staging folder and copied to
`_build/html` only when the whole strict build succeeded.
"""

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from .catalogue import ROOT, load_catalogue
from .errors import SourceError
from .notebooks import execute, needs_execution, notebook_path, synced
from .segment import load_chapters
from .texts import text_csv, text_path

BUILD = ROOT / "_build"
STAGING = BUILD / "staging"
PUBLISHED = BUILD / "html"


def expected_files(catalogue=None) -> dict[Path, str]:
    """Every generated file with the content it should have now."""
    files = {}
    for chapter in load_chapters(catalogue or load_catalogue()):
        files[text_path(chapter)] = text_csv(chapter)
        path = notebook_path(chapter)
        existing = nbformat.read(path, as_version=4) if path.exists() else None
        files[path] = nbformat.writes(synced(chapter, existing)) + "\n"
    return files


def out_of_step(catalogue=None) -> list[str]:
    """What `make notebooks` would change: files to rewrite and notebooks to execute."""
    problems = []
    for path, content in expected_files(catalogue).items():
        relative = path.relative_to(ROOT)
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            problems.append(f"{relative} is out of step with the seeds")
        elif path.suffix == ".ipynb" and needs_execution(nbformat.reads(content, as_version=4)):
            problems.append(f"{relative} has code cells without stored outputs")
    return problems


def write_generated(catalogue=None) -> list[Path]:
    written = []
    for path, content in expected_files(catalogue).items():
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            written.append(path)
        if path.suffix == ".ipynb" and needs_execution(nbformat.read(path, as_version=4)):
            execute(path)
            if path not in written:
                written.append(path)
    return written


def build_book(catalogue=None) -> Path:
    problems = out_of_step(catalogue)
    if problems:
        raise SourceError("book/chapters", "; ".join(problems) + " (run `make notebooks`)")
    staging = STAGING / "student"
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
               "--path-output", str(staging), "-W", "-n", "--keep-going"]
    # Sphinx's saved environment does not notice an edited _toc.yml (chapter numbers go stale):
    # rebuild every page whenever the table of contents or the configuration changed.
    stamp, inputs = staging / "inputs.sha256", _inputs_digest()
    if not stamp.exists() or stamp.read_text() != inputs:
        command.append("--all")
    if subprocess.run(command, check=False, cwd=ROOT).returncode != 0:
        raise SourceError(ROOT / "_config.yml", "the strict build failed (see the warnings above); "
                          f"nothing was published to {PUBLISHED.relative_to(ROOT)}")
    stamp.write_text(inputs)
    _publish(staging / "_build" / "html", PUBLISHED)
    return PUBLISHED


def _inputs_digest() -> str:
    return hashlib.sha256(b"".join((ROOT / name).read_bytes()
                                   for name in ("_toc.yml", "_config.yml"))).hexdigest()


def _publish(built: Path, target: Path) -> None:
    """Swap the new site in whole, so a reader never sees half of one build and half of another."""
    incoming = target.with_name(target.name + ".incoming")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(built, incoming)
    shutil.rmtree(target, ignore_errors=True)
    incoming.rename(target)
