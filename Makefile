# The two commands: `make run` (install, migrate, demo data, serve) and `make test` (install, test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := registry

.PHONY: run test lint bench bench-instructions soak clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load --if-empty
	$(BIN)/flask users ensure-demo-admin --local-demo
	@echo "Model Registry Lite is serving on http://$(HOST):$(PORT) (Ctrl+C stops it)"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest

bench: $(VENV)/.test-installed
	$(BIN)/python -m bench

bench-instructions: $(VENV)/.test-installed
	$(BIN)/python -m bench.instructions

soak: $(VENV)/.test-installed
	$(BIN)/python -m bench.soak

clean:
	rm -rf $(VENV) build *.egg-info
