"""Shared fixtures: the catalogue, the chapters, and the built site (served on loopback)."""

import functools
import http.server
import threading

import pytest

from readertools.bench import GzipHandler
from readertools.build import INSTRUCTOR, PUBLISHED
from readertools.catalogue import load_catalogue
from readertools.segment import load_chapters


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="session")
def chapters(catalogue):
    return load_chapters(catalogue)


@pytest.fixture(scope="session")
def site():
    """The published student edition. `make test` builds it first; a missing site is a failure."""
    if not (PUBLISHED / "index.html").is_file():
        pytest.fail(f"no built book in {PUBLISHED}: run `make book` (or `make test`, which builds it)")
    return PUBLISHED


@pytest.fixture(scope="session")
def instructor_site():
    """The instructor edition, which `make test` also builds."""
    if not (INSTRUCTOR / "index.html").is_file():
        pytest.fail(f"no instructor edition in {INSTRUCTOR}: run `make instructor` (or `make test`)")
    return INSTRUCTOR


def _serve(directory, handler_class=http.server.SimpleHTTPRequestHandler):
    handler = functools.partial(handler_class, directory=str(directory))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def site_url(site):
    server = _serve(site)
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def instructor_url(instructor_site):
    server = _serve(instructor_site)
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def gzip_site_url(site):
    """The student edition as a real host serves it: gzip-compressed text (readertools/bench.py)."""
    server = _serve(site, GzipHandler)
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
