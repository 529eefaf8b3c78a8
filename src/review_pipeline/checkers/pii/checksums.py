"""Check digits of Chinese identifiers: GB 11643 (resident ID), Luhn (bank cards), GB 32100 (USCC).

All functions take the bare code (no separators) and never raise on malformed input: they
return False.
"""

from __future__ import annotations

from datetime import date

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

# First two digits of a resident ID: provinces (GB/T 2260), 71 Taiwan, 81/82 Hong Kong/Macau,
# 83 residence permits for Taiwan residents. The rest of the region code is NOT checked: numbers
# are issued for life, so abolished county codes stay valid.
ID_PROVINCES = frozenset(
    (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
     50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83)
)

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def resident_id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character (ISO 7064 MOD 11-2) for 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1850 <= year <= 2100


def valid_resident_id(code: str) -> bool:
    """An 18-digit resident ID (or 2023 foreign permanent-resident ID, first digit 9): region,
    real birth date, check digit."""
    code = code.upper()
    if len(code) != 18 or not code[:17].isdigit() or not (code[17].isdigit() or code[17] == "X"):
        return False
    foreign = code[0] == "9"
    if not foreign and int(code[:2]) not in ID_PROVINCES:
        return False
    if not foreign and not _real_date(int(code[6:10]), int(code[10:12]), int(code[12:14])):
        return False
    return resident_id_check_char(code[:17]) == code[17]


def valid_legacy_resident_id(code: str) -> bool:
    """A 15-digit pre-1999 ID: region and a real 19YY birth date (it has no check digit)."""
    if len(code) != 15 or not code.isdigit() or int(code[:2]) not in ID_PROVINCES:
        return False
    return _real_date(1900 + int(code[6:8]), int(code[8:10]), int(code[10:12]))


def upgrade_legacy_id(code: str) -> str:
    """The 18-digit form of a 15-digit ID: insert '19' before the year, append the check digit."""
    first17 = code[:6] + "19" + code[6:]
    return first17 + resident_id_check_char(first17)


def luhn_valid(digits: str) -> bool:
    """The Luhn (ISO/IEC 7812) check used by bank cards."""
    if not digits.isdigit() or len(digits) < 2:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The digit that makes `payload + digit` Luhn-valid."""
    for d in "0123456789":
        if luhn_valid(payload + d):
            return d
    raise ValueError("no Luhn digit")  # pragma: no cover - one of ten always fits


def uscc_check_char(first17: str) -> str | None:
    """The GB 32100-2015 check character for 17 code characters, or None if a char is invalid."""
    total = 0
    for ch, w in zip(first17.upper(), USCC_WEIGHTS, strict=True):
        value = USCC_CHARS.find(ch)
        if value < 0:
            return None
        total += value * w
    return USCC_CHARS[(31 - total % 31) % 31]


def valid_uscc(code: str) -> bool:
    """A unified social credit code (organisations, not persons): 18 chars, MOD 31 check."""
    if len(code) != 18:
        return False
    return uscc_check_char(code[:17]) == code[17].upper()
