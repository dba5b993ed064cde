"""Shared fixtures: the project, the book's model, its chapters, the built sites (served on loopback),
and temporary copies of the project, new or built."""

import functools
import shutil
import subprocess
import sys

import pytest
from projects import BuiltCopy, copy_project

from readertools.bench.site import GzipHandler
from readertools.errors import SourceError
from readertools.exports import student_notebooks
from readertools.exports.chromium import chromium, served
from readertools.model import load_book
from readertools.paths import Project
from readertools.text.catalogue import load_catalogue


@pytest.fixture(scope="session", autouse=True)
def escapes_found_once():
    """Which backslashes a student notebook's Markdown cell needs depends on its text alone
    (`exports.escapes.needed_escapes`, which renders the cell twice or more to find out): each text is
    worked out once for the session, not again by every in-process build's notebook downloads and
    every student folder a test writes (each build of the session converts the same cells)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(student_notebooks, "needed_escapes", functools.cache(student_notebooks.needed_escapes))
        yield


@pytest.fixture(scope="session")
def project():
    return Project.here()


@pytest.fixture(scope="session")
def book(project):
    return load_book(project)


@pytest.fixture(scope="session")
def catalogue(book):
    return book.catalogue


@pytest.fixture(scope="session")
def chapters(book):
    return list(book.chapters)


def built(project, edition):
    site = project.published(edition)
    if not (site / "index.html").is_file():
        pytest.fail(f"no built {edition} edition in {site}: run `make book` and `make instructor` "
                    "(`make test` builds both first)")
    return site


@pytest.fixture(scope="session")
def site(project):
    """The published student edition. `make test` builds it first; a missing site is a failure."""
    return built(project, "student")


@pytest.fixture(scope="session")
def instructor_site(project):
    return built(project, "instructor")


@pytest.fixture(scope="session")
def site_url(site):
    with served(site) as url:
        yield url


@pytest.fixture(scope="session")
def instructor_url(instructor_site):
    with served(instructor_site) as url:
        yield url


@pytest.fixture(scope="session")
def gzip_site_url(site):
    """The student edition as a real host serves it: gzip-compressed text (readertools/bench_site.py)."""
    with served(site, GzipHandler) as url:
        yield url


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """A temporary copy of the project, the working directory while the test lasts."""
    copy = copy_project(tmp_path / "project")
    monkeypatch.chdir(copy.root)
    return copy


@pytest.fixture(scope="session")
def built_project(tmp_path_factory):
    """A copy of the project with its student edition built once for the session, from nothing (a
    clean build): `built_copy` gives it to the tests that change a built project, and its
    `clean_site` is a clean build to compare with.

    It is built by two builds started together, as `make book` twice at once starts them (one waits
    for the other, then finds nothing to do): `started_together` keeps each one's return code and
    output (stdout and stderr, as a terminal shows them) for the tests of that case."""
    base = tmp_path_factory.mktemp("built")
    copy = copy_project(base / "project")
    command = [sys.executable, "-m", "readertools", "build"]
    builds = [subprocess.Popen(command, cwd=copy.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
              for _ in range(2)]
    outputs = [build.communicate()[0] for build in builds]
    codes = [build.returncode for build in builds]
    assert 0 in codes, outputs[0][-3000:]
    shutil.copytree(copy.root, base / "pristine", symlinks=True)
    return BuiltCopy(copy.root, base / "pristine", started_together=(codes, outputs))


@pytest.fixture
def built_copy(built_project, request, monkeypatch):
    """A temporary copy of the project with its student edition built, the working directory while
    the test lasts: the session's built copy, put back as it was built (`BuiltCopy`), so that the
    test's builds after a change are the incremental rebuilds an editor's checkout makes."""
    copy = built_project.restore(request.node.nodeid)
    monkeypatch.chdir(copy.root)
    yield copy
    built_project.release()


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every browser test of the session (Debian's, driven by Playwright)."""
    try:
        with chromium() as browser:
            yield browser
    except SourceError as error:
        pytest.fail(str(error))


def pytest_generate_tests(metafunc):
    """A test that takes `chapter_id` runs once per source chapter of the catalogue, so that a new
    source is tested without editing any test."""
    chosen = any("chapter_id" in str(marker.args[0]) for marker in metafunc.definition.iter_markers("parametrize"))
    if "chapter_id" in metafunc.fixturenames and not chosen:
        project = Project.here()
        ids = [source.id for source in load_catalogue(project.catalogue, project.seeds).sources]
        metafunc.parametrize("chapter_id", ids)
