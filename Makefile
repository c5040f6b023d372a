# One entry point for people and CI. Every target sets up what it needs itself.
#   make book      set up .venv, generate the notebooks and build the student book
#   make test      set up .venv (and Chromium), then run the whole test suite
#   make teacher   build the teacher edition
#   make test-fast the fast tests only (no book build, no browser, nothing marked slow)
#   make widgets   rebuild the widget bundles (static/bundled/) after editing the widget JS
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.medialit-installed
DEV    := $(VENV)/.medialit-dev-installed

.PHONY: book teacher test test-fast setup setup-dev system-deps node-deps widgets clean lint bench dist embedded-bundle bench-install

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

# esbuild (widget bundles) and axe-core, from package-lock.json; skipped where npm is missing
# (the bundles are committed, and the test that rebuilds them then skips).
node-deps:
	@if command -v npm >/dev/null 2>&1 && { [ ! -f node_modules/esbuild/package.json ] || [ ! -f node_modules/axe-core/axe.min.js ]; }; then \
	  npm ci --no-audit --no-fund --silent; fi

widgets: node-deps
	npm run --silent build:widgets

test: setup-dev system-deps lint
	$(BIN)/python -m pytest

test-fast: setup-dev node-deps
	$(BIN)/python -m pytest -m "not book and not browser and not slow"

lint: setup-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m medialit.case.drift
	$(BIN)/python -m medialit.qtypes.schema_enums

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

clean:
	rm -rf book/_build .pytest_cache
