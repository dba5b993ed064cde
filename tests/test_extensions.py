"""The reader's Sphinx extensions (readertools/sphinx/), each built in process on a test root of a
page or two with `sphinx.testing`, as MyST-NB and sphinx-exercise test theirs: what each writes into
the doctree or the HTML, and, for bad input, the exact warning or error and where Sphinx says it
was. Every build here takes about a second and needs neither the built book nor a subprocess."""

import hashlib
import importlib.metadata
import io
import json
import os
import re
import shutil
import struct
import zlib
from pathlib import Path
from xml.etree import ElementTree

import nbformat
import pybtex.plugin
import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.errors import ExtensionError, ThemeError
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from readertools.content.notebooks import KERNEL
from readertools.sphinx import bibliography, nav, stylesheets
from readertools.sphinx.cite import citable_date, citable_venue
from readertools.sphinx.instructor_only import apparatus, details
from readertools.sphinx.lean import FONTAWESOME, icon_svg

SPHINX = Path(nav.__file__).parent  # readertools/sphinx/
BOOK_THEME = {"html_theme": "sphinx_book_theme", "html_context": {"default_mode": "light"}}
BOOK = Path(__file__).resolve().parents[1] / "book"  # the book's own templates
MYST = {"myst_enable_extensions": ["attrs_block", "attrs_inline", "colon_fence"], "smartquotes": False}  # the book's


# ---------------------------------------------------------------- helpers


def conf(*extensions: str, **settings) -> str:
    """A conf.py: the extensions (the reader's by their short name) and settings, as Python literals."""
    names = [f"readertools.sphinx.{name}" if (SPHINX / f"{name}.py").is_file() else name for name in extensions]
    # source_suffix: a dict of the root's own, or Sphinx 7.4 adds the parsers of one build's extensions
    # to its shared default (registry.merge_source_suffix) and a later build without them fails
    lines = [f"extensions = {names!r}", "project = 'The Reader'", "exclude_patterns = ['_build']",
             "source_suffix = {'.rst': 'restructuredtext'}"]
    lines += [f"{key} = {value!r}" for key, value in settings.items()]
    return "\n".join(lines) + "\n"


def root(path: Path, files: dict[str, str | bytes]) -> Path:
    """A test root: each file written at its path below `path`."""
    for name, content in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return path


def build(srcdir: Path, builder: str = "html", *, freshenv: bool = False, hooks=(), **overrides) -> SphinxTestApp:
    """Build the root in process (keyword arguments override conf.py); `hooks`, (event, handler)
    pairs, are connected first. Sphinx's global state is restored at once; the app's environment,
    output folder and message streams stay readable."""
    app = SphinxTestApp(buildername=builder, srcdir=srcdir, freshenv=freshenv, confoverrides=overrides,
                        status=io.StringIO(), warning=io.StringIO())
    try:
        for event, handler in hooks:
            app.connect(event, handler)
        app.build()
    finally:
        app.cleanup()
    return app


def warned(app) -> list[str]:
    """The build's warnings, one a line, with their locations relative to the root."""
    text = strip_escape_sequences(app.warning.getvalue())
    return text.replace(f"{app.srcdir}{os.sep}", "").splitlines()


def handler_error(error: ExtensionError, module: str, event: str, message: str) -> bool:
    """Sphinx's own wrapping of an exception raised in a handler: it names the extension and the
    event (never the document), then the message."""
    return (error.modname == f"readertools.sphinx.{module}" and str(error.orig_exc) == message
            and str(error).endswith(f" for event {event!r} threw an exception (exception: {message})"))


def html(app, page: str = "index") -> str:
    return (Path(app.outdir) / f"{page}.html").read_text(encoding="utf-8")


def soup(app, page: str = "index") -> BeautifulSoup:
    return BeautifulSoup(html(app, page), "html.parser")


def written(pages: list[str]):
    """An html-page-context handler that notes every page written from a document."""

    def note(app, pagename, templatename, context, doctree):
        if doctree is not None:
            pages.append(pagename)

    return ("html-page-context", note)


def reading(docnames: list[list[str]]):
    """An env-before-read-docs handler that notes the documents each build reads."""
    return ("env-before-read-docs", lambda app, env, names: docnames.append(sorted(names)))


def png(width: int, height: int) -> bytes:
    """A blank PNG of that size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + b"\0" * 3 * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------- titles


TITLED = {"index.rst": "<b>tags</b> & co\n================\n\n.. toctree::\n\n   other\n",
          "other.rst": "Other\n=====\n\nText.\n"}


def test_titles_are_escaped_where_the_theme_prints_them_raw(tmp_path):
    options = {**BOOK_THEME, "html_theme_options": {"home_page_in_toc": True}}
    escaped = build(root(tmp_path / "with", {**TITLED, "conf.py": conf("titles", **options)}))
    raw = build(root(tmp_path / "without", {**TITLED, "conf.py": conf(**options)}))
    assert warned(escaped) == []
    # the theme's print-only header (`pagetitle`) and the sidebar's home link (`root_title`)
    page = soup(escaped)
    assert page.select_one("#jb-print-docs-body h1").decode_contents() == "&lt;b&gt;tags&lt;/b&gt; &amp; co"
    for name in ("index", "other"):
        home = soup(escaped, name).select_one(".bd-sidenav__home-link a")
        assert home.get_text(strip=True) == "<b>tags</b> & co" and home.find("b") is None, name
    assert soup(escaped, "other").select_one("#jb-print-docs-body h1").get_text() == "Other"
    # without the extension, the title's text becomes markup in both places
    assert soup(raw).select_one("#jb-print-docs-body h1 b").get_text() == "tags"
    assert soup(raw, "other").select_one(".bd-sidenav__home-link a b") is not None


MARKED = {"index.md": "# Home\n\n```{toctree}\nmarked\n```\n",
          "marked.md": ("# A *marked* title[1](#n-1){.note-ref}\n\nText.\n\n"
                        "## “Lenin’s Last Struggle”[9](#n-9){.note-ref}\n\nMore.\n\n## Plain [link](#n-1)\n\n"
                        "(n-1)=\nNote one.\n\n(n-9)=\nNote nine.\n")}


def test_the_contents_show_titles_without_their_note_markers(tmp_path):
    app = build(root(tmp_path, {**MARKED, "conf.py": conf("myst_parser", "titles", **BOOK_THEME, **MYST)}))
    assert warned(app) == []
    page = soup(app, "marked")
    # the headings keep their markers, links to their notes
    assert [a.get_text() for a in page.select("article h2 a.note-ref, article h1 a.note-ref")] == ["1", "9"]
    # the page's contents, its title and the sidebar's entry show them without
    assert [a.get_text(" ", strip=True) for a in page.select("#pst-page-toc-nav a")] == [
        "“Lenin’s Last Struggle”", "Plain link"]
    assert app.env.titles["marked"].astext() == "A marked title"
    assert " ".join(soup(app).select_one("nav.bd-docs-nav a[href='marked.html']").get_text().split()) == (
        "A marked title")
    assert page.title.get_text().startswith("A marked title")


# ---------------------------------------------------------------- bibliography


BIBTEX = "sphinxcontrib.bibtex"
BIB = """@misc{marx1871civilwar,
  author = {Marx, Karl},
  title = {The {Civil War} in {France}},
  year = {1871},
}
"""


def test_the_bibliography_is_a_list_of_list_items(tmp_path):
    files = {"refs.bib": BIB, "index.rst": "Page\n====\n\nAs :cite:t:`marx1871civilwar` wrote.\n\n.. bibliography::\n"}
    settings = {"bibtex_bibfiles": ["refs.bib"], "bibtex_reference_style": "author_year"}
    fixed = build(root(tmp_path / "with", {**files, "conf.py": conf(BIBTEX, "bibliography", **settings)}))
    plain = build(root(tmp_path / "without", {**files, "conf.py": conf(BIBTEX, **settings)}))
    assert warned(fixed) == []
    listing = soup(fixed).select_one('div.citation-list[role="list"]')
    entries = listing.find_all("div", class_="citation", recursive=False)
    assert len(entries) == 1 and [entry["role"] for entry in entries] == ["listitem"]
    assert "The Civil War in France" in entries[0].get_text()
    assert "doc-biblioentry" not in html(fixed)
    # what docutils writes without it: list items that are not list items
    assert [e["role"] for e in soup(plain).select("div.citation-list > div.citation")] == ["doc-biblioentry"]


def test_pybtex_finds_the_same_plugins_from_one_scan_of_the_entry_points(monkeypatch):
    lookups = [("pybtex.style.formatting", "plain"), ("pybtex.style.labels", "number"),
               ("pybtex.style.names", "plain"), ("pybtex.style.sorting", "none"), ("pybtex.backends", "html")]
    before = [pybtex.plugin.find_plugin(group, name) for group, name in lookups]
    scans, real = [], importlib.metadata.entry_points
    monkeypatch.setattr(importlib.metadata, "entry_points",
                        lambda **selection: scans.append(selection) or real(**selection))
    monkeypatch.setattr(pybtex.plugin, "entry_points", pybtex.plugin.entry_points)  # put back after the test
    bibliography.read_entry_points_once()
    assert [pybtex.plugin.find_plugin(group, name) for group, name in lookups * 3] == before * 3
    assert scans == [{}]  # every installed entry point, once
    with pytest.raises(pybtex.plugin.PluginNotFound):
        pybtex.plugin.find_plugin("pybtex.style.labels", "no-such-style")



# ---------------------------------------------------------------- instructor_only


APPARATUS = """chapter: tiny
central_question: What does the tiny text claim about councils?
questions:
{questions}
teaching_notes: Start from the council's *own* words.
writing_task:
  prompt: Make a claim about councils, with evidence.
  evidence: The two paragraphs.
  minutes: 20
  words: [100, 150]
  criteria:
    argument: Make a claim
organizer: claim-evidence
discussion_plan:
  opening: Ask who speaks.
  sequence: Questions 1 to 4 in order.
  stumbling_points: The date.
sample_answers:
  - level: 2
    text: The councils were good.
    annotation: A claim without evidence.
"""
QUESTION = """  - number: {n}
    core: true
    minutes: 10
    skill: close-reading
    paragraphs: [1]
    text: Question {n}?
    answer: The answer to question {n}, as ¶ 2 shows (not *emphasis*).
"""
CHAPTER = """# Tiny

(tiny-p-2)=
The second paragraph.

```{model-answer} tiny 1
```

```{teaching-notes} tiny
```

```{discussion-plan} tiny
```

```{sample-answers} tiny
```
"""
HIDDEN = ("The answer to question", "Start from the council", "Ask who speaks", "The councils were good")


def instructor_root(path: Path, source: str = CHAPTER) -> Path:
    questions = "".join(QUESTION.format(n=n) for n in (1, 2, 3, 4))
    return root(path, {"conf.py": conf("myst_parser", "instructor_only", **MYST), "index.md": source,
                       "book/apparatus/tiny.yml": APPARATUS.format(questions=questions.rstrip("\n"))})


def test_the_instructor_edition_fills_each_placeholder_from_the_apparatus(tmp_path):
    app = build(instructor_root(tmp_path), reader_edition="instructor")
    assert warned(app) == []
    doctree = app.env.get_doctree("index")
    [answer] = doctree.findall(details)
    assert answer["summary"] == "Model answer" and answer["classes"] == ["model-answer", "instructor-only"]
    page = soup(app)
    body = page.select_one("div.body")
    folded = body.select_one("details.model-answer.instructor-only")
    assert folded.summary.get_text() == "Model answer" and "open" not in folded.attrs
    # the apparatus's prose, literal but for its ¶ reference, which links to the paragraph
    assert folded.p.get_text() == "The answer to question 1, as ¶ 2 shows (not *emphasis*)."
    assert folded.select_one("a")["href"] == "#tiny-p-2" and not folded.select("em")
    titles = {kind: body.select_one(f".admonition.instructor-only.{kind} > .admonition-title").get_text()
              for kind in ("teaching-notes", "discussion-plan", "sample-answers")}
    assert titles == {"teaching-notes": "Teaching notes (instructor edition)",
                      "discussion-plan": "Discussion plan (instructor edition)",
                      "sample-answers": "Sample answers to the writing task (instructor edition)"}
    assert len(body.select(".instructor-only")) == 4
    notes = body.select(".teaching-notes p:not(.admonition-title)")
    assert [p.get_text() for p in notes] == ["Start from the council's *own* words."]
    plan = [p.get_text() for p in body.select(".discussion-plan p:not(.admonition-title)")]
    assert plan == ["Opening. Ask who speaks.", "Sequence. Questions 1 to 4 in order.",
                    "Where students stumble. The date."]
    samples = [p.get_text() for p in body.select(".sample-answers p:not(.admonition-title)")]
    assert samples == ["Level 2 of 4. The councils were good.", "Annotation. A claim without evidence."]


def test_an_edited_answer_reaches_a_rebuild_in_the_same_process(tmp_path):
    """The apparatus is read once per version of the file, not once per process."""
    srcdir = instructor_root(tmp_path)
    assert "as ¶ 2 shows" in soup(build(srcdir, reader_edition="instructor")).select_one("details").get_text()
    apparatus = srcdir / "book" / "apparatus" / "tiny.yml"
    apparatus.write_text(apparatus.read_text(encoding="utf-8").replace(
        "The answer to question 1, as", "The corrected answer to question 1, as"), encoding="utf-8")
    folded = soup(build(srcdir, reader_edition="instructor")).select_one("details").get_text()
    assert "The corrected answer to question 1" in folded


def test_the_student_edition_gets_no_node_at_all(tmp_path):
    app = build(instructor_root(tmp_path))  # reader_edition: "student", the default
    assert app.config.reader_edition == "student" and warned(app) == []
    doctree = app.env.get_doctree("index")
    assert not list(doctree.findall(details))
    assert not [node for node in doctree.findall(nodes.Element) if "instructor-only" in node["classes"]]
    everything = html(app) + (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    assert [text for text in HIDDEN if text in everything] == []
    assert "The second paragraph." in html(app)


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_an_extension_of_the_student_edition_cannot_read_an_answer(tmp_path, edition):
    """The one way the Sphinx process reads the apparatus (`instructor_only.apparatus`) loads it, in the
    student edition, without any instructor-only field: whatever an extension does with it."""
    found = []
    hook = ("env-updated", lambda app, env: found.append(apparatus(env, "tiny")))
    app = build(instructor_root(tmp_path), hooks=[hook], reader_edition=edition)
    assert warned(app) == []
    [tiny] = found
    held = [text for _, text in tiny.hidden()]
    if edition == "student":
        assert set(held) == {""} and tiny.discussion_plan is None and tiny.sample_answers == ()
    else:
        assert all(held) and any("The answer to question 1" in text for text in held)
    assert [q.text for q in tiny.questions] == ["Question 1?", "Question 2?", "Question 3?", "Question 4?"]


BAD_PLACEHOLDERS = """# Tiny

```{model-answer} tiny 99
```

```{model-answer} tiny one
```

```{model-answer} nobody 1
```

```{teaching-notes} nobody
```
"""


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_a_placeholder_naming_no_question_or_no_chapter_is_a_located_warning(tmp_path, monkeypatch, edition):
    monkeypatch.chdir(tmp_path)  # a message names a data file from the project's root, as in the book's build
    app = build(instructor_root(tmp_path, BAD_PLACEHOLDERS), reader_edition=edition)
    assert warned(app) == [
        "index.md:3: WARNING: model-answer: 'tiny' has no question '99' (its questions are 1, 2, 3, 4)",
        "index.md:6: WARNING: model-answer: 'tiny' has no question 'one' (its questions are 1, 2, 3, 4)",
        "index.md:9: WARNING: model-answer: book/apparatus/nobody.yml: file not found",
        "index.md:12: WARNING: teaching-notes: book/apparatus/nobody.yml: file not found",
    ]
    assert not list(app.env.get_doctree("index").findall(details))


def test_an_apparatus_that_breaks_its_schema_is_a_located_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = instructor_root(tmp_path, "# Tiny\n\n```{teaching-notes} tiny\n```\n") / "book" / "apparatus" / "tiny.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("chapter: tiny", "chapter: other"), encoding="utf-8")
    app = build(tmp_path, reader_edition="instructor")
    assert warned(app) == [("index.md:3: WARNING: teaching-notes: book/apparatus/tiny.yml, chapter: chapter is "
                            "'other', expected 'tiny' (the file's name)")]


# ---------------------------------------------------------------- lean


PANDAS = """<style scoped>
    .dataframe tbody tr th:only-of-type {
        vertical-align: middle;
    }
</style>
<table border="1" class="dataframe">
  <thead>
    <tr style="text-align: right;">
      <th></th>
      <th>members</th>
    </tr>
  </thead>
  <tbody>
    <tr>
      <th>1917</th>
      <td>200000</td>
    </tr>
  </tbody>
</table>"""
LEAN_PAGE = ("Lean\n====\n\n.. image:: dot.png\n   :alt: a dot\n\n.. image:: plot.svg\n   :alt: a plot\n\n"
             ".. raw:: html\n\n"
             + "".join(f"   {line}\n" for line in PANDAS.splitlines()))


def test_lean_pages_inline_their_icons_defer_their_scripts_and_size_their_images(tmp_path):
    # with the book's layout template, which leaves the search index to the search page
    shutil.copytree(BOOK / "_templates", tmp_path / "_templates")
    files = {"conf.py": conf("lean", **BOOK_THEME, templates_path=["_templates"]), "index.rst": LEAN_PAGE,
             "dot.png": png(3, 2),
             # as matplotlib writes it: an XML prolog, then the root with its size in points
             "plot.svg": '<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns:xlink="http://www.w3.org/1999/xlink" '
                         'width="360.3pt" height="270pt" viewBox="0 0 360.3 270" xmlns="http://www.w3.org/2000/svg">'
                         '</svg>\n'}
    app = build(root(tmp_path, files))
    assert warned(app) == []
    out, page = Path(app.outdir), html(app)
    # icons: inline SVG drawn from the theme's own fontawesome.js, which no page loads any more
    assert "fontawesome.js" not in page and not (out / "_static" / "scripts" / "fontawesome.js").exists()
    parsed = soup(app)
    styles = {"fa-solid", "fa-regular", "fa-brands", "fas", "far", "fab"}
    left = [el for el in parsed.select("i, span") if styles & set(el.get("class", []))]
    assert left == []
    width, height, path = icon_svg("bars")
    bars = parsed.select_one("svg.svg-inline--fa.fa-bars")
    assert bars["viewbox"] == f"0 0 {width} {height}" and bars.path["d"] == path and bars["aria-hidden"] == "true"
    # scripts: deferred but for the options inline scripts read; search highlighting only on the search page
    scripts = parsed.select("script[src]")
    assert scripts
    for tag in scripts:
        assert tag.has_attr("defer") == ("documentation_options.js" not in tag["src"]), tag
    assert not [tag["src"] for tag in scripts if "doctools.js" in tag["src"] or "sphinx_highlight.js" in tag["src"]]
    assert not [tag["src"] for tag in scripts if "searchindex.js" in tag["src"]]
    search = html(app, "search")
    assert '<script src="_static/doctools.js' in search and 'src="searchindex.js"' in search
    # one stylesheet fewer in the chain, a landmark around the sidebar, no non-standard attribute
    assert "_static/styles/theme.css" not in page
    assert re.search(r'<link href="_static/basic\.css\?v=[0-9a-f]{12}" rel="stylesheet" />', page)
    assert '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar" role="complementary" ' \
           'aria-label="Book">' in page
    assert "autocorrect=" not in page
    # images: their size (no layout shift) and lazy loading
    assert '<img src="_images/dot.png" alt="a dot" width="3" height="2" loading="lazy" decoding="async" />' in page
    # (an SVG's points in CSS pixels: 4/3 each)
    assert '<img src="_images/plot.svg" alt="a plot" width="480" height="360" loading="lazy" ' in page
    # pandas' table: valid HTML, its corner cell named
    table = parsed.select_one("table.dataframe")
    assert not table.has_attr("border") and "<style scoped>" not in page
    assert str(table.select_one("thead th")) == '<th><span class="visually-hidden">Row</span></th>'
    # the icon font keeps only the glyphs the theme's stylesheets name; the theme's template sources go
    assert (out / "_static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2").stat().st_size < 10_000
    assert not (out / "_static" / "webpack-macros.html").exists()
    # Bootstrap's script is left to reader.js; the theme's stylesheet keeps the rules the site can use,
    # linked with a digest of what it holds
    assert "bootstrap.js" not in page and (out / "_static" / "scripts" / "bootstrap.js").is_file()
    theme = out / "_static" / "styles" / "pydata-sphinx-theme.css"
    pruned = theme.read_text(encoding="utf-8")
    assert theme.stat().st_size < (FONTAWESOME.parents[1] / "styles" / theme.name).stat().st_size / 3
    assert ".bd-article{" in pruned and ".form-range{" not in pruned and "--bs-pagination-bg" not in pruned
    digest = hashlib.sha256(pruned.encode("utf-8")).hexdigest()[:12]
    assert f'href="_static/styles/pydata-sphinx-theme.css?v={digest}"' in page


SHEET = ('@charset "utf-8";.used,.unused{color:red}.unused:hover{color:blue}'
         '@media (min-width:1px){.used>.unused{margin:0}.used:not(.unused){margin:1px}}'
         '@keyframes spin{to{transform:rotate(1turn)}}#top,#gone{--used-color:red;--unread:1px;'
         '--icon:url("data:image/svg+xml;charset=utf-8,%3Csvg;%3E");color:var(--used-color)}'
         ".used[data-x='a,b']{background:var(--icon)}")


def test_a_stylesheet_keeps_the_rules_the_site_can_match_and_the_properties_it_reads():
    """A rule stays when one of its selectors needs only names the site uses (what `:not()` or an
    attribute says is not required); grouping blocks are pruned inside, @keyframes kept; custom
    properties nothing reads go (a semicolon in a data URL does not end a declaration)."""
    pruned = stylesheets.prune(SHEET, {"used", "top"})
    assert pruned == ('@charset "utf-8";.used{color:red}@media (min-width:1px){.used:not(.unused){margin:1px}}'
                      "@keyframes spin{to{transform:rotate(1turn)}}#top{--used-color:red;--unread:1px;"
                      '--icon:url("data:image/svg+xml;charset=utf-8,%3Csvg;%3E");color:var(--used-color)}'
                      ".used[data-x='a,b']{background:var(--icon)}")
    assert stylesheets.unread_properties_removed({"a": pruned}, "")["a"] == (
        '@charset "utf-8";.used{color:red}@media (min-width:1px){.used:not(.unused){margin:1px}}'
        "@keyframes spin{to{transform:rotate(1turn)}}#top{--used-color:red;"
        '--icon:url("data:image/svg+xml;charset=utf-8,%3Csvg;%3E");color:var(--used-color)}'
        ".used[data-x='a,b']{background:var(--icon)}")
    assert stylesheets.names_in_page('<p class="a b" id="c">d</p>') == {"a", "b", "c"}


def test_a_rebuild_links_myst_nb_s_stylesheet_as_the_first_build_did(tmp_path):
    """Sphinx adds `?v=` to the link of a stylesheet already in the output folder; myst-nb's is named
    after its content, so that suffix goes, and a rebuild writes the page a first build wrote (the link's
    `?v=` is the digest of the stylesheet as pruned, the same in both)."""
    srcdir = root(tmp_path, {"conf.py": conf("myst_nb", "lean", **BOOK_THEME), "index.rst": "Page\n====\n\nText.\n"})
    first = html(build(srcdir))
    again = build(srcdir, freshenv=True)
    assert warned(again) == [] and html(again) == first
    [link] = soup(again).select('link[href*="mystnb."]')
    assert re.fullmatch(r"_static/mystnb\.[0-9a-f]{64}\.css\?v=[0-9a-f]{12}", link["href"])


def test_a_rebuild_prunes_the_stylesheets_again_only_when_what_they_are_pruned_for_changed(tmp_path, monkeypatch):
    """The pruning is remembered beside the environment: a rebuild whose pages name the same classes
    gives the same stylesheets without pruning them again; a page naming a class the theme styles
    has them pruned again, keeping its rule."""
    srcdir = root(tmp_path, {"conf.py": conf("lean", **BOOK_THEME), "index.rst": "Page\n====\n\nText.\n"})
    first = build(srcdir)
    theme = Path(first.outdir) / "_static" / "styles" / "pydata-sphinx-theme.css"
    pruned = theme.read_bytes()
    assert (Path(first.doctreedir) / "pruned-stylesheets.json").is_file() and b".form-range{" not in pruned
    calls = []
    real = stylesheets.prune
    monkeypatch.setattr(stylesheets, "prune", lambda css, names: calls.append(css) or real(css, names))
    (srcdir / "index.rst").write_text("Page\n====\n\nOther words.\n", encoding="utf-8")
    assert warned(build(srcdir)) == [] and calls == [] and theme.read_bytes() == pruned
    (srcdir / "index.rst").write_text("Page\n====\n\n.. rst-class:: form-range\n\nA range.\n", encoding="utf-8")
    assert warned(build(srcdir)) == [] and calls and ".form-range{" in theme.read_text(encoding="utf-8")


def test_an_unknown_icon_stops_the_build_naming_its_page(tmp_path):
    source = "Icons\n=====\n\n.. raw:: html\n\n   <i class=\"fa-solid fa-no-such-icon\"></i>\n"
    with pytest.raises(ThemeError) as error:
        build(root(tmp_path, {"conf.py": conf("lean", **BOOK_THEME), "index.rst": source}))
    assert str(error.value) == ("An error happened in rendering the page index.\nReason: ExtensionError("
                                f"\"sphinx.lean: no icon 'no-such-icon' in {FONTAWESOME}\")")


def test_the_home_page_redirect_is_a_whole_document(tmp_path, monkeypatch):
    # sphinx-external-toc, which writes the redirect, loads sphinx-multitoc-numbering, which replaces
    # a method of Sphinx's for good: put back after the test
    monkeypatch.setattr(TocTreeCollector, "assign_section_numbers", TocTreeCollector.assign_section_numbers)
    files = {"conf.py": conf("sphinx_external_toc", "lean", **BOOK_THEME, external_toc_path="_toc.yml"),
             "_toc.yml": "format: jb-book\nroot: book/intro\n", "book/intro.rst": "Intro\n=====\n\nText.\n"}
    app = build(root(tmp_path, files))
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n") and "<title>Redirecting to the reader</title>" in page
    assert '<meta http-equiv="Refresh" content="0; url=book/intro.html">' in page
    assert '<main><p><a href="book/intro.html">Continue to the reader</a></p></main>' in page


# ---------------------------------------------------------------- previews


LONG = " ".join(f"word{n}" for n in range(1, 41))  # forty words: a preview keeps thirty-two
PREVIEWS = {
    "index.md": ("# Home\n\n```{toctree}\nchapter\nglossary\npeople\n```\n\n"
                 "See {ref}`the second paragraph <tiny-p-2>`.\n"),
    "chapter.md": (
        "# The chapter\n\n"
        f"(tiny-p-1)=\n{{#p-1 .para .src}}\n[1](#tiny-p-1){{.pnum}} {LONG}\n\n"
        "(tiny-p-2)=\n{#p-2 .para .src}\n[2](#tiny-p-2){.pnum} A {term}`soviet` met; "
        "{ref}`Allende <person-salvador-allende>` spoke; see [¶ 1](#tiny-p-1) and {ref}`the heading <heading>`.\n\n"
        "(heading)=\n## A heading\n\nNo preview for a heading.\n"),
    "glossary.md": ("# Glossary\n\n:::{glossary}\nsoviet\n  A council of delegates, where 1 < 2.\n\n"
                    "  *Used in* the chapter.\n:::\n"),
    "people.md": ("# People\n\n(person-salvador-allende)=\n{.person}\n**Salvador Allende** (1908–1973). "
                  "Chilean Socialist politician.\n"),
    "book/people.yml": ('- name: "Salvador Allende"\n  dates: "1908–1973"\n  line: Chilean Socialist politician, '
                        'elected president in 1970.\n  forms: ["Allende"]\n'),
}


def previews(app, page: str) -> dict:
    script = soup(app, page).select_one('script#reader-previews[type="application/json"]')
    return json.loads(script.string) if script else {}


def test_links_to_terms_people_and_paragraphs_carry_their_previews(tmp_path):
    app = build(root(tmp_path, {**PREVIEWS, "conf.py": conf("myst_parser", "previews", **MYST)}))
    assert warned(app) == []
    words = " ".join(LONG.split()[:32]) + " …"
    assert previews(app, "chapter") == {
        "glossary#term-soviet": {"kind": "term", "title": "soviet", "text": "A council of delegates, where 1 < 2."},
        "people#person-salvador-allende": {
            "kind": "person", "title": "", "text": "Salvador Allende (1908–1973). Chilean Socialist politician, "
                                                   "elected president in 1970."},
        "chapter#tiny-p-1": {"kind": "paragraph", "title": "¶ 1", "text": words},  # its own page: the number says it
    }
    # another page's paragraph is named by its page's title; "<" cannot close the script
    assert previews(app, "index") == {"chapter#tiny-p-2": {
        "kind": "paragraph", "title": "The chapter, ¶ 2",
        "text": "A soviet met; Allende spoke; see ¶ 1 and the heading."}}
    assert "1 \\u003c 2" in html(app, "chapter")
    links = [(a["href"], a.get("data-preview")) for a in soup(app, "chapter").select("div.body a")
             if "headerlink" not in a["class"]]
    assert links == [("#tiny-p-1", None), ("#tiny-p-2", None),  # the paragraph numbers
                     ("glossary.html#term-soviet", "glossary#term-soviet"),
                     ("people.html#person-salvador-allende", "people#person-salvador-allende"),
                     ("#tiny-p-1", "chapter#tiny-p-1"), ("#heading", None)]  # a heading has no preview
    # kept per document in the environment; the people's page depends on people.yml
    assert set(app.env.reader_previews["glossary"]) == {"term-soviet"}
    assert set(app.env.reader_previews["chapter"]) == {"p-1", "tiny-p-1", "p-2", "tiny-p-2"}
    assert str(tmp_path / "book" / "people.yml") in app.env.dependencies["people"]


def test_people_s_previews_without_their_data_file_stop_the_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = {name: text for name, text in PREVIEWS.items() if name != "book/people.yml"}
    with pytest.raises(ExtensionError) as error:
        build(root(tmp_path, {**files, "conf.py": conf("myst_parser", "previews", **MYST)}))
    assert handler_error(error.value, "previews", "doctree-read", "book/people.yml: file not found")


# ---------------------------------------------------------------- cite


CATALOGUE = (Path(__file__).parent / "fixtures" / "tiny-sources.yml").read_text(encoding="utf-8")
CHAPTERS_TOC = ("format: jb-book\nroot: index\nparts:\n  - caption: Sources\n    numbered: 1\n    chapters:\n"
                "      - file: book/chapters/pele\n      - file: book/chapters/tiny\n")
CITED = {
    "index.rst": "The Reader\n==========\n\n.. toctree::\n   :numbered:\n\n   book/chapters/tiny\n",
    "book/chapters/tiny.rst": "On councils & soviets\n=====================\n\nFirst line.\n",
    "book/sources.yml": CATALOGUE, "seeds/tiny.txt": "First line\nLast line\n", "_toc.yml": CHAPTERS_TOC,
}
CITE_CONF = conf("cite", html_title="The <Reader>", author="The editors", copyright="2026",
                 exclude_patterns=["_build", "seeds"])


def citation(app, page: str):
    script = soup(app, page).select_one('script#reader-cite[type="application/json"]')
    return json.loads(script.string) if script else None


def test_a_source_chapter_carries_its_citation_and_the_base_url_gives_previews_and_a_sitemap(tmp_path):
    app = build(root(tmp_path, {**CITED, "conf.py": CITE_CONF}), html_baseurl="https://example.org/reader/")
    assert warned(app) == []
    assert citation(app, "book/chapters/tiny") == {
        "id": "tiny", "authors": ["A. Author", "B. Author"], "title": "[On councils]", "venue": "The Tiny Review",
        "date": "1 May 1921", "chapter": 2, "reader": "The <Reader>",
        "url": "https://example.org/reader/book/chapters/tiny.html"}
    assert citation(app, "index") is None  # not a source chapter
    assert '"reader":"The \\u003cReader>"' in html(app, "book/chapters/tiny")  # no "<" inside the script
    # link-preview tags: the page's title as text (its section number's markup gone), escaped
    tags = re.findall(r'<meta property="og:[^>]*>', html(app, "book/chapters/tiny"))
    assert tags == ['<meta property="og:type" content="article" />',
                    '<meta property="og:site_name" content="The &lt;Reader&gt;" />',
                    '<meta property="og:title" content="1. On councils &amp; soviets" />',
                    '<meta property="og:url" content="https://example.org/reader/book/chapters/tiny.html" />']
    sitemap = (Path(app.outdir) / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap == ('<?xml version="1.0" encoding="UTF-8"?>\n'
                       '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                       "  <url><loc>https://example.org/reader/book/chapters/tiny.html</loc></url>\n"
                       "  <url><loc>https://example.org/reader/index.html</loc></url>\n</urlset>\n")


def test_without_a_base_url_a_citation_takes_the_page_s_own_address_and_there_is_no_sitemap(tmp_path):
    app = build(root(tmp_path, {**CITED, "conf.py": CITE_CONF}))
    assert warned(app) == []
    assert citation(app, "book/chapters/tiny")["url"] == ""
    assert not soup(app, "book/chapters/tiny").select("meta[property]")
    assert not (Path(app.outdir) / "sitemap.xml").exists()


@pytest.mark.parametrize(("venue", "cited"), [
    ("The Tiny Review", "The Tiny Review"),
    ("AllRussias.com, an educational website on Russian history", "AllRussias.com"),
    ("New Anticapitalist Party (NPA), France, in a series; the English translation's publisher is not stated",
     "New Anticapitalist Party (NPA)"),
    ("Not stated in the text (a web page; its timestamps are given in GMT+7)", ""),
    ("An excerpt, with an unnamed editor's introduction, reposted from the essay", ""),
])
def test_a_citation_takes_the_venue_s_first_clause_when_it_names_one(venue, cited):
    assert citable_venue(venue) == cited


@pytest.mark.parametrize(("date", "cited"), [
    ("1 May 1921", "1 May 1921"),
    ("22 January 2024 (the French original, as the byline states)", "22 January 2024"),
    ("18 March 2021 (“Thursday, March 18, 2021, 10:35 (GMT+7)”), the Commune's 150th anniversary", "18 March 2021"),
    ("Essay 1992 (as the introduction states); date of the excerpt not stated", "1992"),
    ("Not stated; the opening implies September 2023, the coup's 50th anniversary", "n.d."),
    ("Not dated; the site's copyright line reads “Copyright 2007-2017”", "n.d."),
])
def test_a_citation_takes_the_first_date_given_or_says_there_is_none(date, cited):
    assert citable_date(date) == cited


def test_a_book_without_a_catalogue_has_no_citations(tmp_path):
    files = {name: text for name, text in CITED.items() if name != "book/sources.yml"}
    app = build(root(tmp_path, {**files, "conf.py": CITE_CONF}))
    assert warned(app) == [] and citation(app, "book/chapters/tiny") is None


def test_a_catalogue_naming_a_missing_seed_stops_the_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = {**CITED, "conf.py": CITE_CONF, "book/sources.yml": CATALOGUE.replace("tiny.txt", "lost.txt")}
    with pytest.raises(ExtensionError) as error:
        build(root(tmp_path, files))
    assert handler_error(error.value, "cite", "html-page-context",
                         "book/sources.yml, sources[0] (id: tiny): unknown seed file 'lost.txt' "
                         f"(not in {tmp_path / 'seeds'})")


# ---------------------------------------------------------------- download_links


DOWNLOADS = {
    "index.rst": "Home\n====\n\n.. toctree::\n\n   book/chapters/tiny\n   book/across/numbers\n",
    "book/chapters/tiny.rst": "Tiny\n====\n\nText.\n",
    "book/across/numbers.rst": "Numbers\n=======\n\nText.\n",
}


def download_links(app, page: str) -> list[tuple[str, str, str]]:
    """(label, href, data-file of its size) of each link above the page's text."""
    line = soup(app, page).select_one("div.body > p.reader-downloads")
    if line is None:
        return []
    assert line.get_text().startswith("Download this chapter: ") and line.find_previous_sibling() is None
    return [(a.get_text(), a["href"], a.find_next_sibling("span", class_="download-size")["data-file"])
            for a in line.select("a[download]")]


NOTEBOOK = ("Notebook with its data (.zip)", "notebooks/chapters/tiny.zip")


@pytest.mark.parametrize(("edition", "made", "expected"), [
    ("student", [], [NOTEBOOK]),
    ("student", ["pdf", "epub"], [NOTEBOOK, ("PDF", "downloads/pdf/chapters/tiny.pdf")]),
    ("instructor", ["pdf", "instructor-pdf"], [NOTEBOOK, ("PDF, instructor edition",
                                                          "downloads/pdf/chapters/tiny-instructor.pdf")]),
], ids=["student", "student-pdf", "instructor-pdf"])
def test_each_chapter_page_links_the_files_its_edition_offers(tmp_path, edition, made, expected):
    app = build(root(tmp_path, {**DOWNLOADS, "conf.py": conf("instructor_only", "download_links")}),
                reader_edition=edition, reader_formats=made)
    assert warned(app) == []
    assert download_links(app, "book/chapters/tiny") == [(label, f"../../{file}", file) for label, file in expected]
    assert download_links(app, "book/across/numbers")[0] == (
        "Notebook with its data (.zip)", "../../notebooks/across/numbers.zip", "notebooks/across/numbers.zip")
    assert download_links(app, "index") == []  # not a chapter page
    spans = soup(app, "book/chapters/tiny").select("span.download-size")
    assert [span.get_text() for span in spans] == [""] * len(expected)  # filled once the files exist


def test_a_change_of_formats_writes_the_pages_again_without_reading_them(tmp_path):
    files = root(tmp_path, {**DOWNLOADS, "conf.py": conf("instructor_only", "download_links")})
    assert [label for label, _, _ in download_links(build(files), "book/chapters/tiny")] == [
        "Notebook with its data (.zip)"]
    read, pages = [], []
    app = build(files, reader_formats=["pdf"], hooks=[reading(read), written(pages)])
    assert read == [[]] and sorted(pages) == ["book/across/numbers", "book/chapters/tiny", "index"]
    assert [label for label, _, _ in download_links(app, "book/chapters/tiny")] == [
        "Notebook with its data (.zip)", "PDF"]


# ---------------------------------------------------------------- print


@pytest.mark.parametrize(("edition", "title", "line"), [
    ("student", "Reading & Writing", "Reading &amp; Writing · Student edition"),
    ("instructor", "Reading & Writing (instructor edition)", "Reading &amp; Writing · Instructor edition"),
], ids=["student", "instructor"])
def test_every_page_opens_with_a_print_only_line_naming_book_and_edition(tmp_path, edition, title, line):
    files = {"index.rst": "Home\n====\n\n.. toctree::\n\n   other\n", "other.rst": "Other\n=====\n\nText.\n",
             "conf.py": conf("instructor_only", "print")}
    app = build(root(tmp_path, files), reader_edition=edition, html_title=title)
    assert warned(app) == []
    for page in ("index", "other"):
        first = soup(app, page).select_one("div.body").find(True)
        assert str(first) == f'<p class="reader-print-only reader-edition-line">{line}</p>', page
    assert "reader-edition-line" not in html(app, "search")  # a page with no body of its own


def test_the_print_line_is_the_html_builder_s_only(tmp_path):
    files = {"index.rst": "Home\n====\n\nText.\n", "conf.py": conf("instructor_only", "print")}
    app = build(root(tmp_path, files), "singlehtml")
    assert "reader-edition-line" not in html(app)


# ---------------------------------------------------------------- launch


LAUNCH = {
    "index.rst": "Home\n====\n\n.. toctree::\n\n   book/chapters/baserli\n",
    "book/chapters/baserli.rst": "Baserli\n=======\n\nText.\n",
    "_toc.yml": CHAPTERS_TOC.replace("tiny", "baserli"),
}


def launch_links(app, page: str = "book/chapters/baserli") -> dict[str, str]:
    line = soup(app, page).select_one("div.body > p.reader-launch-buttons")
    if line is None:
        return {}
    assert line.get_text().startswith("Run this chapter’s notebook online: ")
    return {a.get_text(): a["href"] for a in line.select("a.reader-launch")}


@pytest.mark.parametrize(("repository", "toc", "expected"), [
    ("someone/reader-notebooks", True, {
        "Binder": "https://mybinder.org/v2/gh/someone/reader-notebooks/main?labpath=02-baserli.ipynb",
        "Colab": "https://colab.research.google.com/github/someone/reader-notebooks/blob/main/02-baserli.ipynb"}),
    ("someone/reader-notebooks@gh-pages", True, {
        "Binder": "https://mybinder.org/v2/gh/someone/reader-notebooks/gh-pages?labpath=02-baserli.ipynb",
        "Colab": "https://colab.research.google.com/github/someone/reader-notebooks/blob/gh-pages/02-baserli.ipynb"}),
    ("someone/reader-notebooks", False, {  # no table of contents: no chapter number
        "Binder": "https://mybinder.org/v2/gh/someone/reader-notebooks/main?labpath=baserli.ipynb",
        "Colab": "https://colab.research.google.com/github/someone/reader-notebooks/blob/main/baserli.ipynb"}),
    ("", True, {}),  # the default: no buttons
], ids=["main", "branch", "no-toc", "off"])
def test_launch_buttons_open_the_chapter_s_student_notebook(tmp_path, repository, toc, expected):
    files = {name: text for name, text in LAUNCH.items() if toc or name != "_toc.yml"}
    app = build(root(tmp_path, {**files, "conf.py": conf("launch")}), reader_student_repository=repository)
    assert warned(app) == []
    assert launch_links(app) == expected
    assert launch_links(app, "index") == {}  # not a chapter page
    assert "mybinder" not in html(app, "index")


def test_a_table_of_contents_without_parts_stops_the_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = {**LAUNCH, "conf.py": conf("launch"), "_toc.yml": "format: jb-book\nroot: index\n"}
    with pytest.raises(ExtensionError) as error:
        build(root(tmp_path, files), reader_student_repository="someone/reader-notebooks")
    assert handler_error(error.value, "launch", "html-page-context",
                         "_toc.yml: expected a mapping with a list `parts` (format: jb-book)")


# ---------------------------------------------------------------- tables


STYLER = '<style type="text/css">\n</style>\n<table id="T_plain">\n  <tr><td>1,917</td></tr>\n</table>\n'
STYLED = ('<style type="text/css">\n#T_red td { color: red; }\n</style>\n'
          '<table id="T_red">\n  <tr><td>1</td></tr>\n</table>\n')


def test_an_empty_styler_stylesheet_is_dropped_from_the_page_and_a_real_one_kept(tmp_path):
    def output(text):
        return nbformat.v4.new_output("execute_result", {"text/html": text, "text/plain": "<Styler>"},
                                      execution_count=1)

    cells = [nbformat.v4.new_markdown_cell("# Tables"),
             nbformat.v4.new_code_cell("table.style", outputs=[output(STYLER)], execution_count=1),
             nbformat.v4.new_code_cell("table.style", outputs=[output(STYLED)], execution_count=1)]
    files = {"conf.py": conf("myst_nb", "tables", nb_execution_mode="off"),
             "index.ipynb": nbformat.writes(nbformat.v4.new_notebook(cells=cells, metadata=KERNEL))}
    app = build(root(tmp_path, files))
    assert warned(app) == []
    outputs = soup(app).select("div.output.text_html")
    assert [box.find(True).name for box in outputs] == ["table", "style"]
    assert outputs[0].select_one("table#T_plain td").get_text() == "1,917"
    assert str(outputs[1].style) == '<style type="text/css">\n#T_red td { color: red; }\n</style>'
    assert html(app).count('<style type="text/css">') == 1
    # only the page loses it: the doctree (and the notebook) keep what the notebook stored
    stored = [node.astext() for node in app.env.get_doctree("index").findall() if node.tagname == "raw"]
    assert any(text.startswith('<style type="text/css">\n</style>') for text in stored)


def test_wide_tables_are_marked_as_cards_with_each_cell_labelled(tmp_path):
    """Four columns or more: the table is marked and each body cell carries its column's heading as
    plain text; a narrower table, and a table with merged cells, are left as they are."""
    wide = ("| Source | Date *as stated* | Place | Purpose |\n| --- | --- | --- | --- |\n"
            "| Henry | 2023 | | To recruit |\n")
    narrow = "| a | b | c |\n| --- | --- | --- |\n| 1 | 2 | 3 |\n"
    styler = ('<table id="T_wide">\n  <thead>\n    <tr>\n'
              + "".join(f'      <th id="T_wide_level0_col{i}" class="col_heading level0 col{i}" >{name}</th>\n'
                        for i, name in enumerate(["period", "value", "a &amp; b", "source"]))
              + '    </tr>\n  </thead>\n  <tbody>\n    <tr>\n'
              + "".join(f'      <td id="T_wide_row0_col{i}" class="data row0 col{i}" >{value}</td>\n'
                        for i, value in enumerate(["1917", "12,000", "", "text"]))
              + "    </tr>\n  </tbody>\n</table>\n")
    merged = ('<table><thead><tr><th>a</th><th>b</th><th>c</th><th>d</th></tr></thead>'
              '<tbody><tr><td colspan="4">x</td></tr></tbody></table>')

    def output(text):
        return nbformat.v4.new_output("execute_result", {"text/html": text, "text/plain": "<Styler>"},
                                      execution_count=1)

    cells = [nbformat.v4.new_markdown_cell(f"# Tables\n\n{wide}\n{narrow}"),
             nbformat.v4.new_code_cell("table.style", outputs=[output(styler)], execution_count=1),
             nbformat.v4.new_code_cell("other", outputs=[output(merged)], execution_count=1)]
    files = {"conf.py": conf("myst_nb", "tables", nb_execution_mode="off", myst_enable_extensions=[]),
             "index.ipynb": nbformat.writes(nbformat.v4.new_notebook(cells=cells, metadata=KERNEL))}
    app = build(root(tmp_path, files))
    assert warned(app) == []
    tables = soup(app).select("table")
    assert [table.get("class") for table in tables] == [["docutils", "align-default", "reader-cards"],
                                                        ["docutils", "align-default"], ["reader-cards"], None]
    assert [td.get("data-label") for td in tables[0].select("tbody td")] == ["Source", "Date as stated", "Place",
                                                                              "Purpose"]
    assert str(tables[0].select("tbody td")[2]) == '<td data-label="Place"></td>'
    assert [td.get("data-label") for td in tables[2].select("tbody td")] == ["period", "value", "a & b", "source"]
    assert '<td id="T_wide_row0_col2" class="data row0 col2" data-label="a &amp; b"></td>' in html(app)
    assert not tables[1].select("[data-label]") and not tables[3].select("[data-label]")


# ---------------------------------------------------------------- nav


NAV = {
    "index.rst": ("Home\n====\n\n.. toctree::\n   :caption: Sources\n   :numbered:\n\n   book/chapters/a\n"
                  "   book/chapters/b\n\n.. toctree::\n   :caption: Back matter\n\n   book/back/c\n"),
    "book/chapters/a.rst": "Alpha\n=====\n\nText.\n\nA section\n---------\n\nMore.\n",
    "book/chapters/b.rst": "Beta\n====\n\nText.\n",
    "book/back/c.rst": "Gamma\n=====\n\nText.\n",
}


def sidebar(app, page: str) -> str:
    return str(soup(app, page).select_one("nav.bd-docs-nav"))


def test_the_navigation_rendered_once_per_folder_marks_each_page_as_the_theme_does(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_CHECK_NAV", "1")  # the extension compares each page with the theme's own
    folders = []
    render = nav._folder_navigation
    monkeypatch.setattr(nav, "_folder_navigation", lambda app, folder, *args: folders.append(folder) or render(
        app, folder, *args))
    ours = build(root(tmp_path / "with", {**NAV, "conf.py": conf("nav", **BOOK_THEME)}))
    theirs = build(root(tmp_path / "without", {**NAV, "conf.py": conf(**BOOK_THEME)}))
    assert warned(ours) == []
    # rendered once per folder for the six pages (the home page, search and the index share the top folder)
    assert sorted(folders) == ["", "book/back", "book/chapters"]
    entries = {"index": [], "book/chapters/a": [("#", "1. Alpha")], "book/chapters/b": [("#", "2. Beta")],
               "book/back/c": [("#", "Gamma")]}  # the home page is in no table of contents: nothing current
    for page, entry in entries.items():
        assert sidebar(ours, page) == sidebar(theirs, page), page
        current = soup(ours, page).select("nav.bd-docs-nav li.current.active > a.current")
        assert [(a["href"], a.get_text(" ", strip=True)) for a in current] == entry, page


def test_a_navigation_that_differs_from_the_theme_s_stops_the_build_at_its_page(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_CHECK_NAV", "1")
    monkeypatch.setattr(nav, "mark_current", lambda navigation, href: navigation)  # marks nothing
    with pytest.raises(ExtensionError) as error:
        build(root(tmp_path, {**NAV, "conf.py": conf("nav", **BOOK_THEME)}))
    assert str(error.value) == ("book/back/c: the cached sidebar navigation differs from the theme's at line 7: "
                                """['<ul class="nav bd-sidenav">'] instead of """
                                """['<ul class="current nav bd-sidenav">']""")


# ---------------------------------------------------------------- incremental


REBUILT = {
    "conf.py": conf("incremental"),
    "index.rst": "Home\n====\n\n.. toctree::\n\n   a\n   b\n",
    # both chapters define the short label p-1, as every chapter of the book does
    "a.rst": "Alpha\n=====\n\n.. _p-1:\n\nThe first paragraph of alpha.\n",
    "b.rst": ("Beta\n====\n\n.. index:: single: Kronstadt\n\n.. _p-1:\n\nThe first paragraph of beta, after "
              ":doc:`a`.\n"),
}


def site(app) -> dict[str, bytes]:
    out = Path(app.outdir)
    return {str(path.relative_to(out)): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    later = path.stat().st_mtime + 2  # newer than the last read, however coarse the clock of the file system
    os.utime(path, (later, later))


def fresh(srcdir: Path) -> dict[str, bytes]:
    """The site a build from nothing gives."""
    shutil.rmtree(srcdir / "_build")
    return site(build(srcdir))


def test_an_edit_inside_a_page_writes_that_page_and_gives_the_site_a_full_build_gives(tmp_path):
    """Only the edited page is written again, and the page whose table of contents lists it, which
    Sphinx always writes; the site is byte for byte a fresh build's, the search index's index entries
    of the pages not written included (Sphinx 7.4 drops them: sphinx-doc/sphinx#12599), and the
    shared short label still points where a full read leaves it (at the last document by name)."""
    srcdir = root(tmp_path, REBUILT)
    first = build(srcdir)
    assert warned(first) == [] and first.env.domaindata["std"]["anonlabels"]["p-1"] == ("b", "p-1")
    edit(srcdir / "a.rst", "first paragraph", "first, edited paragraph")
    read, pages = [], []
    again = build(srcdir, hooks=[reading(read), written(pages)])
    assert warned(again) == [] and read == [["a"]] and sorted(pages) == ["a", "index"]
    assert "what other pages show" not in again.status.getvalue()
    assert again.env.domaindata["std"]["anonlabels"]["p-1"] == ("b", "p-1")
    assert "first, edited paragraph" in html(again, "a")
    index = (Path(again.outdir) / "searchindex.js").read_text(encoding="utf-8")
    assert '"indexentries": {"kronstadt": [[1, "index-0", false]]}' in index  # b's, b not written
    partial = site(again)
    full = fresh(srcdir)
    assert sorted(partial) == sorted(full)
    assert [name for name in full if full[name] != partial[name]] == []


def test_an_edit_that_changes_what_other_pages_show_writes_every_page(tmp_path):
    srcdir = root(tmp_path, REBUILT)
    build(srcdir)
    edit(srcdir / "a.rst", "Alpha\n=====", "Alpha renamed\n=============")
    read, pages = [], []
    again = build(srcdir, hooks=[reading(read), written(pages)])
    assert warned(again) == [] and read == [["a"]] and sorted(pages) == ["a", "b", "index"]
    assert "what other pages show of a changed: every page is written again" in again.status.getvalue()
    link = soup(again, "b").select_one('div.body a[href="a.html"]')
    assert link.get_text() == "Alpha renamed"  # b, not read again, shows a's new title
    partial = site(again)
    full = fresh(srcdir)
    assert [name for name in full if full.get(name) != partial.get(name)] == []


def test_a_word_an_edit_took_out_is_not_left_in_the_search_index(tmp_path):
    """Sphinx keeps a word no page holds any more with an empty page list (`"persuas": []`): after an
    edit and its undoing, the rebuilt index is a fresh build's, without the word."""
    srcdir = root(tmp_path, REBUILT)
    build(srcdir)
    edit(srcdir / "a.rst", "first paragraph", "first, persuasively written paragraph")
    assert '"persuas"' in (Path(build(srcdir).outdir) / "searchindex.js").read_text(encoding="utf-8")
    edit(srcdir / "a.rst", "first, persuasively written paragraph", "first paragraph")
    partial = (Path(build(srcdir).outdir) / "searchindex.js").read_bytes()
    assert b"persuas" not in partial
    assert partial == fresh(srcdir)["searchindex.js"]


def test_without_the_extension_sphinx_loses_the_index_entries_of_pages_not_written(tmp_path):
    """What `incremental` repairs, so that its test above is not vacuous: when this fails, a pinned
    Sphinx has fixed sphinx-doc/sphinx#12599 and `keep_index_entries` can go."""
    srcdir = root(tmp_path, {**REBUILT, "conf.py": conf()})
    before = (Path(build(srcdir).outdir) / "searchindex.js").read_text(encoding="utf-8")
    edit(srcdir / "a.rst", "first paragraph", "first, edited paragraph")
    after = (Path(build(srcdir).outdir) / "searchindex.js").read_text(encoding="utf-8")
    assert '"indexentries": {"kronstadt": [[1, "index-0", false]]}' in before
    assert '"indexentries": {}' in after


# ---------------------------------------------------------------- epub


EPUB = {
    # with the settings of the book's EPUB (exports.epub.epub_config) that shape its contents
    "conf.py": conf("myst_nb", "epub", author="The editors", copyright="2026", version="1", nb_execution_mode="off",
                    epub_tocscope="includehidden", epub_tocdup=False, epub_use_index=False),
    "index.rst": ("The Reader\n==========\n\n.. toctree::\n   :caption: Sources\n\n   one\n   two\n\n"
                  ".. toctree::\n   :caption: Back matter\n\n   downloads\n"),
    "one.rst": "One\n===\n\nText.\n",
    "two.rst": "Two\n===\n\nText.\n",
    "downloads.rst": ('Downloads\n=========\n\n.. raw:: html\n\n   <div class="reader-download-list"><p>'
                      '<a href="x.zip" download>x.zip</a></p></div>\n'),
}

NCX = "{http://www.daisy.org/z3986/2005/ncx/}"


def test_the_epub_contents_give_each_part_with_its_pages_and_no_missing_file(tmp_path):
    app = build(root(tmp_path, EPUB), "epub")
    assert warned(app) == []
    out = Path(app.outdir)
    nav_page = BeautifulSoup((out / "nav.xhtml").read_text(encoding="utf-8"), "html.parser")

    def entries(ol):
        return [(li.a["href"], li.a.get_text(strip=True), entries(li.ol) if li.ol else [])
                for li in ol.find_all("li", recursive=False)]

    assert entries(nav_page.select_one("nav ol")) == [
        ("index.xhtml", "The Reader", []),  # the root page, then each part leading to its first page's top
        ("one.xhtml#one", "Sources", [("one.xhtml", "One", []), ("two.xhtml", "Two", [])]),
        ("downloads.xhtml#downloads", "Back matter", [("downloads.xhtml", "Downloads", [])]),
    ]
    ncx = ElementTree.parse(out / "toc.ncx").getroot()

    def points(parent):
        return [(point.find(f"{NCX}content").get("src"), point.findtext(f"{NCX}navLabel/{NCX}text"), points(point))
                for point in parent.findall(f"{NCX}navPoint")]

    assert points(ncx.find(f"{NCX}navMap")) == entries(nav_page.select_one("nav ol"))  # EPUB 2's contents too
    # no link to myst-nb's stylesheet, written only after the EPUB is packed; the download list named as online
    pages = {name: (out / f"{name}.xhtml").read_text(encoding="utf-8") for name in ("index", "one", "downloads")}
    assert not [name for name, page in pages.items() if "mystnb." in page]
    assert "reader-download-list" not in pages["downloads"]
    assert "<p><em>In this EPUB: the list of files is on this page of the reader's website.</em></p>" in pages[
        "downloads"]


def test_the_website_keeps_the_download_list_and_the_stylesheet(tmp_path):
    app = build(root(tmp_path, EPUB))
    assert warned(app) == []
    assert soup(app, "downloads").select_one("div.reader-download-list a")["href"] == "x.zip"
    assert soup(app).select('link[href^="_static/mystnb."]')
