# Production image for conf_portal: gunicorn by default; the Celery worker and beat run
# the same image with another command (see docker-compose.yml).

# --- build stage: resolve the locked runtime dependencies into /app/.venv -----------------
FROM python:3.11-slim-bookworm AS build

ENV UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv

# Same uv as the dev dependency group in pyproject.toml.
RUN pip install --no-cache-dir --disable-pip-version-check "uv==0.13.9"

WORKDIR /app
# Only the dependency manifests, so code changes do not invalidate this layer.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev

# --- runtime stage ----------------------------------------------------------------------
FROM python:3.11-slim-bookworm

# WeasyPrint loads Pango, HarfBuzz (and its subsetter) and fontconfig at run time; it
# needs at least one font to draw text. fonts-dejavu-core covers Latin, Greek, Cyrillic.
# poppler-utils: pdftotext finds where a paper's references start (page limits).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fontconfig fonts-dejavu-core poppler-utils \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --uid 10001 --user-group app

ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=conf_portal.settings.production \
    CONF_PORTAL_VAR_DIR=/app/var \
    WEB_CONCURRENCY=3

WORKDIR /app
COPY --from=build /app/.venv /app/.venv
COPY . .

# Static files are baked into the image (served by whitenoise), owned by root so the app
# cannot alter them. The secret only satisfies production settings; it is not kept.
# media/ and beat/ are created here, owned by app, so that named volumes mounted there
# start out writable by the non-root user.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret python manage.py collectstatic --noinput \
    && mkdir -p var/media var/beat \
    && chown app:app var var/media var/beat

USER app
EXPOSE 8000

# gunicorn reads the worker count from WEB_CONCURRENCY. The heartbeat file goes to
# /dev/shm: on a container's overlay filesystem it can stall workers.
CMD ["gunicorn", "conf_portal.wsgi:application", "--bind", "0.0.0.0:8000", \
     "--access-logfile", "-", "--worker-tmp-dir", "/dev/shm"]
