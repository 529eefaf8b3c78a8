"""Attribution behaviour added after the fresh-6 blind batch (办法第二十条): organ words of any
jurisdiction as data, regional names of party media, reporter credits inside a line, more source
labels, a publisher naming itself, and reposted titles that change or keep the 原标题's meaning."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_pipeline import Document
from review_pipeline.checkers.attribution import AttributionChecker
from review_pipeline.checkers.attribution.organs import OrganReader
from review_pipeline.checkers.base import CheckContext
from review_pipeline.lexicon import LexiconError
from tests.checker_support import findings, module_checker

SOURCES = Path(__file__).resolve().parents[1] / "lexicons" / "sources"

BODY = (
    "8月10日，全县秋季森林防火工作会议召开，会议通报了近期火情形势，部署下一阶段重点工作。\n"
    "会议要求，各乡镇、各部门要压实责任，加强巡山护林和火源管控，确保不发生重大森林火灾。\n"
)


checker = module_checker("attribution")


def loud(checker: AttributionChecker, **fields: object) -> list[str]:
    return [f.rule for f in findings(checker, **fields) if f.severity != "info"]


def all_rules(checker: AttributionChecker, **fields: object) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in findings(checker, **fields)]


# --- organs and party media read by form --------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "师宗县新冠肺炎疫情防控工作指挥部",
        "苏州工业园区管委会",
        "朝阳区建外街道办事处",
        "县委全面深化改革委员会办公室",
        "平江县妇联",
        "市委网络安全和信息化委员会办公室",
        "闽西日报",
        "三峡日报",
        "潇湘晨报",
    ],
)
def test_organs_and_party_media_of_any_place_are_read_by_form(name: str) -> None:
    reader = OrganReader(SOURCES / "places.tsv", SOURCES / "organs.tsv")
    assert reader.read(name) is not None, name


@pytest.mark.parametrize("name", ["闽西", "中原银行", "海峡两岸商贸有限公司", "三峡大学"])
def test_regional_names_alone_or_in_companies_are_not_organs(name: str) -> None:
    reader = OrganReader(SOURCES / "places.tsv", SOURCES / "organs.tsv")
    assert reader.read(name) is None, name


def test_an_organ_word_list_with_an_unknown_position_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "organs.tsv"
    bad.write_text("organ\t局\tgovernment\t党政机关\nending\t处\tgovernment\t党政机关\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"organs\.tsv:2"):
        OrganReader(SOURCES / "places.tsv", bad)


def test_a_temporary_command_body_is_a_government_source(checker: AttributionChecker) -> None:
    text = BODY + "来源：师宗县新冠肺炎疫情防控工作指挥部"
    assert all_rules(checker, text=text, kind="repost") == [("attribution/government_source", "info")]


# --- how the source is written --------------------------------------------------------------------


@pytest.mark.parametrize(
    "tail",
    [
        "（总台记者 崔宁）",
        "(央视记者周伟)",
        "图为巡护队员进山检查。新华社记者 王晓 摄",
        "（总台央视记者 吴薇 谷星月）",
    ],
)
def test_a_credit_inside_a_line_states_the_unit(checker: AttributionChecker, tail: str) -> None:
    assert loud(checker, text=BODY + tail, kind="repost") == []


def test_prose_mentioning_a_reporter_is_not_a_credit(checker: AttributionChecker) -> None:
    text = BODY + "一位护林员告诉财新记者，当天巡山时并未发现火情。"
    assert loud(checker, text=text, kind="repost") == ["attribution/missing_source"]


def test_own_reporter_in_brackets_is_not_another_unit(checker: AttributionChecker) -> None:
    assert loud(checker, text=BODY + "（记者 阮冠达）") == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("消息来源：四川新闻网", []),
        ("文章转载自：某某科技公司公众号", ["attribution/unapproved_source", "attribution/untraceable"]),
        ("本文原载于《新共和》，作者Stephen Noonoo。", ["attribution/unapproved_source", "attribution/untraceable"]),
    ],
)
def test_more_source_labels(checker: AttributionChecker, line: str, expected: list[str]) -> None:
    assert loud(checker, text=line + "\n" + BODY) == expected


def test_a_source_line_naming_the_own_dateline_unit_is_an_original(checker: AttributionChecker) -> None:
    text = "2017-04-12 11:17:54 来源：罗源湾新闻网\n罗源湾新闻网讯 4月10日，我县召开安全生产工作会议。\n" + BODY
    assert loud(checker, text=text) == []
    # declared a repost, the same lines name the source it came from (and it is unknown here)
    assert "attribution/unapproved_source" in loud(checker, text=text, kind="repost")


def test_a_source_line_naming_the_account_is_an_original(checker: AttributionChecker) -> None:
    text = "来源：科技在线\n" + BODY
    assert loud(checker, text=text, account="科技在线") == []
    assert loud(checker, text=text) == ["attribution/unapproved_source", "attribution/untraceable"]


# --- titles ---------------------------------------------------------------------------------------


REPOST = BODY + "来源：新华社"


@pytest.mark.parametrize(
    ("title", "original", "why"),
    [
        ("男子诈骗被刑拘", "男子涉嫌诈骗被刑拘", "hedge"),
        ("某县获批国家级经济技术开发区", "某县未获批国家级经济技术开发区", "negation"),
        ("30人受伤 事故原因正在调查", "3人受伤 事故原因正在调查", "number"),
        ("震惊！国务院发布营商环境新规", "国务院发布营商环境新规", "sensational"),
        ("某地明日起封城", "某地明日起封城？官方回应", "question"),
    ],
)
def test_a_title_that_changes_the_meaning_is_a_warning(
    checker: AttributionChecker, title: str, original: str, why: str
) -> None:
    doc = Document(text=REPOST, title=title, original_title=original, kind="repost")
    (finding,) = checker.check(doc, CheckContext(doc))
    assert finding.rule == "attribution/title_altered" and finding.severity == "warning"
    assert why in finding.source and finding.field == "title"


@pytest.mark.parametrize(
    ("title", "original"),
    [
        ("国务院常务会议部署稳就业", "李强主持召开国务院常务会议 部署稳就业工作"),
        ("无锡市召开安全生产工作会议", "市召开安全生产工作会议"),
        ("西安一网民在朋友圈辱骂防疫人员被警方行拘", "“西安一网民朋友圈辱骂防疫人员”，行拘！"),
    ],
)
def test_shortening_or_rewording_is_only_noted(checker: AttributionChecker, title: str, original: str) -> None:
    doc = Document(text=REPOST, title=title, original_title=original, kind="repost")
    (finding,) = checker.check(doc, CheckContext(doc))
    assert finding.rule == "attribution/title_reworded" and finding.severity == "info"
    assert doc.title is not None and 0 <= finding.start <= finding.end <= len(doc.title)


def test_a_unit_message_dateline_names_the_source_of_a_repost(checker: AttributionChecker) -> None:
    text = "央视网消息：今明两天，我国从南到北都有较强降雨，中央气象台继续发布暴雨蓝色预警。\n" + BODY
    assert loud(checker, text=text, kind="repost") == []
    assert loud(checker, text=text) == []  # an original of 央视网 itself says nothing


@pytest.mark.parametrize(
    ("line", "platform"),
    [("本文来自：简书作者“山间小记”", "简书"), ("文章来自：美篇用户“老李看世界”", "美篇")],
)
def test_user_platforms_are_named(checker: AttributionChecker, line: str, platform: str) -> None:
    doc = Document(text=BODY + line)
    found = [f for f in checker.check(doc, CheckContext(doc)) if f.rule == "attribution/unapproved_source"]
    assert found and platform in found[0].message


def test_a_bureau_of_a_listed_unit_is_that_unit(checker: AttributionChecker) -> None:
    for line in ("来源：中国日报河南记者站（记者 向明超）", "来源：新华社湖北分社", "来源：人民日报驻广西记者站"):
        assert loud(checker, text=BODY + line, kind="repost") == [], line


def test_a_listed_unit_alone_on_a_line_names_the_source_of_a_repost(checker: AttributionChecker) -> None:
    assert loud(checker, text="新华网 2019-08-30 11:06:00\n" + BODY, kind="repost") == []
    assert loud(checker, text=BODY + "段正阳 成都报道\nCNSTV", kind="repost") == []


def test_a_document_signature_is_not_a_source_line(checker: AttributionChecker) -> None:
    text = BODY + "广东省人民政府办公厅\n2024年3月5日"
    assert loud(checker, text=text, kind="repost") == ["attribution/missing_source"]
    assert loud(checker, text=text) == []  # an original signed by its own organ says nothing
