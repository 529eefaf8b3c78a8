"""The gated patterns' one-character keys: which of them a text holds, answered for every gated set
at once (text/patterns.py `_GateChars`), must be exactly what `ch in text` says for each key."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.text.patterns import _GATE_CHARS, GatedPatterns

# keys the default pipeline gates on (号, 人, digits, stops), a key beyond the BMP (an emoji) and
# characters no gate uses
ALPHABET = st.sampled_from("号人起1。,!第条款abc\n😂👍\ud800 ")


# keys: 第一条/第二条/第三条 and 1号… (phrases), 号, 人, 😂 and 👍 (one character: `_GateChars`)
PATTERNS = [("第[一二三]条", "article"), ("[0-9]号", "number"), ("号(?=楼)", "building"), ("人(?=起)", "person"), ("😂+", "emoji"), ("👍", "thumb")]


def _gated() -> GatedPatterns[str]:
    return GatedPatterns(PATTERNS)


def test_one_character_keys_are_found_in_one_pass_for_every_gated_set() -> None:
    gated = _gated()
    text = "第一条：1号楼3人起火😂😂。"
    assert gated._char_keys == {"号", "人", "😂", "👍"}
    assert _GATE_CHARS.present(text) >= {"号", "人", "😂"}
    assert "👍" not in _GATE_CHARS.present(text)
    assert list(gated.find(text, gated.keys.find(text))) == [
        (0, 3, "article"), (4, 6, "number"), (5, 6, "building"), (8, 9, "person"), (11, 13, "emoji")
    ]
    assert _GATE_CHARS.present("") == frozenset()


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, max_size=60), st.integers(min_value=0, max_value=3))
def test_the_shared_answer_is_what_a_test_per_key_gives(text: str, repeat: int) -> None:
    gated = _gated()
    text = text * (repeat * 400 + 1)  # past the length the answers are remembered for, sometimes
    assert gated._char_keys & _GATE_CHARS.present(text) == {c for c in gated._char_keys if c in text}
    everything = [
        (m.start(), m.end(), payload)
        for source, payload in PATTERNS
        for m in re.finditer(source, text)
        if m.end() > m.start()
    ]
    assert list(gated.find(text, gated.keys.find(text))) == everything
    assert list(gated.find(text, gated.keys.find(text))) == everything  # the remembered answer
