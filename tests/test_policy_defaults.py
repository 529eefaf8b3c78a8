"""The built-in policy names every option of every checker, so that a city copying it sees every
knob (the option models hold the defaults; this test keeps default.yaml in step with them)."""

from __future__ import annotations

import pytest
import yaml

from review_pipeline.checkers.registry import load_checker_class
from review_pipeline.policy import builtin_dir, load_policy

DEFAULT = builtin_dir("policies") / "default.yaml"


def sections() -> dict[str, dict]:
    data = yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))
    return data["checkers"]


@pytest.mark.parametrize("name", sorted(sections()))
def test_default_policy_names_every_option(name: str) -> None:
    options = load_checker_class(name).Options
    missing = sorted(set(options.model_fields) - set(sections()[name] or {}) - {"enabled"})
    assert not missing, f"policies/default.yaml checkers.{name} lacks {missing}"


def test_every_builtin_checker_has_a_section() -> None:
    from review_pipeline.checkers.registry import available_checkers

    builtin = {n for n in available_checkers() if load_checker_class(n).__module__.startswith("review_pipeline.")}
    assert builtin <= set(sections())


def test_default_policy_loads_and_builds() -> None:
    from review_pipeline import Pipeline

    pipeline = Pipeline.from_policy(load_policy("default"))
    assert {c.name for c in pipeline.checkers} == set(sections())


@pytest.mark.parametrize("name", sorted(sections()))
def test_default_policy_numbers_are_the_option_defaults(name: str) -> None:
    """Windows, thresholds and switches: one default, the option model's; default.yaml shows it."""
    options = load_checker_class(name).Options
    for key, value in (sections()[name] or {}).items():
        field = options.model_fields.get(key)
        if field is None or isinstance(value, (str, list, dict)) or key == "enabled":
            continue
        assert value == field.get_default(call_default_factory=True), f"checkers.{name}.{key}"
