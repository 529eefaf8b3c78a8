"""Signed commentary as its own register (issue 20, third round): a piece whose writer speaks as
a named author gets one info note instead of warnings; insults stay warnings; the account's own
voice (小编, unsigned posts) is judged as before."""

from __future__ import annotations

import pytest

from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.tone import ToneChecker, ToneOptions
from review_pipeline.models import Document, Finding


@pytest.fixture(scope="module")
def tone() -> ToneChecker:
    return ToneChecker(ToneOptions())


def found(checker: ToneChecker, text: str, title: str | None = None) -> list[Finding]:
    doc = Document(text=text, title=title)
    return sorted(checker.check(doc, CheckContext(doc)), key=Finding.sort_key)


def severities(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.rule, f.severity) for f in findings}


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("会议规模很大。笔者以为，议题大、内容广不过是场面上的东西，收获应当体现在解决了什么。", None),
        ("本报评论员\n拒绝批评的做法，不也太过分了吗？从严治党就要加强监督。", None),
        ("这番讲话就我见闻所及，多家报刊转载了。\n被批评的部门拒人于千里之外，不也太过分了吗？", None),
        ("面对批评，某些人又跳出来说三道四，真是可笑至极。", "人民时评：欢迎批评才能改进工作"),
    ],
)
def test_signed_commentary_gets_one_info_note_and_no_warning(tone, text, title):
    result = found(tone, text, title)
    assert [f.rule for f in result] == ["tone/signed_commentary"]
    assert result[0].severity == "info"


def test_insults_stay_warnings_inside_signed_commentary(tone):
    text = "笔者以为，那些脑残喷子不值一驳。"
    result = severities(found(tone, text))
    assert ("tone/signed_commentary", "info") in result
    assert any(sev == "warning" and rule == "tone/derision" for rule, sev in result)


@pytest.mark.parametrize(
    "text",
    [
        "小编认为，这个政策真是太好了！！",  # 小编 is the account's persona, never a signature
        "这类时评还有一个特征，就是味如嚼蜡。他们的文字中媚骨处处可见。",  # a mention, and an insult
        "央视评论员表示，要理性看待。某些人又跳出来说三道四，真是可笑至极。",  # a speaker, not a byline
    ],
)
def test_the_accounts_own_voice_is_not_made_commentary(tone, text):
    result = found(tone, text)
    assert any(f.severity == "warning" for f in result), result


def test_a_column_word_in_the_middle_of_the_text_is_a_mention_not_a_head(tone):
    text = "近日，本局召开会议，研究部署下一阶段工作，会上大家还谈到报纸上的时评和社论，气氛热烈。某些人又跳出来说三道四，真是可笑至极。"
    assert "tone/signed_commentary" not in {f.rule for f in found(tone, text)}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("这些人每隔一阵就要狂呼一次，就像瘾君子。", "就像瘾君子"),
        ("发帖的人脑子进水了吧。", "脑子进水"),
        ("索要折扣不成便撒泼威胁，本质是强盗逻辑。", "强盗逻辑"),
    ],
)
def test_third_round_derision_is_reported(tone, text, words):
    assert ("tone/derision", words) in [(f.rule, text[f.start : f.end]) for f in found(tone, text)]


def test_a_reporters_question_with_nandao_stays_quiet(tone):
    # 难道 without an addressee is a device of news ledes and commentary, not aimed at anyone
    assert not found(tone, "十年来取得的成绩，难道仅仅是机遇使然吗？记者进行了调查。")
