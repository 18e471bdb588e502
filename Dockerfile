# The portal's image: web (gunicorn), worker and beat all run it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 HOST=0.0.0.0 PORT=8000
# What pip cannot install: Pango for WeasyPrint, Liberation Serif (Times-compatible, every Vietnamese glyph),
# pg_dump and pg_restore for scripts/backup.sh and scripts/restore.sh.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 fontconfig \
       postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN pip install -r requirements.txt -c constraints.txt
COPY . .
# Static files as production serves them (DEBUG off: hashed names, the manifest, gzip copies); the web
# process collects again at start (deploy/start.sh), into the same folder, which it therefore owns.
RUN DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --noinput --verbosity 0 \
    && useradd --system --uid 1000 portal && mkdir -p /app/media \
    && chown -R portal /app/media /app/staticfiles
USER portal

EXPOSE 8000
# The same start script CI's production tests run; worker and beat (docker-compose.yml) pass their name.
CMD ["sh", "deploy/start.sh", "web"]
