"""The standpoint of every reference the data cite, from `book/standpoints.yml`, in one pattern.

Each entry names the start of a reference as the data cite it and gives one sentence,
"<who>: <what kind of reference>; standpoint: <position>.", so that every reference is labelled the
same way (a Trotskyist historian and an anti-Bolshevik sociologist alike).
"""

import csv
import re
from functools import cache
from pathlib import Path

import yaml

from .catalogue import ROOT
from .errors import SourceError

STANDPOINTS = ROOT / "book" / "standpoints.yml"
DATA = ROOT / "book" / "data"
PATTERN = re.compile(r"[^;]+: [^;]+; standpoint: [^;]+\.")


@cache
def load_standpoints(path: Path = STANDPOINTS) -> dict[str, str]:
    """reference prefix -> standpoint sentence."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list) or not data:
        raise SourceError(path, "expected a non-empty list of entries")
    found = {}
    for index, entry in enumerate(data):
        place = f"standpoints[{index}]"
        if not isinstance(entry, dict) or set(entry) != {"reference", "sentence"}:
            raise SourceError(path, "each entry needs exactly `reference` and `sentence`", place=place)
        sentence = " ".join(str(entry["sentence"]).split())
        if not PATTERN.fullmatch(sentence):
            raise SourceError(path, "the sentence must read “<who>: <kind>; standpoint: <position>.”",
                              place=f"{place}.sentence")
        found[entry["reference"]] = sentence
    return found


def standpoint(reference: str, path: Path = STANDPOINTS) -> str | None:
    """The standpoint sentence for a cited reference (the longest matching prefix), or None."""
    matches = [prefix for prefix in load_standpoints(path) if reference.startswith(prefix)]
    return load_standpoints(path)[max(matches, key=len)] if matches else None


def references_in_datasets(data_dir: Path = DATA) -> set[str]:
    """Every reference prefix that some dataset row or chronology entry needs (its cited reference)."""
    from .chronology import load_chronology

    cited = set()
    for path in sorted(data_dir.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            cited |= {row["reference"] for row in csv.DictReader(file) if row.get("reference")}
    cited |= {entry.reference for entry in load_chronology()}
    prefixes = load_standpoints()
    return {next((p for p in prefixes if reference.startswith(p)), reference) for reference in cited}


def standpoints_section() -> str:
    """The Datasets page's closing section: every reference with its standpoint."""
    lines = ["", "## The references and their standpoints", "", "{.editorial .text-note}",
             ("Every reference the datasets and the timeline's reference chronology cite, with its "
              "standpoint, in one pattern for all of them: a reference figure is itself a source."), ""]
    lines += [f"- {load_standpoints()[key]}" for key in sorted(load_standpoints(), key=str.lower)]
    return "\n".join(lines) + "\n"
