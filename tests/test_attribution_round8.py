"""Attribution behaviour added in round 8 (办法第二十条): city news portals run by the party newspaper and
broadcasting groups of provincial capitals and prefecture-level cities (the 中国城市网盟 members) as approved
sources, by name, short form and host; a later source-table row of the same name keeping the earlier row's
names and hosts; a `据X消息` inside an item whose stated source is identified read as that unit's informant.
Sentences here are written for the tests; the real pages are in tests/data/repost_real/ (batches dev-13 and
fresh-11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.attribution import AttributionChecker
from review_pipeline.checkers.attribution.sources import SourceTable
from tests.checker_support import findings, module_checker

BODY = (
    "6月19日，全市进入梅雨期，气象部门预计未来三天有大到暴雨，局部大暴雨。\n"
    "各地要加强巡查，提前转移危险区群众，确保人民群众生命安全。\n"
)

checker = module_checker("attribution")


def loud(checker: AttributionChecker, **fields: object) -> list[str]:
    return [f.rule for f in findings(checker, **fields) if f.severity != "info"]


@pytest.mark.parametrize(
    "source",
    [
        "水母网",
        "龙虎网",
        "南京龙虎网",
        "三峡宜昌网",
        "汉江网",
        "荆州新闻网",
        "中国通辽网",
        "大鹏新闻网",
        "晋江新闻网",
    ],
)
def test_city_news_portals_are_approved_by_name(checker: AttributionChecker, source: str) -> None:
    # a prefecture-level city's party medium's portal is a licensed local news site: a repost from it is fine
    assert loud(checker, text=f"市区积水点排查完毕\n来源：{source}\n{BODY}", kind="repost") == []


@pytest.mark.parametrize("host", ["www.shm.com.cn", "news.shm.com.cn", "www.cn3x.com.cn", "lyg01.net"])
def test_city_news_portals_are_approved_by_host(checker: AttributionChecker, host: str) -> None:
    assert checker.table.by_host(host) is not None


def test_a_portal_does_not_approve_a_commercial_site(checker: AttributionChecker) -> None:
    # the portals are data, not a pattern: a made-up 网 of a company is still a person's decision
    assert "attribution/unapproved_source" in loud(checker, text=f"来源：某某装饰网\n{BODY}", kind="repost")


def test_a_later_row_of_the_same_name_keeps_the_earlier_aliases(tmp_path: Path) -> None:
    first = tmp_path / "a.tsv"
    first.write_text(
        "人民网\t中国共产党新闻网|人民视频\tcentral\tnews\tpeople.com.cn\t人民日报社\n", encoding="utf-8"
    )
    second = tmp_path / "b.tsv"
    second.write_text("人民网\t\tcentral\tnews\tpeople.cn\t人民日报社\t中央新闻网站\n", encoding="utf-8")
    table = SourceTable.load([first, second])
    entry = table.resolve("中国共产党新闻网北京4月23日", dateline=True)
    assert entry is not None and entry.category == "中央新闻网站"  # the later row decides the category
    assert table.by_host("cpc.people.com.cn") is entry and table.by_host("www.people.cn") is entry


def test_a_listed_unit_dateline_vouches_for_its_informant(checker: AttributionChecker) -> None:
    text = f"人民网北京4月23日电 据某某集团公司官网消息，4月22日该公司向灾区捐款。\n{BODY}"
    assert loud(checker, text=text, kind="repost") == []


def test_an_informant_alone_is_still_a_source_to_approve(checker: AttributionChecker) -> None:
    # with no unit stated for the item, 据X消息 is its source and must be approved
    text = f"据某某集团公司官网消息，4月22日该公司向灾区捐款。\n{BODY}"
    assert "attribution/unapproved_source" in loud(checker, text=text, kind="repost")


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(["水母网", "胶东在线", "星辰在线", "天圆网", "鲁中网", "楚秀网"]),
    st.sampled_from(["", "客户端", "微信公众号"]),
)
def test_portal_channels_stay_approved(source: str, channel: str) -> None:
    # a portal's app or account is that portal (the table's channel tail)
    assert checker_for_hypothesis.table.resolve(source + channel) is not None


checker_for_hypothesis = AttributionChecker(AttributionChecker.Options())


@pytest.mark.parametrize("source", ["今日临安", "掌中宜兴", "冀云辛集"])
def test_county_party_media_brands_are_read_as_party_media(checker: AttributionChecker, source: str) -> None:
    # 今日 + county (a county's party paper), 掌中 + place (a paper's or broadcaster's app), 冀云 + county (the
    # Hebei county media centres' apps) name the place's party medium, like 掌上/无线/指尖/云上 + place
    found = findings(
        checker, text=f"{source}讯 全县秋粮收购工作全面展开。\n来源：{source}\n{BODY}", kind="repost"
    )
    assert [f.rule for f in found if f.severity != "info"] == []
    assert "attribution/government_source" in {f.rule for f in found}


@pytest.mark.parametrize("source", ["今日头条", "今日说法", "掌中宝"])
def test_the_prefixes_need_a_place(checker: AttributionChecker, source: str) -> None:
    assert checker.organs.read(source) is None


def test_a_dateline_in_the_source_field_names_its_unit(checker: AttributionChecker) -> None:
    # a CMS 来源 field filled with the unit's dateline: 遂宁新闻网讯 is 遂宁新闻网 (the city's party news site)
    text = f"市人大常委会举行会议\n来源:遂宁新闻网讯 发布时间:2018-12-26 00:00\n{BODY}"
    assert loud(checker, text=text, kind="repost") == []
    # ... but a 讯 after a name that is no unit stays that name
    assert "attribution/unapproved_source" in loud(checker, text=f"来源:某某装饰网讯\n{BODY}", kind="repost")


def test_a_listed_unit_own_dateline_vouches_for_its_informant(checker: AttributionChecker) -> None:
    # 新京报快讯 opens the copy (a listed unit's dateline); 据@账号消息 is its informant
    text = f"新京报快讯\n据@某某直通车消息,12月6日14时许,警方接报警称一男子持刀伤人。\n{BODY}"
    assert loud(checker, text=text, kind="repost") == []
