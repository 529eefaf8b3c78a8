"""Issue 19 and issue 15 item 1: names without cue words, severity by context, number forms,
home addresses, invisible characters and odd digits. Sentences written for the test; the
real-text figures are in test_pii_real.py."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline, load_policy
from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.pii import PiiChecker, PiiOptions
from review_pipeline.models import Finding
from review_pipeline.pipeline import _apply_redactions
from review_pipeline.text.normalize import strip_invisible


@pytest.fixture(scope="module")
def checker() -> PiiChecker:
    return PiiChecker(PiiOptions())


def run(checker: PiiChecker, text: str, **fields: object) -> tuple[list[Finding], CheckContext]:
    doc = Document(text=text, **fields)  # type: ignore[arg-type]
    ctx = CheckContext(doc)
    return list(checker.check(doc, ctx)), ctx


def names(checker: PiiChecker, text: str) -> list[str]:
    findings, _ = run(checker, text)
    return [text[f.start : f.end] for f in findings if f.rule == "pii/PERSON"]


# --- names without cue words -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "车队还保存着5张身份证，失主分别为高继继、周春生、赵唯、乔振林、韩红飞。",
            ["高继继", "周春生", "赵唯", "乔振林", "韩红飞"],
        ),
        ("爱心榜：霍战朝100元、舒艳君200元、梁仕平50元。", ["霍战朝", "舒艳君", "梁仕平"]),
        ("年底前，管永保收到了被拖欠的工资。管永保说，这下可以回家过年了。", ["管永保", "管永保"]),
        ("小男孩的父亲金德桥为了孩子的医疗费，拼命打工挣钱。", ["金德桥"]),
        ("据了解，女童叫黄友珍，今年11岁。", ["黄友珍"]),
        ("今年12岁的李嘉祺患有白血病。", ["李嘉祺"]),
    ],
)
def test_names_without_cue_words(checker: PiiChecker, text: str, expected: list[str]) -> None:
    assert names(checker, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "村民都来了，会场坐满了人。",  # 都 after 村民 is an adverb
        "群众也纷纷点赞。",
        "李大哥和王阿姨一早就来排队了。",  # kinship forms of address
        "小张指着一个蓝色书包说，这个书包保存近一年了。",
        "书包、雨伞、钥匙、身份证都有人捡到。",
        "附近的红绿灯处发生了事故，周围的群众赶来帮忙。",
        "特特再也没有回来，戴家的命运从此改变。",
        "县委书记吴井光带领有关部门负责人接访。吴井光要求限期解决。",  # official in role
        "辅警朱明生、朱晓刚赶到现场。",  # a list of officers
        "（记者 梁娟 通讯员 苏敏）",  # bylines
        "授予郭明义等795名同志“中央企业劳动模范”荣誉称号；追授王振龙同志荣誉称号。",  # honour roll
        "甘肃网友魏华（化名）称看到了悬赏的高某。",
    ],
)
def test_not_a_private_persons_name(checker: PiiChecker, text: str) -> None:
    assert names(checker, text) == []


# --- severity by context and the policy switch --------------------------------------------------


def test_name_is_error_in_private_context_warning_elsewhere(checker: PiiChecker) -> None:
    private, _ = run(checker, "患有尿毒症的村民何德顺，3年前在郑州打工时被确诊。")
    public, ctx = run(checker, "退休老人石志成在公园散步时跳入湖中救起一名落水游客。")
    assert [(f.rule, f.severity) for f in private] == [("pii/PERSON", "error")]
    assert [(f.rule, f.severity) for f in public if f.rule == "pii/PERSON"] == [("pii/PERSON", "warning")]
    assert [r.replacement for r in ctx.redactions] == ["石某某"]  # de-identified all the same


def test_every_name_an_error_by_policy() -> None:
    checker = PiiChecker(PiiOptions(person_severity="error"))
    findings, _ = run(checker, "退休老人石志成在公园散步时跳入湖中救起一名落水游客。")
    assert {f.severity for f in findings if f.rule == "pii/PERSON"} == {"error"}


def test_structural_names_can_be_switched_off() -> None:
    checker = PiiChecker(PiiOptions(structural_names=False))
    assert names(checker, "失主分别为高继继、周春生、赵唯。") == []


# --- number forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "severity"),
    [
        ("身份证号：4506 0219 9001 0112 39，请核对。", "4506 0219 9001 0112 39", "error"),
        ("其身份证号码为450602 19900101 1239。", "450602 19900101 1239", "error"),
        ("旧证号码450602900101123已作废。", "450602900101123", "error"),
        ("身份证号：450602199001011236（有误）", "450602199001011236", "warning"),  # malformed, still masked
    ],
)
def test_resident_id_forms(checker: PiiChecker, text: str, value: str, severity: str) -> None:
    findings, ctx = run(checker, text)
    ids = [(text[f.start : f.end], f.severity) for f in findings if f.rule == "pii/CN_RESIDENT_ID"]
    assert ids == [(value, severity)]
    assert value not in (_apply_redactions(Document(text=text), ctx.redactions).text or "")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("村民反映，其家庭电话07702812345无人接听。", "07702812345"),
        ("来电人家庭电话（0770）2812345。", "（0770）2812345"),
    ],
)
def test_landline_forms(checker: PiiChecker, text: str, value: str) -> None:
    findings, _ = run(checker, text)
    assert [text[f.start : f.end] for f in findings if f.rule == "pii/CN_LANDLINE"] == [value]


def test_office_lines_named_by_staff_are_not_personal(checker: PiiChecker) -> None:
    text = "民警希望失主看到报道后，尽快与黎明派出所的张警官联系，电话88345202。"
    findings, _ = run(checker, text)
    assert [f for f in findings if f.rule == "pii/CN_LANDLINE"] == []


# --- home addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("市民王先生说，他住在\n黑龙江中路498号一小区。", "黑龙江中路498号"),
        ("蒲女士家住在7号楼4单元603室，墙面渗水。", "7号楼4单元603室"),
        ("生活报报道了道外区兴业街153号的王先生家棚顶漏水一事。", "兴业街153号"),
    ],
)
def test_home_addresses(checker: PiiChecker, text: str, value: str) -> None:
    findings, _ = run(checker, text)
    assert [text[f.start : f.end] for f in findings if f.rule == "pii/ADDRESS"] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "捐赠地址：杭州市西湖区文三路359号市民政局附楼1楼。",  # an office
        "义乌东洲小区映日苑5幢1单元楼顶的水箱漏水。",  # a building, no household
        "刘女士住在11号楼的一套复式楼。",
    ],
)
def test_not_a_home_address(checker: PiiChecker, text: str) -> None:
    findings, _ = run(checker, text)
    assert [f for f in findings if f.rule == "pii/ADDRESS"] == []


# --- issue 15 item 1: invisible characters and odd digits ------------------------------------------


def test_strip_invisible_maps_offsets_back() -> None:
    text = "电话138\u200b1234\u20285678，٠١٢"
    view = strip_invisible(text)
    assert view.text == "电话13812345678,012"
    start = view.text.index("138")
    assert view.span(start, start + 11) == (2, 15)


@pytest.mark.parametrize(
    "text",
    [
        "电话138\u200b1234\u200b5678咨询",
        "电话١٣٨١٢٣٤٥٦٧٨咨询",
        "电话138\u20281234\u20295678咨询",
        "身份证号码4506021990\u200d01011239。",
        "手机\ufeff13812345678。",
    ],
)
def test_invisible_characters_and_odd_digits_do_not_hide_numbers(checker: PiiChecker, text: str) -> None:
    findings, ctx = run(checker, text)
    assert findings and all(f.severity == "error" for f in findings)
    redacted = _apply_redactions(Document(text=text), ctx.redactions).text  # type: ignore[union-attr]
    assert not any(ch.isdigit() and ch not in "0123456789" for ch in redacted)
    assert sum(ch.isdigit() for ch in redacted) <= 10  # only what the mask keeps


DIGITS = {
    "ascii": "0123456789",
    "fullwidth": "０１２３４５６７８９",
    "arabic_indic": "٠١٢٣٤٥٦٧٨٩",
    "devanagari": "०१२३४५६७८९",
}
INVISIBLE = ["", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u2028", "\u2029", "\u00ad"]
PLANTED = ["13812345678", "450602199001011239", "6222021234567890128"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.sampled_from(PLANTED),
    digits=st.sampled_from(sorted(DIGITS)),
    gaps=st.lists(st.sampled_from(INVISIBLE), min_size=20, max_size=20),
    before=st.sampled_from(["联系手机：", "身份证号码", "卡号", "如有疑问请致电"]),
    after=st.sampled_from(["。", "，谢谢。", "咨询。"]),
)
def test_redaction_never_leaks_a_planted_number(
    checker: PiiChecker, value: str, digits: str, gaps: list[str], before: str, after: str
) -> None:
    table = str.maketrans("0123456789", DIGITS[digits])
    written = "".join(ch.translate(table) + gaps[i] for i, ch in enumerate(value))
    text = before + written + after
    _, ctx = run(checker, text)
    redacted = _apply_redactions(Document(text=text), ctx.redactions).text or ""  # type: ignore[union-attr]
    visible = strip_invisible(redacted).text
    assert value not in visible
    assert value[3:-4] not in visible  # the hidden middle never survives


def test_pipeline_output_never_carries_the_raw_number() -> None:
    pipeline = Pipeline.from_policy(load_policy("default"))
    text = "村民李建国反映，其手机号138\u200b1234\u200b5678无法接通。"
    verdict = pipeline.review(Document(text=text))
    dumped = strip_invisible(verdict.model_dump_json()).text
    assert "13812345678" not in dumped and "12345678" not in dumped


# --- issue 19, second round: enumerations, lists with amounts, bylines, leaks ---------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("家住小区的侯秋羽和赵明轩两名小朋友捡到了钱包。", ["侯秋羽", "赵明轩"]),
        ("志愿者来到于淑荣、范传文、张庆发家中送去物资。", ["于淑荣", "范传文", "张庆发"]),
        ("爱心款:仪陇舒艳君200元、阆中唐小霞100元、南充高科林50元。", ["舒艳君", "唐小霞", "高科林"]),
        ("捡到钱包后,刘一鸣只有一个念头,就是还给失主。", ["刘一鸣"]),
        ("邻居们说:“墙是前院邻居于承铎砌的。”", ["于承铎"]),
        ("一家人天各一方,母亲王丽玫去了外地。", ["王丽玫"]),
    ],
)
def test_names_in_enumerations_lists_and_after_whole_cues(checker: PiiChecker, text: str, expected: list[str]) -> None:
    assert sorted(set(names(checker, text))) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "本报讯 (张栋 侯荣亮)拾金不昧是中华民族的传统美德。",
        "老人平安回家,家属表示感谢。\n    葛生 王永艳",
        "一家人带去了温暖。\n来源:都昌县融媒体中心 伍伟  夏伟杰\n终审:付文龙",
        "扬子晚报网讯 (通讯员 熊伟 采访人员 张斌)一位老人外出迷路。",
        "会议指出,一个时期以来,会议精神要落实到位。",
    ],
)
def test_bylines_and_ordinary_words_are_not_names(checker: PiiChecker, text: str) -> None:
    assert names(checker, text) == []


def test_every_occurrence_of_a_found_name_is_masked_in_every_field(checker: PiiChecker) -> None:
    # the title names him without a cue; the text with one (失主), then again without
    text = "失主黄继荣丢失钱包。民警联系上黄继荣后,黄继荣表示感谢。"
    findings, ctx = run(checker, text, title="黄继荣的钱包找到了")
    redacted = _apply_redactions(ctx.document, ctx.redactions)
    assert redacted is not None
    assert "黄继荣" not in redacted.text and "黄继荣" not in (redacted.title or "")
    assert {f.field for f in findings if f.rule == "pii/PERSON"} == {"title", "text"}


def test_an_overlapping_redaction_never_leaves_its_tail_readable() -> None:
    from review_pipeline.checkers.base import Redaction

    doc = Document(text="住址南宁市民族大道88号3栋501室")
    spans = [Redaction(field="text", start=2, end=10, replacement="*" * 8),
             Redaction(field="text", start=6, end=18, replacement="#" * 12)]  # fmt: skip
    redacted = _apply_redactions(doc, spans)
    assert redacted is not None and not any(c.isdigit() for c in redacted.text)
    assert len(redacted.text) == len(doc.text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["村民", "失主", "父亲", "市民", "王", "李明", "，", "表示", "荣获", "投诉", "a1"]), max_size=12))
def test_one_shared_cue_scan_gives_each_list_its_own_hits(checker: PiiChecker, parts: list[str]) -> None:
    from review_pipeline.checkers.pii.persons import person_finder

    persons = person_finder(checker.data)
    text = "".join(parts)
    for index in (persons.finder.cues, persons.private_words):
        assert index is not None
        assert persons.scan.find(index, text) == list(index.find(text))


# --- issue 19, this round: places, glued one-character names, mailboxes, home addresses --------


@pytest.mark.parametrize(
    "text",
    [
        "近日，娄底供电公司开展了安全用电宣传活动。",  # 娄底: a prefecture (official place list)
        "他来自岳阳，在长沙打工多年。",
        "阜南县曹集镇12岁男孩小宁患病，5月27日上午，曹集义工张国良等人来到小宁家。",  # 曹集镇 in the post
        "新春祝语：祝大家新年快乐，阖家幸福。",  # 祝大家: 大家 glues the one-character reading
        "楚天都市报讯 昨日一大早，市民给本报打来电话。",  # a newspaper
        "最后去了在昆明的女儿家休养。",  # 家 is rarely a surname; 休养 is a word
        "原以为是别人丢下的空钱包，好奇的她捡起一看。",
    ],
)
def test_places_media_and_words_are_not_names(checker: PiiChecker, text: str) -> None:
    assert [n for n in names(checker, text) if n != "张国良"] == []


def test_a_volunteer_after_a_place_is_still_found(checker: PiiChecker) -> None:
    text = "阜南县曹集镇12岁男孩小宁患病，5月27日上午，曹集义工张国良等人来到小宁家。"
    assert "张国良" in names(checker, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("线拉到村民于连池院内时，与本村电工吕春阳争吵起来。", ["于连池", "吕春阳"]),
        ("王之理从三轮车夫陈同刚手里接过遗失的钱包。", ["王之理", "陈同刚"]),
    ],
)
def test_occupations_of_private_persons_introduce_names(checker: PiiChecker, text: str, expected: list[str]) -> None:
    assert names(checker, text) == expected


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("当事人李建国，住址：桂平市石龙镇新村3组12号。", "石龙镇新村3组12号"),
        ("居住在长安镇大同村五组18号的村民张德福说，", "长安镇大同村五组18号"),
        ("家住兴宁区民主路22号2栋3单元501室的王女士反映。", "民主路22号2栋3单元501室"),
        ("当事人韦某，男，1975年出生，住桂平市石龙镇新村3组12号。", "石龙镇新村3组12号"),
        ("户籍所在地：平南县大安镇大安村委石门屯25号。", "大安镇大安村委石门屯25号"),
        ("居住于港北区贵城街道中山路三巷8号的村民", "贵城街道中山路三巷8号"),
    ],
)
def test_home_addresses_in_villages_and_buildings(checker: PiiChecker, text: str, address: str) -> None:
    findings, _ = run(checker, text)
    assert [text[f.start : f.end] for f in findings if f.rule == "pii/ADDRESS"] == [address]


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("0632-3181189\nzzlncm@163.com\n2015年04月30日 07:14:49\n本报热线消息", False),  # a masthead
        ("请联系张先生，电话0771-1234567，邮箱abc123@qq.com。", True),  # a person's contact line
    ],
)
def test_unit_mailbox_next_to_an_office_line(checker: PiiChecker, text: str, reported: bool) -> None:
    findings, _ = run(checker, text)
    assert any(f.rule == "pii/EMAIL" for f in findings) is reported


@pytest.mark.parametrize(
    "text",
    [
        "县住建局位于城北路12号，联系电话0771-1234567。",  # a unit's office
        "住址为防城区防城镇江山村委会冲敏村",  # no house number
    ],
)
def test_no_home_address(checker: PiiChecker, text: str) -> None:
    findings, _ = run(checker, text)
    assert not [f for f in findings if f.rule == "pii/ADDRESS"]


def test_staff_thanked_by_name_and_title_are_officials(checker: PiiChecker) -> None:
    text = "另一面锦旗，是送给康复科姚海东主任、代曼护士长和赖耀楠、王帅、魏鑫及全体医护的。"
    assert names(checker, text) == []


def test_a_numeral_like_surname_before_a_non_word_is_no_name(checker: PiiChecker) -> None:
    assert names(checker, "三个月后复查，血栓溶解消散，双肺野清晰。") == []
