"""The tone checker: personal opinions and emotions in the account's own voice (办法第十八条)."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline import Pipeline, load_policy, review
from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.tone import ToneChecker, ToneOptions
from review_pipeline.lexicon import LexiconError
from review_pipeline.models import Document, Finding
from review_pipeline.policy import PolicyError


@pytest.fixture(scope="module")
def tone() -> ToneChecker:
    return ToneChecker(ToneOptions())


def run(checker: ToneChecker, text: str, title: str | None = None) -> list[Finding]:
    doc = Document(text=text, title=title)
    return list(checker.check(doc, CheckContext(doc)))


def spans(findings: list[Finding], doc_text: str) -> list[tuple[str, str]]:
    return [(f.rule, doc_text[f.start : f.end]) for f in sorted(findings, key=Finding.sort_key)]


def test_first_person_opinion_is_reported_with_its_basis(tone):
    text = "对于市民反映的广场舞噪音问题，我认为根本就是小题大做。"
    [finding] = run(tone, text)
    assert (finding.rule, text[finding.start : finding.end]) == ("tone/personal_opinion", "我认为")
    assert finding.severity == "warning" and finding.legal_basis == "办法第十八条"
    assert finding.source == "tone/opinion.txt:7:我认为"
    assert "个人观点" in finding.message and finding.suggestion


def test_longest_opinion_marker_wins(tone):
    text = "我个人认为这个方案还需要再论证。"
    assert spans(run(tone, text), text) == [("tone/personal_opinion", "我个人认为")]


def test_emotional_phrases_and_strings_of_marks(tone):
    text = "个别商户把泔水直接倒进河里，真是太恶心了！！！还有人不按时申报？？？"
    assert spans(run(tone, text), text) == [
        ("tone/emotional", "太恶心了"),
        ("tone/emotional", "！！！"),
        ("tone/emotional", "？？？"),
    ]


def test_marks_that_end_no_sentence_are_no_tone(tone):
    # a page's encoding turned indents and bullets into ？？？: at the head of a line or after a
    # full stop they punctuate nothing; after words they still do
    text = "？？？ 本报讯 4月20日，县长到信访大厅接访。 ？？？ 在近两个小时的接访中，他耐心回答。\n???? 8月23日，救援仍在进行。"
    assert run(tone, text) == []
    assert spans(run(tone, "还有人不按时申报？？？"), "还有人不按时申报？？？") == [("tone/emotional", "？？？")]


def test_one_exclamation_mark_is_lively_not_emotional(tone):
    text = "金秋十月，京岛金滩迎来旅游高峰！欢迎各地游客来防城港赶海、看日落。咋回事？？"
    assert run(tone, text) == []


def test_question_and_exclamation_together_are_emotional(tone):
    text = "到底有没有认真看通知？！"
    assert spans(run(tone, text), text) == [("tone/emotional", "？！")]


def test_quoted_and_reported_speech_is_not_the_accounts_voice(tone):
    texts = [
        "市民王女士说：“我觉得这次社区改造做得特别好！！”",
        "在接受记者采访时，李大爷表示，我认为现在看病比以前方便多了。",
        "网友“海边的风”留言称：真是无语，排了两个小时的队！",
        "老党员陈伯说，说实话，当年谁也没想到今天会这么热闹。",
        "专家认为，今年冬季流感高峰可能提前到来。",
        "电影《我和我的祖国》将于国庆期间露天放映。",
        "记者：变化大吗？\n社区居民黄阿姨：说实话，变化太大了！！",
    ]
    for text in texts:
        assert run(tone, text) == [], text


def test_neutral_uses_of_emotional_words(tone):
    texts = [
        "食用野生菌后如出现恶心、呕吐、腹痛等症状，请立即就医。",
        "我市垃圾分类工作取得阶段性成效。",
        "京族独弦琴艺术是民族文化中的一朵奇葩。",
        "老人们笑呵呵地说起村里的新变化。",
        "小王的生活该怎么继续，社区干部一直牵挂着。",  # 活该 does not end a word here
    ]
    for text in texts:
        assert run(tone, text) == [], text


def test_offsets_point_at_the_original_full_width_and_traditional_text(tone):
    text = "個人認為，這項政策非常好！！　真是無語"
    found = spans(run(tone, text), text)
    assert found == [
        ("tone/personal_opinion", "個人認為"),
        ("tone/emotional", "！！"),
        ("tone/emotional", "真是無語"),
    ]


def test_title_is_checked_too(tone):
    title = "太离谱了！！这种骗局居然还有人信"
    findings = run(tone, "近日，我市发生多起冒充快递客服实施诈骗的案件。", title=title)
    assert {(f.field, title[f.start : f.end]) for f in findings} == {("title", "太离谱"), ("title", "！！")}


def test_stricter_exclamation_run_is_configurable():
    checker = ToneChecker(ToneOptions(exclamation_run=3))
    text = "工作人员都快崩溃了！！大家辛苦了！！！"
    assert [excerpt for _, excerpt in spans(run(checker, text), text)] == ["快崩溃了", "！！！"]


def test_a_city_adds_its_own_words_without_code(tmp_path):
    words = tmp_path / "opinion.txt"
    words.write_text("# 本市补充\n依鄙人之见\n", encoding="utf-8")
    policy = tmp_path / "city.yaml"
    policy.write_text(
        f"extends: default\nid: city\ncheckers:\n  tone:\n    opinion: {words.name}\n", encoding="utf-8"
    )
    pipeline = Pipeline.from_policy(load_policy(policy))
    verdict = pipeline.review("依鄙人之见，这条路应该拓宽。我认为也行。")
    tone_rules = [(f.rule, f.excerpt) for f in verdict.findings if f.checker == "tone"]
    assert tone_rules == [("tone/personal_opinion", "依鄙人之见")]  # the list replaced the default one


def test_unknown_option_is_a_policy_error(tmp_path):
    policy = tmp_path / "bad.yaml"
    policy.write_text("extends: default\ncheckers:\n  tone:\n    exclamation_runs: 3\n", encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        Pipeline.from_policy(load_policy(policy))
    assert str(info.value).startswith(f"{policy}:4:")


def test_malformed_word_list_names_file_and_line(tmp_path):
    words = tmp_path / "emotional.txt"
    words.write_text("气死了\n\t空词条\n", encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        ToneChecker(ToneOptions(emotional=str(words)))
    assert str(info.value).startswith(f"{words}:2:")


def test_through_the_pipeline_a_tone_warning_asks_for_review():
    verdict = review("今天上午又有人在政务服务大厅插队，气死了！工作人员多次劝阻都不听。")
    tone_findings = [f for f in verdict.findings if f.checker == "tone"]
    assert [(f.rule, f.excerpt, f.line, f.column) for f in tone_findings] == [
        ("tone/emotional", "气死了", 1, 18)
    ]
    assert verdict.decision == "review" and tone_findings[0].fingerprint


def test_the_eval_set_meets_its_targets(capsys):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    from benchmarks.tone_eval import evaluate

    from review_pipeline.checkers.engagement import EngagementChecker, EngagementOptions

    scores = evaluate([ToneChecker(ToneOptions()), EngagementChecker(EngagementOptions())])
    for scope in ("all", "tone", "engagement"):
        assert scores[scope]["precision"] >= 0.9, (scope, scores[scope])
        assert scores[scope]["recall"] >= 0.85, (scope, scores[scope])


_words = st.sampled_from(
    [
        "我觉得",
        "气死了",
        "！",
        "？",
        "今天",
        "市民",
        "说",
        "表示",
        "，",
        "。",
        "真是无语",
        "“",
        "”",
        "\n",
        "a",
    ]
)


@settings(max_examples=120, deadline=None)
@given(st.lists(_words, max_size=25).map("".join))
def test_findings_point_inside_the_text_and_never_into_quotes(text):
    checker = _shared_checker()
    for finding in run(checker, text):
        assert 0 <= finding.start < finding.end <= len(text)
    quoted = "“" + text.replace("“", "").replace("”", "").replace("\n", "") + "”"
    assert run(checker, quoted) == []


_checker: list[ToneChecker] = []


def _shared_checker() -> ToneChecker:
    # hypothesis and function-scoped fixtures do not mix; build the checker once by hand
    if not _checker:
        _checker.append(ToneChecker(ToneOptions()))
    return _checker[0]


# Register: address at critics, rhetorical questions, sarcasm, insults, evaluations, verdicts.
@pytest.mark.parametrize(
    ("text", "rule", "words"),
    [
        ("你行你上啊，别在评论区说风凉话。", "tone/hostile_address", "你行你上"),
        ("难道你们连这点常识都没有吗？", "tone/hostile_address", "难道你们连这点常识都没有吗?"),
        ("这种说法荒谬至极，根本不值一驳。", "tone/derision", "荒谬至极"),
        ("某些人又开始带节奏了。", "tone/derision", "某些人又"),
        ("他们嘴上说得冠冕堂皇，脸皮未免太厚了。", "tone/derision", "脸皮未免太厚"),
        ("如此造谣，真是欠收拾。", "tone/derision", "欠收拾"),
        ("看到这样的处理结果，真是大快人心。", "tone/emotional", "大快人心"),
    ],
)
def test_register_cues_in_the_accounts_own_voice(tone, text, rule, words):
    findings = [f for f in run(tone, text) if f.rule == rule]
    assert findings, text
    finding = findings[0]
    assert text[finding.start : finding.end].replace("？", "?") == words
    assert finding.severity == "warning" and finding.legal_basis == "办法第十八条"
    assert "register.tsv" in (finding.source or "") or "opinion" in (finding.source or "")
    assert words.replace("?", "") in finding.message.replace("?", "")  # the words that decided it


@pytest.mark.parametrize(
    "text",
    [
        # evidence in a police notice: the insult is quoted, the account only describes it
        "经查，王某在微信群内发布“交警都是脑残”等侮辱性言论，已被依法行政拘留五日。",
        # an ordinary question and a neutral use of an evaluative word
        "难道这仅仅是巧合吗？记者进行了调查。",
        "一个可笑的天文数字，如今变成了现实。",
        # someone's own first-person account (memoir, letter): not the account slipping
        "我从小在这里长大。我觉得家乡这些年变化很大。",
        # discourse markers are the author's sentence, and the author's sentence is neutral
        "也就是说，符合条件的市民均可申请补贴。",
    ],
)
def test_quoted_evidence_and_neutral_uses_stay_quiet(tone, text):
    assert run(tone, text) == []


def test_a_lone_first_person_opinion_is_still_reported(tone):
    assert [f.rule for f in run(tone, "我觉得这项政策非常好。")] == ["tone/personal_opinion"]


def test_speech_followed_by_its_quotation_ends_at_the_quotation(tone):
    text = "蓬佩奥宣称，“我们的标准适用于全世界”，这到底是什么逻辑？"
    assert [f.rule for f in run(tone, text)] == ["tone/hostile_address"]


def test_bad_register_row_names_file_and_line(tmp_path):
    bad = tmp_path / "register.tsv"
    bad.write_text("荒谬至极\tderision\tevaluative\n可笑\tmockery\tevaluative\n", encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        ToneChecker(ToneOptions(register_cues=str(bad)))
    assert str(info.value).startswith(f"{bad}:2:") and "mockery" in str(info.value)
