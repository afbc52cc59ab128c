#!/usr/bin/env bash
# Runs the demo: Django's server plus a real Celery worker with beat on the embedded broker.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
# Links in emails; `make demo` sets it from HOST and PORT before migrate names the Site after it.
export SITE_URL=${SITE_URL:-http://$host:$port}
cd "$(dirname "$0")/.."
.venv/bin/celery -A conf_portal worker --beat --pool=solo --loglevel=INFO &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM
cat <<MSG

  conf_portal is running at http://$host:$port/
  Sign in with any demo login above (password: conf-portal-demo).
  Emails (sign-up verification, password reset) are printed below by the Celery worker;
  their links start with $SITE_URL.
  Stop with Ctrl-C.

MSG
.venv/bin/python manage.py runserver "$host:$port"
