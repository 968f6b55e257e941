# Hirehall: `make run` serves the product, `make test` checks everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000

.PHONY: messages compilemessages run test lint typecheck fmt test-sqlite test-postgres test-deep e2e-deps install clean

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

# The long run (docs/reliability.md; not part of `make test`): the money and milestone state machines
# at 200 examples x 50 steps and the fault simulation at 8 threads x 150 operations, on PostgreSQL.
# The simulation prints its seed: HIREHALL_SEED=<n> make test-deep replays it.
test-deep: $(STAMP)
	@url=$$($(BIN)/python scripts/postgres_url.py) || exit $$?; \
	if [ -z "$$url" ]; then echo "test-deep needs PostgreSQL (DATABASE_URL, or 127.0.0.1:5432)"; exit 1; fi; \
	HIREHALL_DEEP=1 DATABASE_URL=$$url $(BIN)/pytest -s --hypothesis-show-statistics \
		hirehall/payments/tests/test_money_state_machine.py hirehall/contracts/tests/test_state_machine.py \
		hirehall/contracts/tests/test_simulation.py

test: $(STAMP) e2e-deps lint typecheck
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache

# Translations live per app (hirehall/<app>/locale/) plus hirehall/locale for hirehall/templates.
# `make messages` refreshes every Spanish .po from the code (run it from each catalog's own
# directory so each app's strings land in its own file); `make compilemessages` writes the .mo
# files that are committed (hirehall/web/tests/test_i18n.py fails when a .mo is stale).
LOCALE_DIRS = hirehall/templates $(sort $(dir $(wildcard hirehall/*/locale)))
messages:
	@for src in $(LOCALE_DIRS); do \
		(cd $$src && DJANGO_SETTINGS_MODULE=config.test_settings $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l es --no-obsolete --add-location=file) || exit 1; \
	done

compilemessages:
	DJANGO_SETTINGS_MODULE=config.test_settings $(BIN)/python manage.py compilemessages -l es --ignore=.venv
