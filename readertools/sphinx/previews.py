"""Sphinx extension: previews of glossary terms, people and paragraphs, made at build time.

Every internal link to a glossary term, a person or a numbered paragraph gets `data-preview`, and
the page carries the previews it needs as JSON (`<script type="application/json"
id="reader-previews">`): the term's definition, the person's line, the paragraph's first words.
`book/_static/reader.js` shows them on hover, keyboard focus and touch. Nothing is looked up at
view time, and nothing comes from another host.

The texts come from the built documents themselves (the glossary's definitions, the paragraphs'
words), taken as each document is read and kept in the environment (`env.reader_previews`), so a
page needs no other page's doctree; the people's lines come from `person_lines`, the one place that
reads the people's data.
"""

import json
import posixpath
import re
from pathlib import Path

from docutils import nodes

from readertools.content.backmatter import load_people
from readertools.content.references import reference_label
from readertools.labels import person_label
from readertools.paths import Project, chapter_page
from readertools.sphinx.env import keep_per_document, per_document
from readertools.text.catalogue import chapter_numbers

LINK = re.compile(r'<a class="reference internal" href="(?P<href>[^"]*#[^"]+)"')
PARAGRAPH_WORDS = 32
TEXT_CHARS = 900  # a whole definition or person's line; only a runaway text is cut


def person_lines(srcdir) -> dict[str, str]:
    """anchor -> "Name (dates). Line." for every person (the one place that reads people.yml)."""

    return {person_label(p.name): f"{p.name}{f' ({p.dates})' if p.dates else ''}. {p.text}"
            for p in load_people(Project(Path(srcdir)).people)}


def _shorten(text: str, words: int | None = None, chars: int = TEXT_CHARS) -> str:
    text = " ".join(text.split())
    if words is not None:
        parts = text.split(" ")
        if len(parts) > words:
            return " ".join(parts[:words]) + " …"
    if len(text) > chars:
        return text[:chars].rsplit(" ", 1)[0] + " …"
    return text


def _paragraph_text(node) -> str:
    """A numbered paragraph's words, without its number and note markers."""
    parts = []
    for child in node.children:
        if isinstance(child, nodes.Element) and {"pnum", "note-ref"} & set(child.get("classes", [])):
            continue  # the paragraph's number and its note markers
        parts.append(child.astext())
    return "".join(parts)


def previews_in(doctree, srcdir) -> dict[str, dict]:
    """id -> {"kind", "title", "text"} (a paragraph's "number" instead of its title) for every term,
    person and numbered paragraph of a document: what it gives the pages that link to it."""
    found = {}
    people = None
    for term in doctree.findall(nodes.term):
        item = term.parent
        definition = next((c for c in item.children if isinstance(c, nodes.definition)), None)
        first = next(iter(definition.findall(nodes.paragraph)), None) if definition else None
        for target in term["ids"]:
            if first is not None:
                found[target] = {"kind": "term", "title": term.astext(), "text": _shorten(first.astext())}
    for para in doctree.findall(nodes.paragraph):
        classes = para.get("classes", [])
        if "para" in classes:
            number = re.sub(r"\D", "", para["ids"][0]) if para["ids"] else ""
            preview = {"kind": "paragraph", "number": number,
                       "text": _shorten(_paragraph_text(para), words=PARAGRAPH_WORDS)}
            ids = list(para["ids"])
            quote = para.parent if isinstance(para.parent, nodes.block_quote) else None
            if quote is not None:
                ids += quote["ids"]
            for target in ids:
                found[target] = preview
        elif "person" in classes:
            people = person_lines(srcdir) if people is None else people
            for target in para["ids"]:
                if target in people:
                    found[target] = {"kind": "person", "title": "", "text": _shorten(people[target])}
    return found


def keep_previews(app, doctree) -> None:
    env = app.env
    per_document(env, "reader_previews")[env.docname] = found = previews_in(doctree, env.srcdir)
    if any(preview["kind"] == "person" for preview in found.values()):

        env.note_dependency(str(Project(Path(env.srcdir)).people))  # its lines are kept with the document


def add_previews(app, pagename, templatename, context, doctree):
    if doctree is None or "body" not in context:
        return
    env, used = app.env, {}
    suffix = app.builder.link_suffix
    numbers = None

    def mark(match: re.Match) -> str:
        href = match["href"]
        path, _, anchor = href.partition("#")
        if path:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(pagename), path))
            if not target.endswith(suffix):
                return match[0]
            target = target[: -len(suffix)]
        else:
            target = pagename
        if target not in env.all_docs:
            return match[0]
        preview = per_document(env, "reader_previews").get(target, {}).get(anchor)
        if preview is None:
            return match[0]
        key = f"{target}#{anchor}"
        if preview["kind"] == "paragraph":  # on its own page, the number says it; elsewhere `3.¶ 4 · title`
            nonlocal numbers
            if numbers is None:
                toc = Project(Path(env.srcdir)).toc
                numbers = chapter_numbers(toc) if toc.is_file() else {}
            there = (chapter_page(target) or ("", target))[1]
            title = f"¶ {preview['number']}"
            if target != pagename:
                name = env.titles[target].astext() if target in env.titles else ""
                title = (f"{reference_label(preview['number'], there, '', numbers)} · {name}" if there in numbers
                         else f"{name}, {title}")
            preview = {"kind": "paragraph", "title": title, "text": preview["text"]}
        used[key] = preview
        return f'{match[0]} data-preview="{key}"'

    body = LINK.sub(mark, context["body"])
    if used:
        data = json.dumps(used, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        body += f'\n<script type="application/json" id="reader-previews">{data}</script>\n'
    context["body"] = body


def setup(app):
    app.connect("doctree-read", keep_previews)
    keep_per_document(app, "reader_previews")
    app.connect("html-page-context", add_previews)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
