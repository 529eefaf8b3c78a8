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


@pytest.fixture
def install_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Install a checker package for real (a module + its .dist-info with an entry point).

    `install_plugin("acme_checks", source, {"acme": "acme_checks:AcmeChecker"})` makes the
    checker `acme` discoverable through importlib.metadata, exactly as `pip install` would.
    """
    import sys

    from review_pipeline.checkers import registry

    def install(module: str, source: str, entry_points: dict[str, str]) -> Path:
        site = tmp_path / "site-packages"
        site.mkdir(exist_ok=True)
        (site / f"{module}.py").write_text(source, encoding="utf-8")
        dist = site / f"{module}-1.0.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n", encoding="utf-8")
        lines = "\n".join(f"{name} = {target}" for name, target in entry_points.items())
        (dist / "entry_points.txt").write_text(f"[review_pipeline.checkers]\n{lines}\n", encoding="utf-8")
        monkeypatch.syspath_prepend(str(site))
        registry._entry_points.cache_clear()
        return site

    yield install
    registry._entry_points.cache_clear()
    for name in [m for m in sys.modules if m.startswith("rp_test_")]:
        del sys.modules[name]
