"""The pii checker on realistic government-post passages: every entity, masks, not-PII, exemptions."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from review_pipeline import Document, Pipeline, load_policy
from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.pii import PiiChecker, PiiOptions
from review_pipeline.checkers.pii.masking import Masker, MaskSpec
from review_pipeline.checkers.pii.operators import KeepEnds
from review_pipeline.models import Finding
from review_pipeline.policy import PolicyError


@pytest.fixture(scope="module")
def checker() -> PiiChecker:
    return PiiChecker(PiiOptions())


def run(checker: PiiChecker, text: str, **fields: object) -> tuple[list[Finding], CheckContext]:
    doc = Document(text=text, **fields)  # type: ignore[arg-type]
    ctx = CheckContext(doc)
    return list(checker.check(doc, ctx)), ctx


def found(checker: PiiChecker, text: str, **fields: object) -> list[tuple[str, str]]:
    """(entity, original value) of every finding."""
    findings, _ = run(checker, text, **fields)
    return [(f.rule.removeprefix("pii/"), text[f.start : f.end]) for f in findings]


# --- every entity, in realistic passages ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("经查，当事人身份证号码为450602199001011239，系本市港口区人。", "CN_RESIDENT_ID", "450602199001011239"),
        ("公民身份号码：11010519491231002x。", "CN_RESIDENT_ID", "11010519491231002x"),
        ("其身份证号为450602900101123（旧版15位）。", "CN_RESIDENT_ID", "450602900101123"),
        ("如有疑问请致电13812345678咨询。", "CN_MOBILE", "13812345678"),
        ("联系手机：138-1234-5678。", "CN_MOBILE", "138-1234-5678"),
        ("联系手机：+86 13812345678。", "CN_MOBILE", "13812345678"),
        ("手机号１３８１２３４５６７８（全角）", "CN_MOBILE", "１３８１２３４５６７８"),
        ("来电人反映，其家庭电话0770-2812345近期频繁接到推销电话。", "CN_LANDLINE", "0770-2812345"),
        ("经核实，户主宅电（010）65092824转801已停机。", "CN_LANDLINE", "（010）65092824转801"),
        ("家中座机2812345无人接听。", "CN_LANDLINE", "2812345"),
        ("退款将打入其银行卡6222021234567890128。", "BANK_CARD", "6222021234567890128"),
        ("卡号6222 0212 3456 7890 128", "BANK_CARD", "6222 0212 3456 7890 128"),
        ("举报材料请发送至邮箱zhang.san@example.com，我们将及时处理。", "EMAIL", "zhang.san@example.com"),
        ("当事人张建国（男，1980年生）对处罚无异议。", "PERSON", "张建国"),
        ("村民覃海燕，女，现年45岁。", "PERSON", "覃海燕"),
        ("投诉人欧阳娜娜，联系电话已登记。", "PERSON", "欧阳娜娜"),
        ("经询问，李建国先生表示认可。", "PERSON", "李建国"),
        (
            "该户主家住港口区渔洲坪街道兴港大道18号2栋3单元501室。",
            "ADDRESS",
            "渔洲坪街道兴港大道18号2栋3单元501室",
        ),
        ("其户籍地在东兴市江平镇巫头村5组。", "ADDRESS", "江平镇巫头村5组"),
        ("出境时持护照E12345678。", "CN_PASSPORT", "E12345678"),
        ("持港澳居民来往内地通行证H1234567801入境。", "CN_HMT_PERMIT", "H1234567801"),
        ("车牌号为桂P·12345的小型轿车违停。", "CN_LICENSE_PLATE", "桂P·12345"),
        ("新能源车桂AD12345已登记。", "CN_LICENSE_PLATE", "桂AD12345"),
        ("发帖人IP地址为192.168.10.23。", "IP_ADDRESS", "192.168.10.23"),
        ("可加QQ：123456789联系。", "QQ", "123456789"),
        ("添加微信：wxid_gov2022进群。", "WECHAT_ID", "wxid_gov2022"),
    ],
)
def test_detects_each_entity(checker: PiiChecker, text: str, entity: str, value: str) -> None:
    assert (entity, value) in found(checker, text)


def test_chinese_next_to_email_is_not_swallowed(checker: PiiChecker) -> None:
    text = "邮箱a.b@example.cn，电话另行通知"  # not gov.cn: public bodies' mailboxes are not personal
    assert found(checker, text) == [("EMAIL", "a.b@example.cn")]


def test_enumerated_names_after_one_cue(checker: PiiChecker) -> None:
    names = {v for e, v in found(checker, "村民黄志强、韦明等人参加了会议。") if e == "PERSON"}
    assert {"黄志强"} <= names and any(n.startswith("韦明") for n in names)


# --- not personal information -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "统一社会信用代码91450600MA5K123450的企业已完成年报。",
        "个体工商户统一社会信用代码92450602MA5N8Q1R3T。",
        "根据《防城港市人民政府办公室关于印发方案的通知》（防政办发〔2022〕8号）执行。",
        "2022年3月5日至2022年12月31日，全市共完成投资12345678万元。",
        "本次采购金额为6222021234567890元人民币。",
        "订单号2023010112345678已发货，运单号773125064521904。",
        "如有问题请拨打12345政务服务便民热线或12315投诉举报电话，紧急情况拨打110。",
        "当事人张某某（身份证号已隐去）对处罚决定无异议。",
        "患者王某，女，45岁；密切接触者郭某彬已隔离。",
        "联系人：王先生，李女士负责接待。",
        "请关注微信公众号：fcgzfw2022。",
        "欢迎加入QQ群：123456789交流。",
        "市政务服务中心地址：港口区兴港大道18号。",
        "群众和采访的记者都到了现场。",
    ],
)
def test_not_personal_information(checker: PiiChecker, text: str) -> None:
    assert found(checker, text) == []


def test_public_contacts_listed_by_policy(tmp_path: Path) -> None:
    public = tmp_path / "office.tsv"
    public.write_text("# office numbers\n0770-2812345\t市政务服务中心\n", encoding="utf-8")
    defaults = PiiOptions()
    local = PiiChecker(PiiOptions(public_contacts=[*defaults.public_contacts, str(public)]))
    text = "咨询电话0770-2812345，值班手机13812345678。"
    assert found(local, text) == [("CN_MOBILE", "13812345678")]


# --- landlines: office numbers are published, a private person's number is not -------------

NOTICE = (
    "关于开展2023年度城乡居民医疗保险集中参保缴费工作的通告\n"
    "一、缴费时间：2022年9月1日至12月31日。\n"
    "二、咨询电话：0770-2822123；传真：0770-2822124。\n"
    "三、监督举报电话：0770-2833567（市医疗保障局办公室），值班电话（0770）2801234。\n"
    "四、各乡镇卫生院联系电话：0770-3251234，报名电话0770-3259876。\n"
    "联系人：市医疗保障局待遇保障科，办公电话0770-2812345。\n"
    "市民可拨打0770-2866000咨询，或到市政务服务中心（联系电话：0770-2867000）办理。"
)


def test_office_numbers_in_a_notice_pass(checker: PiiChecker) -> None:
    findings, ctx = run(checker, NOTICE)
    assert [f for f in findings if f.rule == "pii/CN_LANDLINE"] == []
    assert ctx.redactions == []


def test_office_numbers_pass_even_when_unknown_numbers_are_errors() -> None:
    strict = PiiChecker(PiiOptions(landline_default="error"))
    assert [e for e, _ in found(strict, NOTICE) if e == "CN_LANDLINE"] == []


HOTLINE_REPLY = (
    "【12345热线办理回复】市民来电反映：其居住的小区夜间施工噪音扰民。来电人王某某，"
    "家庭电话0770-2812345，希望有关部门尽快处理。\n"
    "办理结果：经市住房城乡建设局核查，该项目已停止夜间施工。"
    "如有疑问，请拨打市住房城乡建设局咨询电话0770-2822999。"
)


def test_citizens_home_landline_in_hotline_reply_is_redacted() -> None:
    pipeline = Pipeline.from_policy(load_policy("default"))
    verdict = pipeline.review(Document(text=HOTLINE_REPLY))
    landlines = [f for f in verdict.findings if f.rule == "pii/CN_LANDLINE"]
    assert [(HOTLINE_REPLY[f.start : f.end], f.severity, f.excerpt) for f in landlines] == [
        ("0770-2812345", "error", "0770-*****45")
    ]
    assert "家庭电话" in landlines[0].source and verdict.decision == "block"
    assert verdict.redacted is not None
    assert "家庭电话0770-*****45，" in verdict.redacted.text
    assert "咨询电话0770-2822999。" in verdict.redacted.text  # the office number stays
    assert "0770-2812345" not in verdict.model_dump_json()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("村民韦某，联系电话0770-2812345，反映屯内道路积水。", "0770-2812345"),
        ("患者家属称，其住宅电话0770-2812345无人接听。", "0770-2812345"),
        ("举报人留下电话0770-2812345，要求书面答复。", "0770-2812345"),
        ("市民李先生（电话：0770-2812345）反映路灯损坏。", "0770-2812345"),
        ("紧急联系人电话：0770-2812345。", "0770-2812345"),
    ],
)
def test_personal_cue_makes_a_landline_personal(checker: PiiChecker, text: str, value: str) -> None:
    assert found(checker, text) == [("CN_LANDLINE", value)]


@pytest.mark.parametrize(
    "text",
    [
        "市民反映，小区物业公司电话0770-2812345长期无人接听。",  # the unit is nearer than 市民
        "患者家属可拨打0770-2812345咨询。",
        "港口区民政局0770-2812345，东兴市扶贫办0770-3251234。",
        "村民委员会电话：0770-2812345。",
        "投诉电话：0770-2812345（工作日8:00—17:30）。",
        "电话：0770-2812345（传真同号）。",
        "联系电话：0770-2812345。",  # no cue at all: ignored by default
    ],
)
def test_office_or_uncued_landline_is_not_reported(checker: PiiChecker, text: str) -> None:
    assert found(checker, text) == []


def test_a_personal_number_is_personal_everywhere_in_the_post(checker: PiiChecker) -> None:
    text = "关于0770-2812345来电的答复：来电人反映，其家庭电话0770-2812345被他人冒用。"
    findings, ctx = run(checker, text, title="关于0770-2812345来电的答复")
    assert {(f.field, f.start, f.severity) for f in findings} == {
        ("title", 2, "error"), ("text", 2, "error"), ("text", text.rindex("0770"), "error")
    }
    assert len(ctx.redactions) == 3


def test_landline_default_warning_and_error() -> None:
    text = "联系电话：0770-2812345。办理业务请到窗口，咨询电话0770-2822123。"
    warn = PiiChecker(PiiOptions(landline_default="warning"))
    findings, ctx = run(warn, text)
    assert [(text[f.start : f.end], f.severity, f.excerpt) for f in findings] == [
        ("0770-2812345", "warning", "0770-*****45")
    ]
    assert ctx.redactions == [] and "0770-2812345" not in findings[0].message
    strict = PiiChecker(PiiOptions(landline_default="error"))
    findings, ctx = run(strict, text)
    assert [(text[f.start : f.end], f.severity) for f in findings] == [("0770-2812345", "error")]
    assert [r.replacement for r in ctx.redactions] == ["0770-*****45"]


def test_landline_default_from_policy_file(tmp_path: Path) -> None:
    policy = tmp_path / "city.yaml"
    policy.write_text("extends: default\ncheckers:\n  pii:\n    landline_default: error\n", encoding="utf-8")
    verdict = Pipeline.from_policy(load_policy(policy)).review(Document(text="联系电话：0770-2812345。"))
    assert [f.rule for f in verdict.findings if f.checker == "pii"] == ["pii/CN_LANDLINE"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: default\ncheckers:\n  pii:\n    landline_default: block\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"bad\.yaml:4"):
        Pipeline.from_policy(load_policy(bad))


def test_landline_cues_are_data(tmp_path: Path) -> None:
    cues = tmp_path / "cues.tsv"
    cues.write_text("# a city's own list\n联系电话\tpersonal\n", encoding="utf-8")
    local = PiiChecker(PiiOptions(landline_cues=str(cues)))
    assert found(local, "联系电话：0770-2812345。") == [("CN_LANDLINE", "0770-2812345")]
    cues.write_text("家庭电话\tprivate\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"cues.tsv:1"):
        PiiChecker(PiiOptions(landline_cues=str(cues)))


# --- findings, masks, redaction --------------------------------------------------------------


def test_finding_fields_and_masked_excerpt(checker: PiiChecker) -> None:
    text = "当事人张建国，身份证号码450602199001011239，手机13812345678，卡号6222021234567890128，邮箱zhangsan@example.com。"
    findings, ctx = run(checker, text)
    by_rule = {f.rule: f for f in findings}
    assert by_rule["pii/CN_RESIDENT_ID"].excerpt == "450602********1239"
    assert by_rule["pii/CN_MOBILE"].suggestion == "138****5678"
    assert by_rule["pii/BANK_CARD"].excerpt == "***************0128"
    assert by_rule["pii/EMAIL"].excerpt == "z***@example.com"
    assert by_rule["pii/PERSON"].excerpt == "张某某"
    for f in findings:
        assert f.severity == "error" and f.legal_basis == "办法第十九条" and f.source
        assert text[f.start : f.end] not in f.excerpt + f.message + (f.suggestion or "")
    assert {(r.start, r.end) for r in ctx.redactions} == {(f.start, f.end) for f in findings}


def test_masks_keep_separators_and_width() -> None:
    op = KeepEnds()
    assert op.operate("138-1234-5678", {"keep_start": 3, "keep_end": 4}) == "138-****-5678"
    assert op.operate("１３８１２３４５６７８", {"keep_start": 3, "keep_end": 4}) == "１３８****５６７８"
    masker = Masker({"CN_MOBILE": MaskSpec(operator="replace", params={"new_value": "[手机号]"})})
    assert masker.mask("CN_MOBILE", "13812345678") == "[手机号]"
    with pytest.raises(ValueError, match="unknown operator"):
        Masker({"QQ": MaskSpec(operator="shred")})


def test_pipeline_redacts_title_and_text() -> None:
    pipeline = Pipeline.from_policy(load_policy("default"))
    text = "村民李建国反映，其手机号13812345678无法接通，家住港口区渔洲坪街道兴港大道18号2栋3单元501室。"
    verdict = pipeline.review(Document(text=text, title="关于村民李建国（手机13812345678）的回复"))
    pii = [f for f in verdict.findings if f.checker == "pii"]
    assert verdict.decision == "block" and {f.field for f in pii} == {"title", "text"}
    assert verdict.redacted is not None
    assert verdict.redacted.text == "村民李某某反映，其手机号138****5678无法接通，家住港口区****。"
    assert verdict.redacted.title == "关于村民李某某（手机138****5678）的回复"
    assert "13812345678" not in verdict.model_dump_json()


# --- article 19 exemptions -----------------------------------------------------------------


@pytest.mark.parametrize("disclosure", ["punishment", "mandatory"])
def test_disclosed_party_name_allowed_but_contacts_redacted(checker: PiiChecker, disclosure: str) -> None:
    text = "当事人张建国，身份证号码450602199001011239，经营地址港口区兴港大道18号；举报人李明华，电话13812345678。"
    findings, ctx = run(checker, text, disclosure=disclosure)
    sev = {(f.rule, text[f.start : f.end]): f.severity for f in findings}
    assert sev[("pii/PERSON", "张建国")] == "info"
    assert sev[("pii/PERSON", "李明华")] == "error"  # the reporter is not the disclosed party
    assert sev[("pii/CN_RESIDENT_ID", "450602199001011239")] == "error"
    assert sev[("pii/CN_MOBILE", "13812345678")] == "error"
    redacted = {text[r.start : r.end] for r in ctx.redactions}
    assert "张建国" not in redacted and {"李明华", "450602199001011239", "13812345678"} <= redacted


def test_ordinary_post_redacts_party_name(checker: PiiChecker) -> None:
    findings, ctx = run(checker, "当事人张建国对处罚无异议。")
    assert [f.severity for f in findings] == ["error"] and ctx.redactions[0].replacement == "张某某"


def test_exemption_is_policy_configurable() -> None:
    strict = PiiChecker(PiiOptions(disclosure_exempt=[]))
    findings, _ = run(strict, "当事人张建国对处罚无异议。", disclosure="punishment")
    assert [f.severity for f in findings] == ["error"]


# --- configuration and offline --------------------------------------------------------------


def test_unknown_option_and_entity_are_policy_errors(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text("extends: default\ncheckers:\n  pii:\n    entities: [CN_SSN]\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"p\.yaml:4"):
        Pipeline.from_policy(load_policy(policy))


def test_bad_lexicon_line_names_file_and_line(tmp_path: Path) -> None:
    cues = tmp_path / "cues.tsv"
    cues.write_text("当事人\tparty\tbefore\n村民\tsomeone\tbefore\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"cues.tsv:2"):
        PiiChecker(PiiOptions(person_cues=str(cues)))


def test_never_touches_the_network(checker: PiiChecker, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    text = "邮箱zhangsan@example.com，网址http://www.example.com，QQ：123456789，护照E12345678。"
    assert {e for e, _ in found(checker, text)} == {"EMAIL", "QQ", "CN_PASSPORT"}
    assert {type(r).__name__ for r in checker.engine.analyzer.registry.recognizers} == {
        type(r).__name__ for r in checker.engine.recognizers
    }


@pytest.mark.parametrize(
    "text",
    ["活动联系人：李科长，电话0770-2812345。", "如有疑问请联系社区黄主任。", "联系人：王总，咨询电话0770-2826688。"],
)
def test_surname_plus_official_title_is_not_a_name(checker: PiiChecker, text: str) -> None:
    assert [e for e, _ in found(checker, text) if e == "PERSON"] == []
