# The two commands: `make run` and `make test`. Everything else is a helper for them.
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev migrate seed check collectstatic worker beat messages

install:
	@./scripts/venv.sh requirements.txt

install-dev:
	@./scripts/venv.sh requirements-dev.txt

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# Set up everything (venv, packages, database, demo province) and serve on 127.0.0.1:8000,
# with DEBUG off (Vietnamese 404/500 pages; whitenoise serves static files). `DEBUG=1 make run` to debug.
run: seed
	DEBUG=$${DEBUG:-0} $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite; starts throwaway PostgreSQL/Redis when their binaries exist
# (REQUIRE_SERVICES=1 makes a missing service fail the run). Extra pytest args: make test ARGS="-k foo".
# Tests run in parallel on every core (pytest-xdist; each worker has its own test database);
# TEST_JOBS=0 runs them in one process. Work stealing: a worker that runs out takes half of the other's
# queue, so the long tests (migrations, crash, load, browser) do not leave one core idle at the end.
TEST_JOBS ?= auto
test: install-dev
	$(PY) tests/run.py -n $(TEST_JOBS) --dist worksteal $(ARGS)

check: install
	$(PY) manage.py check

collectstatic: install
	$(PY) manage.py collectstatic --noinput

worker: install
	$(VENV)/bin/celery -A homeaffairs worker -l info -Q default,reports

beat: install
	$(VENV)/bin/celery -A homeaffairs beat -l info

# The Vietnamese catalogue (locale/vi) for third-party apps' strings; the compiled .mo is committed.
messages:
	msgfmt --check -o locale/vi/LC_MESSAGES/django.mo locale/vi/LC_MESSAGES/django.po
