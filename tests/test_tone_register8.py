"""Tone, eighth round (issue 20, recall on unseen hosts): clickbait hooks (tone/sensational),
vulgar words, internet slurs, cold second-person replies to a citizen, scornful interjections, and
several weak signals together (tone/heated_register, weights in lexicons/tone/signal_weights.tsv)
warn in the account's own voice; the same words quoted or reported, factual names (新纳粹分子),
narration (一看惊呆了) and a single weak signal (祝你新年快乐！) stay quiet."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.tone import ToneChecker, ToneOptions
from review_pipeline.checkers.tone.register import RegisterSignals, SignalHit
from review_pipeline.lexicon import LexiconError
from review_pipeline.text.analysis import Segments
from tests.checker_support import loud_rules


@pytest.fixture(scope="module")
def checker() -> ToneChecker:
    return ToneChecker(ToneOptions())


@pytest.mark.parametrize(
    "text",
    [
        "震惊！这种常见食物千万别再给孩子吃了",
        "你敢信吗？有人为了流量，直接吃垃圾桶里的剩饭！",
        "76岁大爷假扮交警被识破，原因让网友笑喷↓↓↓",
        "全网疯传的这段视频，真相竟然是这样",
    ],
)
def test_bait_headlines_are_sensational(checker, text):
    assert "tone/sensational" in loud_rules(checker, text=text)


@pytest.mark.parametrize(
    "text",
    [
        "这波操作真是牛逼，佩服佩服。",
        "这帮刁民就知道闹事，根本不讲道理。",
        "让人气愤的是，涉事单位至今没有一句道歉。",
        "愤怒！这家店竟然把过期肉卖给学生。",
        "专家大人又来指点江山了。",
        "这样的说明简直是侮辱大家的智商。",
        "一个上午就拍完了——啧，真够敬业的。",
        "这事不归我们管，你找街道办去吧。",
        "说了多少遍了，自己不会看通知吗？",
        "一群狭隘恶毒的人，整天在网上抱团取暖。",
        "这种煞有介事的表演，到底有什么用呢？",
        "不得不说，这种做法真是荒唐至极。",
    ],
)
def test_round_eight_register_warns(checker, text):
    assert loud_rules(checker, text=text)


@pytest.mark.parametrize(
    "text",
    [
        # the words quoted as evidence or reported
        "该公众号多次以“震惊！”“速看”等标题吸引眼球，已被网信部门约谈。",
        "网友留言称：“这帮刁民就知道闹事。”",
        "该工作人员在电话中称“这事不归我们管，你找别人去”，已被停职检查。",
        # factual names and narration
        "瑞典警方同进行种族主义宣传的新纳粹分子发生冲突，一名警察被打伤。",
        "第二天他又发现后排座位下有个纸口袋，打开一看惊呆了。",
        # one weak signal alone is lively writing, not a register
        "乡亲们站在新修的水渠边祝福：祝你新年快乐！",
        "你知道吗？漳州的水仙花已有五百多年的栽培历史。",
        # the author's turn 不说…… is not someone else's speech, and here it is not heated
        "不说别的，这条路修通以后，村里的橙子当天就能运到城里。",
        # service language
        "您好！您反映的问题已转交相关部门办理，感谢您的监督。",
    ],
)
def test_quoted_factual_and_single_signals_stay_quiet(checker, text):
    assert not loud_rules(checker, text=text)


def test_a_heated_register_finding_names_its_signals(checker):
    from tests.checker_support import findings

    text = "这种煞有介事的表演，到底有什么用呢？"
    found = [f for f in findings(checker, text=text) if f.rule == "tone/heated_register"]
    assert len(found) == 1
    assert "煞有介事" in found[0].message and found[0].source.startswith("signal:register(")


def test_a_policy_threshold_overrides_the_fitted_one():
    strict = ToneChecker(ToneOptions(register_threshold=100))
    assert "tone/heated_register" not in loud_rules(strict, text="这种煞有介事的表演，到底有什么用呢？")


@pytest.mark.parametrize(
    ("weights_text", "signals_text", "error"),
    [
        ("exclaim\t1\t2\n", "!\texclaim\tregex\n", "threshold"),  # a weights file without its settings
        ("exclaim\t1\t2\nthreshold\t3\nwindow\t2\n", "呵\tsneer\n", "unknown class"),  # a signal of no class
    ],
)
def test_malformed_register_files_are_refused(
    tmp_path: Path, weights_text: str, signals_text: str, error: str
) -> None:
    weights = tmp_path / "signal_weights.tsv"
    weights.write_text(weights_text, encoding="utf-8")
    signals = tmp_path / "signals.tsv"
    signals.write_text(signals_text, encoding="utf-8")
    with pytest.raises(LexiconError, match=error):
        RegisterSignals.load(str(signals), str(weights))


KINDS = ("exclaim", "frame", "verdict", "marks")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.sampled_from(KINDS)), max_size=12),
    st.tuples(st.integers(0, 40), st.sampled_from(KINDS)),
)
def test_one_more_signal_never_lowers_the_best_window(checker, hits, extra):
    """The score is a capped sum of non-negative weights: adding a hit can only raise a window."""
    register = checker.register
    text = "。".join("句" * 3 for _ in range(45))
    sentences = Segments(text, "。")

    def best(items):
        spans = [SignalHit(4 * s, 4 * s + 1, k) for s, k in items]
        return max((register.score(run) for run in register.windows(spans, sentences)), default=0.0)

    assert best([*hits, extra]) >= best(hits)
