"""Issue 19, round 5: precision on unseen hosts, names no finder read.

Each mechanism of the round has a test here, next to one showing that the private person beside
it is still found: rosters headed by an office (组长:/成员:), credit lines of names with a
newsroom role, spaced names in bracketed bylines, runs of names closed by a head count and an
office (四名民警), pieces of transliterated names (·), a cue word that runs on into the surname
(老人家), forms of address opened by 阿 (李阿伯), kinship words before a name (二哥), numerals and
日/时/其 starting a given name (万日尚, 陈五妹), the person column of a 公示 table (including
common names jieba's dictionary knows), a table of officials (职务 column), and staff who handle a document (经办人, 受理人). Sentences
written for the test; the real-text figures are in test_pii_real.py.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_pipeline import Document
from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.pii import PiiChecker, PiiOptions


@pytest.fixture(scope="module")
def checker() -> PiiChecker:
    return PiiChecker(PiiOptions())


def names(checker: PiiChecker, text: str) -> list[str]:
    doc = Document(text=text)
    return [text[f.start : f.end] for f in checker.check(doc, CheckContext(doc)) if f.rule == "pii/PERSON"]


@pytest.mark.parametrize(
    "text",
    [
        # a leading group's roster: the members act in role
        "为确保工作顺利开展,成立防汛工作领导小组,成员如下:\n\n组长:韦建勋\n\n成员:蒙丽华 黄志坚 覃春燕\n\n领导小组下设办公室。",
        # a credit line: names set off by spaces with a newsroom role among them
        "2024-05-12 来源:县融媒体中心\n\n卢秋菊 韦小芳 融媒体中心记者 黄家豪 蓝天宇\n\n5月11日,县里开展防溺水宣传。",
        # a bracketed byline with a two-character name spaced out
        "截至目前,全镇已发放棉被300床。(陈 锐 姚旭东)",
        # a run of names closed by a head count and an office
        "石化所、纪金星、苏春林和黄元雄四名民警一边值班办案,一边照顾走失的女孩。",
        # a piece of a transliterated name
        "授予勞爾·卡斯特羅·魯斯等6人“友誼勛章”。",
        # 老人家: the cue word runs on into the surname
        "70岁的环卫工人选择第一时间归还,老人家拾金不昧的行为获称赞。",
        # a form of address after a surname: 阿 opens no given name
        "李阿伯今年80多岁了,是詹家的邻居,这次带着孙子捐了500元。",  # 孙子: a kinship word
        # 村民都看在眼里: an ambiguous surname and a verb
        "他这些年的辛苦,村民都看在眼里,疼在心里。",
    ],
)
def test_not_a_private_name(checker: PiiChecker, text: str) -> None:
    assert names(checker, text) == []


def test_staff_who_handle_the_document_act_in_role(checker: PiiChecker) -> None:
    # 受理人, 经办人 sign in role (RUBRIC §2); the caller under them is a private person
    text = "受理人:李明 经办人:王芳\n来电人:刘富强,反映小区路灯长期不亮。"
    assert names(checker, text) == ["刘富强"]


def test_full_name_before_a_form_of_address(checker: PiiChecker) -> None:
    text = "志愿者来到陈杨柳老伯和林权阿婆的家。陈杨柳老伯今年76岁,林权阿婆71岁,两位老人相依为命。"
    assert {"陈杨柳", "林权"} <= set(names(checker, text))


def test_roster_needs_an_office_head(checker: PiiChecker) -> None:
    # lines headed by words that are no office: the persons stay
    text = "救助对象:韦丽芬\n联系人:蒙秋菊\n\n以上情况属实。"
    assert "韦丽芬" in names(checker, text)


def test_count_closes_in_role_only_with_an_office(checker: PiiChecker) -> None:
    text = "村民反映,侯秋羽、赵丽珍和潘桂英三名村民的房屋在暴雨中受损。"
    assert {"侯秋羽", "赵丽珍", "潘桂英"} <= set(names(checker, text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("杨宝健患病后,他的二哥杨健峰到深圳一家电子厂打工,补贴家用。", "杨健峰"),
        ("1月7日,文峰乡74岁的万日尚老人一边试穿新棉衣,一边乐呵呵地说。", "万日尚"),
        ("据了解,患病女孩的妹妹陈五妹今年刚满12岁,还在读小学。", "陈五妹"),
    ],
)
def test_names_read_this_round(checker: PiiChecker, text: str, name: str) -> None:
    assert name in names(checker, text)


def test_table_person_column(checker: PiiChecker) -> None:
    text = (
        "2024年第三季度临时救助对象公示\n"
        "序号 姓名 性别 村组 救助金额\n"
        "1 王德福 男 三组 2000\n"
        "2 李秀英 女 五组 1500\n"
        "3 陈友才 男 一组 1000\n"
    )
    assert {"王德福", "李秀英", "陈友才"} <= set(names(checker, text))


def test_markdown_table_person_column(checker: PiiChecker) -> None:
    text = (
        "| 序号 | 户主姓名 | 救助类别 |\n| --- | --- | --- |\n| 1 | 张桂兰 | 低保 |\n| 2 | 刘富贵 | 特困 |\n"
    )
    assert {"张桂兰", "刘富贵"} <= set(names(checker, text))


def test_table_of_officials_is_not_reported(checker: PiiChecker) -> None:
    text = (
        "干部任前公示\n"
        "姓名 性别 出生年月 现任职务 拟任职务\n"
        "张建华 男 1975.03 县水利局副局长 县水利局局长\n"
        "李红梅 女 1980.11 乡党委副书记 乡长\n"
    )
    assert names(checker, text) == []


_SURNAMES = "王李张刘陈杨黄赵周吴"
_GIVEN = "建国秀英桂兰德福友才春梅志强丽华海燕"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(_SURNAMES), st.text(alphabet=_GIVEN, min_size=2, max_size=2)),
        min_size=2,
        max_size=5,
        unique=True,
    )
)
def test_every_row_of_a_relief_table_is_read(checker: PiiChecker, rows: list[tuple[str, str]]) -> None:
    # the person column vouches for each cell, whatever name stands in it
    lines = ["临时救助对象公示", "序号 姓名 村组 救助金额"]
    lines += [f"{k} {s}{g} 三组 {1000 + k}" for k, (s, g) in enumerate(rows, 1)]
    found = set(names(checker, "\n".join(lines) + "\n"))
    assert {s + g for s, g in rows} <= found
