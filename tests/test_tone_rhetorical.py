"""Tone as register, fourth round (issue 20): rhetorical questions read on the shared sentences
(lexicons/tone/rhetorical.tsv), citizens' letters on message boards as someone else's voice
(lexicons/tone/letters.tsv), and the verdicts and insults added to register.tsv."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.tone import ToneChecker, ToneOptions
from review_pipeline.models import Document
from tests.checker_support import rules_and_spans


@pytest.fixture(scope="module")
def tone() -> ToneChecker:
    return ToneChecker(ToneOptions())


found = rules_and_spans


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # aimed at the reader or opponents: one question is enough
        ("你们整天在网上起哄，请问你们到底想干什么？", "你们整天在网上起哄，请问你们到底想干什么？"),
        ("谁给你们的勇气在这里造谣？", "谁给你们的勇气在这里造谣？"),
        ("某些人天天唱衰，难道就不觉得脸红吗？", "某些人天天唱衰，难道就不觉得脸红吗？"),
        # a run of them in one paragraph fires at the reader
        ("难道老百姓的诉求就不重要吗？难道群众的冷暖就没人管吗？", "难道老百姓的诉求就不重要吗？"),
    ],
)
def test_rhetorical_questions_in_the_accounts_voice(tone, text, words):
    assert ("tone/hostile_address", words) in found(tone, text)


@pytest.mark.parametrize(
    "text",
    [
        # one question in praise or in a lede is a figure of speech
        "十年来取得的成绩，难道仅仅是机遇使然吗？",
        # a friendly reminder in the second person (counts only toward a run)
        "你不是说还有一批题目要写吗？那就抓紧动笔吧。",
        # FAQ: the question is asked for the reader, the answer follows
        "问：难道不能在网上办理吗？\n答：可以，登录政务服务网即可办理。",
        # the same rebuke in someone else's words
        "网友留言称：“请问你们到底想干什么？”对此，街道办已回复。",
        # real questions that ask for facts
        "乡村如何吸引年轻人？返乡创业者又需要哪些支持？",
        # 您 is the service register, not a target
        "请问您反映的路段具体在哪个位置？",
    ],
)
def test_questions_that_are_not_rebukes_stay_quiet(tone, text):
    assert [r for r, _ in found(tone, text) if r == "tone/hostile_address"] == []


def test_a_citizens_letter_on_a_message_board_is_not_the_accounts_voice(tone):
    page = (
        "信件内容：\n难道就是因为离乡政府太远，就可以不作为吗？难道没人管吗？\n"
        "回复内容：\n您好，您反映的道路已纳入今年硬化计划。"
    )
    assert found(tone, page) == []
    # a signed letter: the paragraphs before the signature are the writer's
    signed = "难道就可以不作为吗？难道没人管吗？\n写信人：许某\n回复部门：区人民政府\n已纳入计划。"
    assert found(tone, signed) == []
    # without the labels the same barrage is the account's own
    bare = "难道就可以不作为吗？难道没人管吗？"
    assert [r for r, _ in found(tone, bare)] == ["tone/hostile_address", "tone/hostile_address"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("这个荒谬的提案简直讽刺。", "荒谬的提案"),
        ("现在的所谓砖家叫兽，除了跳出来汪汪两声，毫无可取之处。", "砖家"),
        ("也不知道是哪位小天才想出了这个名字。", "哪位小天才"),
        ("今天一进，我除了看到一群愚昧臣民外，别无它物。", "愚昧臣民"),
        ("这就是典型的酸葡萄心理。", "酸葡萄心理"),
    ],
)
def test_verdicts_and_insults_of_the_fourth_round(tone, text, words):
    assert words in [w for _, w in found(tone, text)]


def test_neutral_uses_stay_quiet(tone):
    # a medical report: 巨婴 of a newborn is not an insult (deliberately not listed)
    assert found(tone, "该新生女婴体重达5950克，以前家族中未出现过巨婴。") == []
    # 迷你 is not the second person
    assert found(tone, "本周末举办迷你马拉松，难道你还不来吗？") != []
    assert found(tone, "迷你马拉松报名了吗？") == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="你们的是不难道吗？，。请问干什么好", max_size=40))
def test_rhetorical_spans_lie_inside_the_text_and_end_at_a_question_mark(text):
    checker = ToneChecker(ToneOptions())
    doc = Document(text=text)
    for f in checker.check(doc, CheckContext(doc)):
        assert 0 <= f.start < f.end <= len(text)
        if "rhetorical" in (f.source or ""):
            assert text[f.start : f.end].rstrip().endswith(("？", "?"))
