"""Issue 19 round 3: number forms and home addresses as real posts write them (sentences written
for the test; the real-text figures are in test_pii_real.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline import Document
from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.pii import PiiChecker, PiiOptions
from review_pipeline.checkers.pii.checksums import luhn_check_digit, resident_id_check_char
from review_pipeline.models import Finding
from review_pipeline.pipeline import _apply_redactions

ID17 = "45010219900307123"
ID18 = ID17 + resident_id_check_char(ID17)
CARD = "621700001234567890" + luhn_check_digit("621700001234567890")


@pytest.fixture(scope="module")
def checker() -> PiiChecker:
    return PiiChecker(PiiOptions())


def run(checker: PiiChecker, text: str) -> tuple[list[Finding], str]:
    doc = Document(text=text)
    ctx = CheckContext(doc)
    findings = list(checker.check(doc, ctx))
    redacted = _apply_redactions(doc, ctx.redactions)
    return findings, redacted.text if redacted and redacted.text is not None else text


def found(findings: list[Finding], text: str, rule: str) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.severity) for f in findings if f.rule == rule and f.start is not None]  # type: ignore[misc]


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule", "value", "severity"),
    [
        (f"失主身份证号：{ID18[:4]} {ID18[4:8]} {ID18[8:12]} {ID18[12:16]} {ID18[16:]}，请联系。", "pii/CN_RESIDENT_ID", f"{ID18[:4]} {ID18[4:8]} {ID18[8:12]} {ID18[12:16]} {ID18[16:]}", "error"),
        ("身份证号码 450102 900101 123 的张三", "pii/CN_RESIDENT_ID", "450102 900101 123", "error"),
        (f"其银行卡号{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]}已冻结。", "pii/BANK_CARD", f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]}", "error"),
        ("村民张三家庭电话07712812345。", "pii/CN_LANDLINE", "07712812345", "error"),
        ("村民张三家庭电话(0771) 2812345。", "pii/CN_LANDLINE", "(0771) 2812345", "error"),
        ("村民张三家庭电话（0771）-2812345。", "pii/CN_LANDLINE", "（0771）-2812345", "error"),
        # a cue, then a number that is no valid value of its kind: a warning, masked all the same
        (f"身份证号：{ID17}0（有误）", "pii/CN_RESIDENT_ID", f"{ID17}0", "warning"),
        ("手机号：1381234567，", "pii/CN_MOBILE", "1381234567", "warning"),
        ("银行卡号：4217000012345678901，", "pii/BANK_CARD", "4217000012345678901", "warning"),
    ],
)
def test_number_forms(checker: PiiChecker, text: str, rule: str, value: str, severity: str) -> None:
    findings, redacted = run(checker, text)
    assert (value, severity) in found(findings, text, rule)
    assert value not in redacted  # masked in Verdict.redacted, warning or error


@pytest.mark.parametrize(
    "text",
    [
        "(投稿邮箱:13937730599@163.com)",  # a newsroom's submission mailbox
        "新闻投稿:cyjywtgxx@126.com",
        "图标文件logo@2x.png已更新。",  # a file name
        "详见https://user@vote.example.com/act",  # part of a web address
    ],
)
def test_not_a_personal_mailbox(checker: PiiChecker, text: str) -> None:
    findings, _ = run(checker, text)
    assert not found(findings, text, "pii/EMAIL")


def test_a_web_address_is_no_wechat_id(checker: PiiChecker) -> None:
    text = "微信搜索下方链接\nhttps://58oz7x.wx.lppoll.com/act?a=1"
    findings, _ = run(checker, text)
    assert not found(findings, text, "pii/WECHAT_ID")


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["身份证号：", "身份证号码为", "公民身份号码 "]), st.text(alphabet="0123456789", min_size=15, max_size=18))
def test_a_number_after_an_id_cue_never_survives(cue: str, digits: str) -> None:
    checker = _CHECKER
    text = f"当事人{cue}{'4' + digits[1:]}，已核实。"
    _, redacted = run(checker, text)
    assert "4" + digits[1:] not in redacted


_CHECKER = PiiChecker(PiiOptions())


# --- home addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("张某某，男，现住大竹县石河镇白坝村3社12号，因涉嫌盗窃被刑事拘留。", "石河镇白坝村3社12号"),
        ("当事人住址为兴宁区朝阳路18号，经查，其行为违法。", "朝阳路18号"),
        ("投诉人家住阳光小区3栋502，反映楼上漏水。", "阳光小区3栋502"),
        ("其户籍地：隆安县那桐镇定江村五组。", "那桐镇定江村五组"),
        ("家庭地址：白沙镇新华路25号。", "白沙镇新华路25号"),
        ("居住在城东街道幸福小区5栋2单元。", "城东街道幸福小区5栋2单元"),
        ("投诉人家住幸福小区3-2-501，反映漏水。", "幸福小区3-2-501"),  # building-unit-room
        ("当事人住址：新华路十二号。", "新华路十二号"),  # a house number in Chinese numerals
        # the cue after punctuation: 家住 is not the first word of the village's name
        ("报警人王某，男，家住城关镇和平村3组12号。", "城关镇和平村3组12号"),
        ("申请人刘某，家住和平村三组12号，现申请临时救助。", "和平村三组12号"),
    ],
)
def test_home_addresses_after_a_cue(checker: PiiChecker, text: str, address: str) -> None:
    findings, redacted = run(checker, text)
    assert [v for v, _ in found(findings, text, "pii/ADDRESS")] == [address]
    assert address not in redacted


@pytest.mark.parametrize(
    "text",
    [
        "办公地址：南宁市青秀区民族大道100号3楼301室，联系电话0771-1234567。",
        "地址：青秀区民族大道100号市政务服务中心3楼。",
        "受理地点：城关街道人民路8号。",
        "市民可到位于中山路12号2楼的县政务服务中心办理。",
        "报名地点：县人社局（建设路26号）。",
        "乘坐地铁三号线到人民路站。",
        "会议于2023-11-30召开，地点为市政府3楼。",
        "在九溪村12组王家孟家中，村干部送上捐款。",  # a group before X家, no house number (RUBRIC §6)
    ],
)
def test_an_office_address_is_not_personal(checker: PiiChecker, text: str) -> None:
    findings, _ = run(checker, text)
    assert not found(findings, text, "pii/ADDRESS")


def test_a_malformed_id_after_its_cue_says_it_may_be_mistyped_not_asks_for_consent() -> None:
    from review_pipeline import Document, Pipeline

    verdict = Pipeline.from_policy("default").review(Document(text="市民来电反映，其身份证号：450602199001010011 丢失。"))
    found = [f for f in verdict.findings if f.rule == "pii/CN_RESIDENT_ID"]
    assert [f.severity for f in found] == ["warning"]
    assert "校验位" in found[0].message and "本人同意" not in found[0].message
    assert "450602199001010011" not in (verdict.redacted.text if verdict.redacted else "")


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("她家住港口区渔州路12号。", "渔州路12号"),  # 州 inside a road's name
        ("家住广州市天河区广州大道中289号", "广州大道中289号"),  # a section after the road's ending
        ("她家住成都市武侯区人民南路四段12号。", "人民南路四段12号"),  # a numbered section
    ],
)
def test_home_addresses_on_roads_with_sections_and_prefecture_characters(text: str, address: str) -> None:
    from review_pipeline import Document, Pipeline

    verdict = Pipeline.from_policy("default").review(Document(text=text))
    assert [text[f.start : f.end] for f in verdict.findings if f.rule == "pii/ADDRESS"] == [address]


def test_an_office_address_on_a_sectioned_road_stays() -> None:
    from review_pipeline import Document, Pipeline

    verdict = Pipeline.from_policy("default").review(Document(text="办公地址：成都市武侯区人民南路四段12号"))
    assert not [f for f in verdict.findings if f.rule == "pii/ADDRESS"]


# --- who a contact line names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a private person to call on a mobile (issue 19: 请联系张三，电话…): de-identified
        ("拾到钱包的市民请联系刘建华，电话13812345678。", ["刘建华"]),
        ("报警人李秀英称其电动车在小区楼下被盗。", ["李秀英"]),
        # an office's staff on the office's fixed line (RUBRIC §5): in role, kept
        ("如有疑问，请联系刘建华，电话0771-5551234。", []),
    ],
)
def test_contact_lines_and_reporters(checker: PiiChecker, text: str, names: list[str]) -> None:
    findings, redacted = run(checker, text)
    assert [v for v, _ in found(findings, text, "pii/PERSON")] == names
    assert all(name not in redacted for name in names)


@pytest.mark.parametrize(
    ("text", "redacted_part"),
    [
        ("失主劉建華，聯系電話（0771）5551234。", "失主劉某某，聯系電話（0771）*****34。"),  # traditional script, full-width brackets
        ("失主刘建华，手机１３８１２３４５６７８。", "手机１３８****５６７８"),  # full-width digits
    ],
)
def test_redaction_keeps_the_posts_own_characters(checker: PiiChecker, text: str, redacted_part: str) -> None:
    _findings, redacted = run(checker, text)
    assert redacted_part in redacted
