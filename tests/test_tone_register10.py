"""Tone, tenth round (issue 20, recall on unseen hosts): the classes the dev-12 new-host probe
missed, as structures — a vulgar word whatever its spelling (懵比, 煞笔, 装B, 这TM), negative
emotion made causative (让人恼火), a person named with contempt (这家伙, 一群强盗, 连……都不如, 把……当
傻子), a verdict that someone has no shame (连基本的羞耻心都没有), mock concession (倒是挺……) and a
pejorative idiom about a person's character (面目狰狞) — warn in the account's own voice, also in a
paragraph where a blogger says 我; the same words quoted or reported stay quiet; a speech verb used as
a noun (留言之举, 文章和评论) introduces no reported speech; and 文|作者 signs a commentary
(办法第十八条)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.tone import ToneChecker, ToneOptions
from tests.checker_support import loud_rules


@pytest.fixture(scope="module")
def checker() -> ToneChecker:
    return ToneChecker(ToneOptions())


@pytest.mark.parametrize(
    "text",
    [
        # vulgar words, spelled as the internet spells them
        "看完这份通知，全场都懵比了。",
        "这种设计真是煞笔到家。",
        "别在这里装B了。",
        "加完班还要写总结，这TM才叫生活。",
        "有的邻居线下老实，线上更是楞得一比。",
        # negative emotion made causative, in the author's voice
        "办了三个月还没结果，真的是让人恼火！",
        # a person named with contempt
        "结果这家伙现在正坐在派出所里。",
        "说到底，他们明明就是一群强盗。",
        "两个主演连路人甲都不如。",
        "编剧是不是把观众当傻子？",
        # verdicts on shame, mock concession, a character idiom
        "输成这样，连基本的羞耻心都没有。",
        "出了事，删帖倒是挺迅速，道歉一句没有。",
        "这位局长面目狰狞地训斥来访群众。",
    ],
)
def test_round_ten_structures_warn_in_the_accounts_voice(checker, text):
    assert loud_rules(checker, text=text)


def test_a_bloggers_first_person_does_not_silence_scorn(checker):
    """我 elsewhere in the paragraph makes a memoir's ！ and 你 the narrator's, but a blogger's
    contempt for a person is still the writer's register."""
    assert loud_rules(checker, text="我今天特意去看了，这家伙又把帖子删了。")


@pytest.mark.parametrize(
    "text",
    [
        # quoted or reported: someone else's words
        "网友留言称：“这家伙就是一个骗子。”",
        "当事人在视频中说：“这TM是什么服务？”",
        # the same characters in their plain sense
        "本次比赛设蒙比赛区和城区两个赛区。",
        "这批货物由那货车运往仓库。",
        "他连续三年获评先进，连假期都在加班。",
        "爸爸妈妈的陪伴是孩子最好的礼物。",
        # a police notice describing conduct, not an idiom about a face
        "经查，违法行为人横行霸道、欺压群众，已被依法刑事拘留。",
    ],
)
def test_quoted_and_plain_forms_stay_quiet(checker, text):
    assert not loud_rules(checker, text=text)


def test_a_speech_verb_used_as_a_noun_reports_nothing(checker):
    """留言之举 and 文章和评论 name things: the author's own sentence around them stays the
    author's, so its scorn is reported."""
    assert loud_rules(checker, text="警察后来的留言之举，倒是挺执着，连个理由都说不出，真是一群强盗。")
    assert loud_rules(checker, text="事件曝光后，医院反应倒是挺迅速，立刻删除了相关文章和评论。")


def test_a_bar_byline_signs_a_commentary(checker):
    """文|作者名 at the top is a self-media byline: the rhetorical emotion below is the named
    writer's (one info note), not the account's own voice."""
    text = "文|半糖可乐\n规定要求8点上班，到了8点45还看不到一个人影，怎么不让人气愤?"
    assert not loud_rules(checker, text=text)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["这家伙又来了", "真的是让人恼火", "一群强盗", "懵比了", "连基本的羞耻心都没有"]),
    st.sampled_from(["说：“", "称：“", "留言道：“"]),
)
def test_the_new_structures_are_quiet_inside_reported_speech(checker, cue, lead):
    """Whatever the structure, quoted after a speech verb it is the speaker's, not the account's."""
    assert not loud_rules(checker, text=f"市民王女士{lead}{cue}”")
