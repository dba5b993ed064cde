"""Stage 5, what `make notebooks` writes from the checked model: the notebooks' generated cells,
the generated pages (glossary, people, datasets, execution status, instructor guide), and the
execution that records what each notebook read."""
