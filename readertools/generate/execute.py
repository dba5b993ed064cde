"""Execute a notebook and record what its stored outputs were computed from.

`make notebooks` executes a notebook and records, in its metadata, a digest of its code and of
every file of the project it read, wherever it lies in the project (found with an audit hook in the
kernel; `project_file` says which count). Its stored outputs are current while those digests hold
(`stale`); the build renders them only then, and nbval proves in the tests that a fresh run gives
the same outputs.
"""

import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from readertools.errors import SourceError
from readertools.generate.notebooks import digest
from readertools.paths import Project

# Run by the kernel at start-up, before the notebook's cells: log every file the notebook opens.
WATCH = """import os as _reader_os, sys as _reader_sys
_reader_log = open({log!r}, "a", buffering=1)
_reader_sys.addaudithook(lambda event, args: event == "open" and not isinstance(args[0], int)
                         and _reader_log.write(_reader_os.path.abspath(_reader_os.fsdecode(args[0])) + "\\n"))
"""


def code_digest(notebook) -> str:
    return digest("\n\0".join(cell.source for cell in notebook.cells if cell.cell_type == "code"))


def stale(path: Path, notebook, root: Path) -> str | None:
    """Why the notebook's stored outputs may not be what its code and inputs give now (None if current)."""
    if not any(cell.cell_type == "code" for cell in notebook.cells):
        return None
    recorded = notebook.metadata.get("reader", {})
    if any(cell.cell_type == "code" and cell.source.strip() and cell.execution_count is None
           for cell in notebook.cells):
        return "has code cells without stored outputs"
    if recorded.get("code") != code_digest(notebook):
        return "its code changed since it was executed"
    for name, value in recorded.get("inputs", {}).items():
        source = root / name
        if not source.is_file():
            return f"it reads {name}, which no longer exists"
        if digest(source.read_bytes()) != value:
            return f"{name} changed since it was executed"
    return None


def execute(path: Path, root: Path) -> None:
    """Run a notebook top to bottom in its folder and store its outputs, as nbval expects them, with
    the digests of its code and of every project file it read."""
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as folder:
        log, watch = Path(folder) / "opened.txt", Path(folder) / "watch.py"
        watch.write_text(WATCH.format(log=str(log)), encoding="utf-8")
        client = NotebookClient(notebook, timeout=300, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}},
                                extra_arguments=[f"--IPKernelApp.exec_files={watch}"])
        try:
            client.execute()
        except (CellExecutionError, DeadKernelError, CellTimeoutError) as error:  # say which cell, and why
            cell = next((i for i, c in enumerate(notebook.cells, start=1)
                         if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
            last = (f"{error.ename}: {error.evalue}" if hasattr(error, "ename")
                    else str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__)
            raise SourceError(path, f"a cell failed: {last}", place=f"cell {cell}" if cell else None) from None
        opened = set(log.read_text(encoding="utf-8").splitlines()) if log.exists() else set()
    inputs = {}
    for name in sorted(opened):
        file = Path(name)
        if file.is_file() and project_file(file.resolve(), root):
            inputs[str(file.resolve().relative_to(root))] = digest(file.read_bytes())
    notebook.metadata["reader"] = {"code": code_digest(notebook), "inputs": dict(sorted(inputs.items()))}
    nbformat.write(notebook, path)


def project_file(file: Path, root: Path) -> bool:
    """Whether a file the notebook opened (resolved) is one of the project's files, any of which its
    outputs may depend on: `book/`'s data, but as much `_config.yml` or a seed read through
    `os.path.join` (only `book/` was recorded once, and a notebook reading `_config.yml` kept outputs
    computed from an older one). Not what the kernel opens that is no input of the notebook's own:
    the build's output, and the tools' folders (a virtual environment in the project, whose modules
    every import opens, git, caches: hidden folders, and Python's byte-code caches)."""
    if not file.is_relative_to(root):
        return False
    folders = file.relative_to(root).parts[:-1]
    environments = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}  # a venv in the project
    return not (file.is_relative_to(Project(root).build)
                or any(part.startswith(".") or part == "__pycache__" for part in folders)
                or any(folder.is_relative_to(root) and file.is_relative_to(folder) for folder in environments))
