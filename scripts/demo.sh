#!/usr/bin/env bash
# The main job on the bundled examples: install claimledger into .venv, build a SQLite ledger
# from examples/ (articles written for the project), print its claims and the inconsistencies
# found in them. The ledger is left at examples.db for you to explore
# (claimledger claims --db examples.db --format jsonl, claimledger serve --db examples.db …).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then "${PYTHON:-python3}" -m venv .venv; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -U pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
rm -f examples.db examples.db-wal examples.db-shm
.venv/bin/claimledger ingest examples/ --db examples.db
.venv/bin/claimledger claims --db examples.db --format table
if .venv/bin/claimledger --help | grep -q " check "; then
  .venv/bin/claimledger check --db examples.db --format table
fi
