"""The two-symbol encoding of `text.phrases` (issue 16, speed of the ads checker) finds exactly what
a plain substring search finds, offsets included, whatever the characters around the phrases.

The ads checker's word lists all go through `PhraseIndex`/`PhraseBank`; the encoding only changes
how pyahocorasick walks its trie, so any difference from a naive search is a bug.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.text.phrases import PhraseBank, PhraseIndex

# CJK, ASCII, full-width, an emoji beyond the BMP, a private-use character (the encoding's own
# symbol range), U+FFFF (where characters beyond the BMP are mapped) and a lone surrogate.
ALPHABET = st.sampled_from([*"最佳产品抢购限时ab1!\n", "！", "😀", "\ue001", "\uffff", "\ud800"])


def naive(phrases: list[str], text: str) -> set[tuple[int, int, int]]:
    return {
        (i, i + len(p), j)
        for j, p in enumerate(phrases)
        for i in range(len(text) - len(p) + 1)
        if text.startswith(p, i)
    }


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(ALPHABET, min_size=1, max_size=3), min_size=1, max_size=6),
    st.text(ALPHABET, max_size=40),
)
def test_find_equals_a_plain_substring_search(phrases: list[str], text: str) -> None:
    # keys are folded when the index is built; texts given to `find` are folded already
    from review_pipeline.text.fold import fold

    folded_phrases = [fold(p) for p in phrases]
    folded_text = fold(text)
    index = PhraseIndex((p, j) for j, p in enumerate(phrases))
    expected = {(s, e, j) for s, e, j in naive(folded_phrases, folded_text) if folded_phrases[j]}
    assert set(index.find(folded_text)) == expected
    bank = PhraseBank([index])
    slot = bank.slot(index)
    assert set(bank.scan(folded_text)[slot] if slot is not None else []) == expected


def test_real_ad_words_are_found_at_their_offsets() -> None:
    index = PhraseIndex([("全网最低价", "abs"), ("限时抢购", "buy"), ("扫码下单", "buy")])
    text = "家人们😀限时抢购，全网最低价！扫码下单"
    hits = sorted(index.find(text))
    assert [(text[s:e], p) for s, e, p in hits] == [
        ("限时抢购", "buy"),
        ("全网最低价", "abs"),
        ("扫码下单", "buy"),
    ]
