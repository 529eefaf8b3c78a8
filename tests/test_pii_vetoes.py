"""Issue 19, round 2: what is NOT a private person's name on real news-like posts.

Each veto of the structural name finder (offices, villages, shops and products; quoted products
and campaigns; lists headed by places or products; lists of things; public figures; bylines and
credits; officials in role; document numbers; pages printed with pinyin glosses; traditional
script) has a test here, next to a test that the private person beside it is still found.
Sentences written for the test; the real-text figures are in test_pii_real.py and the count on
other families' posts in benchmarks/pii_probe.py.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_pipeline import Document
from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.pii import PiiChecker, PiiOptions
from review_pipeline.text.fold import fold


@pytest.fixture(scope="module")
def checker() -> PiiChecker:
    return PiiChecker(PiiOptions())


def names(checker: PiiChecker, text: str) -> list[str]:
    doc = Document(text=text)
    ctx = CheckContext(doc)
    return [text[f.start : f.end] for f in checker.check(doc, ctx) if f.rule == "pii/PERSON"]


@pytest.mark.parametrize(
    "text",
    [
        # an office, a shop, a village by its last character
        "会议要求发改委、财政局、卫计局、公安分局按职责分工抓好落实。",
        "湘阴安荟堂食品商行涉嫌发布虚假广告，执法人员依法立案调查。",
        "走向小康，过去的赵家洼已经整村搬迁，村民住进了新房。",
        # an enumeration headed by places or products
        "受灾的乡镇包括茅坪、两河口、九畹溪、郭家坝等，涉及29个村。",
        "涉案产品包括：康倍腰椎挺、颈椎贴等六种。",
        # quoted products, brands and campaigns
        "当事人在经营场所发布“法植草防脱育发洗发水”广告，宣称三天生发。",
        "自己经营的“叶芭”牌农药，宣称无毒无害。",
        "全县采取“云招商”“以商招商”等方式推进项目落地。",
        # a list of things around a surname-initial word
        "应急、公安、卫健、生态环境等部门联合开展检查。",
        "该产品宣称有平肝润肺、去寒、养颜等功效。",
        # a document number's issuing office
        "根据梁政发【2023】12号文件精神，现将有关事项通知如下。",
        # a news site's dateline
        "金黔在线讯 4月3日，记者从县应急局获悉，全县汛情平稳。",
    ],
)
def test_places_offices_and_products_are_no_names(checker: PiiChecker, text: str) -> None:
    assert names(checker, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # public figures (lexicons/pii/public_figures.txt)
        "横幅上写着雷军、马云、马化腾、任正非的名字，冒用名人推销理财课程。",
        "评论：黑中国的蓬佩奥，只会给自己招来更多的批评。",
        # bylines and credits
        "一审：杜典锋 二审：段冕 三审：徐正",
        "责编：余红霞",
        "记者张太凌 王贵彬 实习生周远",
        "群众在纪念碑前献花，寄托哀思。伍排勇 摄",
        "河南原阳 张国选口述 李伟忠整理",
        "病例流行特征分析 王霄晔1, 任婧寰1, 王哲1, 翁熹君2, 王锐1",
        # officials in role
        "县领导何晓建、孙永全、陈剑杰出席会议。",
        "县委常委李春旺、王炜参加调研。",
        "会议听取了汇报。荆德成、高勇泽、龚建民出席会议。",
        "邻近的苍县统计局彭军介绍了有关情况。",
        "达到火场附近，郭同海支队长立即组织力量扑救。",
    ],
)
def test_public_figures_bylines_and_officials_are_not_private(checker: PiiChecker, text: str) -> None:
    assert names(checker, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name quoted alone after a cue is still a name
        ("他委托朋友发微博，请钱包主人“李锋”来认领，钱包里有身份证。", ["李锋"]),
        # a private person beside an office
        ("失主分别为高继继、周春生，民警将钱包交还。", ["高继继", "周春生"]),
        # a donor list after an institution stays a list of private persons
        ("爱心款：四川传媒学院霍战朝100元、仪陇舒艳君200元。", ["霍战朝", "舒艳君"]),
        # an amount range is no name (1.5元至5元), the donor is
        ("每根1.5元至5元不等。爱心榜：霍战朝100元、舒艳君200元。", ["霍战朝", "舒艳君"]),
    ],
)
def test_private_persons_next_to_vetoes_stay(checker: PiiChecker, text: str, expected: list[str]) -> None:
    assert names(checker, text) == expected


def test_pinyin_glosses_are_read_through(checker: PiiChecker) -> None:
    """A page with ruby glosses: the cut-up words are no names, a name a gloss splits is one
    span (gloss included), and an official's title broken by a gloss still makes him one."""
    text = (
        "县长(zhǎng)齐永军,副县长(zhǎng)朱洪瑞出席。现(xiàn)代(dài)化(huà)建设。"
        "此次损失最大的郭进(jìn)胜获补助6400元。"
    )
    assert names(checker, text) == ["郭进(jìn)胜"]


def test_traditional_script_behaves_like_simplified(checker: PiiChecker) -> None:
    simplified = "受灾的乡镇包括茅坪、梅家河等。失主分别为高继继、周春生，县委常委李春旺、王炜出席。"
    traditional = "受災的鄉鎮包括茅坪、梅家河等。失主分別為高繼繼、周春生，縣委常委李春旺、王煒出席。"
    assert fold(traditional) == fold(simplified)
    assert [fold(n) for n in names(checker, traditional)] == names(checker, simplified) == ["高继继", "周春生"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["局", "委", "办", "堂", "店", "馆", "洼", "坪", "坝", "寨", "站", "厂"]))
def test_an_unvouched_word_ending_in_an_office_or_place_character_is_no_name(checker: PiiChecker, last: str) -> None:
    """Invariant: after bare punctuation, a surname + a character + an office or place character
    (as data in name_not_last.txt) is never a private person's name."""
    assert names(checker, f"会议通知，赵新{last}、钱塘{last}两地参加。") == []
