# Two commands on a fresh machine (see README.md):
#   make run    set up and serve the portal on the embedded default (SQLite, in-process Celery, console
#               email), as users see it: DEBUG off, collected static files, gunicorn (deploy/start.sh)
#   make test   set up and run the tests, lint and migration checks (installs the browser too)
# HOST and PORT say where `make run` listens; ALLOWED_HOSTS which host names it answers to.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
ALLOWED_HOSTS ?= $(HOST),localhost,127.0.0.1,[::1]
WEB_CONCURRENCY ?= 2
# The embedded default's own secret key, made once on this machine (never committed).
SECRET_FILE := .secret_key

.PHONY: run test setup setup-run system-deps system-deps-run lint demo-data clean

$(VENV)/.installed-run: requirements.txt constraints.txt
	test -x $(PY) || { $(PYTHON) -m venv $(VENV) && $(VENV)/bin/pip install --quiet --upgrade pip; }
	$(VENV)/bin/pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.installed: $(VENV)/.installed-run requirements-dev.txt
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

$(SECRET_FILE):
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

# Running needs Pango and the fonts; the tests also need Chromium, poppler-utils and pg_dump.
system-deps-run:
	@bash scripts/system-deps.sh run

system-deps:
	@bash scripts/system-deps.sh test

setup-run: system-deps-run $(VENV)/.installed-run

setup: system-deps $(VENV)/.installed

demo-data: setup-run
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py migrate --noinput
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py load_plan fixtures/plan808.yaml
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py load_successions fixtures/reorganisation2025.yaml
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py load_statistics fixtures/statistics808.yaml
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py make_periods
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py seed_demo_users
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py seed_demo

run: demo-data $(SECRET_FILE)
	@echo "Cổng đang chạy: http://$(HOST):$(PORT)/  (tài khoản thử nghiệm: xem README.md)"
	DEBUG=0 DEMO_MODE=0 SECRET_KEY_FILE=$(SECRET_FILE) ALLOWED_HOSTS='$(ALLOWED_HOSTS)' HOST=$(HOST) PORT=$(PORT) \
		WEB_CONCURRENCY=$(WEB_CONCURRENCY) LOG_FORMAT=text PYTHON=$(PY) sh deploy/start.sh web

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

test: setup lint
	DEBUG=1 $(VENV)/bin/pytest

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles $(SECRET_FILE)
