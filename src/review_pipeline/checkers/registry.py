"""Find checker classes by name through the `review_pipeline.checkers` entry-point group."""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import EntryPoint, entry_points

GROUP = "review_pipeline.checkers"


class CheckerNotFound(LookupError):
    """No installed package registers a checker by that name."""


@lru_cache(maxsize=1)
def _entry_points() -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def available_checkers() -> list[str]:
    """Names of every installed checker, built-in or from another package."""
    return sorted(_entry_points())


def load_checker_class(name: str) -> type:
    """The class registered under `name`; `CheckerNotFound` when nothing registers it."""
    ep = _entry_points().get(name)
    if ep is None:
        _entry_points.cache_clear()  # a package installed since the first look
        ep = _entry_points().get(name)
    if ep is None:
        raise CheckerNotFound(f"no checker named {name!r}; installed: {', '.join(available_checkers())}")
    loaded: type = ep.load()
    return loaded
