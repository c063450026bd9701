#!/usr/bin/env bash
# The test command (README, CI): install what the tests need — the package with its test
# extras in .venv, PostgreSQL and Chromium from Debian's packages — start a throwaway
# PostgreSQL server on a loopback port, run the whole suite, stop the server. Exits non-zero
# on any failure.
# Arguments are passed to pytest (e.g. scripts/test.sh -k eval).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[test.sh] %s\n' "$*" >&2; }

# -- Python packages -------------------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -U pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"

# -- System packages -------------------------------------------------------------------------
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    log "missing system packages ($*) and not root: install them, or run as root"; return 1
  fi
  if [ -z "${_APT_UPDATED:-}" ]; then apt-get update -qq; _APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  log "installing PostgreSQL"; apt_install postgresql
fi
# The web tests drive Debian's Chromium with Playwright (never `playwright install`, which
# downloads a browser from outside the package registries); a font so pages render text.
if [ ! -x /usr/bin/chromium ]; then
  log "installing Chromium"; apt_install chromium fonts-dejavu-core
fi

# -- A throwaway PostgreSQL on loopback --------------------------------------------------------
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGDIR=$(mktemp -d /tmp/claimledger-pg.XXXXXX)
PGPORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() {
  # PostgreSQL refuses to run as root: run its tools as the postgres user when we are root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$PGDIR"; fi
stop_pg() {
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap stop_pg EXIT
as_pg "$PGBIN/initdb" -D "$PGDIR/data" --auth=trust -U postgres -E UTF8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
log "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT"
export CLAIMLEDGER_TEST_PG="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"

# -- The suite ---------------------------------------------------------------------------------
.venv/bin/python -m pytest "$@"
