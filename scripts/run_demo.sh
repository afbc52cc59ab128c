#!/usr/bin/env bash
# Runs the demo: Django's server plus a real Celery worker with beat on the embedded broker.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
cd "$(dirname "$0")/.."
.venv/bin/celery -A conf_portal worker --beat --pool=solo --loglevel=INFO &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM
cat <<MSG

  conf_portal is running at http://$host:$port/
  Sign in with any demo login above (password: conf-portal-demo).
  Emails (sign-up verification, password reset) are printed below by the Celery worker.
  Stop with Ctrl-C.

MSG
.venv/bin/python manage.py runserver "$host:$port"
