"""Faults the publishing tests simulate in a process of their own or in the test's (tests/test_publish.py)."""

import errno
import os
from pathlib import Path

from readertools.publish import swap


def simulate(mode: str, target: Path, replace=setattr) -> None:
    """No atomic exchange ("no-exchange"), or the target a mount point ("mount"), in this process
    (`replace`: how to replace a module's attribute, e.g. pytest's monkeypatch.setattr)."""
    if mode == "no-exchange":
        def no_exchange(first, second):
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL), str(first))
        replace(swap, "_exchange", no_exchange)
    if mode != "mount":
        return
    mount = Path(os.path.realpath(target))
    real_rename, real_replace, real_rmdir = os.rename, os.replace, os.rmdir

    def busy(*paths):
        if any(Path(os.path.realpath(path)) == mount for path in paths):
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(mount))

    def exchange(first, second):
        busy(first, second)
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(first))  # another file system

    replace(swap, "_exchange", exchange)
    replace(os, "rename", lambda src, dst, **kw: busy(src, dst) or real_rename(src, dst, **kw))
    replace(os, "replace", lambda src, dst, **kw: busy(src, dst) or real_replace(src, dst, **kw))
    replace(os, "rmdir", lambda path, **kw: busy(path) or real_rmdir(path, **kw))
