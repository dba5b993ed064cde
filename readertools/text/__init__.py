"""Stage 1, the sources in: the catalogue says which seeds there are and how to cut each; a seed is
read exactly as received, cut into a chapter (its body, every line classified, paragraphs and notes
numbered) and kept as a CSV of its blocks."""
