#!/usr/bin/env bash
# Installs (when missing) and starts Debian's PostgreSQL, creates the test role and database, and prints the
# environment the PostgreSQL contract tests read. Idempotent; runs as root on Debian 12.
#   eval "$(.ci/postgres.sh)"   # then run the tests in the same shell
set -euo pipefail

DB_USER="${METERHUB_PG_USER:-meterhub}"
DB_PASSWORD="${METERHUB_PG_PASSWORD:-meterhub}"
DB_NAME="${METERHUB_PG_DB:-meterhub_test}"
PORT="${METERHUB_PG_PORT:-5432}"

log() { echo "postgres.sh: $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y postgresql >&2
fi

VERSION="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)"
if [[ -z "${VERSION}" ]]; then
  VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  log "creating cluster ${VERSION}/main"
  pg_createcluster "${VERSION}" main >&2
fi

if ! pg_ctlcluster "${VERSION}" main status >/dev/null 2>&1; then
  log "starting cluster ${VERSION}/main"
  pg_ctlcluster "${VERSION}" main start >&2
fi

psql_admin() { runuser -u postgres -- psql -p "${PORT}" -v ON_ERROR_STOP=1 -qtA "$@"; }

for _ in $(seq 1 60); do
  if runuser -u postgres -- pg_isready -q -p "${PORT}" && psql_admin -c 'SELECT 1' >/dev/null 2>&1; then
    break
  fi
  sleep 1
done
psql_admin -c 'SELECT 1' >/dev/null

if [[ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '${DB_USER}'")" != "1" ]]; then
  log "creating role ${DB_USER}"
  psql_admin -c "CREATE ROLE ${DB_USER} LOGIN PASSWORD '${DB_PASSWORD}'" >/dev/null \
    || log "role ${DB_USER} already exists"
fi
if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}'")" != "1" ]]; then
  log "creating database ${DB_NAME}"
  psql_admin -c "CREATE DATABASE ${DB_NAME} OWNER ${DB_USER}" >/dev/null \
    || log "database ${DB_NAME} already exists"
fi

# Wait until the role can log in over TCP with its password (what the JDBC driver does).
for _ in $(seq 1 30); do
  if PGPASSWORD="${DB_PASSWORD}" psql -h 127.0.0.1 -p "${PORT}" -U "${DB_USER}" -d "${DB_NAME}" -qtA -c 'SELECT 1' \
      >/dev/null 2>&1; then
    echo "export METERHUB_TEST_DB_URL=jdbc:postgresql://127.0.0.1:${PORT}/${DB_NAME}"
    echo "export METERHUB_TEST_DB_USER=${DB_USER}"
    echo "export METERHUB_TEST_DB_PASSWORD=${DB_PASSWORD}"
    exit 0
  fi
  sleep 1
done
log "PostgreSQL does not accept connections for ${DB_USER}@127.0.0.1:${PORT}/${DB_NAME}"
exit 1
