# Two commands on a fresh machine (see README.md):
#   make run    set up and run the portal on the embedded default (SQLite, in-process Celery, console email)
#   make test   set up and run the tests, lint and migration checks
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-deps lint demo-data clean

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

setup: system-deps $(VENV)/.installed

system-deps:
	@bash scripts/system-deps.sh

demo-data: setup
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py migrate --noinput
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py load_plan fixtures/plan808.yaml
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py make_periods
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py seed_demo_users
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py seed_demo

run: demo-data
	@echo "Cổng đang chạy: http://$(HOST):$(PORT)/  (tài khoản thử nghiệm: xem README.md)"
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

test: setup lint
	DEBUG=1 $(VENV)/bin/pytest

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
