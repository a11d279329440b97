# Two commands for a fresh machine with Python 3.11+:
#   make run    install into .venv, migrate, load the catalogue, serve http://127.0.0.1:8000
#   make test   install into .venv, lint, check, and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install lock run test lint browser voikko loadtest bench bench-smoke search-eval maintenance

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Finnish morphology for search: Voikko's library and dictionary, from Debian.
voikko:
	@{ ldconfig -p | grep -q libvoikko.so.1 && test -e /usr/lib/voikko/5/mor-standard/mor.vfst; } || \
		{ echo "Installing Debian's libvoikko1 and voikko-fi for Finnish search"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvoikko1 voikko-fi >/dev/null; }

# Exactly the versions (and hashes) of requirements-dev.lock; `make lock` refreshes it.
$(VENV)/.installed: requirements-dev.lock | $(BIN)/python voikko
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

# After changing pyproject.toml's dependencies: the locks for development (with the test and
# benchmark tools) and for production, with hashes, for any platform.
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra bench --generate-hashes --universal \
		--python-version 3.11 --quiet -o requirements-dev.lock
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --universal \
		--python-version 3.11 --quiet -o requirements.lock

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_catalogue
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Housekeeping for cron (README, Operations): sessions, shared shortlists, feedback, cache.
maintenance: install
	$(BIN)/python manage.py maintenance $(MAINTENANCE_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The browser tests drive Debian's Chromium; Playwright cannot download its own browser here.
browser:
	@test -x /usr/bin/chromium || { echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: lint browser
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n auto --dist loadfile

# Search quality on the judged queries, per database (SQLite, and PostgreSQL if DATABASE_URL).
search-eval: install
	$(BIN)/python manage.py search_eval

# Not part of the tests: 50 readers for 60 s against gunicorn on loopback (see loadtest/).
loadtest: install
	$(BIN)/python -m pip install --quiet ".[dev,load]"
	bash loadtest/run.sh

# Not part of the tests: the catalogue at 15…100 000 models beside Datasette (see bench/).
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# CI: the benchmark once, small, only to prove it still runs (it times nothing that CI checks).
bench-smoke: install
	$(BIN)/python bench/run.py --sizes 1000 --backends sqlite --requests 3 --warmup 1 \
		--workdir "$$(mktemp -d)" --out "$$(mktemp -d)/bench.json"
