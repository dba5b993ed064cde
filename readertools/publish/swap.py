"""The last step of `make book`: the staged site, built and checked, replaces the published one."""

import shutil
from pathlib import Path


def publish(built: Path, target: Path) -> None:
    """Swap the new site in whole, so a reader never sees half of one build and half of another."""
    incoming = target.with_name(target.name + ".incoming")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(built, incoming)
    shutil.rmtree(target, ignore_errors=True)
    incoming.rename(target)
