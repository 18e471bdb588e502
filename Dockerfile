# The portal's image: web (gunicorn), worker and beat all run it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# What pip cannot install: Pango for WeasyPrint, Liberation Serif (Times-compatible, every Vietnamese glyph).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 fontconfig \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN pip install -r requirements.txt -c constraints.txt
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && useradd --system --uid 1000 portal && mkdir -p /app/media && chown portal /app/media
USER portal

EXPOSE 8000
CMD ["gunicorn", "plan808.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
