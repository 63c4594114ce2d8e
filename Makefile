# One command sets up and builds the site:  make book
# One command runs every test:              make test
# (`make test` builds the site with execution forced, then runs unit tests, nbval over every
#  chapter and the browser tests; `.ci/run` calls exactly that.)
# The environment is installed from requirements.lock (exact versions and hashes), which
# `make lock` regenerates from the hand-edited pins in requirements.txt.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# `cache` (default) re-executes only notebooks whose code changed; `force` re-executes all.
EXECUTE ?= cache
JOBS   ?= 2
# Where the build goes: $(OUT)/_build/html. Set OUT to build a second copy without touching ./_build
# (e.g. `make book OUT=/tmp/mine`); the tests then need HER2BOOK_SITE=$(OUT)/_build/html.
OUT    ?= .
BUILD  := $(OUT)/_build
# The package's code and data (the claims registry): a change re-executes the chapters.
MODELS := $(shell find src/her2book -name "*.py" -o -name "*.yml")
# Extra options for `make lock`, e.g. LOCK_ARGS=--upgrade (every package to its newest release
# allowed by requirements.txt) or LOCK_ARGS="--upgrade-package sphinx".
LOCK_ARGS ?=
# `make live`: the folder JupyterLab opens (the instructor edition; LIVE=book for the sources) and
# extra options for it, e.g. ARGS="--no-browser --port 8890". As root it adds --allow-root.
LIVE   ?= $(BUILD)/classroom/instructor
ARGS   ?=
# The PDF editions (`make pdf`), and their lines in the course bundle's README.
PDF_INSTRUCTOR := $(BUILD)/pdf/her2book-instructor.pdf
PDF_STUDENT    := $(BUILD)/pdf/her2book-student.pdf
BUNDLE_PDFS = --add "$(PDF_INSTRUCTOR)=the whole book as a PDF, with the answers and solutions in an appendix" \
  --add "$(PDF_STUDENT)=the whole book as a PDF, without answers, solutions or the instructor guide"

.PHONY: setup lock book classroom pdf test test-fast lint format live clean browser fonts bench node

# Also sets up nbstripout as this clone's git filter for *.ipynb (named in .gitattributes): outputs,
# execution counts and widget state are stripped from notebooks when they are committed, so a live
# session never reaches the repository. --keep-id: the committed cell ids stay as they are.
setup: $(VENV)/.installed
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean "'$(abspath $(BIN))/python' -m nbstripout --keep-id" && \
	  git config filter.nbstripout.smudge cat && \
	  git config filter.nbstripout.required true && \
	  git config diff.ipynb.textconv "'$(abspath $(BIN))/python' -m nbstripout -t"; fi

# Every package at its locked version, checked against its locked hashes; then the book's own
# package in editable mode (a local path has no hash), built with the locked setuptools.
# A venv belongs to one checkout: refuse to re-point another checkout's venv at this one (its
# editable install would then import this copy of the package everywhere).
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@owner=$$($(BIN)/python -c "import her2book, pathlib; print(pathlib.Path(her2book.__file__).resolve().parents[2])" 2>/dev/null); \
	if [ -n "$$owner" ] && [ "$$owner" != "$(CURDIR)" ]; then \
	  echo "$(VENV) is the environment of $$owner, not of $(CURDIR): use a venv of your own (VENV=...)"; exit 1; fi
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Regenerate requirements.lock from requirements.txt: Python 3.11 on Linux, hashes of every file
# PyPI has for each locked version. Versions already in the lock are kept unless requirements.txt
# asks otherwise (or LOCK_ARGS says --upgrade).
lock: setup
	$(BIN)/uv pip compile requirements.txt --output-file requirements.lock --generate-hashes \
	  --python-version 3.11 --python-platform linux --no-config --quiet \
	  --custom-compile-command "make lock" $(LOCK_ARGS)

# jupyter-cache cannot see edits to src/her2book: drop the cache whenever the package changes.
$(BUILD)/.models-stamp: $(MODELS)
	rm -rf $(BUILD)/.jupyter_cache
	mkdir -p $(BUILD) && touch $@

book: setup browser fonts $(BUILD)/.models-stamp
	mkdir -p $(BUILD)
	sed 's/^\(  execute_notebooks:\).*/\1 $(EXECUTE)/' _config.yml > $(BUILD)/_config.$(EXECUTE).yml
	$(BIN)/jupyter-book build --all -W -n --keep-going --path-output $(OUT) \
	  --config $(BUILD)/_config.$(EXECUTE).yml .
	$(BIN)/python -m her2book.pdf --build $(BUILD)
	$(BIN)/python -m her2book.editions --build $(BUILD) $(BUNDLE_PDFS)

# The classroom editions ($(BUILD)/classroom/{instructor,student}) and the course bundle (in the
# site's _downloads/classroom/), from the executed book of the last `make book`, which makes them too.
classroom: setup
	$(BIN)/python -m her2book.editions --build $(BUILD) \
	  $(if $(wildcard $(PDF_INSTRUCTOR)),$(if $(wildcard $(PDF_STUDENT)),$(BUNDLE_PDFS)))

# The book as a PDF, instructor and student editions ($(BUILD)/pdf/, copied into the site's
# _downloads/pdf/): headless Chromium prints the site of the last `make book`, which makes them too.
pdf: setup browser fonts
	$(BIN)/python -m her2book.pdf --build $(BUILD)

# Debian's chromium for the browser tests and the PDF (root on CI and on the development machines).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# A font with Chinese characters for the PDF (the sources page quotes a Chinese news item):
# Debian's fonts-wqy-microhei when fontconfig knows none (root on CI and the development machines).
fonts:
	@fc-list :lang=zh 2>/dev/null | grep -q . || { \
	  echo "installing Debian fonts-wqy-microhei for the PDF"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null; }

# The site audit tools from package.json/package-lock.json (exact versions): Lighthouse for the
# benchmark, the Nu HTML Checker (vnu-jar, whose jar ships in the package, so no install script
# runs) for the tests; it needs Java, and the print test needs pdftotext (Debian poppler-utils).
node: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	@command -v java >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	@command -v pdftotext >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test: setup browser node
	rm -rf $(BUILD)/html  # pages of an older build (a renamed chapter) must not linger in the site
	$(MAKE) book EXECUTE=force
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks
	HER2BOOK_SITE=$(BUILD)/html $(BIN)/python -m pytest -n $(JOBS) --dist loadscope --nbval-lax tests book

# Unit tests only: no build, no browser (tests/browser), no notebook execution (tests/notebooks,
# nbval). Passes on a fresh clone without `make book`.
test-fast: setup
	$(BIN)/python -m pytest -q -p no:nbval tests --ignore=tests/browser --ignore=tests/notebooks

lint: setup
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks

format: setup
	$(BIN)/ruff format src tests scripts benchmarks
	$(BIN)/ruff check --fix src tests scripts benchmarks

bench: setup node
	$(BIN)/python benchmarks/run.py

live: setup
	@test -d $(LIVE) || $(MAKE) book
	$(BIN)/jupyter lab --ServerApp.root_dir=$(LIVE) $(if $(filter 0,$(shell id -u)),--allow-root) $(ARGS)

clean:
	rm -rf _build
