"""Stage 8, the editions built and published: what a rebuild must do (`plan`), the Sphinx processes
side by side (`run`), the execution page's "built with" line (`built_with`), the downloads and the
leak check, and the swap that publishes a checked site whole (`swap`); `book.build_book` runs them in
that order."""
