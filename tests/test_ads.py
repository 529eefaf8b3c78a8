"""The ads checker: real ads are caught, government usages are not, offsets are exact."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.evalkit import load_jsonl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.ads import AdsChecker, AdsOptions
from review_pipeline.models import Document
from review_pipeline.pipeline import Pipeline, build_checker
from review_pipeline.policy import PolicyError, load_policy

EVAL = Path(__file__).parent / "data" / "ads_eval.jsonl"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    policy = load_policy("default")
    return Pipeline(policy, [build_checker(policy, "ads", policy.checkers["ads"])])


def rules(pipeline: Pipeline, text: str, **fields) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in pipeline.review(Document(text=text, **fields)).findings:
        out.setdefault(f.rule, []).append(f)
    return out


GOVERNMENT = [
    "市委组织部选派的第一书记王明到任后第一时间走访了全村42户脱贫户。",
    "依照《中华人民共和国广告法》第九条第一款第三项的规定，当事人的行为构成违法。",
    "我市第一批国家级非物质文化遗产代表性传承人名单公布，共有5人入选。",
    "今年春节期间，市发改委开展重要民生商品价格监测，大米每斤2.8元，食用油每升12元。",
    "全市发放第三批数字消费券，单笔消费满200元可减60元，先到先得。",
    "清晨和傍晚是观鸟的最佳时间，请游客文明观鸟，不要惊扰鸟类。",
    "各部门要最大限度减少疫情对经济社会发展的影响。",
    "据自治区统计局数据，我市一季度外贸进出口总额增速排名全区第一。",
    "市场监管局依法查处一起违法广告案：某药店宣称其药品“药到病除、无效退款”，被责令改正并罚款3万元。",
    "市科技局提醒：凡是声称“稳赚不赔、保本保息”的都是非法集资，请广大群众切勿上当。",
    "今年我县沃柑喜获丰收，种植面积达5万亩，产值超过8亿元，果农人均增收3000元。",
    "欢迎广大市民前往市图书馆阅读，借阅咨询电话0770-2822222。",
    "防城港是中国唯一与东盟海陆相连的城市，区位优势独特。",
]

ADS = [
    ("本店新到一批海捕虾干，原价128元一斤，现价98元，满2斤包邮，加微信xiaoyu777下单。", None),
    ("家长们注意啦！XX英语暑期班保证孩子成绩提高20分，不提分全额退款，报名电话13800001111。", None),
    ("喝XX牌苦瓜茶三个月，血糖就能降下来，专治糖尿病，今日特价99元两盒，订购热线400-123-4567。", None),
    ("年化收益12%，保本保息，稳赚不赔，投资10万元一年多赚1.2万，私信了解。", None),
    ("扶贫好物推荐：高山绿茶，清香回甘，点击链接 https://weidian.com/item.html?itemID=88 即可购买。", None),
]


@pytest.mark.parametrize("text", GOVERNMENT)
def test_government_usages_get_no_ad_warning(pipeline: Pipeline, text: str) -> None:
    found = rules(pipeline, text)
    assert "ads/commercial_ad" not in found
    assert not [f for fs in found.values() for f in fs if f.severity != "info"], found


@pytest.mark.parametrize(("text", "title"), ADS)
def test_ads_are_blocked(pipeline: Pipeline, text: str, title: str | None) -> None:
    verdict = pipeline.review(Document(text=text, title=title))
    combined = [f for f in verdict.findings if f.rule == "ads/commercial_ad"]
    assert verdict.decision == "block"
    assert len(combined) == 1 and combined[0].severity == "error"
    assert combined[0].legal_basis == "办法第十八条"
    assert combined[0].score is not None and combined[0].score >= 0.6


def test_enforcement_notice_quotes_are_info(pipeline: Pipeline) -> None:
    text = GOVERNMENT[8]
    found = rules(pipeline, text)
    assert "ads/efficacy_claim" in found
    assert all(f.severity == "info" for fs in found.values() for f in fs)
    assert pipeline.review(Document(text=text)).decision == "pass"


def test_absolute_term_alone_is_a_warning_with_advertising_law(pipeline: Pipeline) -> None:
    text = "XX牌电饭煲采用顶级工艺，米饭更香。"
    found = rules(pipeline, text)
    [hit] = found["ads/absolute_term"]
    assert hit.severity == "warning"
    assert hit.legal_basis == "广告法第九条第三项"
    assert text[hit.start : hit.end] == "顶级"
    assert "absolute_terms.txt" in (hit.source or "")
    # praise of the product on sale is one unmistakable signal (RUBRIC.md "Clear ad", issue 16)
    assert "ads/commercial_ad" in found


def test_weak_absolute_term_counts_only_inside_an_ad(pipeline: Pipeline) -> None:
    assert "ads/absolute_term" not in rules(pipeline, "我市荣获全区第一个文明城市称号的县区。")
    found = rules(pipeline, "本店海鸭蛋全市唯一正宗，现价39元一箱，包邮到家，加微信订购。")
    assert "ads/absolute_term" in found and "ads/commercial_ad" in found


def test_offsets_point_at_original_traditional_and_full_width_text(pipeline: Pipeline) -> None:
    text = "限時搶購！全網最低價，現價８９元，點擊ＨＴＴＰＳ：//item.taobao.com/x 立即購買"
    found = rules(pipeline, text)
    assert "ads/commercial_ad" in found
    assert text[found["ads/call_to_buy"][-1].start : found["ads/call_to_buy"][-1].end] == "立即購買"
    assert text[found["ads/absolute_term"][0].start : found["ads/absolute_term"][0].end] == "全網最低價"


def test_title_and_meta_links(pipeline: Pipeline) -> None:
    found = rules(pipeline, "东兴红木工艺品，手工雕刻。", title="限时秒杀！原价299现价99")
    assert {f.field for f in found["ads/price_promotion"]} == {"title"}
    meta = {"links": ["https://detail.tmall.com/item.htm?id=1"], "cover": "https://www.fcgs.gov.cn/a.jpg"}
    verdict = pipeline.review(Document(text="好物分享，欢迎大家下单。", meta=meta))
    links = [f for f in verdict.findings if f.rule == "ads/shop_link"]
    assert len(links) == 1 and links[0].excerpt == "meta.links[0]: detail.tmall.com"
    assert verdict.decision == "block"


def test_government_and_short_links(pipeline: Pipeline) -> None:
    assert not rules(pipeline, "详见 https://www.gxzf.gov.cn/zwgk/goods/1.html 。")
    found = rules(pipeline, "问卷地址：https://t.cn/A6abcd ，欢迎填写。")
    assert [f.severity for f in found["ads/shop_link"]] == ["info"]


def test_policy_threshold_and_weights_are_options(tmp_path: Path) -> None:
    text = "新鲜荔枝现价15元一斤，欢迎订购。"
    low = AdsChecker(AdsOptions(threshold=0.3))
    # the learned promotion is an option too; off here, so the threshold alone decides
    high = AdsChecker(AdsOptions(threshold=0.99, families_to_block=9, learned_promote=None))
    # a price and a call to buy are two independent signals: an ad by the rubric whatever the score
    families = AdsChecker(AdsOptions(threshold=0.99))
    from review_pipeline.checkers.base import CheckContext

    doc = Document(text=text)
    assert any(f.rule == "ads/commercial_ad" for f in low.check(doc, CheckContext(doc)))
    assert not any(f.rule == "ads/commercial_ad" for f in high.check(doc, CheckContext(doc)))
    assert any(f.rule == "ads/commercial_ad" for f in families.check(doc, CheckContext(doc)))
    with pytest.raises(ValueError, match="unknown signal"):
        AdsOptions(weights={"nonsense": 0.5})


def test_malformed_lexicon_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "absolute_terms.txt"
    bad.write_text("# header\n国家级\tstrong\n最佳\tsometimes\n", encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        AdsChecker(AdsOptions(absolute_terms=str(bad)))
    assert f"{bad}:3" in str(err.value)


def test_policy_extends_can_change_words(tmp_path: Path) -> None:
    words = tmp_path / "abs.txt"
    words.write_text("金牌\tstrong\n", encoding="utf-8")
    (tmp_path / "city.yaml").write_text(
        "extends: default\ncheckers:\n  ads:\n    absolute_terms: abs.txt\n    threshold: 0.5\n",
        encoding="utf-8",
    )
    policy = load_policy(tmp_path / "city.yaml")
    p = Pipeline(policy, [build_checker(policy, "ads", policy.checkers["ads"])])
    found = rules(p, "金牌服务，用心为您。")
    assert text_of(found["ads/absolute_term"][0]) == "金牌"


def text_of(f) -> str:
    return f.excerpt


def test_eval_set_meets_targets(pipeline: Pipeline) -> None:
    rows = load_jsonl(EVAL)
    assert len(rows) >= 80
    tp = fp = fn = 0
    for row in rows:
        verdict = pipeline.review(
            Document(text=row["text"], title=row.get("title"), meta=row.get("meta") or {})
        )
        predicted = any(f.rule == "ads/commercial_ad" for f in verdict.findings)
        expected = row["label"] == "ad"
        tp += predicted and expected
        fp += predicted and not expected
        fn += expected and not predicted
    assert tp / (tp + fp) >= 0.95
    assert tp / (tp + fn) >= 0.90


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prefix=st.text(
        alphabet="的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价龙飞，。！？“”\n0123456789",
        max_size=40,
    ),
    ad=st.sampled_from([a for a, _ in ADS]),
)
def test_findings_point_inside_the_text_and_ads_survive_padding(
    pipeline: Pipeline, prefix: str, ad: str
) -> None:
    text = prefix + "\n" + ad
    verdict = pipeline.review(Document(text=text))
    # No enforcement cue can be spelled from the alphabet, so the ad stays flagged; a reporter's or an
    # authority's word (记者, 日报) can be, and since issue 16 round 3 it caps the post at warning.
    assert any(f.checker == "ads" and f.severity in ("warning", "error") for f in verdict.findings)
    for f in verdict.findings:
        assert 0 <= f.start <= f.end <= len(text)
        if f.rule != "ads/commercial_ad" and f.end > f.start:
            assert f.excerpt == text[f.start : f.end][:80]


@pytest.mark.parametrize(
    "text",
    [
        "国务院副总理今天在中南海会见了来访的代表团，双方就经贸合作交换了意见。",
        "那曾是她老人家教我包过的花边饺，如今想起仍觉温暖。",
        "要确保过冬物资及时发放到困难群众手中。",
        "新疗法提高了总治愈率，为遗传病防治提供了新思路。",
        "风险投资者利用这些机会获取高回报，同时也承担相应风险。",
        "全市安全生产工作要努力实现零风险、零事故。",
        "国宴招待会上，双方共同回顾了两国友好交往的历史。",
    ],
)
def test_news_usages_of_ad_words_get_no_ad_warning(pipeline: Pipeline, text: str) -> None:
    found = rules(pipeline, text)
    assert not any(r.startswith("ads/") and r != "ads/absolute_term" for r in found), found
