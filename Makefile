# Hirehall: `make run` serves the product, `make test` checks everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000

.PHONY: run test lint typecheck fmt test-sqlite test-postgres e2e-deps install clean

# Reinstall only when the dependency list changes: a second `make run` starts in seconds.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	@if [ "$${HIREHALL_DEMO:-1}" != "0" ]; then DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed_demo; fi
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py serve 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	$(BIN)/mypy .

# Browser for the e2e tests: Debian's Chromium where apt can install it (never a downloaded browser).
e2e-deps:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$$(id -u)" = "0" ]; then \
		apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1) || echo "chromium could not be installed: e2e tests will skip"; \
	fi

test-sqlite: $(STAMP)
	env -u DATABASE_URL $(BIN)/pytest -n 2 --dist loadfile

test-postgres: $(STAMP)
	@url=$$($(BIN)/python scripts/postgres_url.py) || exit $$?; \
	if [ -n "$$url" ]; then \
		echo "== PostgreSQL: $$url"; DATABASE_URL=$$url $(BIN)/pytest -n 2 --dist loadfile; \
	else echo "== PostgreSQL not reachable: skipped (CI=true requires it)"; fi

test: $(STAMP) e2e-deps lint typecheck
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
