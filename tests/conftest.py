"""Shared test fixtures.

`shared` points at ../shared (the development corpus, gold file and reference data that live
beside the repository); tests that need it skip with the reason when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMLEDGER_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus" / "dev").is_dir():
        pytest.skip(f"needs the shared development data at {SHARED} (not present here)")
    return SHARED
