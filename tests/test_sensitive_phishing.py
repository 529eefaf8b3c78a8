"""Phishing messages found by structure (sensitive/phishing: greeting → claim about the reader's
account → order to click or log in) and the 违法服务 category (sensitive/illicit: surrogacy, personal
records, counterfeit money, exam cheating offers), with short sentences written here."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline, load_policy
from review_pipeline.checkers.sensitive.phishing import PhishingMessages
from review_pipeline.policy import builtin_dir
from review_pipeline.text.fold import fold

WORDS = str(builtin_dir("lexicons") / "sensitive" / "phishing_words.tsv")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_PIPELINE_CACHE", str(tmp_path_factory.getbasetemp() / "rp-cache"))


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_policy(load_policy("default"))


def hits(pipeline: Pipeline, text: str, rule: str) -> list[str]:
    verdict = pipeline.review(Document(text=text))
    return [text[f.start : f.end] for f in verdict.findings if f.rule == rule]


@pytest.mark.parametrize(
    "text",
    [
        "【车辆服务】尊敬的车主您好，您的ETC卡已过期，为避免影响通行，请及时点击网址完成认证。",
        "尊敬的用户：您的医保账户出现异常，将于今日冻结，请立即登录网站 www.xxx.cc 办理解冻。",
        "尊敬的会员，您的积分即将清零，请尽快打开链接兑换礼品。",
    ],
)
def test_a_message_posing_as_an_institution_is_reported(pipeline: Pipeline, text: str) -> None:
    (found,) = hits(pipeline, text, "sensitive/phishing")
    assert found.startswith("尊敬的")


@pytest.mark.parametrize(
    "text",
    [
        # a warning quoting the message, a report narrating it, advice with no message in it
        "警方提醒：“尊敬的车主，您的ETC已过期，请点击链接重新认证”是诈骗短信，切勿点击。",
        "近日，市民张某收到短信称其ETC被限制使用，需要进入网址重新签署，后被骗2万元。",
        "尊敬的车主：高速公路将于明日恢复收费，ETC无需二次认证，请勿点击陌生链接。",
        "尊敬的旅客，列车晚点，请留意车站广播。",
    ],
)
def test_warnings_reports_and_real_notices_are_not_messages(pipeline: Pipeline, text: str) -> None:
    assert hits(pipeline, text, "sensitive/phishing") == []


def test_the_window_bounds_a_message() -> None:
    finder = PhishingMessages.from_files([WORDS], window=40)
    far = "尊敬的车主" + "，" * 60 + "您的ETC已过期，请点击网址认证"
    assert finder.find(fold(far)) == []
    assert PhishingMessages.from_files([WORDS], window=160).find(fold(far))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "尊敬的车主",
                "您的账户",
                "已过期",
                "冻结",
                "请点击",
                "网址",
                "链接",
                "登录网站",
                "，",
                "谢谢",
                "今天",
            ]
        ),
        max_size=30,
    )
)
def test_messages_are_ordered_disjoint_and_start_with_a_greeting(pieces: list[str]) -> None:
    text = fold("".join(pieces))
    found = PhishingMessages.from_files([WORDS], window=160).find(text)
    for m in found:
        assert 0 <= m.start < m.end <= len(text) and text.startswith("尊敬的", m.start)
    assert all(a.end <= b.start for a, b in pairwise(found))


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("本中心承接供卵代孕一站式服务，代孕费用透明，欢迎咨询。", "供卵代孕"),
        ("专业查开房记录、手机定位查询，当天出结果。", "查开房记录"),
        ("高仿假币出售，一比十，货到付款。", "高仿假币"),
    ],
)
def test_illicit_offers_are_blocked(pipeline: Pipeline, text: str, hit: str) -> None:
    verdict = pipeline.review(Document(text=text))
    found = [(text[f.start : f.end], f.severity) for f in verdict.findings if f.rule == "sensitive/illicit"]
    assert (hit, "error") in found


@pytest.mark.parametrize(
    "text",
    [
        "警方捣毁一处非法代孕窝点，查获取卵针剂一批。",
        "被告人以出售假币罪被判处有期徒刑三年。",
        "我国禁止以任何形式实施代孕，借腹生子不受法律保护。",
    ],
)
def test_reports_and_law_naming_illicit_services_are_clean(pipeline: Pipeline, text: str) -> None:
    verdict = pipeline.review(Document(text=text))
    assert [f.rule for f in verdict.findings if f.rule == "sensitive/illicit"] == []
