"""Tone, ninth round (issue 20, recall on unseen hosts): the classes the new-host probe missed —
exasperated A-not-A questions (还讲不讲理了?), dismissive 还谈什么……?, motive-imputing 存心……?
in a barrage, mockery of competence (就这水平, 充话费送的, 更可笑的是), a demonstrative on a noun of
contempt (这帮蛀虫), internet vulgarisms (懵逼), cold 推诿 replies (你自己看着办, 不归我们管,
请勿再反映, 找别人去), 训斥 of a citizen as a kind of person (你这种人就是……) and first-person
anger (快把我气死了) — warn in the account's own voice; the same words quoted, reported or used
as plain questions, and polite referrals, stay quiet (办法第十八条、第二十二条)."""

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
    ("text", "rule"),
    [
        ("路修了三年还没通车，你们还讲不讲理了？", "tone/hostile_address"),
        ("判罚一边倒，这样的联赛还谈什么公平竞争？", "tone/hostile_address"),
        ("这不是打有关部门的脸吗？存心让纳税人骂娘？", "tone/hostile_address"),
        ("就这水平还能当评委？", "tone/derision"),
        ("这张证书是不是充话费送的？", "tone/derision"),
        ("更可笑的是，通报发出后又被悄悄删除了。", "tone/derision"),
        ("这帮蛀虫，早该清理出去了。", "tone/derision"),
        ("看完这份说明我都懵逼了。", "tone/emotional"),
        ("这事我们管不了，你自己看着办。", "tone/hostile_address"),
        ("这个事不归我们管，你自己去找社区。", "tone/hostile_address"),
        ("你反映的问题已答复多次，请勿再反映。", "tone/hostile_address"),
        ("这不归我们管，找别人去。", "tone/hostile_address"),
        ("你这种人就是来找茬的。", "tone/hostile_address"),
        ("昨晚那个判罚真是快把我气死了。", "tone/emotional"),
        # second look: degree construction, causative disgust, an idiom of derision, livestock
        ("乱收费已经到了猖狂和无耻的地步。", "tone/derision"),
        ("群里的吹捧言词肉麻，令人看不下去。", "tone/emotional"),
        ("有些人拿着鸡毛当令箭，把分内事推给家长。", "tone/derision"),
        ("说难听了，那就像待宰的猪。", "tone/derision"),
        ("他是什么居心？他想干嘛？", "tone/hostile_address"),
        ("那我是个什么玩意儿呢？", "tone/derision"),
    ],
)
def test_round_nine_classes_warn_in_the_accounts_voice(checker, text, rule):
    assert rule in loud_rules(checker, text=text)


@pytest.mark.parametrize(
    "text",
    [
        # quoted or reported: someone else's words
        "网友李先生说：“你们还讲不讲理了？”",
        "该工作人员在电话中称“你自己看着办”，已被停职检查。",
        "报告指出，“这帮蛀虫”一词出自网民留言。",
        # plain A-not-A questions ask for information
        "指针动了这么一点儿，这秤是不是坏了？",
        "请问明天还开不开放？",
        # a single motive question is not a barrage
        "他是存心的吗？",
        # polite referrals and board rules
        "您反映的问题不属于本单位职责，建议您向区住建局反映。",
        "请您找相关部门咨询。",
        "同一事项已答复的，请勿重复投诉。",
        # 你这种人 in praise
        "我喜欢跟你这种人打交道。",
        # a lone motive question aimed at nobody; pigs as livestock
        "他想干嘛？",
        "这些养殖户像照顾孩子一样照顾猪仔，猪价一路上涨。",
        "防疫员就像给猪打疫苗一样，挨家挨户给犬只接种。",
        # waste is not an insult; anti-fraud advice is not a cold reply
        "这些垃圾经过分拣后运往焚烧厂，这些废物不再填埋。",
        "接到此类电话请直接挂断，不要再打电话回拨。",
    ],
)
def test_quoted_plain_and_polite_forms_stay_quiet(checker, text):
    assert not loud_rules(checker, text=text)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["你自己看着办", "你们还讲不讲理了？", "这帮蛀虫", "快把我气死了"]), st.sampled_from(["说：“", "称：“", "留言道：“"]))
def test_the_new_cues_are_quiet_inside_reported_speech(checker, cue, lead):
    """Whatever the cue, quoted after a speech verb it is the speaker's, not the account's."""
    assert not loud_rules(checker, text=f"市民王女士{lead}{cue}”")
