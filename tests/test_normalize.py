"""Normalisation with an exact offset map (text.normalize)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.text.fold import fold
from review_pipeline.text.normalize import collapse_runs, is_noise_char, normalize, normalize_term


def test_width_case_traditional_fold_keep_offsets() -> None:
    text = "網絡賭場ＡＢＣ拍賣"
    n = normalize(text)
    assert n.text == "网络赌场abc拍卖"
    assert n.span(0, 4) == (0, 4)
    assert n.span(4, 7) == (4, 7)


def test_noise_is_dropped_and_mapped_back() -> None:
    text = "赌\u200b博，网 站🎲！"
    n = normalize(text)
    assert n.text == "赌博网站"
    assert n.span(0, 2) == (0, 3)  # zero-width space inside
    assert text[slice(*n.span(2, 4))] == "网 站"


def test_cjk_letters_and_digits_are_never_noise() -> None:
    assert normalize("中间国").text == "中间国"
    for ch in "中a1Я٣ぁ한":
        assert not is_noise_char(ch)
    for ch in " ，。!@#¥\u200d\ufeff\u0301🀄\n":
        assert is_noise_char(ch)


def test_combining_marks_are_noise() -> None:
    n = normalize("赌\u0301\u0308博")
    assert n.text == "赌博"
    assert n.span(0, 2) == (0, 4)


def test_enclosed_characters_only_when_asked() -> None:
    assert normalize("①⒜Ⓑ❸", enclosed=True).text == "1ab3"
    assert normalize("⒜", enclosed=False).text == ""  # a symbol, so noise
    assert normalize("⑩", enclosed=True).text == "⑩"  # two digits: never folded to one


def test_collapse_repeats_spans_cover_whole_runs() -> None:
    text = "赌赌赌，博博"
    n = normalize(text, collapse_repeats=True)
    assert n.text == "赌博"
    assert n.span(0, 2) == (0, 6)
    assert collapse_runs("哈哈大笑") == ("哈大笑", (2, 1, 1))


def test_terms_normalise_like_text() -> None:
    assert normalize_term("  賭-球 ") == "赌球"
    assert normalize_term("、、") == ""


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("赌博網站abcＡＢＣ中国 ，。\u200b🎲①\u0301Ÿ9"), max_size=40))
def test_every_normalised_character_points_at_its_original(text: str) -> None:
    n = normalize(text)
    assert len(n.text) == len(n.starts) == len(n.ends)
    for i, ch in enumerate(n.text):
        start, end = int(n.starts[i]), int(n.ends[i])
        assert end == start + 1
        assert fold(text[start]).lower() == ch
    if n.text:
        start, end = n.span(0, len(n.text))
        assert normalize(text[start:end]).text == n.text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("赌博哈 ，ab"), max_size=30))
def test_collapsed_spans_normalise_back(text: str) -> None:
    n = normalize(text, collapse_repeats=True)
    for i in range(len(n.text)):
        for j in range(i + 1, len(n.text) + 1):
            start, end = n.span(i, j)
            assert normalize(text[start:end], collapse_repeats=True).text == n.text[i:j]
