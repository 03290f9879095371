#!/usr/bin/env bash
# Everything `make demo` and `make test` need, idempotent:
#   services (PostgreSQL, Redis: installed with apt-get when absent, started
#   when not running), the .venv with the pinned stack and this project,
#   the compiled message catalogues, the database role and databases,
#   ckan.ini (generated once, secrets included).
# Usage: scripts/setup.sh [demo|test]
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-demo}
: "${SATUDATA_DB_URL:=postgresql://satudata:satudata@127.0.0.1:5432/satudata}"
: "${SATUDATA_TEST_DB_URL:=postgresql://satudata:satudata@127.0.0.1:5432/satudata_test}"
: "${SATUDATA_REDIS_URL:=redis://127.0.0.1:6379/1}"
: "${SATUDATA_TEST_REDIS_URL:=redis://127.0.0.1:6379/2}"
: "${SATUDATA_HOST:=127.0.0.1}"
: "${SATUDATA_PORT:=5000}"
PYTHON=${PYTHON:-python3}
VENV=.venv

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- parse a URL with the system Python (no venv needed yet) -------------
url_part() {  # url_part URL field
  "$PYTHON" - "$1" "$2" <<'PY'
import sys
from urllib.parse import urlparse, unquote
u = urlparse(sys.argv[1]); f = sys.argv[2]
print({"user": unquote(u.username or ""), "password": unquote(u.password or ""),
       "host": u.hostname or "127.0.0.1", "port": u.port or {"redis": 6379}.get(u.scheme, 5432),
       "db": u.path.lstrip("/")}[f])
PY
}

apt_install() {
  if ! command -v apt-get >/dev/null; then
    echo "Please install: $*" >&2; exit 1
  fi
  if [ -z "${_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq; _APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- PostgreSQL ---------------------------------------------------------
ensure_postgres() {
  local host port
  host=$(url_part "$DB_URL" host); port=$(url_part "$DB_URL" port)
  if pg_isready -q -h "$host" -p "$port" 2>/dev/null; then return; fi
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    say "Installing PostgreSQL"
    apt_install postgresql postgresql-contrib
  fi
  if ! pg_isready -q -h "$host" -p "$port"; then
    say "Starting PostgreSQL"
    local cluster
    for cluster in /etc/postgresql/*/main; do
      [ -d "$cluster" ] || continue
      pg_ctlcluster --skip-systemctl-redirect "$(basename "$(dirname "$cluster")")" main start || true
    done
    for _ in $(seq 1 30); do pg_isready -q -h "$host" -p "$port" && break; sleep 1; done
    pg_isready -q -h "$host" -p "$port" || { echo "PostgreSQL is not reachable on $host:$port" >&2; exit 1; }
  fi
}

# run SQL as a PostgreSQL superuser: TCP as postgres (trust), else the socket
# as the postgres system user (peer)
psql_admin() {
  local host port
  host=$(url_part "$DB_URL" host); port=$(url_part "$DB_URL" port)
  if psql -h "$host" -p "$port" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    psql -h "$host" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
  elif [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
    runuser -u postgres -- psql -p "$port" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
  else
    psql -h "$host" -p "$port" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
  fi
}

ensure_database() {  # ensure_database URL
  local user password db
  user=$(url_part "$1" user); password=$(url_part "$1" password); db=$(url_part "$1" db)
  if [ "$(psql_admin -c "select 1 from pg_roles where rolname = '$user'")" != 1 ]; then
    say "Creating database role $user"
    psql_admin -c "create role \"$user\" login password '$password'"
  fi
  if [ "$(psql_admin -c "select 1 from pg_database where datname = '$db'")" != 1 ]; then
    say "Creating database $db"
    psql_admin -c "create database \"$db\" owner \"$user\" encoding 'UTF8' template template0"
  fi
}

# --- Redis --------------------------------------------------------------
ensure_redis() {
  local host port
  host=$(url_part "$REDIS_URL" host); port=$(url_part "$REDIS_URL" port)
  if ! command -v redis-server >/dev/null; then
    say "Installing Redis"
    apt_install redis-server redis-tools
  fi
  if ! redis-cli -h "$host" -p "$port" ping >/dev/null 2>&1; then
    say "Starting Redis"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind "$host" --port "$port" --save "" \
      --appendonly no --dir /tmp --logfile /tmp/satudata-redis.log
    for _ in $(seq 1 20); do redis-cli -h "$host" -p "$port" ping >/dev/null 2>&1 && break; sleep 0.5; done
  fi
}

# --- Python -------------------------------------------------------------
ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    say "Creating $VENV"
    "$PYTHON" -m venv "$VENV" || { apt_install python3-venv; "$PYTHON" -m venv "$VENV"; }
  fi
  local stamp="$VENV/.satudata-installed"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
    say "Installing the pinned CKAN stack and ckanext-satudata into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip setuptools wheel
    "$VENV/bin/python" -m pip install -q -c constraints.txt -e ".[test]"
    touch "$stamp"
  fi
  say "Compiling message catalogues"
  "$VENV/bin/pybabel" -q compile -d ckanext/satudata/i18n -D ckanext-satudata --use-fuzzy 2>/dev/null \
    || "$VENV/bin/pybabel" compile -d ckanext/satudata/i18n -D ckanext-satudata
}

write_ckan_ini() {
  say "Writing ckan.ini from ckan.ini.template (secret kept in .ckan-secret)"
  "$VENV/bin/python" scripts/render_ini.py ckan.ini.template ckan.ini
}

if [ "$MODE" = test ]; then
  DB_URL=$SATUDATA_TEST_DB_URL; REDIS_URL=$SATUDATA_TEST_REDIS_URL
else
  DB_URL=$SATUDATA_DB_URL; REDIS_URL=$SATUDATA_REDIS_URL
fi
command -v psql >/dev/null || apt_install postgresql-client
ensure_postgres
ensure_database "$DB_URL"
# the federation tests' second CKAN (the national catalogue) has its own
if [ "$MODE" = test ]; then ensure_database "${DB_URL}_national"; fi
# `make test` runs the suite in SATUDATA_TEST_WORKERS processes, each with
# its own database (and national catalogue): <test db>_gw0, _gw1, ...
if [ "$MODE" = test ]; then
  for n in $(seq 0 $(( ${SATUDATA_TEST_WORKERS:-2} - 1 ))); do
    ensure_database "${DB_URL}_gw$n"
    ensure_database "${DB_URL}_gw${n}_national"
  done
fi
ensure_redis
ensure_venv
if [ "$MODE" = demo ]; then write_ckan_ini; fi
# the browser tests drive Debian's Chromium (Playwright never downloads one)
if [ "$MODE" = test ] && ! command -v chromium >/dev/null; then
  say "Installing Chromium for the browser tests"
  apt_install chromium
fi
