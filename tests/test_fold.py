"""`fold` is one character to one character, whichever path (short or array) it takes."""

from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.text.fold import fold, fold_table

CHINESE = st.sampled_from("繁體字简体字ＡＢＣａｂｃABCabc，。！？　“”「」😀\u200b\ud800\U0002a6a5")


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.text(CHINESE, min_size=90, max_size=400), st.text(min_size=90, max_size=400)))
def test_fold_matches_the_table_and_keeps_length(text):
    folded = fold(text)
    assert folded == text.translate(fold_table())
    assert len(folded) == len(text)


def test_fold_of_a_post():
    post = "關於做好防汛工作的通知：ＡＰＰ下載請到官網，聯繫電話１３８。" * 5
    assert fold(post).startswith("关于做好防汛工作的通知:app下载请到官网,联系电话138。")
