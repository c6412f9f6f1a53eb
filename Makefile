# Two commands for a newcomer: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Links printed in emails and on issued PDFs (the verify address) point at this server.
export SITE_URL ?= http://127.0.0.1:$(PORT)
# Debian packages: WeasyPrint's libraries and the Times-metric fonts (documents), Chromium (browser tests),
# LibreOffice Writer (the test that opens our .docx in LibreOffice).
APT_RUN := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2
APT_TEST := chromium poppler-utils libreoffice-writer-nogui softhsm2

.PHONY: run test lint system-deps system-deps-test demo migrate clean help

help:
	@echo "make run   – cài đặt, tạo dữ liệu mẫu và chạy tại http://127.0.0.1:$(PORT)"
	@echo "make test  – chạy toàn bộ kiểm thử"

# The venv counts as installed only once pip succeeded (the stamp is written last),
# so an interrupted `make run` simply resumes.
$(VENV)/.stamp-run: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.stamp-dev: $(VENV)/.stamp-run requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Installs missing Debian packages when run as root; otherwise prints the apt-get line.
system-deps:
	@bash scripts/apt-ensure.sh $(APT_RUN)

system-deps-test: system-deps
	@bash scripts/apt-ensure.sh $(APT_TEST)

migrate: $(VENV)/.stamp-run
	mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# Web server + Celery worker + beat, stopped together by Ctrl+C. `make run REMINDERS_DATE=2024-03-25` also sends
# the demo plan's reminders of that day (to this console and to the bell).
run: system-deps demo
	@bash scripts/print-accounts.sh $(PORT)
	@bash scripts/run-all.sh $(PORT) $(REMINDERS_DATE)

lint: $(VENV)/.stamp-dev
	$(VENV)/bin/ruff check .

test: system-deps-test $(VENV)/.stamp-dev
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=thanhson.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache
