"""Shared fixtures: the catalogue, the chapters, and the built site (served on loopback)."""

import functools
import http.server
import threading

import pytest

from readertools.build import PUBLISHED
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
def site_url(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
