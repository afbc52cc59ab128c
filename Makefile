# conf_portal — the two commands a newcomer runs are `make demo` and `make test`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install system-deps check lint format vendor clean

$(VENV)/bin/uv:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

install: $(VENV)/bin/uv  ## Python environment from uv.lock (runtime and dev tools)
	$(UV) sync --frozen --quiet

system-deps:  ## Debian packages the tests need: chromium for Playwright, poppler for pdftotext
	@bash scripts/install_system_deps.sh

# The demo's emails (and the site name in account emails) link to where it listens; set SITE_URL
# to override, e.g. behind a tunnel. migrate names the sites-framework Site after it.
demo: export SITE_URL ?= http://$(HOST):$(PORT)
demo: install  ## Install, load the demo data and run the web server with a Celery worker and beat
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	bash scripts/run_demo.sh $(HOST) $(PORT)

test: install system-deps  ## Install and run the whole test suite (set DATABASE_URL/REDIS_URL for real services)
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: lint  ## What CI checks besides the tests
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

vendor:  ## Refresh static/vendor from the npm registry (versions in package.json)
	npm install --no-save --no-audit --no-fund
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css static/vendor/bootstrap-icons/
	cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff* static/vendor/bootstrap-icons/fonts/

clean:
	rm -rf var/celery var/cache var/test-media test-artifacts
