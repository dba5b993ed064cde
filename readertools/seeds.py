"""Read seed files exactly as received, refusing input the reader cannot faithfully print."""

from pathlib import Path

from .errors import SourceError


def read_seed(path: Path) -> list[str]:
    """Return the seed's lines (without line ends), or stop on a missing, empty or non-UTF-8 file."""
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
    return text.splitlines()
