#!/usr/bin/env bash
# The one way the app is started in production: docker-compose.yml, the Dockerfile, `make run` (the office server)
# and the smoke test (scripts/smoke.sh) all call this script, so what CI tests is what runs.
# tests/test_docker_compose.py checks that they call the same roles.
#
#   scripts/entrypoint.sh prepare   migrate (once, before the others start)
#   scripts/entrypoint.sh web       collectstatic into var/ (whitenoise serves it), then gunicorn, threaded workers
#   scripts/entrypoint.sh worker    Celery worker (reminder emails, backups, heartbeat)
#   scripts/entrypoint.sh beat      Celery beat (daily scan, outbox flush, daily backup, heartbeat)
#
# Programs come from $APP_VENV/bin when set (the smoke test's venv, `make run`'s .venv), else from PATH (Docker).
# Settings are thanhson.settings.production unless DJANGO_SETTINGS_MODULE says otherwise; the environment gives
# SECRET_KEY, SITE_URL, ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL (see .env.example).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-thanhson.settings.production}"
bin="${APP_VENV:+${APP_VENV}/bin/}"
var_dir="${VAR_DIR:-var}"

# ACCESS_LOG=off: no line per request (the office console shows errors only).
access_log=(--access-logfile "${ACCESS_LOG:--}")
[[ "${ACCESS_LOG:-}" == off ]] && access_log=()

case "${1:-}" in
  prepare)
    mkdir -p "$var_dir"
    exec "${bin}python" manage.py migrate --noinput
    ;;
  web)
    # Here and not in prepare: in docker-compose each service has its own file system.
    "${bin}python" manage.py collectstatic --noinput --verbosity 0
    # Threads: a 2-core office PC serves a dozen clerks; PDF rendering releases the GIL in WeasyPrint's C parts.
    exec "${bin}gunicorn" thanhson.wsgi:application \
      --bind "${BIND:-0.0.0.0:8000}" \
      --workers "${WEB_WORKERS:-2}" --threads "${WEB_THREADS:-4}" --worker-class gthread \
      --timeout "${WEB_TIMEOUT:-120}" --graceful-timeout 20 \
      ${access_log[@]+"${access_log[@]}"} --error-logfile - \
      --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}"
    ;;
  worker)
    exec "${bin}celery" -A thanhson worker --loglevel="${LOG_LEVEL:-INFO}" \
      --pool="${WORKER_POOL:-prefork}" --concurrency="${WORKER_CONCURRENCY:-2}" --without-mingle --without-gossip
    ;;
  beat)
    mkdir -p "$var_dir"
    exec "${bin}celery" -A thanhson beat --loglevel="${LOG_LEVEL:-INFO}" \
      --schedule="${BEAT_SCHEDULE:-${var_dir}/celery-beat-schedule}"
    ;;
  *)
    echo "Cách dùng: $0 prepare|web|worker|beat" >&2
    exit 2
    ;;
esac
