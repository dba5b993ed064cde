"""Stage 3, what no single file's schema can check: references between the files, every figure
against its quotation, every date against its reference and the kind of reference it rests on, the
timeline against its notes, the answers' attributions, and the checks
that keep the answers out of what students see (echoes in the apparatus, leaks in a built site),
and the symbolic links that may not leave the project (links)."""
