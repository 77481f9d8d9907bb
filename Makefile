# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test test-fast lint format check-migrations deploy-check bench-small bench-intake bench-limits bench-report bench-console clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## make run: install, migrate, seed a demo campaign, start web + Celery worker + Stripe emulator (Ctrl-C stops all)
run: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) scripts/run_dev.py --port $(PORT)

# PostgreSQL and Redis for the tests: the machine's when they listen on 5432 / 6379 (or DATABASE_URL /
# CELERY_BROKER_URL say where), else throwaway servers from PyPI wheels, stopped afterwards.
WITH_SERVICES := $(PY) scripts/test_services.py --
CHECK_MIGRATIONS := DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
# Migrations not yet released must not stall a rolling deploy (django-migration-linter; README "Deploying").
LINT_MIGRATIONS := DJANGO_SETTINGS_MODULE=config.settings.test $(PY) scripts/lint_migrations.py
PYTEST_ARGS ?=

## make test: the whole suite against PostgreSQL, Redis, a real Celery worker and the Stripe emulator
test: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(WITH_SERVICES) sh -c '$(CHECK_MIGRATIONS) && $(LINT_MIGRATIONS) && $(PY) -m pytest $(PYTEST_ARGS)'

## make test-fast: the edit loop: everything that starts no process of its own (no worker, emulator, gunicorn,
## browser, fault or benchmark run; tests/conftest.py marks those `services`)
test-fast: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(WITH_SERVICES) sh -c '$(CHECK_MIGRATIONS) && $(LINT_MIGRATIONS) && $(PY) -m pytest -m "not services and not browser" $(PYTEST_ARGS)'

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

deploy-check: $(VENV)/.runtime
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py check --deploy

clean:
	rm -rf var test-artifacts .pytest_cache

## Benchmarks (bench/*.py; each prints its figures and ends with one key=value line). Own PostgreSQL database
## (bench_fundraising*) and Redis DB 11 by default; tiny runs of all three are in `make test` (tests/bench/).
BENCH_SECONDS ?= 60
BENCH_ROWS ?= 1000000

bench-intake: $(VENV)/.dev
	$(PY) bench/intake.py --seconds $(BENCH_SECONDS)

bench-limits: $(VENV)/.dev
	$(PY) bench/limits.py

bench-report: $(VENV)/.dev
	$(PY) bench/report.py --rows $(BENCH_ROWS)

bench-console: $(VENV)/.dev
	$(PY) bench/console_pages.py

bench-small: $(VENV)/.dev
	$(PY) -m pytest tests/bench -q

## Operations (README "Operations"): the deadline-night drill, and backup/restore time at BENCH_ROWS contributions.
.PHONY: drill bench-backup
drill: $(VENV)/.dev
	$(PY) bench/drill.py

bench-backup: $(VENV)/.dev
	$(PY) bench/backup_restore.py --rows $(BENCH_ROWS)
