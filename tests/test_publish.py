"""Publishing never destroys the last good site (`readertools/publish/swap.py`): killed at any step, or
stopped by a full disk at any step, the site published before stays whole (or the new one is whole),
never half of each, and the next publish leaves exactly the new site, with nothing left over.

Each step is reached through the module's fault-injection hook (`READER_PUBLISH_FAULT`), not by
timing: `kill:<step>` ends a publishing process there with SIGKILL, `enospc:<step>` raises the full
disk's error. Four ways the published folder can stand: a plain folder (swapped in by one atomic
rename), the same without an atomic exchange (two renames), a symlink (published through), and a
mount point. A real mount cannot be made here without privileges, so a mount point is simulated as
the kernel shows one: renaming or removing the folder itself fails with EBUSY (EXDEV across file
systems), and the folder must stay the very folder it was (its inode)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from faults import simulate

from readertools.errors import SourceError
from readertools.publish import swap

OLD = {"index.html": "old home", "book/intro.html": "old intro", "_static/reader.css": "old css",
       "searchindex.js": "old index", "book/gone.html": "a page the new site no longer has",
       "gone/deep/file.txt": "a folder the new site no longer has"}
NEW = {"index.html": "new home", "book/intro.html": "new intro", "_static/reader.css": "new css",
       "searchindex.js": "new index", "book/fresh.html": "a page new in this build",
       "fresh/deep/file.txt": "a folder new in this build"}
STEPS = {"swap": ("copy", "swap", "swapped", "remove-old"),
         "no-exchange": ("copy", "set-aside", "swapped", "remove-old"),
         "symlink": ("copy", "swap", "swapped", "remove-old"),
         "mount": ("copy", "move-in", "remove-old")}
BEFORE_THE_SWITCH = {"copy", "swap", "set-aside", "move-in"}


CHILD = """import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from faults import simulate
from readertools.publish.swap import publish
simulate(sys.argv[3], Path(sys.argv[2]))
publish(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def read(folder: Path) -> dict[str, str]:
    """The site as a reader sees it: every file but the hidden folder an in-place publish works in."""
    return {str(path.relative_to(folder)): path.read_text(encoding="utf-8") for path in folder.rglob("*")
            if path.is_file() and swap.INSIDE not in path.relative_to(folder).parts}


@pytest.fixture(params=list(STEPS))
def published(request, tmp_path):
    """(mode, target, old site, new site): the old site published at `target` in that mode."""
    mode = request.param
    old, new = write(tmp_path / "old", OLD), write(tmp_path / "new", NEW)
    target = tmp_path / "_build" / "html"
    if mode == "symlink":
        (tmp_path / "served" / "reader").mkdir(parents=True)
        target.parent.mkdir()
        target.symlink_to(tmp_path / "served" / "reader")
    swap.publish(old, target)
    assert read(target) == OLD
    return mode, target, old, new


def beside(target: Path) -> list[str]:
    """What stands beside the published folder (through a symlink: beside the folder it names)."""
    real = Path(os.path.realpath(target))
    return sorted(path.name for path in real.parent.iterdir() if path != real)


def run_child(mode, target, built, fault):
    environment = {**os.environ, swap.FAULT: fault,
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(swap.__file__).parents[2]),
                                                               os.environ.get("PYTHONPATH")]))}
    code = CHILD.format(tests=str(Path(__file__).parent))
    return subprocess.run([sys.executable, "-c", code, str(built), str(target), mode], check=False, env=environment,
                          capture_output=True, text=True)


def test_killed_at_any_step_a_whole_site_stays_published(published):
    mode, target, old, new = published
    inode = os.stat(target).st_ino
    for step in STEPS[mode]:
        killed = run_child(mode, target, new, f"kill:{step}")
        assert killed.returncode == -9, (step, killed.stderr)  # killed there, not finished or failed
        site = read(target) if target.exists() else None
        if mode == "no-exchange" and step == "set-aside":  # between its two renames: the old site aside
            assert site is None and read(target.with_name("html.outgoing")) == OLD
        elif mode == "mount" and step == "move-in":  # every old file there, every file whole
            assert set(OLD) <= set(site) and all(site[name] in (OLD.get(name), NEW.get(name)) for name in site)
        elif mode == "mount" and step == "remove-old":  # the new site whole, old files still going
            assert {name: site[name] for name in NEW} == NEW and set(site) <= set(OLD) | set(NEW)
        else:
            assert site == (OLD if step in BEFORE_THE_SWITCH else NEW), (mode, step)
        # the next publish starts from whatever was left, and leaves exactly the site it publishes
        finished = run_child(mode, target, old, "")
        assert finished.returncode == 0, finished.stderr
        assert read(target) == OLD and beside(target) == []
        assert not (Path(os.path.realpath(target)) / swap.INSIDE).exists()
    if mode == "symlink":
        assert target.is_symlink() and os.readlink(target) == str(target.parent.parent / "served" / "reader")
    if mode == "mount":
        assert os.stat(target).st_ino == inode  # the mount point itself was never renamed or removed


def test_a_full_disk_at_any_step_gives_one_located_message_and_a_whole_site(published, monkeypatch):
    mode, target, old, new = published
    simulate(mode, target, monkeypatch.setattr)
    for step in STEPS[mode]:
        monkeypatch.setenv(swap.FAULT, f"enospc:{step}")
        if step == "remove-old" and mode != "mount":
            swap.publish(new, target)  # the new site is in; the old one, beside it, goes next time
            assert read(target) == NEW
        else:
            with pytest.raises(SourceError) as failed:
                swap.publish(new, target)
            message = str(failed.value)
            assert message.startswith(f"{target}") and f"no space left on device (injected at {step})" in message
            if step in BEFORE_THE_SWITCH:
                assert message.endswith("the site published before is left whole where it was (free some space "
                                        "and run the build again)")
                assert read(target) == OLD
            else:
                assert "the new site is published, but" in message
                assert {name: read(target)[name] for name in NEW} == NEW
        monkeypatch.delenv(swap.FAULT)
        swap.publish(old, target)
        assert read(target) == OLD and beside(target) == []


def test_through_a_symlink_the_folder_it_names_is_published(tmp_path):
    served = tmp_path / "var" / "www" / "reader"
    target = tmp_path / "_build" / "html"
    target.parent.mkdir()
    target.symlink_to(served)  # the folder it names does not exist yet
    swap.publish(write(tmp_path / "old", OLD), target)
    swap.publish(write(tmp_path / "new", NEW), target)
    assert target.is_symlink() and read(served) == NEW
    assert sorted(path.name for path in served.parent.iterdir()) == ["reader"]


def test_into_a_mount_point_the_folder_stays_and_takes_the_new_files(tmp_path, monkeypatch):
    target = write(tmp_path / "_build" / "html", OLD)
    inode = os.stat(target).st_ino
    simulate("mount", target, monkeypatch.setattr)
    swap.publish(write(tmp_path / "new", NEW), target)
    assert read(target) == NEW and os.stat(target).st_ino == inode
    assert sorted(path.name for path in target.iterdir()) == ["_static", "book", "fresh", "index.html",
                                                              "searchindex.js"]
