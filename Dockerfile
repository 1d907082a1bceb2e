# The portal's image: one image for web (gunicorn), worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=easy.settings.production
# WeasyPrint needs Pango; curl is for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 easy
WORKDIR /app
COPY . .
RUN pip install --upgrade pip && pip install . \
 && SECRET_KEY=build-only-collectstatic-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \
    DJANGO_SETTINGS_MODULE=easy.settings.local python manage.py collectstatic --noinput -v0
USER easy
EXPOSE 8000
# Behind the proxy (deploy/Caddyfile): a request running past 60 s is killed and its worker
# replaced; idle keep-alive connections from the proxy close after 5 s.
CMD ["gunicorn", "easy.wsgi:application", "-c", "easy/gunicorn.conf.py", \
     "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "60", "--graceful-timeout", "30", "--keep-alive", "5", "--access-logfile", "-"]
