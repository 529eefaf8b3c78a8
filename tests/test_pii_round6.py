"""Issue 19, round 6: precision and leaks on unseen hosts (RUBRIC §13).

Each mechanism of the round has a test here, next to one showing that the private person beside
it is still found: the verbs of a commendation (授予, 获评) and the decision markers of a whole
post (决定表彰, 表彰大会), honour titles before a name (见义勇为先进个人), officers of a charity,
runs of staff closed by 等 and an office, a deputy's title after a name (anywhere in the post),
bylines closing a paragraph in brackets with 、, bulleted author
lines, layout credits, dashed photo credits, one-character given names names seldom use, a name
before a cue that does not start at a word boundary (空巢独居老人), another name of the same
person (又名), contractors (小工头), and an address that is the scene of an event (…号院内).
Sentences written for the test; the real-text figures are in test_pii_real.py.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_pipeline import Document
from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.pii import PiiChecker, PiiOptions


@pytest.fixture(scope="module")
def checker() -> PiiChecker:
    return PiiChecker(PiiOptions())


def found(checker: PiiChecker, text: str, entity: str = "PERSON") -> list[str]:
    doc = Document(text=text)
    return [text[f.start : f.end] for f in checker.check(doc, CheckContext(doc)) if f.rule == f"pii/{entity}"]


@pytest.mark.parametrize(
    "text",
    [
        # a government's decision confers a title on the people of its sentence
        "根据条例规定,县人民政府决定分别授予黄建平、覃丽娟同志;莫国华、韦小军同志“见义勇为先进群体”荣誉称号。",
        "据了解,蒙志强等3人获评“广西见义勇为英雄”荣誉称号,梁春林、卢家明群体获评“见义勇为先进群体”荣誉称号。",
        # a commendation meeting names its honoured people on purpose
        "县委政法委举行见义勇为表彰大会。会上,为陆志刚颁发“见义勇为先进个人”荣誉称号并发奖金5000元。",
        # an honour title right before the name
        "县委政法委负责人将荣誉证书送到村干部、见义勇为先进个人黄德才手上。",
        # a charity's officer speaking in role
        "市慈善总会副秘书长覃永康告诉记者,这对老夫妇只留下了一个化名。",
        # a run of grid workers closed by 等 and their office
        "春节前夕,社区网格员韦丽华、蒙晓燕、黄春梅等网格员带着慰问品走访空巢老人。",
        # a deputy's title after the name, the same name elsewhere in the post
        "志愿者将情况上报给社区莫婉清副书记。下午,莫婉清来到老人家中送去大米。",
        # bylines: a closing bracket of names joined by 、, credits
        "老兵们感受到了亲人般的温暖和关怀。( 黄晓明、韦春燕)",
        "2011年6月29日\n(荐稿:覃秋萍)",
        "四川新闻网讯(黄柳琼 文/图) 新春佳节来临之际,社区开展慰问活动。",
        "■ 贾秀东\n2020年,国际形势风云变幻。",
        "文字:陈泉霖 图片:杨韬 设计:丹丹",
        "救援人员在河面打捞漂浮物。---石兴旺-摄 据了解,水位已回落。",
        # a delegation led by an official
        "检查指导工作 张怀玺一行先后察看了堤防和安置点。",
        # one-character readings that are words, not names
        "据统计,全县受伤123人,车损856起。",
        "群众喜闻乐见的快板、赞句、游灯等节目轮番上演。",
        # a cue after a reading glued to the word before it
        "网格员走访了李若华等空巢独居老人的家中。",
    ],
)
def test_not_a_private_name(checker: PiiChecker, text: str) -> None:
    assert found(checker, text) == []


def test_a_story_of_one_rescuer_still_names_a_private_person(checker: PiiChecker) -> None:
    # 荣获 an award or a township's 申报: a good deed in a news story (RUBRIC §2), not a decision
    text = "日前,勇救落水母子的大学生韦明亮荣获见义勇为英雄荣誉称号,并获得奖金10万元。"
    assert found(checker, text) == ["韦明亮"]
    text = (
        "目前,就黄勇救人牺牲的行为,当地镇政府已申报见义勇为先进个人。黄勇的女儿黄周悦说,父亲永远是她的榜样。"
    )
    assert "黄周悦" in found(checker, text)


def test_villagers_of_a_rescue_the_decision_does_not_name(checker: PiiChecker) -> None:
    text = "当时客车被淹,瑶琳镇后浦村童鸿进等17名村民不顾个人安危,将被困乘客救出。"
    assert found(checker, text) == ["童鸿进"]


def test_the_private_persons_beside_officials_are_still_found(checker: PiiChecker) -> None:
    text = "彭山区南星社区张柳琼、易娟等网格员来到吴锦娣、李若华等空巢独居老人的家中进行慰问。"
    assert found(checker, text) == ["吴锦娣", "李若华"]


def test_another_name_of_the_same_person(checker: PiiChecker) -> None:
    text = "河北平山县男子王志伟(又名王爱平)反映,他建房时屡次被邻居阻拦。"
    assert found(checker, text) == ["王志伟", "王爱平"]


def test_a_contractor_in_wage_arrears(checker: PiiChecker) -> None:
    text = "故事中的小工头蒋道平,先前也是农民工,现在连老乡们的工钱都垫付不了了。"
    assert found(checker, text) == ["蒋道平"]


def test_a_private_letter_signed_by_the_family(checker: PiiChecker) -> None:
    text = "我们作为患者的家属,谨通过这封感谢信表达感激之情。\n患者马泳淑的子女\n赵盛兰、赵盛莉、赵盛元\n2011年6月29日"
    assert found(checker, text) == ["马泳淑", "赵盛兰", "赵盛莉", "赵盛元"]


def test_the_scene_of_an_event_is_no_home_address(checker: PiiChecker) -> None:
    text = "3月28日晚8时,网格员接到居民电话,在西矿街130号院内,一名老大娘独自坐在楼道里。"
    assert found(checker, text, "ADDRESS") == []
    text = "李大爷今年76岁,家住光华街3号院。多年前,李大爷因意外导致下肢残疾。"
    assert found(checker, text, "ADDRESS") == ["光华街3号院"]
    # no cue, a numbered courtyard alone: still a household
    text = "这户人家住在幸福路18号院,门口堆满了杂物。"
    assert found(checker, text, "ADDRESS") == ["幸福路18号院"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["授予", "追授", "获评", "被评为"]), st.sampled_from(["韦明亮", "黄德才", "覃丽娟"]))
def test_a_commendation_verb_in_another_sentence_leaves_the_name(
    checker: PiiChecker, verb: str, name: str
) -> None:
    # the verb must share the name's sentence: a decision elsewhere in the post says nothing of it
    text = f"县里{verb}三名民兵荣誉称号。村民{name}说,今年的收成不错。"
    assert found(checker, text) == [name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("在“封城”这件事情上,各地做法不一。", []),
        ("主播频繁“索赞”虽然有点让人反感,但也情有可原。", []),
        ("受台风“杜苏芮”影响,全市普降大雨。“杜苏芮”带来强降雨。", []),
        # a name quoted alone after a person's role or a naming word stays a name
        ("钱包主人“李锋”连声道谢。", ["李锋"]),
        ("其中,网友“李少贞”的一条留言引起关注。", ["李少贞"]),
    ],
)
def test_a_word_quoted_alone_is_a_term(checker: PiiChecker, text: str, expected: list[str]) -> None:
    assert found(checker, text) == expected


def test_an_estate_after_the_road_number_is_part_of_the_address(checker: PiiChecker) -> None:
    # one span from the street down to the flat: the estate's name between them is not left bare
    text = "来电人反映其家住江南区福建园街道白沙大道56号华润小区3栋2单元1202室,楼上漏水。"
    assert found(checker, text, "ADDRESS") == ["福建园街道白沙大道56号华润小区3栋2单元1202室"]
    # 号的村民: no estate begins with 的
    text = "居住于港北区贵城街道中山路三巷8号的村民反映,路灯不亮。"
    assert found(checker, text, "ADDRESS") == ["贵城街道中山路三巷8号"]


def test_a_name_alone_on_the_first_line_is_not_taken_for_a_byline(checker: PiiChecker) -> None:
    # a message board prints its writer's name above the letter: a private person (RUBRIC §11)
    text = "韦秀兰\n我家楼下的烧烤店每天营业到凌晨,油烟和噪音严重影响休息,请相关部门处理。"
    assert found(checker, text) == ["韦秀兰"]


def test_a_verb_run_into_the_surname_before_a_form_of_address_leaves_the_name(checker: PiiChecker) -> None:
    # 请戴 is a dictionary verb, not a noun: the name before 先生 still starts at 戴
    text = "主持人说:请戴志强先生上台领奖,感谢他多年来资助贫困学生。"
    assert "戴志强" in found(checker, text)
