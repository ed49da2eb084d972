# The newcomer's two commands: `make run` and `make test`. Everything else is what they use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NEWSROOM := var/newsroom
PORT ?= 8000

.PHONY: install install-test system-deps run test lint lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Locked, hash-checked dependencies, then the project itself without touching them.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed

$(VENV)/.installed-test: requirements-test.lock $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-test.lock
	touch $@

install-test: $(VENV)/.installed-test

# Chromium drives the browser tests; PostgreSQL runs the database tests on a real server.
system-deps:
	@scripts/system-deps

run: install
	@test -f $(NEWSROOM)/infolitico.toml || $(BIN)/infolitico init $(NEWSROOM)
	cd $(NEWSROOM) && $(CURDIR)/$(BIN)/infolitico run
	cd $(NEWSROOM) && $(CURDIR)/$(BIN)/infolitico serve --port $(PORT)

# Every test on SQLite; then the tests that touch the database again on a throwaway PostgreSQL.
# Both passes spread the tests over the machine's cores (pytest-xdist): each worker has its own
# test database, temporary folders and ports. JOBS=0 runs them in this one process instead.
JOBS ?= auto
test: install-test system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal
	scripts/with-postgres $(BIN)/python -m pytest -n $(JOBS) --dist worksteal tests/newsroom tests/site

lint: install-test
	$(BIN)/ruff check .

# Re-pin every dependency with hashes after changing pyproject.toml.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools==7.6.2
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --extra test -c requirements.lock -o requirements-test.lock pyproject.toml

clean:
	rm -rf $(VENV) var build *.egg-info .pytest_cache .ruff_cache
