"""The engagement checker: forced downloads, likes and shares; bought followers (办法第二十七条)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline import Pipeline, load_policy, review
from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.engagement import EngagementChecker, EngagementOptions
from review_pipeline.lexicon import LexiconError
from review_pipeline.models import Document, Finding

_checker: list[EngagementChecker] = []


def checker() -> EngagementChecker:
    # built once for the module; hypothesis tests cannot take function-scoped fixtures
    if not _checker:
        _checker.append(EngagementChecker(EngagementOptions()))
    return _checker[0]


def found(
    text: str, title: str | None = None, engagement: EngagementChecker | None = None
) -> list[tuple[str, str]]:
    doc = Document(text=text, title=title)
    findings = sorted((engagement or checker()).check(doc, CheckContext(doc)), key=Finding.sort_key)
    return [(f.rule.removeprefix("engagement/"), doc.field_text(f.field)[f.start : f.end]) for f in findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请全体市民必须下载“防城港通”APP，并完成实名注册。", [("forced_download", "必须下载")]),
        ("扫码关注本公众号后方可在线预约办理业务。", [("forced_download", "关注本公众号后方可")]),
        ("办理居住证的市民，需先关注“防城港公安”公众号，否则不予受理。", [("forced_download", "需先关注")]),
        (
            "各镇要组织群众下载使用政务APP，下载率纳入年度绩效考核。",
            [("forced_download", "下载使用政务APP，下载率纳入")],
        ),
        ("各单位干部职工务必转发本条信息到朋友圈。", [("forced_share", "务必转发")]),
        ("转发本条微博才能参与惠民消费券申领。", [("forced_share", "转发本条微博才能")]),
        (
            "点赞集满50个的市民，可凭截图领取门票。",
            [("forced_share", "点赞集满"), ("follower_incentive", "点赞集满50个的市民，可凭截图")],
        ),
        ("各村组长要带头转发，不转发的一律按未完成任务处理。", [("forced_share", "转发的一律")]),
        ("不转不是中国人！看完这段视频你就知道边防战士有多辛苦。", [("forced_share", "不转不是")]),
        ("关注本号即送精美礼品一份，先到先得。", [("follower_incentive", "关注本号即送")]),
        ("关注并转发本条微博，抽3位网友送出纪念品。", [("follower_incentive", "关注并转发本条微博，抽")]),
        ("本号拟通过第三方平台买粉5万。", [("follower_incentive", "买粉")]),
    ],
)
def test_coercion_and_incentives_are_found_exactly(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "欢迎关注“防城港发布”微信公众号，第一时间获取权威信息。",
        "如果觉得有用，欢迎转发给身边的亲朋好友。",
        "本次活动的具体安排，敬请关注后续报道。",
        "根据《办法》第二十七条，政务新媒体不得强制要求下载使用移动客户端或点赞、转发信息。",
        "市民可通过政务服务网在线办理，无需下载其他软件。",
        "申请人须下载申请表并如实填写，提交至各服务窗口。",
        "家长朋友们如需下载电子版作业清单，可点击文末“阅读原文”。",
        "警方提醒：网上刷单、刷粉兼职都是诈骗，切勿轻信。",
        "严禁购买粉丝、刷量等数据造假行为，一经发现严肃处理。",
        "近日有网友反映，某小区物业强制要求业主下载物业APP缴费，市住建局已责令整改。",
        "本次问卷调查不需要点赞、不需要转发，只需填写问卷即可参与抽奖。",
        "现将市发展改革委《关于做好春节期间价格监管工作的意见》转发给你们，请认真贯彻执行。",
        "市委市政府高度关注群众反映的问题，必须在本月底前整改到位。",
        "对于“不转不是中国人”这类标题党，网友早已见怪不怪。",
        "下载APP后，市民可随时查询公积金余额，方便快捷。",
        "基层干部反映，手机里装满了被强制下载的各类政务App和被强制关注的公众号。",
        "不少职工被要求转发单位的推文并截图上报，负担不小。",
    ],
)
def test_invitations_prohibitions_and_neutral_uses_pass(text):
    assert found(text) == []


def test_title_is_checked():
    assert found("今天是烈士纪念日。", title="是中国人就转！缅怀英烈") == [("forced_share", "是中国人就转")]


def test_full_width_and_traditional_text_keep_exact_offsets():
    assert found("請全體市民必須下載ＡＰＰ。") == [("forced_download", "必須下載")]


def test_findings_cite_article_27_with_severity_by_rule():
    doc = Document(text="转发本条微博才能参与抽奖，关注有礼。")
    findings = {f.rule: f for f in checker().check(doc, CheckContext(doc))}
    assert findings["engagement/forced_share"].severity == "error"
    assert findings["engagement/follower_incentive"].severity == "warning"
    assert {f.legal_basis for f in findings.values()} == {"办法第二十七条"}
    assert findings["engagement/forced_share"].source == (
        "engagement/cues.tsv:23:才能 + engagement/actions.tsv:12:转发"
    )


def test_window_is_configurable():
    text = "所有学生家长须在本周五前下载安装反诈APP。"
    assert found(text) == [("forced_download", "须在本周五前下载安装")]
    narrow = EngagementChecker(EngagementOptions(window_before=3, window_object=3))
    assert found(text, engagement=narrow) == []


def test_quoted_words_can_be_checked_when_a_policy_wants_it():
    loose = EngagementChecker(EngagementOptions(skip_quoted=False))
    assert found("对于“不转不是中国人”这类标题党，网友早已见怪不怪。", engagement=loose) == [
        ("forced_share", "不转不是")
    ]


def test_through_the_pipeline_forced_sharing_blocks():
    verdict = review("各单位干部职工务必转发本条信息到朋友圈，转发截图于今天下班前报送。")
    ours = [(f.rule, f.excerpt) for f in verdict.findings if f.checker == "engagement"]
    assert ours == [("engagement/forced_share", "务必转发")]
    assert verdict.decision == "block"


def test_bad_cue_row_names_file_and_line(tmp_path):
    cues = tmp_path / "cues.tsv"
    cues.write_text("必须\tbefore\tcoerce\n之后\tlater\tcoerce\n", encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        EngagementChecker(EngagementOptions(cues=str(cues)))
    assert str(info.value).startswith(f"{cues}:2:") and "later" in str(info.value)


def test_a_city_policy_adds_a_cue_without_code(tmp_path):
    cues = tmp_path / "cues.tsv"
    base = (load_policy("default").path or tmp_path).parent.parent / "lexicons" / "engagement" / "cues.tsv"
    cues.write_text(base.read_text(encoding="utf-8") + "方能\tafter\tcoerce\n", encoding="utf-8")
    policy = tmp_path / "city.yaml"
    policy.write_text(
        "extends: default\nid: city\ncheckers:\n  engagement:\n    cues: cues.tsv\n", encoding="utf-8"
    )
    verdict = Pipeline.from_policy(load_policy(policy)).review("转发此文方能报名。")
    assert [(f.rule, f.excerpt) for f in verdict.findings] == [("engagement/forced_share", "转发此文方能")]


_parts = st.sampled_from(
    [
        "必须",
        "下载",
        "转发",
        "关注",
        "后方可",
        "才能",
        "欢迎",
        "不得",
        "即送",
        "刷粉",
        "“",
        "”",
        "，",
        "。",
        "市民",
        "APP",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_parts, max_size=20).map("".join))
def test_findings_are_inside_the_text_and_outside_quotes(text):
    for _rule, excerpt in found(text):
        assert excerpt and excerpt in text
    quoted = "“" + text.replace("“", "").replace("”", "") + "”"
    assert found(quoted) == []


# Conditions: gates, counts and pools, sole routes; invitations, reports and statutory clients.
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("关注本公众号后回复“报名”即可报名参加。", "forced_download"),
        ("未关注本公众号的用户不能参加本次抽奖。", "forced_download"),
        ("活动结束后，将在全体粉丝中随机抽取10名幸运读者。", "forced_download"),
        ("参与方式：关注“平安某市”微信公众号，点击菜单“答题”参与答题。", "forced_download"),
        ("参与活动前，请先关注“某市图书馆”微信公众号。", "forced_download"),
        ("点赞量前10名的作品将获得精美奖品。", "forced_share"),
        ("本条微博转发超过100次，我们就公布答案。", "forced_share"),
        ("请各位家长按通知下载APP，下载后请回复。", "forced_download"),
    ],
)
def test_conditions_on_following_sharing_or_downloading_are_forced(text, rule):
    assert rule in {r for r, _ in found(text)}, text


@pytest.mark.parametrize(
    "text",
    [
        "欢迎关注“某市发布”微信公众号，参与互动。",
        "市民可关注“某市发布”公众号参加有奖调查，也可到现场填写问卷。",
        "微信投票：关注“某市发布”公众号进入投票页面；短信投票：发送编号至指定号码。",
        "近日，有学校要求家长下载某APP并注册，引发家长不满。",
        "截至目前，全市已有10万名群众下载了“某市通”APP。",
        "本条微博发布后转发量突破18万。",
    ],
)
def test_invitations_alternatives_reports_and_counts_stay_quiet(text):
    assert found(text) == []


def test_a_statutory_client_is_information_with_a_note():
    doc = Document(text="请于6月30日前下载个人所得税APP办理综合所得年度汇算。")
    findings = list(checker().check(doc, CheckContext(doc)))
    assert [(f.rule, f.severity) for f in findings] == [("engagement/statutory_app", "info")]
    assert doc.text[findings[0].start : findings[0].end] == "个人所得税"
    assert "其他办理渠道" in findings[0].message
