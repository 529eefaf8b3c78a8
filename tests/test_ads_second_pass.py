"""Issue 16, second pass: the law's categories the ads checker gained, and the government usages
it learned to leave alone. Sentences written here pin behaviour only (real-text figures:
tests/test_ads_real.py)."""

from __future__ import annotations

import pytest

from review_pipeline.models import Document
from review_pipeline.pipeline import Pipeline
from tests.ads_support import ads_only_pipeline, rules


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return ads_only_pipeline()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # 广告法第二十四条: admission and job guarantees
        ("本期中考承诺班火热招生，承诺考上重点高中，名额有限。", "ads/exam_guarantee"),
        ("学厨师到我校，包教包会，毕业即就业，月薪过万。", "ads/exam_guarantee"),
        # 广告法第二十五条: loans approved and paid at once, credit checks waived
        ("急用钱？无需征信，秒批秒到账，当天放款，日息低至万分之二。", "ads/investment_promise"),
        # 广告法第二十六条: appreciation promised
        ("地铁口精装公寓，未来升值空间巨大，自住投资两相宜。", "ads/realestate_promise"),
        # 广告法第十七条: an ordinary food sold as treating disease
        ("这款压片糖果能净化血液、软化血管，中老年人常吃不用打胰岛素。", "ads/efficacy_claim"),
        # a price of money after 只要 (and not 只要 as a conjunction)
        ("家人们，今天直播间只要9.9元一斤，包邮到家！", "ads/price_promotion"),
    ],
)
def test_the_law_categories_added_in_issue_16_are_warnings(pipeline: Pipeline, text: str, rule: str) -> None:
    assert rule in rules(pipeline, text)


def test_praise_of_the_thing_on_sale_blocks(pipeline: Pipeline) -> None:
    # a strong absolute term with a product noun before it (本地特色的小吃，当地首推)
    found = rules(pipeline, "正宗本地特色的小吃，当地首推我家烤猪蹄。")
    assert {"ads/absolute_term", "ads/commercial_ad"} <= found


def test_a_private_course_with_a_phone_number_is_still_an_ad(pipeline: Pipeline) -> None:
    text = "暑期数学提高班火热招生，名师授课，报名电话：13900001111。"
    assert "ads/commercial_ad" in rules(pipeline, text)


def test_an_order_number_in_a_help_the_farmers_post_is_an_ad(pipeline: Pipeline) -> None:
    text = "我镇还有50万斤红薯滞销，请大家踊跃购买，如果您有购买需求，请致电13900001111。"
    assert "ads/call_to_buy" in rules(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        # a government hotline is no channel to buy
        "如有疑问，请拨打政务服务咨询热线12345。",
        "市红十字会开通了捐赠咨询热线，市民可以随时致电了解捐款事项。",
        # fees and tickets per person are prices of a public service, not promotions
        "中国旅游日当天，景区门票执行价格：半票30元/人，60周岁以上老人凭身份证免票。",
        # a market survey's price ranges
        "双眼皮手术价格通常在3000-20000元，面部轮廓手术从几万元到数十万元不等。",
        # 只要 as a conjunction, 低至 of the weather
        "只要你加入文明打卡挑战群，就有机会赢取奖励。",
        "受冷空气影响，明晨最低气温低至5℃，请注意保暖。",
        # a photo "taken" (拍下) is no order
        "瀑布云奇观被导游拍下发布在朋友圈，迅速引起转发。",
        # a counted ranking reports, it does not praise
        "该品牌已成为全球最有价值的5个品牌之一。",
        # the government's own consumption campaign
        "关注“市民卡”公众号，点击下方消费季板块，即可进入消费季平台领取补贴。",
        # a public body's training, class or counter with a phone number is a service, not a sale
        "区人社局开展免费职业技能培训，培训合格者可获得证书，报名咨询电话：0571-12345678。",
        "社区老年大学春季班开始招生，课程包括书法、太极拳，报名电话：0571-12345678。",
        "即日起，市民可到各营业厅办理业务，咨询热线96123，欢迎来电。",
    ],
)
def test_government_usages_stay_below_warning(pipeline: Pipeline, text: str) -> None:
    assert not rules(pipeline, text), text


def test_reading_aids_of_mirror_pages_do_not_hide_a_claim_and_offsets_stay_original(
    pipeline: Pipeline,
) -> None:
    text = "晉商貸15%高(gao)(gao)收(shou)益理(li)財(cai),只選大機構(gou)"
    findings = [
        f for f in pipeline.review(Document(text=text)).findings if f.rule == "ads/investment_promise"
    ]
    assert findings and findings[0].severity == "warning"
    assert text[findings[0].start : findings[0].end] == "高(gao)(gao)收(shou)益理(li)財"
    # brackets that are no reading aid stay: (含) is Chinese, (A) is upper case, (2) a number; the
    # checker reads glosses through the shared text/glosses.py (round 4: one definition for all)
    from review_pipeline.text.glosses import without_glosses

    assert without_glosses("6月24日(含)之前,第(2)项(A)类") is None
    plain = without_glosses("服務(wù)本溪")
    assert plain is not None and plain.text == "服務本溪" and plain.origin == [0, 1, 6, 7, 8]
