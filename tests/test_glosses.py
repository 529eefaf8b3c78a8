"""Reading aids (pinyin printed after characters by mirror pages): one shared reading, exact offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline, load_policy
from review_pipeline.text.glosses import without_glosses

GLOSSED = "進(jìn)入2015年,“一帶一路”戰(zhàn)略的宏偉藍(lán)圖愈加清晰。"


def test_glosses_are_read_away_and_offsets_map_back() -> None:
    plain = without_glosses(GLOSSED)
    assert plain is not None
    assert plain.text == "進入2015年,“一帶一路”戰略的宏偉藍圖愈加清晰。"
    start = plain.text.index("戰略")
    a, b = plain.span(start, start + 2)
    assert GLOSSED[a:b] == "戰(zhàn)略"  # the gloss inside the word stays inside its span


def test_text_without_readings_is_left_alone() -> None:
    assert without_glosses("请于3月1日前提交材料(附件一)。") is None  # no pinyin in the brackets
    assert without_glosses("产品(A)与产品(B)") is None  # a letter without a vowel is a label
    assert without_glosses("张三(zhāng)说", minimum=2) is None  # one is not enough when two are asked


@given(
    st.lists(
        st.tuples(st.sampled_from("戰略服務藍圖县长进胜"), st.sampled_from(["", "(zhàn)", "(wù)", "(jìn)", "(a)"])),
        min_size=1,
        max_size=30,
    )
)
def test_every_plain_character_maps_to_itself(parts: list[tuple[str, str]]) -> None:
    text = "".join(ch + gloss for ch, gloss in parts)
    plain = without_glosses(text)
    if plain is None:
        return
    assert len(plain.origin) == len(plain.text) + 1
    for i, ch in enumerate(plain.text):
        assert text[plain.origin[i]] == ch
    assert plain.origin == sorted(set(plain.origin))  # strictly increasing


def test_sensitive_reads_a_glossed_page_and_reports_the_original_span() -> None:
    verdict = Pipeline.from_policy(load_policy("default")).review(Document(text=GLOSSED))
    found = [f for f in verdict.findings if f.checker == "sensitive"]
    assert [(f.rule, GLOSSED[f.start : f.end]) for f in found] == [("sensitive/normative", "一帶一路”戰(zhàn)略")]


def test_attribution_reads_a_glossed_source_line_and_places_it_in_the_original() -> None:
    text = "來(lái)源(yuán):某(mǒu)某(mǒu)自(zì)媒(méi)體(tǐ)\n本(běn)市(shì)今(jīn)天(tiān)召(zhào)開(kāi)會(huì)議(yì)。"
    verdict = Pipeline.from_policy(load_policy("default")).review(Document(text=text, kind="repost"))
    found = {(f.rule, text[f.start : f.end]) for f in verdict.findings if f.checker == "attribution"}
    assert ("attribution/untraceable", "某(mǒu)某(mǒu)自(zì)媒(méi)體") in found


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="戰略服務县长(（)）zhànwùabcxyǖńA 。", max_size=40))
def test_the_bracket_prefilter_never_hides_a_gloss(text: str) -> None:
    """`without_glosses` looks for a bracket between a CJK character and a pinyin letter before it
    runs the expression: every text the expression finds a gloss in passes that check."""
    from review_pipeline.text.glosses import GLOSS, _may_hold_gloss

    if GLOSS.search(text):
        assert _may_hold_gloss(text)
