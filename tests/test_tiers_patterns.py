"""Regular expressions gated by literal keys (text/patterns.py), as the tiers checker uses them:
the keys are necessary (a pattern that matches always has one of its keys in the text), so gating
never changes what is found."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.tiers.checker import (
    TiersOptions,
    load_categories,
    load_context,
    load_levels,
    load_triggers,
)
from review_pipeline.text.fold import fold
from review_pipeline.text.patterns import GatedPatterns, required_key_sets, required_keys


def _tiers_patterns() -> list[str]:
    options = TiersOptions()
    categories = load_categories(options.categories)
    terms = [t.phrase for t in load_triggers(options.triggers, categories, {})]
    terms += [r.term for r in load_context(options.context)]
    terms += [r.term for r in load_levels(options.levels)]
    return [t[3:] for t in terms if t.startswith("re:")]


PATTERNS = _tiers_patterns()


def test_keys_of_common_shapes() -> None:
    assert required_keys(r"关于印发[^。\n]{1,80}?的通知") == frozenset({"关于印发"})
    assert required_keys(r"(?:省|市|县)长办公会") == frozenset({"省长办公会", "市长办公会", "县长办公会"})
    # a branch gives the union of its alternatives' keys; one without any key leaves it ungated
    assert required_keys(r"重灾区|受灾地区") == frozenset({"重灾区", "受灾地区"})
    assert required_keys(r"重灾区|\d+") is None
    # zero-width assertions add nothing: (?<![a-z])i(?![a-z])级 needs "i级"
    assert required_keys(r"(?<![a-z])i(?![a-z])级") == frozenset({"i级"})
    # full-width `（` never survives folding: only the half-width branch can match folded text
    assert required_keys(r"号[)）]") == frozenset({"号)"})
    assert required_keys(r"(?i)abc") is None
    assert required_keys(r"\d+") is None


def test_a_match_needs_a_key_of_every_set() -> None:
    # a document number needs its bracket and 号, not merely a year
    sets = required_key_sets(
        r"[一-龥]{1,12}(?:〔|\[|【|\()\s*(?:19|20)\d{2}\s*(?:〕|\]|】|\))\s*(?:第\s*)?\d{1,4}\s*号"
    )
    assert frozenset({"号"}) in sets and frozenset({"〔", "[", "【", "("}) in sets
    gated = GatedPatterns([(r"关于印发[^。\n]{1,80}?的通知", "notice")])
    for text in ["关于印发工作方案", "县政府的通知", "关于印发《工作方案》的通知"]:
        folded = fold(text)
        expected = [
            (m.start(), m.end(), "notice") for m in re.finditer(r"关于印发[^。\n]{1,80}?的通知", folded)
        ]
        assert list(gated.find(folded, gated.keys.find(folded))) == expected


def test_most_tiers_patterns_are_gated() -> None:
    gated = GatedPatterns((p, i) for i, p in enumerate(PATTERNS))
    assert len(gated) == len(PATTERNS) >= 40
    assert gated.ungated <= 2


WORDS = [
    "关于印发",
    "的通知",
    "国发〔2023〕5号",
    "Ⅰ级应急响应",
    "启动防汛二级响应",
    "转移",
    "群众",
    "300人",
    "名",
    "第十二条",
    "\n1.2 工作原则\n",
    "分为四个等级",
    "系谣言",
    "今年以来",
    "共发生",
    "3起",
    "事故",
    "送往",
    "医院",
    "出现呕吐症状",
    "》（国办发〔2020〕1号）",
    "常委会（扩大）会议",
    "镇",
    "召开",
    "工作会议",
    "，",
    "。",
    "\n",
    "a",
    "1",
    "地质灾害隐患点",
    "口角",
    "冲突",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12))
def test_gating_never_changes_what_the_tiers_patterns_find(parts: list[str]) -> None:
    folded = fold("".join(parts))
    gated = GatedPatterns((p, i) for i, p in enumerate(PATTERNS))
    everything = [
        (m.start(), m.end(), i)
        for i, p in enumerate(PATTERNS)
        for m in re.finditer(p, folded)
        if m.end() > m.start()
    ]
    assert list(gated.find(folded, gated.keys.find(folded))) == everything
