"""Tone as register (issue 20, second round): structural cues in the account's own voice, and a
person's first-person narration relayed by the post (signed letters, interview answers)."""

from __future__ import annotations

import pytest

from review_pipeline.checkers.tone import ToneChecker, ToneOptions
from tests.checker_support import rules_and_spans


@pytest.fixture(scope="module")
def tone() -> ToneChecker:
    return ToneChecker(ToneOptions())


rules = rules_and_spans


@pytest.mark.parametrize(
    ("text", "rule", "words"),
    [
        ("最讨厌你们这些记者，听风就是雨。", "tone/hostile_address", "你们这些"),
        ("本办没时间跟你闲扯，有意见到窗口来谈。", "tone/hostile_address", "没时间跟你"),
        ("如果对此有不满，建议另谋高就。", "tone/hostile_address", "不满，建议另谋高就"),
        ("晒就晒呗，还非要配上一段说教。", "tone/derision", "晒就晒呗"),
        ("您是一个不合格的网民，建议您先看清公告。", "tone/derision", "不合格的网民"),
        ("这位以撒谎为荣的政客又出来表演了。", "tone/derision", "以撒谎为荣"),
        ("难道我们的工作人员都是摆设吗？", "tone/hostile_address", "难道我们的工作人员都是摆设吗？"),
        ("这种说法非但不实，还很无知。", "tone/derision", "很无知"),
    ],
)
def test_structures_in_the_accounts_voice_are_reported(tone, text, rule, words):
    assert (rule, words) in rules(tone, text)


@pytest.mark.parametrize(
    "text",
    [
        # the same structures in someone else's words
        "网友留言称：“你们这些部门就会踢皮球。”",
        "据报道，该局局长在微博中这样写到：没时间跟你们闲扯。",
        # a rhetorical question in praise is not aimed at anyone
        "十年来取得的成绩，难道仅仅是机遇使然吗？",
        # a verb with an object is not reported speech, nor is its object someone's words
        "市政府公开回应群众关切，逐项说明了整改进展。",
        # a scene, not a person
        "民警赶到时，场面却变得十分尴尬。",
    ],
)
def test_lookalikes_stay_quiet(tone, text):
    assert rules(tone, text) == []


def test_a_signed_letter_is_the_writers_voice_not_the_accounts(tone):
    letter = (
        "我们三个人起早贪黑干了二十天，只拿到一半工钱。\n"
        "我去讨要时，工头说活儿不合格。我想，这样的事怎么能不令人窝火呢？（辽宁东港市读者刘学春）"
    )
    assert rules(tone, letter) == []
    # the same words signed by the institution stay the account's own voice
    notice = "我们工作人员起早贪黑干了二十天，这样的质疑怎么能不令人窝火呢？（东港市城管局）"
    assert [r for r, _ in rules(tone, notice)] == ["tone/emotional"]


def test_an_interview_answer_runs_on_past_its_labelled_paragraph(tone):
    text = (
        "张琢(社科院教授)：体育产业是应该赢利的。\n"
        "在目前的阶段，我们把体育产业定位在第三产业，所以我觉得对体育的定位一定要科学。\n"
        "本报记者随后走访了三家体育用品企业。"
    )
    assert rules(tone, text) == []
    # without the label, the same 我觉得 is the account's own opinion
    assert [r for r, _ in rules(tone, text.split("\n", 1)[1])] == ["tone/personal_opinion"]
