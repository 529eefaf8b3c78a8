"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "regulation.txt"  # copy of shared/seed/000_7c06ceb9f00119fd.txt


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def regulation_text() -> str:
    """The regulation the project implements (shared/seed), when the checkout sits beside it."""
    if not SEED.is_file():
        pytest.skip("tests/data/regulation.txt is missing")
    return SEED.read_text(encoding="utf-8")
