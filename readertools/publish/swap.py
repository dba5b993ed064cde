"""The last step of `make book`: the staged site, built and checked, replaces the published one whole.

Killed at any step, or stopped by a full disk, the last good site stays whole where it was published:

- **By swap** (the usual case): the new site is copied beside the published folder, on the same
  file system (`html.incoming`), and the two are exchanged in one atomic rename (Linux's
  `renameat2(RENAME_EXCHANGE)`), then the old one, now beside it, is removed. Until the exchange the
  old site is untouched; after it the new one is whole. Where the exchange is not available, the old
  folder is renamed aside (`html.outgoing`) and the new one renamed in: a publish killed between the
  two renames is undone by the next one, which renames the old site back first.
- **In place**, when the published folder cannot be renamed or removed (a mount point: a container
  volume, a bind mount a web server serves; its rename fails with EBUSY or EXDEV): the new site is
  copied into a hidden folder inside it (`.incoming`, on its file system), then each file is renamed
  into place (each atomically; the pages after the files they use; a hard link to the file it
  replaces kept, so that an error puts every file back), and only then are the old files the new
  site does not have removed. Killed before the first rename, the old site is as it was; after it,
  every old file is still there and every file is whole, the old or the new one. (Until the next
  publish removes it, a killed one leaves its hidden folder inside the published one.)
- **Through a symlink**: when the published folder is a symlink, the folder it names is published
  (the link stays).

A full disk (or any other error of the file system) before the switch removes the partial copy (in
place: puts back every file already replaced) and stops with one located message; the old site is
left as it was. A failure to remove the old site after the switch leaves it beside the new one,
removed by the next publish (in place: one located message, the new site published whole).

`fault` is the fault-injection hook the tests kill or fail the publishing with, at each step.
"""

import ctypes
import errno
import os
import shutil
import signal
from pathlib import Path

from readertools.errors import SourceError, shown

INCOMING, OUTGOING = ".incoming", ".outgoing"  # beside the published folder
INSIDE, NEW, KEPT = ".incoming", "new", "replaced"  # inside it, when it cannot be renamed
# The environment variable that injects a fault: `kill:<step>` ends the process there (SIGKILL, as a
# power cut or an out-of-memory kill would), `enospc:<step>` raises the full disk's OSError.
FAULT = "READER_PUBLISH_FAULT"
# The steps, in order: by swap (`set-aside` only where there is no atomic exchange), and in place.
SWAP_STEPS = ("copy", "swap", "set-aside", "swapped", "remove-old")
IN_PLACE_STEPS = ("copy", "move-in", "remove-old")
IMMOVABLE = (errno.EBUSY, errno.EXDEV)  # what renaming a mount point gives


def fault(step: str) -> None:
    """The fault-injection hook, called at each step (inside a copy or a removal: after its first file)."""
    kind, _, at = os.environ.get(FAULT, "").partition(":")
    if at != step:
        return
    if kind == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "enospc":
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), f"injected at {step}")


def publish(built: Path, target: Path) -> None:
    """Publish the staged site `built` at `target` whole, as the module docstring says."""
    real = Path(os.path.realpath(target))  # through a symlink
    if Path(os.path.abspath(target)).is_relative_to(Path.cwd()):
        target = Path(os.path.relpath(target))  # named as the project names it, not as the link resolves
    try:
        if not os.path.ismount(real):
            try:
                return _by_swap(built, real)
            except _Immovable:
                pass
        return _in_place(built, real)
    except _Published as done:
        raise SourceError(target, f"the new site is published, but {_reason(done.error)}", place=done.step) from None
    except OSError as error:
        raise SourceError(target, f"the site could not be published: {_reason(error)}; the site published before "
                          f"is left whole where it was ({_advice(error)})") from None


class _Immovable(Exception):
    """The published folder cannot be renamed (a mount point): publish in place."""


class _Published(Exception):
    """The new site is in place; a later step failed (`step`, `error`)."""

    def __init__(self, step: str, error: OSError):
        super().__init__(step)
        self.step, self.error = step, error


def _by_swap(built: Path, real: Path) -> None:
    incoming, outgoing = real.with_name(real.name + INCOMING), real.with_name(real.name + OUTGOING)
    if not real.exists() and outgoing.is_dir():
        os.rename(outgoing, real)  # a publish killed between its two renames: the last good site back first
    _remove(incoming, None)
    _remove(outgoing, None)
    real.parent.mkdir(parents=True, exist_ok=True)
    try:
        _copy(built, incoming)
        fault("swap")
        if not real.exists():
            os.rename(incoming, real)
            return
        try:
            _exchange(incoming, real)
        except OSError as error:
            if error.errno in IMMOVABLE:
                raise _Immovable() from None
            if error.errno not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
                raise
            _set_aside(incoming, real, outgoing)  # no atomic exchange here
            incoming = outgoing
    except BaseException:
        _remove(incoming, None)
        raise
    try:
        fault("swapped")
    except OSError as error:
        raise _Published("once it was swapped in", error) from None
    _remove(incoming, "remove-old")  # the old site, now beside the new one; a failure leaves it to the next publish


def _set_aside(incoming: Path, real: Path, outgoing: Path) -> None:
    try:
        os.rename(real, outgoing)
    except OSError as error:
        if error.errno in IMMOVABLE:
            raise _Immovable() from None
        raise
    try:
        fault("set-aside")
        os.rename(incoming, real)
    except BaseException:
        os.rename(outgoing, real)
        raise


_LIBC = ctypes.CDLL(None, use_errno=True)
_RENAME_EXCHANGE, _AT_FDCWD = 2, -100


def _exchange(first: Path, second: Path) -> None:
    """Exchange two folders in one atomic step (Linux's renameat2 with RENAME_EXCHANGE)."""
    renameat2 = getattr(_LIBC, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), str(first))
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def _in_place(built: Path, real: Path) -> None:
    """Into the folder itself, which stays: copy in, rename each file into place (keeping a hard link
    to the file it replaces, to put back on an error), then remove the old files."""
    staging, kept = real / INSIDE, real / INSIDE / KEPT
    _remove(staging, None)
    try:
        _copy(built, staging / NEW)
    except BaseException:
        _remove(staging, None)
        raise
    new = sorted((path.relative_to(staging / NEW) for path in (staging / NEW).rglob("*") if not path.is_dir()),
                 key=lambda name: (name.suffix == ".html", name == Path("index.html"), name.parts))
    moved = []  # (file of the site, what it replaced, kept aside, or None), in order
    try:
        for name in new:
            destination = real / name
            for folder in reversed(name.parents[:-1]):
                if (real / folder).is_symlink() or (real / folder).is_file():  # a file where a folder goes
                    moved.append((real / folder, _aside(real / folder, kept / folder)))
            destination.parent.mkdir(parents=True, exist_ok=True)
            previous = None
            if destination.is_dir() and not destination.is_symlink():  # a folder where a file goes
                previous = _aside(destination, kept / name)
            elif destination.exists() or destination.is_symlink():
                previous = _linked(destination, kept / name)
            moved.append((destination, previous))
            os.replace(staging / NEW / name, destination)
            if len(moved) == 1:
                fault("move-in")
    except OSError:
        for destination, previous in reversed(moved):  # every file as it was
            if destination.is_dir() and not destination.is_symlink():
                shutil.rmtree(destination)  # a folder this publish made where a file stood
            elif destination.exists() or destination.is_symlink():
                destination.unlink()
            if previous is not None:
                os.replace(previous, destination)
        _remove(staging, None)
        raise
    try:
        keep = set(new) | {parent for name in new for parent in name.parents}
        old = [path for path in real.rglob("*") if path.relative_to(real).parts[0] != INSIDE
               and path.relative_to(real) not in keep]
        for number, path in enumerate(sorted(old, key=lambda path: len(path.parts), reverse=True)):
            path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()  # files before folders
            if number == 0:
                fault("remove-old")
    except OSError as error:
        raise _Published("removing the old site's files", error) from None
    finally:
        _remove(staging, None)


def _aside(path: Path, kept: Path) -> Path:
    """Move what stands where the new site needs another kind of file aside, to put back on an error."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, kept)
    return kept


def _linked(path: Path, kept: Path) -> Path:
    """A hard link to a file about to be replaced (no space taken), to put back on an error; a copy
    where the file system has no hard links."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(path, kept, follow_symlinks=False)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise
        shutil.copy2(path, kept, follow_symlinks=False)
    return kept


def _copy(source: Path, destination: Path) -> None:
    """Copy a site, as `shutil.copytree` would (through symlinks), but stopping at the first error
    (copytree goes on and gathers them, so a full disk failed once for every file left)."""
    destination.mkdir(parents=True)
    copied = 0
    for folder, folders, files in os.walk(source, followlinks=True):
        here = destination / Path(folder).relative_to(source)
        for name in sorted(folders):
            (here / name).mkdir()
        for name in sorted(files):
            shutil.copy2(Path(folder) / name, here / name)
            copied += 1
            if copied == 1:
                fault("copy")


def _remove(folder: Path, step: str | None) -> None:
    """Remove a folder whole (the fault hook called after its first file, at `step`); what cannot be
    removed is left for the next publish to remove."""
    if not folder.exists() and not folder.is_symlink():
        return
    try:
        paths = sorted(folder.rglob("*"), key=lambda path: len(path.parts), reverse=True)  # files before folders
        for number, path in enumerate(paths):
            path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
            if number == 0 and step:
                fault(step)
        folder.rmdir()
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _reason(error: OSError) -> str:
    said = os.strerror(error.errno).lower() if error.errno else str(error)
    return f"{said} ({shown(error.filename)})" if error.filename else said


def _advice(error: OSError) -> str:
    full = error.errno in (errno.ENOSPC, errno.EDQUOT)
    return "free some space and run the build again" if full else "run the build again once that is put right"
