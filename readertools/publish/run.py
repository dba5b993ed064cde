"""Run the editions' Sphinx builds side by side, one process each, and collect their warnings,
located, so that a failed build reports where to look."""

import re
import subprocess
import threading
from pathlib import Path

from readertools.errors import SourceError

WARNING = re.compile(r"^(?P<file>/?[^\s:][^:]*?):(?P<line>\d+)?:? ?(?P<kind>WARNING|ERROR|CRITICAL): (?P<msg>.*)$")


def run_all(commands: list[list[str]], root: Path, prefixes: list[str]) -> list[list[SourceError] | None]:
    """Run the Sphinx builds side by side, showing their progress (each line marked with its edition
    when there are several); for each, None if it succeeded, else its warnings, located."""
    processes = [subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  bufsize=1) for command in commands]
    results = [[] for _ in processes]
    threads = [threading.Thread(target=_follow, args=(process, prefix, found))
               for process, prefix, found in zip(processes, prefixes, results, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [None if process.wait() == 0 else found for process, found in zip(processes, results, strict=True)]


def _follow(process, prefix: str, warnings: list) -> None:
    for line in process.stdout:
        plain = re.sub(r"\x1b\[[0-9;]*m", "", line.rstrip("\n"))
        # Sphinx's last line names the staging folder, which is not where the book is published:
        # the command's own last line says where it is.
        if not plain.startswith("The HTML pages are in"):
            print(prefix + line, end="", flush=True)
        found = WARNING.match(plain)
        if found:
            place = f"line {found['line']}" if found["line"] else None
            warnings.append(SourceError(found["file"], found["msg"], place=place))
