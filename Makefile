# Overblik — make run (serve the seeded service on SQLite), make test (the whole suite).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 5000
PG_ADMIN_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

.PHONY: run test setup setup-dev lint typecheck bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

run: setup
	$(VENV)/bin/flask --app wsgi seed
	$(VENV)/bin/flask --app wsgi run --host $(HOST) --port $(PORT)

# The PostGIS, browser and ical-check parts run when their pieces are there (see README, Testing);
# .ci/run installs them all and sets OVERBLIK_REQUIRE_ALL=1 so that none may be skipped.
test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check app geo calendars tests bench wsgi.py
	$(VENV)/bin/mypy

bench: setup
	$(PY) bench/conflicts.py

clean:
	rm -rf $(VENV) instance .pytest_cache
