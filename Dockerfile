# Image for web, worker and beat (docker-compose.yml). Not built on the development machine (no Docker there);
# tests/test_docker_compose.py checks that what it runs exists in the project.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=thanhson.settings.production

# WeasyPrint's system libraries (pango, harfbuzz) and Times-metric fonts for the official documents.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
RUN useradd --create-home --uid 1000 tdkt && mkdir -p /app/var && chown -R tdkt /app/var
USER tdkt

EXPOSE 8000
CMD ["gunicorn", "thanhson.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
