"""Small helpers for numbers as written in posts: separators, area codes, country prefixes."""

from __future__ import annotations

import re

# first characters of a vehicle plate (provinces, embassy 使, consulate 领)
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_COUNTRY_PREFIX = re.compile(r"^(?:\+|00)?86[ \-]?(?=1[3-9])")


def compact(value: str) -> str:
    """`value` without separators (spaces, dashes, dots, brackets), upper case ASCII."""
    return _NOT_ALNUM.sub("", value).upper()


def country_prefix_length(value: str) -> int:
    """Length of a leading +86 / 0086 / 86 before a mobile number (0 when there is none)."""
    m = _COUNTRY_PREFIX.match(value)
    return m.end() if m else 0


def split_landline(digits: str, three_digit_codes: frozenset[str]) -> tuple[str, str] | None:
    """(area code, local number) of a landline written as digits, or None when it is not one.

    Codes 010 and 02x have three digits (8-digit local numbers), every other code four,
    0300-0999; the local number has 7 or 8 digits and starts with 2-9.
    """
    if digits[:3] in three_digit_codes:
        code, local = digits[:3], digits[3:]
    elif re.fullmatch(r"0[3-9][0-9]{2}", digits[:4]):
        code, local = digits[:4], digits[4:]
    else:
        return None
    if not (7 <= len(local) <= 8) or local[0] in "01":
        return None
    return code, local
