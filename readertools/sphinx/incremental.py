"""Sphinx extension: a rebuild writes only the pages an edit can change, and gives the site a
full build would give.

Sphinx reads again only the documents that changed, but by itself writes only those pages too, so
another page could keep a stale link text, a stale preview or a broken reference to a label that
is gone. What one page shows of another is that other document's *interface*: its title, its
table of contents, its targets, the previews made from its paragraphs, terms and people
(`env.reader_previews`), and the book-wide citations. So the interface of every document to be read
again is recorded before it is read (from the environment and doctree of the last build) and after;
if any part differs, every page is written again (Sphinx's `env-updated` event), as it is after any
change that is not a document (`publish.book.build_book` passes `--write-all` then).

Two things a partial build of Sphinx 7.4 does differently from a full one are put right here, and
`tests/test_rebuild.py` compares the two sites file by file:

- **Which document keeps a shared anonymous label.** Every chapter gives its paragraphs the short
  ids `p-1`, `p-2`, ...; the std domain keeps the last document read, which is the last in name
  order in a full read but the edited one in a partial read (`keep_full_read_labels`).
- **The search index's index entries** of the pages not written, which Sphinx does not keep from
  the last build (`keep_index_entries`).
- **The search index's words that no page holds any more.** Sphinx loads the last index, prunes the
  pages to be written from every word's page set and feeds them again: a word the edit removed keeps
  an empty page set, dumped as `"persuas": []`, so the index kept the words of text that is gone (an
  answer pasted and removed again stayed there as a word). `drop_unused_words` removes them
  whenever the index is pruned, so a rebuilt index is a clean build's.

Couplings: Sphinx 7.4.7's environment (`domaindata["std"]` labels and anonlabels, `tocs`, `titles`,
the pickled doctrees in `doctreedir`), sphinxcontrib-bibtex 2.7.0's `citation_refs`, and the
private `builder.indexer._index_entries`, which `keep_index_entries` fills for the pages not
written: Sphinx drops their index entries from `searchindex.js` after a partial build
(sphinx-doc/sphinx#12599); and the indexer's `prune` and its private `_mapping` and
`_title_mapping` (word -> set of pages), which `drop_unused_words` cleans after every prune
(`dump_search_index` prunes just before it dumps). Those repairs can go once a pinned Sphinx fixes
the bugs; `tests/test_rebuild.py` fails on `searchindex.js` without them.
"""

import ast
import dataclasses
import json
import pickle
from pathlib import Path, PurePath

from docutils import nodes
from sphinx.util import logging

from readertools.sphinx.env import keep_per_document, per_document

logger = logging.getLogger(__name__)
_BEFORE: dict[str, object] = {}


class Opaque(Exception):
    """A value whose repr shows only its identity: two builds' cannot be compared."""


def canonical(value):
    """A JSON value that is equal for equal contents, whatever the order of dicts and sets."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, nodes.Element):
        return value.pformat()
    if isinstance(value, nodes.Node):
        return value.astext()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, ast.AST):
        return ast.dump(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return canonical({field.name: getattr(value, field.name) for field in dataclasses.fields(value)})
    if isinstance(value, dict):
        return {"{}": sorted([json.dumps(canonical(k), sort_keys=True), canonical(v)] for k, v in value.items())}
    if isinstance(value, set | frozenset):
        return {"set": sorted(json.dumps(canonical(item), sort_keys=True) for item in value)}
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value]
    text = repr(value)
    if " at 0x" not in text:
        return f"{type(value).__name__}:{text}"
    if hasattr(value, "__dict__"):  # e.g. pybtex's formatted entries: compared by their attributes
        return {type(value).__name__: canonical(vars(value))}
    raise Opaque(text)


def _doctree(env, docname: str):
    """The doctree on disk (the environment's own cache would keep the last build's after a read)."""
    return pickle.loads((Path(env.doctreedir) / f"{docname}.doctree").read_bytes())


# Domain data that follows the order of reading, which a partial read changes, so it is left out
# of what every page shares: the labels (which of two documents defining one name a domain keeps:
# compared as each document's targets) and the citations' references (a list in reading order:
# compared document by document).
READING_ORDER = {"std": ("labels", "anonlabels"), "cite": ("citation_refs",)}


def _citation_refs(env, docname: str) -> list:
    return [ref for ref in env.domaindata.get("cite", {}).get("citation_refs", [])
            if getattr(ref, "docname", None) == docname]


def _targets(doctree) -> list:
    """Every element another page can link to: its kind, its ids and its title."""
    return [[node.tagname, node["ids"], node[0].astext() if isinstance(node, nodes.section) else ""]
            for node in doctree.findall(nodes.Element) if node.get("ids")]


def _toc(env, docname: str) -> list:
    toc = env.tocs.get(docname)
    return [] if toc is None else [[ref.get("anchorname", ""), ref.astext()] for ref in toc.findall(nodes.reference)]


def interface(env, docnames) -> str | None:
    """What other pages show of these documents (their titles, tables of contents, targets,
    previews and citations) and what every page shares (the rest of the domains' data: terms, the
    bibliography's entries), as one comparable text; None if it cannot be compared."""
    shared = {domain: {key: value for key, value in data.items() if key not in READING_ORDER.get(domain, ())}
              for domain, data in env.domaindata.items()}
    parts = {"domains": shared}
    for docname in docnames:
        title = env.titles[docname].astext() if docname in env.titles else ""
        doctree = _doctree(env, docname)
        parts[docname] = {
            "title": title, "longtitle": env.longtitles[docname].astext() if docname in env.longtitles else "",
            "toc": _toc(env, docname), "targets": _targets(doctree), "citations": _citation_refs(env, docname),
            "previews": per_document(env, "reader_previews").get(docname)}
    try:
        return json.dumps(canonical(parts), sort_keys=True, ensure_ascii=False)
    except Opaque as opaque:
        logger.info("cannot compare %s between builds", opaque)
        return None


def record_before(app, env, docnames) -> None:
    """The interface of the documents about to be read again, as the last build left them."""
    _BEFORE.clear()
    if docnames and all(docname in env.all_docs for docname in docnames):
        _BEFORE.update(docnames=list(docnames), interface=interface(env, docnames))


def pages_to_write(app, env):
    """Every page when the interface of a document read again changed or cannot be compared (and
    after a fresh read, where Sphinx writes every page anyway)."""
    docnames = _BEFORE.get("docnames")
    if docnames is None:
        return sorted(env.found_docs)
    before = _BEFORE["interface"]
    if before is not None and interface(env, docnames) == before:
        return []
    logger.info("what other pages show of %s changed: every page is written again", ", ".join(docnames))
    return sorted(env.found_docs)


def record_labels(app, doctree) -> None:
    """The anonymous labels the document just read defines (the std domain has just pointed them
    all at it)."""
    env = app.env
    labels = env.domaindata["std"]["anonlabels"]
    per_document(env, "reader_anonlabels")[env.docname] = {
        name: labelid for name, (docname, labelid) in labels.items() if docname == env.docname}


def keep_full_read_labels(app, env) -> None:
    """A label several documents define points where a full read leaves it: at the last of them."""
    records, labels = per_document(env, "reader_anonlabels"), env.domaindata["std"]["anonlabels"]
    defining: dict[str, list[str]] = {}
    for docname, names in records.items():
        for name in names:
            defining.setdefault(name, []).append(docname)
    for name, docnames in defining.items():
        if len(docnames) > 1:
            last = max(docnames)
            labels[name] = (last, records[last][name])


_WRITTEN: set[str] = set()


def note_written(app, pagename, templatename, context, doctree) -> None:
    if doctree is not None:
        _WRITTEN.add(pagename)


def _entries_file(app) -> Path:
    return Path(app.doctreedir) / "reader-index-entries.json"


def keep_index_entries(app):
    """The index entries of the pages not written this time, as the last build fed them to the
    search index (Sphinx keeps their words and titles, not these)."""
    indexer = getattr(app.builder, "indexer", None)
    path = _entries_file(app)
    if indexer is not None and path.is_file():
        saved = json.loads(path.read_text(encoding="utf-8"))
        for docname in app.env.found_docs - _WRITTEN:
            if docname in saved:
                indexer._index_entries[docname] = [tuple(entry) for entry in saved[docname]]
    return []


def drop_unused_words(app):
    """Once every page is written and fed to the search index, the prune that comes before the
    index is dumped (`dump_search_index`) also drops the words no page holds any more."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    prune = indexer.prune

    def pruned(docnames) -> None:
        prune(docnames)
        for mapping in (indexer._mapping, indexer._title_mapping):
            for word in [word for word, pages in mapping.items() if not pages]:
                del mapping[word]

    indexer.prune = pruned
    return []


def save_index_entries(app, exception) -> None:
    indexer = getattr(app.builder, "indexer", None)
    if exception is None and indexer is not None:
        entries = {name: found for name, found in indexer._index_entries.items() if name in app.env.found_docs}
        _entries_file(app).write_text(json.dumps(entries, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def setup(app):
    app.connect("builder-inited", lambda app: _WRITTEN.clear())
    app.connect("env-before-read-docs", record_before)
    app.connect("doctree-read", record_labels)
    keep_per_document(app, "reader_anonlabels")
    app.connect("env-updated", keep_full_read_labels, priority=800)
    app.connect("env-updated", pages_to_write, priority=900)  # after sphinxcontrib-bibtex numbers the citations
    app.connect("html-page-context", note_written)
    app.connect("html-collect-pages", keep_index_entries)
    app.connect("html-collect-pages", drop_unused_words)
    app.connect("build-finished", save_index_entries)
    return {"parallel_read_safe": True, "parallel_write_safe": False, "env_version": 1}
