#!/usr/bin/env bash
# One command for hygiene: ruff (lint and format) and mypy --strict on the library.
# scripts/lint.sh --fix rewrites what ruff can fix.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--fix" ]; then
  .venv/bin/ruff check --fix claimledger tests benchmarks
  .venv/bin/ruff format claimledger tests benchmarks
fi
.venv/bin/ruff check claimledger tests benchmarks
.venv/bin/ruff format --check claimledger tests benchmarks
.venv/bin/mypy claimledger
