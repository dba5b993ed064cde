"""`make bench`: what the build and the tests cost, measured, beside a bare Jupyter Book.

Everything runs in temporary copies of the project, so the checkout's own `_build` is untouched:

1. the book as it is: a clean build of both editions, a rebuild with nothing changed, a rebuild
   after editing one headnote (each the median of `--runs` runs), nbval over every notebook, the
   whole test suite, and the peak memory of the largest process of each;
2. a bare `jupyter-book create` book cut down to one executed notebook, built clean, so that the
   cost per page reads as a ratio;
3. a synthetic book of `--chapters` chapters (the source chapters copied under new ids), to see
   how the clean build, the no-change rebuild and the test suite grow with the book, and what 500
   chapters would cost if they grow as they do from here to there.

    python -m readertools.bench.book [--runs 3] [--chapters 50] [--no-tests]
"""

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

from readertools.paths import CONTENT, Project

# A copy of the project that builds and runs its own tests: the content, the tests and the packaging.
COPIED = (*CONTENT, "tests", "pyproject.toml", "LICENSE", "LICENSE-content.md", "RIGHTS.md", "CITATION.cff",
          "requirements.txt")
TARGETS = {"no-change rebuild": 3.0, "one headnote edited": 10.0}
# Run a command and report its wall time and the peak memory of its largest process (KB).
MEASURE = ("import json, resource, subprocess, sys, time; t = time.perf_counter(); "
           "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
           "print(json.dumps([code, time.perf_counter() - t, "
           "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))")


def measure(command: list[str], cwd: Path) -> tuple[int, float, int]:
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=cwd, capture_output=True, text=True,
                         check=True).stdout
    code, seconds, peak = json.loads(out)
    return code, seconds, peak


def median_of(runs: int, command: list[str], cwd: Path, before=None) -> dict:
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(measure(command, cwd))
    failed = [code for code, _, _ in results if code]
    return {"seconds": statistics.median(s for _, s, _ in results), "peak_mb": max(p for _, _, p in results) / 1024,
            "failed": len(failed)}


def copy(project: Project, destination: Path) -> Path:
    destination.mkdir(parents=True)
    for name in COPIED:
        source = project.root / name
        if source.is_dir():
            shutil.copytree(source, destination / name,
                            ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy2(source, destination / name)
    return destination


def measure_book(root: Path, runs: int, tests: bool) -> dict:
    project = Project(root)
    both = [sys.executable, "-m", "readertools", "editions"]
    found = {}
    found["clean build, both editions"] = median_of(runs, both, root, lambda: shutil.rmtree(project.build, True))
    found["no-change rebuild"] = median_of(runs, both, root)
    counter = iter(range(1000))

    def edit_headnote():
        path = next(iter(sorted(project.chapters.glob("*.ipynb"))))
        notebook = nbformat.read(path, as_version=4)
        cell = next(cell for cell in notebook.cells if cell.get("id") == "headnote")
        cell.source = re.sub(r"\n\n% bench \d+$", "", cell.source) + f"\n\n% bench {next(counter)}"
        nbformat.write(notebook, path)

    found["one headnote edited"] = median_of(runs, both, root, edit_headnote)
    nbval = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
             "--nbval-sanitize-with", "tests/nbval-sanitize.cfg", "-o", "addopts=",
             project.relative(project.chapters), project.relative(project.across)]
    found["nbval, every notebook"] = median_of(runs, nbval, root)
    if tests:
        log = project.build / "bench-tests.log"
        suite = f"{sys.executable} -m pytest -q -p no:cacheprovider > {log} 2>&1"
        found["the test suite (once)"] = median_of(1, ["bash", "-c", suite], root)
        lines = log.read_text(encoding="utf-8").strip().splitlines()
        found["the test suite (once)"]["outcome"] = lines[-1].strip("= ") if lines else "no output"
    return found


def bare_book(folder: Path) -> dict:
    """`jupyter-book create`, cut to its introduction and one executed notebook, built clean."""
    jb = str(Path(sys.executable).parent / "jupyter-book")
    subprocess.run([jb, "create", str(folder)], check=True, capture_output=True)
    stock = Project(folder)  # a stock book has a configuration and a table of contents where ours has
    stock.toc.write_text("format: jb-book\nroot: intro\nchapters:\n  - file: notebooks\n", encoding="utf-8")
    config = yaml.safe_load(stock.config.read_text(encoding="utf-8"))
    config["execute"] = {"execute_notebooks": "force"}
    stock.config.write_text(yaml.safe_dump(config), encoding="utf-8")
    result = median_of(1, [jb, "build", str(folder)], folder)
    result["pages"] = 2
    return result


def synthetic(root: Path, chapters: int) -> int:
    """Copy the source chapters under new ids until the book has `chapters` chapters; return the count."""
    project = Project(root)
    catalogue = yaml.safe_load(project.catalogue.read_text(encoding="utf-8"))
    toc = yaml.safe_load(project.toc.read_text(encoding="utf-8"))
    numbered = sum(len(part["chapters"]) for part in toc["parts"] if part.get("numbered"))
    sources = list(catalogue["sources"])
    added = []
    for index in range(chapters - numbered):
        source = dict(sources[index % len(sources)])
        original, new = source["id"], f"{source['id']}-copy-{index // len(sources) + 1}"
        source["id"] = new
        catalogue["sources"].append(source)
        apparatus = project.apparatus_file(original).read_text(encoding="utf-8")
        project.apparatus_file(new).write_text(apparatus.replace(f"chapter: {original}", f"chapter: {new}", 1),
                                               encoding="utf-8")
        notebook = nbformat.read(project.chapter_notebook(original), as_version=4)
        notebook.cells = [cell for cell in notebook.cells if cell.cell_type == "markdown" or
                          cell.get("id") == "word-count"]  # the data sections' figures are the original's
        for cell in notebook.cells:
            cell.pop("outputs", None) if cell.cell_type != "code" else cell.update(outputs=[], execution_count=None)
        nbformat.write(notebook, project.chapter_notebook(new))
        added.append({"file": project.docname(project.chapter_notebook(new))})
    project.catalogue.write_text(yaml.safe_dump(catalogue, allow_unicode=True, sort_keys=False), encoding="utf-8")
    voices = yaml.safe_load(project.voices.read_text(encoding="utf-8"))
    voices.update({entry["file"].rpartition("/")[2]: voices[entry["file"].rpartition("/")[2].partition("-copy-")[0]]
                   for entry in added})
    project.voices.write_text(yaml.safe_dump(voices, allow_unicode=True, sort_keys=False), encoding="utf-8")
    toc["parts"].insert(-1, {"caption": "Synthetic copies", "numbered": 1, "chapters": added})
    project.toc.write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "readertools", "notebooks"], cwd=root, capture_output=True, text=True,
                          check=False)
    if done.returncode:
        raise SystemExit(f"the synthetic book does not build:\n{done.stderr[-3000:]}")
    return numbered + len(added)


def report(title: str, rows: dict) -> None:
    print(f"\n{title}")
    for name, row in rows.items():
        target = TARGETS.get(name)
        verdict = "met" if target is not None and row["seconds"] < target else "MISSED"
        mark = "" if target is None else f" (target < {target:.0f} s: {verdict})"
        failed = f", {row['failed']} failed run(s)" if row.get("failed") else ""
        failed += f" [{row['outcome']}]" if row.get("outcome") else ""
        print(f"  {name:32} {row['seconds']:7.1f} s   peak {row['peak_mb']:6.0f} MB{mark}{failed}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m readertools.bench.book", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chapters", type=int, default=50)
    parser.add_argument("--no-tests", action="store_true", help="leave out the test suites (much faster)")
    args = parser.parse_args(argv)
    project = Project.here()
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as folder:
        folder = Path(folder)
        real = copy(project, folder / "book")
        started = time.perf_counter()
        ours = measure_book(real, args.runs, not args.no_tests)
        toc = yaml.safe_load(Project(real).toc.read_text(encoding="utf-8"))
        pages = 1 + sum(len(part["chapters"]) for part in toc["parts"])
        chapters = sum(len(part["chapters"]) for part in toc["parts"] if part.get("numbered"))
        report(f"The book: {chapters} chapters, {pages} pages (medians of {args.runs} runs)", ours)
        peak = max(row["peak_mb"] for row in ours.values())
        print(f"  peak memory of any process: {peak:.0f} MB (target < 1024 MB: {'met' if peak < 1024 else 'MISSED'})")

        bare = bare_book(folder / "bare")
        report("A bare Jupyter Book (jupyter-book create: introduction and one executed notebook)", {
            "clean build": bare})
        per_page = ours["clean build, both editions"]["seconds"] / 2 / pages
        bare_page = bare["seconds"] / bare["pages"]
        ratio = per_page / bare_page
        print(f"\n  cost per page, one edition: {per_page:.2f} s here, {bare_page:.2f} s in the bare book: "
              f"{ratio:.2f}x (target <= 1.5x: {'met' if ratio <= 1.5 else 'MISSED'})")

        big = copy(project, folder / "synthetic")
        count = synthetic(big, args.chapters)
        grown = measure_book(big, 1, not args.no_tests)
        report(f"A synthetic book of {count} chapters (one run each)", grown)
        print(f"\nGrowth from {chapters} to {count} chapters, and 500 chapters if it stays linear:")
        for name in grown:
            small, large = ours[name]["seconds"], grown[name]["seconds"]
            slope = (large - small) / (count - chapters)
            print(f"  {name:32} {small:7.1f} s -> {large:7.1f} s  ({large / small:4.1f}x for "
                  f"{count / chapters:.1f}x the chapters; 500 chapters: about {large + slope * (500 - count):.0f} s)")
        print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
