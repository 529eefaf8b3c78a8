"""Commercial advertising (article 18, 广告法): word lists, link rules and the signals that weigh them."""

from review_pipeline.checkers.ads.checker import AdsChecker, AdsOptions

__all__ = ["AdsChecker", "AdsOptions"]
