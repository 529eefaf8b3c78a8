"""Personal information in Chinese posts: detection (presidio + our recognizers) and masking.

The checker in `checkers/pii.py` is the only user; nothing here knows about findings.
"""
