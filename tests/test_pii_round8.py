"""Issue 19 round 8: a company's head is a private person like its other staff (RUBRIC §15), a
number a page masked after 身份证号 is no malformed ID, and the speed rewrite of the name scorer
keeps its vetoes (sentences written for these tests, never real post text)."""

from __future__ import annotations

import pytest

from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.pii import PiiChecker, PiiOptions
from review_pipeline.models import Document


@pytest.fixture(scope="module")
def checker() -> PiiChecker:
    return PiiChecker(PiiOptions())


def _persons(checker: PiiChecker, text: str) -> list[str]:
    doc = Document(text=text, id="t")
    return [
        text[f.start : f.end]
        for f in checker.check(doc, CheckContext(doc))
        if f.rule == "pii/PERSON" and f.severity != "info"
    ]


def _rules(checker: PiiChecker, text: str) -> list[str]:
    doc = Document(text=text, id="t")
    return [f.rule for f in checker.check(doc, CheckContext(doc))]


@pytest.mark.parametrize(
    "text, name",
    [
        ("司机突发心梗后,县公交公司总经理韩立峰表示将寻找送医的两位乘客。", "韩立峰"),
        ("小区物业公司的经理邵春林帮助环卫工找到了失主,失主连声道谢。", "邵春林"),
    ],
)
def test_a_company_head_is_a_private_person(checker: PiiChecker, text: str, name: str) -> None:
    assert name in _persons(checker, text)


def test_a_head_of_a_public_office_stays_in_role(checker: PiiChecker) -> None:
    text = "县民政局局长韩立峰带队走访了困难群众,送去慰问金。"
    assert "韩立峰" not in _persons(checker, text)


def test_a_number_the_page_masked_after_an_id_cue_is_not_reported(checker: PiiChecker) -> None:
    text = "当事人:某食品有限公司\n统一社会信用代码或身份证件号码:913101173245******\n法定代表人:邵某某"
    assert "pii/CN_RESIDENT_ID" not in _rules(checker, text)


def test_a_malformed_id_after_its_cue_is_still_reported(checker: PiiChecker) -> None:
    text = "申请人身份证号码:45010219900101123,请核对。"
    assert "pii/CN_RESIDENT_ID" in _rules(checker, text)


@pytest.mark.parametrize(
    "text, absent",
    [
        ("村民都看在眼里,记在心上。", "村民都"),  # an ambiguous surname before an ordinary word
        ("王先生拾到钱包后交给了民警。", "王先生"),  # a form of address
        ("他们周围的群众纷纷赶来帮忙。", "周围的"),  # a frequent ordinary word
    ],
)
def test_the_reordered_scorer_keeps_its_vetoes(checker: PiiChecker, text: str, absent: str) -> None:
    assert not any(absent.startswith(p) or p.startswith(absent[:2]) for p in _persons(checker, text))


def test_the_reordered_scorer_still_finds_a_name_without_a_cue(checker: PiiChecker) -> None:
    text = "昨天,孙雅琪说自己捡到钱包后一直在原地等失主。"
    assert "孙雅琪" in _persons(checker, text)
