#!/usr/bin/env bash
# 50 readers for 60 s against the production server (gunicorn, production settings) on loopback.
# Uses its own SQLite database unless LOADTEST_DATABASE_URL is set. Prints locust's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
port=${LOADTEST_PORT:-8765}
export DJANGO_SETTINGS_MODULE=mito.settings.prod
export DJANGO_SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=false  # plain HTTP on loopback; TLS belongs to the proxy
export DATABASE_URL=${LOADTEST_DATABASE_URL:-sqlite:///$work/loadtest.sqlite3}
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py load_catalogue >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/gunicorn mito.wsgi --workers 4 --bind 127.0.0.1:$port --log-level warning &
server=$!
trap 'kill $server; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null http://127.0.0.1:$port/ && break; sleep 0.2; done
.venv/bin/locust -f loadtest/locustfile.py --headless --users 50 --spawn-rate 50 \
    --run-time 60s --host http://127.0.0.1:$port --only-summary --csv "$work/stats" 2>&1 | tail -25
