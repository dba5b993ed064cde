# The reader's two commands: `make book` builds the student edition into _build/html,
# `make test` runs every test. Both set up everything they need on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: book instructor editions test notebooks new-source bench serve lint browser clean

book: $(INSTALLED)
	$(BIN)/python -m readertools build

# The instructor edition (model answers, teaching notes) into _build/instructor/html: not for students.
instructor: $(INSTALLED)
	$(BIN)/python -m readertools instructor

# Both editions, built side by side (one Sphinx process each).
editions: $(INSTALLED)
	$(BIN)/python -m readertools editions

test: $(INSTALLED) browser
	$(BIN)/ruff check readertools tests
	$(BIN)/python -m readertools editions
	$(BIN)/python -m pytest

# Regenerate the chapter notebooks' generated cells and text datasets from the seeds, and execute
# the notebooks so that their stored outputs (which nbval checks) are current.
notebooks: $(INSTALLED)
	$(BIN)/python -m readertools notebooks --renumbered "$(RENUMBERED)"

# Add a source: `make new-source SEED=path/to/file.txt ID=short-id PART="Part title"`, then replace
# every TODO it wrote (`make book` lists those left), then `make notebooks` and `make book`.
new-source: $(INSTALLED)
	$(BIN)/python -m readertools new-source --seed "$(SEED)" --id "$(ID)" --part "$(PART)"

# The build's costs (clean, no-change and one-headnote rebuilds, nbval, tests, memory) beside a bare
# Jupyter Book, and their growth on a synthetic 50-chapter book: a benchmark, not a test (about 30 min).
bench: $(INSTALLED)
	$(BIN)/python -m readertools.bench $(BENCH_ARGS)

serve: book
	@echo "Serving the book at http://127.0.0.1:8000/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server --directory _build/html --bind 127.0.0.1 8000

lint: $(INSTALLED)
	$(BIN)/ruff check readertools tests

# The pinned requirements, then readertools itself (editable, so the checkout is what runs).
$(INSTALLED): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot work offline).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf _build
