"""Build-time tools for the course reader, installed into the venv from `pyproject.toml`.

The notebooks never import this package: it turns the raw seeds into clean, numbered chapter
text, keeps the notebooks in step with their sources, checks everything, and builds the book. The
whole book is loaded and checked once per command (`model.load_book`), and every generator,
check and export reads that one object. One module, one job:

- `paths`: where everything is, relative to a project root (this checkout, or a copy of it);
- `errors`: `SourceError`, the one kind of message: a file, a place in it, and what is wrong;
- `schema` and `schemas/`: read YAML and CSV files and check them against their JSON schemas;
- `model`: load every file, check each against its schema and all against each other, at once;
- `seeds`: read a seed file, refusing anything missing, empty, not UTF-8 or unprintable;
- `catalogue`: the sources (`book/sources.yml`) and their order (`_toc.yml`);
- `segment`: cut a seed into the chapter's body and classify its lines (web debris dropped);
- `labels`: the anchor names of paragraphs, notes, headings, questions and people;
- `apparatus`: each chapter's study apparatus, and its ¶ references checked and linked;
- `backmatter`: the glossary, the people and the citations, with every mention found in the texts;
- `quantities`, `provenance`: read figures and dates from words, and trace every dataset row;
- `texts`: each chapter's text as a CSV dataset, and as the table quotations are checked against;
- `markdown`: write the body as MyST that renders literally, and the apparatus cells around it;
- `notebooks`: sync the generated cells, report hand edits, execute and record what was read;
- `timeline`, `datasets_page`: the timeline's event list and the Datasets page, from the data;
- `editor_notes`, `quotations`, `chronology`, `standpoints`, `voices`: the editor's notes at the
  point of the text, the quotations identified, the reference chronology, the references'
  standpoints and who speaks where, each checked against the texts;
- `editions`: the two editions' configurations, and the check that keeps answers out of one;
- `date_checks`, `quotation_agreement`: every date of the people and glossary checked or marked
  unverified, and the answers' attributions agreeing with the quotations identified;
- `instructor`, `handouts`, `qti`: the instructor guide, the handouts and keys, the question bank;
- `student_notebooks`: the notebooks as students run them (no MyST, no answers) and their bundles;
- `downloads`, `chromium`, `pdf`, `epub`, `offline`: what each edition offers to download, the
  Chromium print pipeline, and the PDFs, the EPUB and the offline copy made with it;
- `build`, `sphinx_run`: generate, check, build, verify and publish the two editions, under a lock;
- `new_source`: `make new-source`, a new chapter with every field to fill marked;
- `bench`, `bench_site`: `make bench` and `make bench-site`, the build's and the page's costs
  measured against a bare Jupyter Book;
- `sphinx_*`: the Sphinx extensions, one job each: `titles` (literal titles in the theme),
  `citations` (a valid ARIA bibliography list), `editions` (model answers only in the instructor
  edition), `lean` (a light page), `previews` (of terms, people and paragraphs), `cite` (a citation
  for every paragraph), `downloads` (each page's download links), `nav` (the sidebar navigation
  once per folder), `print` (the edition named in print), `launch` (Binder and Colab buttons),
  `tables` (pandas tables as valid HTML), `incremental` (a rebuild writes only the pages an edit can
  change, as a full build would); `sphinx_env` keeps their per-document data in the environment.
"""
