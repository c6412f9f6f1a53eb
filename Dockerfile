# Image for web, worker and beat (docker-compose.yml). Not built on the development machine (no Docker there).
# Every service runs scripts/entrypoint.sh, the very script the CI smoke test (scripts/smoke.sh) runs;
# tests/test_docker_compose.py checks that both call the same roles.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=thanhson.settings.production

# WeasyPrint's system libraries (pango, harfbuzz) and Times-metric fonts for the official documents;
# postgresql-client for `manage.py backup` (pg_dump at least as new as the server).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# The volumes (media, backups) take these folders' owner when first created.
RUN useradd --create-home --uid 1000 tdkt && mkdir -p /app/var/media /app/var/backups && chown -R tdkt /app/var
USER tdkt

EXPOSE 8000
ENTRYPOINT ["bash", "scripts/entrypoint.sh"]
CMD ["web"]
