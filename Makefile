# One entry point for people and CI. Every target sets up what it needs itself.
#   make book      set up .venv, generate the notebooks and build the student book
#   make test      set up .venv (and Chromium), then run the whole test suite
#   make teacher   build the teacher edition
#   make test-fast the fast tests only (no book build, no browser, nothing marked slow), in parallel
#   make widgets   rebuild the widget bundles (static/bundled/) after editing the widget JS
#   make lint      ruff, mypy, import-linter, the schema drift check and the widget JS type check (tsc)
#   make items-table  rewrite docs/items.md (the per-item table) after editing lesson items
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.medialit-installed
DEV    := $(VENV)/.medialit-dev-installed

.PHONY: book teacher test test-fast setup setup-dev system-deps node-deps widgets clean lint bench dist embedded-bundle items-table bench-install

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -e ".[all]"
	touch $(STAMP)

$(DEV): $(STAMP)
	$(BIN)/python -m pip install --quiet --group dev
	touch $(DEV)

setup: $(STAMP)

setup-dev: $(DEV)

book: setup
	$(BIN)/medialit build

teacher: setup
	$(BIN)/medialit build --edition teacher

system-deps:
	bash scripts/system-deps.sh

# esbuild (widget bundles), TypeScript (the widget JS type check) and axe-core, from
# package-lock.json; skipped where npm is missing (the bundles are committed, the test that
# rebuilds them then skips, and make lint says that it skipped the JS check).
node-deps:
	@if command -v npm >/dev/null 2>&1 && { [ ! -f node_modules/esbuild/package.json ] || [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/typescript/package.json ]; }; then \
	  npm ci --no-audit --no-fund --silent; fi

widgets: node-deps
	npm run --silent build:widgets

test: setup-dev system-deps lint
	$(BIN)/python -m pytest

# The fast set runs in parallel (pytest-xdist): one worker per core, at most 4, each taking whole
# test files (a module's fixtures are built once). Python writes its bytecode caches here even
# where PYTHONDONTWRITEBYTECODE is set (__pycache__ is git-ignored): otherwise each run compiles
# again, in each worker and each `python -m medialit` a test starts, the test modules (pytest's
# assertion rewriting), hypothesis (a pytest plugin, so rewritten too) and medialit: about 8 s of 28.
test-fast: setup-dev node-deps
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadfile -m "not book and not browser and not slow"

lint: setup-dev node-deps
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m medialit.case.drift
	$(BIN)/python -m medialit.qtypes.schema_enums
	@if command -v npm >/dev/null 2>&1; then npm run --silent check:js; \
	  elif [ -n "$${CI:-}" ] && [ "$${CI}" != "0" ] && [ "$${CI}" != "false" ]; then \
	    echo "make lint: npm is missing, so the widget JS type check cannot run (CI is set: a failure)" >&2; exit 1; \
	  else echo "make lint: npm is missing, so the widget JS type check (npm run check:js) did not run" >&2; fi

bench: setup
	$(BIN)/python benchmarks/build_speed.py

# The student install, measured in a fresh venv from the wheel (packages, MB, seconds, first cell).
bench-install: setup
	$(BIN)/python benchmarks/student_install.py

# The wheel and sdist to hand out or release (docs/release.md).
dist: setup embedded-bundle
	rm -rf dist
	$(BIN)/python -m pip wheel --no-deps --wheel-dir dist .
	$(BIN)/python -c "import build" 2>/dev/null || $(BIN)/python -m pip install --quiet build
	$(BIN)/python -m build --sdist --outdir dist .

# The embedded case's student bundle that ships in the package (use() loads it without YAML).
# `medialit generate` run in the checkout also writes it (and `generate --check` reports it stale).
embedded-bundle: setup
	$(BIN)/python -c "from pathlib import Path; from medialit import api; \
	  Path('src/medialit/casestudies/mek/medialit-case.json').write_bytes(api.student_bundle())"

# The teacher's per-item table of the embedded case (docs/items.md): what each graded item
# tests, why its key holds and where its evidence first shows; a test checks it is current.
items-table: setup
	$(BIN)/python -c "from pathlib import Path; from medialit import api; \
	  from medialit.curriculum.items_table import render; from medialit.curriculum.spec import load_objectives; \
	  case, lessons = api.load_module(); \
	  Path('docs/items.md').write_text(render(lessons, case.article.title, load_objectives()), encoding='utf-8')"

clean:
	rm -rf book/_build .pytest_cache
