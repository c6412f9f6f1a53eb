#!/usr/bin/env bash
# Production smoke test: the app installed from requirements.txt ALONE, started exactly as production starts it
# (scripts/entrypoint.sh prepare|web|worker|beat, as docker-compose.yml and the Dockerfile do), on a fresh
# PostgreSQL database, Redis as the broker, aiosmtpd as the mail server; scripts/smoke_driver.py drives one journey
# over HTTP. Called by .ci/run after `make test`. Stops everything it started, whatever happens.
#
# Environment (all optional):
#   SMOKE_PYTHON       interpreter for the production venv (python3.11, else python3)
#   SMOKE_HARNESS_PY   interpreter holding aiosmtpd (requirements-dev.txt), default .venv/bin/python
#   SMOKE_REDIS_URL    broker; its db is flushed before and after (default redis://127.0.0.1:6379/13)
#   SMOKE_PG_URL       server for the throwaway database (default postgres://postgres@127.0.0.1:5432)
#   SMOKE_REQUIREMENTS requirements file to install (default requirements.txt; used to prove a missing one fails)
#   SMOKE_CACHE_DIR    where the production venv is cached (default var/; a folder outside the clone keeps it
#                      across fresh clones)
#   SMOKE_KEEP=1       keep var/smoke-run/ (logs, mail) after a successful run
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

requirements="${SMOKE_REQUIREMENTS:-requirements.txt}"
python="${SMOKE_PYTHON:-$(command -v python3.11 || command -v python3)}"
harness="${SMOKE_HARNESS_PY:-.venv/bin/python}"
redis_url="${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/13}"
pg_url="${SMOKE_PG_URL:-postgres://postgres@127.0.0.1:5432}"
db="thanhson_prod_smoke_$$"
run_dir="var/smoke-run"

say() { printf '[smoke] %s\n' "$*"; }

# --- the production venv, cached under var/ by the hash of the requirements file --------------------------------
hash=$(sha256sum "$requirements" | cut -c1-16)
cache_dir="${SMOKE_CACHE_DIR:-var}"
mkdir -p "$cache_dir"
venv="${cache_dir}/prod-venv-${hash}"
if [[ ! -f "${venv}/.complete" ]]; then
  say "xây venv sản xuất từ ${requirements} (${hash})"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "${venv}/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  touch "${venv}/.complete"
  # Older venvs of earlier requirements are never used again.
  for old in "${cache_dir}"/prod-venv-*; do [[ "$old" == "$venv" ]] || rm -rf "$old"; done
else
  say "venv sản xuất có sẵn: ${venv}"
fi
# The venv must hold requirements.txt and nothing else: a dev-only package would hide a missing runtime one.
if "${venv}/bin/python" -c "import pytest" 2>/dev/null; then
  echo "[smoke] ${venv} chứa pytest: venv sản xuất bị lẫn gói phát triển" >&2; exit 1
fi
"$harness" -c "import aiosmtpd" || { echo "[smoke] ${harness} không có aiosmtpd (requirements-dev.txt)" >&2; exit 1; }

rm -rf "$run_dir"
mkdir -p "$run_dir/logs"  # not mail/: aiosmtpd creates the Maildir (cur, new, tmp) only when absent
free_port() { "$harness" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
web_port=$(free_port)
smtp_port=$(free_port)
redis_db="${redis_url##*/}"
redis_host_port="${redis_url#redis://}"; redis_host_port="${redis_host_port%/*}"

# --- cleanup: every process this script started, the database, the broker's db ---------------------------------
pids=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  psql "${pg_url}/postgres" -q -c "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" >/dev/null 2>&1 || true
  redis-cli -h "${redis_host_port%:*}" -p "${redis_host_port#*:}" -n "$redis_db" FLUSHDB >/dev/null 2>&1 || true
  if [[ $status -ne 0 ]]; then
    for log in "$run_dir"/logs/*.log; do
      [[ -f "$log" ]] || continue
      echo "----- ${log} (cuối) -----" >&2; tail -n 40 "$log" >&2
    done
    echo "[smoke] THẤT BẠI sau $(( $(date +%s) - started )) giây" >&2
  elif [[ "${SMOKE_KEEP:-}" != 1 ]]; then
    rm -rf "$run_dir"
  fi
  exit $status
}
trap cleanup EXIT INT TERM

psql "${pg_url}/postgres" -q -c "CREATE DATABASE ${db}"
redis-cli -h "${redis_host_port%:*}" -p "${redis_host_port#*:}" -n "$redis_db" FLUSHDB >/dev/null

# Production settings in a clean environment: nothing of the caller's (DEBUG, DEMO_MODE, EMAIL_BACKEND...) leaks in.
secret=$("$harness" -c 'import secrets; print(secrets.token_urlsafe(64))')
app_env=(
  PATH="/usr/local/bin:/usr/bin:/bin" HOME="${HOME:-/root}" LANG=C.UTF-8 PYTHONUNBUFFERED=1
  APP_VENV="$venv" DJANGO_SETTINGS_MODULE=thanhson.settings.production
  SECRET_KEY="$secret" SITE_URL="http://127.0.0.1:${web_port}" ALLOWED_HOSTS="127.0.0.1,localhost"
  DATABASE_URL="${pg_url}/${db}" CELERY_BROKER_URL="$redis_url" VAR_DIR="${run_dir}/var"
  EMAIL_HOST=127.0.0.1 EMAIL_PORT="$smtp_port" DEFAULT_FROM_EMAIL="tdkt-smoke@thanh-son.invalid"
  BIND="127.0.0.1:${web_port}" WEB_WORKERS=2 WEB_THREADS=4 WORKER_CONCURRENCY=2 LOG_LEVEL=INFO
)
app() { env -i "${app_env[@]}" "$@"; }
background() {  # background NAME COMMAND...: start, remember the pid, log to logs/NAME.log
  local name=$1; shift
  "$@" >"${run_dir}/logs/${name}.log" 2>&1 &
  pids+=($!)
}

say "SMTP (aiosmtpd) :${smtp_port}, web :${web_port}, Redis db ${redis_db}, PostgreSQL ${db}"
background smtp "$harness" -m aiosmtpd -n -l "127.0.0.1:${smtp_port}" -c aiosmtpd.handlers.Mailbox "${run_dir}/mail"

say "prepare: migrate"
app bash scripts/entrypoint.sh prepare >"${run_dir}/logs/prepare.log" 2>&1
# The journey's data: xã Thanh Sơn with its issued 2024 plan and the demo accounts (a seeding step only: the
# servers below run with DEMO_MODE off). Its reminders queue up in Redis until the worker starts.
app env DEMO_MODE=1 EMAIL_CONSOLE=0 "${venv}/bin/python" manage.py load_demo >"${run_dir}/logs/seed.log" 2>&1

background web env -i "${app_env[@]}" bash scripts/entrypoint.sh web
background beat env -i "${app_env[@]}" bash scripts/entrypoint.sh beat
driver=("$harness" scripts/smoke_driver.py --base "http://127.0.0.1:${web_port}" --mail "${run_dir}/mail"
        --state "${run_dir}/state.json" --worker-log "${run_dir}/logs/worker.log")

# 1) Before the worker runs: pages, static files, login, the issued PDF, a task saved due today.
"${driver[@]}" before-worker
# 2) The worker comes up, sends what is owed; the scan runs through it; each reminder arrives exactly once.
background worker env -i "${app_env[@]}" bash scripts/entrypoint.sh worker
"${driver[@]}" after-worker -- env -i "${app_env[@]}" "${venv}/bin/celery" -A thanhson call notifications.tasks.reminder_scan_daily

say "ĐẠT sau $(( $(date +%s) - started )) giây"
echo "smoke: 1 passed, 0 failed"
