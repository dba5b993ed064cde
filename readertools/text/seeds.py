"""Read seed files exactly as received, refusing input the reader cannot faithfully print.

A seed's lines end at `\\n` or `\\r\\n` and nowhere else (not at the other separators that
`str.splitlines` knows); a control character or a Unicode line or paragraph separator inside a line
is refused with its place, since the printed page could not show it as the seed has it.
"""

import re
import unicodedata
from pathlib import Path

from readertools.errors import SourceError

UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def split_lines(text: str) -> list[str]:
    """The lines of a text whose line ends are `\\n` or `\\r\\n` (the one rule, shared with the tests)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def read_seed(path: Path) -> list[str]:
    """Return the seed's lines (without line ends), or stop on a missing, empty or unprintable file."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(path, "seed file not found")
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(path, "seed file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            path, f"not valid UTF-8 (byte {error.start}: {data[error.start:error.start + 1]!r})",
            place=f"line {line}",
        ) from None
    lines = split_lines(text)
    for number, line in enumerate(lines, start=1):
        found = UNPRINTABLE.search(line)
        if found:
            char = found.group()
            name = unicodedata.name(char, "a control character")
            raise SourceError(path, f"contains U+{ord(char):04X} ({name}), which the reader cannot print "
                              "as the seed has it; only \\n and \\r\\n may end a line",
                              place=f"line {number}, column {found.start() + 1}")
    return lines
