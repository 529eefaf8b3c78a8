"""Regular expressions gated by literal keys (text/patterns.py), as the tiers checker uses them:
the keys are necessary (a pattern that matches always has one of its keys in the text), so gating
never changes what is found."""

from __future__ import annotations

import json
import re
from pathlib import Path

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


# Patterns rewritten for speed (round 2): each now starts with a character class (and a lookbehind
# after its first character where the old form began with an alternation or a lookbehind), so the
# regex engine skips, in C, the positions where no match can start, instead of trying every
# alternative there. The old forms stay here, to show the new ones match exactly the same.
REWRITTEN = {
    r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万几数多]+)(?:余|多)?万?(?:名|人|户|位)": (
        r"[\d一二两三四五六七八九十百千万几数多](?:(?<=\d)\d*(?:\.\d+)?|(?<!\d)[一二两三四五六七八九十百千万几数多]*)"
        r"(?:余|多)?万?(?:名|人|户|位)"
    ),
    r"(?:\d+|[一二两三四五六七八九十百千几数]+)(?:余|多)?个(?:学生|群众|居民|村民|工人|职工|员工|民工|农民工|业主|市民|家属|商户)": (
        r"[\d一二两三四五六七八九十百千几数](?:(?<=\d)\d*|(?<!\d)[一二两三四五六七八九十百千几数]*)(?:余|多)?个"
        r"(?:学生|群众|居民|村民|工人|职工|员工|民工|农民工|业主|市民|家属|商户)"
    ),
    r"(?<![\d.])(?:[2-9]|[1-9]\d+|\d+(?:\.\d+)?万)起": (
        r"\d(?<![\d.]\d)(?:(?<=[2-9])|(?<=[1-9])\d+|\d*(?:\.\d+)?万)起"
    ),
    r"(?:多|数|几|两|[三四五六七八九十]|[一二三四五六七八九十]+余)起(?!草|诉|来|点|床|身)": (
        r"[多数几两一二三四五六七八九十](?:(?<=[多数几两三四五六七八九十])|(?<=[一二三四五六七八九十])"
        r"[一二三四五六七八九十]*余)起(?!草|诉|来|点|床|身)"
    ),
    # the run of characters before the bracket can never give one back (a bracket is no 汉字)
    r"[一-龥]{1,12}(?:〔|\[|【|\()\s*(?:19|20)\d{2}\s*(?:〕|\]|】|\))\s*(?:第\s*)?\d{1,4}\s*号": (
        r"[一-龥]{1,12}+(?:〔|\[|【|\()\s*(?:19|20)\d{2}\s*(?:〕|\]|】|\))\s*(?:第\s*)?\d{1,4}\s*号"
    ),
    r"(?:共|累计)?(?:接警|接报|受理|立案|立|破获|发生|查处)[^。,，;；\n]{0,12}?\d+(?:\.\d+)?万?起": (
        r"[共累接受立破发查](?:(?<=共)(?:接警|接报|受理|立案|立|破获|发生|查处)"
        r"|(?<=累)计(?:接警|接报|受理|立案|立|破获|发生|查处)|(?<=接)(?:警|报)|(?<=受)理|(?<=立)(?:案|)"
        r"|(?<=破)获|(?<=发)生|(?<=查)处)[^。,，;；\n]{0,12}?\d+(?:\.\d+)?万?起"
    ),
    r"上半年|下半年|[一二三四]季度|前三季度|本周|上周|本月|上月|(?<!\d)\d{1,2}月份|1[-—–~至]\d{1,2}月": (
        r"[上下一二三四前本\d](?:(?<=上)半年|(?<=下)半年|(?<=[一二三四])季度|(?<=前)三季度|(?<=本)周|(?<=上)周"
        r"|(?<=本)月|(?<=上)月|(?<!\d\d)(?<=\d)\d?月份|(?<=1)[-—–~至]\d{1,2}月)"
    ),
}


def _spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(pattern, text)]


def test_the_rewritten_patterns_are_the_ones_the_lexicons_use() -> None:
    for old, new in REWRITTEN.items():
        assert new in PATTERNS and old not in PATTERNS, old


def test_rewritten_patterns_match_what_the_old_ones_matched_on_the_real_corpora() -> None:
    from benchmarks.corpus import posts

    texts = []
    for path in sorted(Path(__file__).parent.glob("data/*_real/cases.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts += [fold(row["text"]), fold(row.get("title") or "")]
    texts += [fold(p["text"]) for p in posts(300, 7, 1000)]
    assert len(texts) > 3000
    for old, new in REWRITTEN.items():
        for text in texts:
            assert _spans(new, text) == _spans(old, text), (old, text[:20])


NUMERALS = list(
    "0123456789.一二两三四五六七八九十百千万几数多余个名人户位起草来上下半年季度前本周月份至-共累计接警报受理立案破获发生查处学生群众〔(【[〕)】]号第 —–~"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(NUMERALS), max_size=30))
def test_rewritten_patterns_match_what_the_old_ones_matched_on_any_text(text: str) -> None:
    for old, new in REWRITTEN.items():
        assert _spans(new, text) == _spans(old, text), old
