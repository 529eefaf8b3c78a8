"""Party and government organs, and the news units they run, recognised by the form of their name.

A stated source such as `未央公安`, `三江发布`, `苏州日报`, `岳阳县新闻网`, `江苏省苏州市吴江区人民法院`
or `平安北京` is a jurisdiction (lexicons/sources/places.tsv) joined to an organ word
(lexicons/sources/organs.tsv), or an organ named in full (XX市XX局). Article 20 accepts the sources
that party and government organs put out; these are read by form, not looked up in a list, so the
checker reports the reading (an info finding) instead of staying silent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from review_pipeline.lexicon import read_lexicon
from review_pipeline.text.fold import fold
from review_pipeline.text.phrases import PhraseIndex

# An organ named in full: a jurisdiction (or a bare level, the publisher's own: 县教育局, 市政府办)
# followed by free words and an organ word (organs.tsv, position `organ`). The jurisdiction part is
# free text here, so 防城港市卫生健康委员会 and 县政府办 read the same way as names found in places.tsv.
PROVINCES = (
    "北京|天津|上海|重庆|河北|河南|云南|辽宁|黑龙江|湖南|安徽|山东|新疆|江苏|浙江|江西|湖北|广西|甘肃|山西|"
    "内蒙古|陕西|吉林|福建|贵州|广东|青海|西藏|四川|宁夏|海南"
)
_JURISDICTION = (
    r"^(?:中共)?(?:[\u4e00-\u9fff]{1,14}?(?:省|自治区|自治州|市|县|区|旗|州|盟|镇|乡|街道)|省|市|县|区|镇|乡|"
    r"国家|国务院|中央|全国|最高|" + PROVINCES + ")"
)
# (`县政府网`, `成都市政务服务网`: an organ's site named by 网 or its service portal)
_FULL_CHANNEL = r"(?:门户网站|网站|政府网|政务服务网|官网|微信公众号|公众号|官方微博|微博|发布|网)?$"
# Words that make a name a company, a shop or a club, whatever else it looks like.
_NOT_ORGAN = re.compile(
    # a party paper's or broadcaster's group (长沙晚报报业集团, 成都传媒集团, 安吉新闻集团) is a party medium, not a company
    r"公司|(?<!报业)(?<!传媒)(?<!广电)(?<!电视)(?<!新闻)集团(?!报)|有限|商贸|商场|商城|购物|超市|酒店|宾馆|餐饮|地产|市场(?!监)|店|协会|俱乐部|工作室|培训|"
    r"学校|医院|大学"
)
# Channel words that may follow an account name and still mean that account.
_CHANNEL_TAIL = re.compile(
    r"(?:官方)?(?:微信公众号|微信公号|公众号|微信号|微信|官方微博|微博|抖音号|快手号|视频号|头条号|今日头条号|"
    r"客户端|app|官网|网站|门户网站|官方账号|账号|号)$",
    re.IGNORECASE,
)


_LEVELS = frozenset("省市县区旗盟州")
# a township-level jurisdiction named alone as a source (附城镇, 原州区张易镇, 城关街道)
_TOWN = re.compile(r"[\u4e00-\u9fff]{1,10}?(?P<level>镇|乡|街道|街道办|苏木)")


@dataclass(frozen=True, slots=True)
class Organ:
    """What a stated name was read as: the jurisdiction, the organ word, its kind and label."""

    name: str
    place: str
    word: str
    kind: str  # government | party_media
    label: str
    origin: str  # "organs.tsv:<line>", "pattern:full_organ" or "pattern:gov.cn"
    province: str = ""  # short name of the place's province (湖南), "" when unknown

    def describe(self) -> str:
        where = f"{self.place}" if self.place else "本级"
        return f"{where}{self.label}"


def _split(cell: str) -> tuple[str, ...]:
    return tuple(p for p in (x.strip() for x in cell.split("|")) if p)


class OrganReader:
    """Reads a normalised stated name as a party or government organ, or returns None."""

    def __init__(self, places: str | Path, organs: str | Path) -> None:
        names: dict[str, str] = {}
        codes: dict[str, str] = {}
        provinces: dict[str, str] = {}  # two-digit code -> short province name
        # every division a name may stand for (朝阳: 朝阳市 of Liaoning, 朝阳区 of Beijing), by its code
        self._codes_of: dict[str, set[str]] = {}
        self._division_of: dict[str, str] = {}  # code -> full name
        for row in read_lexicon(places, min_cells=1, max_cells=4):
            full = row.cells[0]
            names.setdefault(fold(full), full)
            short = row.cell(1, "")
            if len(short) >= 2:
                names.setdefault(fold(short), full)
            code = row.cell(3, "")
            codes.setdefault(full, code)
            if len(code) == 6:
                self._division_of.setdefault(code, full)
                for name in (full, short):
                    if len(name) >= 2:
                        self._codes_of.setdefault(fold(name), set()).add(code)
            if row.cell(2, "") == "province":
                provinces[code[:2]] = short or full
        self._province_of = {full: provinces.get(code[:2], "") for full, code in codes.items()}
        self._provinces = provinces
        self._places = PhraseIndex(names.items())
        self._place_names = names
        self._suffixes: dict[str, tuple[str, str, str]] = {}
        self._prefixes: dict[str, tuple[str, str, str]] = {}
        self._organ_words: dict[str, tuple[str, str, str]] = {}
        self._zones: dict[str, tuple[str, str, str]] = {}
        targets = {
            "suffix": self._suffixes, "prefix": self._prefixes, "organ": self._organ_words, "zone": self._zones,
        }  # fmt: skip
        for row in read_lexicon(organs, min_cells=4, max_cells=4):
            position, word, kind, label = row.cells
            if position not in targets:
                raise row.error(f"position must be suffix, prefix, organ or zone, not {position!r}")
            if kind not in ("government", "party_media"):
                raise row.error(f"kind must be government or party_media, not {kind!r}")
            targets[position][word] = (kind, label, f"{Path(row.path).name}:{row.line}")
        # longest organ word first, so 领导小组办公室 wins over 办公室 and 委员会 over 委
        words = "|".join(re.escape(w) for w in sorted(self._organ_words, key=len, reverse=True))
        self._full_organ = re.compile(
            _JURISDICTION + r"[\u4e00-\u9fff]{0,14}?(?P<word>" + words + ")" + _FULL_CHANNEL
        )
        # an organ word after a place already stripped: 卫健委, 教育局, 政法委, 公安分局, 交警支队
        self._organ_word = re.compile(r"[省市县区]?[\u4e00-\u9fff]{0,10}?(?:" + words + ")")
        # an organ named without its jurisdiction (政府办公室, 消防总队, 食药监局网站, 中国地震局): on a
        # government site the publisher's own government's organ, elsewhere a national one; and a
        # township or street named alone (东坪镇, 原州区张易镇), its government
        self._unplaced_organ = re.compile(r"(?:中国)?[\u4e00-\u9fff]{0,8}?(?P<word>" + words + ")" + _FULL_CHANNEL)

    def read(self, key: str) -> Organ | None:
        """The organ `key` names (a name already folded, without spaces, quotes or platform words)."""
        if not key or (_NOT_ORGAN.search(key) and _NOT_ORGAN.search(self._without_places(key))):
            return None
        bare = _CHANNEL_TAIL.sub("", key) or key
        return (
            self._by_place(bare) or self._by_prefix(bare) or self._full(bare) or self._own_level(bare)
            or self._place_chain(bare)
        )

    def _place_chain(self, key: str) -> Organ | None:
        """A city or province followed by one of its own districts or counties, and nothing else (上海静安,
        北京海淀, 深圳南山, 佛山南海): how district governments name their release accounts. The codes must
        nest (the district's code lies under the city's), so two unrelated names never read as one."""
        chain: list[str] = []
        rest = key
        while rest:
            ends = [end for start, end, _ in self._places.find(rest) if start == 0]
            if not ends:
                return None
            end = max(ends)
            chain.append(rest[:end])
            rest = rest[end:]
        if len(chain) != 2:
            return None
        outer, inner = (self._codes_of.get(name, set()) for name in chain)
        for code in outer:
            # a province's code ends in 0000, a prefecture's in 00: the digits a division below it shares
            prefix = code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else ""
            nested = sorted(c for c in inner if c != code and c.startswith(prefix)) if prefix else []
            if nested:
                return Organ(
                    key, self._division_of.get(nested[0], chain[1]), "", "government",
                    "人民政府（区县政务账号：上级地名+本地名）", "pattern:place_chain", self._provinces.get(code[:2], ""),
                )
        return None

    def _without_places(self, key: str) -> str:
        """`key` with the jurisdictions it names taken out: a company word inside a place's name
        (驻马店, 马店镇, 集团村) does not make 驻马店网 a shop."""
        spans = sorted(((s, e) for s, e, _ in self._places.find(key)), key=lambda span: (span[0], -span[1]))
        kept, pos = [], 0
        for start, end in spans:
            if start >= pos:
                kept.append(key[pos:start])
                pos = end
        return "".join(kept) + key[pos:]

    def _strip_places(self, key: str, whole: bool = False) -> tuple[str, str]:
        """Leading jurisdictions (江苏省苏州市吴江区…), longest first; returns (first place, rest).

        A jurisdiction never swallows the whole rest (紫云公安 is 紫云 + 公安, not 紫云 + 公安县)
        unless `whole` allows it (网信 + 潼南).
        """
        first, rest = "", key
        if rest.startswith("中共"):
            rest = rest[2:]
        while True:
            hits = [
                end
                for start, end, _ in self._places.find(rest)
                if start == 0 and (end < len(rest) or (whole and not first))
            ]
            if not hits:
                return first, rest
            end = max(hits)
            first = first or self._place_names[rest[:end]]
            rest = rest[end:]

    def _by_place(self, key: str) -> Organ | None:
        place, rest = self._strip_places(key)
        if not place or not rest:
            return None
        found = self._place_organ(key, place, rest)
        cut = len(key) - len(rest)
        if found is None and key[cut - 1] in _LEVELS:
            # the longest place took a level character that begins the organ's word: 广元市场监管
            # is 广元 + 市场监管, not 广元市 + 场监管 (every city's 市场监管 account)
            found = self._place_organ(key, place, key[cut - 1 :])
        return found

    def _place_organ(self, key: str, place: str, rest: str) -> Organ | None:
        """The organ of `place` that `rest` (what follows the place's name) names, if any."""
        # a zone of the place is a jurisdiction of its own (成都 + 高新区 + 发布, 长沙 + 经开区 + 融媒体中心)
        zone = max((w for w in self._zones if rest.startswith(w)), key=len, default="")
        rest = rest[len(zone) :]
        if zone and not rest:
            # the zone alone (长沙经开区, 两江新区) names its party working committee and management committee
            kind, label, origin = self._zones[zone]
            return Organ(key, place, zone, kind, label, origin, self._province_of.get(place, ""))
        hit = self._suffixes.get(rest)
        if hit is None and rest[0] in _LEVELS:
            hit = self._suffixes.get(rest[1:])  # 靖西 + 县人民政府网: a county renamed since
        if hit is None and self._organ_word.fullmatch(rest):
            hit = ("government", "党政机关", "pattern:place+organ")  # 深圳卫健委, 广州市教育局
        if hit is None:
            return None
        kind, label, origin = hit
        return Organ(key, place, rest, kind, label, origin, self._province_of.get(place, ""))

    def _by_prefix(self, key: str) -> Organ | None:
        for word, (kind, label, origin) in self._prefixes.items():
            if not key.startswith(word) or len(key) <= len(word):
                continue
            place, rest = self._strip_places(key[len(word) :], whole=True)
            # a service hotline may follow (健康上海12320, 平安XX110)
            if place and (rest in ("", "网", "发布", "在线") or (rest.isdigit() and 3 <= len(rest) <= 5)):
                return Organ(key, place, word, kind, label, origin, self._province_of.get(place, ""))
        return None

    def _own_level(self, key: str) -> Organ | None:
        """An organ named without its jurisdiction, or a township or division named alone (see `__init__`)."""
        match = self._unplaced_organ.fullmatch(key)
        if match is not None:
            kind, label, origin = self._organ_words[match.group("word")]
            return Organ(key, "", match.group("word"), kind, label, origin)
        town = _TOWN.fullmatch(key)
        if town is not None:
            return Organ(key, key, town.group("level"), "government", "乡镇人民政府", "pattern:township")
        # a division named alone by its full name (寿县, 苏州市, 鄂伦春自治旗), as a government site's
        # 来源 field names its own county: that division's government; a short name (凤阳) stays unread
        full = self._place_names.get(key)
        if full == key and key[-1] in _LEVELS:
            return Organ(key, key, key[-1], "government", "人民政府", "pattern:division", self._province_of.get(key, ""))
        return None

    def _full(self, key: str) -> Organ | None:
        match = self._full_organ.match(key)
        if match is None:
            return None
        place, _rest = self._strip_places(key)
        province = self._province_of.get(place, "")
        kind, label, origin = self._organ_words[match.group("word")]
        return Organ(key, place, match.group("word"), kind, label, origin, province)
