"""Stage 2, the content files: one module per data file of `book/` (the apparatus, glossary and
people, editor's notes, quotations, chronology, standpoints, voices, lessons, datasets, notebooks),
each read against its schema and, where it is shown, written as MyST that renders literally."""
