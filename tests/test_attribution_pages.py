"""Source lines as government and news pages print them, found on the other families' real pages
(benchmarks/attribution_other_families.py): page furniture after the 来源 field, dates run into the
name, organs named without their jurisdiction, townships, a unit's regional channel or host name,
a programme after its broadcaster, an organ's account in a dateline, and a generator's code."""

from __future__ import annotations

import pytest

from review_pipeline import Document
from review_pipeline.checkers.attribution import AttributionChecker
from review_pipeline.checkers.base import CheckContext
from tests.checker_support import module_checker

BODY = "1月27日，镇党委书记在镇政府会议室主持召开疫情防控工作部署会，对全镇疫情防控工作作出安排。\n"

checker = module_checker("attribution")


def loud(checker: AttributionChecker, text: str) -> list[tuple[str, str]]:
    """(rule, named text) of every warning or error."""
    doc = Document(text=text)
    return [
        (f.rule.split("/")[1], text[f.start : f.end])
        for f in checker.check(doc, CheckContext(doc))
        if f.severity in ("warning", "error")
    ]


@pytest.mark.parametrize(
    "head",
    [
        # a government site's own organ, named without its jurisdiction
        "发布时间:2021-11-12 14:53 来源:政府办公室 时效:现行有效",
        "时间:2018-05-02 10:52 信息来源:政府办 保护视力色: 字体:[ ]",
        "13.05.2015 18:42 本文来源: 消防总队",
        "来源:价格监测中心",
        # a township named alone, and page furniture run after it
        "时间:2020-01-28 22:03:15 来源:东坪镇 访问量: -",
        "发布日期:2022-06-28    作者:   来源:附城镇    字体: [大]  [中]  [小]",
        "时间:2020-08-10 来源:原州区张易镇",
        # national organs, their networks and platforms, a government's press conference
        "据中国地震局消息，地震发生后，中国地震局迅速启动四级应急服务响应。",
        "（信息来源:国家预警发布中心）",
        "2024年03月25日15:44   来源:四川互联网联合辟谣平台",
        "据西安市新冠肺炎疫情防控工作新闻发布会26日消息，截至26日12时，西安市共划定封控区。",
        "来源:沛县人大网 时间:2017-12-07 访问量:",
        # a broadcaster with the date printed right after it
        "发布时间:2021-09-29 14:34:51 来源:内江广播电视台9月29日,市委副书记、市长主持召开市政府常务会议。",
        # a listed unit's regional channel, by name or by host; a programme after its broadcaster
        "2022年08月01日 11:54 来源:中新网四川 编辑:曹惠君",
        "20.04.2017 19:13 本文来源: Hb.Chinanews.Com",
        "据中国之声《央广新闻》报道，近日，一家餐饮店为招揽顾客发布违法广告。",
        # an empty 来源 field before the page's update time states nothing
        "关于解除部分临时管控区域的通告\n来源: 更新时间:2022-09-03 00:25:59",
        # 据最新消息 names no source
        "据最新消息称，昨天被钻坏的自来水主管道目前已修复。",
    ],
)
def test_acceptable_source_lines_of_real_pages_are_quiet(checker: AttributionChecker, head: str) -> None:
    assert loud(checker, head + "\n" + BODY) == []


def test_an_organs_account_in_a_dateline_states_the_source_of_a_repost(checker: AttributionChecker) -> None:
    text = (
        "成都市公安局武侯区分局@平安武侯消息,2021年6月11日上午9时43分,我局接群众报警:一男子持刀伤人。"
        "目前,案件正在进一步侦办中。\n原标题:#警方通报#"
    )
    assert loud(checker, text) == []


@pytest.mark.parametrize(
    ("head", "named"),
    [
        ("发布时间:2024-11-14 15:05:18 来源: sp20241114\n新华社北京1月27日电 日前，中央纪委对有关问题进行了立案审查。", "sp20241114"),
        ("来源:网络整理 查看: 265", "网络"),  # 整理 is how it was gathered, not part of the name
        ("来源:环球聚焦传媒网    作者:", "环球聚焦传媒网"),
        ("来源:孝感自来水 发布时间:2016/3/3", "孝感自来水"),
    ],
)
def test_untraceable_and_unlisted_sources_still_warn(checker: AttributionChecker, head: str, named: str) -> None:
    found = loud(checker, head + "\n" + BODY)
    assert found and all(text == named for _, text in found)


def test_a_company_named_like_an_organ_is_not_one(checker: AttributionChecker) -> None:
    # the organ word comes after a company's name: still a company
    assert loud(checker, "来源:华远商贸有限公司办公室\n" + BODY)
