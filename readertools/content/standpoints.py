"""The standpoint of every reference the data cite, `book/standpoints.yml`: one sentence each, in
one pattern for all of them ("<who>: <kind>; standpoint: <position>."), and the kind of evidence it
is (`KINDS`), shown on the Datasets page.

A reference is matched by the start of its citation, so one entry covers every page or section of
the same work.
"""

from pathlib import Path

from readertools.schema import load_yaml
from readertools.text.myst import literal

KINDS = {
    "scholarly": "Scholarly edition or monograph",
    "reference": "Reference work",
    "journalism": "Journalism",
    "popular": "Popular or commercial page",
    "document": "Primary document",
}


def read_standpoints(path: Path) -> dict[str, str]:
    """reference prefix -> standpoint sentence, checked against `schemas/standpoints.schema.yml`."""
    return {entry["reference"]: " ".join(entry["sentence"].split()) for entry in load_yaml(path, "standpoints")}


def reference_kinds(path: Path) -> dict[str, str]:
    """reference prefix -> its kind (a key of `KINDS`), checked against the same schema."""
    return {entry["reference"]: entry["kind"] for entry in load_yaml(path, "standpoints")}


def standpoint(reference: str, standpoints: dict[str, str]) -> str | None:
    """The standpoint sentence for a cited reference (the longest matching prefix), or None."""
    matches = [prefix for prefix in standpoints if reference.startswith(prefix)]
    return standpoints[max(matches, key=len)] if matches else None


def cited_references(datasets: dict, chronology, entries=()) -> set[str]:
    """Every reference a dataset row, a chronology entry, or the date checks of a glossary or people
    entry (`entries`) cites."""
    cited = {row["reference"] for rows in datasets.values() for row in rows if row.get("reference")}
    checked = {check.reference for entry in entries for check in entry.checks if check.reference}
    return cited | {entry.reference for entry in chronology} | checked


def standpoints_section(standpoints: dict[str, str], kinds: dict[str, str] | None = None) -> str:
    """The Datasets page's closing section: every reference with its kind and its standpoint."""
    lines = ["", "## The references and their standpoints", "", "{.editorial .text-note}",
             ("Every reference the datasets, the timeline's reference chronology and the date checks of the "
              "glossary and the people cite, with its "
              "standpoint, in one pattern for all of them: a reference figure is itself a source. Each is "
              "labelled with the kind of evidence it is; a date the glossary or the people list as checked "
              "rests on a scholarly edition or monograph or a reference work, or on journalism for an event it "
              "reported at the time."), ""]
    kinds = kinds or {}
    lines += [(f"- *{KINDS[kinds[key]]}.* " if key in kinds else "- ") + literal(standpoints[key])
              for key in sorted(standpoints, key=str.lower)]
    return "\n".join(lines) + "\n"
