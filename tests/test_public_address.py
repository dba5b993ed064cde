"""The site's public address: `make … BASEURL=…` sets it for one build without editing a file, and
everything that names the published site reads it from one function (`editions.public_address`):
the editions' configuration (canonical links, link previews, the sitemap, the citations), the PDFs'
links and the question bank's links. A changed address rebuilds the editions; an unsafe one stops
the build with one located message. A tiny book (two pages, one source) is built with the real
Sphinx run in about 2 s; nothing here needs the built book."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from readertools.__main__ import main
from readertools.content.courses import book_sessions
from readertools.editions import BASEURL_VARIABLE, edition_config, public_address, student_repository
from readertools.errors import SourceError
from readertools.exports.bank_items import bank_quizzes, html_fragment
from readertools.paths import PACKAGE, Project
from readertools.publish.plan import inputs_stamp, manifest, plan_edition, up_to_date

ROOT = PACKAGE.parent
TINY = {
    "_config.yml": """title: The Reader
author: The editors
copyright: "2026"
only_build_toc_files: true
exclude_patterns: [_build, seeds]
execute:
  execute_notebooks: "off"
html:
  baseurl: ""
sphinx:
  recursive_update: true
  config:
    extensions: [myst_nb, jupyter_book, sphinx_comments, sphinx_external_toc, sphinx_book_theme,
                 readertools.sphinx.instructor_only, readertools.sphinx.download_links, readertools.sphinx.cite,
                 readertools.sphinx.launch]
    reader_edition: student
    reader_student_repository: ""
""",
    "_toc.yml": "format: jb-book\nroot: book/intro\nparts:\n  - caption: Sources\n    numbered: 1\n    chapters:\n"
                "      - file: book/chapters/tiny\n",
    "book/intro.md": "# The Reader\n\nAn introduction.\n",
    "book/chapters/tiny.md": "# On councils\n\nFirst line.\n",
    "seeds/tiny.txt": "First line\nLast line\n",
    "book/sources.yml": (Path(__file__).parent / "fixtures" / "tiny-sources.yml").read_text(encoding="utf-8"),
}
UNSAFE = {
    "ftp://example.org/reader/": "is not an http:// or https:// address of a host",
    "javascript:alert(1)": "holds '('",
    "example.org/reader/": "is not an http:// or https:// address of a host",
    "https:///reader/": "is not an http:// or https:// address of a host",
    "https://example.org/my reader/": "holds a space",
    'https://example.org/"onmouseover="x': "holds a double quote",
    "https://example.org/it's/": "holds a single quote",
    "https://example.org/<script>/": "holds a <",
    "https://example.org/reader/\n": "holds U+000A",
    "https://example.org/reader/?page=1": "holds '?'",
}
ADVICE = ("give the site's public address as an http:// or https:// address of letters, digits and "
          "- . _ ~ : / @ ! $ & * + , ; = % (e.g. https://example.org/reader/)")


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """A two-page book with one source, laid out as the project is; no address in the environment."""
    for name, text in TINY.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.delenv(BASEURL_VARIABLE, raising=False)
    monkeypatch.delenv("READER_ROOT", raising=False)
    return Project(tmp_path.resolve())


def set_config_address(project, address: str) -> None:
    text = project.config.read_text(encoding="utf-8").replace('baseurl: ""', f"baseurl: {json.dumps(address)}")
    project.config.write_text(text, encoding="utf-8")


def test_the_environment_s_address_wins_over_the_config_s_and_ends_in_a_slash(tiny):
    assert public_address(tiny.config, {}) == ""
    set_config_address(tiny, "https://example.org/reader")
    assert public_address(tiny.config, {}) == "https://example.org/reader/"
    assert public_address(tiny.config, {BASEURL_VARIABLE: ""}) == "https://example.org/reader/"  # empty: not set
    assert public_address(tiny.config, {BASEURL_VARIABLE: "http://localhost:8000/r/"}) == "http://localhost:8000/r/"
    edition = edition_config(tiny.config, "instructor")
    assert edition["html"]["baseurl"] == "https://example.org/reader/"


@pytest.mark.parametrize("address", UNSAFE)
def test_an_unsafe_address_is_refused_naming_where_it_came_from(tiny, address):
    with pytest.raises(SourceError) as given:
        public_address(tiny.config, {BASEURL_VARIABLE: address})
    assert str(given.value) == (f"BASEURL, READER_BASEURL in the environment: {address!r} {UNSAFE[address]}: "
                                f"{ADVICE}")
    set_config_address(tiny, address)
    with pytest.raises(SourceError) as configured:
        public_address(tiny.config, {})
    assert configured.value.path.endswith("_config.yml") and configured.value.place == "html: baseurl"
    assert configured.value.message == f"{address!r} {UNSAFE[address]}: {ADVICE}"


def publish_plan(project):
    """What `publish.book.build_book` does for the student edition, without the model of a real book:
    plan, run Sphinx, and (on success) record the publication as it does."""
    inputs, address = manifest(project), public_address(project.config)
    stamp = inputs_stamp(inputs, [], address)
    plan = plan_edition(project, "student", stamp, inputs)
    if plan is None:
        return None
    staging, command, shape = plan
    result = subprocess.run(command, cwd=project.root, capture_output=True, text=True, check=False)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    (staging / "shape.digest").write_text(shape)
    published = project.published("student")
    published.mkdir(parents=True, exist_ok=True)
    (published / "index.html").write_text("published")
    (staging / "inputs.digest").write_text(stamp)
    return command, project.staged_output("student")


def test_baseurl_reaches_canonical_links_previews_sitemap_and_citations_and_a_change_rebuilds(tiny, monkeypatch):
    set_config_address(tiny, "https://old.example.org/")  # the environment's wins
    monkeypatch.setenv(BASEURL_VARIABLE, "https://example.org/reader")
    command, site = publish_plan(tiny)
    page = (site / "book" / "chapters" / "tiny.html").read_text(encoding="utf-8")
    address = "https://example.org/reader/book/chapters/tiny.html"
    assert f'<link rel="canonical" href="{address}" />' in page
    assert f'<meta property="og:url" content="{address}" />' in page
    citation = page.partition('<script type="application/json" id="reader-cite">')[2].partition("</script>")[0]
    assert json.loads(citation)["url"] == address
    assert (site / "sitemap.xml").read_text(encoding="utf-8").count("<loc>https://example.org/reader/book/") == 2
    assert "old.example.org" not in page
    # the same address: nothing to do; another: a fresh build for it
    assert up_to_date(tiny, ("student",)) and publish_plan(tiny) is None
    monkeypatch.setenv(BASEURL_VARIABLE, "https://example.net/")
    assert not up_to_date(tiny, ("student",))
    command, site = publish_plan(tiny)
    assert "--fresh" in command
    assert '<link rel="canonical" href="https://example.net/book/chapters/tiny.html" />' in (
        site / "book" / "chapters" / "tiny.html").read_text(encoding="utf-8")
    monkeypatch.delenv(BASEURL_VARIABLE)
    assert not up_to_date(tiny, ("student",))  # back to _config.yml's address


def test_an_unsafe_baseurl_stops_the_command_before_anything_is_built(tiny):
    result = subprocess.run([sys.executable, "-m", "readertools", "build"], cwd=tiny.root, capture_output=True,
                            text=True, check=False, env={**_environment(), BASEURL_VARIABLE: "https://x.org/a b/"})
    assert result.returncode == 2
    assert result.stderr == (f"error: BASEURL, READER_BASEURL in the environment: 'https://x.org/a b/' holds a "
                             f"space: {ADVICE}\n")
    assert not tiny.build.exists()


def _environment() -> dict[str, str]:
    """This process's environment without an address or a project root of its own."""
    return {name: value for name, value in os.environ.items() if name not in (BASEURL_VARIABLE, "READER_ROOT")}


def test_the_question_bank_links_to_the_given_address(book, monkeypatch):
    monkeypatch.setenv(BASEURL_VARIABLE, "https://example.org/given")
    quiz = bank_quizzes(book, book_sessions(book, ["henry"]))[0]
    shown = "".join(html_fragment(item.blocks) for item in quiz.items)
    assert '<a href="https://example.org/given/book/chapters/henry.html#p-4">4</a>' in shown
    monkeypatch.setenv(BASEURL_VARIABLE, "https://example.org/a<b")
    with pytest.raises(SourceError, match="READER_BASEURL in the environment: 'https://example.org/a<b' holds a <"):
        bank_quizzes(book, book_sessions(book, ["henry"]))


@pytest.mark.parametrize("setting, printed", [
    ("", ""), ("someone/reader-notebooks", "someone/reader-notebooks main\n"),
    ("someone/reader-notebooks@published", "someone/reader-notebooks published\n")])
def test_the_workflow_reads_the_student_repository_from_one_command(tiny, monkeypatch, capsys, setting, printed):
    text = tiny.config.read_text(encoding="utf-8")
    tiny.config.write_text(text.replace('reader_student_repository: ""', f"reader_student_repository: {setting!r}"),
                           encoding="utf-8")
    monkeypatch.chdir(tiny.root)
    assert main(["student-repository"]) == 0
    assert capsys.readouterr().out == printed


@pytest.mark.parametrize("setting", ["someone", "some one/notebooks", "someone/notebooks@-f", "a/b@x..y",
                                     "someone/notebooks; rm -rf /", "someone/notebooks@"])
def test_a_student_repository_that_is_not_one_is_refused_where_it_is_set(tiny, setting):
    text = tiny.config.read_text(encoding="utf-8")
    tiny.config.write_text(text.replace('reader_student_repository: ""', f"reader_student_repository: {setting!r}"),
                           encoding="utf-8")
    with pytest.raises(SourceError) as error:
        student_repository(tiny.config)
    assert error.value.place == "sphinx: config: reader_student_repository"
    assert error.value.message == f"{setting!r} is not a GitHub repository: give owner/name or owner/name@branch"


# Every target that builds an edition or names the published site.
EDITION_TARGETS = ("book", "instructor", "editions", "serve", "pdf", "epub", "offline", "downloads", "handouts",
                   "handout", "qti", "course", "student-notebooks")
HOSTILE = """https://example.org/$(HOME)$$PATH`id`$(shell touch pwned)"'; a<b>/"""


def make_with_recorder(tmp_path, target: str, *assignments: str, environ=None) -> list[dict]:
    """Run `make TARGET` with a stand-in for the venv's python that records its arguments and
    READER_BASEURL (no install, no apt-get: `INSTALLED=` and `-o browser -o java`)."""
    record = tmp_path / "calls.jsonl"
    (tmp_path / "bin").mkdir(parents=True, exist_ok=True)
    recorder = tmp_path / "bin" / "python"
    recorder.write_text(f"#!{sys.executable}\nimport json, os, sys\n"
                        f"with open({str(record)!r}, 'a') as out:\n"
                        f"    out.write(json.dumps([sys.argv[1:], os.environ.get({BASEURL_VARIABLE!r})]) + '\\n')\n")
    recorder.chmod(0o755)
    result = subprocess.run(["make", "--no-print-directory", "-o", "browser", "-o", "java", target, "INSTALLED=",
                             f"BIN={tmp_path / 'bin'}", *assignments], cwd=ROOT, capture_output=True, text=True,
                            check=False, env={**_environment(), **(environ or {})})
    assert result.returncode == 0, result.stderr
    assert not (ROOT / "pwned").exists() and not (tmp_path / "pwned").exists()
    return [json.loads(line) for line in record.read_text().splitlines()]


@pytest.mark.parametrize("target", EDITION_TARGETS)
def test_make_hands_baseurl_to_the_tools_exactly_as_given(tmp_path, target):
    calls = make_with_recorder(tmp_path, target, f"BASEURL={HOSTILE}")
    assert calls and calls[0][0][:2] == ["-m", "readertools"]
    assert {address for _, address in calls} == {HOSTILE}  # neither make nor the shell expanded anything


def test_without_baseurl_make_leaves_the_environment_s_address_alone(tmp_path):
    assert make_with_recorder(tmp_path, "book") == [[["-m", "readertools", "build"], None]]
    calls = make_with_recorder(tmp_path / "env", "book", environ={BASEURL_VARIABLE: "https://example.org/$(HOME)/"})
    assert calls == [[["-m", "readertools", "build"], "https://example.org/$(HOME)/"]]
