"""Sign-off tiers, round 5 of issue 18: a major item is never routed ordinary (办法第十五条).

Every way a major post could end ordinary, and the evidence each now needs:

- a work frame around the event word (排查, 部署, 做好…): only in the word's own phrase, and lifted by
  counted victims (共转移群众92户175人) — tests/test_tiers_frames.py;
- a negation, hypothesis or forecast before it (未造成, 一旦, 将危及): only in its own clause, within
  `negation_reach` characters; it voids the evidence after it as well as the event word;
- a cap read in the post's head (a drill, a commemoration, a tip sheet declared in the title or lead):
  a tip or drill closing a notice caps only what follows it (`appendix_kinds`);
- a cap in the mention's own sentence (模拟, 当年, 案例);
- a cap read anywhere in the post (`post`, `genre`: a knowledge sign, a drill's quoted roles) and a
  knowledge damp (分为四个等级): only when it precedes the event or shares its paragraph; a sign in a
  later paragraph never takes the event below important (`preceding_scopes`, `knowledge_damps`);
- a service cap (planned works, a race, recruitment): lifted by victims, people moved, rescue or
  damage on the mention;
- a date long before the post (the tense of the event) and a plan or regulation: important at
  least, never ordinary;
- (round 7) a genre cap (commentary, memoir, tip-sheet lead, mediation, thanks to the police, a rescue
  to the bank) and the road-cut cap: lifted by the dead and hurt, people in danger, people moved or a
  crowd the police handle, and after the event in a later paragraph they never take it below
  important — the table `ROUND_7` below.

The tests hold these over the real dev posts labelled major (tests/data/tiers_real/), with real
appendices taken from the dev posts labelled ordinary (tip sheets, drills, daily work).
"""

from __future__ import annotations

import pytest
from benchmarks.evalkit import real_cases
from benchmarks.tiers_eval import tiers_pipeline
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline
from review_pipeline.models import Tier

PIPELINE = tiers_pipeline()
DEV = real_cases("tiers", "dev")
MAJOR = [r for r in DEV if r["label"]["tier"] == "major"]
# appendices a post may carry after its news: real dev posts labelled ordinary of these kinds
# (round 7: commentaries, memoirs and rescue stories too — the genres whose caps the round added)
APPENDIX_KINDS = (
    "tip",
    "drill",
    "routine",
    "anniversary",
    "notice",
    "training",
    "commentary",
    "history",
    "rescue",
)
APPENDICES = [r for r in DEV if r["label"]["tier"] == "ordinary" and r["label"].get("kind") in APPENDIX_KINDS]


def route(text: str, title: str | None = None) -> Tier:
    return PIPELINE.review(Document(text=text, title=title)).sign_off.tier


ROUTED_MAJOR = [r for r in MAJOR if route(r["text"], r.get("title")) == "major"]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return PIPELINE


def test_the_real_dev_posts_cover_the_paths() -> None:
    assert len(MAJOR) >= 150 and len(APPENDICES) >= 100
    # the checker routes all but a handful of the real major posts major; none of them ordinary
    assert len(ROUTED_MAJOR) >= 0.97 * len(MAJOR)


@pytest.mark.parametrize("row", MAJOR, ids=lambda r: r["id"])
def test_no_real_major_dev_post_is_routed_ordinary(row: dict) -> None:
    assert route(row["text"], row.get("title")) != "ordinary"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(major=st.sampled_from(ROUTED_MAJOR), appendix=st.sampled_from(APPENDICES))
def test_an_appended_real_tip_drill_or_work_report_never_routes_an_event_ordinary(
    major: dict, appendix: dict
) -> None:
    # a notice that closes with a tip sheet, a drill recalled, a knowledge note, a work report:
    # the event before it keeps the leader in charge at least
    text = major["text"] + "\n" + appendix["text"]
    assert route(text, major.get("title")) != "ordinary", (major["id"], appendix["id"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(major=st.sampled_from(ROUTED_MAJOR), blank=st.sampled_from(["\n", "\n\u3000\u3000", "\r\n"]))
def test_line_breaks_between_paragraphs_never_route_an_event_ordinary(major: dict, blank: str) -> None:
    # the same post with its paragraphs broken or indented otherwise (a copy from another page)
    text = major["text"].replace("\n", blank)
    assert route(text, major.get("title")) != "ordinary", major["id"]


# --- each path needs its own evidence: the same words before the event, or in its sentence, still
#     decide --------------------------------------------------------------------------------------


def test_a_knowledge_note_after_an_event_keeps_the_event(pipeline: Pipeline) -> None:
    event = "6月3日凌晨，某县城关镇一居民楼发生火灾，造成2人死亡、3人受伤，消防救援人员疏散居民40余人。"
    note = "火灾知识：火灾分为特别重大火灾、重大火灾、较大火灾和一般火灾四个等级。案例一：某市一仓库起火。"
    assert route(event + "\n" + note) == "major"
    # the knowledge text itself, whose head declares it, stays ordinary
    assert route(note + "\n案例二：某县一民房起火，造成1人死亡。") == "ordinary"


def test_a_drill_declared_at_the_head_stays_ordinary(pipeline: Pipeline) -> None:
    drill = (
        "县应急管理局组织开展地震应急演练。演练模拟某乡镇发生5.0级地震，造成房屋倒塌、3人被困，"
        "救援队伍迅速转移群众200余人。"
    )
    assert route(drill) == "ordinary"


def test_a_forecast_harm_is_no_evidence(pipeline: Pipeline) -> None:
    # 将危及…50余户 is a harm threatened: the fire put out with nobody trapped or hurt is not major
    text = (
        "1月26日15时33分，区消防大队接到报警称某小区一居民家中发生火灾，火势一旦蔓延，将危及整栋居民楼"
        "50余户居民的安全。"
    )
    assert route(text) != "major"
    # the same households actually moved are evidence
    assert route("1月26日15时33分，某小区一居民家中发生火灾，消防人员疏散整栋居民楼50余户居民。") == "major"


def test_a_service_notice_cap_yields_to_victims(pipeline: Pipeline) -> None:
    text = (
        "7月9日凌晨，某镇一处山体发生滑坡，导致5人失联，对县道实行交通管制，就近协调高速路施工单位"
        "做好应急抢险准备，正全力搜救失联群众。"
    )
    assert route(text) == "major"


# --- round 7: every new cap beside the evidence that lifts it, and after a report it does not undo ---
EVENTS = [
    "6月3日凌晨，某县城关镇一居民楼发生火灾，造成2人死亡、3人受伤，消防救援人员疏散居民40余人。",
    "受暴雨影响，某县道发生泥石流，交通中断，当地紧急转移受威胁群众300余人。",
    "5月17日，两名学生在湖边不慎落水，一名学生被市民拉上岸，另一名学生溺亡。",
    "9月1日，部分家长聚集到县委门口并堵路，造成国道交通中断，现场处置民警依法带离5人。",
    "1月13日上午，某小区一住户家中发生天然气闪爆，2名工人被烧伤，送医救治。",
]
ROUND_7 = [
    "人民网评：安全生产重于泰山。",
    "悲剧令人扼腕，发人深省。",
    "作品赏析：1975年那场洪水。",
    "“谢谢你们！要不是你们出手相救……”家属送来锦旗。",
    "在县调委会调解下，双方握手言和，达成调解协议。",
    "冬季取暖一定要注意！否则极易引发火灾。",
    "市人民政府决定授予救人群众“见义勇为先进群体”荣誉称号。",
    "过往车辆请绕行，道路抢通后恢复通行。",
]


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("sign", ROUND_7)
def test_a_round_7_sign_after_an_event_never_routes_it_ordinary(
    pipeline: Pipeline, event: str, sign: str
) -> None:
    assert route(event) == "major"
    assert route(event + "\n" + sign) != "ordinary"
