#!/usr/bin/env bash
# The main job on the bundled examples: install claimledger into .venv, build a SQLite ledger
# from examples/ (articles written for the project, six weeks of two claimants' running totals
# and daily figures) with a slice of the ua-mod reference series (reference-data/, MIT), print
# its claims, a comparison and the inconsistencies found in them. The ledger is left at
# examples.db for you to explore: `claimledger serve --db examples.db` opens onto the timeline.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then "${PYTHON:-python3}" -m venv .venv; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -U pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
rm -f examples.db examples.db-wal examples.db-shm
.venv/bin/claimledger ingest examples/ --db examples.db
.venv/bin/claimledger reference load ua-mod reference-data/ua-mod --db examples.db
.venv/bin/claimledger claims --db examples.db --format table
.venv/bin/claimledger compare --metric personnel.killed --subject Russia --since 2024-05-31 --db examples.db
.venv/bin/claimledger check --db examples.db --format table
echo "Next: .venv/bin/claimledger serve --db examples.db   (then open http://127.0.0.1:8000/timeline)"

