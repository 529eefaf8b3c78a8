"""Repost attribution (办法第二十条) on realistic reposts: central and provincial media, WeChat and
self-media accounts, missing sources, altered titles, and originals that must stay silent."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline, load_policy
from review_pipeline.checkers.attribution import AttributionChecker
from review_pipeline.checkers.attribution.sources import SourceTable
from review_pipeline.checkers.base import CheckContext
from review_pipeline.lexicon import LexiconError
from review_pipeline.pipeline import build_checker
from review_pipeline.policy import PolicyError
from tests.checker_support import findings, module_checker

ROOT = Path(__file__).resolve().parents[1]
APPROVED = ROOT / "lexicons" / "sources" / "approved.tsv"
CITY = ROOT / "lexicons" / "sources" / "fangchenggang.tsv"

BODY = (
    "为深入贯彻落实党中央、国务院决策部署，进一步优化营商环境，激发市场主体活力，"
    "国务院办公厅近日印发通知，部署开展政务服务效能提升行动。\n"
    "通知要求，各地区各部门要坚持以人民为中心，推进政务服务标准化、规范化、便利化。\n"
)


checker = module_checker("attribution")


@pytest.fixture(scope="module")
def city_checker() -> AttributionChecker:
    policy = load_policy(ROOT / "policies" / "fangchenggang.yaml")
    built = build_checker(policy, "attribution", policy.checkers["attribution"])
    assert isinstance(built, AttributionChecker)
    return built


def run(checker: AttributionChecker, **fields: object) -> tuple[Document, list[tuple[str, str, str]]]:
    """(document, [(rule id, field, matched original text)])."""
    doc = Document(**fields)  # type: ignore[arg-type]
    found = list(checker.check(doc, CheckContext(doc)))
    for f in found:
        assert f.legal_basis == "办法第二十条"
        assert f.checker == "attribution" and f.message and f.source
    return doc, [(f.rule.split("/")[1], f.field, doc.field_text(f.field)[f.start : f.end]) for f in found]


def rules(checker: AttributionChecker, **fields: object) -> list[str]:
    """Rule ids of the warnings and errors (info findings only explain an accepted reading)."""
    return [f.rule.split("/")[1] for f in findings(checker, **fields) if f.severity != "info"]


def infos(checker: AttributionChecker, **fields: object) -> list[tuple[str, str]]:
    """(rule id, matched text) of the info findings."""
    doc = Document(**fields)  # type: ignore[arg-type]
    found = checker.check(doc, CheckContext(doc))
    return [
        (f.rule.split("/")[1], doc.field_text(f.field)[f.start : f.end])
        for f in found
        if f.severity == "info"
    ]


# --- approved sources: central and provincial media ---------------------------------------------


@pytest.mark.parametrize(
    "trailer",
    [
        "来源：人民网-人民健康网",
        "来源：新华网",
        "（来源：新华社）",
        "来源丨央视新闻（ID：cctvnewscenter）",
        "来源：央视新闻客户端",
        "本文转自：人民日报微信公众号",
        "来源：中国政府网",
        "稿源：广西云客户端",
        "来源：广西壮族自治区人民政府门户网站  编辑：李四  审核：王五",
        "来源：“学习强国”学习平台",
        "文章来源：国家卫健委官网",
        "来源：人民日报、新华社",
        "来源：广西壮族自治区卫生健康委员会",
        "來源：新華社",  # traditional script, full-width colon
    ],
)
def test_approved_sources_produce_no_findings(checker: AttributionChecker, trailer: str) -> None:
    assert (
        rules(checker, text=BODY + trailer, title="国务院办公厅部署开展政务服务效能提升行动", kind="repost")
        == []
    )


@pytest.mark.parametrize(
    "head",
    [
        "新华社北京3月5日电（记者张三）第十四届全国人民代表大会第二次会议5日上午在人民大会堂开幕。\n",
        "中新社南宁6月1日电 广西壮族自治区今年将新建改建农村公路5000公里。\n",
        "据央视新闻报道，今年春运期间全国铁路累计发送旅客4.8亿人次。\n",
        "据新华社石家庄电（记者郑某）河北省今年将改造老旧小区2000个。\n",
        "据新华社香港一月六日电 香港特区政府今天公布……\n",
        "据人民日报１月３日报道，全国已建成5G基站337万个。\n",
    ],
)
def test_datelines_and_reported_by_name_an_approved_source(checker: AttributionChecker, head: str) -> None:
    assert rules(checker, text=head + BODY) == []


def test_municipal_units_are_read_by_name_and_listed_by_the_city_table(
    checker: AttributionChecker, city_checker: AttributionChecker
) -> None:
    # Behaviour change (issue 17): a city party paper is a party medium, accepted by its name with
    # an info finding; the city's own table lists it, so there it is silent.
    text = BODY + "来源：防城港日报\n编辑：陈某"
    assert rules(checker, text=text) == []
    assert infos(checker, text=text) == [("government_source", "防城港日报")]
    assert run(city_checker, text=text)[1] == []
    # the city table adds to the default one: central units stay approved
    assert rules(city_checker, text=BODY + "来源：新华社") == []


# --- unapproved, self-media and WeChat accounts ---------------------------------------------------


def test_wechat_account_not_in_table_is_unapproved_and_untraceable(checker: AttributionChecker) -> None:
    doc, found = run(checker, text=BODY + "来源：微信公众号“健康生活小妙招”")
    assert found == [
        ("unapproved_source", "text", "微信公众号“健康生活小妙招”"),
        ("untraceable", "text", "微信公众号“健康生活小妙招”"),
    ]
    finding = next(iter(checker.check(doc, CheckContext(doc))))
    assert "微信公众号" in finding.message and finding.source == "text:self_media:微信公众号"


def test_self_media_with_link_is_unapproved_but_traceable(checker: AttributionChecker) -> None:
    text = BODY + "本文转载自百家号“老王说事”\n原文链接：https://baijiahao.baidu.com/s?id=1790000000000000000"
    doc, found = run(checker, text=text)
    assert found == [("unapproved_source", "text", "百家号“老王说事”")]
    finding = next(iter(checker.check(doc, CheckContext(doc))))
    assert "百家号自媒体账号" in finding.message


def test_lookalike_names_are_not_approved(checker: AttributionChecker) -> None:
    assert "unapproved_source" in rules(checker, text=BODY + "来源：新华社区生活号")
    assert "unapproved_source" in rules(checker, text=BODY + "来源：万达市场管理办公室")


def test_foreign_media_cited_in_the_lead_is_unapproved(checker: AttributionChecker) -> None:
    text = "据俄罗斯《消息报》去年12月31日报道，该国将调整养老金。\n" + BODY
    assert run(checker, text=text)[1][0] == ("unapproved_source", "text", "俄罗斯《消息报》")
    assert run(checker, text="据英国报纸报道，研究人员发现……\n" + BODY)[1] == [
        ("untraceable", "text", "英国报纸")
    ]


def test_vague_source_is_untraceable(checker: AttributionChecker) -> None:
    assert run(checker, text=BODY + "来源：网络")[1] == [("untraceable", "text", "网络")]


def test_own_dateline_is_not_a_source(checker: AttributionChecker) -> None:
    # Behaviour change (issue 17): 本报讯 opens the publisher's own report, not a vague source.
    text = "本报讯（记者 王五）昨日，我市召开安全生产工作会议。\n" + BODY
    assert run(checker, text=text)[1] == []
    # in a repost it is the original paper's own dateline: the declared source names that paper
    assert rules(checker, text=text, kind="repost", source="广西日报") == []


# --- missing source ----------------------------------------------------------------------------


def test_repost_without_source_is_an_error(checker: AttributionChecker) -> None:
    doc = Document(text=BODY, kind="repost")
    found = list(checker.check(doc, CheckContext(doc)))
    assert [(f.rule, f.severity) for f in found] == [("attribution/missing_source", "error")]


def test_empty_source_label_points_at_the_label(checker: AttributionChecker) -> None:
    text = BODY + "来源：\n编辑：李四"
    assert run(checker, text=text, kind="repost")[1] == [("missing_source", "text", "来源")]
    # Behaviour change (issue 17): in a post not declared a repost an empty 来源 field is a page
    # template's, as on many government sites' originals.
    assert run(checker, text=text)[1] == []


def test_original_title_marker_without_source(checker: AttributionChecker) -> None:
    assert run(checker, text="原标题：《关于开展政务服务效能提升行动的通知》\n" + BODY)[1] == [
        ("missing_source", "text", "原标题：")
    ]


def test_news_page_editor_trailer_asks_for_tracing(checker: AttributionChecker) -> None:
    assert run(checker, text=BODY + "（责任编辑：赵六）")[1] == [("untraceable", "text", "（责任编辑：")]


def test_link_to_approved_site_counts_as_the_source(checker: AttributionChecker) -> None:
    text = BODY + "原文链接：https://www.gov.cn/zhengce/content/202403/content_6939000.htm"
    assert rules(checker, text=text, kind="repost") == []


# --- metadata vs text -------------------------------------------------------------------------


def test_metadata_and_text_disagree(checker: AttributionChecker) -> None:
    assert run(checker, text=BODY + "来源：新华网", source="人民日报")[1] == [
        ("source_mismatch", "text", "新华网")
    ]


def test_names_of_one_unit_agree(checker: AttributionChecker) -> None:
    assert rules(checker, text=BODY + "来源：人民网", source="人民日报") == []
    assert rules(checker, text=BODY + "来源：新华网", source="新华社") == []


def test_unapproved_metadata_source(checker: AttributionChecker) -> None:
    doc = Document(text=BODY, kind="repost", source="老王财经说")
    found = list(checker.check(doc, CheckContext(doc)))
    assert [f.rule for f in found] == ["attribution/unapproved_source", "attribution/untraceable"]
    assert found[0].excerpt == "老王财经说" and (found[0].start, found[0].end) == (0, 0)


# --- titles -------------------------------------------------------------------------------------


def test_altered_title_shows_what_changed(checker: AttributionChecker) -> None:
    doc = Document(
        text=BODY + "来源：中国政府网",
        title="重磅！国务院发布：营商环境新规来了",
        original_title="国务院办公厅关于进一步优化营商环境的通知",
        kind="repost",
    )
    (finding,) = checker.check(doc, CheckContext(doc))
    assert finding.rule == "attribution/title_altered" and finding.field == "title"
    assert "增加“重磅”" in finding.message and "办公厅" in finding.message
    assert doc.title is not None and doc.title[finding.start : finding.end].startswith("重磅")
    assert finding.score is not None and 0 < finding.score <= 1


def test_title_differing_only_in_punctuation_width_and_space_is_kept(checker: AttributionChecker) -> None:
    assert (
        rules(
            checker,
            text=BODY + "来源：新华社",
            title="２０２４年 全国两会：政府工作报告全文！",
            original_title="2024年全国两会 政府工作报告全文",
            kind="repost",
        )
        == []
    )


# --- originals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        "数据来源：国家统计局。2023年全市地区生产总值增长5.2%。\n" + BODY,
        BODY + "图片来源：防城港市融媒体中心\n编辑：李四  审核：王五",
        "今晚停电（预计两小时），请市民做好准备。\n" + BODY,
        "据了解，我市今年新建改建农村公路300公里。\n" + BODY,
        BODY * 3 + "项目资金来源：中央财政补助资金。\n" + BODY * 3,
    ],
)
def test_originals_that_name_no_source_are_silent(checker: AttributionChecker, text: str) -> None:
    assert rules(checker, text=text) == []


# --- tables and policies ----------------------------------------------------------------------


def test_alias_normalisation() -> None:
    table = SourceTable.load([APPROVED])
    assert table.resolve("人民网-人民健康网").name == "人民网"  # type: ignore[union-attr]
    assert table.resolve("央视新闻").name == "中央广播电视总台"  # type: ignore[union-attr]
    assert table.resolve("新华网").name == "新华社"  # type: ignore[union-attr]
    assert table.resolve("广西政府网").level == "provincial"  # type: ignore[union-attr]
    assert table.by_host("www.xinhuanet.com").name == "新华社"  # type: ignore[union-attr]
    assert table.by_host("www.fcgs.gov.cn") is None
    assert table.resolve("新华社区") is None


def test_bad_table_row_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "sources.tsv"
    bad.write_text("# header\n人民日报\t\tcentral\tnews\n某报\t\tnational\tnews\n", encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        SourceTable.load([bad])
    assert str(err.value).startswith(f"{bad}:3:") and "level" in str(err.value)


def test_unknown_option_is_a_policy_error(tmp_path: Path) -> None:
    policy = tmp_path / "city.yaml"
    policy.write_text("id: city\ncheckers:\n  attribution:\n    approved_source: [x]\n", encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        Pipeline.from_policy(load_policy(policy))
    assert ":4:" in str(err.value)


def test_pipeline_verdict_with_city_policy(tmp_path: Path) -> None:
    table = tmp_path / "units.tsv"
    table.write_text("东兴日报\t东兴发布\tcounty\tnews\n", encoding="utf-8")
    policy = tmp_path / "city.yaml"
    policy.write_text(
        f"id: city\ncheckers:\n  attribution:\n    approved_sources: [{APPROVED}]\n"
        "    extra_sources: [units.tsv]\n",
        encoding="utf-8",
    )
    pipeline = Pipeline.from_policy(load_policy(policy))
    assert pipeline.review(Document(text=BODY + "来源：东兴发布")).decision == "pass"
    verdict = pipeline.review(Document(text=BODY, kind="repost", title="通知"))
    assert verdict.decision == "block"
    assert verdict.findings[0].rule == "attribution/missing_source"
    assert verdict.checkers["attribution"].status == "ok"


# --- invariants -------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="来源转自据报道新华社人民网：:、（）()\n 网友编辑责任本报讯月日电12abc", max_size=120)
)
def test_offsets_always_inside_the_original(text: str) -> None:
    checker = AttributionChecker(AttributionChecker.Options())
    for kind in ("original", "repost"):
        doc = Document(text=text, kind=kind)  # type: ignore[arg-type]
        for f in checker.check(doc, CheckContext(doc)):
            assert 0 <= f.start <= f.end <= len(text)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["人民网", "新华社", "央视新闻", "广西日报", "中国政府网"]),
    st.text(alphabet="。，的了是在 \n", max_size=40),
)
def test_an_approved_trailer_never_yields_findings(name: str, filler: str) -> None:
    checker = AttributionChecker(AttributionChecker.Options())
    doc = Document(text=filler + BODY + f"\n来源：{name}", kind="repost")
    assert list(checker.check(doc, CheckContext(doc))) == []
