"""Tone, seventh round (issue 20): verdicts on a case or on people in the author's own voice
(这样一件荒唐事, 群众……分不清对错, 丑恶伎俩), mock advice and motive-sneers at a critic (别在……当专家
啦, 马后炮), rhetorical openers that need no target (试问……?), exasperation (我真是服了, 令人作呕)
warn; the same words quoted as evidence or reported stay quiet."""

from __future__ import annotations

import pytest

from review_pipeline.checkers.tone import ToneChecker, ToneOptions
from tests.checker_support import loud_rules


@pytest.fixture(scope="module")
def checker() -> ToneChecker:
    return ToneChecker(ToneOptions())


@pytest.mark.parametrize(
    "text",
    [
        "近日，媒体报道了这样一件荒唐事：村民办寿宴被镇里工作人员制止。",
        "先生，你现在批都是马后炮了。财经记者就别在非专业领域当专家啦。",
        "群众的眼睛并不是雪亮的，他们分不清对错，很容易被蒙蔽。",
        "他们一边添乱，一边假惺惺地表示关切，这种丑恶伎俩可谓无所不用其极。",
        "试问，这样的答复能让群众满意吗？",
        "难道这就是所谓的专业水准吗？",
        "这极像小学生被指犯规时反问老师。",
        "如此荒腔走板的做法，真让人大跌眼镜。",
        "说实话，我很烦这种天天刷屏的营销号。",
        "一天到晚喝口水就上热搜，令人作呕。",
        "所谓的“专家”又出来胡说了。",
    ],
)
def test_round_seven_register_warns(checker, text):
    assert loud_rules(checker, text=text)


@pytest.mark.parametrize(
    "text",
    [
        # an insult or a verdict quoted as evidence or reported
        "该网民在贴吧发表“交警大部分都是狗”等侮辱词汇，公然辱骂人民警察。",
        "网友留言称：“这种做法真让人大跌眼镜，简直是马后炮。”",
        "市民李女士说，她觉得这件事很荒唐。",
        # findings and service language
        "经核查，该视频系造谣者移花接木拼凑而成，公安机关已依法处理。",
        "您好！您反映的问题已转交相关部门办理，感谢您对我们工作的支持。",
        # a fire-safety lesson asks the reader, politely
        "难道发生火灾时您只能坐以待毙吗？请学习以下逃生知识。",
    ],
)
def test_quoted_reported_and_service_language_stays_quiet(checker, text):
    assert not loud_rules(checker, text=text)


def test_a_mirror_page_s_pinyin_does_not_hide_a_cue(checker):
    """Mirror pages print pinyin after characters (小(xiǎo)丑): the text is read without it and
    the finding is given at the original offsets."""
    from tests.checker_support import findings

    text = "他們真是一群跳梁小(xiǎo)丑!"
    found = [f for f in findings(checker, text=text) if f.severity != "info"]
    assert [text[f.start : f.end] for f in found] == ["跳梁小(xiǎo)丑"]
