#!/usr/bin/env bash
# `make run`: the office server. gunicorn (threads, DEBUG off, whitenoise), a Celery worker and beat, started
# through scripts/entrypoint.sh (the production entry point) and stopped together by Ctrl+C.
#   HOST=0.0.0.0 make run      listen on the office LAN (other PCs open the address printed below)
#   DEMO_MODE=0 make run       start without the demo accounts and progress (a real commune's data)
#   EMAIL_CONSOLE=1            print emails on this console instead of sending them (always so in demo mode)
# Usage: scripts/run-office.sh PORT [REMINDERS_DATE]
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8000}"
reminders_date="${2:-}"
host="${HOST:-127.0.0.1}"
mkdir -p var

export APP_VENV="${APP_VENV:-.venv}"
export DJANGO_SETTINGS_MODULE=thanhson.settings.production
export DEMO_MODE="${DEMO_MODE:-1}"
# An office LAN serves plain HTTP: secure-only cookies would never come back (docs/adr/0010).
export HTTPS="${HTTPS:-false}"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$(pwd)/var/db.sqlite3}"
# Generated once per machine, kept beside the database it protects (never in the repository).
if [[ -z "${SECRET_KEY:-}" ]]; then
  if [[ ! -s var/secret_key ]]; then
    (umask 077; "${APP_VENV}/bin/python" -c 'import secrets; print(secrets.token_urlsafe(64))' > var/secret_key)
  fi
  SECRET_KEY="$(cat var/secret_key)"
  export SECRET_KEY
fi

# The addresses other PCs can use: every IPv4 address of this machine when listening on all interfaces.
addresses=()
if [[ "$host" == "0.0.0.0" ]]; then
  read -r -a addresses <<<"$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+(\.[0-9]+){3}$' | tr '\n' ' ')"
fi
hosts="127.0.0.1,localhost"
for address in "${addresses[@]+"${addresses[@]}"}"; do hosts+=",${address}"; done
[[ "$host" == "0.0.0.0" ]] && hosts+=",$(hostname)"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-$hosts}"
public="${addresses[0]:-127.0.0.1}"
[[ "$host" != "0.0.0.0" && "$host" != "127.0.0.1" ]] && public="$host"
# Printed on issued paper (the verify link) and in emails: the address the office actually uses.
export SITE_URL="${SITE_URL:-http://${public}:${port}}"
export BIND="${host}:${port}"
# Light on a 2-core office PC; one line per request error, none per request.
export WEB_WORKERS="${WEB_WORKERS:-2}" WEB_THREADS="${WEB_THREADS:-4}" WORKER_POOL="${WORKER_POOL:-solo}"
export ACCESS_LOG="${ACCESS_LOG:-off}" LOG_LEVEL="${LOG_LEVEL:-WARNING}"
mkdir -p var/celery/queue var/celery/processed var/celery/control

bash scripts/entrypoint.sh prepare >/dev/null
if [[ "$DEMO_MODE" =~ ^(1|true|yes|on)$ ]]; then
  "${APP_VENV}/bin/python" manage.py load_demo >/dev/null
  bash scripts/print-accounts.sh "$SITE_URL"
else
  printf '\n  Thanh Sơn TĐKT đang chạy tại %s (không có dữ liệu mẫu)\n  Dừng: Ctrl+C\n\n' "$SITE_URL"
fi
if [[ "$host" == "0.0.0.0" ]]; then
  echo "  Các máy khác trong cơ quan mở: ${SITE_URL}"
  [[ ${#addresses[@]} -gt 1 ]] && echo "  (địa chỉ khác của máy này: ${addresses[*]:1})"
  echo
fi

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

bash scripts/entrypoint.sh worker &
pids+=($!)
bash scripts/entrypoint.sh beat &
pids+=($!)
if [[ -n "$reminders_date" ]]; then
  # Show the demo's reminders of that day at once: emails on this console, messages on the bell.
  "${APP_VENV}/bin/python" manage.py send_reminders --date "$reminders_date"
fi
bash scripts/entrypoint.sh web &
pids+=($!)
# Whichever stops first (a crash, Ctrl+C) brings the others down with it.
wait -n "${pids[@]}" || true
