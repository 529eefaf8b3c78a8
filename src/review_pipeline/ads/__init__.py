"""Signal detection for the `ads` checker (article 18: no commercial ads, no links to ad pages).

`signals` finds words and patterns with their context rules; `links` finds shop links in the
text and in `Document.meta`. The checker in `checkers/ads.py` scores and reports them.
"""
