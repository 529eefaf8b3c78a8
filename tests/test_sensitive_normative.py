"""规范表述 (Xinhua's list of forbidden and cautioned words), enforcement affixes and quoted citations
in the sensitive checker, with the default policy's word lists and short sentences written here."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline, load_policy
from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.sensitive import (
    SensitiveChecker,
    SensitiveOptions,
    read_affixes,
    read_deny,
)
from review_pipeline.lexicon import LexiconError

ROOT = Path(__file__).resolve().parents[1]
LEXICONS = ROOT / "lexicons" / "sensitive"
LAW = ("gambling", "fraud", "drugs", "pornography", "weapons")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_PIPELINE_CACHE", str(tmp_path_factory.getbasetemp() / "rp-cache"))


@pytest.fixture(scope="module")
def default_checker() -> SensitiveChecker:
    return SensitiveChecker(SensitiveOptions.model_validate(load_policy("default").checkers["sensitive"]))


def found(c: SensitiveChecker, text: str) -> list[tuple[str, str, str, str | None]]:
    doc = Document(text=text)
    return [(text[f.start : f.end], f.rule, f.severity, f.suggestion) for f in c.check(doc, CheckContext(doc))]


# --- 规范表述 -------------------------------------------------------------------------------------


def test_every_normative_entry_is_a_warning_with_a_replacement() -> None:
    entries = read_deny(LEXICONS / "normative.txt")
    assert len(entries) >= 80
    for e in entries:
        assert (e.category, e.severity) == ("normative", "warning"), e.term
        assert e.replacement and e.replacement != e.term, e.term
        assert not e.pinyin, e.term  # a pinyin spelling is not a non-normative form


@pytest.mark.parametrize(
    ("text", "excerpt", "replacement"),
    [
        ("邓春山回村当村长，一分钱工资都不要。", "村长", "村委会主任"),
        ("天生好舞的維族同胞只要音樂一起就翩翩起舞。", "維族", "维吾尔族"),
        ("蔡英文總統今日上午出席頒獎典禮。", "蔡英文總統", "台湾地区领导人蔡英文"),
        ("记者从台湾“总统府”获悉。", "台湾“总统府", "台湾地区领导人办公场所"),
        ("北韓今天下午向東海發射2枚短程彈道飛彈。", "北韓", "朝鲜"),
        ("这是推动“一带一路”战略的重要举措。", "一带一路”战略", "“一带一路”倡议"),
        ("他是一名残废人，生活困难。", "残废人", "残疾人"),
    ],
)
def test_non_normative_forms_are_warned_with_the_normative_form(
    default_checker: SensitiveChecker, text: str, excerpt: str, replacement: str
) -> None:
    hits = found(default_checker, text)
    assert (excerpt, "sensitive/normative", "warning", f"宜改为「{replacement}」") in hits


@pytest.mark.parametrize(
    "text",
    [
        "砂金村长期贫穷，村委会主任带头修路。",  # 村长 only across a word boundary
        "大学生村官扎根基层三年。",  # the list allows 大学生村官
        "延边朝鲜族自治州举办民俗活动。",  # 朝鲜族 holds 鲜族
        "省人大常委会副主任出席会议。",  # 人大常委会 holds 人大常委
        "2024年台湾地区领导人和民意代表选举1月13日举行。",
        "随着“一带一路”倡议的提出，中国企业走出去。",
        "这是两岸暨香港的民间团体联合举办的活动。",
        "平台语音客服全天在线。",  # 台语 only as a word
    ],
)
def test_normative_forms_and_look_alikes_are_silent(default_checker: SensitiveChecker, text: str) -> None:
    assert found(default_checker, text) == []


def test_normative_rule_is_declared_with_its_legal_basis() -> None:
    rule = {r.rule: r for r in SensitiveChecker.RULES}["sensitive/normative"]
    assert rule.severity == "warning"
    assert rule.legal_basis and "第十八条" in rule.legal_basis
    assert rule.suggestion == "宜改为「{replacement}」"


def test_law_category_replacement_still_reads_gai_wei(tmp_path: Path) -> None:
    deny = tmp_path / "deny.txt"
    deny.write_text("傻逼\tprofanity\twarning\t不妥\n", encoding="utf-8")
    c = SensitiveChecker(SensitiveOptions(lexicons=[str(deny)], disk_cache=False))
    assert found(c, "这种傻逼行为") == [("傻逼", "sensitive/profanity", "warning", "改为「不妥」")]


def test_default_pipeline_warns_but_does_not_block_a_non_normative_form() -> None:
    verdict = Pipeline.from_policy("default").review(Document(text="记者从市人大副主任处获悉，会议将于下周召开。"))
    hits = [f for f in verdict.findings if f.checker == "sensitive"]
    assert [(f.excerpt, f.rule, f.severity) for f in hits] == [("市人大副主任", "sensitive/normative", "warning")]


# --- enforcement affixes and quoted citations ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "警方发布新型网络诈骗预警：网络刷单兼职诈骗警情有所上升。",
        "全市开展打击网赌平台专项行动。",
        "民警提醒：网赌平台都是骗局，切勿下载。",
        "以“保本高收益”“稳赚不赔”等为幌子的投资都是诈骗。",
        "近日有人在车窗上塞“真人荷官”小卡片，民警提醒市民切勿扫码。",
    ],
)
def test_enforcement_speech_naming_the_offer_is_silent(default_checker: SensitiveChecker, text: str) -> None:
    assert found(default_checker, text) == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("正规平台，诚邀刷单，按条结算，轻松上手", "fraud"),
        ("去澳门赌场太麻烦，网上开户就能玩！", "gambling"),
        ("本娱乐城真人百家乐，注册送体验金", "gambling"),
        ("大量出售冰毒，货到付款", "drugs"),
        ("中文字幕一级片_高清无码_在线观看", "pornography"),
    ],
)
def test_solicitations_are_reported(default_checker: SensitiveChecker, text: str, category: str) -> None:
    assert any(rule == f"sensitive/{category}" for _, rule, _, _ in found(default_checker, text))


@pytest.mark.parametrize(
    "text",
    [
        "12月4日，铁西区某女子参与短视频点赞刷单兼职，被骗22万元。",
        "本月接报诈骗类警情环比下降8.2%，主要手段：商品交易、兼职刷单等。",
        "诈骗分子通过朋友圈、短视频平台发布兼职刷单广告，诱导受害人下载APP。",
        "经查，当事人在宣传彩页中使用“稳赚不赔、保本高收益”等宣传用语，市场监管局依法作出行政处罚。",
    ],
)
def test_a_report_of_the_crime_naming_the_offer_is_silent(default_checker: SensitiveChecker, text: str) -> None:
    # narration: a sentence only a report of the crime writes (被骗, 警情, 诈骗分子, 行政处罚)
    assert [h for h in found(default_checker, text) if h[1] != "sensitive/normative"] == []


@pytest.mark.parametrize(
    "text",
    [
        "正规平台不是诈骗，诚邀刷单兼职，日结无套路！",
        "温馨提醒：刷单兼职名额有限，日赚千元，速加微信。",
    ],
)
def test_a_solicitation_that_denies_being_a_scam_is_still_reported(default_checker: SensitiveChecker, text: str) -> None:
    # spam says 不是诈骗, 无套路, 温馨提醒: those words are no narration cues
    assert any(h[1] == "sensitive/fraud" for h in found(default_checker, text))


def test_a_quoted_offer_in_a_sentence_without_warning_cue_is_still_reported(default_checker: SensitiveChecker) -> None:
    # quotation marks alone do not make a citation: spam quotes its own slogans too
    assert found(default_checker, "“真人荷官”在线发牌，欢迎体验")[0][1] == "sensitive/gambling"


def test_a_quoted_non_normative_form_is_still_warned(default_checker: SensitiveChecker) -> None:
    hits = found(default_checker, "警方提醒：所谓“村长”其实是村委会主任。")
    assert [h[1] for h in hits] == ["sensitive/normative"]


def test_affix_file_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "affixes.tsv"
    path.write_text("# 词缀\n打击\tbefore\n诈骗\tbehind\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"affixes\.tsv.*3"):
        read_affixes(path)


def test_affix_categories_limit_where_an_affix_applies(tmp_path: Path) -> None:
    deny = tmp_path / "deny.txt"
    deny.write_text("网赌平台\tgambling\n村长\tnormative\twarning\t村委会主任\n", encoding="utf-8")
    affixes = tmp_path / "affixes.tsv"
    affixes.write_text("打击\tbefore\tgambling\n", encoding="utf-8")
    c = SensitiveChecker(SensitiveOptions(lexicons=[str(deny)], allow_affixes=[str(affixes)], disk_cache=False))
    assert found(c, "打击网赌平台") == []
    assert [h[0] for h in found(c, "打击村长")] == ["村长"]


def test_changing_the_affix_file_changes_the_compiled_lexicon(tmp_path: Path) -> None:
    from review_pipeline.checkers.sensitive import lexicon_digest

    deny = tmp_path / "deny.txt"
    deny.write_text("网赌平台\n", encoding="utf-8")
    affixes = tmp_path / "affixes.tsv"
    affixes.write_text("打击\tbefore\n", encoding="utf-8")
    options = SensitiveOptions(lexicons=[str(deny)], allow_affixes=[str(affixes)], disk_cache=False)
    before = lexicon_digest(options)
    affixes.write_text("打击\tbefore\n取缔\tbefore\n", encoding="utf-8")
    assert lexicon_digest(options) != before


_LAW_TERMS = sorted((e.term, e.category) for name in LAW for e in read_deny(LEXICONS / f"{name}.txt"))
_AFFIXES = read_affixes(LEXICONS / "allow_affixes.tsv")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(_LAW_TERMS), st.sampled_from(_AFFIXES), st.sampled_from(["", "，", "“", " "]))
def test_any_law_term_written_with_an_enforcement_affix_is_silent(
    default_checker: SensitiveChecker, entry: tuple[str, str], affix: object, noise: str
) -> None:
    term, category = entry
    a = affix  # an Affix; hypothesis draws it from the default file
    assume(a.categories is None or category in a.categories)  # type: ignore[attr-defined]  # an affix covers its own categories only
    text = f"{a.text}{noise}{term}" if a.side == "before" else f"{term}{noise}{a.text}"  # type: ignore[attr-defined]
    hits = [h for h in found(default_checker, text) if h[1] != "sensitive/normative"]
    # a hit may remain only where the term holds a longer solicitation the affix does not wrap
    assert all(h[0] != term for h in hits), (text, hits)
