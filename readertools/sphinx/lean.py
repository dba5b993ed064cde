"""Sphinx extension: a light page. The theme's look and features, without its dead weight.

- **Icons as inline SVG.** The theme draws a dozen icons with `fontawesome.js` (1.5 MB, for the
  whole Font Awesome set). Each `<i class="fa-solid fa-…">` of a finished page becomes an inline
  `<svg>` whose path comes from the theme's own copy of that script (Font Awesome Free, CC BY 4.0
  for the icons), and the script is no longer loaded. An icon that cannot be found stops the build.
- **No render-blocking chain.** The theme's `theme.css` only `@import`s Sphinx's `basic.css`; pages
  link `basic.css` directly, one request and one round trip fewer.
- **Deferred scripts.** Every script file but `documentation_options.js` (which inline scripts
  need at once) loads with `defer`, so no script blocks the first paint.
- **Search highlighting on demand.** `doctools.js` and `sphinx_highlight.js` only mark the words
  of a search on the page a result leads to; `reader.js` loads them on such a visit.
- **The search index only on the search page** (`book/_templates/layout.html`: the theme loads it
  on every page for a search-as-you-type mode that is off).
- **The icon font, subset.** The theme's stylesheet still draws a few icons with the Font Awesome
  web font (admonition titles, breadcrumbs, external links): after the build each font file keeps
  only the glyphs that the theme's stylesheets name (156 KB becomes a few KB).
- **The theme's stylesheets, pruned.** After the build, the theme's stylesheets (and Sphinx's, and
  myst-nb's) keep only the rules the site's pages and scripts can match (`sphinx.stylesheets`), and
  every page links them with a digest of what they now hold (`?v=`), so that a browser's cached copy
  never outlives the pages it was pruned for: 64 KB of a first visit's 120 KB (gzip) becomes 14 KB.
  A rebuild whose pages and scripts name the same classes and properties reuses the last pruning,
  remembered beside the Sphinx environment.
- **Bootstrap's script on demand.** pydata-sphinx-theme loads Bootstrap's script (23 KB gzip) for
  its tooltips, dropdowns and "back to top" button only; pages no longer load it, and `reader.js`
  makes the button itself and loads the script when a tooltip's or a dropdown's element is first
  pointed at, focused or clicked.
- **Images** get their width and height (no layout shift; `reader.css` keeps the proportion they
  give at every width) and load lazily. A notebook's SVG plot is sized from its root element (points
  become CSS pixels, 4/3 each).
- **One link to a file named after its content.** Sphinx adds `?v=` to the link of myst-nb's
  stylesheet (`mystnb.<sha256>.css`) only when the file is already in the output folder, so a first
  build and a rebuild wrote different pages; the name already changes with the content, and the
  suffix goes.
- **Valid HTML** where the parts disagree with the standard: a notebook cell's "show code"
  summary holds spans, not paragraphs; pandas' tables lose their obsolete `border` and scoped
  `<style>` (`reader.css` styles them) and name their empty corner cell; the primary sidebar is
  a landmark, so nothing on a page stands outside one (axe's rules of every impact); the search
  field loses Safari's non-standard `autocorrect`; the theme's template sources are not copied
  into the site; the home page redirect is a whole HTML document.

Nothing here patches an installed package: the theme's templates are overridden in
`book/_templates/`, and finished pages pass through `lean_page` on their way to the disk.

Couplings (`requirements.txt` pins both): the theme's scripts as `sphinx.stylesheets` reads them
(the class names a script adds are among its words); Bootstrap 5's `data-bs-toggle` triggers and
pydata-sphinx-theme 0.17.1's `#pst-back-to-top` behaviour, which `reader.js` repeats; Sphinx 7.4.7's
private `sphinx.builders.html._assets._JavaScript` (rebuilt with `defer`) and its builder's
`templates.render` (wrapped); pydata-sphinx-theme 0.17.1's file layout (`scripts/fontawesome.js`,
whose icon table `ICON_DATA` parses, the Font Awesome web fonts under
`_static/vendor/fontawesome/webfonts`, the two stylesheets in `STYLESHEETS`, and `theme.css` holding
only the `@import` of `basic.css`) and its markup (`PRIMARY_SIDEBAR`). Check them when either pin
moves: v0.20 of the theme moves to Font Awesome 7, whose script differs.
"""

import hashlib
import json
import re
import struct
from functools import cache
from pathlib import Path

import pydata_sphinx_theme
from fontTools import subset
from sphinx.builders.html._assets import _JavaScript
from sphinx.errors import ExtensionError

from readertools.sphinx import stylesheets

FONTAWESOME = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
               / "scripts" / "fontawesome.js")
ICON = re.compile(r'<(?P<tag>i|span) class="(?P<classes>[^"]*'
                  r'\b(?:fa-solid|fa-regular|fa-brands|fas|far|fab)\b[^"]*)"(?P<attrs>[^>]*)>\s*</(?P=tag)>')
FONTAWESOME_SCRIPT = re.compile(r'\s*<script[^>]*src="[^"]*fontawesome\.js[^"]*"[^>]*>\s*</script>')
BOOTSTRAP_SCRIPT = re.compile(r'\s*<link rel="preload" as="script" href="[^"]*scripts/bootstrap\.js[^"]*" />'
                              r'|\s*<script[^>]*src="[^"]*scripts/bootstrap\.js[^"]*"[^>]*>\s*</script>')
HASHED_VERSION = re.compile(r'(?P<file>_static/[\w.-]+\.[0-9a-f]{64}\.(?:css|js))\?v=[0-9a-f]+')
THEME_CSS = re.compile(r'<link href="(?P<root>[^"]*)_static/styles/theme\.css[^"]*" rel="stylesheet" />')
MODIFIERS = {"fa-lg", "fa-fw", "fa-xs", "fa-sm", "fa-xl", "fa-2x", "fa-solid", "fa-regular", "fa-brands",
             "fas", "far", "fab"}
IMG = re.compile(r'<img (?P<attrs>[^>]*?)src="(?P<src>[^"]+\.(?:png|svg))"(?P<rest>[^>]*?)\s*/?>')
SVG_ROOT = re.compile(r"<svg\b[^>]*>")
SVG_LENGTH = re.compile(r'\s(?P<name>width|height)="(?P<value>[0-9.]+)(?P<unit>pt|px)?"')
CSS_PIXELS = {"pt": 4 / 3, "px": 1, None: 1}
SYNC_SCRIPTS = {"_static/documentation_options.js"}
# Needed only to highlight the words of a search on the page a result leads to: reader.js loads
# them on such a visit (the search page itself keeps every script of Sphinx's search).
ON_DEMAND = {"_static/doctools.js", "_static/sphinx_highlight.js"}


@cache
def _fontawesome() -> str:
    return FONTAWESOME.read_text(encoding="utf-8")


ICON_DATA = re.compile(r'\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","(M[^"]+)"\]')


@cache
def icon_svg(name: str) -> tuple[int, int, str]:
    """(width, height, path) of a Font Awesome icon, read from the theme's own fontawesome.js: the
    first `"name":[…]` or `name:[…]` entry (found with str.find: a regular expression scanning the
    1.5 MB script took 40 ms an icon)."""
    script, start = _fontawesome(), 0
    while True:
        quoted, bare = script.find(f'"{name}":[', start), script.find(f"{name}:[", start)
        found = min((at for at in (quoted, bare) if at != -1), default=-1)
        if found == -1:
            raise ExtensionError(f"sphinx.lean: no icon {name!r} in {FONTAWESOME}")
        data = found + (len(name) + 3 if found == quoted else len(name) + 1)  # at the "["
        boundary = found == quoted or found == 0 or not (script[found - 1].isalnum() or script[found - 1] in "-_")
        entry = ICON_DATA.match(script, data) if boundary else None
        if entry:
            return int(entry[1]), int(entry[2]), entry[3]
        start = found + 1


def _inline_icon(match: re.Match) -> str:
    classes = match["classes"].split()
    name = next(c for c in classes if c.startswith("fa-") and c not in MODIFIERS)
    width, height, path = icon_svg(name.removeprefix("fa-"))
    kept = ["svg-inline--fa", name]
    kept += [c for c in classes if c in {"fa-lg", "fa-fw"} or not c.startswith("fa")]
    attrs = re.sub(r'\s+title="[^"]*"', "", match["attrs"])  # the button around it has the name
    return (f'<svg class="{" ".join(kept)}" viewBox="0 0 {width} {height}" aria-hidden="true" '
            f'focusable="false"{attrs}><path fill="currentColor" d="{path}"/></svg>')


AUTOCORRECT = re.compile(r'\s+autocorrect="[^"]*"')
SUMMARY_P = re.compile(r'<p class="(?P<classes>(?:collapsed|expanded) admonition-title)">(?P<text>[^<]*)</p>')
PANDAS_STYLE = re.compile(r'<style scoped>\s*\.dataframe tbody tr th:only-of-type \{[^<]*</style>\s*')
PANDAS_TABLE = re.compile(r'<table border="1" class="dataframe')
PANDAS_CORNER = re.compile(r'(<table class="dataframe">\s*<thead>\s*<tr[^>]*>\s*)<th></th>')
PANDAS_HEAD = re.compile(r'<table class="dataframe">\s*<thead>.*?</thead>', re.DOTALL)
PRIMARY_SIDEBAR = '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">'


def valid_body(html: str) -> str:
    html = SUMMARY_P.sub(r'<span class="\g<classes>">\g<text></span>', html)
    html = PANDAS_STYLE.sub("", html)
    html = PANDAS_TABLE.sub('<table class="dataframe', html)
    # the empty corner above pandas' row labels: named for screen readers (axe: empty-table-header)
    html = PANDAS_CORNER.sub(r'\1<th><span class="visually-hidden">Row</span></th>', html)
    # and the blank cells of a second header row (a pivot table's index name) are no headers
    return PANDAS_HEAD.sub(lambda m: m[0].replace("<th></th>", "<td></td>"), html)


def lean_page(html: str) -> str:
    """A finished page without the icon script, with inline icons and no @import chain."""
    html = FONTAWESOME_SCRIPT.sub("", html)
    html = BOOTSTRAP_SCRIPT.sub("", html)  # reader.js loads it when a tooltip or dropdown needs it
    html = AUTOCORRECT.sub("", html)
    # the sidebar's book title and search button sit outside any landmark (axe: region)
    html = html.replace(PRIMARY_SIDEBAR, PRIMARY_SIDEBAR[:-1] + ' role="complementary" aria-label="Book">')
    html = THEME_CSS.sub(r'<link href="\g<root>_static/basic.css" rel="stylesheet" />', html)
    html = HASHED_VERSION.sub(r"\g<file>", html)
    return ICON.sub(_inline_icon, html)


def _png_size(path: Path) -> tuple[int, int] | None:
    with path.open("rb") as file:
        head = file.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def _svg_size(path: Path) -> tuple[int, int] | None:
    """An SVG's size in CSS pixels, from its root element's width and height (matplotlib's are in pt)."""
    with path.open(encoding="utf-8", errors="replace") as file:
        root = SVG_ROOT.search(file.read(4096))
    lengths = {m["name"]: float(m["value"]) * CSS_PIXELS[m["unit"]]
               for m in SVG_LENGTH.finditer(root[0] if root else "")}
    if "width" not in lengths or "height" not in lengths:
        return None
    return round(lengths["width"]), round(lengths["height"])


def defer_scripts(app, pagename, templatename, context, doctree):
    """Every script file loads with `defer`, but the options that inline scripts read at once; the
    search-highlighting scripts are left to reader.js."""
    if pagename == "search":  # Sphinx's search scripts there expect doctools.js at once
        return
    scripts = []
    for script in context.get("script_files", []):
        if script.filename in ON_DEMAND:
            continue
        if script.filename and script.filename not in SYNC_SCRIPTS and "async" not in script.attributes:
            script = _JavaScript(script.filename, priority=script.priority,
                                 **{**script.attributes, "defer": "defer"})
        scripts.append(script)
    context["script_files"] = scripts


def tidy_body(app, pagename, templatename, context, doctree):
    """The page's body as valid HTML, with its images sized and loaded lazily."""
    if "body" in context:
        context["body"] = valid_body(context["body"])
        context["body"] = IMG.sub(lambda m: _sized_image(app, m), context["body"])


def _sized_image(app, match: re.Match) -> str:
    """An output image with its size (no layout shift when it arrives), loaded only when near."""
    attrs = (match["attrs"] + match["rest"]).strip()
    if "width=" not in attrs:
        sources = {dest: src for src, dest in app.builder.images.items()}
        source = sources.get(match["src"].rsplit("/", 1)[-1])
        path = Path(app.srcdir) / source if source else None
        measure = _svg_size if match["src"].endswith(".svg") else _png_size
        size = measure(path) if path and path.is_file() else None
        if size:
            attrs += f' width="{size[0]}" height="{size[1]}"'
    if "loading=" not in attrs:
        attrs += ' loading="lazy" decoding="async"'
    return f'<img src="{match["src"]}" {attrs} />'


def wrap_render(app):
    """Pass every finished HTML page through `lean_page`."""
    if app.builder.format != "html" or not hasattr(app.builder, "templates"):
        return
    templates = app.builder.templates
    render = templates.render

    def render_lean(template, context):
        return lean_page(render(template, context))

    templates.render = render_lean


WEBFONTS = Path("_static") / "vendor" / "fontawesome" / "webfonts"
STYLESHEETS = ("_static/styles/pydata-sphinx-theme.css", "_static/styles/sphinx-book-theme.css")
PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]|\\(f[0-9a-fA-F]{3}|e[0-9a-fA-F]{3})\b")


RULE = re.compile(r"(?P<selector>[^{}]+)\{(?P<body>[^{}]*)\}")


def icon_codepoints(outdir: Path) -> set[int]:
    """The icon glyphs that the theme's own rules use (literally or as CSS escapes).

    The theme's stylesheet also bundles Font Awesome's stylesheet, a `.fa-<name>` rule for every
    icon of the set; those rules are what `<i class="fa-…">` would use, and every such element is an
    inline SVG now, so they are left out.
    """
    found = set()
    for name in STYLESHEETS:
        path = outdir / name
        if not path.is_file():
            continue
        for rule in RULE.finditer(path.read_text(encoding="utf-8")):
            if ".fa-" in rule["selector"]:
                continue
            for match in PRIVATE_USE.finditer(rule["body"]):
                found.add(int(match[1], 16) if match[1] else ord(match[0]))
    return found


def subset_icon_fonts(app, exception):
    """Cut the theme's icon fonts down to the glyphs its stylesheets use; drop the unused script."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    codepoints = icon_codepoints(outdir)
    for font in sorted((outdir / WEBFONTS).glob("fa-*")):
        if font.suffix not in {".woff2", ".ttf"}:
            continue
        options = subset.Options()
        options.flavor = "woff2" if font.suffix == ".woff2" else None
        options.layout_features = []  # no ligatures: they would keep every icon
        loaded = subset.load_font(str(font), options)
        cmap = loaded.getBestCmap() or {}
        wanted = codepoints & set(cmap)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted or {0x20})
        subsetter.subset(loaded)
        subset.save_font(loaded, str(font), options)
    for script in (outdir / "_static" / "scripts").glob("fontawesome.js*"):
        script.unlink()  # never loaded now (1.5 MB and its 1.7 MB source map)
    for template in ("webpack-macros.html", "sbt-webpack-macros.html"):
        (outdir / "_static" / template).unlink(missing_ok=True)  # the themes' Jinja sources, not pages
    _whole_redirect(outdir / "index.html")


# The stylesheets pruned after the build (reader.css is the reader's own, every rule of it in use).
PRUNED = re.compile(r"_static/(?:styles/pydata-sphinx-theme\.css|styles/sphinx-book-theme\.css|basic\.css|"
                    r"pygments\.css|mystnb\.[0-9a-f]{64}\.css)")
PRUNED_LINK = re.compile(r'(?P<link>href="[^"]*(?P<file>' + PRUNED.pattern + r'))(?:\?[^"]*)?"')


def prune_stylesheets(app, exception):
    """Each pruned stylesheet keeps the rules the site can use; each page links it with its digest."""
    if exception is not None or app.builder.name != "html":  # not the EPUB's pages (.xhtml)
        return
    outdir = Path(app.outdir)
    pages = {path: path.read_text(encoding="utf-8") for path in sorted(outdir.rglob("*.html"))}
    scripts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(outdir.glob("_static/**/*.js"))]
    names = set().union(*map(stylesheets.names_in_page, pages.values()), *map(stylesheets.names_in_script, scripts))
    css = sorted(outdir.glob("_static/**/*.css"))
    files = {path.relative_to(outdir).as_posix(): path.read_text(encoding="utf-8")
             for path in css if PRUNED.search(path.as_posix())}
    others = [path.read_text(encoding="utf-8") for path in css if PRUNED.search(path.as_posix()) is None]
    readers = "".join([*pages.values(), *scripts, *others])  # reader.css among the others: all in use
    pruned = _remembered_pruning(Path(app.doctreedir) / "pruned-stylesheets.json", files, names, readers)
    digests = {}
    for name, css in pruned.items():
        (outdir / name).write_text(css, encoding="utf-8")
        digests[name] = hashlib.sha256(css.encode("utf-8")).hexdigest()[:12]
    for path, html in pages.items():
        linked = PRUNED_LINK.sub(lambda m: f'{m["link"]}?v={digests.get(m["file"], "0")}"', html)
        if linked != html:
            path.write_text(linked, encoding="utf-8")


def _remembered_pruning(memory: Path, files: dict[str, str], names: set[str], readers: str) -> dict[str, str]:
    """The stylesheets `files` (their path in the site -> their text, as Sphinx copied them) pruned
    for `names` and for the custom properties `readers` read, as the last build pruned them when
    all three are the same (a rebuild that changes a page's words changes none of them), else
    pruned again (a third of a second) and remembered in `memory`, beside the Sphinx environment
    (a fresh build starts without it)."""
    key = hashlib.sha256(json.dumps([files, sorted(names), sorted(set(stylesheets.VAR.findall(readers)))],
                                    sort_keys=True).encode("utf-8")).hexdigest()
    try:
        last = json.loads(memory.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        last = {}
    if last.get("key") == key:
        return last["pruned"]
    sheets = {name: stylesheets.prune(text, names) for name, text in files.items()}
    pruned = stylesheets.unread_properties_removed(sheets, readers)
    memory.write_text(json.dumps({"key": key, "pruned": pruned}), encoding="utf-8")
    return pruned


REDIRECT = re.compile(r'^<meta http-equiv="Refresh" content="0; url=(?P<url>[^"]+)" />\s*$')


def _whole_redirect(path: Path) -> None:
    """sphinx-external-toc writes the home page as a bare `<meta>` redirect: make it a document."""
    if not path.is_file():
        return
    found = REDIRECT.match(path.read_text(encoding="utf-8"))
    if found:
        url = found["url"]
        path.write_text(f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                        f'<title>Redirecting to the reader</title>\n'
                        f'<meta http-equiv="Refresh" content="0; url={url}">\n</head>\n<body>\n'
                        f'<main><p><a href="{url}">Continue to the reader</a></p></main>\n</body>\n</html>\n',
                        encoding="utf-8")


def setup(app):
    app.connect("build-finished", subset_icon_fonts, priority=900)  # after sphinx-external-toc
    app.connect("build-finished", prune_stylesheets, priority=950)  # after the icon fonts read the rules
    app.connect("builder-inited", wrap_render)
    app.connect("html-page-context", defer_scripts, priority=900)
    app.connect("html-page-context", tidy_body)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
