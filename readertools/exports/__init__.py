"""Stage 7, the book off the website: the downloads each edition offers (notebook bundles, PDFs
printed by Chromium, the EPUB, the offline copy), the student notebooks and their repository, and
the instructors' handouts, keys and question bank."""
