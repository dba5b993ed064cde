"""Run Sphinx on the book as `jupyter-book build` does, in a process of its own.

Only the documents that changed are read again, unless `--fresh` asks for a new environment, and
only the pages they can change are written (`sphinx.incremental`), unless `--write-all` asks for
every page (Sphinx's `force_all`), so that every cross-reference is resolved, and every broken one
reported, again. `publish.book.build_book` chooses: fresh whenever the table of contents, the
configuration, the tools or the set of documents changed, or the last build failed; every page
whenever anything but a document changed.

    python -m readertools.sphinx.run ROOT OUTPUT CONFIG [--fresh] [--write-all] [--toc TOC] [--builder NAME]

Couplings: jupyter-book 1.0.4.post1's `jupyter_book.sphinx.build_sphinx`, the function behind
`jupyter-book build` (the last release of Jupyter Book 1, pinned).
"""

import argparse
import sys
from pathlib import Path

from jupyter_book.sphinx import build_sphinx

from readertools.errors import quiet_logging
from readertools.paths import Project, sphinx_output


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m readertools.sphinx.run")
    parser.add_argument("root", type=Path)
    parser.add_argument("output", type=Path, help="the output folder (as `jupyter-book build --path-output`)")
    parser.add_argument("config", type=Path, help="the complete configuration file of the edition")
    parser.add_argument("--fresh", action="store_true", help="read every document again")
    parser.add_argument("--write-all", action="store_true", help="write every page, not only those the "
                        "changed documents can change")
    parser.add_argument("--builder", default="html")
    parser.add_argument("--toc", type=Path, help="the edition's table of contents (default: the project's)")
    args = parser.parse_args(argv)
    quiet_logging()  # no library's INFO lines (fontTools' 156 of them) among the build's
    result = build_sphinx(
        args.root.resolve(), sphinx_output(args.output.resolve(), args.builder), use_external_toc=True, noconfig=True,
        path_config=str(args.config), builder=args.builder, warningiserror=True, keep_going=True,
        freshenv=args.fresh, force_all=args.fresh or args.write_all,
        confoverrides={"nitpicky": True, "external_toc_path": (args.toc or Project(args.root).toc).resolve().as_posix(),
                       "latex_individualpages": False})
    return 0 if result == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
