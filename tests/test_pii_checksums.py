"""Check digits: vectors computed by hand-written independent code, valid and invalid."""

from __future__ import annotations

import pytest

from review_pipeline.checkers.pii.checksums import (
    luhn_valid,
    resident_id_check_char,
    upgrade_legacy_id,
    valid_legacy_resident_id,
    valid_resident_id,
    valid_uscc,
)


@pytest.mark.parametrize(
    "code", ["450602199001011239", "11010519491231002X", "11010519491231002x", "440304198510224566", "460000199909090017"]
)
def test_valid_resident_ids(code: str) -> None:
    assert valid_resident_id(code)


@pytest.mark.parametrize(
    "code",
    [
        "450602199001011236",  # wrong check digit
        "110105194912310021",  # X replaced by 1
        "450602199002301238",  # 30 February
        "990602199001011231",  # no province 99 … (and 9 = foreign only with a real check)
        "00060219900101123X",  # region 00
        "45060219900101123",  # 17 digits
    ],
)
def test_invalid_resident_ids(code: str) -> None:
    assert not valid_resident_id(code)


def test_check_char_is_mod_11_2() -> None:
    assert resident_id_check_char("11010519491231002") == "X"
    assert resident_id_check_char("45060219900101123") == "9"


def test_legacy_15_digit_ids() -> None:
    assert valid_legacy_resident_id("450602900101123")
    assert not valid_legacy_resident_id("450602901301123")  # month 13
    assert not valid_legacy_resident_id("990602900101123")  # region 99
    assert upgrade_legacy_id("450602900101123") == "450602199001011239"


@pytest.mark.parametrize("digits", ["6222021234567890128", "6217001234567893", "4111111111111111", "62284804025648900"])
def test_luhn_valid(digits: str) -> None:
    assert luhn_valid(digits)


@pytest.mark.parametrize("digits", ["6222021234567890127", "6217001234567894", "4111111111111112", "12a4", ""])
def test_luhn_invalid(digits: str) -> None:
    assert not luhn_valid(digits)


@pytest.mark.parametrize("code", ["91450600MA5K123450", "92450602MA5N8Q1R3T", "11450000007565046W"])
def test_uscc_valid(code: str) -> None:
    assert valid_uscc(code)


@pytest.mark.parametrize("code", ["91450600MA5K123451", "92450602MA5N8Q1R3X", "11450000007565046", "9145060OMA5K12345O"])
def test_uscc_invalid(code: str) -> None:
    assert not valid_uscc(code)
