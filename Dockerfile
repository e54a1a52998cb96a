# Production image: gunicorn + whitenoise; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# LibreOffice renders PDF previews of generated reports; the Liberation fonts stand in for Times New Roman;
# postgresql-client gives «manage.py backup» its pg_dump / pg_restore.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation2 postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN DJANGO_ENV=production SECRET_KEY=build-only-collectstatic python manage.py collectstatic --noinput

RUN useradd --create-home portal && mkdir -p /app/media && chown portal /app/media
USER portal
EXPOSE 8000
# Workers, preload and timeout: gunicorn.conf.py (read from WORKDIR), as bench/load.py measures them.
CMD ["gunicorn", "homeaffairs.wsgi:application", "--bind", "0.0.0.0:8000"]
