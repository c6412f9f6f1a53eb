#!/usr/bin/env bash
# `make dev`: runserver (DEBUG, autoreload), a Celery worker and beat, started together and stopped together (Ctrl+C).
# The office server is `make run` (scripts/run-office.sh: gunicorn, DEBUG off).
# Without CELERY_BROKER_URL the broker is kombu's filesystem transport under var/celery/: nothing to install.
# Usage: scripts/dev-all.sh PORT [REMINDERS_DATE]
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8000}"
reminders_date="${2:-}"
py=.venv/bin/python
celery=.venv/bin/celery
mkdir -p var/celery/queue var/celery/processed var/celery/control
# Links in reminder emails point at this server.
export SITE_URL="${SITE_URL:-http://127.0.0.1:${port}}"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true  # runserver's autoreloaded child
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# Solo pool: one process, light on a 2-core office machine; reminders are a few messages a day.
"$celery" -A thanhson worker --pool=solo --loglevel=INFO --without-mingle --without-gossip &
pids+=($!)
"$celery" -A thanhson beat --loglevel=INFO --schedule=var/celery-beat-schedule &
pids+=($!)
if [[ -n "$reminders_date" ]]; then
  # Show the demo's reminders of that day at once: emails on this console, messages on the bell.
  "$py" manage.py send_reminders --date "$reminders_date"
fi
"$py" manage.py runserver "127.0.0.1:${port}" &
pids+=($!)
# Whichever stops first (a crash, Ctrl+C) brings the others down with it.
wait -n "${pids[@]}" || true
