"""Source fields a blind batch of whole posts showed misread (tests/data/posts_real, 办法第二十条).

A government site's 来源 field often names its own division by its full name (来源:寿县, 来源:鄂伦春自治旗):
that division's government, as a township named alone already was; a short name alone (凤阳) says too
little. A share button printed after an empty 来源 field (来源:   转播到腾讯微博) is page furniture, not a
Weibo account. Sentences here are written for the tests.
"""

from __future__ import annotations

import pytest

from review_pipeline.checkers.attribution import AttributionChecker
from tests.checker_support import findings, module_checker

BODY = "11月20日，全县秋冬季森林防火工作推进会召开，会议要求各乡镇加强巡山护林，严格野外火源管理。\n"

checker = module_checker("attribution")


def loud(checker: AttributionChecker, **fields: object) -> list[str]:
    return [f.rule for f in findings(checker, **fields) if f.severity != "info"]


@pytest.mark.parametrize("division", ["寿县", "苏州市", "江苏省", "鄂伦春自治旗", "延边朝鲜族自治州", "朝阳区"])
def test_a_division_named_alone_is_its_government(checker: AttributionChecker, division: str) -> None:
    assert loud(checker, text=f"来源:{division}\n\n" + BODY) == []


def test_a_short_place_name_alone_is_not_read_as_a_government(checker: AttributionChecker) -> None:
    assert "attribution/unapproved_source" in loud(checker, text="来源:凤阳\n\n" + BODY)


def test_a_share_button_after_an_empty_source_field_is_not_a_source(checker: AttributionChecker) -> None:
    text = "发布日期:18-01-16 16:53:12 点击次数:  来源:   转播到腾讯微博\n\n" + BODY
    assert loud(checker, text=text) == []
