"""The sensitive-word checker: evasions, exact offsets, allow lists, variants, lint, cache."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline, load_policy
from review_pipeline.checkers import sensitive as sensitive_mod
from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.sensitive import (
    SensitiveChecker,
    SensitiveOptions,
    lint_lexicons,
    load_compiled,
)
from review_pipeline.checkers.sensitive import cache as sensitive_cache
from review_pipeline.lexicon import LexiconError
from review_pipeline.policy import PolicyError
from review_pipeline.text.normalize import collapse_runs, normalize
from tests.checker_support import module_checker

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_PIPELINE_CACHE", str(tmp_path_factory.getbasetemp() / "rp-cache"))


def write(folder: Path, name: str, body: str) -> str:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return str(path)


def checker(tmp_path: Path, deny: str, allow: str | None = None, **options: object) -> SensitiveChecker:
    lexicons = [write(tmp_path, "deny.txt", deny)]
    allows = [write(tmp_path, "allow.txt", allow)] if allow is not None else []
    opts = SensitiveOptions(lexicons=lexicons, allow=allows, disk_cache=False, **options)  # type: ignore[arg-type]
    return SensitiveChecker(opts)


def spans(c: SensitiveChecker, text: str) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.entry.term) for m in c.matcher.find(text)]


# --- normalisations, offsets into the original ------------------------------------------------


def test_width_case_traditional_noise_offsets(tmp_path: Path) -> None:
    c = checker(tmp_path, "赌球网站\nfuck\n")
    text = "本号声明：請勿訪問 賭·球　網\u200b站，ＦＵＣＫ！"
    found = spans(c, text)
    assert [text[s:e] for s, e, _ in found] == ["賭·球　網\u200b站", "ＦＵＣＫ"]
    assert [t for *_, t in found] == ["赌球网站", "fuck"]


def test_emoji_and_combining_marks_between_characters(tmp_path: Path) -> None:
    c = checker(tmp_path, "约炮\n")
    text = "周末约🔥炮吗，约\u0301炮"
    assert [text[s:e] for s, e, _ in spans(c, text)] == ["约🔥炮", "约\u0301炮"]


def test_cjk_characters_are_never_skipped(tmp_path: Path) -> None:
    c = checker(tmp_path, "中国\n")
    assert spans(c, "中间国") == []
    assert spans(c, "中，国") == [(0, 3, "中国")]


def test_gap_limit(tmp_path: Path) -> None:
    c = checker(tmp_path, "赌博\n", max_gap=2)
    assert spans(c, "赌..博") == [(0, 4, "赌博")]
    assert spans(c, "赌...博") == []
    assert spans(c, "赌\n\n\n\n\n博") == []


def test_latin_terms_match_whole_words_only(tmp_path: Path) -> None:
    c = checker(tmp_path, "sex\nA片\n")
    assert spans(c, "Essex county, sextant") == []
    assert [t for *_, t in spans(c, "看sex视频") ] == ["sex"]
    assert [t for *_, t in spans(c, "sex123 and S-E-X")] == ["sex", "sex"]
    assert [t for *_, t in spans(c, "下载a片")] == ["A片"]
    assert spans(c, "data片") == []


def test_overlaps_all_and_longest(tmp_path: Path) -> None:
    deny = "网络赌场\n赌场\n赌场老板\n"
    text = "这家网络赌场老板被抓"
    everything = spans(checker(tmp_path, deny), text)
    assert sorted(everything) == [(2, 6, "网络赌场"), (4, 6, "赌场"), (4, 8, "赌场老板")]
    longest = spans(checker(tmp_path, deny, overlaps="longest"), text)
    assert longest == [(2, 6, "网络赌场"), (4, 8, "赌场老板")]  # partial overlaps both stay


def test_allow_list_suppresses_hits_inside_allowed_phrases(tmp_path: Path) -> None:
    c = checker(tmp_path, "网络赌场\n", allow="捣毁网络赌场\n")
    assert spans(c, "警方捣毁网络赌场一个") == []
    assert spans(c, "警方捣毁，网络赌场一个") == []  # noise inside the allowed phrase too
    assert spans(c, "欢迎光临网络赌场") == [(4, 8, "网络赌场")]


def test_boundary_word_flag_uses_jieba(tmp_path: Path) -> None:
    c = checker(tmp_path, "毛片\tporn\t\t\tboundary=word\n")
    assert spans(c, "羊毛片材加工厂") == []
    assert [t for *_, t in spans(c, "在线看毛片")] == ["毛片"]


def test_variants_repeats_enclosed_pinyin(tmp_path: Path) -> None:
    c = checker(tmp_path, "赌博\n哈哈\n", fold_repeats=True)
    text = "赌赌赌博博，哈"
    assert [(text[s:e], t) for s, e, t in spans(c, text)] == [("赌赌赌博博", "赌博")]
    assert [t for *_, t in spans(c, "哈哈哈")] == ["哈哈"]
    c = checker(tmp_path, "k粉\n", enclosed=True)
    assert [(s, e) for s, e, _ in spans(c, "出售ⓚ粉")] == [(2, 4)]
    c = checker(tmp_path, "赌博\n", pinyin=True)
    text = "来玩 du bo 吧，DuBo，dubois"
    found = spans(c, text)
    assert [text[s:e] for s, e, _ in found] == ["du bo", "DuBo"]
    assert all(m.entry.via == "pinyin" for m in c.matcher.find(text))


# --- findings through the pipeline --------------------------------------------------------------


def test_findings_carry_rule_source_severity_and_suggestion(tmp_path: Path) -> None:
    deny = "真人荷官\tgambling\n傻逼\tprofanity\twarning\t不妥\n"
    c = checker(tmp_path, deny, severity={"gambling": "error"})
    doc = Document(title="真·人·荷·官", text="这种傻逼行为")
    found = sorted(c.check(doc, CheckContext(doc)), key=lambda f: f.field)
    title, text = sorted(found, key=lambda f: f.field != "title")
    assert (title.field, title.start, title.end, title.rule, title.severity) == ("title", 0, 7, "sensitive/gambling", "error")
    assert title.source is not None and "deny.txt:1" in title.source and "真人荷官" in title.source
    assert (text.rule, text.severity, text.suggestion, text.legal_basis) == ("sensitive/profanity", "warning", "改为「不妥」", "办法第十八条")


def test_default_policy_blocks_a_gambling_ad_with_exact_excerpt() -> None:
    verdict = Pipeline.from_policy("default").review(Document(text="【福利】真 人 荷 官在线发牌，注册送彩金！"))
    hits = [f for f in verdict.findings if f.checker == "sensitive"]
    assert verdict.decision == "block"
    assert [f.excerpt for f in hits] == ["真 人 荷 官", "注册送彩金"]


def test_default_lexicon_is_silent_on_regulation_and_examples(regulation_text: str) -> None:
    c = SensitiveChecker(SensitiveOptions.model_validate(load_policy("default").checkers["sensitive"]))
    texts = [regulation_text] + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*"))]
    for text in texts:
        doc = Document(text=text)
        assert list(c.check(doc, CheckContext(doc))) == []


# --- malformed lexicons --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("赌博\tgambling\tfatal\n", "severity"),
        ("赌博\tgambling\terror\t\tcolour=red\n", "unknown flag"),
        ("赌博\tgambling\terror\t\tboundary=sentence\n", "boundary"),
        ("赌博\tboundary=word\tgambling\n", "before flags"),
    ],
)
def test_malformed_entries_name_file_and_line(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(LexiconError) as info:
        checker(tmp_path, "# header\n" + body)
    assert "deny.txt:2: " in str(info.value) and message in str(info.value)


def test_malformed_lexicon_is_a_policy_error_naming_the_line(tmp_path: Path) -> None:
    write(tmp_path, "deny.txt", "ok\n坏\tx\tloud\n")
    policy = tmp_path / "p.yaml"
    policy.write_text("extends: default\ncheckers:\n  sensitive:\n    lexicons: [deny.txt]\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"deny\.txt:2: severity"):
        Pipeline.from_policy(load_policy(policy))


# --- lint ----------------------------------------------------------------------------------------


def test_lint_reports_duplicates_normalisation_unmatchable_shadowed(tmp_path: Path) -> None:
    deny = write(tmp_path, "deny.txt", "赌球网站\n赌球网站\n賭球網站\n、、\n网络赌场\n色情视频\n")
    allow = write(tmp_path, "allow.txt", "网络赌场\n捣毁网络赌场\n天气预报\n")
    issues = {(Path(i.file).name, i.line, i.level, i.message.split(":")[0].split(" (")[0]) for i in lint_lexicons([deny], [allow])}
    assert ("deny.txt", 2, "warning", "duplicate of deny.txt") in issues
    assert ("deny.txt", 3, "warning", "identical after normalisation to deny.txt") in issues
    assert ("deny.txt", 4, "error", "unmatchable") in issues
    assert ("deny.txt", 5, "error", "never reported") in issues
    assert ("allow.txt", 3, "warning", "allow phrase contains no deny entry") in issues
    assert not any(line == 6 for _, line, *_ in issues)


def test_lint_cli_exit_codes(tmp_path: Path) -> None:
    clean = subprocess.run(
        [sys.executable, "-m", "review_pipeline.cli", "lexicon", "lint", *map(str, sorted((ROOT / "lexicons/sensitive").glob("*.txt")))],
        capture_output=True, text=True, check=False,
    )
    assert (clean.returncode, clean.stdout) == (0, "")
    bad = write(tmp_path, "dup.txt", "赌博\n賭博\n")
    dirty = subprocess.run(
        [sys.executable, "-m", "review_pipeline.cli", "lexicon", "lint", bad], capture_output=True, text=True, check=False
    )
    assert dirty.returncode == 1 and "dup.txt:2: warning: identical after normalisation" in dirty.stdout
    broken = write(tmp_path, "broken.txt", "赌博\tx\tnope\n")
    failed = subprocess.run(
        [sys.executable, "-m", "review_pipeline.cli", "lexicon", "lint", broken], capture_output=True, text=True, check=False
    )
    assert failed.returncode == 2 and "broken.txt:1:" in failed.stderr


# --- cache ---------------------------------------------------------------------------------------


def test_compiled_lexicon_is_cached_in_process_and_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_PIPELINE_CACHE", str(tmp_path / "cache"))
    opts = SensitiveOptions(lexicons=[write(tmp_path, "deny.txt", "赌球网站\n约炮\n")])
    first = load_compiled(opts)
    assert load_compiled(opts) is first  # in process
    files = list((tmp_path / "cache" / "sensitive").glob("*.pkl"))
    assert len(files) == 1
    monkeypatch.setattr(sensitive_cache, "_compiled_cache", {})
    monkeypatch.setattr(sensitive_cache, "compile_lexicon", lambda *a, **k: pytest.fail("rebuilt despite cache"))
    from_disk = load_compiled(opts)
    assert from_disk is not first
    text = "赌-球网站，约炮"
    assert sensitive_mod.SensitiveMatcher(from_disk).find(text) == sensitive_mod.SensitiveMatcher(first).find(text)


def test_damaged_cache_file_is_rebuilt_and_changed_lexicon_gets_new_digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_PIPELINE_CACHE", str(tmp_path / "cache"))
    path = write(tmp_path, "deny.txt", "约炮\n")
    opts = SensitiveOptions(lexicons=[path])
    digest = sensitive_mod.lexicon_digest(opts)
    (tmp_path / "cache" / "sensitive").mkdir(parents=True)
    (tmp_path / "cache" / "sensitive" / f"{digest}.pkl").write_bytes(b"not a pickle")
    monkeypatch.setattr(sensitive_cache, "_compiled_cache", {})
    assert [m.entry.term for m in sensitive_mod.SensitiveMatcher(load_compiled(opts)).find("约炮")] == ["约炮"]
    write(tmp_path, "deny.txt", "约炮\n援交\n")
    assert sensitive_mod.lexicon_digest(opts) != digest


# --- property: every finding normalises to its entry ----------------------------------------------

_CJK = "赌博网站约炮中国人民政府"
_TRAD = {"赌": "賭", "网": "網", "国": "國", "约": "約", "站": "站"}
# Noise a reader does not see as a character between two others, or sees as one: invisible and
# format characters, separators, U+FFFF, lone surrogates, emoji ZWJ sequences, flags, skin tones,
# variation selectors and tag characters (each item is at most one grapheme cluster).
_NOISE = [" ", "，", "·", "\u200b", "🎲", "\u0301", "*", "\uffff", "\u2028", "\u2029", "\ufeff", "\u00ad",
          "\ud800", "\udfff", "👨\u200d👩\u200d👧\u200d👦", "🏳\ufe0f\u200d🌈", "🇨🇳", "👍🏽", "\ufe0f", "\U000e0041"]  # fmt: skip
_ODD_DIGITS = "١۳৭𝟗５"  # Arabic-Indic, Persian, Bengali, mathematical, full-width

term_strategy = st.one_of(
    st.text(alphabet=_CJK, min_size=2, max_size=4),
    st.text(alphabet="abcxyz", min_size=2, max_size=4),
)


@st.composite
def disguised(draw: st.DrawFn, term: str) -> str:
    out = []
    for i, ch in enumerate(term):
        ch = _TRAD.get(ch, ch) if draw(st.booleans()) else ch
        ch = chr(ord(ch) - 0x20 + 0xFF00) if ch.isascii() and draw(st.booleans()) else ch  # full width, upper
        out.append(ch)
        if i < len(term) - 1:
            out.append("".join(draw(st.lists(st.sampled_from(_NOISE), max_size=2))))
    return "".join(out)


@st.composite
def case(draw: st.DrawFn) -> tuple[list[str], str, list[str]]:
    terms = draw(st.lists(term_strategy, min_size=1, max_size=6, unique=True))
    planted = draw(st.lists(st.sampled_from(terms), max_size=4))
    pieces = []
    for term in planted:
        pieces.append(draw(st.text(alphabet=_CJK + "，。 1" + _ODD_DIGITS, max_size=6)))
        pieces.append(draw(disguised(term)))
    pieces.append(draw(st.text(alphabet=_CJK + "abc ，\uffff\ud800" + _ODD_DIGITS, max_size=6)))
    return terms, "".join(pieces), planted


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case())
def test_every_finding_normalises_to_its_entry(tmp_path: Path, data: tuple[list[str], str, list[str]]) -> None:
    terms, text, planted = data
    # repeated characters fold only in the default policy's reading (中中中 -> 中中): this invariant is
    # about width, case, script and noise, so the run-folding option is off here
    c = checker(tmp_path, "".join(t + "\n" for t in terms), max_gap=2, fold_repeats=False)
    found = c.matcher.find(text)
    for m in found:
        assert normalize(text[m.start : m.end]).text == m.entry.key
        assert text[m.start] not in _NOISE and text[m.end - 1] not in _NOISE
    found_terms = {m.entry.term for m in found}
    for term in planted:
        if not term.isascii():  # Latin terms may legitimately touch a neighbouring Latin letter
            assert term in found_terms


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case())
def test_collapsed_findings_normalise_to_their_entry(tmp_path: Path, data: tuple[list[str], str, list[str]]) -> None:
    terms, text, _ = data
    c = checker(tmp_path, "".join(t + "\n" for t in terms), fold_repeats=True, max_gap=2)
    for m in c.matcher.find(text):
        assert normalize(text[m.start : m.end], collapse_repeats=True).text == collapse_runs(m.entry.key)[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(case(), min_size=1, max_size=5), st.sampled_from([1, 8, 1 << 19]))
def test_find_many_equals_find_on_each_text(
    tmp_path: Path, cases: list[tuple[list[str], str, list[str]]], batch_chars: int
) -> None:
    terms = sorted({t for c, _, _ in cases for t in c})
    # texts that end and start with the same letter or character must stay apart in a batch
    texts = [text for _, text, _ in cases] + ["", "a", "abc", "赌", "赌博"]
    c = checker(tmp_path, "".join(t + "\n" for t in terms) + "赌赌\n", fold_repeats=True, max_gap=2)
    many = c.matcher.find_many(texts, batch_chars=batch_chars)
    assert [list(m) for m in many] == [list(c.matcher.find(t)) for t in texts]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(case(), min_size=1, max_size=4), st.booleans())
def test_the_key_filter_keeps_every_hit_of_the_whole_walk(
    tmp_path: Path, cases: list[tuple[list[str], str, list[str]]], collapse: bool
) -> None:
    """The automaton walks only the characters on runs of lexicon bigrams: short and long keys,
    one-character keys, repeats folded or not, texts joined with barriers, give the hits of a
    walk over every character."""
    terms = sorted({t for c, _, _ in cases for t in c})
    texts = [text for _, text, _ in cases]
    c = checker(tmp_path, "".join(t + "\n" for t in terms) + "赌\n", fold_repeats=collapse, max_gap=2)
    automaton = c.matcher.compiled.automaton
    joined = "\n".join(texts)
    barriers = np.array([i for i, ch in enumerate(joined) if ch == "\n"], dtype=np.int64)
    filtered = automaton.scan(joined, barriers)
    key_filter, automaton._filter = automaton._filter, None
    try:
        whole = automaton.scan(joined, barriers)
    finally:
        automaton._filter = key_filter
    assert filtered.k_end.tolist() == whole.k_end.tolist()
    assert filtered.payload.tolist() == whole.payload.tolist()


def test_the_key_filter_cuts_prose_no_key_can_touch(tmp_path: Path) -> None:
    c = checker(tmp_path, "网络赌博平台\n赌博\n")
    text = "人民政府依法打击网络赌博平台，保护人民群众财产安全。" * 3
    automaton = c.matcher.compiled.automaton
    assert automaton._filter is not None
    symbols = automaton._lut.take([ord(ch) for ch in text])
    walked = automaton._filter.positions(automaton._indexes(symbols[symbols != 0]))  # noise dropped, as scan does
    assert walked is not None and len(walked[0]) < len(text) / 2
    assert [(m.start, m.end) for m in c.matcher.find(text)][:2] == [(8, 14), (10, 12)]


def test_flags_do_not_change_the_entry_key(tmp_path: Path) -> None:
    c = checker(tmp_path, "博彩\tgambling\twarning\t\tboundary=word\tpinyin=no\n")
    (entry,) = c.matcher.compiled.entries
    assert (entry.term, entry.key, entry.boundary, entry.pinyin) == ("博彩", "博彩", "word", False)
    assert spans(c, "网络博彩平台") == [(2, 4, "博彩")]


def test_u_ffff_is_noise_not_a_separator(tmp_path: Path) -> None:
    """Issue 15.2: U+FFFF was the batch separator, so putting it inside a term hid the term."""
    c = checker(tmp_path, "赌博\n")
    assert spans(c, "赌 博") == [(0, 3, "赌博")]
    assert spans(c, "赌\uffff博") == [(0, 3, "赌博")]
    many = c.matcher.find_many(["赌\uffff博", "赌", "博", "\uffff赌博\uffff"])
    assert [[(m.start, m.end) for m in ms] for ms in many] == [[(0, 3)], [], [], [(1, 3)]]


@pytest.mark.parametrize(
    "noise",
    [
        "👨\u200d👩\u200d👧\u200d👦",  # family: 7 code points, one emoji
        "👩\u200d❤\ufe0f\u200d👨",  # couple with heart: 6 code points
        "🏳\ufe0f\u200d🌈",  # rainbow flag
        "🇨🇳",  # a flag: two regional indicators
        "👍🏽",  # skin tone modifier
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland: tag sequence
        "a\u0301\u0302\u0303"[1:],  # combining marks on the character before
    ],
)
def test_noise_is_counted_by_grapheme_cluster(tmp_path: Path, noise: str) -> None:
    """Issue 15.2: one visible emoji between two characters is one noise character, not five."""
    c = checker(tmp_path, "赌博\n", max_gap=1)
    text = f"来{noise}赌{noise}博"
    assert [text[s:e] for s, e, _ in spans(c, text)] == [f"赌{noise}博"]
    c0 = checker(tmp_path, "赌博\n", max_gap=0)
    visible = noise not in ("a\u0301\u0302\u0303"[1:],)
    assert bool(spans(c0, f"赌{noise}博")) is not visible  # with no gap allowed, a visible emoji separates


def test_many_visible_emoji_still_exceed_the_gap(tmp_path: Path) -> None:
    c = checker(tmp_path, "赌博\n", max_gap=2)
    assert spans(c, "赌🇨🇳🇺🇸博") == [(0, 6, "赌博")]
    assert spans(c, "赌🇨🇳🇺🇸🇫🇷博") == []
    assert spans(c, "赌👍🏽👍🏽👍🏽博") == []


def test_checker_batch_gives_the_findings_of_single_checks(tmp_path: Path) -> None:
    c = checker(tmp_path, "赌博\n网赌\n")
    docs = [
        Document(text="远离网赌，拒绝赌博。", title="赌博危害"),
        Document(text="今日无事。"),
        Document(text="赌", title="博"),
    ]
    contexts = [CheckContext(doc) for doc in docs]
    single = [list(c.check(doc, ctx)) for doc, ctx in zip(docs, contexts, strict=True)]
    assert c.check_many(docs, contexts) == single
    assert [(f.field, f.start, f.end) for f in single[0]] == [("title", 0, 2), ("text", 2, 4), ("text", 7, 9)]


@pytest.mark.parametrize("noise", ["……", "  ·  ", "\u200b\u200d", "👍🏽", "\ufe0f"])
def test_noise_only_entry_is_an_error_naming_file_and_line(tmp_path: Path, noise: str) -> None:
    """Issue 15.17: such a line used to be dropped silently at load (the list looked longer than it was)."""
    with pytest.raises(LexiconError, match=r"deny\.txt:2: unmatchable"):
        checker(tmp_path, f"赌博\n{noise}\tgambling\n")
    with pytest.raises(LexiconError, match=r"allow\.txt:1: unmatchable"):
        checker(tmp_path, "赌博\n", allow=f"{noise}\n")
    # lint still lists every such line instead of stopping at the first
    deny = write(tmp_path, "deny.txt", f"{noise}\n赌博\n{noise}\n")
    assert [(i.line, i.level) for i in lint_lexicons([deny])] == [(1, "error"), (3, "error")]


# --- evasions the default policy reads ------------------------------------------------------------

default_sensitive = module_checker("sensitive")


def _default_hits(c: SensitiveChecker, text: str) -> list[str]:
    doc = Document(text=text)
    return [text[f.start : f.end] for f in c.check(doc, CheckContext(doc)) if f.severity in ("warning", "error")]


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("同城约pao，加微信", "约pao"),
        ("yue炮群，私聊", "yue炮"),
        ("在家就能做的刷单jianzhi，日结", "刷单jianzhi"),
        ("shua单兼职，日结", "shua单兼职"),
        ("今晚yiyeqing，私聊", "yiyeqing"),
        ("同城约约炮炮", "约约炮炮"),
    ],
)
def test_default_policy_reads_half_pinyin_and_repeats(default_sensitive: SensitiveChecker, text: str, hit: str) -> None:
    assert hit in _default_hits(default_sensitive, text)


@pytest.mark.parametrize(
    "text",
    [
        "（通讯员 Lou Feng 摄）",
        "联系邮箱：yuanjiao@gxzf.gov.cn，联系人：袁娇",
        "英文版由 Ren Qi 翻译。",
    ],
)
def test_two_syllable_pinyin_names_are_not_terms(default_sensitive: SensitiveChecker, text: str) -> None:
    assert _default_hits(default_sensitive, text) == []
