"""Property: after redaction no detected value survives, and everything else is unchanged."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.pii import PiiChecker, PiiOptions
from review_pipeline.models import Document
from review_pipeline.pipeline import _apply_redactions

FILLER = ["经核查，", "根据群众反映，", "现将有关情况通报如下：", "本周六上午开展应急演练。", "请市民积极参与。", "\n", "2022年3月5日，", "共计1200元。"]
VALUES = [
    "当事人张建国，",
    "村民覃海燕，",
    "身份证号码450602199001011239，",
    "手机13812345678，",
    "手机１３９-８７６５-４３２１，",
    "电话0770-2812345，",
    "卡号6222021234567890128，",
    "邮箱zhangsan@example.com，",
    "QQ：123456789，",
    "车牌桂P·12345，",
    "家住港口区渔洲坪街道兴港大道18号2栋3单元501室，",
]


@pytest.fixture(scope="module")
def checker() -> PiiChecker:
    return PiiChecker(PiiOptions())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FILLER + VALUES), min_size=1, max_size=12))
def test_redaction_removes_values_and_keeps_the_rest(checker: PiiChecker, parts: list[str]) -> None:
    text = "".join(parts)
    doc = Document(text=text)
    ctx = CheckContext(doc)
    findings = list(checker.check(doc, ctx))
    redacted = _apply_redactions(doc, ctx.redactions)
    out = redacted.text if redacted else text
    for f in findings:
        assert text[f.start : f.end] not in out  # no detected value survives
    # outside the entities the text is character-for-character the same
    pos_in, pos_out = 0, 0
    for r in sorted(ctx.redactions, key=lambda r: r.start):
        gap = text[pos_in : r.start]
        assert out[pos_out : pos_out + len(gap)] == gap
        pos_out += len(gap) + len(r.replacement)
        pos_in = r.end
    assert out[pos_out:] == text[pos_in:]
    # every value that was planted is found
    for value in VALUES:
        if value in parts and value.startswith(("身份证", "手机", "卡号", "邮箱")):
            assert any(text[f.start : f.end] in value for f in findings)


_NUMBER_TEXT = st.text(alphabet=list("0123456789" * 4) + list(" -\u2014()+.x转分机ehmc电话号，中"), max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_NUMBER_TEXT)
def test_number_recognizers_on_windows_equal_presidio_on_the_whole_text(text: str) -> None:
    """The number recognizers run their patterns only on `value_windows`; presidio's own loop over
    the whole text finds exactly the same values, scores and validation."""
    from presidio_analyzer import PatternRecognizer

    from review_pipeline.checkers.pii.recognizers import CnPatternRecognizer, value_windows

    recognizers = [r for r in _checker().engine.recognizers if isinstance(r, CnPatternRecognizer) and r.WINDOWED]
    assert recognizers
    for recognizer in recognizers:
        whole = sorted((r.start, r.end, r.score) for r in PatternRecognizer.analyze(recognizer, text, []))
        windowed = sorted((r.start, r.end, r.score) for r in recognizer._in_windows(text, value_windows(text)))
        assert windowed == whole


_CHECKER: list[PiiChecker] = []


def _checker() -> PiiChecker:
    if not _CHECKER:
        _CHECKER.append(PiiChecker(PiiOptions()))
    return _CHECKER[0]
