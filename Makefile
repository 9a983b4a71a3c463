# Two commands on a fresh machine: `make demo` (run Marginal) and `make test` (run the tests).
# `make demo` reuses the demo data of an earlier run; `make demo RESET=1` starts over.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# Test processes (pytest-xdist); each has its own database and broker prefix.
TEST_PROCESSES ?= 2

.PHONY: install demo test lint schema client serve worker beat

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo --host $(HOST) $(if $(RESET),--reset,)
	$(PY) manage.py runserver $(HOST)

test: install
	$(VENV)/bin/pytest -n $(TEST_PROCESSES)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy config metering pricing economics
	$(VENV)/bin/lint-imports --no-logo

schema: install
	$(PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

# Regenerate clients/python/marginal_client and clients/typescript/src/schema.ts from
# docs/openapi.yaml with the pinned generators (after `make schema`).
client: install
	VENV=$(VENV) clients/generate.sh
