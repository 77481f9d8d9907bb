# Production-shaped image: gunicorn for the web; the same image runs the Celery workers and beat.
# Nothing is written to the image's disk that another process needs: report files go to object storage.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production \
    LOG_FORMAT=json
WORKDIR /app
# pg_dump / pg_restore for the scheduled backups (their major version must be at least the server's).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN useradd --create-home app && mkdir -p /app/var && chown app /app/var
USER app
EXPOSE 8000
# Each request is logged by the app as one JSON line with its request id (no separate access log).
CMD ["gunicorn", "config.wsgi:application", "-c", "config/gunicorn.conf.py", "--bind", "0.0.0.0:8000"]
