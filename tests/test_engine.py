"""The one engine, `Pipeline.pipe`: deadlines, fail-closed on anything, declared rules, masking of
personal data in every finding, worker deaths, and the same verdict on every way in."""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline, load_policy, review
from review_pipeline.io.readers import draft_from_bytes
from review_pipeline.rules import RuleInfo, load_rules
from review_pipeline.waivers import review_draft
from tests.test_pipeline import policy_file

PLUGIN = '''
import os, time
from typing import ClassVar
from review_pipeline.checkers.base import CheckerOptions
from review_pipeline.models import Finding
from review_pipeline.rules import RuleInfo


class SlowChecker:
    """Sleeps on documents holding 慢, raises SystemExit on 退出, kills its process on 自毁."""

    name: ClassVar[str] = "rp_eng_slow"
    Options = CheckerOptions
    RULES: ClassVar[list] = [RuleInfo(rule="rp_eng_slow/seen", severity="info", description="test")]

    def __init__(self, options):
        pass

    def check(self, document, context):
        if "慢" in document.text:
            time.sleep(5)
        if "退出" in document.text:
            raise SystemExit(0)
        if "自毁" in document.text:
            os._exit(9)
        return []


class RogueChecker:
    """Reports a rule it never declared."""

    name: ClassVar[str] = "rp_eng_rogue"
    Options = CheckerOptions
    RULES: ClassVar[list] = [RuleInfo(rule="rp_eng_rogue/declared", severity="info", description="test")]

    def __init__(self, options):
        pass

    def check(self, document, context):
        yield Finding(checker=self.name, rule="rp_eng_rogue/undeclared", category="t", severity="info",
                      start=0, end=0, message="未声明")
'''
ENTRY_POINTS = {"rp_eng_slow": "rp_test_engine:SlowChecker", "rp_eng_rogue": "rp_test_engine:RogueChecker"}


@pytest.fixture
def plugin(install_plugin):
    install_plugin("rp_test_engine", PLUGIN, ENTRY_POINTS)


def test_a_document_past_its_deadline_blocks_and_the_others_pass(plugin, tmp_path):
    pipeline = Pipeline.from_policy(load_policy(policy_file(tmp_path, "checkers:\n  rp_eng_slow: {}\n")))
    docs = [Document(text="今天天气晴", id="a"), Document(text="这篇很慢", id="b"), Document(text="通知", id="c")]
    started = time.perf_counter()
    verdicts = list(pipeline.pipe(docs, batch_size=3, timeout_s=0.5))
    assert time.perf_counter() - started < 4  # the 5 s sleep was cut short
    assert [v.document_id for v in verdicts] == ["a", "b", "c"]
    assert [v.decision for v in verdicts] == ["pass", "block", "pass"]
    assert verdicts[1].findings[0].rule == "pipeline/checker_timeout"
    assert verdicts[1].checkers["rp_eng_slow"].status == "timeout"


def test_system_exit_in_a_checker_blocks_that_document_only(plugin, tmp_path):
    pipeline = Pipeline.from_policy(load_policy(policy_file(tmp_path, "checkers:\n  rp_eng_slow: {}\n")))
    verdicts = list(pipeline.pipe([Document(text="程序退出"), Document(text="正常")]))
    assert verdicts[0].decision == "block" and verdicts[0].findings[0].rule == "pipeline/checker_error"
    assert "SystemExit" in (verdicts[0].checkers["rp_eng_slow"].error or "")
    assert verdicts[1].decision == "pass"


def test_an_undeclared_rule_fails_closed(plugin, tmp_path):
    pipeline = Pipeline.from_policy(load_policy(policy_file(tmp_path, "checkers:\n  rp_eng_rogue: {}\n")))
    verdict = pipeline.review("任何文字")
    assert verdict.decision == "block"
    assert verdict.findings[0].rule == "pipeline/checker_error"
    assert "RuleError" in (verdict.checkers["rp_eng_rogue"].error or "")


@pytest.mark.parametrize("rules", ["'pipeline/*': {enabled: false}", "'*': {severity: info}"])
def test_a_policy_cannot_switch_fail_closed_off(plugin, tmp_path, rules):
    body = f"checkers:\n  rp_eng_slow: {{}}\nrules:\n  {rules}\n"
    pipeline = Pipeline.from_policy(load_policy(policy_file(tmp_path, body)))
    verdict = pipeline.review("程序退出")
    assert verdict.decision == "block"
    assert verdict.findings[0].severity == "error"


def test_a_worker_that_dies_blocks_only_the_document_that_killed_it(plugin, tmp_path):
    pipeline = Pipeline.from_policy(load_policy(policy_file(tmp_path, "checkers:\n  rp_eng_slow: {}\n")))
    docs = [Document(text=f"第{i}篇", id=str(i)) for i in range(8)]
    docs[3] = Document(text="这一篇自毁", id="3")
    verdicts = list(pipeline.pipe(docs, jobs=2, batch_size=2, timeout_s=30))
    assert [v.document_id for v in verdicts] == [str(i) for i in range(8)]
    assert verdicts[3].decision == "block" and verdicts[3].findings[0].rule == "pipeline/worker_died"
    assert all(v.decision == "pass" for i, v in enumerate(verdicts) if i != 3)
    assert os.getpid()  # the parent is alive and got every verdict


# --- personal data masked in every finding (issue 15, item 3) --------------------------------


@pytest.fixture(scope="module")
def default_pipeline() -> Pipeline:
    return Pipeline.from_policy("default")


def test_phone_numbers_never_appear_in_non_pii_findings(default_pipeline):
    doc = Document(
        kind="repost",
        source="网友13812345678",
        text="来源：网友13812345678\n全场五折，限时抢购，欢迎进店选购！加微信13812345678下单，名额有限，先到先得。",
    )
    verdict = default_pipeline.review(doc)
    assert any(f.rule.startswith("pii/") for f in verdict.findings)
    for f in verdict.findings:
        for text in (f.excerpt, f.message, f.suggestion or ""):
            assert "13812345678" not in text, (f.rule, text)


def test_personal_data_flag_comes_from_the_rules_file():
    pii = load_rules("review_pipeline.checkers.pii")
    assert pii and all(r.personal_data for r in pii)
    assert not any(r.personal_data for r in load_rules("review_pipeline.checkers.ads"))


def test_every_rule_the_default_policy_can_emit_is_declared(default_pipeline):
    from benchmarks.corpus import posts

    for verdict in default_pipeline.pipe(Document(**p) for p in posts(200, 11, 600)):
        for f in verdict.findings:
            assert default_pipeline.rule(f.rule) is not None, f.rule
        assert not any(f.rule == "pipeline/checker_error" for f in verdict.findings)


# --- every way in gives the same verdict ---------------------------------------------------------

PARAGRAPHS = [
    "市民张先生来电反映，联系电话13800138000。",
    "全场五折，限时抢购，欢迎进店选购！",
    "我市启动防汛Ⅳ级应急响应，转移群众1200人。",
    "来源：新华社",
    "今天天气晴，适合出行。",
    "严禁网络赌博，远离黄赌毒。",
    "关注本公众号后回复“报名”即可参加。",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=5), st.integers(min_value=1, max_value=4))
def test_the_same_verdict_on_every_way_in(default_pipeline, paragraphs, batch_size):
    text = "\n".join(paragraphs)
    doc = Document(text=text, title="关于做好防汛工作的通知")
    one = default_pipeline.review(doc).model_dump()
    batched = list(default_pipeline.pipe([Document(text="无关的一篇"), doc, Document(text="又一篇")], batch_size=batch_size))
    draft = draft_from_bytes(text.encode("utf-8"), "post.txt")
    draft.document = draft.document.model_copy(update={"title": doc.title})
    from_draft = review_draft(default_pipeline, draft).model_dump()
    via_function = review(text, title=doc.title).model_dump()
    for other in (batched[1].model_dump(), via_function):
        assert _comparable(other) == _comparable(one)
    # a draft read from a file carries line/column of its source; everything else is equal
    assert [(f["rule"], f["start"], f["end"]) for f in from_draft["findings"]] == [
        (f["rule"], f["start"], f["end"]) for f in one["findings"]
    ]
    assert from_draft["decision"] == one["decision"]


def _comparable(verdict: dict) -> dict:
    verdict = dict(verdict)
    verdict["checkers"] = sorted((name, run["status"], run["findings"]) for name, run in verdict["checkers"].items())
    return verdict


def test_review_picks_up_an_edited_policy(tmp_path):
    path = tmp_path / "city.yaml"
    path.write_text("extends: default\nid: city\nrules:\n  ads/*: {enabled: true}\n", encoding="utf-8")
    text = "全场五折，限时抢购，欢迎进店选购！加微信下单，名额有限，先到先得。"
    before = review(text, policy=str(path))
    path.write_text("extends: default\nid: city\nrules:\n  'ads/*': {enabled: false}\n", encoding="utf-8")
    after = review(text, policy=str(path))
    assert any(f.rule.startswith("ads/") for f in before.findings)
    assert not any(f.rule.startswith("ads/") for f in after.findings)


def test_rule_info_renders_message_templates():
    rule = RuleInfo(rule="x/y", severity="warning", message="含「{term}」", suggestion="删除「{term}」")
    assert rule.render_message(term="秒杀") == "含「秒杀」"
    assert rule.render_suggestion(term="秒杀") == "删除「秒杀」"


# --- the shared analysis of a field --------------------------------------------------------------


def test_field_analysis_is_computed_once_and_shared():
    from review_pipeline.checkers.base import CheckContext
    from review_pipeline.text.phrases import PhraseIndex

    context = CheckContext(Document(text="限时抢购！欢迎选购。下一句，再一句"))
    analysis = context.analysis("text")
    assert context.analysis("text") is analysis and context.folded("text") == "限时抢购!欢迎选购。下一句,再一句"
    assert analysis.sentences.bounds(6) == (5, 10) and analysis.clauses.bounds(12) == (10, 14)
    index = PhraseIndex([("抢购", "buy"), ("选购", "buy")])
    assert analysis.phrases(index) == [(2, 4, "buy"), (7, 9, "buy")]
    assert analysis.phrases(index) is analysis.phrases(index)  # found once


def test_near_respects_side_gap_and_scope():
    from review_pipeline.text.analysis import SENTENCE_STOPS, Segments
    from review_pipeline.text.spans import near

    text = "关注本公众号后回复报名。欢迎关注"
    scope = Segments(text, SENTENCE_STOPS)
    follow = [(0, 2), (14, 16)]
    assert near((9, 11), follow, side="before", max_gap=12, scope=scope) == (0, 2)
    assert near((9, 11), follow, side="after", max_gap=12, scope=scope) is None  # crosses 。
    assert near((9, 11), follow, side="before", max_gap=3, scope=scope) is None


def test_an_inner_deadline_never_extends_an_outer_one():
    from review_pipeline.deadline import CheckerTimeout, deadline

    started = time.monotonic()
    with pytest.raises(CheckerTimeout), deadline(0.3), deadline(60):
        time.sleep(5)
    assert time.monotonic() - started < 2


def test_the_combined_automaton_gives_each_index_what_its_own_find_gives(default_pipeline):
    from review_pipeline.checkers.base import CheckContext
    from review_pipeline.text.phrases import PhraseBank, PhraseIndex

    a = PhraseIndex([("抢购", "buy"), ("限时抢购", "limited"), ("购", "char")])
    b = PhraseIndex([("抢购", "other"), ("关注", "follow")])
    bank = PhraseBank([a, b])
    text = "限时抢购！关注后抢购"
    context = CheckContext(Document(text=text), phrase_bank=bank)
    for index in (a, b):
        assert context.analysis("text").phrases(index) == list(index.find(text))
    # the default pipeline's checkers put their lists into one bank
    assert default_pipeline.phrase_bank is not None and default_pipeline.phrase_bank.slot(a) is None


PHRASE_ALPHABET = st.sampled_from("关注转发下载抢购限时")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.text(PHRASE_ALPHABET, min_size=1, max_size=4), max_size=6), min_size=1, max_size=4),
    st.text(PHRASE_ALPHABET, max_size=40),
)
def test_the_combined_automaton_is_equivalent_for_any_lists(lists, text):
    from review_pipeline.text.phrases import PhraseBank, PhraseIndex

    indexes = [PhraseIndex((p, (i, j)) for j, p in enumerate(words)) for i, words in enumerate(lists)]
    bank = PhraseBank(indexes)
    scanned = bank.scan(text)
    for index in indexes:
        slot = bank.slot(index)
        assert (scanned[slot] if slot is not None else []) == list(index.find(text))


def test_a_phrase_index_survives_the_table_cache_and_reads_lone_surrogates():
    """Tables are pickled into the disk cache (attribution's name tables hold a `PhraseIndex`):
    the automaton comes back whole. A text with a lone surrogate (not UTF-8)
    is still read, at the same offsets, and a phrase holding one still matches it."""
    import pickle

    from review_pipeline.text.phrases import PhraseBank, PhraseIndex

    index = PhraseIndex([("人民网", "unit"), ("人民", "word"), ("\ud800记", "odd")])
    text = "据人民网\ud800记者报道，人民群众"
    expected = [(1, 3, "word"), (1, 4, "unit"), (4, 6, "odd"), (10, 12, "word")]
    assert list(index.find(text)) == expected
    assert list(pickle.loads(pickle.dumps(index)).find(text)) == expected
    assert PhraseBank([index]).scan(text) == [expected]
