"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

# The recorded real PRONOTE answers live beside the repository, never inside it.
PRONOTE_REAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "pronote-real"


@pytest.fixture
def pronote_real() -> Path:
    """The folder of recorded real PRONOTE answers; skips the test when it is absent."""
    if not PRONOTE_REAL.is_dir():
        pytest.skip(f"enregistrements PRONOTE absents : {PRONOTE_REAL}")
    return PRONOTE_REAL
