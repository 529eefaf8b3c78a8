"""Whose voice a span is in: quotation marks, reported speech, interview speaker labels."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.lexicon import LexiconError
from review_pipeline.policy import builtin_dir
from review_pipeline.text.analysis import SENTENCE_STOPS, Segments
from review_pipeline.text.fold import fold
from review_pipeline.text.quotes import SpeechCues, VoiceMap, other_voice, quoted_spans
from review_pipeline.text.segment import word_boundaries

CUES = SpeechCues.load(builtin_dir("lexicons") / "tone" / "speech.tsv")


def voice_texts(text: str) -> list[str]:
    folded = fold(text)
    voice = other_voice(folded, CUES, lambda: word_boundaries(folded))
    return [text[s:e] for s, e in voice.spans]


def test_quotation_and_title_marks_are_someone_elses_words():
    text = "市民王女士说：“我觉得这次改造做得特别好。”电影《我和我的祖国》将放映。"
    spans = quoted_spans(fold(text))
    assert [text[s:e] for s, e in spans] == ["“我觉得这次改造做得特别好。”", "《我和我的祖国》"]


def test_nested_and_unclosed_quotes():
    text = "他说：“老人常讲‘吃亏是福’。”\n“这一段没有收尾\n下一段是账号自己的话。"
    spans = [text[s:e] for s, e in quoted_spans(fold(text))]
    assert spans == ["“老人常讲‘吃亏是福’。”", "“这一段没有收尾"]  # an open quote stops at its paragraph


def test_full_width_ascii_quotes_fold_to_one_pair():
    text = "＂真是无语＂，他这样评价。"
    assert [text[s:e] for s, e in quoted_spans(fold(text))] == ["＂真是无语＂"]


def test_reported_speech_runs_to_the_end_of_the_sentence():
    texts = voice_texts("在接受采访时，李大爷表示，我认为现在看病方便多了。我觉得不错。")
    assert texts == ["，我认为现在看病方便多了。"]


def test_speech_after_a_colon_runs_to_the_end_of_the_paragraph():
    texts = voice_texts("网友留言称：真是无语，排了两个小时！还没办完。\n市政务服务中心已增设窗口。")
    assert texts == ["称：真是无语，排了两个小时！还没办完。"]  # 留言 and 称 both introduce it


def test_attribution_after_the_words_marks_the_sentence_before():
    assert voice_texts("我觉得很好，王大妈说。小编觉得也是。") == ["我觉得很好，"]


def test_first_person_speech_is_the_accounts_own_voice():
    assert voice_texts("小编想说，说实话这次真的无语了。") == []
    assert voice_texts("我对记者说，太气人了！") == []


def test_institutional_we_is_not_a_person():
    assert voice_texts("我局负责人表示，将于本月底前完成整改。") == ["，将于本月底前完成整改。"]


def test_attributive_verb_introduces_nothing():
    assert voice_texts("对于市民反映的噪音问题，我认为是小题大做。") == []
    assert voice_texts("请仔细阅读说明书后再操作。") == []  # 说 inside 说明书 is no verb


def test_interview_speaker_labels():
    text = (
        "记者：改造后最大的变化是什么？\n社区居民黄阿姨：说实话，晚上出门亮堂了！\n温馨提示：请勿高空抛物。"
    )
    assert voice_texts(text) == ["改造后最大的变化是什么？", "说实话，晚上出门亮堂了！"]


def test_unknown_speech_kind_names_file_and_line(tmp_path):
    path = tmp_path / "speech.tsv"
    path.write_text("# cues\n说\tverb\n表示\tadverb\n", encoding="utf-8")
    try:
        SpeechCues.load(path)
    except LexiconError as exc:
        assert str(exc).startswith(f"{path}:3:") and "adverb" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("bad kind accepted")


def test_sentence_index_bounds():
    text = "第一句。第二句！第三句"
    index = Segments(fold(text), SENTENCE_STOPS)  # works on folded text, where ！ is !
    assert index.bounds(0) == (0, 4)
    assert index.bounds(5) == (4, 8)
    assert index.bounds(9) == (8, len(text))


_plain = st.text(
    alphabet=st.sampled_from(list("我觉得认为说表示市民今天很好真是无语气死了，。！？:\n ")), max_size=60
)


@settings(max_examples=150, deadline=None)
@given(_plain)
def test_voice_spans_are_sorted_disjoint_and_inside_the_text(text):
    folded = fold(text)
    voice = other_voice(folded, CUES, lambda: word_boundaries(folded))
    previous_end = -1
    for start, end in voice.spans:
        assert 0 <= start < end <= len(text)
        assert start > previous_end
        previous_end = end


@settings(max_examples=150, deadline=None)
@given(_plain)
def test_everything_between_quotation_marks_is_covered(text):
    quoted = f"“{text.replace(chr(10), '')}”"
    voice = VoiceMap(quoted_spans(fold(quoted)))
    assert voice.spans == [(0, len(quoted))]
    assert all(voice.covers(i, i + 1) for i in range(len(quoted)))


def test_a_named_speaker_described_in_brackets():
    text = "丁俊杰（北京广播学院广告学系教授）：我认为体育产业化大有可为！！\n小编：欢迎留言。"
    assert voice_texts(text) == ["我认为体育产业化大有可为！！"]
