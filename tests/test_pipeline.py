"""The checker chain: plugin discovery, order, fail-closed behaviour, merging, determinism."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline, PolicyError, load_policy
from review_pipeline.findings import fingerprint, folded_fingerprint
from review_pipeline.text.fold import fold
from review_pipeline.text.lines import LineIndex

PLUGIN = '''
from typing import ClassVar
from review_pipeline.checkers.base import CheckerOptions, RuleInfo
from review_pipeline.models import Finding, SignOffReason


class WordOptions(CheckerOptions):
    word: str = "秒杀"
    severity: str = "error"


class WordChecker:
    """Reports every occurrence of one word (a stand-in for a third-party checker)."""

    name: ClassVar[str] = "rp_word"
    Options = WordOptions
    RULES: ClassVar[list] = [RuleInfo(rule="rp_word/hit", severity="error", description="test word")]

    def __init__(self, options):
        self.options = options

    def check(self, document, context):
        for field, text in context.fields():
            start = text.find(self.options.word)
            while start != -1:
                end = start + len(self.options.word)
                yield Finding(checker=self.name, rule=f"{self.name}/hit", category="test",
                              severity=self.options.severity, field=field, start=start, end=end,
                              message="命中测试词", source="rp_word")
                context.redact(field, start, end, "*" * (end - start))
                start = text.find(self.options.word, end)


class CrashChecker:
    name: ClassVar[str] = "rp_crash"
    Options = CheckerOptions
    RULES: ClassVar[list] = []

    def __init__(self, options):
        pass

    def check(self, document, context):
        if "崩溃" in document.text:
            raise RuntimeError("boom on " + document.text)
        return []


class BatchChecker(WordChecker):
    """Has `check_many`; the batch fails when any document holds 崩溃, a single check only on it."""

    name: ClassVar[str] = "rp_batch"
    RULES: ClassVar[list] = [RuleInfo(rule="rp_batch/hit", severity="error", description="test word, batched")]
    calls: ClassVar[list] = []

    def check(self, document, context):
        if "崩溃" in document.text:
            raise RuntimeError("single check failed")
        self.calls.append("one")
        return super().check(document, context)

    def check_many(self, documents, contexts):
        self.calls.append(f"many:{len(documents)}")
        if any("崩溃" in d.text for d in documents):
            raise RuntimeError("batch failed")
        if any("少" in d.text for d in documents):
            return []  # wrong number of results: the pipeline must not trust it
        return [list(super(BatchChecker, self).check(d, c)) for d, c in zip(documents, contexts)]


class OutOfRangeChecker:
    name: ClassVar[str] = "rp_range"
    Options = CheckerOptions
    RULES: ClassVar[list] = []

    def __init__(self, options):
        pass

    def check(self, document, context):
        yield Finding(checker=self.name, rule="rp_range/x", category="t", severity="info",
                      start=0, end=len(document.text) + 5, message="越界")


class MajorChecker:
    name: ClassVar[str] = "rp_major"
    Options = CheckerOptions
    RULES: ClassVar[list] = []

    def __init__(self, options):
        pass

    def check(self, document, context):
        at = document.text.find("台风")
        if at != -1:
            context.escalate(SignOffReason(tier="major", rule="rp_major/disaster", message="灾情",
                                           field="text", start=at, end=at + 2, excerpt="台风"))
        return []
'''

ENTRY_POINTS = {
    "rp_word": "rp_test_plugin:WordChecker",
    "rp_crash": "rp_test_plugin:CrashChecker",
    "rp_range": "rp_test_plugin:OutOfRangeChecker",
    "rp_batch": "rp_test_plugin:BatchChecker",
    "rp_major": "rp_test_plugin:MajorChecker",
}


@pytest.fixture
def plugin(install_plugin):
    install_plugin("rp_test_plugin", PLUGIN, ENTRY_POINTS)


def policy_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text("id: test\nversion: '7'\n" + body, encoding="utf-8")
    return path


def test_a_checker_from_another_package_runs_by_name(plugin, tmp_path):
    pipeline = Pipeline.from_policy(load_policy(policy_file(tmp_path, "checkers:\n  rp_word: {word: 秒杀}\n")))
    verdict = pipeline.review(Document(text="今晚八点限时秒杀！", title="秒杀活动"))
    assert verdict.decision == "block"
    assert [(f.field, f.start, f.end) for f in verdict.findings] == [("title", 0, 2), ("text", 6, 8)]
    assert verdict.checkers["rp_word"].status == "ok"
    assert verdict.policy.id == "test" and verdict.policy.version == "7"
    assert verdict.redacted is not None and verdict.redacted.text == "今晚八点限时**！"


def test_a_crashing_checker_blocks_and_names_itself(plugin, tmp_path):
    policy = load_policy(policy_file(tmp_path, "checkers:\n  rp_crash: {}\n  rp_word: {word: 不存在}\n"))
    pipeline = Pipeline.from_policy(policy)
    assert pipeline.review("一切正常").decision == "pass"
    verdict = pipeline.review("系统崩溃了，市民张三身份证号450602199001011239")
    assert verdict.decision == "block"
    assert verdict.checkers["rp_crash"].status == "error"
    assert verdict.checkers["rp_word"].status == "ok"  # the rest of the chain still runs
    (finding,) = verdict.findings
    assert finding.rule == "pipeline/checker_error" and finding.checker == "rp_crash"
    assert "450602199001011239" not in verdict.model_dump_json()


def test_a_finding_outside_the_text_fails_closed(plugin, tmp_path):
    pipeline = Pipeline.from_policy(load_policy(policy_file(tmp_path, "checkers:\n  rp_range: {}\n")))
    verdict = pipeline.review("短文")
    assert verdict.decision == "block"
    assert verdict.checkers["rp_range"].status == "error"


def test_unknown_checker_is_a_load_error_with_file_and_line(plugin, tmp_path):
    path = policy_file(tmp_path, "checkers:\n  rp_word: {}\n  no_such_checker: {}\n")
    with pytest.raises(PolicyError) as err:
        Pipeline.from_policy(load_policy(path))
    assert err.value.line == 5 and "no_such_checker" in str(err.value)


def test_misconfigured_checker_is_a_load_error_with_file_and_line(plugin, tmp_path):
    path = policy_file(tmp_path, "checkers:\n  rp_word:\n    word: 秒杀\n    wrod: 抢购\n")
    with pytest.raises(PolicyError) as err:
        Pipeline.from_policy(load_policy(path))
    assert err.value.line == 6 and "wrod" in str(err.value)


def test_disabled_checker_does_not_run(plugin, tmp_path):
    path = policy_file(tmp_path, "checkers:\n  rp_crash: {enabled: false}\n  rp_word: {}\n")
    verdict = Pipeline.from_policy(load_policy(path)).review("崩溃")
    assert "rp_crash" not in verdict.checkers and verdict.decision == "pass"


def test_rule_overrides_change_severity_or_drop(plugin, tmp_path):
    body = "checkers:\n  rp_word: {}\nrules:\n  'rp_word/*': {severity: warning}\n"
    verdict = Pipeline.from_policy(load_policy(policy_file(tmp_path, body))).review("秒杀")
    assert verdict.decision == "review" and verdict.findings[0].severity == "warning"
    body = "checkers:\n  rp_word: {}\nrules:\n  rp_word/hit: {enabled: false}\n"
    assert Pipeline.from_policy(load_policy(policy_file(tmp_path, body))).review("秒杀").findings == []


def test_sign_off_takes_the_highest_escalation_and_policy_roles(plugin, tmp_path):
    body = "sign_off:\n  major: [值班编辑, 主要领导]\ncheckers:\n  rp_major: {}\n"
    pipeline = Pipeline.from_policy(load_policy(policy_file(tmp_path, body)))
    verdict = pipeline.review("第18号台风正在影响我市")
    assert verdict.sign_off.tier == "major"
    assert verdict.sign_off.roles == ["值班编辑", "主要领导"]
    assert verdict.sign_off.reasons[0].start == 4
    assert pipeline.review("今日天气晴").sign_off.tier == "ordinary"


def test_line_column_and_fingerprint_are_filled(plugin, tmp_path):
    pipeline = Pipeline.from_policy(load_policy(policy_file(tmp_path, "checkers:\n  rp_word: {}\n")))
    verdict = pipeline.review("第一行\n第二行有秒杀")
    (finding,) = verdict.findings
    assert (finding.line, finding.column) == (2, 5)
    moved = pipeline.review("新增一段。\n\n第一行\n第二行有秒杀").findings[0]
    assert moved.fingerprint == finding.fingerprint and moved.line == 4


def test_review_many_keeps_input_order_across_processes(plugin, tmp_path):
    pipeline = Pipeline.from_policy(load_policy(policy_file(tmp_path, "checkers:\n  rp_word: {}\n")))
    docs = [Document(id=str(i), text="秒杀" if i % 3 == 0 else "通知") for i in range(40)]
    serial = [v.model_dump() for v in pipeline.review_many(docs)]
    parallel = [v.model_dump() for v in pipeline.pipe(docs, jobs=2, batch_size=3)]
    strip = lambda vs: [{**v, "checkers": {k: {**r, "ms": 0} for k, r in v["checkers"].items()}} for v in vs]  # noqa: E731
    assert strip(serial) == strip(parallel)
    assert [v["document_id"] for v in serial] == [str(i) for i in range(40)]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="秒杀通知市民台风，。\n abc", max_size=60))
def test_fingerprint_is_deterministic_and_position_free(text):
    start = text.find("秒杀")
    if start == -1:
        return
    fp = fingerprint("r/x", text, start, start + 2)
    assert fp == fingerprint("r/x", text, start, start + 2)
    far = "无关内容" * 10 + "\n"
    assert fingerprint("r/x", far + text, len(far) + start, len(far) + start + 2) == fp
    assert fingerprint("r/y", text, start, start + 2) != fp


@settings(max_examples=120, deadline=None)
@given(st.text(alphabet="秒殺杀ＡＢab通知，。\n 台風风", max_size=80), st.data())
def test_fingerprint_is_the_same_from_the_folded_field_the_raw_field_and_a_line_index(text, data):
    """The pipeline cuts a fingerprint from the folded field, from a folded context slice, with
    or without the line bounds its LineIndex knows: every way gives the same id."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    _number, _column, line_start, line_end = LineIndex(text).bounds(start)
    expected = fingerprint("r/x", text, start, end)
    assert fingerprint("r/x", text, start, end, (line_start, line_end)) == expected
    assert folded_fingerprint("r/x", fold(text), start, end) == expected
    assert folded_fingerprint("r/x", fold(text), start, end, (line_start, line_end)) == expected


def test_few_and_many_findings_get_the_fingerprints_of_the_folded_field(plugin, tmp_path):
    """A field with a hit or two has each context folded alone; a dense one is folded whole."""
    pipeline = Pipeline.from_policy(load_policy(policy_file(tmp_path, "checkers:\n  rp_word: {}\n")))
    for text, hits in (("市民反映：某店鋪長期秒杀促銷。\n第二段", 1), ("秒杀，" * 40, 40)):
        findings = pipeline.review(text).findings
        assert len(findings) == hits
        for finding in findings:
            assert finding.fingerprint == folded_fingerprint(finding.rule, fold(text), finding.start, finding.end)


def _without_timing(verdict):
    data = verdict.model_dump()
    for run in data["checkers"].values():
        run["ms"] = 0
    return data


def test_review_batch_uses_check_many_and_matches_single_reviews(plugin, tmp_path):
    import rp_test_plugin

    pipeline = Pipeline.from_policy(load_policy(policy_file(tmp_path, "checkers:\n  rp_batch: {word: 秒杀}\n")))
    docs = [Document(text="限时秒杀", id="a"), Document(text="今日无事", id="b"), Document(text="秒杀秒杀", id="c")]
    rp_test_plugin.BatchChecker.calls.clear()
    batch = list(pipeline.pipe(docs, batch_size=len(docs)))
    assert rp_test_plugin.BatchChecker.calls == ["many:3"]
    assert [_without_timing(v) for v in batch] == [_without_timing(pipeline.review(d)) for d in docs]
    assert [len(v.findings) for v in batch] == [1, 0, 2]
    assert [v.redacted.text for v in batch if v.redacted] == ["限时**", "****"]


@pytest.mark.parametrize("bad", ["系统崩溃", "少了结果"])
def test_a_failing_batch_falls_back_to_one_document_at_a_time(plugin, tmp_path, bad):
    import rp_test_plugin

    pipeline = Pipeline.from_policy(load_policy(policy_file(tmp_path, "checkers:\n  rp_batch: {word: 秒杀}\n")))
    docs = [Document(text="限时秒杀", id="a"), Document(text=bad, id="b"), Document(text="平安", id="c")]
    rp_test_plugin.BatchChecker.calls.clear()
    verdicts = list(pipeline.pipe(docs, batch_size=3))
    assert rp_test_plugin.BatchChecker.calls[0] == "many:3" and rp_test_plugin.BatchChecker.calls.count("one") >= 2
    assert [v.document_id for v in verdicts] == ["a", "b", "c"]
    assert verdicts[0].decision == "block" and verdicts[0].findings[0].rule == "rp_batch/hit"
    assert verdicts[2].decision == "pass" and verdicts[2].checkers["rp_batch"].status == "ok"
    if bad == "系统崩溃":  # only the document that fails on its own is blocked by the failure
        assert verdicts[1].checkers["rp_batch"].status == "error"
        assert [f.rule for f in verdicts[1].findings] == ["pipeline/checker_error"]
    else:
        assert verdicts[1].decision == "pass"


def test_a_batch_pauses_the_cyclic_collector_and_leaves_it_as_it_found_it():
    import gc

    seen: list[bool] = []
    pipeline = Pipeline.from_policy("default")
    first = pipeline.checkers[0]
    check, check_many = first.check, getattr(first, "check_many", None)

    def spy_check(doc, ctx):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return check(doc, ctx)

    def spy_many(docs, ctxs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return check_many(docs, ctxs)

    first.check = spy_check  # type: ignore[method-assign]
    if check_many is not None:
        first.check_many = spy_many  # type: ignore[attr-defined]
    assert gc.isenabled()
    verdicts = list(pipeline.pipe([Document(text="市文旅局提醒：国庆假期请市民错峰出行。")] * 3, batch_size=3))
    assert seen and not any(seen)  # paused inside the batch
    assert gc.isenabled() and [v.decision for v in verdicts] == ["pass"] * 3  # and resumed after it
    gc.disable()
    try:
        pipeline.review("市文旅局提醒：国庆假期请市民错峰出行。")
        assert not gc.isenabled()  # a caller who switched it off keeps it off
    finally:
        gc.enable()
