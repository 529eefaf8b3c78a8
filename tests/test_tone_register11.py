"""Tone, eleventh round (issue 20, recall on unseen hosts): the classes the dev-13 new-host probe
missed, as structures — the taboo infix 他妈 and vulgar spellings jieba cuts apart (这特么, 大傻叉), a
person likened to a despised creature in the 跟……一样 frame, mockery of intelligence, the
second-person rhetorical rebuke (你这不就是……吗?), title bait that withholds its answer or inflates
the audience's reaction, irony by scare quotes (从未让人“失望”), a person named as a social evil, a
verdict on someone's inner self and the mental-illness insult — warn in the account's own voice; the
same words quoted or reported stay quiet; 对……来说 reports nobody's words; and a quotation left open
at the end of its paragraph runs on to its closing mark (办法第十八条)."""

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
        # vulgar forms: the taboo infix, and spellings jieba cuts apart
        "排了三个小时的队，谁他妈还愿意再来第二次。",
        "这特么好好一份文件，又被退回来了。",
        "有东西拿又不用付钱，那就是大傻叉了。",
        "我靠！停水三天了还没人管。",
        "妈蛋，又是一个通宵。",
        # a person likened to a despised creature, 跟……一样
        "一有热点就跟疯狗一样扑上去乱咬。",
        # mockery of intelligence
        "这得是多么二的脑子才能相信这种说法。",
        "这种设计简直是在愚弄我们的智商。",
        # the second-person rhetorical rebuke
        "你这不分明就是在找茬么?",
        # title bait: a withheld answer, an inflated audience
        "压垮家长的最后一根稻草竟是……",
        "一场让14亿人失眠的比赛",
        # irony by scare quotes on the reader's feeling
        "这些孩子从未让人“失望”，每次都有新花样。",
        # a person named as a social evil; a verdict on an inner self; the mental-illness insult
        "这些倒卖号源的人，堪称社会毒瘤。",
        "他们除了肮脏的心理，其他一无所有。",
        "听不得批评的人应该去看看精神病。",
        # a mocking headline verdict; an incomparable rebuke
        "气象台发布僵尸预警?这下糗大了",
        "巡逻队员是为了保障我们的安全，怎可与“鬼子”相提并论。",
    ],
)
def test_round_eleven_structures_warn_in_the_accounts_voice(checker, text):
    assert loud_rules(checker, text=text)


@pytest.mark.parametrize(
    "text",
    [
        # quoted or reported: someone else's words
        "网友留言称：“谁他妈还愿意再来。”",
        "当事人在视频中说：“你这不分明就是在找茬么?”",
        # plain senses of the same characters
        "他妈妈今年七十岁了，身体还很硬朗。",
        "我靠自己的努力考上了大学。",
        "他擦桌子，我擦窗户，大家分工合作。",
        "活动现场，孩子们收到了不少惊喜。",
        "比赛结果原来是这样……组委会随后公布了详细成绩。",
        # a news report of a notice: findings, not verdicts
        "经查，涉事人员在网上发布侮辱性言论，已被依法行政拘留。",
    ],
)
def test_quoted_and_plain_forms_stay_quiet(checker, text):
    assert not loud_rules(checker, text=text)


def test_as_for_reports_nobodys_words(checker):
    """对于……来说 (as for ……) is the author's own frame: the scare-quote irony after it is the
    author's, not a speaker's."""
    text = "对于孩子们来说简直是双倍的快乐，而他们从未让人“失望”，总能整出点“惊喜”。"
    assert loud_rules(checker, text=text)


def test_a_quotation_that_runs_over_paragraphs_stays_the_speakers(checker):
    """A speaker's answer set as two paragraphs, opened with “ in the first and closed with ” at
    the end of the second, is all the speaker's: 说实话 in the second paragraph is hers."""
    text = (
        "主播俞悦：“贵州主要是地形问题，喀斯特地貌本来就很难搞基建。\n\n"
        "说实话，虽然很多地方的道路规划还不完善，但大家还是很感谢国家出力修路的。”"
    )
    assert not loud_rules(checker, text=text)


def test_a_stray_opening_mark_does_not_silence_the_next_paragraphs(checker):
    """An opening mark never closed (a page's stray “) silences nothing after its paragraph: only a
    closing mark found within the run-on limit makes the next paragraphs someone's quotation."""
    text = "本报讯 “网络问政平台\n\n说实话，这种回复就是在愚弄我们的智商。"
    assert loud_rules(checker, text=text)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["谁他妈还去", "多么二的脑子", "堪称社会毒瘤", "跟疯狗一样", "这下糗大了"]),
    st.sampled_from(["说：“", "称：“", "留言道：“"]),
)
def test_the_new_structures_are_quiet_inside_reported_speech(checker, cue, lead):
    """Whatever the structure, quoted after a speech verb it is the speaker's, not the account's."""
    assert not loud_rules(checker, text=f"市民王女士{lead}{cue}”")
