"""Evasion forms and government-voice cues of the sensitive checker, with the default policy's word
lists and short sentences written here: letters of other scripts that imitate Latin ones (αv, а片),
the enforcement and 禁毒/扫黄 vocabulary a solicitation never uses, quoted ads read with the sentence
they sit in, the weapons category and the Xinhua list's 不文明用语."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_pipeline import Document, load_policy
from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.sensitive import SensitiveChecker, SensitiveOptions, read_deny
from review_pipeline.checkers.sensitive.entries import read_lookalikes
from review_pipeline.lexicon import LexiconError

ROOT = Path(__file__).resolve().parents[1]
LEXICONS = ROOT / "lexicons" / "sensitive"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_PIPELINE_CACHE", str(tmp_path_factory.getbasetemp() / "rp-cache"))


@pytest.fixture(scope="module")
def checker() -> SensitiveChecker:
    return SensitiveChecker(SensitiveOptions.model_validate(load_policy("default").checkers["sensitive"]))


def found(c: SensitiveChecker, text: str) -> list[tuple[str, str, str]]:
    doc = Document(text=text)
    return [(text[f.start : f.end], f.rule, f.severity) for f in c.check(doc, CheckContext(doc))]


# --- letters that imitate Latin ones (UTS #39 confusables) ---------------------------------------


def test_greek_and_cyrillic_lookalikes_are_read_as_latin_letters(checker: SensitiveChecker) -> None:
    assert found(checker, "最新亚洲αv在线") == [("亚洲αv", "sensitive/pornography", "error")]
    assert found(checker, "日韩а片免费看") == [("а片", "sensitive/pornography", "error")]  # Cyrillic а
    assert found(checker, "亚洲ΑV") == [("亚洲ΑV", "sensitive/pornography", "error")]  # Greek capital alpha


def test_greek_letters_in_science_stay_quiet(checker: SensitiveChecker) -> None:
    assert found(checker, "该实验测得α粒子和β射线的强度,γ值为0.8。") == []


def test_lookalikes_can_be_turned_off() -> None:
    options = SensitiveOptions.model_validate({**load_policy("default").checkers["sensitive"], "lookalikes": []})
    assert found(SensitiveChecker(options), "最新亚洲αv在线") == []


def test_a_lookalike_table_line_must_map_one_character_to_one_latin_letter(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("α\tab\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.tsv:1"):
        read_lookalikes(bad)
    bad.write_text("a\ta\n", encoding="utf-8")
    with pytest.raises(LexiconError):
        read_lookalikes(bad)


_TABLE = read_lookalikes(LEXICONS / "lookalikes.tsv")
_BY_LETTER: dict[str, list[str]] = {}
for _cp, _letter in _TABLE.items():
    _BY_LETTER.setdefault(_letter, []).append(chr(_cp))
_LATIN_TERMS = sorted(
    e.term for name in ("pornography", "profanity") for e in read_deny(LEXICONS / f"{name}.txt")
    if any(ch.lower() in _BY_LETTER for ch in e.term)
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(_LATIN_TERMS), st.data())
def test_a_term_with_its_latin_letters_swapped_for_lookalikes_is_still_found(
    checker: SensitiveChecker, term: str, data: st.DataObject
) -> None:
    # every Latin letter that has a lookalike is swapped for one of them: same length, same offsets
    swapped = "".join(
        data.draw(st.sampled_from(_BY_LETTER[ch.lower()])) if ch.lower() in _BY_LETTER else ch for ch in term
    )
    text = f"今天看到{swapped}。"
    hits = found(checker, text)
    assert (swapped, text.index(swapped)) in {(h[0], text.index(h[0])) for h in hits} or any(
        swapped in h[0] or h[0] in swapped for h in hits
    ), (text, hits)


# --- government voice: enforcement, 禁毒 and 扫黄 words, quoted ads -------------------------------


def test_drug_awareness_naming_a_vape_in_quotes_is_quiet(checker: SensitiveChecker) -> None:
    # 毒品 is a word a seller never uses for his goods: a sentence with it names the drug to warn
    assert found(checker, "“上头电子烟”也是一种新型毒品,吸食后会头晕呕吐。") == []
    assert found(checker, "上头电子烟现货,全国包邮,加微信。") == [("上头电子烟", "sensitive/drugs", "warning")]


def test_a_quoted_ad_is_read_with_the_sentence_it_sits_in(checker: SensitiveChecker) -> None:
    # the sentence splitter cuts the quotation at ?!; the words after it say it is an ad quoted to warn
    assert found(checker, "“急用钱?秒下款!无抵押!”这样的广告语,往往是贷款诈骗的开始。") == []
    assert [h[0] for h in found(checker, "急用钱?秒下款!无抵押!")] == ["秒下款"]


def test_loan_offers_to_blacklisted_borrowers(checker: SensitiveChecker) -> None:
    hits = found(checker, "各种小额贷款,黑户也可以,当天到账")
    assert ("贷款,黑户也可以", "sensitive/fraud", "error") in hits
    assert found(checker, "无户口的“黑户”也可以落户了,派出所开通绿色通道。") == []


def test_sex_service_price_terms(checker: SensitiveChecker) -> None:
    assert ("上床费", "sensitive/pornography", "error") in found(checker, "快餐200,100元上床费,包你满意")
    assert found(checker, "民警查获的价目表上写有出台费等项目,涉嫌卖淫嫖娼。") == []  # narration


# --- weapons ------------------------------------------------------------------------------------


def test_gun_sale_offers_are_weapons_errors(checker: SensitiveChecker) -> None:
    assert ("出售仿真枪", "sensitive/weapons", "error") in found(checker, "出售仿真枪,货到付款")
    assert found(checker, "气狗现货,配件齐全") == [("气狗现货", "sensitive/weapons", "error")]


def test_gun_case_reports_are_quiet(checker: SensitiveChecker) -> None:
    assert found(checker, "民警查明,犯罪嫌疑人在网上出售仿真枪,已被刑事拘留。") == []
    assert found(checker, "严厉打击出售仿真枪等违法犯罪行为。") == []
    assert found(checker, "某公司批发汽车消音器,价格优惠。") == []  # a car part, not a gun silencer


# --- the Xinhua list: 巨星/男神/呆子 and the 不文明用语 --------------------------------------------


def test_listed_titles_for_entertainers(checker: SensitiveChecker) -> None:
    assert found(checker, "国际巨星成龙出席活动") == [("巨星", "sensitive/normative", "warning")]
    assert found(checker, "天文学家观测到一颗红巨星。") == []
    assert found(checker, "他是个书呆子,整天泡在图书馆。") == []


def test_uncivil_words_in_own_voice_and_as_a_mention(checker: SensitiveChecker) -> None:
    assert found(checker, "真是闲的蛋疼!") == [("蛋疼", "sensitive/profanity", "warning")]
    assert found(checker, "还真TMD讽刺啊。") == [("TMD", "sensitive/profanity", "warning")]
    assert found(checker, "官方微博发布“绿茶婊”一词,引发争议。") == []  # the word is discussed, not used
    assert found(checker, "atmdx是一个型号") == []  # Latin terms never match inside a longer word


def test_apec_summit_glossed_with_its_acronym(checker: SensitiveChecker) -> None:
    hits = found(checker, "出席庆州亚太经合组织（APEC）峰会")
    assert ("亚太经合组织（APEC）峰会", "sensitive/normative", "warning") in hits


# --- homophones (谐音), an option the default policy leaves off -----------------------------------


@pytest.fixture(scope="module")
def homophone_checker() -> SensitiveChecker:
    section = {**load_policy("default").checkers["sensitive"], "homophones": ["gambling", "fraud", "weapons"]}
    return SensitiveChecker(SensitiveOptions.model_validate(section))


def test_one_homophone_in_a_long_term_is_found_and_named(homophone_checker: SensitiveChecker) -> None:
    doc = Document(text="真人禾官在线发牌,注册送菜金")
    hits = list(homophone_checker.check(doc, CheckContext(doc)))
    assert [(doc.text[f.start : f.end], f.rule) for f in hits] == [
        ("真人禾官", "sensitive/gambling"),
        ("注册送菜金", "sensitive/gambling"),
    ]
    assert "「真人荷官」（谐音写法）" in hits[0].message
    assert "(谐音)" in (hits[0].source or "")


def test_homophones_spare_short_terms_and_other_categories(homophone_checker: SensitiveChecker) -> None:
    assert found(homophone_checker, "把桌角修成圆角") == []  # 援交 has two characters: never spelled by sound
    assert found(homophone_checker, "买了个表送给父亲") == []  # profanity is not in the option's categories
    assert found(homophone_checker, "网路赌场") == []  # 络 and 路 are not read alike


def test_the_default_policy_reads_no_homophones(checker: SensitiveChecker) -> None:
    assert found(checker, "真人禾官在线发牌") == []
