"""Where a post says where it comes from, as editors and publishing systems write it.

Reads the head and the tail of a post (folded: full width, case and traditional script already
mapped, offsets unchanged) for:

- labelled source lines: `来源：《X报》 2024-03-05 10:20 作者：…`, `稿源丨X`, `（来源：X）`, `来源 A、B`,
  `消息来源`, `本文转自`, `文章转载自`, `本文来自`, `本文原载于`, `出处`, `发布机关`, with the name cut before dates, times, authors, editors and reviewers,
  split into several sources (`综合A、B`, `A综合B`) and trimmed of brackets, 《》 and quotes;
- `据X报道/消息/电`, and `据X，` when X is a known unit or organ;
- wire datelines (`新华社北京3月5日电`, `中新网湛江6月12日电题：`) and self datelines (`XX讯`,
  `本报讯`, `XX融媒体中心3月9日讯`, `央视网消息：`), which name the publisher's own report;
- bylines and credits of another unit's reporter (`□新华社记者 X`, `文/北京青年报记者 X`, `（总台记者 X）`,
  `…。中新社记者 X 摄`,
  `新华社发 X 摄`);
- credit lines naming a unit (`文/图:沁源新闻中心`);
- the post's own claims that it comes from the internet (`此文信息来源于网络`, `此文章摘自網絡`) or
  from a reader's tip (`网友爆料:`).

Each statement keeps the exact span of the name it states; classification (table, organ, vague,
platform) is the checker's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from review_pipeline.text.patterns import required_keys

Role = Literal["label", "reported", "wire", "self", "byline", "claim"]

_AFTER_SEPARATOR = r"(?:^|(?<=[\s|丨【\[(>·,;。]))"
# A label must start a line or follow a separator, so 数据来源：/图片来源：/资金来源： never count.
_LABELLED = re.compile(
    _AFTER_SEPARATOR + r"(?P<label>本文来源|文章来源|信息来源|稿件来源|新闻来源|内容来源|消息来源|来源|稿源|出处|"
    r"发布机关|发布机构|发文机关)"
    # `来源：X`, `来源 X`, and a bracketed label `【文章来源】X` / `[来源]：X`
    r"(?:[ \t]*[:|丨][ \t]*|[ \t]*[】\]][ \t]*[:|丨]?[ \t]*|[ \t]+)(?P<rest>[^\n]*)"
    r"|"
    + _AFTER_SEPARATOR
    + r"(?P<label2>本文转自|本文转载自|文章转载自|转载自|转载于|转载来源|转自|摘自|选自|本文来自|文章来自|"
    # a channel's notice that its content is reposted from a unit (`内容均转载广东电视台`)
    r"内容均转载自?|内容均转载于|"
    r"本文原载于|原文载于|原载于)[ \t]*[:|丨;]?[ \t]*"
    r"(?P<rest2>[^\n]*)",
    re.MULTILINE,
)
# 发布机关 and the like name the issuing organ of a document a site lists; they never make a post
# a repost by themselves.
WEAK_LABELS = frozenset({"发布机关", "发布机构", "发文机关", "line"})
# The label of a value read from the line under an empty label (see `read_marks`).
NEXT_LINE = "next-line"
# An unlabelled source line: a unit's name alone on a line, or before the date and time (`新华网
# 2019-08-30 11:06:00`, a video page's closing `CNSTV`). It names the source of a declared repost
# only when it is a unit of the source tables, and never makes a post a repost by itself.
_NAME_LINE = re.compile(
    r"^[ \t]*(?P<name>[\u4e00-\u9fffa-z·\-]{2,20})[ \t]*"
    r"(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:[ \t]+\d{1,2}:\d{2}(?::\d{2})?)?[ \t]*)?$"
    # … or at the end of a line that opens with the date and the authors (`2017-08-31 易征洋 红网`)
    r"|^[ \t]*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:[ \t]+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"(?:[ \t]+[\u4e00-\u9fff·]{2,4}){0,4}[ \t]+(?P<tail>[\u4e00-\u9fffa-z·\-]{2,20})[ \t]*$",
    re.MULTILINE,
)
_REPORTED = re.compile(
    r"(?:^|(?<=[\s,。;:(“\"】]))据(?P<name>[^\n,。;:!?、]{2,24}?)(?:报道|消息(?!报)|(?P<wire>电|讯)(?=[\s(,:]|$))"
)
# `据新华社，…`: the name alone before a comma counts only if it turns out to be a known unit.
_REPORTED_BARE = re.compile(r"(?:^|(?<=[\s。;:(“\"]))据(?P<name>[^\s,。;:!?、]{2,12}?)(?=[,:])")
_WIRE = re.compile(
    r"^[ \t]*[(【\[]?(?!据)(?P<name>[\u4e00-\u9fffa-z]{1,20}?(?:社|报|台|网|刊|客户端)(?:[\u4e00-\u9fff]{0,8}"
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日)?"
    r"|[\u4e00-\u9fffa-z]{2,20}?\d{1,2}月\d{1,2}日)[ \t]*电"
    # after a date (…8月2日电) the text may follow at once: 中新网8月2日电据中国之声报道
    r"(?:(?=[\s(:题]|$)|(?<=日电))",
    re.MULTILINE,
)
# The name may join two units of one dateline (`中安在线、中安新闻客户端讯`, `滨州传媒网--鲁北晚报讯`,
# `中国网/中国发展门户网讯`);
# `据X消息` at a line's start is a reported source (`_REPORTED`), not a dateline.
# A post in a micro-blog's form may open with a topic tag and a bracketed headline before its dateline
# (`#嘉兴身边事#【一晚上查处45人】嘉兴交警讯…`, `【标题】安徽省应急管理厅微信公众号消息,…`).
_HEADLINE = r"(?:#[^#\n]{1,20}#[ \t]*)?(?:【[^】\n]{2,60}】[ \t]*)?"
_SELF = re.compile(
    r"^[ \t]*" + _HEADLINE + r"[(【\[]?(?!据)(?P<name>[\u4e00-\u9fffa-z][\u4e00-\u9fffa-z\-—–·、@/]{1,27}?)(?:[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日)?(?:讯|消息)(?=[\s(:,]|$)",
    re.MULTILINE,
)
# After a news unit's name the text of a dateline may follow at once (`中国天气网讯今年首次寒潮…`,
# `XX新闻网讯春节刚过`); without a news word before 讯 (通讯, 资讯) the words run on and are not a dateline.
_SELF_RUN_ON = re.compile(
    r"^[ \t]*(?!据)(?P<name>[\u4e00-\u9fffa-z]{1,27}?(?:网|报|台|社|客户端|新闻|融媒))讯(?=[\u4e00-\u9fff\d])",
    re.MULTILINE,
)
# A site's own name in brackets opening the text (`【电脑报在线】3月17日,…`), as its dateline: a news unit's
# word must end the name, so a bracketed headline (`【一晚上查处45人】`) is not one.
_SELF_BRACKET = re.compile(
    r"^[ \t]*【(?P<name>[\u4e00-\u9fffa-z]{1,10}?(?:在线|新闻网|网|报|台|客户端|融媒))】(?=[\u4e00-\u9fff\d])",
    re.MULTILINE,
)
# A periodical's name may stand in 《》 before 记者 (`《瞭望东方周刊》记者 X`).
_BYLINE = re.compile(
    r"^[ \t]*(?:[□■]|文[/|]|图[/|]|文图[/|]|文字[/|])?[ \t]*《?(?P<name>[\u4e00-\u9fffa-z·]{2,16}?)》?[ \t]*"
    r"(?:(?:全媒体|首席|特约|融媒体)?记者|发(?=[ \t(])|制作$|出品$)",
    re.MULTILINE,
)
# A line crediting the unit that reported or compiled the item (`泰州台综合报道`, `（XX融媒体中心 报道）`): a
# unit's name there states the source as a byline does; a person's name there resolves to nothing, and a
# reporter's credit (`记者 X 报道`) has a space or 记者 before the verb, so it is not read.
# (The pattern is the line's end, found by its literal words; the name before it is checked after.)
_UNIT_REPORT = re.compile(r"(?:综合报道|联合报道|综合整理|报道)[ \t)]*$", re.MULTILINE)
_UNIT_REPORT_NAME = re.compile(r"[ \t]*\(?[ \t]*(?P<name>[\u4e00-\u9fffa-z·]{2,16}?)[ \t]*")


def _unit_reports(folded: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of the names on `<unit>综合报道` credit lines."""
    for m in _UNIT_REPORT.finditer(folded, start, end):
        line_start = max(start, folded.rfind("\n", start, m.start()) + 1)
        name = _UNIT_REPORT_NAME.fullmatch(folded, line_start, m.start())
        if name:
            yield name.start("name"), name.end("name")
# A bracketed unit closing a brief or ending a line (`…均低于总体抽检不合格率。(市场监管总局网站)`, `(新华社)`):
# counts, like `据X，`, only when the name is a known unit or organ, so `(完)`, `(资料图)` or a reporter's
# name are never sources.
# (The patterns open with their literal bracket so `re` skips to it; what must precede is checked after.)
_BRACKET_CREDIT = re.compile(r"\((?P<name>[\u4e00-\u9fffa-z·]{2,16})\)[ \t]*$", re.MULTILINE)
# A unit's programme reporting (`央视《新闻直播间》报道`, `湖南卫视《新闻联播》播出`): counts, like `据X，`, only
# when the name before the programme is a known unit or organ.
_PROGRAMME = re.compile(r"《[^》\n]{1,16}》(?:栏目|节目)?(?:报道|播出|消息)")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffa-z]")
_PROGRAMME_NAME = 10  # at most this many characters of a unit's name before 《


def _before_bracket(folded: str, start: int, at: int, after: str) -> bool:
    """Whether only spaces stand between `at` and the line's start or one of the characters `after`."""
    pos = at
    while pos > start and folded[pos - 1] in " \t":
        pos -= 1
    return pos == start or folded[pos - 1] in after or folded[pos - 1] == "\n"


def _bracket_credits(folded: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of the names of `(X)` credits that close a line, after a sentence's end or alone."""
    for m in _BRACKET_CREDIT.finditer(folded, start, end):
        if _before_bracket(folded, start, m.start(), "。!?"):
            yield m.start("name"), m.end("name")


def _programme_names(folded: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of the names before a programme (`央视《新闻直播间》报道`): 2 to 10 letters after a separator or
    the line's start."""
    for m in _PROGRAMME.finditer(folded, start, end):
        s = m.start()
        while s > max(start, m.start() - _PROGRAMME_NAME) and _NAME_CHAR.match(folded, s - 1):
            s -= 1
        if m.start() - s >= 2 and _before_bracket(folded, start, s, "\t ,。;:(“\""):
            yield s, m.start()
# A credit of another unit's reporter inside a line: after a caption (`…晨雾。新华社记者 王某 摄`,
# `组图均为新华社记者 王某 摄`, `图片由中新社记者 王某 摄`) or in
# brackets after a brief (`（总台记者 崔宁）`, `(央视记者周伟)`); a person's name must follow 记者 and
# 摄/报道/a closing bracket or the line's end must follow the name, so prose (`告诉财新记者，…`) is not one.
_CREDIT = re.compile(
    r"(?:^|(?<=[。!?;\s(为由]))(?P<name>(?:(?![为由])[\u4e00-\u9fffa-z·]){2,12}?)[ \t]*(?:全媒体|首席|特约|融媒体|见习)?记者"
    r"[ \t]*[\u4e00-\u9fff·]{2,4}(?:[ \t、]+[\u4e00-\u9fff·]{2,4})*[ \t]*(?=摄|报道|\)|$)",
    re.MULTILINE,
)
# A unit's reporter credited right after the page's time stamp, the line breaks of the copy lost
# (`2025-05-06 20:52:00极目新闻记者 柳琛琛5月5日,网友…`): the byline the head of the original carried. The
# reporter's name (2 to 4 characters) must end where the characters do (a digit, a space, the line's end).
_STAMP_CREDIT = re.compile(
    r"\d:\d\d[ \t]*(?P<name>[\u4e00-\u9fffa-z·]{2,12}?)(?:全媒体|首席|特约|融媒体|见习)?记者"
    r"[ \t]*[\u4e00-\u9fff·]{2,4}(?![\u4e00-\u9fff·])"
)
_STAMP_BEFORE = re.compile(r"\d:\d\d")
_STAMP_REACH = 24  # a time stamp's minutes, a name of up to 12 characters and a title word before 记者
# Prose in which another unit's reporter does the reporting (`顶端新闻记者联系到…派出所`,
# `极目新闻记者多方核实获悉`): the unit is where the content comes from (rubric, round 5). Prose that only
# mentions a reporter (`告诉财新记者`) has no reporting verb after 记者 and is not read.
_REPORTING_VERBS = (
    "联系到", "致电", "获悉", "了解到", "调查发现", "实地探访", "多方核实", "求证", "前往", "来到", "走进", "走访", "采访",
    "看到", "注意到",
)
_REPORTING = re.compile(
    r"(?:^|(?<=[。!?;,\s]))(?P<name>[\u4e00-\u9fffa-z·]{2,12}?)(?:全媒体|首席|特约|融媒体|见习)?记者"
    r"(?:[\u4e00-\u9fff]{0,4}?)(?:" + "|".join(_REPORTING_VERBS) + ")"
)
# A credit naming a unit's reporting team, on a line of its own or closing a sentence (`新华社两会前方报道组`,
# `新华社音视频部制作`, `XX日报融媒体工作室`), or opening prose the team reports (`农民日报·中国农网采访组踏访…`,
# rubric round 8): the unit is where the item comes from, as with its reporter's byline. A person's name or a
# description before the team word resolves to nothing and is not a source.
_TEAM_CREDIT = re.compile(
    r"(?:^|(?<=[。!?;,\n]))[ \t]*(?P<name>[\u4e00-\u9fffa-z·]{2,16}?)(?:两会|全国两会)?(?:前方|联合|特别|融媒体)?"
    r"(?P<team>报道小?组|采访小?组|摄制组)"
    r"(?:[ \t]*(?:制作|出品|报道|摄制|策划)?[ \t]*$|(?=" + "|".join(_REPORTING_VERBS) + "|踏访|探访|深入|赴))",
    re.MULTILINE,
)
_TEAM_STEMS = frozenset({"报道", "采访", "摄制", "道小", "访小"})  # 报道组, 采访组, 摄制组, 报道小组, 采访小组
_TEAM_REACH = 26  # characters before the team word a credit can span (a name of 16, 两会, 前方, the line's start)


def _team_credits(folded: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of the units of team credits: the pattern is tried only around each 组 that ends a team word."""
    at = folded.find("组", start, end)
    while at >= 0:
        # the two characters before 组 end one of the team words (组 alone is common: 组织, 小组)
        if folded[max(start, at - 2) : at] in _TEAM_STEMS:
            line_end = folded.find("\n", at, end)
            for m in _TEAM_CREDIT.finditer(folded, max(start, at - _TEAM_REACH), end if line_end < 0 else line_end):
                if m.end("team") == at + 1:
                    yield m.start("name"), m.end("name")
                    break
        at = folded.find("组", at + 1, end)
# A photo credit of another unit after a caption (`…秋收景象。新华社发(陈元梓 摄)`, `。新华社发 王某 摄`): the
# unit that sent the picture (发) is the source, as a reporter's credit names one (rubric, fresh-6).
_SENT_CREDIT = re.compile(
    # the sentence's end is matched, not looked behind: a pattern that opens with its own characters is scanned
    # for them, one that opens with a look-behind is tried at every offset
    r"[。!?][ \t]*(?P<name>[\u4e00-\u9fffa-z·]{2,12}?)发[ \t]*\(?[ \t]*[\u4e00-\u9fff·]{2,4}"
    r"(?:[ \t、]+[\u4e00-\u9fff·]{2,4})*[ \t]*摄\)?[ \t]*$",
    re.MULTILINE,
)
# A credit line naming who wrote or shot the item (`文/图:沁源新闻中心`, `图文:XX融媒`): a unit's name
# there states the source as a reporter's byline does; a person's name there is resolved to nothing.
# It may follow a sentence on the same line, say 来自 before the name, and run into the next credit
# (`…致敬!图文:来自白城城市管理排版:市城管局宣传教育科`).
_CREDIT_LINE = re.compile(
    r"(?:^|(?<=[。!?;]))[ \t]*(?:文/图|图/文|文、图|文图|图文|文字|摄影|视频)[ \t]*[:|丨][ \t]*(?:来自|转自)?[ \t]*"
    r"(?P<name>[\u4e00-\u9fffa-z·]{2,20}?)[ \t]*"
    r"(?=$|(?:排版|编辑|责编|审核|校对|美编|制作|监制|出品)[ \t]*[:|丨])",
    re.MULTILINE,
)
# ... and a unit's correspondent doing the reporting in the same clause (`荔枝新闻通讯员今天上午在…客运站看到`,
# rubric round 7): a correspondent's unit is where the item comes from, as a reporter's is.
_CORRESPONDENT = re.compile(
    r"(?:^|(?<=[。!?;,\s]))(?P<name>[\u4e00-\u9fffa-z·]{2,12}?)(?:特约)?通讯员"
    r"(?:[^,。;!?\n]{0,20}?)(?:" + "|".join(_REPORTING_VERBS) + ")"
)
_CORRESPONDENT_REACH = (16, 26)  # characters before 通讯员 (a name, 特约) and after it (the clause up to the verb)
_REPORTING_REACH = 18  # a name of up to 12 characters and a title word before 记者; the verb after it
_CREDIT_REACH = 40  # characters around 记者 a credit can span (name, title word, names, 摄)
# what must follow 记者 within the reporters' names for a credit to be possible (a cheap test first)
_CREDIT_NAMES = 24
_CREDIT_ENDS = ("摄", "报道", ")", "\n")
# `(新华社)`, `（来源：新华社）` are handled as labels; a bare bracketed unit after a brief is not read.
_CLAIM = re.compile(
    r"(?:此文|本文|此文章|本文章|该文|此信息|本信息|文章|图文)(?:信息|内容|资料)?[ \t]*"
    r"(?:来源于|来源|源于|源自|摘自|转自|来自|选自|取自)[ \t:]*(?P<name>网络|互联网|网上|网友)"
)
# A site's disclaimer under every article (`本文来自网络,不代表XX立场,转载请注明出处`): says nothing
# about this item's source, so a label or claim on such a line is not read.
# So is a notice about part of what a site carries (`本媒体部分图片、文章来源于网络,版权归原作者所有`):
# 部分 says it is not about this item.
_DISCLAIMER = re.compile(
    r"不代表[^\n。]{0,16}?(?:立场|观点)|部[分份][^\n。,]{0,12}?(?:来源于|来自|转载自|源于|选自|摘自)"
)
# An item that opens with a reader's tip (`网友爆料:`, `读者投稿:`) names a vague source for itself.
_TIP = re.compile(r"^[ \t]*(?P<name>网友|读者|粉丝)(?:爆料|投稿|来稿)[ \t]*:", re.MULTILINE)
_ORIGINAL_TITLE = re.compile(_AFTER_SEPARATOR + r"原标题[ \t]*[:|丨]")
# The title a 原标题 line states: the rest of its line (`原标题：X`, `（原标题：《X》）`).
_ORIGINAL_TITLE_TEXT = re.compile(_ORIGINAL_TITLE.pattern + r"[ \t]*(?P<title>[^\n]{2,100})")
_TITLE_STRIP = " \t《》“”\"'。"
_EDITOR_TRAILER = re.compile(r"[(【\[][ \t]*(?:责任编辑|责编)[ \t]*[:|丨]")
_URL = re.compile(r"https?://[^\s<>\"'，。；）】\])(]+", re.IGNORECASE)
# A link counts as the original's address only after words that say so; a site's own
# `转载请注明：<its URL>` or `本文链接` is not a source.
_LINK_LABEL = re.compile(
    r"(?:原文链接|原文地址|原文|原链接|阅读原文|查看原文|政策原文|详见|链接|来源|出处|网址)[ \t]*[:]?[ \t]*$"
)

# Where a stated name ends: a second space, a bar, a bracket, a date or time, another field, or a
# page control that a template prints after an empty field (`来源: 分享到:`, `来源:   转播到腾讯微博`).
_NAME_END = re.compile(
    r"[,。;!?()\[\]【】|丨>]|[ \t]{2,}|\d{2,4}[-/.年]\d{1,2}|\d{1,2}:\d{2}|分享到|分享至|转播到|打印本页|关闭窗口|"
    r"(?:责任编辑|编辑|责编|作者|记者|审核|审校|校对|通讯员|摄影|摄像|原标题|排版|制作|监制|统筹|出品|来源|转自|"
    r"发布时间|发布日期|更新时间|更新日期|时间|日期|发布者|发布人|浏览次数|浏览量|浏览|阅读量|阅读|访问量|访问次数|"
    r"查看次数|查看|人气|点击数|点击|字号|字体|分享|打印|"
    r"评论|标签|作者简介|文号|索引号|来源地址|原文地址|原文链接|链接|网址)[ \t]*[:|]|https?://|www\.|"
    # a periodical's issue after its name (`《人民司法》2015年第13期`)
    r"\d{4}年第?\d{1,3}期|"
    r"[ \t]+(?:责任编辑|编辑|责编|作者|审核|校对|通讯员|摄影|图|文|浏览次数|阅读|访问量|字号|字体|发布时间|时间|"
    # a news page's comment link and a reading-aid switch printed after the name (`京华时报 发表评论`); a self
    # word after a space begins a credit of the publisher's own (`中国社会科学报 本报记者 X`)
    r"发表评论|我要评论|保护视力色|本报|本刊|本网|本台)"
)
# Another field of a page template: a short word and a colon, opening the name or after a space, unless
# the word is a platform written before an account (`微信公众号:广西发布`).
_NEXT_FIELD = re.compile(
    r"(?:^|(?<=[ \t:]))[ \t]*(?!(?:微信公众号|微信公号|公众号|微信号|微信|微博|抖音号|抖音|快手号|快手|视频号|头条号|"
    r"客户端|网站|官网|网址)[ \t]*:)[\u4e00-\u9fff]{2,5}[ \t]*:",
    re.MULTILINE,
)
# A date written before the name (`来源:9月30日《新华每日电讯》`).
_DATE_HEAD = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日[ \t]*")
_REPORTER = re.compile(r"(?:全媒体|融媒体|首席|特约|见习|实习)?记者(?![站部])|通讯员")
_SPLIT = re.compile(r"[、/;]|(?<=\S)综合(?=\S)")
_CLOSERS = {"”": "“", "’": "‘", "」": "「", "』": "『", "》": "《", "〉": "〈"}
_STRIP_CHARS = " \t“”\"'‘’「」『』《》〈〉:：.@·•"
_NAME_PREFIX = re.compile(r"(?:综合自|综合|整理自|摘编自|摘自|选自|转自|来自|转载自)")
_NAME_SUFFIX = re.compile(r"(?:整理|综合|供稿|编辑|报道|消息|等)$")
_TIME_TAIL = re.compile(
    r"(?:(?:去年|今年|前年|\d{4}年)?(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})月)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})日|"
    r"最新|最近|近日|日前|今天|昨天|今日|昨日)$"
)
# a date printed right after a labelled name, with no space (`来源:内江广播电视台9月29日,市委副书记…`)
_DATE_TAIL = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日$")
MAX_NAME = 40


@dataclass(frozen=True, slots=True)
class Statement:
    """One name stated in the text, with its exact span and how it was stated."""

    start: int
    end: int
    role: Role
    label: str = ""  # the label word (来源, 转自 …) for labelled lines


@dataclass(slots=True)
class Marks:
    """Everything the head and tail of a post say about where it comes from."""

    statements: list[Statement]
    empty_labels: list[tuple[int, int]]  # labels with nothing after them (template fields)
    original_titles: list[tuple[int, int]]
    trailers: list[tuple[int, int]]
    links: list[tuple[int, int, str]]  # (start, end, url)


def regions(
    folded: str, head_lines: int, tail_lines: int, region_chars: int, min_chars: int = 0
) -> list[tuple[int, int]]:
    """The head and the tail of the text (one region when they meet): `head_lines` and `tail_lines`
    non-empty lines, grown to whole lines covering at least `min_chars` characters when the lines are
    short (a layout of one phrase a line), never past `region_chars`."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", folded)]
    if not lines:
        return []
    head_end = lines[:head_lines][-1][1]
    if head_end - lines[0][0] < min_chars:
        head_end = next((e for _s, e in lines if e - lines[0][0] >= min_chars), lines[-1][1])
    head_end = min(head_end, lines[0][0] + region_chars)
    tail_start = lines[-tail_lines:][0][0]
    if lines[-1][1] - tail_start < min_chars:
        tail_start = next((s for s, _e in reversed(lines) if lines[-1][1] - s >= min_chars), lines[0][0])
    tail_start = max(tail_start, lines[-1][1] - region_chars)
    if tail_start <= head_end:
        return [(0, len(folded))]
    return [(0, head_end), (tail_start, len(folded))]


# (pattern, role) of the statements read as the pattern's `name` group, in this order
_PLAIN_STATEMENTS: tuple[tuple[re.Pattern[str], Role], ...] = (
    (_WIRE, "wire"), (_SELF, "self"), (_SELF_RUN_ON, "self"), (_SELF_BRACKET, "self"), (_BYLINE, "byline"), (_CREDIT_LINE, "byline"),
    (_SENT_CREDIT, "byline"), (_CLAIM, "claim"), (_TIP, "claim"),
)


def _keys(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Words one of which every match contains (`text.patterns`, from the parse tree); None: run
    always. Python's `re` has no literal prefilter for patterns that start with a look-behind, so
    each would otherwise be tried at every position of the head and the tail of every post."""
    if pattern.flags & re.IGNORECASE:
        return None
    keys = required_keys(pattern.pattern)
    if not keys:
        return None
    # a word holding a shorter key adds nothing to the test (no 来源, no 消息来源): fewer finds
    return tuple(sorted(k for k in keys if not any(o != k and o in k for o in keys)))


_GATES = {
    p: _keys(p)
    for p in (
        _LABELLED, _REPORTED, _WIRE, _SELF, _SELF_RUN_ON, _SELF_BRACKET, _BYLINE, _CREDIT_LINE, _SENT_CREDIT,
        _UNIT_REPORT, _PROGRAMME, _BRACKET_CREDIT,
        _REPORTING, _CREDIT,
        _CLAIM, _TIP, _ORIGINAL_TITLE, _ORIGINAL_TITLE_TEXT, _EDITOR_TRAILER,
    )
}


# one test for the programme pattern instead of its nine spellings: 》 is rare enough
_GATES[_PROGRAMME] = ("》",)


def _may_match(folded: str, start: int, end: int, pattern: re.Pattern[str]) -> bool:
    keys = _GATES[pattern]
    if keys is None:
        return True
    # a plain loop: this runs for every pattern of every region, and a generator costs more than the finds
    for word in keys:  # noqa: SIM110
        if folded.find(word, start, end) >= 0:
            return True
    return False


def read_marks(folded: str, spans: list[tuple[int, int]], name_lines: bool = False) -> Marks:
    """Statements, empty labels, 原标题 markers, editor trailers and source links in `spans`.

    `name_lines`: also read unlabelled source lines (a unit's name alone on a line), which only
    name the source of a post already declared a repost.
    """
    marks = Marks([], [], [], [], [])
    for start, end in spans:
        if _may_match(folded, start, end, _LABELLED):
            for m in _LABELLED.finditer(folded, start, end):
                label, rest = ("label", "rest") if m.group("label") else ("label2", "rest2")
                names = list(name_spans(folded, m.start(rest), m.end(rest)))
                if not names:
                    marks.empty_labels.append((m.start(label), m.end(label)))
                    if not folded[m.start(rest) : m.end(rest)].strip():
                        # a template that prints the value under its label (`稿件来源:` / `兰州晨报`); the line
                        # may as well be the title, so the checker counts it only as a known unit or organ
                        marks.statements.extend(
                            Statement(s, e, "label", NEXT_LINE) for s, e in _next_line_name(folded, m.end(rest), end)
                        )
                marks.statements.extend(Statement(s, e, "label", m.group(label)) for s, e in names)
        if _may_match(folded, start, end, _REPORTED):
            for m in _REPORTED.finditer(folded, start, end):
                role: Role = "wire" if m.group("wire") == "电" else "reported"
                marks.statements.extend(
                    Statement(s, e, role) for s, e in name_spans(folded, m.start("name"), m.end("name"), True)
                )
            for m in _REPORTED_BARE.finditer(folded, start, end):
                s, e = trim(folded, m.start("name"), m.end("name"))
                if e - s >= 2:
                    marks.statements.append(Statement(s, e, "reported", "bare"))
        for pattern, spans_of in ((_PROGRAMME, _programme_names), (_BRACKET_CREDIT, _bracket_credits)):
            if _may_match(folded, start, end, pattern):
                marks.statements.extend(Statement(s, e, "reported", "bare") for s, e in spans_of(folded, start, end))
        if _may_match(folded, start, end, _UNIT_REPORT):
            marks.statements.extend(Statement(s, e, "byline") for s, e in _unit_reports(folded, start, end))
        if folded.find("组", start, end) >= 0:
            marks.statements.extend(Statement(s, e, "byline") for s, e in _team_credits(folded, start, end))
        if name_lines:
            for m in _NAME_LINE.finditer(folded, start, end):
                group = "name" if m.group("name") else "tail"
                marks.statements.append(Statement(m.start(group), m.end(group), "reported", "line"))
        for pattern, role_of in _PLAIN_STATEMENTS:
            if _may_match(folded, start, end, pattern):
                marks.statements.extend(
                    Statement(m.start("name"), m.end("name"), role_of) for m in pattern.finditer(folded, start, end)
                )
        if _may_match(folded, start, end, _CREDIT):
            seen = {(st.start, st.end) for st in marks.statements}
            # only around each 记者: the pattern opens with a look-behind, so `re` would otherwise
            # try it at every position of the region
            at = folded.find("记者", start, end)
            while at >= 0:
                # prose reporting (`顶端新闻记者联系到`): a name just before 记者, a verb just after
                verbs = folded[at + 2 : min(end, at + 2 + 8)]
                if any(verb in verbs for verb in _REPORTING_VERBS):
                    near = (max(start, at - _REPORTING_REACH), min(end, at + 2 + 8))
                    for m in _REPORTING.finditer(folded, *near):
                        span = (m.start("name"), m.end("name"))
                        if span not in seen:
                            seen.add(span)
                            marks.statements.append(Statement(*span, "byline"))
                if folded.find(":", max(start, at - _STAMP_REACH), at) >= 0 and _STAMP_BEFORE.search(
                    folded, max(start, at - _STAMP_REACH), at
                ):
                    # a byline run into the page's time stamp (`20:52:00极目新闻记者 柳琛琛`)
                    for m in _STAMP_CREDIT.finditer(folded, max(start, at - _STAMP_REACH), min(end, at + 8)):
                        span = (m.start("name"), m.end("name"))
                        if span not in seen:
                            seen.add(span)
                            marks.statements.append(Statement(*span, "byline"))
                after = folded[at + 2 : min(end, at + 2 + _CREDIT_NAMES)]
                if len(after) < _CREDIT_NAMES or any(mark in after for mark in _CREDIT_ENDS):
                    window = (max(start, at - _CREDIT_REACH), min(end, at + _CREDIT_REACH))
                    for m in _CREDIT.finditer(folded, *window):
                        span = (m.start("name"), m.end("name"))
                        if span not in seen:
                            seen.add(span)
                            marks.statements.append(Statement(*span, "byline"))
                at = folded.find("记者", at + 2, end)
        at = folded.find("通讯员", start, end)
        while at >= 0:
            near = (max(start, at - _CORRESPONDENT_REACH[0]), min(end, at + 3 + _CORRESPONDENT_REACH[1]))
            for m in _CORRESPONDENT.finditer(folded, *near):
                span = (m.start("name"), m.end("name"))
                if span not in {(st.start, st.end) for st in marks.statements}:
                    marks.statements.append(Statement(*span, "byline"))
            at = folded.find("通讯员", at + 3, end)
        if _may_match(folded, start, end, _ORIGINAL_TITLE):
            marks.original_titles.extend((m.start(), m.end()) for m in _ORIGINAL_TITLE.finditer(folded, start, end))
        if _may_match(folded, start, end, _EDITOR_TRAILER):
            marks.trailers.extend((m.start(), m.end()) for m in _EDITOR_TRAILER.finditer(folded, start, end))
    if marks.statements and ("不代表" in folded or "部分" in folded or "部份" in folded):
        marks.statements = [st for st in marks.statements if not _on_disclaimer(folded, st)]
    if "://" in folded:
        for m in _URL.finditer(folded):
            line_start = folded.rfind("\n", 0, m.start()) + 1
            if _LINK_LABEL.search(folded, line_start, m.start()):
                marks.links.append((m.start(), m.end(), m.group()))
    return marks


# The value a template prints on the line under its label: a short line that is not itself a field
# (`发布时间:`) and holds no sentence.
_VALUE_LINE = re.compile(r"\n[ \t]*(?P<value>[^\n:。,;!?]{2,24}?)[ \t]*(?=\n|$)")


def _next_line_name(folded: str, at: int, end: int) -> Iterator[tuple[int, int]]:
    """The name on the line right after an empty label, if that line is a bare value."""
    m = _VALUE_LINE.match(folded, at, end)
    if m:
        yield from name_spans(folded, m.start("value"), m.end("value"))


def _on_disclaimer(folded: str, st: Statement) -> bool:
    """Whether a labelled or claimed source stands on a disclaimer line (a template's, not this item's)."""
    if st.role not in ("label", "claim") or st.label.startswith("内容均转载"):
        return False  # `内容均转载X,…不代表本频道观点`: the notice names the unit it reposts from
    line_start = folded.rfind("\n", 0, st.start) + 1
    line_end = folded.find("\n", st.end)
    return _DISCLAIMER.search(folded, line_start, len(folded) if line_end < 0 else line_end) is not None


def name_spans(folded: str, start: int, end: int, reported: bool = False) -> Iterator[tuple[int, int]]:
    """The source names written in folded[start:end], each with its exact span.

    `reported`: the words between 据 and 报道, where a time (３日, 最近) may follow the name and a
    phrase with 的 describes a source rather than naming it.
    """
    cut = _NAME_END.search(folded, start, end)
    end = cut.start() if cut else end
    # the next field of a template (`信息来源: 关键词:`, `来源:人民网 栏目:`) ends the name; one that opens it
    # means the field was left empty
    field = _NEXT_FIELD.search(folded, start, end)
    end = field.start() if field else end
    pos = start
    for m in _SPLIT.finditer(folded, start, end):
        yield from _piece(folded, pos, m.start(), reported)
        pos = m.end()
    yield from _piece(folded, pos, end, reported)


# `“三江发布”今日头条号`: the account's name is the quoted part before the platform word.
_QUOTED_ACCOUNT = re.compile(
    r"[“\"「『]?(?P<name>[^“”\"「」『』]{2,30})[”\"」』](?:官方)?(?:微信公众号|微信公号|公众号|微信号|官方微博|微博|"
    r"抖音号|快手号|视频号|今日头条号|头条号|百家号|客户端|app)$"
)


def _piece(folded: str, start: int, end: int, reported: bool) -> Iterator[tuple[int, int]]:
    s, e = trim(folded, start, end)
    quoted = _QUOTED_ACCOUNT.fullmatch(folded, s, e)
    if quoted:
        s, e = quoted.start("name"), quoted.end("name")
    if reported:
        time = _TIME_TAIL.search(folded, s, e)
        s, e = trim(folded, s, time.start() if time else e)
        if "的" in folded[s:e]:
            return
    date = _DATE_TAIL.search(folded, s, e)
    if date and date.start() - s >= 2:
        s, e = trim(folded, s, date.start())
    suffix = _NAME_SUFFIX.search(folded, s, e)
    # a two-letter stem keeps 报道 and 消息 (中国报道 is a magazine, 参考消息 a paper; 央视报道 still reads as
    # 央视 by its tail)
    if suffix and suffix.start() - s >= (3 if folded.startswith(("报道", "消息"), suffix.start()) else 2):
        s, e = trim(folded, s, suffix.start())
    # a reporter's credit run into the unit's name (`紫金山新闻记者杨凡`): the unit is the source
    credit = _REPORTER.search(folded, s + 2, e)
    if credit:
        s, e = trim(folded, s, credit.start())
    if 2 <= e - s <= MAX_NAME:
        yield s, e


def trim(folded: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a name's span past spaces, colons, quotes, @ and prefixes such as 综合自; keep a
    closing quote whose opening quote stays inside (微信公众号“广西发布”)."""
    while start < end and folded[start] in _STRIP_CHARS:
        start += 1
    date = _DATE_HEAD.match(folded, start, end)
    if date and end - date.end() >= 2:
        start = date.end()
        while start < end and folded[start] in _STRIP_CHARS:
            start += 1
    prefix = _NAME_PREFIX.match(folded, start, end)
    if prefix and end - prefix.end() >= 2:
        start = prefix.end()
        while start < end and folded[start] in _STRIP_CHARS:
            start += 1
    while end > start and folded[end - 1] in _STRIP_CHARS:
        if folded[end - 1] in _CLOSERS and _CLOSERS[folded[end - 1]] in folded[start : end - 1]:
            break
        end -= 1
    return start, end


_SEGMENT = re.compile(r"[ \t\-—–·、@:/]+|《[^》]*》?")


def alternatives(folded: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Shorter readings of a name that did not resolve: its words, its dash-joined parts, the unit
    before a programme's title or an account (`新华每日电讯 要 闻` -> 新华每日电讯; `河南报业网-河南日报`
    -> 河南报业网, 河南日报; `中国之声《央广新闻》` -> 中国之声; `成都市公安局武侯区分局@平安武侯` -> both)."""
    pos = start
    for m in _SEGMENT.finditer(folded, start, end):
        if m.start() - pos >= 2:
            yield pos, m.start()
        pos = m.end()
    if pos > start and end - pos >= 2:
        yield pos, end


def split_declared(value: str, folded: str) -> list[str]:
    """A declared `source` field's parts (`folded` is `value` folded), cut like a source line."""
    return [value[s:e] for s, e in name_spans(folded, 0, len(folded))]


def stated_original_title(folded: str, text: str, spans: list[tuple[int, int]]) -> str | None:
    """The 原标题 the post states in its head or tail, as written in `text` (`folded` is `text` folded,
    offsets unchanged): the rest of the first 原标题 line, without the bracket that opened the line,
    quotes or 《》."""
    for start, end in spans:
        m = _ORIGINAL_TITLE_TEXT.search(folded, start, end) if _may_match(folded, start, end, _ORIGINAL_TITLE_TEXT) else None
        if m is None:
            continue
        s, e = m.start("title"), m.end("title")
        if m.start() > 0 and folded[m.start() - 1] == "(":
            close = folded.rfind(")", s, e)
            e = close if close > s else e
        while s < e and folded[s] in _TITLE_STRIP:
            s += 1
        while e > s and folded[e - 1] in _TITLE_STRIP:
            e -= 1
        if e - s >= 2:
            return text[s:e]
    return None
