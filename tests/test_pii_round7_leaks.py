"""Issue 19, round 7 (helper pii7): leaks and private persons on unseen hosts (RUBRIC §14).

Each mechanism of the round has a test here, next to one showing what it must leave alone: a
name followed by its own contact in brackets (张伟同志（电话…）) unless an office precedes it; a
company's staff word (服务区工作人员) and a company's 的 before a name; an item between two names
of a list however each was found; a name before 等 and a private role; sibling ordinals (老三);
a bracket of names after a news dateline and a bracket of spaced newsroom credits; a table
column headed by a place; a plate followed by 出租车. Sentences written for the test; the
real-text figures are in test_pii_real.py.
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


def found(checker: PiiChecker, text: str, entity: str = "PERSON") -> list[str]:
    doc = Document(text=text)
    return [text[f.start : f.end] for f in checker.check(doc, CheckContext(doc)) if f.rule == f"pii/{entity}"]


def redacted(checker: PiiChecker, text: str) -> str:
    from review_pipeline.pipeline import Pipeline
    from review_pipeline.policy import load_policy

    policy = load_policy("default")
    verdict = Pipeline(policy, [checker]).review(Document(text=text))
    return verdict.redacted.text if verdict.redacted and verdict.redacted.text is not None else text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("张伟同志（电话：13812345678）于昨日拾得钱包一个。", "张伟"),
        ("如有线索请联系王芳(手机13912345678),谢谢。", "王芳"),
        ("拾到钱包的是刘建军先生（联系电话：13712345678）。", "刘建军"),
    ],
)
def test_a_name_with_its_own_contact_in_brackets_is_a_private_contact(checker: PiiChecker, text: str, name: str) -> None:
    assert name in found(checker, text)
    assert name not in redacted(checker, text)


@pytest.mark.parametrize(
    "text",
    [
        "如有线索请联系市民政局张伟同志（电话：0770-2812345）。",  # an office precedes the name
        "失主请与李大哥（电话13812345678）联系。",  # a kinship form of address is no name
    ],
)
def test_an_office_or_a_form_of_address_before_the_contact_is_no_private_name(checker: PiiChecker, text: str) -> None:
    assert found(checker, text) == []


def test_a_companys_staff_are_private_persons_and_an_offices_stay_in_role(checker: PiiChecker) -> None:
    text = "衡南服务区工作人员袁卫平、刘斌走进营业点,将拾到的手机寄还失主。"
    assert found(checker, text) == ["袁卫平", "刘斌"]
    assert found(checker, "12345热线工作人员王婉莹、李明接听了来电。") == []
    assert "江颖" in found(checker, "她被宁波一家物流集团股份有限公司的江颖选定为资助对象。")


def test_an_item_between_two_names_of_a_list_is_a_name_however_each_was_found(checker: PiiChecker) -> None:
    text = "该院审理的被告人王元祥、林中明、杨银富、万树柏盗窃一案,四名被告人均被判刑。"
    assert {"王元祥", "林中明", "杨银富", "万树柏"} <= set(found(checker, text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("在短短2天时间里,就收到翁彩英等爱心人士捐款17000多元。", "翁彩英"),
        ("洪水漫过河堤,造成河东一组郭建胜等23户农户不同程度受灾。", "郭建胜"),
        ("临近年底,老五张焕杰的医疗费用需要清算,家里已无力承担。", "张焕杰"),
        ("他捡起手包,送到了顺达饭店老板邵春力那儿。", "邵春力"),
    ],
)
def test_a_private_role_after_etc_or_a_sibling_ordinal_vouches_for_a_name(checker: PiiChecker, text: str, name: str) -> None:
    assert name in found(checker, text)


@pytest.mark.parametrize(
    "text",
    [
        "人民网广州10月30日电 (张永生、朴馨语)小区环境卫生关系到居民幸福生活。",
        "老人的儿子李先生很是感激。(海峡都市报闽南版记者 彭建文 俞志村 陈邵珣 见习记者 陈晓婷 通讯员 戴少勇 黄炳煌)",
        "祥和家园居委会干部浦毅华告诉记者,像这样的独居老人对子女亲情充满渴望。",
    ],
)
def test_bylines_after_a_dateline_or_a_credit_and_cadres_in_role_are_not_private(checker: PiiChecker, text: str) -> None:
    assert found(checker, text) == []


def test_a_table_column_of_places_holds_no_names_but_a_column_of_names_does(checker: PiiChecker) -> None:
    places = "镇(街道办) | 户数 | 人数 | 合计 |\n山化 | 30 | 31 | 62800 |\n岳滩 | 9 | 9 | 18720 |\n高龙 | 12 | 12 | 26400 |"
    assert found(checker, places) == []
    names = "序号 | 姓名 | 村组 | 金额 |\n1 | 张桂兰 | 一组 | 500 |\n2 | 李秀英 | 二组 | 300 |"
    assert found(checker, names) == ["张桂兰", "李秀英"]


def test_a_taxis_plate_is_a_companys_and_a_private_cars_is_reported(checker: PiiChecker) -> None:
    assert found(checker, "刘先生搭乘了一辆陕AT2943号出租车回家。", "CN_LICENSE_PLATE") == []
    assert found(checker, "车主驾驶陕AT2943行驶至路口时被查。", "CN_LICENSE_PLATE") == ["陕AT2943"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    surname=st.sampled_from("王李张刘陈杨黄赵周吴"),
    given_name=st.sampled_from(["建国", "秀英", "志强", "海燕", "文斌", "丽华"]),
    number=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    form=st.sampled_from(["", "同志", "先生", "女士"]),
)
def test_the_name_and_its_own_number_never_survive_redaction(
    checker: PiiChecker, surname: str, given_name: str, number: str, form: str
) -> None:
    """Invariant: a full name written with its own phone in brackets leaks neither."""
    name = surname + given_name
    text = f"昨日,{name}{form}（电话：{number}）将拾到的钱包交到社区。"
    out = redacted(checker, text)
    assert name not in out and number not in out


@pytest.mark.parametrize("form", ["同志", "先生", "女士"])
def test_a_name_whose_first_two_characters_spell_a_word_keeps_its_own_contact_frame(checker: PiiChecker, form: str) -> None:
    """黄海燕同志（电话…）: 黄海 is a word and 燕 a surname, but the own-contact frame names one
    person; read as 黄海 + 燕同志 the name leaked next to its masked number (a hypothesis draw)."""
    text = f"昨日,黄海燕{form}（电话：15216607928）将拾到的钱包交到社区。"
    out = redacted(checker, text)
    assert "黄海燕" not in out and "15216607928" not in out
