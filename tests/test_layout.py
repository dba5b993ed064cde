"""The package's layout shows its pipeline: imports point down it, paths and anchors come from one
module each, and a function-level import says why it is there.

The stages, in the order the data flows (each folder's `__init__` says what it holds): the shared
vocabulary at the bottom (`paths`, `labels`, `errors`, `schema`, `editions`, `formats`), then
`text/`, `content/`, `checks/`, `model`, `generate/`, `sphinx/`, `exports/`, `publish/`, and the
command line and the benchmarks on top. A module may import its own stage and the stages below.
"""

import ast
import re
from pathlib import Path

import pytest

from readertools.paths import PACKAGE

STAGES = (
    {"paths", "labels", "errors", "schema", "editions", "formats"},
    {"text"},
    {"content"},
    {"checks"},
    {"model"},
    {"generate"},
    {"sphinx"},
    {"exports"},
    {"publish"},
    {"__main__", "bench"},
)
# Where the project's files are (`paths`) and what the anchors are called (`labels`).
VOCABULARY = {PACKAGE / "paths.py", PACKAGE / "labels.py"}
PATH_LITERAL = re.compile(
    r"(?<![\w.-])(?:book|seeds|_build)/|_toc\.yml|_config\.yml|references\.bib|requirements-notebooks\.txt"
    r"|\b(?:sources|glossary|people|citations|rubric|sequences|voices|standpoints|chronology|quotations"
    r"|editor_notes)\.yml")
ANCHOR_LITERAL = re.compile(r"(?:^|[^\w])(?:p|n|h|en|q)-$|-(?:p|n|h|en|q)-|^person-|^term-|#(?:p|n)-")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def stage(module: str) -> int:
    top = module.split(".")[1] if "." in module else "readertools"
    return next((index for index, names in enumerate(STAGES) if top in names), -1)


def imports(module: str, path: Path) -> list[tuple[str, int]]:
    """(imported readertools module, line) for every import of the package in the module, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            pytest.fail(f"{path}:{node.lineno}: a relative import; the package imports by full name")
        names = ([node.module] if isinstance(node, ast.ImportFrom) and node.module
                 else [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
        for name in names:
            if name == "readertools" or name.startswith("readertools."):
                if isinstance(node, ast.ImportFrom) and f"{name}.{node.names[0].name}" in modules():
                    name = f"{name}.{node.names[0].name}"  # `from readertools.exports import pdf`
                found.append((name, node.lineno))
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {module: {name for name, _ in imports(module, path) if name in known and name != module}
            for module, path in known.items()}


def test_every_module_belongs_to_a_stage():
    assert [module for module in modules() if module != "readertools" and stage(module) < 0] == []


def test_imports_point_down_the_pipeline():
    upward = [f"{path.relative_to(PACKAGE.parent)}:{line}: {module} imports {name}"
              for module, path in modules().items() for name, line in imports(module, path)
              if stage(name) > stage(module)]
    assert upward == []


def test_only_sphinx_imports_the_sphinx_extensions():
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}: {name}" for module, path in modules().items()
             for name, line in imports(module, path)
             if name.startswith("readertools.sphinx") and not module.startswith("readertools.sphinx")]
    assert found == []


def test_no_import_circle():
    edges, circles = graph(), []

    def visit(module, trail):
        if module in trail:
            circles.append(" -> ".join([*trail[trail.index(module):], module]))
            return
        if module in done:
            return
        for name in sorted(edges[module]):
            visit(name, [*trail, module])
        done.add(module)

    done: set[str] = set()
    for module in sorted(edges):
        visit(module, [])
    assert circles == []


def strings(path: Path):
    """(line, text) of every string constant of the module but its docstrings (f-strings in parts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_paths_come_from_paths_and_anchors_from_labels():
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}: {text[:60]!r}"
             for path in modules().values() if path not in VOCABULARY
             for line, text in strings(path) if PATH_LITERAL.search(text) or ANCHOR_LITERAL.search(text)]
    assert found == []


def test_the_literal_scan_finds_what_it_is_for(tmp_path):
    """The scan above is not vacuous: a path or an anchor built by hand is found."""
    sample = tmp_path / "sample.py"
    sample.write_text('"""Docstrings may name book/chapters/x.ipynb."""\n'
                      'A = root / "book/chapters/"\nB = f"{cid}-p-{n}"\nC = "_config.yml"\nD = "fine/words"\n')
    lines = [line for line, text in strings(sample) if PATH_LITERAL.search(text) or ANCHOR_LITERAL.search(text)]
    assert sorted(lines) == [2, 3, 4]


def test_function_level_imports_say_why():
    """An import inside a function avoids a heavy import at start-up: a comment on its line or the
    line above says so; anything else belongs at the top of the module."""
    silent = []
    for path in modules().values():
        lines = path.read_text(encoding="utf-8").splitlines()
        for function in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    first = node.lineno - 1  # the run of import lines this one stands in
                    while first > 0 and lines[first - 1].strip().startswith(("from ", "import ")):
                        first -= 1
                    if not any("#" in line for line in lines[first - 1:node.end_lineno]):
                        silent.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert silent == []
