"""Write the Datasets page from the data dictionary, `book/data/datasets.yml`.

The page lists every CSV under `book/data/` with what a row means, its columns and a download
link; `expected_files` regenerates it, so the tests prove it matches the data dictionary.
"""

import csv
from pathlib import Path

import yaml

from .catalogue import ROOT
from .errors import SourceError

DATA = ROOT / "book" / "data"
DICTIONARY = DATA / "datasets.yml"
PAGE = ROOT / "book" / "back" / "datasets.md"


def dataset_files(entry: dict) -> list[Path]:
    return sorted(DATA.glob(entry["file"]))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as file:
        return next(csv.reader(file))


def datasets_page(dictionary: Path = DICTIONARY) -> str:
    data = yaml.safe_load(dictionary.read_text(encoding="utf-8"))
    documented = {path for entry in data["datasets"] for path in dataset_files(entry)}
    undocumented = sorted(set(DATA.rglob("*.csv")) - documented)
    if undocumented:
        names = ", ".join(str(path.relative_to(DATA)) for path in undocumented)
        raise SourceError(dictionary, f"no entry for {names}")
    lines = ["# Datasets", "", (
        "Every table and plot in this reader is read from these files, and every figure in them is "
        "tied to the words it comes from: a paragraph of a source (`chapter`, `paragraph` or `note`, "
        "`quote`) or a cited reference (`reference`, `quote`). Download them to work with them in "
        "pandas or a spreadsheet; {doc}`../across/numbers` shows how they were built and used.")]
    for entry in data["datasets"]:
        files = dataset_files(entry)
        columns = header(files[0])
        missing = [c for c in columns if c not in data["columns"]]
        if missing:
            raise SourceError(dictionary, f"columns {missing} of {entry['file']} are not described")
        chapters = ", ".join(f"{{doc}}`../chapters/{c}`" for c in entry["chapters"])
        downloads = ", ".join(f"{{download}}`{p.name} <../data/{p.relative_to(DATA)}>`" for p in files)
        lines += ["", f"## {entry['title']}", "",
                  f"**Download:** {downloads}", "",
                  f"**One row is** {entry['row']}. **Used in:** {chapters}.", "",
                  "| column | what it holds |", "| --- | --- |"]
        lines += [f"| `{column}` | {data['columns'][column]} |" for column in columns]
    return "\n".join(lines) + "\n"
