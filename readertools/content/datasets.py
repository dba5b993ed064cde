"""The datasets: every hand-written CSV under `book/data/`, read against its row schema, and the
Datasets page written from the data dictionary (`book/data/datasets.yml`) and the column
descriptions of the row schemas, so that what the page says of a column is what the build checks.

The page lists every CSV under `book/data/` (the generated texts included, from the chapters in
the model, not from disk) with what a row means, its columns and a download link. Each figure is
checked against the words it comes from by `checks.figures`.
"""

from dataclasses import dataclass
from pathlib import Path

from readertools.errors import BookErrors, SourceError, shown
from readertools.schema import field_descriptions, read_csv
from readertools.text.myst import literal


def datasets_page(dictionary: dict, headers: dict[str, list[str]], text_files: list[str],
                  chapter_ids: list[str], dictionary_path) -> str:
    """`headers`: hand-written dataset file name -> its columns; `text_files`: texts/<id>.csv names."""
    documented = {entry["file"] for entry in dictionary["datasets"]}
    undocumented = sorted(set(headers) - documented)
    if undocumented:
        raise SourceError(dictionary_path, f"no entry for {', '.join(undocumented)}", place="datasets")
    lines = ["# Datasets", "", (
        "Every table and plot in this reader is read from these files, and every figure in them is "
        "tied to the words it comes from: a paragraph of a source (`chapter`, `paragraph` or `note`, "
        "`quote`) or a cited reference (`reference`, `quote`). Download them to work with them in "
        "pandas or a spreadsheet; {doc}`../across/numbers` shows how they were built and used.")]
    for index, entry in enumerate(dictionary["datasets"]):
        if entry["file"] == "texts/*.csv":
            files, columns, schema = text_files, None, "text-row"
        elif entry["file"] in headers:
            files, columns, schema = [entry["file"]], headers[entry["file"]], "dataset-row"
        else:
            raise SourceError(dictionary_path, f"{entry['file']} is not in {shown(Path(dictionary_path).parent)}",
                              place=f"datasets[{index}].file")
        described = field_descriptions(schema)
        columns = columns or list(described)
        used = chapter_ids if entry["chapters"] == "all" else entry["chapters"]
        unknown = sorted(set(used) - set(chapter_ids))
        if unknown:
            raise SourceError(dictionary_path, f"unknown chapter(s) {', '.join(unknown)}",
                              place=f"datasets[{index}].chapters")
        chapters = ", ".join(f"{{doc}}`../chapters/{c}`" for c in used)
        downloads = ", ".join(f"{{download}}`{name.rpartition('/')[2]} <../data/{name}>`" for name in files)
        lines += ["", f"## {literal(entry['title'])}", "",
                  f"**Download:** {downloads}", "",
                  f"**One row is** {literal(entry['row'])}. **Used in:** {chapters}.", "",
                  "| column | what it holds |", "| --- | --- |"]
        lines += [f"| `{column}` | {described[column]} |" for column in columns]
    return "\n".join(lines) + "\n"


def read_datasets(data_dir: Path) -> dict[Path, list[dict]]:
    """Every hand-written dataset in `data_dir` (not the generated texts), each row schema-checked,
    and each figure's id used once in its file."""
    found, problems = {}, []
    for path in sorted(Path(data_dir).glob("*.csv")):
        try:
            found[path] = read_csv(path, "dataset-row")
        except SourceError as error:
            problems.append(error)
            continue
        first = {}
        for row in found[path]:
            figure = row.get("figure")
            if figure and figure in first:
                problems.append(SourceError(path, f"duplicate figure id {figure!r} (also row {first[figure]})",
                                            place=row["_place"]))
            if figure:
                first.setdefault(figure, row["_line"])
    if problems:
        raise BookErrors(problems)
    return found


@dataclass(frozen=True)
class FigureTable:
    """Reference figures a question needs, from one dataset: its file name, its title (from the data
    dictionary) and the reference rows named."""

    file: str
    title: str
    rows: tuple[dict, ...]


def _reference_rows(rows) -> list[dict]:
    return [row for row in rows if row.get("source") == "reference"]


def figure_tables(datasets: dict[Path, list[dict]], dictionary: dict, names) -> list[FigureTable]:
    """The reference figures named (a dataset's file name: all its reference rows; or a reference row's
    `figure` id), grouped by dataset in the order first named, each row once. Unknown names are left to
    `figure_problems`."""
    titles = {entry["file"]: entry["title"] for entry in dictionary.get("datasets", ())}
    by_file = {path.name: rows for path, rows in datasets.items()}
    chosen: dict[str, list[dict]] = {}
    for name in names:
        if name in by_file:
            rows = _reference_rows(by_file[name])
            found = [(name, rows)]
        else:
            found = [(file, [row for row in _reference_rows(rows) if row.get("figure") == name])
                     for file, rows in by_file.items()]
        for file, rows in found:
            if rows:
                chosen.setdefault(file, [])
                chosen[file] += [row for row in rows if row not in chosen[file]]
    order = {id(row): index for rows in by_file.values() for index, row in enumerate(rows)}
    return [FigureTable(file, titles.get(file, file), tuple(sorted(rows, key=lambda row: order[id(row)])))
            for file, rows in chosen.items()]


def figure_problems(path, place: str, names, datasets: dict[Path, list[dict]]) -> list[SourceError]:
    """Every name that is neither a dataset with reference figures nor the id of a reference figure."""
    by_file = {p.name: rows for p, rows in datasets.items()}
    ids = {row.get("figure") for rows in by_file.values() for row in _reference_rows(rows)}
    problems = []
    for index, name in enumerate(names):
        if name in by_file and not _reference_rows(by_file[name]):
            problems.append(SourceError(path, f"{name} holds no reference figures (rows with source "
                                        "`reference`)", place=f"{place}[{index}]"))
        elif name not in by_file and name not in ids:
            problems.append(SourceError(path, f"{name!r} is neither a dataset of the data folder nor the id of a "
                                        "reference figure in one", place=f"{place}[{index}]"))
    return problems


def _number(text: str) -> str:
    try:
        value = float(text)
    except ValueError:
        return text
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def figure_row(row: dict) -> tuple[str, str, str, str]:
    """(what, value, what the reference measures, the reference) of a reference row, as the packet and
    the page print it."""
    what = row.get("series") or row.get("event") or ""
    if row.get("series") and row.get("period"):
        what = f"{what}, {row['period']}"
    if row.get("value"):
        value = _number(row["value"]) + (f"–{_number(row['value_high'])}" if row.get("value_high") else "")
        unit = row.get("unit", "")
        value = f"{value}{unit}" if unit.startswith("%") else f"{value} {unit}".strip()
    else:
        value = row.get("date", "")
    kind = row.get("reference_kind", "")
    reference = row.get("reference", "") + (f" ({kind})" if kind else "")
    return what, value, row.get("measures", ""), reference
