"""Length-preserving folding: full width -> half width, case, traditional -> simplified.

Every mapping is one character to one character, so offsets in the folded text are
offsets in the original; checkers that also drop characters use `OffsetMap`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@lru_cache(maxsize=1)
def _traditional_to_simplified() -> dict[int, str]:
    """Traditional -> simplified, one character each; cached on disk (OpenCC takes ~1 s)."""
    import importlib.metadata

    from review_pipeline.text.diskcache import cached, source_digest

    key = f"opencc={importlib.metadata.version('opencc')};ranges={_CJK_RANGES};code={source_digest(__file__)}"
    return cached("t2s", key, _build_traditional_to_simplified)


def _build_traditional_to_simplified() -> dict[int, str]:
    # OpenCC converts phrase by phrase; converting each character on its own line keeps the
    # mapping one-to-one, which is what exact offsets need.
    import opencc

    chars = [chr(cp) for lo, hi in _CJK_RANGES for cp in range(lo, hi)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - defensive: never trust a silent shift
        raise RuntimeError("OpenCC changed the number of lines; cannot build a 1:1 table")
    return {ord(a): b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """The `str.translate` table used by `fold` (built once per process)."""
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII block
        table[cp] = chr(cp - 0xFEE0)
    table[0x3000] = " "  # ideographic space
    table.update(_traditional_to_simplified())
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp + 32)
    for cp in range(0xFF21, 0xFF3B):  # full-width capitals fold straight to lower case
        table[cp] = chr(cp - 0xFEE0 + 32)
    return table


_SHORT = 96  # below this, str.translate's per-call cost is lower than the array round trip


class _TranslateTable(dict[int, "str | int"]):
    """`fold_table` for `str.translate`, which also holds every character met that folds to
    itself: translate then finds each character instead of raising and catching a LookupError
    for most of them (a 30-character fingerprint context folds in half the time)."""

    def __missing__(self, key: int) -> int:
        self[key] = key
        return key


@lru_cache(maxsize=1)
def _translate_table() -> _TranslateTable:
    return _TranslateTable(fold_table())


@lru_cache(maxsize=1)
def _fold_array() -> Any:
    """`fold_table` as a code-point -> code-point array over the Basic Multilingual Plane (every
    folded character lives there; characters beyond it never change)."""
    import numpy as np

    codes = np.arange(0x10000, dtype=np.uint32)
    for cp, folded in fold_table().items():
        codes[cp] = ord(folded)
    return codes


def fold(text: str) -> str:
    """Fold width, ASCII case and traditional characters; the result has the same length."""
    if len(text) < _SHORT:
        return text.translate(_translate_table())
    # A post's worth of text: one gather over UTF-32 code units, ~10x faster than translate's
    # dictionary look-up per character.
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = _fold_array()
    bmp = codes < 0x10000
    if bmp.all():
        folded = table[codes]
    else:
        folded = codes.copy()
        folded[bmp] = table[codes[bmp]]
    return folded.tobytes().decode("utf-32-le", "surrogatepass")


def fold_char(ch: str) -> str:
    """`fold` for one character."""
    return fold_table().get(ord(ch), ch)
