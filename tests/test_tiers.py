"""Sign-off tier routing (办法第十五条): categories, context rules, editor requests, data errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.tiers_eval import evaluate, tiers_pipeline
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline, PolicyError, load_policy
from review_pipeline.checkers.tiers import TiersChecker, TiersOptions
from review_pipeline.lexicon import LexiconError
from review_pipeline.models import TIER_RANK, Verdict


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return tiers_pipeline()


def route(pipeline: Pipeline, text: str, title: str | None = None, **meta: str) -> Verdict:
    return pipeline.review(Document(text=text, title=title, meta=meta))


def rules(verdict: Verdict) -> set[str]:
    return {r.rule for r in verdict.sign_off.reasons}


# --- the labelled set --------------------------------------------------------------------------


def test_eval_set_accuracy_and_no_major_routed_as_ordinary(pipeline: Pipeline) -> None:
    result = evaluate(pipeline)
    assert result["n"] >= 60
    assert result["accuracy"] >= 0.85, result["misses"]
    assert result["major_as_ordinary"] == 0, result["misses"]


# --- context: what makes an item major, and what does not ------------------------------------

FLOOD = "上思县昨夜突降暴雨引发山洪，目前已紧急转移群众1200余人，2名村民失联，搜救工作仍在进行。"


def test_disaster_in_progress_with_evacuations_is_major(pipeline: Pipeline) -> None:
    verdict = route(pipeline, FLOOD)
    assert verdict.sign_off.tier == "major"
    assert verdict.sign_off.roles == ["审核人", "分管领导", "主要领导"]
    reason = next(r for r in verdict.sign_off.reasons if r.rule == "tiers/major_disaster")
    assert FLOOD[reason.start : reason.end] == reason.excerpt == "山洪"
    assert "转移" in reason.message


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("防城区举行防汛应急演练", FLOOD),  # a drill named in the title covers the whole post
        (None, "本次演练模拟上思县突降暴雨引发山洪，紧急转移群众1200余人，2名村民失联。"),
        ("“5·12”防灾减灾宣传周", FLOOD),
        ("回顾：二十年前的那场山洪", FLOOD),
    ],
)
def test_drills_commemorations_and_history_are_not_major(
    pipeline: Pipeline, title: str | None, text: str
) -> None:
    assert route(pipeline, text, title).sign_off.tier == "ordinary"


def test_negated_event_is_not_major(pipeline: Pipeline) -> None:
    verdict = route(pipeline, "今年以来，全市未发生较大以上生产安全事故，安全形势总体平稳。")
    assert verdict.sign_off.tier == "ordinary"


def test_negated_casualties_do_not_boost_but_the_event_still_counts(pipeline: Pipeline) -> None:
    quiet = route(pipeline, "东兴市发生3.1级地震，震源深度10千米，未造成人员伤亡。")
    assert quiet.sign_off.tier == "important"  # an earthquake report, not a major event
    loud = route(pipeline, "东兴市发生3.1级地震，震源深度10千米，已造成2人受伤。")
    assert loud.sign_off.tier == "major"


def test_ended_epidemic_is_important_not_major(pipeline: Pipeline) -> None:
    verdict = route(pipeline, "随着最后一名确诊病例治愈出院，我市现有确诊病例清零。")
    assert verdict.sign_off.tier == "important"
    assert "tiers/important_epidemic" in rules(verdict)
    assert "不按重大敏感信息处理" in verdict.sign_off.reasons[0].message


def test_weather_forecast_is_ordinary_and_warning_is_important(pipeline: Pipeline) -> None:
    assert route(pipeline, "明天我市多云转小雨，气温22～29℃，东南风2～3级。").sign_off.tier == "ordinary"
    warning = route(pipeline, "市气象台发布暴雨橙色预警信号，预计未来6小时防城区降雨量将达50毫米以上。")
    assert warning.sign_off.tier == "important"
    assert warning.sign_off.roles == ["审核人", "分管领导"]


def test_masks_hide_look_alike_words(pipeline: Pipeline) -> None:
    text = "全市孕产妇死亡率持续下降，各医院完成火灾隐患整改132处。"
    assert route(pipeline, text).sign_off.tier == "ordinary"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("市长主持召开市人民政府第12次常务会议，研究部署重点工作。", "tiers/important_meeting"),
        ("经市委研究，拟任命以下同志为市管领导干部，现予以任前公示。", "tiers/important_personnel"),
        ("自7月1日起，市区公交票价由每人次1元调整为2元。", "tiers/important_price"),
        ("2025年全市地区生产总值比上年增长6.1%。", "tiers/important_statistics"),
        ("现将《防城港市促进民营经济发展若干措施》印发给你们。", "tiers/important_policy"),
    ],
)
def test_important_categories(pipeline: Pipeline, text: str, rule: str) -> None:
    verdict = route(pipeline, text)
    assert verdict.sign_off.tier == "important"
    assert rule in rules(verdict)


def test_traditional_and_full_width_text_keeps_exact_offsets(pipeline: Pipeline) -> None:
    text = "颱風正在登陸，已緊急轉移群眾１２００人，３人死亡。"
    verdict = route(pipeline, text)
    assert verdict.sign_off.tier == "major"
    for f in verdict.findings:
        assert text[f.start : f.end] == f.excerpt
    assert any(f.excerpt == "颱風" for f in verdict.findings)


def test_title_counts(pipeline: Pipeline) -> None:
    verdict = route(pipeline, "详情见附件。", title="港口区一化工企业发生爆炸 已造成1人死亡")
    assert verdict.sign_off.tier == "major"
    assert all(r.field == "title" for r in verdict.sign_off.reasons)


def test_findings_are_info_and_name_their_lexicon_entry(pipeline: Pipeline) -> None:
    verdict = route(pipeline, FLOOD)
    tiers_findings = [f for f in verdict.findings if f.checker == "tiers"]
    assert tiers_findings and all(f.severity == "info" for f in tiers_findings)
    assert all(f.legal_basis == "办法第十五条" for f in tiers_findings)
    assert all(f.source and f.source.startswith("tiers/triggers.tsv:") for f in tiers_findings)
    assert verdict.decision == "pass"  # a tier is who signs, not a defect


# --- editor requests ---------------------------------------------------------------------------


def test_editor_may_raise_the_tier(pipeline: Pipeline) -> None:
    verdict = route(pipeline, "市图书馆推出寒假少儿阅读活动。", tier="重要")
    assert verdict.sign_off.tier == "important"
    assert rules(verdict) == {"tiers/raise_request"}
    assert any(f.rule == "tiers/raise_request" and f.severity == "info" for f in verdict.findings)


def test_editor_cannot_lower_the_tier(pipeline: Pipeline) -> None:
    verdict = route(pipeline, FLOOD, tier="ordinary")
    assert verdict.sign_off.tier == "major"
    refused = [f for f in verdict.findings if f.rule == "tiers/lower_refused"]
    assert len(refused) == 1 and refused[0].severity == "info"


def test_unreadable_request_asks_for_review(pipeline: Pipeline) -> None:
    verdict = route(pipeline, "市图书馆推出寒假少儿阅读活动。", tier="urgent")
    assert verdict.sign_off.tier == "ordinary"
    assert verdict.decision == "review"
    assert any(f.rule == "tiers/invalid_request" for f in verdict.findings)


# --- rules as data -----------------------------------------------------------------------------


def test_every_emitted_rule_is_listed(pipeline: Pipeline) -> None:
    from benchmarks.evalkit import load_jsonl
    from benchmarks.tiers_eval import EVAL

    listed = {r.rule for r in TiersChecker.RULES}
    for row in load_jsonl(EVAL):
        verdict = pipeline.review(Document(text=row["text"], title=row.get("title") or None))
        assert {f.rule for f in verdict.findings} <= listed


def test_city_policy_adds_its_own_triggers(tmp_path: Path) -> None:
    (tmp_path / "local.tsv").write_text("# city words\n白浪滩踩踏\tmass_incident\t1.0\n", encoding="utf-8")
    default = load_policy("default").checkers["tiers"]["triggers"]
    (tmp_path / "city.yaml").write_text(
        "extends: default\nsign_off:\n  major: [值班编辑, 主要领导]\ncheckers:\n  tiers:\n"
        f"    triggers: [{default[0]}, local.tsv]\n",
        encoding="utf-8",
    )
    policy = load_policy(tmp_path / "city.yaml")
    p = Pipeline(policy, [TiersChecker(TiersOptions(**policy.checkers["tiers"]))])
    verdict = p.review(Document(text="江山半岛景区今日发生白浪滩踩踏。"))
    assert verdict.sign_off.tier == "major"
    assert verdict.sign_off.roles == ["值班编辑", "主要领导"]


def test_bad_lexicon_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "triggers.tsv"
    bad.write_text("# header\n山洪\tdisaster\t0.6\n泥石流\tweather\t0.6\n", encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        TiersChecker(TiersOptions(triggers=[str(bad)]))
    assert f"{bad}:3:" in str(err.value) and "unknown category" in str(err.value)


def test_bad_regex_in_context_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "context.tsv"
    bad.write_text("正在\tboost\tongoing\t0.5\nre:(\\d+\tboost\tcount\t0.3\n", encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        TiersChecker(TiersOptions(context=[str(bad)]))
    assert f"{bad}:2:" in str(err.value)


def test_unknown_option_and_category_are_policy_errors(tmp_path: Path) -> None:
    from review_pipeline.pipeline import build_checker

    policy = load_policy("default")
    with pytest.raises(PolicyError, match="tiers"):
        build_checker(policy, "tiers", {"treshold": 2})
    with pytest.raises(PolicyError, match="unknown categories"):
        build_checker(policy, "tiers", {"category_weights": {"weather": 2.0}})


def test_category_weights_scale_a_category() -> None:
    text = "防城区某小区数十名业主在售楼部门前聚集。"
    base = Pipeline(load_policy("default"), [TiersChecker(TiersOptions())])
    strict = Pipeline(
        load_policy("default"), [TiersChecker(TiersOptions(category_weights={"mass_incident": 2.0}))]
    )
    assert base.review(Document(text=text)).sign_off.tier != "major"
    assert strict.review(Document(text=text)).sign_off.tier == "major"


# --- invariants --------------------------------------------------------------------------------

PIECES = [
    FLOOD,
    "演练",
    "未",
    "正在",
    "3人死亡",
    "台风",
    "预警",
    "常务会议",
    "市民",
    "。",
    "，",
    "颱風",
    "疫情",
    "治愈出院",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parts=st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=8),
    requested=st.sampled_from([None, "ordinary", "important", "major"]),
)
def test_offsets_exact_and_requests_never_lower(
    pipeline: Pipeline, parts: list[str], requested: str | None
) -> None:
    text = "".join(parts)
    meta = {"tier": requested} if requested else {}
    verdict = pipeline.review(Document(text=text, meta=meta))
    for r in verdict.sign_off.reasons:
        if r.start is not None:
            assert text[r.start : r.end] == r.excerpt
    plain = pipeline.review(Document(text=text)).sign_off.tier
    assert TIER_RANK[verdict.sign_off.tier] == max(TIER_RANK[plain], TIER_RANK[requested or "ordinary"])
