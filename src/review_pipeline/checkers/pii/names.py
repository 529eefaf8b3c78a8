"""Full names without a person cue: structure, the jieba dictionary and what surrounds them.

Real posts name private persons in enumerations (失主分别为高继继、周春生、赵唯), after a role or
kinship word (父亲金桥, 农民工管永保), at the start of a clause (，于吉忠将记者带到…) or before a
speech verb (何帮片说). A candidate is a surname (百家姓) + one or two CJK characters found at
such an anchor; it is scored by:

- what is before it: a private-person or kinship word, a verb that introduces a name (名叫),
  punctuation or the start of a line; an official's title or a newsroom role (民警, 记者, 编辑)
  makes it an official in role or a byline, never reported;
- what is after it: punctuation, a speech or action word (说, 表示, 捡到), or the start of a
  dictionary word that does not glue to the candidate's last character;
- the jieba dictionary: a dictionary word (周围, 王国, 红绿灯) is not a name unless tagged `nr`
  and introduced by a role or naming word; nor is a candidate inside a longer word (双休日),
  one starting with a frequent word (银行卡), or a given name made of function characters
  (村民都来了) or of a verb (金捐赠);
- repetition: a string accepted once is a name wherever else it stands in the post.

Everything is data (lexicons/pii/name_*.tsv|txt); this module has no word lists of its own.
Scoring runs only at anchors found by one compiled regex, so a post costs a few dozen checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise

from review_pipeline.checkers.pii.cuescan import CueScan
from review_pipeline.text.analysis import SENTENCE_FINALS
from review_pipeline.text.phrases import PhraseIndex
from review_pipeline.text.segment import WordTable, word_freqs, word_tags

_CJK = "\u3400-\u9fff"
# punctuation, spaces and line breaks after which a clause (and a name) may start
_PUNCT = r"\s，。、；：:,;！!？?（(）)“”\"'‘’「」『』【】《》…—\-|·/"
_CJK_RE = re.compile(f"[{_CJK}]")
_PUNCT_OR_DIGIT = re.compile(f"[{_PUNCT}0-9]")
# the characters `_PUNCT_OR_DIGIT` matches, for a set look-up where a name's end is scored (every
# whitespace character is below U+3001; the rest are listed in `_PUNCT`)
_PUNCT_OR_DIGIT_CHARS = frozenset(c for c in map(chr, range(0x3001)) if c.isspace()) | frozenset(
    c for c in _PUNCT.replace("\\s", "").replace("\\-", "-") + "0123456789" if _PUNCT_OR_DIGIT.match(c)
)
_IN_TITLE = re.compile(r"《[^》]*$")
_TITLE_END = re.compile(r"[^《]{0,12}》")
_BYLINE = re.compile(r"[(（][^)）]*[)）]")  # (黄敏凤), (曾文): a name alone in brackets signs the text
# (张栋 侯荣亮), (通讯员 熊伟 采访人员 张斌), (陈 锐 姚旭东): two or more words in brackets, spaces
# between (a two-character name may be spaced out, 陈 锐)
_BYLINE_GROUP = re.compile(r"[(（](?:[\u4e00-\u9fff]{1,5}[ \u3000]+)+[\u4e00-\u9fff]{1,4}[)）]")
# a bracketed group of names joined by 、 closing a paragraph (…温暖和关怀。( 余明明、夏甜甜)): the
# reporters sign it; tested where a sentence ends before it and a line ends after it
_CLOSING_GROUP = re.compile(
    r"[(（][ \u3000]*[\u4e00-\u9fff]{2,3}(?:[ \u3000]*[、，,][ \u3000]*[\u4e00-\u9fff]{2,3}){1,5}[ \u3000]*[)）](?=[ \t\u3000]*(?:\n|$))"
)
# a bracketed credit closing a paragraph: a unit or place, a space, one name (…全过程。 (澧县城头山镇 王杰));
# tested, like _CLOSING_GROUP, where a sentence ends before it and a line ends after it
_CLOSING_CREDIT = re.compile(
    r"[(（][ \u3000]*[\u4e00-\u9fff]{2,12}[ \u3000]+[\u4e00-\u9fff]{2,3}[ \u3000]*[)）](?=[ \t\u3000]*(?:\n|$))"
)
# one to three 2–3-character words on a line of their own: the names that sign an article
_SIGNATURE_NAMES = re.compile(r"[ \t\u3000]*[\u4e00-\u9fff]{2,3}(?:[ \t\u3000]+[\u4e00-\u9fff]{2,3}){0,2}[ \t\u3000]*")
_LINE = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(f"[{SENTENCE_FINALS}]")
# the particles that join an adverbial to its verb (安然地度过; 的 is often written for 地)
_ADVERBIAL_MARKS = frozenset("地的")
# a name alone after a bullet at a line's start (■ 贾秀东, ●田宏): a column's author line
_BULLET_NAME = re.compile(r"^[ \t\u3000]*[■●][ \t\u3000]*([\u4e00-\u9fff]{2,3})(?=[ \t\u3000]|$)", re.M)
# a line of two or more 2–3-character words separated by spaces (a signature: 葛生 王永艳)
_NAMES_LINE = re.compile(r"[ \t\u3000]*[\u4e00-\u9fff]{2,3}(?:[ \t\u3000]+[\u4e00-\u9fff]{2,3})+[ \t\u3000]*")
_ENUM = frozenset("、和与及")  # what joins the items of an enumeration of names
_LIST_JOINERS = frozenset("、和与及 \u3000")  # … and what joins a list of officials or bylines
# a line headed by a word and a colon (组长:褚振福, 成员:李莉 李孝智): a roster when one head of its
# block of such lines is an office (RUBRIC §2: a leading group's members act in role); a line
# belongs to the roster when its head is an office or a position (…员, …长, 主任), not a caller's
# or writer's role (来电人:刘富强 under 受理人:李明 stays a private person)
_HEADED_LINE = re.compile(r"[ \t\u3000]*([\u4e00-\u9fff]{1,6})[:：]")
_POSITION_ENDS = ("员", "长", "任")
# the cells of a table row: runs of characters between spaces, tabs and bars
_CELL = re.compile(r"[^ \t\u3000|｜]+")
_CELL_SEPARATORS = (" ", "\t", "\u3000", "|", "｜")  # what `_CELL` splits on
_TABLE_MIN_CELLS = 3  # a header of fewer cells is a field line (姓名：赵春梅), not a table
_BYLINE_LINE_MAX = 120  # longer than any line `_byline_line` can match (a word + 40 characters)
# an amount closing an item of a list (200元、 / 50元。)
# (a Chinese character must stand before the digits: tested on each match, since a pattern that
# opens with a look-behind is tried at every position of the text)
_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]+)?元(?=[、,，;；。…]|$)")
_LIST_GAP = re.compile(r"(?:[0-9.]+元)?[、，,和及与]")
# the dots of a transliterated name (勞爾·卡斯特羅·魯斯): a reading next to one is a piece of a
# foreign name, never a Chinese full name
_INTERPUNCT = frozenset("·•・‧")
# a number right before a surname that is also a measure word (3 米宽, 5斤重): a quantity
_AFTER_NUMBER = re.compile(r"[0-9一二两三四五六七八九十百千万][ \t]?$")
# what may stand between a run of names and the office that closes it: one more name after 和,
# 等, a head count (潘灿峰、纪金星、苏春林和黄元雄四名民警)
_ROLE_COUNT = re.compile(r"(?:[和与及][\u4e00-\u9fff]{2,3})?等?[0-9一二两三四五六七八九十]{1,3}[名位]")

# weights of the evidence (see module docstring); a candidate is a name at ACCEPT or above
CUE_PRIVATE, CUE_CALL, CUE_PUNCT = 2.0, 1.5, 0.5
RIGHT_PUNCT, RIGHT_WORD, RIGHT_DICT, RIGHT_GLUE, RIGHT_NONE = 1.0, 1.0, 0.3, -1.5, -1.0
PREFIX_WORD, AMBIGUOUS, NOVEL = -1.5, -1.5, 0.7
ENUM = 1.0
# a given-name character at or below this log ratio (given_name_chars.tsv) is one names seldom
# use: evidence against a reading no person's role vouches for
# (and the mean over the given name at or below UNLIKELY_MEAN: 李坤鹏 keeps its name-like 鹏)
UNLIKELY_AT, UNLIKELY_MEAN, UNLIKELY_GIVEN = -1.75, 0.5, -1.0
# a one-character given name at or below this log ratio, with nothing to vouch for it (车损, 国考,
# 熊抱, 游灯): a single character is weaker evidence than two, so a milder ratio already counts
# (real one-character names in the dev set sit at -0.4 and above; bylines and words below -0.6.
# benchmarks/pii_cv.py --name ONE_CHAR_UNLIKELY --values=-1.5,-1.0,-0.8,-0.6,-0.4,-0.2,0.0 over dev
# hosts (375 passages, 5 folds): every value from -0.6 to 0.0 keeps every name and scores F1
# 0.957 but for one false name (out of fold 0.957); the mildest of them is kept, since a lost
# name leaks and a false one only over-masks)
ONE_CHAR_UNLIKELY = -0.6
REPEAT = 0.5  # each further anchored occurrence of the same string
ACCEPT = 1.5
PREFIX_FREQ = 100
GLUE_FREQ = 20  # the name's last character and the next one make a word at least this common  # a dictionary word at least this frequent is an ordinary word
NAME_MAX_FREQ = 500
PUBLIC_FIGURE_FREQ = 3
PUBLIC = float(
    "-inf"
)  # the score of a public figure's name: never reported, like an official  # jieba's dictionary knows the names the news repeats: public figures  # jieba tags some very frequent words nr (谢谢, 荣获); real names are rarer
_NOT_NAME_TAGS = frozenset("vdpcurfmq")  # verbs, adverbs, pronouns, … are not given names (富强 is)
LIST_MIN = 0.5  # a candidate this good counts as an item of a list of names (、)
_KIND_SCORE = {"private": CUE_PRIVATE, "call": CUE_CALL, "official": CUE_PRIVATE, "unit": CUE_PRIVATE}
_BARE_KINDS = frozenset({"punct", "start", "weak", "right"})  # anchors that vouch for nothing themselves
_VOUCHED = frozenset({"private", "call"})  # a person's role or a naming verb vouches for a name
# what follows a place written in the post itself (曹集镇, 九溪村): below county level, so no
# official list holds it
_LOCAL_PLACE = re.compile("镇|乡|村|街道|社区")  # literals: the regex engine skips ahead in C
_OPEN_QUOTES = frozenset("“\"'‘「『【《")  # a word right after one is a term, product or title
# a pinyin gloss in brackets, as pages with ruby annotations print it (代(dài)农(nóng)):
# the characters around it are cut out of words, not a name
_GLOSS_AFTER = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")
_GLOSS_BEFORE = re.compile(r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü][)）]$")
_QUOTE_CLOSE = re.compile("[”\"'’」』】》]")
_QUOTE_MAX = 12  # a quotation longer than this after the reading is a title or a slogan
# a document number after the reading (梁政发【2023】, 国卫医函〔2022〕, 卫食健字[1999]): the
# issuing office's abbreviation, not a name
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{0,3}[〔【\[][0-9]{4}[〕】\]]")
# an author list with affiliation marks (王霄晔1, 任婧寰1, 王哲1): the paper's authors sign it;
# tested at a candidate's end: its mark, then the next author and its mark
_AUTHOR_MARK = re.compile(r"[0-9]{1,2}(?:,[0-9])*[ \t]*[,，、][ \t]*[\u4e00-\u9fff]{2,4}[0-9]")
_AUTHOR_MARK_BEFORE = re.compile(r"[\u4e00-\u9fff][0-9]{1,2}[ \t]*[,，、][ \t]*$")
_SANDWICH_SEPARATORS = frozenset("、,，")  # what separates the items of a list of names
_SIGNED_AFTER = frozenset(SENTENCE_FINALS + "”")  # what ends the sentence before a closing signature
_CREDIT_REACH = 12  # characters between an opening bracket and a name credited inside it
_ITEM_END = "、，,。；;：:（(“\"\n\t 　"  # what delimits the item before a list item
_CLAUSE_END = "。；;！!？?\n"
# 等, then a head count and its measure word (等23户, 等5名): what may stand between a name and
# the private role that closes it (翁彩英等爱心人士)
_DENG = re.compile(r"等(?:[0-9一二两三四五六七八九十百]{1,4}[名位户人个])?")
# a bracket of newsroom credits and names separated by spaces (and slashes), as a report's
# closing credit line prints them; what ends the search for its closing bracket
_GROUP_REACH = 80
_DATELINE_BEFORE = 6  # characters before a bracket searched for a dateline word (日电, 网讯) and spaces
_GROUP_CLOSE = re.compile(r"[()（）。，,；;\n]")
_CREDIT_GROUP = re.compile(r"[ \t\u3000]*[\u4e00-\u9fff]{1,12}(?:[ \t\u3000/／]+[\u4e00-\u9fff]{1,12})+[ \t\u3000]*")
_OWN_FORMS = frozenset({"同志", "先生", "女士"})  # what may stand between a name and its own contact
_HEAD_WINDOW = 24  # characters before a list item searched for the enumeration's head


@dataclass(frozen=True)
class NameLexicons:
    """The word lists the structural finder reads (all folded)."""

    surnames: frozenset[str]
    cues: dict[str, str]  # word -> private | call | official
    right_words: frozenset[str]
    stop_chars: frozenset[str]
    ambiguous: frozenset[str]
    titles: tuple[str, ...]  # forms of address and titles written right after a surname
    not_after: tuple[str, ...] = ()  # places, organisations, 化名: the word is not a person's name
    not_alone: frozenset[str] = frozenset()  # 家, 氏: never a one-character given name
    # stop characters that may start a two-character given name that is no word (刘一鸣)
    soft_stop_chars: frozenset[str] = frozenset()
    byline_words: tuple[str, ...] = ()  # 来源, 记者, 终审 …: a line they open signs the post
    places: frozenset[str] = frozenset()  # official place names (岳阳, 娄底): not a person's name
    # last characters of places, organisations and products (局, 堂, 洼 …): an unvouched reading
    # ending in one is no name (卫计局, 安荟堂, 赵家洼)
    not_last: frozenset[str] = frozenset()
    public_figures: frozenset[str] = frozenset()  # 马云, 蓬佩奥: never reported (RUBRIC §2)
    byline_after: tuple[str, ...] = ()  # 摄, 口述, 整理 after a name: a credit, not a person
    # heads of an enumeration of places or products (乡镇, 产品): its items are no names
    list_heads: tuple[str, ...] = ()
    # what follows a list of officials (出席, 等领导): every name of the list is in role
    officials_after: tuple[str, ...] = ()
    # words before or after a quotation that make it a product (发布, 品牌, 牌, 胶囊)
    product_words: tuple[str, ...] = ()
    # characters given names seldom use -> log ratio of their share in names to their share in
    # running text (given_name_chars.tsv, below zero): 倒, 雷, 涝, 损 make 全倒户, 强雷电 no names
    given_chars: dict[str, float] = field(default_factory=dict)
    # 化名, 均为化名 after a name: the string is a pseudonym wherever it stands in the post
    pseudonym_marks: tuple[str, ...] = ()
    # words after a name strong enough to anchor it with nothing before it (捡到, 一家, 现年)
    right_anchors: tuple[str, ...] = ()
    # word -> employer | staff | place_column | contact | dateline (name_structure.tsv)
    structure: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class StructuralName:
    """A name at [start, end); `surname_length` 1 or 2; `evidence` says what found it."""

    start: int
    end: int
    surname_length: int
    evidence: str


def _official(name: str, officials: set[str]) -> bool:
    """The name, or a shorter or longer reading of it (吴井 / 吴井光), was found in role."""
    return any(name.startswith(o) or o.startswith(name) for o in officials)


@lru_cache(maxsize=1)
def _dictionary() -> tuple[WordTable[int], WordTable[str]]:
    """jieba's word frequencies (prefixes have 0) and part-of-speech tags."""
    return word_freqs(), word_tags()


class _TaggedNames(dict[str, bool]):
    """Words jieba tags nr, as a mapping word -> bool: ordinary names (not frequent: jieba tags
    谢谢 nr) or, with `public`, names of three characters or more the news repeats. Read as
    `names[word]`: each answer is worked out once (so only the dictionary shards a text touches
    load) and kept, so the scorer's repeated look-ups stay in C."""

    MAX_KEPT = 200_000  # answers kept before the memo starts over (a long batch meets many strings)

    def __init__(self, freq: WordTable[int], tags: WordTable[str], public: bool) -> None:
        super().__init__()
        self._freq, self._tags, self._public = freq, tags, public

    def __missing__(self, word: str) -> bool:
        if len(self) >= self.MAX_KEPT:
            self.clear()
        found = self[word] = self._tagged(word)
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self[word]

    def _tagged(self, word: str) -> bool:
        if not self._tags.get(word, "").startswith("nr"):
            return False
        if self._public:
            return len(word) >= 3 and self._freq.get(word, 0) >= PUBLIC_FIGURE_FREQ
        return bool(self._freq.get(word, 0) < NAME_MAX_FREQ)


class Prefixes:
    """`at(text, pos)`: whether one of `words` is written at `pos`, as `text.startswith(words,
    pos)` answers, but testing only the words that begin with the character there (a tuple
    `startswith` tries all of them, and the scorer asks several times per candidate)."""

    __slots__ = ("_any", "_by_first")

    def __init__(self, words: Iterable[str]) -> None:
        by_first: dict[str, list[str]] = {}
        ordered = sorted(set(words), key=len, reverse=True)
        self._any = "" in ordered  # an empty word is written everywhere
        for word in ordered:
            if word:
                by_first.setdefault(word[0], []).append(word)
        self._by_first = {c: tuple(ws) for c, ws in by_first.items()}

    def at(self, text: str, pos: int = 0) -> bool:
        if self._any:
            return True
        words = self._by_first.get(text[pos : pos + 1])
        return words is not None and text.startswith(words, pos)


class StructuralNameFinder:
    """Finds full names at structural anchors in folded text (see module docstring)."""

    # jieba's dictionary loads when a text first offers a candidate, not when the checker is built
    @cached_property
    def _freq(self) -> WordTable[int]:
        return _dictionary()[0]

    @cached_property
    def _tags(self) -> WordTable[str]:
        return _dictionary()[1]

    @cached_property
    def _name_words(self) -> _TaggedNames:
        return _TaggedNames(self._freq, self._tags, public=False)

    @cached_property
    def _public_figures(self) -> _TaggedNames:
        return _TaggedNames(self._freq, self._tags, public=True)

    def __init__(self, lex: NameLexicons, scan: CueScan | None = None) -> None:
        self.lex = lex
        self.scan = scan
        self._last_places: tuple[str, frozenset[str]] = ("", frozenset())
        self._heads: dict[str, tuple[bool, bool]] = {}  # see `_head_plausible`
        self._last_place_heads: frozenset[str] = frozenset()  # first two characters of 3-character places
        # one character class of every surname's first character: the regex engine tests a
        # class in C at each position; whether a compound surname (欧阳) stands there is a
        # dictionary look-up afterwards
        firsts = "".join(sorted({x[0] for x in lex.surnames}))
        surname = f"[{re.escape(firsts)}]"
        # cue words are found with one Aho-Corasick pass (C); single-character cues (的, 和 …)
        # and punctuation by a look-behind; a surname must follow either
        singles_cues = "".join(re.escape(c) for c, k in lex.cues.items() if len(c) == 1)
        self.cue_index = PhraseIndex((c, k) for c, k in lex.cues.items() if len(c) > 1)
        # a leading class (not a look-behind) lets the regex engine skip ahead in C; only the
        # delimiter is consumed, so a one-character cue that is a surname (和) is seen too
        self._punct_anchor = re.compile(rf"[{_PUNCT}{singles_cues}](?=({surname})[{_CJK}])")
        self._first_anchor = re.compile(rf"{surname}(?=[{_CJK}])")
        self._surname_at = re.compile(rf"[ \t\u3000:：|｜/]{{0,3}}({surname})(?=[{_CJK}])")
        self._title_at = Prefixes(lex.titles)
        self._first_chars = frozenset(firsts)
        self._unit_chars = frozenset(w for w, k in lex.cues.items() if k == "unit" and len(w) == 1)
        self._offices = tuple(
            sorted((w for w, k in lex.cues.items() if k == "official"), key=len, reverse=True)
        )
        self._not_after_at = Prefixes(lex.not_after)
        heads = "|".join(re.escape(w) for w in sorted(lex.list_heads, key=len, reverse=True))
        # a head, a few characters, then what opens the items (乡镇包括, 产品主要有:)
        self._list_head = (
            re.compile(rf"(?:{heads})[^{_CLAUSE_END}]{{0,4}}?(?:包括|主要有|有|为|如|[:：])") if heads else None
        )
        self._byline_after = (
            re.compile(r"[ \t\u3000]?[-－—/／]{0,3}(?:" + "|".join(re.escape(w) for w in lex.byline_after) + rf")(?![{_CJK}])")
            if lex.byline_after
            else None
        )
        self._officials_after = Prefixes(lex.officials_after)
        # right anchors (洪定星捡到) are found in the same Aho-Corasick pass as the cues
        self.right_index = PhraseIndex((w, "right") for w in lex.right_anchors) if lex.right_anchors else None
        marks = "|".join(re.escape(w) for w in sorted(lex.pseudonym_marks, key=len, reverse=True))
        # a surname-initial reading of two or three characters, then the mark (an opening
        # bracket may stand between): 林耀星(化名), 小波（化名）
        self._pseudonym = re.compile(rf"([{_CJK}]{{2,3}})[(（]?(?:{marks})") if marks else None
        self._office_at = Prefixes(self._offices)
        self._long_credits = tuple(w for w in lex.byline_words if len(w) >= 2)
        words = "|".join(re.escape(w) for w in sorted(lex.byline_words, key=len, reverse=True))
        # a line opened by a byline word (来源:…中心 伍伟  夏伟杰; 终审:付文龙)
        self._byline_line = re.compile(rf"^[ \t\u3000(（【\[]*(?:{words})[ \t\u3000]*[:：/ ][^\n]{{0,40}}$", re.M) if words else None
        kinds = lex.structure
        self._employers = tuple(sorted((w for w, k in kinds.items() if k == "employer"), key=len, reverse=True))
        self._staff = frozenset(w for w, k in kinds.items() if k == "staff")
        self._place_heads = frozenset(w for w, k in kinds.items() if k == "place_column")
        self._contact_words = tuple(w for w, k in kinds.items() if k == "contact")
        contacts = "|".join(re.escape(w) for w in sorted(self._contact_words, key=len, reverse=True))
        # 张伟同志（电话：138…）: a bracket opened by a phone word right after a name (a form of
        # address may stand between); the name is found backwards from the bracket
        self._own_contact = (
            re.compile(rf"[(（][ \t\u3000]*(?:联系)?(?:{contacts})[:：]?[ \t\u3000]*[+0-9]") if contacts else None
        )
        datelines = "|".join(re.escape(w) for w in sorted((w for w, k in kinds.items() if k == "dateline"), key=len, reverse=True))
        # …10月30日电 (张永生、朴馨语): a bracket of 2–4-character words right after a dateline
        self._dateline_group = (
            re.compile(
                rf".*?(?:{datelines})[ \t\u3000]*[(（][ \t\u3000]*[\u4e00-\u9fff]{{2,4}}(?:[ \t\u3000、,，]+[\u4e00-\u9fff]{{2,4}})*[ \t\u3000]*[)）]"
            )
            if datelines
            else None
        )

    # ------------------------------------------------------------------ public

    def find(self, text: str) -> tuple[list[StructuralName], frozenset[str]]:
        """Names in `text`, and the strings found as officials in role or bylines."""
        officials: set[str] = set()
        public: set[str] = set()  # public figures: not reported here; a cue word may still name them
        scored: list[tuple[float, StructuralName]] = []
        signed = self._signatures(text)
        credited = self._credit_brackets(text)
        officials.update(self._pseudonyms(text))  # never reported, a cue word does not revive them
        for start, n, kind in self._anchors(text):
            best = self._best(text, start, n, kind)
            if best is None:
                continue
            score, found = best
            if score == PUBLIC:
                if kind != "right":  # a right anchor alone says too little to veto a cue's name
                    public.add(text[found.start : found.end])
                continue
            if (
                kind in ("official", "unit")
                or any(s <= found.start and found.end <= e for s, e in signed)
                or self._title_after(text, found.end)
                or self._credit_after(text, found.end)
                or self._signs_the_end(text, found.start, found.end)
                or self._bracket_credit(text, found.start, found.end)
                or self._author(text, found.start, found.end)
                or _BYLINE.fullmatch(text, max(0, found.start - 1), min(len(text), found.end + 1))
                or self._follows_official(text, found.start, officials)
                or any(c <= found.start and found.end <= e for c, e in credited)
            ):
                officials.add(text[found.start : found.end])
                continue
            scored.append((score, found))
        # the same string at several anchors adds up (何帮片说 … 何帮片来到 …)
        seen: dict[str, int] = {}
        for _, found in scored:
            seen[text[found.start : found.end]] = seen.get(text[found.start : found.end], 0) + 1
        accepted: dict[int, StructuralName] = {}
        for score, found in scored:
            score += REPEAT * (seen[text[found.start : found.end]] - 1)
            if score >= ACCEPT:
                accepted[found.start] = found
        # a person who gives their own phone is no public figure (张建国同志（电话…）)
        public -= self._own_contacts(text, accepted)
        self._lists(text, scored, accepted)
        self._sandwiched(text, accepted)
        self._amount_list(text, accepted)
        self._enumerations(text, accepted, officials | public)
        # a table's person column names its rows' persons, common names jieba knows (李秀英) too
        public -= self._table_names(text, accepted)
        self._repeat(text, accepted)
        self._titled_elsewhere(text, accepted, officials)
        places = self._place_cells(text)
        names = [
            n
            for n in sorted(accepted.values(), key=lambda n: n.start)
            if not _official(text[n.start : n.end], officials | public) and n.start not in places
        ]
        if self.lex.officials_after and names:
            names = self._in_role_lists(text, names, officials)
            names = [n for n in names if not _official(text[n.start : n.end], officials)]
        return names, frozenset(officials)

    def _pseudonyms(self, text: str) -> set[str]:
        """Strings the post marks as altered names (林耀星(化名)): the two- and three-character
        readings before the mark that start with a surname."""
        if self._pseudonym is None or "化名" not in text:
            return set()
        out = set()
        for m in self._pseudonym.finditer(text):
            before = m.group(1)
            for k in (2, 3):
                reading = before[-k:]
                if len(reading) == k and self._surname_length(reading, 0):
                    out.add(reading)
        return out

    def _signatures(self, text: str) -> list[tuple[int, int]]:
        """Where the post signs itself: lines opened by a byline word, bracketed groups of names
        and roles ((张栋 侯荣亮), (通讯员 熊伟 采访人员 张斌)), and a last line made only of
        names (葛生 王永艳). Names there are bylines, never private persons."""
        out = [m.span() for m in _BYLINE_GROUP.finditer(text)]
        if self._byline_line is not None and ("来" in text or "编" in text or "记" in text or "审" in text or ":" in text):
            # only short lines can match (40 characters after the word): test them alone rather
            # than run a line-anchored pattern over every position of the post
            start = 0
            block: list[tuple[int, int]] = []  # consecutive headed lines (blank lines may part them)
            roster = False
            for line in text.split("\n"):
                headed = _HEADED_LINE.match(line)
                if headed is not None:
                    office = self.lex.cues.get(headed.group(1)) == "official"
                    if office or headed.group(1).endswith(_POSITION_ENDS):
                        block.append((start, start + len(line)))
                    roster = roster or office
                elif line.strip():
                    if roster:
                        out.extend(block)
                    block, roster = [], False
                if len(line) <= _BYLINE_LINE_MAX:
                    m = self._byline_line.match(line)
                    if m is not None:
                        out.append((start + m.start(), start + m.end()))
                    elif self._credit_line(line):
                        out.append((start, start + len(line)))
                start += len(line) + 1
            if roster:
                out.extend(block)
        if ")" in text or "）" in text:
            for pattern in (_CLOSING_GROUP, _CLOSING_CREDIT):
                for m in pattern.finditer(text):
                    before = text[: m.start()].rstrip(" \t\u3000")
                    if not before or before[-1] in _SIGNED_AFTER or before[-1] == "\n":
                        out.append(m.span())
        if "■" in text or "●" in text:
            out.extend(m.span(1) for m in _BULLET_NAME.finditer(text))
        tail = text.rstrip()
        last = tail[tail.rfind("\n") + 1 :]
        if _NAMES_LINE.fullmatch(last) and all(t[0] in self._first_chars for t in last.split()):
            out.append((len(tail) - len(last), len(tail)))
        out.extend(self._signature_after_prose(tail))
        return out

    def _signature_after_prose(self, text: str) -> list[tuple[int, int]]:
        """The line of one to three names right after the post's last sentence, with only page
        furniture below it (…一致好评。\n王雪\n版权声明 新闻爆料热线…): the article's signature."""
        # the last line holding a sentence-final mark is the line of the last such mark
        pos = max(map(text.rfind, SENTENCE_FINALS))
        if pos < 0:
            return []
        prose_end = text.find("\n", pos)
        if prose_end < 0:
            return []
        nxt = _LINE.search(text, prose_end)
        if nxt is None:
            return []
        start, end = nxt.span()
        line = text[start:end]
        if (
            text[text.rfind("\n", 0, pos) + 1 : prose_end].rstrip(" \t\u3000")[-1:] in _SIGNED_AFTER
            and _SIGNATURE_NAMES.fullmatch(line)
            and all(t[0] in self._first_chars for t in line.split())
        ):
            return [(start, end)]
        return []

    def _credit_line(self, line: str) -> bool:
        """周玉琴 周梅 封面新闻记者 王攀 王祥龙: a line of names set off by spaces with a newsroom
        role among them (a word ending in a byline word) credits the post's authors."""
        words = line.split()
        if len(words) < 3:
            return False
        # a one-character credit (文, 图) only as a word of its own: 王文 is a name
        roles = [w for w in words if w in self.lex.byline_words or w.endswith(self._long_credits)]
        names = [w for w in words if w not in roles]
        return (
            bool(roles)
            and len(names) >= 2
            and all(2 <= len(w) <= 3 and w[0] in self._first_chars and _CJK_RE.fullmatch(w[1:2]) for w in names)
        )

    def _anchors(self, text: str) -> list[tuple[int, int, str]]:
        """(surname start, surname length, kind) at every anchor, one per position; a cue word
        wins over punctuation, the longest cue over a shorter one ending at the same place."""
        at: dict[int, tuple[int, str, int]] = {}  # start -> (surname length, kind, cue length)
        cue_hits = self.scan.find(self.cue_index, text) if self.scan else self.cue_index.find(text)
        for cue_start, cue_end, kind in cue_hits:
            m = self._surname_at.match(text, cue_end)
            if m is None:
                continue
            if kind == "official" and self._employed(text, cue_start, cue_end):
                kind = "private"  # 服务区工作人员袁卫平: a company's staff act as private persons
            start = m.start(1)
            if start == cue_end and self._freq.get(text[cue_start : start + 1], 0) >= GLUE_FREQ:
                continue  # 老人家拾金不昧, 女儿家: the "surname" ends the cue's own word
            n = self._surname_length(text, start)
            if n and (start not in at or at[start][2] < cue_end - cue_start):
                at[start] = (n, kind, cue_end - cue_start)
        cues = self.lex.cues
        surnames = self.lex.surnames
        size = len(text)
        first = self._first_anchor.match(text)
        starts = [m.start(1) for m in self._punct_anchor.finditer(text)]
        employers = self._employers or ("\0",)
        for start in [0, *starts] if first else starts:
            if start not in at:
                # `_surname_length`, inline: this loop meets every punctuation mark of the post
                n = 2 if text[start : start + 2] in surnames and start + 2 < size else 1 if text[start] in surnames else 0
                if n:
                    kind = "start" if start == 0 else cues.get(text[start - 1], "punct")
                    if kind == "weak" and text[start - 1] == "的" and text[max(0, start - 7) : start - 1].endswith(employers):
                        kind = "private"  # 物流集团股份有限公司的江颖: a company's person is a private one
                    at[start] = (n, kind, 0)
        if "等" in text:
            self._deng_anchors(text, at)
        if self.right_index is not None:
            first_chars = self._first_chars
            right_hits = self.scan.find(self.right_index, text) if self.scan else self.right_index.find(text)
            for hit_start, _, _ in right_hits:
                for size in (3, 2):  # the longer reading first: 张国彬今年, not 国彬
                    start = hit_start - size
                    if start < 0 or text[start] not in first_chars:
                        continue
                    n = self._surname_length(text, start)
                    if n and 1 <= size - n <= 2 and _CJK_RE.match(text, start + size - 1):
                        at.setdefault(start, (n, "right", 0))
                        break
        stop_chars = self.lex.stop_chars
        heads = self._heads
        out: list[tuple[int, int, str]] = []
        # the cheap first test of a reading: the character after the surname can start a given
        # name (a stop character only as in 刘一鸣), and the surname + that character is no
        # frequent ordinary word (中国, 高度) unless a name or a family may start so (李俊, 王家);
        # the test on the head alone is kept per head (a post meets the same pairs again and again)
        for start, (n, kind, _) in sorted(at.items()):
            if text[start - 1 : start] in _INTERPUNCT:
                continue
            if text[start] in stop_chars and _AFTER_NUMBER.search(text, max(0, start - 3), start):
                continue
            opening = text[start + n : start + n + 1]
            if not opening:
                continue
            vouched = kind in _VOUCHED
            if opening in stop_chars and not self._soft_given(text, start + n, vouched):
                continue
            head = text[start : start + n + 1]
            ok = heads.get(head)
            if ok is None:
                ok = self._head_plausible(head)
            if ok[vouched]:
                out.append((start, n, kind))
        return out

    def _deng_anchors(self, text: str, at: dict[int, tuple[int, str, int]]) -> None:
        """翁彩英等爱心人士, 郭进胜等23户农户: a name before 等 (a head count may follow) and a
        private person's role: the role vouches for the name as a cue before it would."""
        cues = self.lex.cues
        for m in _DENG.finditer(text):
            after = m.end()
            if not any(cues.get(text[after : after + k]) == "private" for k in (2, 3, 4, 5)):
                continue
            for size in (3, 2):
                start = m.start() - size
                if start < 0 or text[start] not in self._first_chars or start in at:
                    continue
                n = self._surname_length(text, start)
                if n and 1 <= size - n <= 2 and _CJK_RE.match(text, m.start() - 1):
                    at[start] = (n, "private", 0)
                    break

    def _surname_length(self, text: str, start: int) -> int:
        """2 for a compound surname (欧阳) at `start`, 1 for a single one, 0 for none."""
        surnames = self.lex.surnames
        if text[start : start + 2] in surnames and start + 2 < len(text):
            return 2
        return 1 if text[start] in surnames else 0

    def _soft_given(self, text: str, pos: int, vouched: bool = False) -> bool:
        """A two-character given name at `pos` whose first character is a stop character that
        names also use (一, 会, 月 …), the second no stop character, and the two no word (刘一鸣,
        not 王一个 / 张会议); after a person's role (`vouched`: 女子严月琴) a rare word will do."""
        given = text[pos : pos + 2]
        limit = PREFIX_FREQ if vouched else 1
        return (
            len(given) == 2
            and given[0] in self.lex.soft_stop_chars
            and given[1] not in self.lex.stop_chars
            and "\u3400" <= given[1] <= "\u9fff"
            and self._freq.get(given, 0) < limit
            and self._freq.get(text[pos + 1 : pos + 3], 0) < limit
        )

    def _head_plausible(self, head: str) -> tuple[bool, bool]:
        """Whether the head (surname + first given character) may start a full name: (without,
        with) a person's role before it; kept in `_heads`. A frequent head that is a name (李俊,
        tagged nr) or a family (王家, 黄家) may still start one."""
        freq = self._freq.get(head, 0)
        alone = bool(
            freq < NAME_MAX_FREQ
            or self._name_words[head]
            or (len(head) == 2 and head[1] in self.lex.not_alone and freq < 2 * NAME_MAX_FREQ)  # `_family_head`
        )
        heads = self._heads
        if len(heads) >= _TaggedNames.MAX_KEPT:
            heads.clear()
        ok = heads[head] = (alone, alone or self._name_head(head))
        return ok

    def _family_head(self, head: str) -> bool:
        """A surname and 家 (王家, 黄家): frequent as "the X family", so it may still start a full
        name (王家孟); not a word that only begins with a surname (国家, 大家 are far more frequent)."""
        return len(head) == 2 and head[1] in self.lex.not_alone and self._freq.get(head, 0) < 2 * NAME_MAX_FREQ

    def _name_head(self, head: str) -> bool:
        """A surname and a character that jieba tags a name and that is not very frequent (李俊,
        not 谢谢 or 阳光, which it also tags nr); trusted after a person's role only (母亲李俊兰,
        not 荣获第)."""
        return self._tags.get(head, "").startswith("nr") and self._freq.get(head, 0) < 2 * NAME_MAX_FREQ

    def _lists(
        self, text: str, scored: list[tuple[float, StructuralName]], accepted: dict[int, StructuralName]
    ) -> None:
        """Lists of names (分别为高继继、周春生、赵唯; 周主育200元、薛金惠200元): two or more
        neighbouring candidates separated by one 、 (an amount may sit between) are all names."""
        items = sorted((f.start, f.end, f) for s, f in scored if s >= LIST_MIN)
        chain: list[StructuralName] = []

        def flush() -> None:
            if len(chain) >= 2:
                for item in chain:
                    accepted.setdefault(
                        item.start,
                        StructuralName(item.start, item.end, item.surname_length, "structure:list"),
                    )
            chain.clear()

        for start, _end, found in items:
            if chain and _LIST_GAP.fullmatch(text, chain[-1].end, start):
                chain.append(found)
                continue
            flush()
            chain.append(found)
        flush()

    def _table_names(self, text: str, accepted: dict[int, StructuralName]) -> set[str]:
        """公示 tables (序号 姓名 性别 村组 金额 / | 1 | 张桂兰 | 低保 |): below a header row with a
        person column (a cell that is, or ends with, a private person's role or a naming word:
        姓名, 户主姓名, 受助人), the cell of that column in each row of as many cells is a name
        when it is a surname and one or two characters. Returns the names so found."""
        found: set[str] = set()
        if "\n" not in text or not ("姓名" in text or "户主" in text or "人" in text):
            return found
        if not any(c in text for c in _CELL_SEPARATORS):
            return found  # no line has two cells: no header row, no table
        cues = self.lex.cues
        column = width = -1
        start = 0
        for line in text.split("\n"):
            if line and not any(c in line for c in _CELL_SEPARATORS):
                # one cell: too few for a header (_TABLE_MIN_CELLS) or a row of its width
                column = width = -1
                start += len(line) + 1
                continue
            cells = list(_CELL.finditer(line))
            if column >= 0 and cells and abs(len(cells) - width) <= 1 and column < len(cells):
                cell = cells[column]
                value, at = cell.group(), start + cell.start()
                n = self._surname_length(value, 0) if len(value) >= 2 else 0
                if (
                    n
                    and 1 <= len(value) - n <= 2
                    and _CJK_RE.fullmatch(value[-1])
                    and not self._title_at.at(value, n)
                    and value[n] not in self.lex.stop_chars
                ):
                    accepted.setdefault(at, StructuralName(at, at + len(value), n, "structure:table"))
                    found.add(value)
            elif cells:
                column = width = -1
                heads = [cell.group() for cell in cells]
                # a column of offices (职务, 拟任职务) makes it a roster of officials (任前公示)
                if len(cells) >= _TABLE_MIN_CELLS and not any(
                    cues.get(h[j:]) == "official" for h in heads for j in range(len(h) - 1)
                ):
                    for k, head in enumerate(heads):
                        if any(cues.get(head[j:]) in _VOUCHED for j in range(len(head) - 1)):
                            column, width = k, len(cells)
                            break
            start += len(line) + 1
        return found

    def _sandwiched(self, text: str, accepted: dict[int, StructuralName]) -> None:
        """华荣华,范连连,王金燕: an item of a list between two accepted names, set off by the same
        separator on both sides, is a name too when it is a surname and one or two characters,
        even a word (连连) that would not pass alone."""
        ordered = sorted(accepted.values(), key=lambda n: n.start)
        for left, right in pairwise(ordered):
            sep = text[left.end : left.end + 1]
            if sep not in _SANDWICH_SEPARATORS or text[right.start - 1 : right.start] != sep:
                continue
            start, end = left.end + 1, right.start - 1
            n = self._surname_length(text, start) if start < end else 0
            if not n or not 1 <= end - start - n <= 2 or not all("\u3400" <= c <= "\u9fff" for c in text[start:end]):
                continue
            given = text[start + n : end]
            if self._title_at.at(text, start + n) or (
                any(c in self.lex.stop_chars for c in given)
                and not (len(given) == 2 and self._soft_given(text, start + n, vouched=True))
            ):
                continue  # (林中明 between two names: 中 may start a given name, as in _anchors)
            accepted.setdefault(start, StructuralName(start, end, n, "structure:list"))

    def _amount_list(self, text: str, accepted: dict[int, StructuralName]) -> None:
        """Donor and recipient lists (仪陇舒艳君200元、阆中唐小霞100元): the two or three
        characters before each amount of a list of amounts, read as a name after a naming word;
        two such names make it a list."""
        items: list[StructuralName] = []
        if "元" not in text:  # a substring test in C spares the look-behind scan
            return
        for m in _AMOUNT.finditer(text):
            if not m.start() or not "\u3400" <= text[m.start() - 1] <= "\u9fff":
                continue
            for size in (3, 2):
                start = m.start() - size
                if start < 0 or start in accepted:
                    continue
                if start and text[start - 1].isdigit():
                    continue  # 1.5元至5元: the unit of an amount, not a name
                n = self._surname_length(text, start)
                if not n or size - n not in (1, 2) or self._title_at.at(text, start + n):
                    continue
                score = self._score(text, start, m.start(), n, "call", RIGHT_PUNCT)
                if score is not None and score >= ACCEPT:
                    items.append(StructuralName(start, m.start(), n, "structure:amount_list"))
                    break
        if len(items) >= 2:
            for item in items:
                accepted.setdefault(item.start, item)

    def _enumerations(self, text: str, accepted: dict[int, StructuralName], skip: set[str]) -> None:
        """Names enumerated next to an accepted one (侯秋羽和赵人静; 在于淑荣、范传文): the item
        right after it (、和与及) or right before it (、) is read as if a naming word stood
        before it; the list goes on while items are accepted."""
        todo = sorted(accepted.values(), key=lambda n: n.start)
        while todo:
            found = todo.pop()
            if text[found.start : found.end] in skip:
                continue
            end = found.end
            if end + 1 < len(text) and text[end] in _ENUM and end + 1 not in accepted:
                n = self._surname_length(text, end + 1)
                best = self._best(text, end + 1, n, "call") if n else None
                # a list goes on through names, not through the shops or offices beside them
                if best is not None and best[0] >= ACCEPT and text[best[1].end - 1] not in self.lex.not_last:
                    item = StructuralName(end + 1, best[1].end, n, "structure:enumeration")
                    accepted[item.start] = item
                    todo.append(item)
            if found.start >= 3 and text[found.start - 1] == "、":
                for size in (3, 2):
                    start = found.start - 1 - size
                    if start < 0 or start in accepted or any(
                        a.start < found.start - 1 and start < a.end for a in accepted.values()
                    ):
                        continue
                    n = self._surname_length(text, start)
                    if not n or size - n not in (1, 2) or self._title_at.at(text, start + n):
                        continue
                    score = self._score(text, start, found.start - 1, n, "call", RIGHT_PUNCT)
                    if score is not None and score >= ACCEPT and text[found.start - 2] not in self.lex.not_last:
                        item = StructuralName(start, found.start - 1, n, "structure:enumeration")
                        accepted[start] = item
                        todo.append(item)
                        break

    # ------------------------------------------------------------------ scoring

    def best(self, text: str, start: int, n: int, kind: str) -> tuple[float, StructuralName] | None:
        """The better reading of a name whose surname (length `n`) is at `start`, as if an
        anchor of `kind` stood before it: (score, name), or None. A person cue vouches for
        it, so a word-like given name or a name the dictionary knows (张建国) is a name here."""
        return self._best(text, start, n, kind, word_given=True)

    def glued_before(self, text: str, start: int) -> bool:
        """The character before `start` and the surname there make a dictionary noun that is no
        name (空巢, 村居): the reading does not begin at a word boundary. Only nouns: a verb or a
        preposition run into the surname (请戴, 向陆, 和田) still leaves a name after it."""
        word = text[start - 1 : start + 1]
        if len(word) != 2 or not self._freq.get(word, 0) or self._name_words[word]:
            return False
        tag = self._tags.get(word, "")
        return tag.startswith("n") and not tag.startswith("nr")

    def score_reading(
        self, text: str, start: int, end: int, n: int, kind: str, own_contact: bool = False
    ) -> float | None:
        """The score of reading text[start:end] as a name after an anchor of `kind`;
        `own_contact`: the reading stands before a form of address and its own bracketed contact."""
        if self._anchor_rejects(text, start, n, kind):
            return None
        # a form of address closes it (李建国先生): a word-like given name is a name here
        return self._score(text, start, end, n, kind, self._right(text, end), word_given=True, own_contact=own_contact)

    def _best(
        self, text: str, start: int, n: int, kind: str, word_given: bool = False
    ) -> tuple[float, StructuralName] | None:
        """The better of the two readings (one or two given-name characters): the one whose
        end is the better boundary (沙文清老人, not 沙文), then the higher score.

        What does not depend on the reading (a form of address after the surname, 小张, the
        surname ending a word begun before it, a title mark) is tested once per anchor."""
        # a person cue or a private person's role (父亲, 名叫) vouches: not a public figure
        public = None if word_given or kind in ("private", "call") else self._public_figures
        for given in (2, 1):
            reading = text[start : start + n + given]
            if (public is not None and public[reading]) or (kind != "private" and reading in self.lex.public_figures):
                return PUBLIC, StructuralName(start, start + n + given, n, "public_figure")
        if self._anchor_rejects(text, start, n, kind):
            return None
        in_title = "《" in text and _IN_TITLE.search(text, max(0, start - 12), start) is not None
        head_word = self._freq.get(text[start : start + n + 1], 0) > 0
        rights: list[tuple[int, float]] = []
        clear_end = False  # a reading's end scores at or above zero
        for end, wordy in ((start + n + 2, head_word), (start + n + 1, True)):
            if end <= len(text):
                right = self._right(text, end, wordy)
                rights.append((end, right))
                clear_end = clear_end or right >= 0
        if kind in _BARE_KINDS and not clear_end:
            # after bare punctuation, with no clear end for either reading, no score reaches
            # LIST_MIN (0.5 + at most NOVEL 0.7 + RIGHT_NONE -1.0): not worth scoring
            return None
        best: tuple[float, float, int] | None = None
        for end, right in rights:
            if in_title and kind not in _VOUCHED and _TITLE_END.match(text, end):
                continue  # 《红嫂》: a work's title (a patient named in an appeal's title stays)
            score = self._score(text, start, end, n, kind, right, word_given)
            if score is None:
                continue
            if best is None or (right, score) > best[:2]:
                best = (right, score, end)
        if best is None:
            return None
        return best[1], StructuralName(start, best[2], n, f"structure:{kind}")

    def _anchor_rejects(self, text: str, start: int, n: int, kind: str) -> bool:
        """What rules out every reading at `start`: a form of address after the surname, 小张,
        the surname ending a word begun before it."""
        if self._title_at.at(text, start + n):
            return True  # 王先生, 李大哥, 张某: a form of address, not a full name
        if text[start : start + 2] in self.lex.cues or text[start : start + 3] in self.lex.cues:
            return True  # 带着孙子捐了, 农民工: a role or kinship word that begins with a surname
        if start > 0 and kind in ("punct", "start") and text[start - 1] in "小老阿":
            return True  # 小张, 老李: forms of address
        cue_before = text[max(0, start - 2) : start] in self.lex.cues or text[max(0, start - 3) : start] in self.lex.cues
        # after punctuation the surname begins no word; after a whole cue word (母亲王丽玫,
        # 邻居于承铎) a word across the cue's end (亲王, 居于) is no evidence
        if kind not in ("punct", "start") and not cue_before:
            freq, names = self._freq, self._name_words
            for k in (1, 2):
                if start - k < 0:
                    break
                for j in (1, 2):
                    word = text[start - k : start + j]
                    if len(word) == k + j and freq.get(word, 0) >= GLUE_FREQ and not names[word]:
                        return True  # 共和国同在: the surname ends a word begun before it
        return False

    def _score(
        self,
        text: str,
        start: int,
        end: int,
        n: int,
        kind: str,
        right: float,
        word_given: bool = False,
        own_contact: bool = False,
    ) -> float | None:
        """The evidence for one reading (see module docstring); None when it cannot be a name.
        `_best` has already tested what does not depend on the reading.

        Every test that rules the reading out is a pure test: they run cheapest and most often
        decisive first (the dictionary look-ups on the reading itself), the ones that read the
        post around it (places it names, lists, quotes) last; the score adds its terms in one
        fixed order, so the order of the tests changes no result."""
        name = text[start:end]
        given = name[n:]
        stop = self.lex.stop_chars
        for k, c in enumerate(given):
            if not ("\u3400" <= c <= "\u9fff"):
                return None
            if c in stop and not (k == 0 and len(given) == 2 and self._soft_given(text, start + n, kind in _VOUCHED)):
                return None
        freq, names, tags = self._freq, self._name_words, self._tags
        name_freq = freq.get(name, 0)
        if name_freq > 0:
            # jieba tags many ordinary words nr (红绿灯, 钱财): a dictionary word is a name only
            # when tagged so and introduced by a person's role or a naming verb
            # a three-character nr entry whose first two characters are no word (石志成, not 夏利车)
            trusted = names[name] and (
                kind in ("private", "call") or (len(name) == n + 2 and not freq.get(name[:2], 0))
            )
            if not trusted:
                return None  # 周围, 王国, 谢谢: an ordinary word
            if text[end : end + 1] in _ADVERBIAL_MARKS and tags.get(text[end + 1 : end + 3], "") == "v":
                return None  # 居民安然的度过: a dictionary word modifying a verb, not a name
        size = len(name)
        for longer in (
            text[start : end + 1],
            text[start : end + 2],
            text[start - 1 if start > 0 else 0 : end],
            text[start - 2 if start > 1 else 0 : end],
        ):
            if len(longer) > size and freq.get(longer, 0) > 0 and not names[longer]:
                return None  # 双休日, 左顾右盼, 几经周折: the candidate is part of an ordinary word
        two = len(given) == 2
        vouched = kind in _VOUCHED
        prefix_word = False
        head_freq = 0
        if two:
            head_freq = freq.get(name[:2], 0)
            family = n == 1 and self._family_head(name[:2]) and right >= RIGHT_WORD  # 王家孟，
            if head_freq >= PREFIX_FREQ and not names[name[:2]] and not family and not (vouched and self._name_head(name[:2])):
                if head_freq >= NAME_MAX_FREQ:
                    return None  # 周围的, 银行卡, 支付宝: starts with a frequent ordinary word
                prefix_word = True  # a rarer word may start a name
        if given in self.lex.not_alone:
            return None  # 戴家的命运: a family, not a name
        given_freq = freq.get(given, 0) if two else 0
        if given_freq >= PREFIX_FREQ:
            given_tag = tags.get(given, "")
            # 吴富强在…: a clear end makes a rarer word-like given name a name (not 和采访的)
            if (
                not word_given
                and (right < RIGHT_WORD or given_freq >= 2 * NAME_MAX_FREQ)
                and (given_tag[:1] in _NOT_NAME_TAGS or (given_freq >= NAME_MAX_FREQ and given_tag in ("n", "vn")))
            ):
                return None  # 金捐赠电话, 查通报: the "given name" is an ordinary word
            if two and not vouched and given_tag == "n":
                return None  # 皮背包: a common noun after a surname-like character is no given name
        ambiguous = n == 1 and name[0] in self.lex.ambiguous and not tags.get(name, "").startswith("nr")
        if ambiguous and (given_freq or (not two and tags.get(given, "")[:1] in _NOT_NAME_TAGS)):
            return None  # 女儿家休养, 的空钱包, 村民都看在眼里: a common character + an ordinary word
        title_at = self._title_at
        if title_at.at(given):
            return None  # 王先生, 李大哥, 张某: a form of address, not a full name
        if (
            not own_contact  # 黄海燕同志（电话…）: the frame names one person with their own number
            and name[-1] in self.lex.surnames
            and title_at.at(text, end)
            and (len(given) == 1 or freq.get(name[:-1], 0) >= PREFIX_FREQ)
        ):
            # 祝王奶奶, 安抚陈女士: the last character is the surname of a form of address, the
            # rest a word of its own (张建华先生 keeps its name: 张建 is no word)
            return None
        if "\u3400" <= text[end - 1] <= "\u9fff" and text[end : end + 1] == text[end - 1]:
            return None  # 言辞凿凿, 白发苍苍: the reading cuts a doubled syllable off its word
        if self._not_after_at.at(text, end) or text[end : end + 1] in _INTERPUNCT:
            return None  # 荣成市, 朱德故里, 魏华（化名）; 勞爾·卡斯特羅: a transliteration
        if _GLOSS_AFTER.match(text, end) and start > 1 and _GLOSS_BEFORE.search(text, max(0, start - 8), start):
            return None  # 代(dài)农(nóng): characters between pinyin glosses, cut out of words
        if not vouched and name[-1] in self.lex.not_last:
            return None  # 卫计局, 安荟堂, 赵家洼: an office, a shop, a village
        if _DOC_NUMBER.match(text, end):
            return None  # 梁政发【2023】, 国卫医函〔2022〕: a document number's issuing office
        if kind != "private":
            # a private person's role vouches for a name; a naming verb (据, 包括) does not
            # vouch for one that is a place (据乐清警方) or an item of a list of places
            if self._place(text, name):
                return None  # 娄底, 岳阳; 曹集义工 where the post names 曹集镇: a place, not a name
            if self._headed_list(text, start):
                return None  # 乡镇包括茅坪、两河口; 产品包括:康倍腰椎挺
        if kind in _BARE_KINDS and self._thing_list(text, start, end):
            return None  # 应急、公安、卫健、生态环境: an item of a list of things
        if not vouched and start > 0 and text[start - 1] in _OPEN_QUOTES and self._quoted_term(text, start, end):
            return None  # “法植草防脱育发”, 发布“金舒心”: a quoted product, brand or term
        # the score, its terms added in one fixed order
        score = _KIND_SCORE.get(kind, CUE_PUNCT)
        if prefix_word:
            score += PREFIX_WORD
        if ambiguous:
            score += AMBIGUOUS  # 从浙江, 向青海
        if two and not head_freq and not given_freq and not name_freq:
            score += NOVEL  # 张孝峰: no part of it is a word, as with most given names
        if not vouched:
            ratios = self.lex.given_chars
            low = high = ratios.get(given[0], 0.0)
            if two:
                second = ratios.get(given[1], 0.0)
                low, high = min(low, second), max(low, second)
            if low <= UNLIKELY_AT and (low + high) / 2 <= UNLIKELY_MEAN:
                score += UNLIKELY_GIVEN  # 全倒户, 强雷电, 易涝点: a character names seldom use
            elif not two and low <= ONE_CHAR_UNLIKELY:
                score += UNLIKELY_GIVEN  # 车损, 国考: one character names seldom use
        return score + right

    def _thing_list(self, text: str, start: int, end: int) -> bool:
        """The reading is an item of an enumeration (、) whose item before or after it is an
        ordinary dictionary word (公安、卫健; 补肝、去寒、养颜): a list of things, not names."""
        freq, names = self._freq, self._name_words
        if start >= 3 and text[start - 1] == "、":
            k = start - 2
            while k >= 0 and start - 1 - k <= 6 and text[k] not in _ITEM_END:
                k -= 1
            item = text[k + 1 : start - 1]
            if len(item) >= 2 and freq.get(item, 0) > 0 and not names[item]:
                return True
        if end + 2 < len(text) and text[end] == "、":
            j = end + 1
            while j < len(text) and j - end <= 7 and text[j] not in _ITEM_END and text[j] not in "等和及与":
                j += 1
            item = text[end + 1 : j]
            if len(item) >= 2 and freq.get(item, 0) > 0 and not names[item]:
                return True
        return False

    def _quoted_term(self, text: str, start: int, end: int) -> bool:
        """The reading opens a quotation that is a product, brand or term: the quotation goes
        on for two characters or more after it (“安荟堂羊奶粉”), a product word stands before
        or after it (发布“…”, “叶芭”牌), or it is quoted alone with no person's role or naming
        word before the quote (在“封城”这件事, “索赞”, “杜苏芮”带来强降雨). A name quoted alone
        after a cue (主人“李锋”, 网友“李少贞”, 微信名为“黄新新”) stays."""
        close = _QUOTE_CLOSE.search(text, end, end + _QUOTE_MAX)
        if close is None or close.start() - end >= 2:
            return True
        words = self.lex.product_words
        if text.endswith(words, max(0, start - 1 - _QUOTE_MAX), start - 1) or text.startswith(words, close.end()):
            return True
        if close.start() != end:
            return False  # “李锋1”, a mark inside the quote: not a bare quoted word
        cues = self.lex.cues
        return not any(cues.get(text[start - 1 - k : start - 1]) in _VOUCHED for k in range(1, 5) if start - 1 - k >= 0)

    def _headed_list(self, text: str, start: int) -> bool:
        """The reading at `start` is an item of an enumeration whose head names places or
        products (受灾乡镇包括茅坪、两河口; 产品包括:康倍), in the same clause."""
        if self._list_head is None or start == 0:
            return False
        if text[start - 1] not in "、:：有为如" and not text.endswith("包括", 0, start):
            return False  # an item follows a comma of the list or what opens it
        lo = max(0, start - _HEAD_WINDOW)
        for k in range(start - 1, lo - 1, -1):
            if text[k] in _CLAUSE_END:
                lo = k + 1
                break
        return self._list_head.search(text, lo, start) is not None

    def _place(self, text: str, name: str) -> bool:
        """The reading, or its first two characters, is a place: an official place name (the
        list in `places`) or a town, village or community the post itself names."""
        places = self.lex.places
        if name in places or (len(name) >= 3 and name[:2] in places):
            return True
        local = self._local_places(text)
        # 黄崖 in 黄崖沟村: the reading begins a place the post names (its first two characters)
        return name in local or name[:2] in local or (len(name) == 2 and name in self._last_place_heads)

    def _local_places(self, text: str) -> frozenset[str]:
        """The two and three characters before each 镇, 乡, 村, 街道, 社区 of `text` (kept for the
        last text: one tuple, so another thread sees a text and its own places)."""
        seen, places = self._last_places
        if seen is text or seen == text:
            return places
        found = set()
        heads = set()
        for m in _LOCAL_PLACE.finditer(text):
            if m.start() >= 2:
                found.add(text[m.start() - 2 : m.start()])
            if m.start() >= 3:
                found.add(text[m.start() - 3 : m.start()])
                heads.add(text[m.start() - 3 : m.start() - 1])
        places = frozenset(found)
        self._last_place_heads = frozenset(heads)
        self._last_places = (text, places)
        return places

    def _public_figure(self, name: str) -> bool:
        """徐悲鸿, 吴邦国, 李娜: jieba's dictionary holds the names the news repeats (RUBRIC §2)."""
        return self._public_figures[name]

    def _is_name_word(self, word: str) -> bool:
        """A dictionary word is a name when tagged nr and not frequent (jieba tags 谢谢 nr)."""
        return self._name_words[word]

    def _right(self, text: str, end: int, wordy: bool = False) -> float:
        """How well `end` closes a name; `wordy`: the reading has a one-character given name or
        starts with a dictionary word (钱包归), so a right word glued to it counts against it."""
        if end >= len(text) or text[end] in _PUNCT_OR_DIGIT_CHARS:
            return RIGHT_PUNCT
        right_words = self.lex.right_words
        after = text[end : end + 3]
        if after in right_words or after[:2] in right_words:
            return RIGHT_WORD
        freq = self._freq
        if after[:1] in right_words:
            # 祝大家, 钱包归还: the reading's last character glued into a frequent word by the
            # character after it (大家, 归还) is no name closed by 家 or 还, as 王伟家中 is
            if wordy and freq.get(text[end - 1 : end + 1], 0) >= NAME_MAX_FREQ:
                return RIGHT_GLUE
            return RIGHT_WORD
        if self._title_at.at(text, end):
            return RIGHT_WORD  # 罗文谦律师, 沙文清老人: a title or form of address closes the name
        if freq.get(text[end - 1 : end + 1], 0) >= GLUE_FREQ:
            return RIGHT_GLUE  # the last character makes a common word with the next one
        if freq.get(after[:1], 0) or freq.get(after[:2], 0) or freq.get(after, 0):
            return RIGHT_DICT
        return RIGHT_NONE

    def _follows_official(self, text: str, start: int, officials: set[str]) -> bool:
        """王存明、田锦锋 after 工作人员; 徐育军 吴源巍 after 记者; 代曼护士长和赖耀楠、王帅: a list
        that starts with an official in role or a byline (the title may follow the name) goes on
        with officials and bylines."""
        gap = text[start - 1 : start] if start > 0 else ""
        if gap not in _LIST_JOINERS:
            return False
        before = text[max(0, start - 16) : start - 1]  # room for an employer before a staff word
        if before.endswith(self._offices):  # one test in C first: most items follow no title
            for title in self._offices:
                if before.endswith(title) and len(before) > len(title):
                    return True  # 代曼护士长和赖耀楠: the item before is a person named with a title
        for k in (2, 3):
            item = before[-k:]
            if len(item) == k and _CJK_RE.match(item) and item[0] in self._first_chars and self._office_at_end(before[:-k]):
                return True  # 记者张太凌 王贵彬: the item before is a name after an office or a credit
        return before.endswith(tuple(officials))

    @staticmethod
    def _author(text: str, start: int, end: int) -> bool:
        """王霄晔1, 任婧寰1, 王哲1: an item of an author list with affiliation marks (the next
        or the previous item carries a mark too)."""
        if end >= len(text) or not text[end].isdigit():
            return False
        return _AUTHOR_MARK.match(text, end) is not None or (
            _AUTHOR_MARK_BEFORE.search(text, max(0, start - 8), start) is not None
            and re.match(r"[0-9]{1,2}(?![0-9])", text[end : end + 3]) is not None
        )

    @staticmethod
    def _signs_the_end(text: str, start: int, end: int) -> bool:
        """…刘先生表示很满意。沙萱: a name alone after the last sentence closes the post as its
        author's signature."""
        return start > 0 and text[start - 1] in _SIGNED_AFTER and not text[end:].strip()

    def _bracket_credit(self, text: str, start: int, end: int) -> bool:
        """(图文:张震), (记者/杨智明 通讯员/成广聚): a name after a credit word inside brackets."""
        if not self.lex.byline_words:
            return False
        open_at = max(text.rfind("(", max(0, start - _CREDIT_REACH), start), text.rfind("（", max(0, start - _CREDIT_REACH), start))
        if open_at < 0 or ")" in text[open_at:start] or "）" in text[open_at:start]:
            return False
        head = text[open_at + 1 : start].rstrip(" \t\u3000:：/")
        return bool(head) and head.endswith(self.lex.byline_words)

    def _credit_brackets(self, text: str) -> list[tuple[int, int]]:
        """Spans of brackets that sign a report, computed once per text: after a newsroom
        credit in a bracket of spaced words (海峡都市报闽南版记者 彭建文 俞志村 陈邵珣 见习记者
        陈晓婷), from the credit on, however far the name stands from it; and the whole bracket
        of names right after a news dateline (人民网广州10月30日电 (张永生、朴馨语), RUBRIC §6)."""
        out: list[tuple[int, int]] = []
        for opener in "(（":
            at = text.find(opener)
            while at >= 0:
                close = _GROUP_CLOSE.search(text, at + 1, min(len(text), at + 1 + _GROUP_REACH))
                if close is not None and close.group() in ")）":
                    inner = (at + 1, close.start())
                    if _CREDIT_GROUP.fullmatch(text, *inner):
                        credit = min((i for i in (text.find(w, *inner) for w in self._long_credits) if i >= 0), default=-1)
                        if credit >= 0:
                            out.append((credit, inner[1]))
                    if self._dateline_group is not None and self._dateline_group.match(text, max(0, at - _DATELINE_BEFORE), close.end()):
                        out.append(inner)
                at = text.find(opener, at + 1)
        return out

    def _credit_after(self, text: str, end: int) -> bool:
        """伍排勇 摄, 张国选口述: a credit word after the name signs a photo or a text."""
        return self._byline_after is not None and self._byline_after.match(text, end) is not None

    def _in_role_lists(self, text: str, names: list[StructuralName], officials: set[str]) -> list[StructuralName]:
        """荆德成、高勇泽、龚建民出席会议; 方针、孙靓靓、王萍等领导: a run of names joined by 、 and
        closed by an official act or 等领导 names officials in role: dropped, kept as officials."""
        out: list[StructuralName] = []
        run: list[StructuralName] = []

        def flush() -> None:
            last = run[-1].end if run else 0
            count = _ROLE_COUNT.match(text, last) if run else None
            if run and (
                self._officials_after.at(text, last)
                or (text[last : last + 1] == "等" and self._officials_after.at(text, last + 1))
                # 张柳琼、易娟、宋巧梅等网格员: 等 and an office close a run of staff in role
                or (text[last : last + 1] == "等" and len(run) >= 2 and self._office_at.at(text, last + 1))
                or (count is not None and self._office_at.at(text, count.end()))
            ):
                officials.update(text[n.start : n.end] for n in run)
            else:
                out.extend(run)
            run.clear()

        for name in names:
            if run and not (run[-1].end + 1 == name.start and text[run[-1].end] in "、,，"):
                flush()
            run.append(name)
        flush()
        return out

    def _office_at_end(self, text: str) -> bool:
        """`text` ends with an office, a rank or a newsroom role (a colon or space may follow);
        not a staff word after an employer (服务区工作人员: a company is no public office)."""
        text = text.rstrip(" \t\u3000:：|｜")
        if not text or not text.endswith(self._offices):
            return False
        office = next(o for o in self._offices if text.endswith(o))
        return not self._employed(text, len(text) - len(office), len(text))

    def _employed(self, text: str, start: int, end: int) -> bool:
        """The staff word at [start, end) follows an organisation that is no public office
        (衡南服务区工作人员, 快递公司的工作人员): its staff act as private persons (RUBRIC §8)."""
        if text[start:end] not in self._staff or not self._employers:
            return False
        before = text[max(0, start - 6) : start]
        return before.endswith(self._employers) or (before.endswith("的") and before[:-1].endswith(self._employers))

    def _own_contacts(self, text: str, accepted: dict[int, StructuralName]) -> set[str]:
        """张伟同志（电话：13812345678）: a name followed by its own contact in brackets is a
        private person's contact when no office or role precedes the name (issue 19); a form of
        address (李大哥) is no name, and a name an office precedes is dropped as an official."""
        out: set[str] = set()
        if self._own_contact is None or ("(" not in text and "（" not in text):
            return out
        if not any(w in text for w in self._contact_words):
            return out  # no phone word: no bracketed contact (a few substring tests, in C)
        for m in self._own_contact.finditer(text):
            end = m.start()
            formed = text[end - 2 : end] in _OWN_FORMS
            if formed:
                end -= 2  # 张伟同志（电话…）: the form of address between the name and its contact
            for size in (3, 2, 4):
                start = end - size
                if start in accepted and accepted[start].end == end:
                    out.add(text[start:end])
                    break
                if start < 0 or start in accepted:
                    continue
                n = self._surname_length(text, start)
                if not n or not 1 <= size - n <= 2 or not _CJK_RE.fullmatch(text[end - 1]):
                    continue
                if self._office_at_end(text[max(0, start - 12) : start]) or text[start - 1 : start] in self._unit_chars:
                    break  # 民政局张伟同志（电话…）: staff in role
                score = self.score_reading(text, start, end, n, "private", own_contact=formed)
                if score is not None and score >= ACCEPT:
                    accepted[start] = StructuralName(start, end, n, "structure:own_contact")
                    out.add(text[start:end])
                    break
        return out

    def _place_cells(self, text: str) -> frozenset[int]:
        """Starts of the cells of a table column headed by a place or a unit (镇(街道办), 地区,
        单位): 翟镇, 高龙 there are places, not persons."""
        if not self._place_heads or "\n" not in text or ("|" not in text and "\t" not in text and "｜" not in text):
            return frozenset()
        out: set[int] = set()
        column = width = -1
        start = 0
        for line in text.split("\n"):
            cells = list(_CELL.finditer(line))
            if column >= 0 and cells and abs(len(cells) - width) <= 1 and column < len(cells):
                out.add(start + cells[column].start())
            elif cells:
                column = width = -1
                if len(cells) >= _TABLE_MIN_CELLS:
                    for k, cell in enumerate(cells):
                        if cell.group() in self._place_heads:
                            column, width = k, len(cells)
                            break
            start += len(line) + 1
        return frozenset(out)

    def _title_after(self, text: str, end: int) -> bool:
        """吴井光书记, 邵晓军律师, 郝婉欣副书记: an office right after the name (a deputy's too)."""
        return self._office_at.at(text, end) or (text[end : end + 1] == "副" and self._office_at.at(text, end + 1))

    def _titled_elsewhere(self, text: str, accepted: dict[int, StructuralName], officials: set[str]) -> None:
        """郝婉欣与蒋金荣来到… after 上报给社区郝婉欣副书记: an accepted name written with an
        office right after it somewhere in the post is an official in role everywhere."""
        for name in {text[n.start : n.end] for n in accepted.values()}:
            i = text.find(name)
            while i >= 0:
                if self._title_after(text, i + len(name)):
                    officials.add(name)
                    break
                i = text.find(name, i + 1)

    def _repeat(self, text: str, accepted: dict[int, StructuralName]) -> None:
        """Every other occurrence of an accepted name, not inside another accepted name."""
        taken = [(n.start, n.end) for n in accepted.values()]
        for found in list(accepted.values()):
            name = text[found.start : found.end]
            i = text.find(name)
            while i >= 0:
                j = i + len(name)
                inside = any(s < j and i < e for s, e in taken)
                glued = j < len(text) and self._freq.get(text[j - 1 : j + 1], 0) > 0
                if not inside and not glued:
                    accepted[i] = StructuralName(i, j, found.surname_length, "structure:repeat")
                    taken.append((i, j))
                i = text.find(name, i + 1)
