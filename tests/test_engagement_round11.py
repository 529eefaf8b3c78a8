"""Engagement, round 11 (issue 20, the dev-13 new-host probe): rankings as structure, counts of
people told as news, an object left out because it was named, and 线下 as a channel only when it
is a way of doing the act.

A prize decided by a count of likes or reposts is read as three parts in one sentence — a measure
(点赞量), a rank after it (Top1~10, 排名第一) and a prize after the rank (奖励, 评为) — so a count
told as news (获点赞最多的评论) and a prohibition (不得将点赞量作为考评依据) stay quiet.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.checker_support import findings, loud_rules, module_checker

checker = module_checker("engagement")  # built as the default policy builds it


def sources(checker: object, text: str) -> list[str]:
    """The word-list file behind each finding on `text` (rankings.tsv for a ranking)."""
    return [f.source or "" for f in findings(checker, text=text)]


def alarms(checker: object, text: str) -> set[str]:
    return loud_rules(checker, text=text)


@pytest.mark.parametrize(
    "text",
    [
        "每周发布的作品中，总点赞数Top1~10的作者，每人奖励200元话费。",
        "参赛视频按【点赞量*50%+评论量*30%】计算，综合数据排名第一的评为当月最佳作品。",
        "活动结束后，转发量前三名的读者将获得精美礼品一份。",
        "本次摄影征集以点赞数排名，前10名获奖，颁发证书和奖金。",
    ],
)
def test_a_prize_decided_by_a_count_of_likes_or_reposts_is_forced(checker, text):
    assert "engagement/forced_share" in alarms(checker, text)


@pytest.mark.parametrize(
    "text",
    [
        # a count told as news: no prize after the rank
        "截至昨日，点赞量最高的一条评论来自一位退休教师。",
        "该视频点赞数排名第一，网友纷纷留言点赞家乡变化。",
        # a prohibition names no rank
        "不得将点赞量、网络投票数、转发量、学习时长等作为考评依据。",
        # a ranking by reads and comments: no growth act is counted
        "评选依据阅读数、评论数排序，前10名获奖。",
        # a measure quoted from someone else
        "有网友转述某平台规则：“点赞数前三名奖励现金”。",
    ],
)
def test_counts_told_as_news_prohibitions_and_other_measures_stay_quiet(checker, text):
    assert not any("rankings.tsv" in source for source in sources(checker, text))


@pytest.mark.parametrize(
    "text",
    [
        "据统计，过去一周共计800余人下载“国家反诈中心”APP，群众知晓率稳步提升。",
        "活动开展以来，全镇3000人关注“平安某镇”公众号，参与线上答题。",
    ],
)
def test_a_count_of_people_before_the_act_is_a_report(checker, text):
    assert not alarms(checker, text)


def test_a_demand_without_a_count_is_still_read(checker):
    text = "请全体居民务必下载“XX便民”APP，注册后方可预约办理。"
    assert "engagement/forced_download" in alarms(checker, text)


def test_an_object_left_out_because_it_was_named_earlier_in_the_sentence(checker):
    text = "县直单位在岗人员都要关注“某某监督”微信公众号，所有乡镇干部、村组工作人员都必须关注。"
    assert "engagement/forced_download" in alarms(checker, text)


@pytest.mark.parametrize(
    "text",
    [
        # 关注 closes its clause but means attention: no account named in the sentence
        "此事引起社会各界必须关注。",
        "各地要高度关注，切实做好防汛工作。",
    ],
)
def test_attention_that_closes_a_clause_is_no_follow(checker, text):
    assert not alarms(checker, text)


def test_offline_reading_is_no_other_route_in(checker):
    text = (
        "活动期间，关注“某县图书馆”公众号，进入主题活动页面，报名参与。"
        "报名完成后，读者通过线下阅读和线上打卡分享书评的方式参与活动。"
    )
    assert "engagement/forced_download" in alarms(checker, text)


def test_offline_sign_up_is_another_route(checker):
    text = "线上报名请关注“某县图书馆”公众号，进入主题活动页面报名参与；线下报名请到图书馆一楼服务台。"
    assert not alarms(checker, text)


def test_inviting_friends_for_an_extra_attempt_is_a_reward_bought_with_a_share(checker):
    text = "每人每天有3次答题机会，每邀请3位好友可额外增加1次答题机会。"
    assert "engagement/follower_incentive" in alarms(checker, text)


@settings(max_examples=40, deadline=None)
@given(
    measure=st.sampled_from(["点赞量", "点赞数", "转发量", "获赞数"]),
    gap=st.text(alphabet="的作品参赛视频中按", min_size=0, max_size=6),
    rank=st.sampled_from(["前3名", "Top5", "排名第一", "最多"]),
)
def test_a_ranking_without_a_prize_never_fires_the_ranking_finder(checker, measure, gap, rank):
    """Measure and rank alone (no prize word) are a count told as news, whatever stands between."""
    text = f"截至目前，{measure}{gap}{rank}的是来自城东社区的作品。"
    assert not any("rankings.tsv" in source for source in sources(checker, text))


@pytest.mark.parametrize(
    "text",
    [
        "一段时间以来，微信朋友圈出现各种各样的转发、集赞兑换礼品热潮，市场监管部门提醒谨防商家赖账。",
        "个别学校强制家长关注公众号、转发集赞的乱象，引起社会关注。",
    ],
)
def test_a_practice_named_as_a_phenomenon_is_described(checker, text):
    assert not alarms(checker, text)


def test_a_phenomenon_noun_in_another_clause_does_not_hide_a_demand(checker):
    text = "为杜绝攀比现象，本次活动规则如下：转发本文集满38个赞即可领取纪念品。"
    assert "engagement/forced_share" in alarms(checker, text)


def test_an_account_named_official_wechat_is_still_an_account(checker):
    text = "投票很简单：您只要关注某某晚报官方微信，在票选活动页面中进入投票界面，就可以为心仪的候选人投票。"
    assert "engagement/forced_download" in alarms(checker, text)


def test_attention_to_official_wechat_news_is_no_follow(checker):
    text = "近日，某某晚报官方微信发布的一篇文章引起网友广泛关注。"
    assert not alarms(checker, text)
