"""Round 12 (issue 20): who speaks in a clause with no subject of its own, and 称 in naming words.

A clause that opens with adverbs only (仍然认为, 也觉得) keeps the subject of the clause before it in
the same sentence: when that subject is the author (我), the verb reports nobody else's words and a
verdict after it is the author's own (办法第十八条). 堪称/俗称 give a name or the author's verdict,
not someone's speech.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.policy import builtin_dir
from review_pipeline.text.fold import fold
from review_pipeline.text.quotes import SpeechCues, other_voice
from review_pipeline.text.segment import word_boundaries
from tests.checker_support import default_checker, loud_rules

CUES = SpeechCues.load(builtin_dir("lexicons") / "tone" / "speech.tsv")
TONE = default_checker("tone")


def voice_texts(text: str) -> list[str]:
    folded = fold(text)
    voice = other_voice(folded, CUES, lambda: word_boundaries(folded))
    return [text[s:e] for s, e in voice.spans]


def tone_rules(text: str) -> set[str]:
    return loud_rules(TONE, text=text)


def test_a_subjectless_clause_keeps_the_authors_first_person():
    text = "顺便说句，我此刻仍然认为那篇文章毫无逻辑，仍然认为听见这两个字就想吐的人应该去看看精神病医生。"
    assert voice_texts(text) == []
    assert "tone/derision" in tone_rules(text)


def test_a_subjectless_clause_after_someone_else_stays_reported():
    text = "专家在会上发言，他仍然认为这项政策过于保守，也认为听见批评就急的人应该去看看精神病医生。"
    assert voice_texts(text)  # the expert's words
    assert tone_rules(text) == set()


def test_a_clause_with_its_own_subject_is_not_carried():
    text = "我看了报道，网友仍然认为这些人应该去看看精神病医生。"
    assert tone_rules(text) == set()


def test_naming_words_with_cheng_report_no_speech():
    text = "这种所谓的整改堪称世纪笑话，连一块牌子都没换。"
    assert voice_texts(text) == []
    assert "tone/derision" in tone_rules(text)
    assert voice_texts("这种鱼俗称黄花鱼，市民王先生说味道很好。") == ["味道很好。"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["仍然", "也", "还", "一直", "甚至"]), st.sampled_from(["认为", "觉得", "表示"]))
def test_carried_first_person_whatever_the_adverb(adverb: str, verb: str):
    text = f"我反复看了几遍，{adverb}{verb}这种做法十分荒唐。"
    assert voice_texts(text) == []


def test_question_marks_where_a_page_lost_characters_are_no_tone():
    text = "2025年10月28日 09:51????信息来源:四川省市场监督管理局网站"
    assert tone_rules(text) == set()
    # the same run ending a sentence is still a string of marks
    assert "tone/emotional" in tone_rules("这个县一年罚款竟然创收3000万???以后谁还敢去。")


def test_a_symptom_compound_is_not_weariness():
    text = "马某因出现干咳乏力、心累气紧、发热等症状拨打120求救，经检查基本排除新冠肺炎可能。"
    assert tone_rules(text) == set()
    assert "tone/emotional" in tone_rules("天天加班到半夜，真的心累，不想再干了。")
