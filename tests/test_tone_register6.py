"""Tone, sixth round (issue 20): derision of a person instead of facts — intelligence mocked, idle
motives imputed, insinuation, replies that turn a complaint into an attack on the account — warns
in the account's own voice; a question put to someone (你能解释吗) introduces no reported speech,
so the marks after it are the author's."""

from __future__ import annotations

import pytest

from review_pipeline.checkers.tone import ToneChecker, ToneOptions
from tests.checker_support import loud_rules


@pytest.fixture(scope="module")
def checker() -> ToneChecker:
    return ToneChecker(ToneOptions())


@pytest.mark.parametrize(
    "text",
    [
        "居然还有人给那条帖子叫好，这些人的智商怕是被狗吃了。",
        "编造停水消息的那位网友，大概是闲得慌，想搞个大新闻。",
        "到底花了多少钱，恐怕也只有主办方自己最清楚了。",
        "翻开你的主页，发的全是负能量，是不是又想找公安的茬？",
        "这位作者通篇说瞎话，还自以为高明。",
        "数据明明是公开的。这位作者，你能解释吗!?",
    ],
)
def test_round_six_derision_warns(checker, text):
    assert loud_rules(checker, text=text)


@pytest.mark.parametrize(
    "text",
    [
        # the same words reported or quoted
        "该网友在评论中称“这些人的智商被狗吃了”，已被平台禁言。",
        "市民王先生说，退休后在家闲得慌，就报名当了志愿者。",
        # police narrative: the offender's conduct described
        "经查，张某因琐事故意找茬，殴打他人，已被依法行政拘留。",
        # a plain question to a reader, politely put
        "请问您能解释一下材料缺少的原因吗？",
    ],
)
def test_reported_or_factual_uses_stay_quiet(checker, text):
    assert not loud_rules(checker, text=text)


@pytest.mark.parametrize(
    "text",
    [
        "这些政客的险恶图谋注定落空，他们任性妄为，盟友也渐渐疏远了。",
        "这番表态听起来有点像熊孩子抢玩具没抢到。",
        "对救灾视而不见，还摆出一副自己最有理的嘴脸。",
        "殴打无辜旅客，这种枉为人的行径令人发指。",
        "换成他们自己，用词就显得“高贵”多了。",
    ],
)
def test_verdicts_on_persons_and_childish_likenings_warn(checker, text):
    assert loud_rules(checker, text=text)


@pytest.mark.parametrize(
    "text",
    [
        "他摆出一副认真的样子，仔细核对每一张票据。",
        "我们将努力做好人民公仆，绝不枉为人民的勤务员。",
        "所谓“民主”与“自由”，需要在法治框架内实现。",
    ],
)
def test_manner_descriptions_and_plain_quotations_stay_quiet(checker, text):
    assert not loud_rules(checker, text=text)
