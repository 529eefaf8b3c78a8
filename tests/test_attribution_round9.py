"""Attribution behaviour added in round 9 (办法第二十条): government new-media names by category (微 + place, a
city or province followed by one of its own districts, place + 报/时报, a county's 广播电视台 and 档案馆 at its own
level); the apps, brands and metro papers of provincial and city party paper groups as data; credits that name a
unit's reporting team, a photo sent by a unit after a caption, a correspondent reporting in prose, a byline run
into the page's time stamp; two units joined by / in a dateline; a declared source read without a mirror's pinyin.
Sentences here are written for the tests; the real pages are in tests/data/repost_real/ (batches dev-14 and
fresh-12)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.attribution import AttributionChecker
from review_pipeline.checkers.attribution.statements import read_marks
from tests.checker_support import findings, loud_rules, module_checker

BODY = (
    "近日，全市启动城乡环境整治百日行动，各街道组织志愿者清理背街小巷的卫生死角。\n"
    "截至目前，共清理垃圾三百余吨，整治占道经营二百余处，群众满意度明显提升。\n"
)

checker = module_checker("attribution")


def rules(checker: AttributionChecker, **fields: object) -> list[str]:
    return [f.rule for f in findings(checker, **fields)]


@pytest.mark.parametrize("source", ["微成都", "微宁波", "微乌鲁木齐", "微黄山"])
def test_wei_and_a_place_is_a_government_account(checker: AttributionChecker, source: str) -> None:
    # 微+地名: how city and county governments and their publicity departments name their release accounts
    found = rules(checker, text=f"来源：{source}\n{BODY}", kind="repost")
    assert "attribution/government_source" in found
    assert not [r for r in found if r != "attribution/government_source"]


@pytest.mark.parametrize("source", ["上海静安", "北京海淀", "北京朝阳", "深圳南山", "佛山南海", "杭州西湖", "南京鼓楼"])
def test_a_city_and_its_own_district_is_the_district_account(checker: AttributionChecker, source: str) -> None:
    assert not loud_rules(checker, text=f"来源：{source}\n{BODY}", kind="repost")


@pytest.mark.parametrize("source", ["深圳南京", "上海北京", "南京杭州", "朝阳公园"])
def test_two_unrelated_places_are_not_an_account(checker: AttributionChecker, source: str) -> None:
    # the district's code must lie under the city's: two cities side by side name no organ
    assert "attribution/unapproved_source" in loud_rules(checker, text=f"来源：{source}\n{BODY}", kind="repost")


def test_the_place_chain_reads_nested_codes(checker: AttributionChecker) -> None:
    organ = checker.organs.read("北京朝阳")
    assert organ is not None and organ.origin == "pattern:place_chain" and organ.province == "北京"
    assert checker.organs.read("朝阳北京") is None  # a district before its city is not the pattern


@pytest.mark.parametrize("source", ["石景山报", "丰台时报", "县广播电视台", "县档案馆"])
def test_local_papers_and_own_level_media_are_party_sources(checker: AttributionChecker, source: str) -> None:
    assert not loud_rules(checker, text=f"来源：{source}\n{BODY}", kind="repost")


@pytest.mark.parametrize(
    "source",
    ["大众新闻", "彩练新闻", "观海新闻", "锦观", "正观新闻", "快点温州", "读嘉", "海峡导报", "每日新报", "南方周末", "证券日报"],
)
def test_party_paper_brands_and_metro_papers_are_approved(checker: AttributionChecker, source: str) -> None:
    assert not loud_rules(checker, text=f"来源：{source}\n{BODY}", kind="repost")


def test_a_brand_and_its_paper_are_one_unit(checker: AttributionChecker) -> None:
    # 大众新闻 is 大众日报's app: a declared 大众网 and a stated 大众新闻 are no mismatch
    assert not loud_rules(checker, text=f"来源：大众新闻\n{BODY}", kind="repost", source="大众网")


def test_a_commercial_brand_is_still_a_persons_decision(checker: AttributionChecker) -> None:
    assert "attribution/unapproved_source" in loud_rules(checker, text=f"来源：链闻ChainNews\n{BODY}", kind="repost")


def test_a_reporting_team_credit_names_its_unit(checker: AttributionChecker) -> None:
    text = f"{BODY}新华社两会前方报道组"
    assert not loud_rules(checker, text=text, kind="repost")


def test_a_team_reporting_in_prose_names_its_unit(checker: AttributionChecker) -> None:
    text = f"编者按\n近日，农民日报·中国农网采访组踏访黔东南山区，记录乡村振兴的新变化。\n{BODY}"
    assert not loud_rules(checker, text=text, kind="repost")


def test_a_team_word_alone_is_not_a_credit(checker: AttributionChecker) -> None:
    # 组织, 小组: 组 that ends no team word says nothing about a source
    text = f"{BODY}各村成立工作小组，组织群众开展清洁家园活动。"
    assert loud_rules(checker, text=text, kind="repost") == {"attribution/missing_source"}


def test_a_photo_sent_by_a_unit_after_a_caption(checker: AttributionChecker) -> None:
    text = f"{BODY}9月20日，农民在晒场上翻晒新收的玉米，一派繁忙的秋收景象。新华社发(王某某 摄)"
    assert not loud_rules(checker, text=text, kind="repost")


def test_a_correspondent_reporting_in_prose(checker: AttributionChecker) -> None:
    text = f"春运首日客流显现\n荔枝新闻通讯员今天上午在客运站看到，候车大厅已经人满为患。\n{BODY}"
    assert not loud_rules(checker, text=text, kind="repost")


def test_a_byline_run_into_the_time_stamp(checker: AttributionChecker) -> None:
    text = f"街道办回应：已清理\n实时讯息 2025-05-06 20:52:00极目新闻记者 柳某某5月5日，有市民反映遗址附近脏乱。\n{BODY}"
    assert not loud_rules(checker, text=text, kind="repost")


def test_an_own_reporter_after_the_time_stamp_is_no_source(checker: AttributionChecker) -> None:
    # 本报记者 after the time stamp is the publisher's own: a declared repost still lacks a source
    text = f"街道办回应：已清理\n2025-05-06 20:52:00本报记者 柳某某5月5日，有市民反映遗址附近脏乱。\n{BODY}"
    assert loud_rules(checker, text=text, kind="repost") == {"attribution/missing_source"}


def test_two_units_joined_by_a_slash_in_a_dateline(checker: AttributionChecker) -> None:
    text = f"中国网/中国发展门户网讯 {BODY}"
    assert not loud_rules(checker, text=text, kind="repost")


def test_a_declared_source_is_read_without_pinyin(checker: AttributionChecker) -> None:
    assert not loud_rules(checker, text=f"{BODY}來(lái)源:市場(chǎng)監管總局", kind="repost", source="市場(chǎng)監管總局")


def test_a_signature_is_still_not_a_stated_source(checker: AttributionChecker) -> None:
    # rubric (round-1 precedent, kept in round 9): a copied document's 落款 says who issued it, not where the post
    # took it from; a declared repost with nothing else names no source
    text = f"{BODY}特此公示。\n某某县农业农村局\n2021年12月8日"
    assert loud_rules(checker, text=text, kind="repost") == {"attribution/missing_source"}


def test_originals_with_team_words_stay_quiet(checker: AttributionChecker) -> None:
    text = f"我县成立防汛工作专班和督导小组，深入一线排查隐患。\n{BODY}（记者 王某某）"
    assert not loud_rules(checker, text=text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="组报道采访摄制小新华社记者发:0123456789。，\n 农民日报", max_size=80))
def test_credit_readers_never_fail_and_keep_spans_inside(text: str) -> None:
    # the anchored readers slice around their anchor words: any text, any place, spans stay within the post
    marks = read_marks(text, [(0, len(text))], name_lines=True)
    for statement in marks.statements:
        assert 0 <= statement.start < statement.end <= len(text)


@pytest.mark.parametrize("source", ["四川高院", "成都中院", "北京二中院", "县政府网", "成都市政务服务网"])
def test_courts_and_government_portals_by_their_short_names(checker: AttributionChecker, source: str) -> None:
    assert not loud_rules(checker, text=f"来源：{source}\n{BODY}", kind="repost")
