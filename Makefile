# Dwarsverbinder: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Parallel test workers (pytest-xdist); CI machines have 2 cores.
TEST_WORKERS ?= 2

.PHONY: run test install install-test install-bench frontend lint messages clean

$(BIN)/python:
	./scripts/system-packages.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	./scripts/system-packages.sh
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed
install-test: $(VENV)/.installed-test node_modules/.installed
## install-bench: the extras the benchmarks need (DuckDB and pyarrow for bench/monitor.py)
install-bench: $(VENV)/.installed-test
	$(BIN)/pip install --quiet -e '.[bench]'
frontend: node_modules/.installed

## run: set everything up, load the demo region and serve on http://$(HOST):$(PORT)
run: install
	$(BIN)/dwarsverbinder migrate --noinput
	$(BIN)/dwarsverbinder demo
	@echo "Starting the background worker and the web server on http://$(HOST):$(PORT) (Ctrl+C stops both)"
	@$(BIN)/dwarsverbinder run_huey --workers 2 --worker-type thread & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/dwarsverbinder runserver $(HOST):$(PORT)

## test: install what the tests need and run the whole suite (DATABASE_URL picks the database)
test: install-test
	./scripts/system-packages.sh test
	DWV_ENV=test $(BIN)/pytest -n $(TEST_WORKERS) --create-db

## lint: ruff, and migrations that match the models
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DWV_ENV=test $(BIN)/dwarsverbinder makemigrations --check --dry-run

## messages: extract and compile the translations (needs GNU gettext)
messages: install
	cd src/dwarsverbinder && ../../$(BIN)/dwarsverbinder makemessages -l nl --no-obsolete --ignore 'conf/settings_test.py' --ignore 'demo/*'
	cd src/dwarsverbinder && ../../$(BIN)/dwarsverbinder compilemessages -l nl

clean:
	rm -rf $(VENV) node_modules var test-artifacts
