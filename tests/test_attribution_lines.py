"""Source lines as editors write them, government sources read by name, the national list and the
policy's choice of it, vague and platform sources (办法第二十条; issue 17).

Every finding must name the parsed source exactly: the asserted spans are the name alone, never
the whole `来源：` line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline import Document
from review_pipeline.checkers.attribution import AttributionChecker
from review_pipeline.checkers.attribution.organs import OrganReader
from review_pipeline.checkers.attribution.sources import SourceTable
from review_pipeline.checkers.base import CheckContext
from review_pipeline.pipeline import build_checker
from review_pipeline.policy import load_policy
from tests.checker_support import module_checker

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "lexicons" / "sources"
BODY = (
    "近日，我市召开全市安全生产工作会议，部署今冬明春安全生产和森林防火工作。"
    "会议要求，各地各部门要压紧压实责任，深入开展隐患排查整治。\n"
)


checker = module_checker("attribution")


def found(checker: AttributionChecker, **fields: object) -> list[tuple[str, str, str]]:
    """[(rule id, severity, matched text)] for the text field."""
    doc = Document(**fields)  # type: ignore[arg-type]
    out = []
    for f in checker.check(doc, CheckContext(doc)):
        assert f.legal_basis == "办法第二十条" and f.message and f.source
        out.append((f.rule.split("/")[1], f.severity, doc.field_text(f.field)[f.start : f.end]))
    return out


def loud(checker: AttributionChecker, **fields: object) -> list[tuple[str, str]]:
    return [(rule, text) for rule, severity, text in found(checker, **fields) if severity != "info"]


# --- source lines as written --------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "来源：《湖南日报》 2024-03-05 10:20:11",
        "2024-03-05 10:20 来源：湖南日报 作者：张三 责任编辑：李四",
        "来源:湖南日报  编辑:王五  审核:赵六",
        "（来源：湖南日报）",
        "【来源：湖南日报】",
        "来源丨湖南日报",
        "来源 | 湖南日报",
        "來源：湖南日報　作者：",  # traditional, full-width colon and space
        "来源：湖南日报 | 作者：张三 | 发布时间：2024-03-05",
        "来源：湖南日报时间：2024-03-05 12:18",
    ],
)
def test_the_name_is_cut_from_dates_authors_and_brackets(checker: AttributionChecker, line: str) -> None:
    result = found(checker, text=BODY + line, kind="repost")
    assert [(rule, text) for rule, _sev, text in result if rule != "government_source"] == []
    names = [text for rule, _sev, text in result]
    assert names in ([], ["湖南日报"], ["湖南日報"])


def test_several_sources_are_split_and_each_judged(checker: AttributionChecker) -> None:
    text = BODY + "来源：综合新华社、某某财经网"
    assert loud(checker, text=text) == [("unapproved_source", "某某财经网")]  # 新华社 makes it traceable
    assert loud(checker, text=BODY + "来源：综合新华社、人民网") == []
    # A综合B, with a trailing 整理
    assert loud(checker, text=BODY + "来源：重庆辟谣综合网信潼南整理") == []


def test_reported_by_and_datelines(checker: AttributionChecker) -> None:
    assert loud(checker, text="据新华社报道，" + BODY) == []
    assert loud(checker, text="据新华社，" + BODY) == []
    assert loud(checker, text="新华社北京3月5日电 题：春到田间\n" + BODY) == []
    assert loud(checker, text="据某某生活网报道，" + BODY) == [
        ("unapproved_source", "某某生活网"),
        ("untraceable", "某某生活网"),
    ]
    # 据了解/据介绍 name nobody: no source stated, no finding
    assert found(checker, text="据了解，" + BODY) == []


def test_bylines_of_another_unit_identify_the_source(checker: AttributionChecker) -> None:
    assert loud(checker, text="□新华社记者 张三\n" + BODY, kind="repost") == []
    assert loud(checker, text=BODY + "文/北京青年报记者 李四", kind="repost") == []
    assert loud(checker, text=BODY + "新华社发 王五 摄", kind="repost") == []
    # the publisher's own reporter is not a source: an original stays silent
    assert found(checker, text="本报记者 张三\n" + BODY) == []


# --- own reports ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        "本报讯（记者 张三）",
        "岳阳县融媒体中心3月9日讯（通讯员 李四）",
        "中国江西网九江讯 通讯员刘成报道：",
        "某某新闻网讯 记者 王五 报道：",
        "湖北日报讯 (记者张辉)",
    ],
)
def test_own_datelines_in_originals_are_silent(checker: AttributionChecker, head: str) -> None:
    assert found(checker, text=head + BODY) == []


@pytest.mark.parametrize("line", ["来源：本站", "来源：本网", "信息来源：本单位", "来源：原创"])
def test_a_source_line_naming_the_publisher_is_an_original(checker: AttributionChecker, line: str) -> None:
    assert found(checker, text=BODY + line) == []
    assert loud(checker, text=BODY + line, kind="repost") == [("missing_source", "")]


def test_platform_users_and_self_media_are_reported(checker: AttributionChecker) -> None:
    assert loud(checker, text=BODY + "来源：快手用户小李")[0] == ("unapproved_source", "快手用户小李")
    assert loud(checker, text=BODY + "来源：自媒体") == [("untraceable", "自媒体")]
    assert loud(checker, text=BODY + "来源：抖音") == [("untraceable", "抖音")]


def test_own_dateline_in_a_repost_names_the_paper(checker: AttributionChecker) -> None:
    text = "本报讯（记者 张三）" + BODY
    assert loud(checker, text=text, kind="repost", source="湖南日报") == []
    assert loud(checker, text=text, kind="repost") == [("missing_source", "")]
    assert loud(checker, text="苏州日报讯 " + BODY, kind="repost") == []


# --- government sources read by name ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name", "reading"),
    [
        ("来源：@未央公安", "未央公安", "未央区"),
        ("来源：平安北京", "平安北京", "北京市"),
        ("来源：“三江发布”今日头条号", "三江发布", "三江侗族自治县"),
        ("来源：紫云公安", "紫云公安", "紫云苗族布依族自治县"),
        ("来源：北海网警巡查执法", "北海网警巡查执法", "北海市"),
        ("信息来源：县教育局", "县教育局", "本级"),
        ("来源：江苏省苏州市吴江区人民法院", "江苏省苏州市吴江区人民法院", "江苏省"),
        ("来源：荣成市融媒体中心", "荣成市融媒体中心", "荣成市"),
        ("来源：苏州日报", "苏州日报", "苏州市"),
        ("来源：上海网络辟谣", "上海网络辟谣", "上海市"),
    ],
)
def test_organs_are_accepted_with_an_info_finding(
    checker: AttributionChecker, line: str, name: str, reading: str
) -> None:
    doc = Document(text=BODY + line, kind="repost")
    findings = list(checker.check(doc, CheckContext(doc)))
    assert [f.severity for f in findings] == ["info"]
    (info,) = findings
    assert doc.text[info.start : info.end] == name
    assert reading in info.message and info.rule == "attribution/government_source"


def test_a_gov_cn_link_is_a_government_source(checker: AttributionChecker) -> None:
    text = BODY + "政策原文：https://sfj.gz.gov.cn/gkmlpt/content/5/5599/post_5599864.html"
    assert loud(checker, text=text, kind="repost") == []


def test_lookalikes_and_companies_are_not_organs(checker: AttributionChecker) -> None:
    assert loud(checker, text=BODY + "来源：苏州日报广告有限公司")[0][0] == "unapproved_source"
    assert loud(checker, text=BODY + "来源：平安保险")[0][0] == "unapproved_source"
    reader = OrganReader(SOURCES / "places.tsv", SOURCES / "organs.tsv")
    assert reader.read("苏州日报") is not None
    assert reader.read("苏州日报社有限公司") is None
    assert reader.read("人人都是产品经理") is None
    assert reader.read("苏州购物中心") is None
    for organ in ("浦东发布", "深圳卫健委", "广州市教育局", "海淀区市场监管局", "网信潼南"):
        assert reader.read(organ) is not None, organ


# --- vague and platform sources --------------------------------------------------------------------


def test_vague_sources_in_the_declared_source_and_in_the_text(checker: AttributionChecker) -> None:
    doc = Document(text=BODY, kind="repost", source="网络")
    (finding,) = checker.check(doc, CheckContext(doc))
    assert finding.rule == "attribution/untraceable" and finding.excerpt == "网络"
    assert (finding.start, finding.end) == (0, 0)
    for tail, name in [
        ("出处：网络 编辑：小张", "网络"),
        ("来源：网友投稿", "网友投稿"),
        ("声明：此文信息来源于网络，如有侵权请联系删除", "网络"),
        ("此文章摘自網絡，如有侵權聯系刪除", "網絡"),
        ("来源：朋友圈", "朋友圈"),
        ("来源：微信群", "微信群"),
    ]:
        assert loud(checker, text=BODY + tail) == [("untraceable", name)], tail


def test_a_general_disclaimer_is_not_a_source(checker: AttributionChecker) -> None:
    tail = "免责声明\n本公众号部分转载的文章、图文、视频来自网络，其版权和文责属原作者所有。"
    assert found(checker, text=BODY + tail) == []


def test_platform_accounts_are_unapproved(checker: AttributionChecker) -> None:
    doc = Document(text=BODY + "来源：百度文库", kind="repost")
    (finding, *_) = checker.check(doc, CheckContext(doc))
    assert finding.rule == "attribution/unapproved_source"
    assert doc.text[finding.start : finding.end] == "百度文库"
    assert loud(checker, text=BODY + "来源：抖音号“小李说事”")[0][0] == "unapproved_source"
    assert loud(checker, text=BODY + "原文：https://juejin.cn/post/7000266544181674014", kind="repost") == [
        ("unapproved_source", "https://juejin.cn/post/7000266544181674014")
    ]


# --- the national list and the policy's choice ------------------------------------------------------


def test_national_list_rows_carry_category_edition_and_province() -> None:
    table = SourceTable.load([SOURCES / "national_list.tsv"])
    entry = table.resolve("中国社会科学网")
    assert entry is not None and entry.category == "中央新闻网站和重点理论网站" and entry.edition == "2025-06"
    county = table.resolve("浏阳市融媒体中心")
    assert county is not None and county.province == "湖南" and county.edition == "2021-10"
    assert table.by_host("www.stcn.com").name == "证券时报网"  # type: ignore[union-attr]
    only_gov = SourceTable.load([SOURCES / "national_list.tsv"], categories=["政务发布平台"])
    assert only_gov.resolve("中国社会科学网") is None and only_gov.resolve("中国长安网") is not None
    only_hunan = SourceTable.load([SOURCES / "national_list.tsv"], provinces=["湖南"])
    assert only_hunan.resolve("浏阳市融媒体中心") is not None
    assert only_hunan.resolve("江阴市融媒体中心") is None
    assert only_hunan.resolve("中国社会科学网") is not None  # national units have no province


def test_policy_chooses_categories_and_provinces(tmp_path: Path) -> None:
    policy = tmp_path / "strict.yaml"
    policy.write_text(
        "extends: default\nid: strict\ncheckers:\n  attribution:\n"
        "    national_categories: [中央新闻网站和重点理论网站, 政务发布平台]\n    national_provinces: [广西]\n",
        encoding="utf-8",
    )
    loaded = load_policy(policy)
    strict = build_checker(loaded, "attribution", loaded.checkers["attribution"])
    assert isinstance(strict, AttributionChecker)
    # a party medium read by name no longer counts outside the chosen categories ...
    assert loud(strict, text=BODY + "来源：苏州日报")[0] == ("unapproved_source", "苏州日报")
    # ... while party and government organs always do
    assert loud(strict, text=BODY + "来源：@未央公安") == []
    assert loud(strict, text=BODY + "来源：中国社会科学网") == []


# --- invariants -------------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(
    st.sampled_from(["来源：", "来源丨", "（来源：", "稿源：", "来源 ", "本文转自："]),
    st.sampled_from(
        ["苏州日报", "@未央公安", "平安北京", "新华社", "网络", "某某财经", "“三江发布”今日头条号"]
    ),
    st.sampled_from(["", " 2024-03-05 10:20", "  编辑：李四", "）", " 作者：张三 责任编辑：王五"]),
)
def test_every_finding_names_a_span_inside_the_line(prefix: str, name: str, tail: str) -> None:
    checker = AttributionChecker(AttributionChecker.Options())
    line = prefix + name + tail
    doc = Document(text=BODY + line, kind="repost")
    line_start = len(BODY)
    for f in checker.check(doc, CheckContext(doc)):
        if f.end > f.start:
            picked = doc.text[f.start : f.end]
            assert line_start <= f.start and f.end <= len(doc.text)
            assert picked in name and "：" not in picked and "编辑" not in picked and "2024" not in picked
