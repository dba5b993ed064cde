"""Build-time tools for the course reader, installed into the venv from `pyproject.toml`.

The notebooks never import this package: it turns the raw seeds into clean, numbered chapter text,
keeps the notebooks in step with their sources, checks everything, and builds the book. The folders
are the pipeline's stages, in the order the data flows; a module imports only its own stage and the
ones before it (`tests/test_layout.py` holds it to that):

- the shared vocabulary: `paths` (where every file is), `labels` (every anchor name), `errors`
  (`SourceError`: a file, a place in it, and what is wrong), `schema` and `schemas/` (every data file
  read against its JSON schema), `editions` (the two editions and their configurations) and
  `formats` (the downloads each edition offers, and where each lies in the site);
- `text/`: the sources in: the catalogue, a seed read as received, cut into a chapter whose
  paragraphs and notes are numbered (`segment`), and its text as a CSV;
- `content/`: one module per data file of `book/` (the apparatus and its ¶ references, glossary
  and people, editor's notes, quotations, chronology, standpoints, voices, lessons, datasets,
  notebooks), each read against its schema and, where it is shown, written as literal MyST;
  `courses` reads an instructor's course file (`courses/<name>.yml`) into the selection every
  instructor output is made from; `new_source` writes a new chapter's files;
- `checks/`: what no single schema can check: the files against each other (`cross`), every figure
  against its quotation (`figures`), every date against its reference (`dates`), the answers'
  attributions (`quotation_agreement`), answers echoed in student text (`echoes`), the search
  of every byte of a built site for instructor-only text (`leaks`), and symbolic links that leave the
  project (`links`);
- `model`: the whole book loaded and checked once (`load_book`); every later stage reads that one
  object, or, for anything students get, the student edition's (`student_edition`), which never
  holds an instructor-only field;
- `generate/`: `make notebooks`: the generated cells (`cells`, merged by `notebooks`), the generated
  pages and the check that nothing is out of step (`sync`), the instructor guide (`guide`), and the
  execution that records what each notebook read (`execute`);
- `sphinx/`: the Sphinx extensions, one job each: `titles` (literal titles in the theme),
  `bibliography` (a valid ARIA citation list), `instructor_only` (model answers, teaching notes,
  discussion plans and samples only in the instructor edition), `lean` (a light page), `previews`
  (of terms, people and paragraphs), `cite` (a citation for every paragraph), `download_links` (each
  page's downloads), `nav` (the sidebar navigation once per folder), `print` (the edition named in
  print), `launch` (Binder and Colab buttons), `tables` (pandas tables as valid HTML), `incremental`
  (a rebuild writes only the pages an edit can change), `epub` (the EPUB's parts); `env` keeps their
  per-document data in the environment, and `run` is the Sphinx process;
- `exports/`: off the website: `downloads` (made in the staged site and listed), `chromium` (the
  print pipeline), `pdf`, `epub`, `offline`, `student_notebooks` (the chapters for plain Jupyter)
  and `student_bundles` (their folders and downloads), `handouts` (packets and keys: what each
  holds, assembled and printed) with its parts `packet_document` (the text as printed),
  `packet_lesson` (figures, organizer, questions, writing task, rubric) and `packet_text` (the prose
  and writing lines they share), `course` and `syllabus` (`make course`: the packs and the
  syllabus), `kit` (the instructor edition's materials) and the question banks: `bank_items` (one
  item model), `qti` (Canvas), `moodle`, `cartridge` (Common Cartridge) and `banks` (all three, and
  `make qti`'s selections);
- `publish/`: `make book`: `plan` (what a rebuild must do), `run` (the editions' Sphinx processes
  side by side), `swap` (publish a checked site whole) and `book` (all of it in order, under a lock);
- `__main__` (the command line behind the Makefile) and `bench/` (`make bench`, `make bench-site`).
"""
