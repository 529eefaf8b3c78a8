"""Attribution behaviour added in round 4 (办法第二十条): legitimate sources on new hosts read as the
units they are (organ sites and accounts by form, listed units' channels and apps, old and joined
datelines, credit lines), and template text that is not a statement about the item."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline, load_policy
from review_pipeline.checkers.attribution import AttributionChecker
from review_pipeline.checkers.attribution.organs import OrganReader
from review_pipeline.checkers.attribution.statements import read_marks, regions
from review_pipeline.text.fold import fold
from tests.checker_support import findings, module_checker

SOURCES = Path(__file__).resolve().parents[1] / "lexicons" / "sources"

BODY = (
    "3月18日，全县举行重点项目集中开复工活动，一季度集中开复工项目26个，涵盖基础设施、产业发展等领域。\n"
    "县政府负责人表示，要在全县迅速掀起大干快干的建设热潮，为全年经济发展打下坚实基础。\n"
)


checker = module_checker("attribution")


@pytest.fixture(scope="module")
def reader() -> OrganReader:
    return OrganReader(SOURCES / "places.tsv", SOURCES / "organs.tsv")


def loud(checker: AttributionChecker, **fields: object) -> list[str]:
    return [f.rule for f in findings(checker, **fields) if f.severity != "info"]


# --- organ sites and accounts, by form -----------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "岳阳市政府门户网",  # a city government's portal, short form
        "株洲文明网",  # the civilisation office's site
        "甘肃政法网",  # the political-legal committee's site
        "江苏警方",  # the provincial public security account
        "连云港警方",
        "民权网",  # a county's news portal: place + 网
        "滨州传媒网",
        "云上襄阳",  # a media centre's app on 长江云
        "万年之窗",  # a county government portal
        "中国舞阳网",  # 中国 + place + 网
        "江苏网信网",
        "共青团宿迁",
        "雄安发布",  # a national-level new area
        "成都高新区发布",  # a zone of a place: place + zone + account word
        "长沙经开区融媒体中心",
        "苏州工业园区发布",
        "郑州航空港区发布",
        "鲁北晚报",  # a regional name of a city's party paper
    ],
)
def test_organ_sites_and_accounts_are_read_by_form(reader: OrganReader, name: str) -> None:
    assert reader.read(fold(name)) is not None, name


@pytest.mark.parametrize("name", ["深圳市某某网络科技有限公司", "生活网", "本地宝", "华夏网", "某某协会网"])
def test_companies_and_brand_sites_are_not_organs(reader: OrganReader, name: str) -> None:
    assert reader.read(fold(name)) is None, name


@pytest.mark.parametrize(
    "source",
    [
        "人民网湖北频道",
        "新华社客户端河南频道",
        "央视新闻客户端江西频道",
        "中国新闻网广东分网",
        "中国广播网",
        "北青网",
        "国资小新",
    ],
)
def test_channels_apps_and_old_names_of_listed_units_are_approved(
    checker: AttributionChecker, source: str
) -> None:
    assert loud(checker, text=BODY + f"来源：{source}\n", kind="repost") == [], source


# --- how the source line is written ---------------------------------------------------------------


def test_a_page_control_after_an_empty_source_field_is_no_source(checker: AttributionChecker) -> None:
    text = "杭州中风险区域解封\n2021-12-22 09:05:53 来源: 分享到:\n中新网杭州12月21日电 (张煜欢)" + BODY
    assert loud(checker, text=text, kind="repost") == []


def test_a_disclaimer_line_is_not_the_items_source(checker: AttributionChecker) -> None:
    text = (
        BODY
        + "来源:邵东市人民政府\n本文来自网络,不代表邵商网立场,转载请注明出处:https://www.shaoshang.cn/news/1.html\n"
    )
    assert loud(checker, text=text, kind="repost", source="邵东市人民政府") == []


def test_a_disclaimer_alone_does_not_make_an_original_untraceable(checker: AttributionChecker) -> None:
    text = BODY + "本文来自网络,不代表本站立场,转载请注明出处。\n"
    assert loud(checker, text=text) == []


def test_a_stated_vague_source_still_counts_outside_a_disclaimer(checker: AttributionChecker) -> None:
    assert "attribution/untraceable" in loud(checker, text=BODY + "本文来自网络。\n")


@pytest.mark.parametrize(
    "head",
    [
        "中安在线、中安新闻客户端讯 ",  # two units of one dateline
        "滨州传媒网--鲁北晚报讯 ",  # a site and its paper
        "臨汾新聞網訊 ",  # traditional script, a city news site's dateline
    ],
)
def test_joined_and_traditional_datelines_name_their_units(checker: AttributionChecker, head: str) -> None:
    assert loud(checker, text=head + BODY, kind="repost") == [], head


def test_a_reported_source_at_a_line_start_is_not_a_dateline() -> None:
    text = "据安徽省亳州市涡阳县公安局消息\n10月1日上午，涡北派出所民警将网上在逃人员高某抓获。\n"
    folded = fold(text)
    marks = read_marks(folded, regions(folded, 6, 8, 500))
    roles = {(folded[s.start : s.end], s.role) for s in marks.statements}
    assert ("安徽省亳州市涡阳县公安局", "reported") in roles
    assert not any(role == "self" for _name, role in roles)


@pytest.mark.parametrize(
    "credit",
    ["除署名外组图均为新华社记者 吴刚 摄", "图片由中新社记者 张茵 摄", "文/图:沁源新闻中心"],
)
def test_credits_of_units_state_the_source_of_a_repost(checker: AttributionChecker, credit: str) -> None:
    assert loud(checker, text=BODY + credit + "\n", kind="repost") == [], credit


def test_a_credit_line_with_a_persons_name_leaves_a_repost_without_source(
    checker: AttributionChecker,
) -> None:
    assert loud(checker, text=BODY + "文/图:王小明\n", kind="repost") == ["attribution/missing_source"]


@pytest.mark.parametrize("head", ["网友爆料:", "读者投稿:"])
def test_an_item_opening_with_a_readers_tip_names_a_vague_source(
    checker: AttributionChecker, head: str
) -> None:
    assert loud(checker, text=head + " " + BODY) == ["attribution/untraceable"]


def test_a_tip_mentioned_in_the_body_is_not_the_items_source(checker: AttributionChecker) -> None:
    text = BODY + "此前有网友爆料称该路段积水严重，县住建局已派人核实处理。\n"
    assert loud(checker, text=text) == []


# --- an invariant: a self-media account never becomes approved by a channel word ----------------


@settings(max_examples=40, deadline=None)
@given(
    channel=st.sampled_from(["频道", "分网", "分站", "地方站", "专区"]),
    region=st.sampled_from(["湖北", "河南", "广东", ""]),
)
def test_a_channel_word_does_not_approve_an_unlisted_name(
    checker: AttributionChecker, channel: str, region: str
) -> None:
    text = BODY + f"来源：某某生活资讯{region}{channel}\n"
    assert "attribution/unapproved_source" in loud(checker, text=text, kind="repost")


@pytest.mark.parametrize(
    ("line", "place"),
    [("来源：广元市场监管", "广元市"), ("据“宿迁市场监管”微信公众号消息", "宿迁市"), ("来源：苏州市场监管", "苏州市")],
)
def test_a_city_market_regulation_account_is_its_organ(line: str, place: str) -> None:
    # the longest place (广元市) must not swallow the 市 of 市场监管
    verdict = Pipeline.from_policy(load_policy("default")).review(Document(text=line + "\n今天发布一批典型案例。"))
    rules = [f.rule for f in verdict.findings if f.checker == "attribution"]
    assert rules == ["attribution/government_source"], (place, rules)


def test_a_place_that_only_looks_like_an_organ_stays_unapproved() -> None:
    verdict = Pipeline.from_policy(load_policy("default")).review(Document(text="来源：苏州市民网\n今天发布。"))
    assert "attribution/unapproved_source" in {f.rule for f in verdict.findings}
