# Two commands do all the set-up: `make simulate` and `make test` (each installs what it needs).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install simulate test lint emulator bench

$(STAMP): pyproject.toml package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@if command -v npm >/dev/null 2>&1; then npm install --no-audit --no-fund; else echo "npm not found: Azurite not installed (the Blob report store tests need Node.js 20+ and npm)" >&2; fi
	touch $(STAMP)

install: $(STAMP)

simulate: $(STAMP)
	$(BIN)/haymaker simulate --size small

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

emulator: $(STAMP)
	$(BIN)/haymaker emulator serve --data-dir .haymaker/emulator

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done
