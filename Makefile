# Two commands for a newcomer: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Debian packages: WeasyPrint's libraries and the Times-metric fonts (documents), Chromium (browser tests),
# LibreOffice Writer (the test that opens our .docx in LibreOffice).
APT_RUN := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2
APT_TEST := chromium poppler-utils libreoffice-writer-nogui softhsm2

.PHONY: run dev test smoke lint system-deps system-deps-test demo migrate backup clean help

help:
	@echo "make run    – máy chủ văn phòng (gunicorn, dữ liệu mẫu) tại http://127.0.0.1:$(PORT)"
	@echo "              HOST=0.0.0.0 make run: cho các máy khác trong mạng LAN; DEMO_MODE=0: không dữ liệu mẫu"
	@echo "make dev    – máy chủ phát triển (runserver, DEBUG, tự nạp lại mã)"
	@echo "make test   – chạy toàn bộ kiểm thử"
	@echo "make smoke  – kiểm thử bản cài đặt sản xuất (cần PostgreSQL, Redis)"
	@echo "make backup – sao lưu cơ sở dữ liệu và tệp vào var/backups/"

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

# The office server: gunicorn (DEBUG off) + Celery worker + beat through scripts/entrypoint.sh, the production
# entry point; demo data unless DEMO_MODE=0; HOST=0.0.0.0 for the LAN. Stopped together by Ctrl+C.
# `make run REMINDERS_DATE=2024-03-25` also sends the demo plan's reminders of that day (console and bell).
run: system-deps $(VENV)/.stamp-run
	@bash scripts/run-office.sh $(PORT) $(REMINDERS_DATE)

# For developers: runserver with DEBUG and autoreload, worker and beat (settings thanhson.settings.local).
dev: system-deps demo
	@bash scripts/print-accounts.sh http://127.0.0.1:$(PORT)
	@SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} bash scripts/dev-all.sh $(PORT) $(REMINDERS_DATE)

# The production smoke test CI runs after `make test` (scripts/smoke.sh).
smoke: system-deps $(VENV)/.stamp-dev
	bash scripts/smoke.sh

backup: $(VENV)/.stamp-run
	$(PY) manage.py backup

lint: $(VENV)/.stamp-dev
	$(VENV)/bin/ruff check .

test: system-deps-test $(VENV)/.stamp-dev
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=thanhson.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache
