"""Sign-off tiers (article 15): ordinary, important and major items routed to their roles."""

from review_pipeline.checkers.tiers.checker import TiersChecker, TiersOptions

__all__ = ["TiersChecker", "TiersOptions"]
