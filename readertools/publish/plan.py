"""What a build of an edition must do: nothing, a rebuild of the changed documents, or a fresh build.

Each edition's staging folder keeps a digest of every input of its last publication
(`inputs.digest`, `inputs.json`). `up_to_date` compares them with the project now (a no-change
rebuild costs one pass over the inputs); `plan_edition` writes the edition's configuration and table
of contents and chooses the Sphinx command: a fresh environment when what Sphinx cannot follow
changed, every page written when anything but a document changed (`followed`), else only the pages
the changed documents can change (`sphinx.incremental`).
"""

import hashlib
import json
import shutil
import sys
from pathlib import Path

import yaml

from readertools.checks.links import content_files, links_leaving
from readertools.editions import edition_config, edition_toc, public_address
from readertools.errors import BookErrors
from readertools.formats import on_demand
from readertools.paths import PACKAGE, SCHEMAS


def up_to_date(project, editions: tuple[str, ...], formats=()) -> bool:
    """Whether every edition is published from exactly the files the build would read now, for the
    same public address, with the downloads it would make: then there is nothing to load, check or
    build (a no-change rebuild costs one pass over the inputs)."""
    inputs, address = manifest(project), public_address(project.config)
    return all(_published_from(project, edition,
                               inputs_stamp(inputs, formats_to_make(project, edition, formats), address))
               for edition in editions)


def inputs_stamp(inputs: dict[str, str], made, address: str) -> str:
    """What an edition was published from: its input files, its downloads and the public address
    (`editions.public_address`, which `make … BASEURL=…` sets from outside any file)."""
    return "|".join([hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest(), ",".join(made),
                     address])


def _published_from(project, edition: str, stamp_text: str) -> bool:
    stamp = project.staged(edition) / "inputs.digest"
    return (project.published(edition) / "index.html").is_file() and stamp.is_file() and stamp.read_text() == stamp_text


def formats_to_make(project, edition: str, formats) -> list[str]:
    """The on-demand formats of this build of the edition: those asked for and those it has."""
    memory = project.made_formats(edition)
    kept = set(memory.read_text().split()) if memory.is_file() else set()
    return sorted((set(formats) | kept) & on_demand(edition))


def plan_edition(project, edition: str, stamp_text: str, inputs: dict[str, str], made=()):
    """(staging folder, Sphinx command, shape digest) for an edition to build, or None if its
    published site was built from these very inputs.

    A fresh Sphinx environment whenever what it cannot follow changed (the table of contents, the
    configuration and the public address, the tools, the set of documents) or the last build
    failed; otherwise only changed documents are read again. Every page is written again whenever
    anything but a document changed since the edition was last published (`followed`); otherwise
    only the pages the changed documents can change (`sphinx.incremental`). Either way every
    reference a change can break is checked again. The notebooks are not executed: their stored,
    current outputs are rendered."""
    staging = project.staged(edition)
    stamp = staging / "inputs.digest"
    if _published_from(project, edition, stamp_text):
        return None
    settings = edition_config(project.config, edition)  # a refused configuration stops before anything is written
    shape = _digest(_shape(project, edition))
    fresh = not (staging / "shape.digest").is_file() or (staging / "shape.digest").read_text() != shape
    if fresh:
        shutil.rmtree(staging, ignore_errors=True)
    last = staging / "inputs.json"
    last = json.loads(last.read_text()) if last.is_file() else None
    changed = {name for name, _ in set(inputs.items()) ^ set(last["files"].items())} if last else None
    write_all = fresh or last is None or last["formats"] != list(made) or not all(
        followed(project, name) for name in changed)
    staging.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    config = project.staged_config(edition)
    settings["sphinx"]["config"]["reader_formats"] = list(made)
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    toc = project.staged_toc(edition)
    toc.write_text(yaml.safe_dump(edition_toc(project, edition), allow_unicode=True, sort_keys=False),
                   encoding="utf-8")
    command = [sys.executable, "-m", "readertools.sphinx.run", str(project.root), str(staging), str(config),
               "--toc", str(toc)]
    return staging, command + (["--fresh"] if fresh else []) + (["--write-all"] if write_all else []), shape


# What may change while only the pages of the changed documents are written: the documents, and the
# files that only documents carry into the pages: the apparatus (`sphinx.instructor_only` notes it as a
# dependency of the pages it fills, which Sphinx reads again), the data and the seeds (they reach
# the pages through the notebooks and the generated pages, and the data files Sphinx copies for
# `{download}` are copied on every build).
def followed(project, name: str) -> bool:
    """Whether a change to the file (a path from the root, as `manifest` names it) is one of those."""
    path = project.root / name
    if path.is_relative_to(project.static) or path.is_relative_to(project.templates):
        return False
    return ((path.is_relative_to(project.book) and path.suffix in (".md", ".ipynb"))
            or (path.parent == project.apparatus and path.suffix == ".yml")
            or path.is_relative_to(project.data) or path.is_relative_to(project.seeds))


def manifest(project) -> dict[str, str]:
    """Every file a build reads (as `_inputs` lists them), with the digest of its content, under its
    own name: a symbolic link (to a file inside the content, `checks.links`; any other stops here,
    before a byte of it is read) is a file of its own, whose digest is that of what it points at."""
    problems = links_leaving(project)
    if problems:
        raise BookErrors(problems)
    return {_name(project, path): hashlib.sha256(path.read_bytes()).hexdigest() for path in _inputs(project)}


def _name(project, path: Path) -> str:
    """The path from the root as the build reaches it (a file under a link to a folder keeps the
    link's name), or as messages show a file outside the project (the tools)."""
    return str(path.relative_to(project.root)) if path.is_relative_to(project.root) else project.relative(path)


def _inputs(project) -> list[Path]:
    """Every file a build reads: the content (through links to folders, as Sphinx copies them), the
    configuration and the tools."""
    files = [project.config, project.toc, *project.seeds.glob("*"), *project.root.glob("requirements*.txt")]
    files += [path for path in content_files(project.book) if ".ipynb_checkpoints" not in path.parts]
    return files + _tools()


def _shape(project, edition: str) -> list:
    """What a Sphinx environment cannot follow by itself: the table of contents, the configuration
    (with the public address, which every page carries), the tools and the set of documents."""
    documents = sorted(str(path.relative_to(project.root)) for pattern in ("*.md", "*.ipynb")
                       for path in project.book.rglob(pattern))
    return [project.config, public_address(project.config), project.toc, *_tools(), edition, *documents]


def _tools() -> list[Path]:
    return sorted([*PACKAGE.rglob("*.py"), *SCHEMAS.glob("*.yml")])


def _digest(items) -> str:
    digest = hashlib.sha256()
    for item in items:
        digest.update(str(item).encode() + b"\0")
        if isinstance(item, Path):
            digest.update(item.read_bytes())
    return digest.hexdigest()
