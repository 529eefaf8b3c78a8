"""Gambling-platform compounds (sensitive/gambling_platform): betting brands found by how they are
written (brand + product word + access word), not by a list of brands."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline, load_policy
from review_pipeline.checkers.sensitive.platforms import PlatformCompounds
from review_pipeline.policy import builtin_dir

WORDS = str(builtin_dir("lexicons") / "sensitive" / "platform_words.tsv")


@pytest.fixture(scope="module")
def compounds() -> PlatformCompounds:
    return PlatformCompounds.from_files([WORDS])


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_policy(load_policy("default"))


def platform_hits(pipeline: Pipeline, text: str) -> list[str]:
    verdict = pipeline.review(Document(text=text))
    return [text[f.start : f.end] for f in verdict.findings if f.rule == "sensitive/gambling_platform"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a brand no list holds, with a casino word, with two access words, with kind + official site
        ("达到服役年龄的男性公民pg电子app,应当按照兵役机关的通知进行兵役登记。", ["pg电子app"]),
        ("本站推荐AG真人，注册即可体验。", ["AG真人"]),
        ("XYZBETapp官网最新消息：本市举办全民健身运动会。", ["XYZBETapp官网"]),
        ("公共管理学院副教授、北京某某AG娱乐平台招商官方网站研究员。", ["AG娱乐平台招商官方网站"]),
        ("球盟会官网入口希望以上信息能帮助你了解赛事。", ["球盟会官网入口"]),
        # two weak compounds, one named by a Latin brand, around a copied headline
        ("PG电子 乒协公布最严教练组考核办法 完美电竞平台", ["PG电子", "完美电竞平台"]),
    ],
)
def test_hijack_compounds_are_reported(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert platform_hits(pipeline, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "宜良县教育体育局关于2023年度体育彩票公益金筹集使用情况的公告，详见中国体育彩票官网。",
        "旅客可下载铁路12306app购票，或登录12306官网查询余票。",
        "比赛将由央视体育客户端直播，腾讯体育app和咪咕体育app同步转播。",
        "区里建成智慧体育平台，投资招商平台同步上线。",
        "采购LED电子显示屏一批，用于AI体育课教学。",
        "2021年泉州市全民健身运动会电子竞技大赛由市体育局主办。",
        "公安机关打掉“乐鱼体育官网”等网络赌博平台，抓获犯罪嫌疑人15名。",  # police naming the site
        "请扫码下载app注册登录后办理。",
    ],
)
def test_government_and_news_wording_is_not_a_compound(pipeline: Pipeline, text: str) -> None:
    assert platform_hits(pipeline, text) == []


def test_a_listed_brand_is_reported_once(pipeline: Pipeline) -> None:
    verdict = pipeline.review(Document(text="开云体育官网入口"))
    gambling = [f for f in verdict.findings if f.category == "gambling"]
    assert gambling and all(f.rule == "sensitive/gambling" for f in gambling)


def test_traditional_characters_and_full_width_letters_fold(compounds: PlatformCompounds) -> None:
    from review_pipeline.text.fold import fold

    found = compounds.find(fold("ＡＧ真人娛樂平臺官方網站"))
    assert [c.text for c in found] == ["ag真人娱乐平台官方网站"] and found[0].strong


def test_an_empty_table_finds_nothing() -> None:
    assert not PlatformCompounds([])
    assert PlatformCompounds([]).find("pg电子app官网入口") == []


def test_unknown_role_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown role"):
        PlatformCompounds([("官网", "website")])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="体育娱乐电子真人官网入口平台app下载注册pgag365的了是，。 \n", max_size=60))
def test_compounds_lie_inside_the_text_and_are_strong_or_paired(compounds: PlatformCompounds, text: str) -> None:
    found = compounds.find(text)
    for c in found:
        assert 0 <= c.start < c.end <= len(text) and text[c.start : c.end] == c.text
    weak = [c for c in found if not c.strong]
    assert not weak or (len({c.text for c in weak}) >= 2 and any(c.latin for c in weak) and any(c.words >= 2 for c in weak))
