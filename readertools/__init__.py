"""Build-time tools for the course reader.

The notebooks never import this package: it turns the raw seeds into clean, numbered chapter
text, keeps the notebooks in step with the seeds, and builds the book. One module, one job:

- `seeds`: read a seed file, refusing anything that is missing, empty or not UTF-8;
- `catalogue`: load and check `book/sources.yml`, the description of every chapter's source;
- `segment`: cut a seed into the chapter's body and classify its lines (web debris dropped);
- `labels`: the anchor names of paragraphs, notes and headings, and links to them;
- `markdown`: write the body as MyST that renders literally, with paragraph anchors and notes,
  and the apparatus cells around it;
- `apparatus`: load and check each chapter's study apparatus, and link its ¶ references;
- `backmatter`: the glossary, the people and the citations, with every mention found in the texts;
- `timeline`, `datasets_page`: the timeline's event list and the Datasets page, from the data;
- `quantities`, `provenance`: read figures and dates from words, and trace every dataset row;
- `notebooks`: write the generated cells into the notebooks, leaving editorial cells alone;
- `texts`: export each chapter's text as a CSV dataset the notebooks read with pandas;
- `build`: generate, check, build and publish the two editions, only ever a complete build;
- `sphinx_titles`, `sphinx_citations`, `sphinx_editions`: Sphinx extensions (literal titles in the
  theme, a valid ARIA bibliography list, model answers only in the instructor edition).
"""
