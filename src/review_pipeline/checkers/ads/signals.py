"""Word and pattern signals of an ad, with the context rules that keep government writing out.

Each lexicon line becomes an `Entry` in one Aho-Corasick index. A raw hit survives only when
its context rule holds (a price needs an amount, a contact channel needs a commercial word,
a treatment verb needs a disease), when no exemption covers it (第一书记, 最佳时间, 消费券 …),
and it is marked `quoted` when it stands in an enforcement notice or a consumer warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from review_pipeline.lexicon import read_lexicon
from review_pipeline.text.analysis import FieldAnalysis
from review_pipeline.text.analysis import Segments as Limits
from review_pipeline.text.phrases import PhraseIndex

PHRASE_SIGNALS = (
    "absolute_term",
    "price_promotion",
    "call_to_buy",
    "contact_to_buy",
    "efficacy_claim",
    "investment_promise",
    "exam_guarantee",
    "false_authority",
    "endorsement",
    "realestate_promise",
    "selling_register",
)
# Signals found only by the regular expressions of patterns.tsv.
PATTERN_ONLY_SIGNALS = ("product_spec", "product_listing", "agri_promise")
# Signals found by the structure of a sentence (selling_voice.txt: you + urge + benefit).
VOICE_SIGNAL = "selling_voice"
VOICE_GROUPS = ("you", "urge", "benefit")
NEEDS = ("-", "amount", "number", "disease", "commerce", "rate")
SCOPES = ("span", "sentence")
CONTEXT_GROUPS = (
    "commerce",
    "service",
    "public",
    "disease",
    "enforcement",
    "warning",
    "report",
    "product",
    "self",
    "negation",
    "seller",
    "issuer",
    "narration",
    "lede",
    "hedge",
    "attribution",
)
# Signals that say where to buy: a news-style paragraph with one and a price still sells.
CHANNEL_SIGNALS = frozenset({"call_to_buy", "contact_to_buy", "shop_link"})
# Groups only an absolute term asks about: scanned lazily, when a field has one (speed).
LAZY_GROUPS = ("product", "self")
# Groups of common words (开展, 举办, 近日) read by a regular expression only where a hit asks, not
# put in the shared automaton: every news post is full of them, and their hits cost more than the
# question they answer (speed).
ASKED_GROUPS = ("narration", "lede", "attribution")
# Groups whose paragraph makes every hit in it another voice (quoted, reported), not the post's.
QUOTING_GROUPS = ("enforcement", "warning", "report")
# Round 7: a source hedge (据了解, 据悉: "it is understood") attributes nothing to anyone: a claim the
# law forbids (treats 高血压, 对冠心病有特殊疗效) that the sentence asserts after it is the post's own,
# as in a press release or a soft article; its paragraph's other hits (prices, numbers) stay reported.
HEDGE_GROUP = "hedge"
# Only health claims pierce a hedge: 广告法第十九条 names the disguise (以介绍健康、养生知识等形式变相发布
# 医疗、药品、医疗器械、保健食品广告), and a reporter's hedged account of fees or returns (据了解，协议班
# 收费……) reports a market rather than asserting a promise.
HEDGE_PIERCING = frozenset({"efficacy_claim"})
# Groups whose presence anywhere in a document makes it speak as an authority or a reporter (a
# bureau, a court, a newsroom): its own claims are then at most warnings (办法第十八条 bans ads,
# not a government's or a reporter's account of commerce).
OFFICIAL_GROUPS = ("enforcement", "warning", "report", "issuer", "hedge")
# Claims the law forbids (what an ad asserts); a negation earlier in their clause (没有……能够根治,
# 不能真正祛斑, 真性近视无法治愈) denies the claim instead of making it (contexts.txt group `negation`).
CLAIM_SIGNALS = frozenset(
    {"efficacy_claim", "investment_promise", "exam_guarantee", "realestate_promise", "agri_promise"}
)
# Word lists a pattern of patterns.tsv may name as `{group}`: the words of two characters or more of
# that contexts.txt group, longest first, as one alternation (a claim = verb + any disease of the
# taxonomy, not a fixed phrase). Single suffix characters (病, 炎) are left to the pattern itself: a
# bare 病 is illness in general (治好病), not a disease named.
PATTERN_LISTS = ("disease",)

# Currency marks and codes before an amount ($, NT$, HK$, TWD, HKD, 港币 …): shop pages outside the
# mainland price in them; folded text is lower case and half width.
CURRENCY = (
    r"(?:[¥￥]|(?<![a-z])(?:hk|us|nt|mop)?\$|(?<![a-z])(?:twd|hkd|rmb|cny|mop|nt)\s*\$?"
    r"|(?:港币|港元|新台币|台币|人民币)\s*\$?)"
)
MONEY = re.compile(
    CURRENCY
    + r"\s*\d"
    + r"|\d+(?:\.\d+)?\s*(?:元|块|万元|万起|万(?!\s*[颗个人次台件只吨亩斤户家名例株套册份辆字头条])|/[斤箱盒瓶件人])"
    + r"|\d+(?:\.\d+)?\s*(?:折)"
)
# A price range (3000-20000元, 2万元到20万元): a market survey's wording, not an offer; a sentence
# holding one gives no amount to a price word (explainers list ranges, sellers name one price).
MONEY_RANGE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:元|万元|万|千元)?\s*(?:-|—|–|~|～|至|到)\s*\d+(?:\.\d+)?\s*(?:元|万元|万)"
)
# A rate (年化4.5%) names an offer; a rate range (2.0%-3.5%) describes a market, as a price range does.
RATE = re.compile(r"\d+(?:\.\d+)?\s*%")
RATE_RANGE = re.compile(r"\d+(?:\.\d+)?\s*%?\s*(?:-|—|–|~|～|至|到)\s*\d+(?:\.\d+)?\s*%")
NUMBER_AFTER = re.compile(r"\s*[:：]?\s*" + CURRENCY + r"?\s*\d")
COUNT = re.compile(r"[\d一二三四五六七八九十几]\s*[个家种类款项]")
# A copula in the clause before a superlative (是本溪市最具实力的…品牌): the canonical form of the claim.
COPULA = re.compile(r"(?<!不)(?:是|乃|堪称)")
KEY_SEPARATOR = re.compile(r"(?<!\\)\|")
QUOTES = (("“", "”"), ("「", "」"), ("『", "』"), ('"', '"'))


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon line of a signal."""

    signal: str
    needs: str
    strong: bool
    source: str
    family: str = ""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One regular expression of patterns.tsv."""

    signal: str
    regex: re.Pattern[str]
    source: str
    keys: tuple[str, ...] = ()  # the regex runs only on text that contains one of these


@dataclass(frozen=True, slots=True)
class Exemption:
    signals: frozenset[str] | None  # None: every signal
    scope: str
    source: str

    def covers(self, signal: str) -> bool:
        return self.signals is None or signal in self.signals


@dataclass(frozen=True, slots=True)
class Hit:
    """One signal at one place of one field."""

    signal: str
    start: int
    end: int
    sources: tuple[str, ...]
    strong: bool = True
    quoted: bool = False
    kind: str = ""  # for shop_link: shop | short
    family: str = ""  # for absolute_term: 最 / 第一 / 首 / …


def _source(path: str | Path, line: int, term: str) -> str:
    return f"lexicons/ads/{Path(path).name}:{line} {term}"


def load_entries(paths: dict[str, str]) -> PhraseIndex[Entry]:
    """All phrase signals in one index; `paths` maps a signal to its lexicon file."""
    pairs: list[tuple[str, Entry]] = []
    for signal in PHRASE_SIGNALS:
        path = paths[signal]
        for row in read_lexicon(path, max_cells=3 if signal == "absolute_term" else 2):
            term, second = row.cells[0], row.cell(1, "-")
            if signal == "absolute_term":
                if second not in ("strong", "weak"):
                    raise row.error(f"strength must be strong or weak, not {second!r}")
                family = row.cell(2, "")
                entry = Entry(signal, "-", second == "strong", _source(path, row.line, term), family)
            else:
                if second not in NEEDS:
                    raise row.error(f"needs must be one of {', '.join(NEEDS)}, not {second!r}")
                needs = "commerce" if signal == "contact_to_buy" and second == "-" else second
                entry = Entry(signal, needs, True, _source(path, row.line, term))
            pairs.append((term, entry))
    return PhraseIndex(pairs)


class PatternSet:
    """The patterns of patterns.tsv with one automaton over their keys, so a field runs only the
    regular expressions whose keys it contains (one C pass instead of one scan per pattern)."""

    def __init__(self, patterns: list[Pattern]) -> None:
        self.always = [p for p in patterns if not p.keys]
        self.keyed = [p for p in patterns if p.keys]
        self._keys: PhraseIndex[int] = PhraseIndex(
            (key, i) for i, p in enumerate(self.keyed) for key in p.keys
        )

    def finditer(
        self,
        folded: str,
        key_hits: list[tuple[int, int, int]] | None = None,
        lines: Limits | None = None,
    ) -> Iterator[tuple[int, int, Pattern]]:
        """Matches of every pattern whose keys occur, each run only over the lines holding one of
        its keys (a pattern matches within one line, and a key lies inside its match): a post of
        many lines pays for the few lines that can match, not for the whole text (speed). `lines`
        are the field's shared line limits (the analysis's paragraphs), computed once."""
        for p in self.always:
            for m in p.regex.finditer(folded):
                if m.end() > m.start():
                    yield m.start(), m.end(), p
        hits = key_hits if key_hits is not None else list(self._keys.find(folded))
        if not hits:
            return
        if lines is None:
            for i in sorted({i for _s, _e, i in hits}):
                yield from self._run(self.keyed[i], folded, 0, len(folded))
            return
        wanted: dict[tuple[int, int], int] = {}
        for start, _end, i in hits:
            wanted.setdefault((i, lines.index(start)), start)
        for key in sorted(wanted):
            start, end = lines.bounds(wanted[key])
            yield from self._run(self.keyed[key[0]], folded, start, end)

    @staticmethod
    def _run(p: Pattern, folded: str, start: int, end: int) -> Iterator[tuple[int, int, Pattern]]:
        for m in p.regex.finditer(folded, start, end):
            if m.end() > m.start():
                yield m.start(), m.end(), p

    @property
    def keys(self) -> PhraseIndex[int]:
        return self._keys


def load_patterns(path: str, lists: dict[str, list[str]] | None = None) -> PatternSet:
    """patterns.tsv: signal <TAB> name <TAB> regular expression (on folded text) [<TAB> keys].
    `{group}` in an expression stands for the words of that list (PATTERN_LISTS), longest first."""
    known = {*PHRASE_SIGNALS, *PATTERN_ONLY_SIGNALS}
    alternations = {
        name: "(?:"
        + "|".join(re.escape(w) for w in sorted({w for w in words if len(w) > 1}, key=len, reverse=True))
        + ")"
        for name, words in (lists or {}).items()
        if any(len(w) > 1 for w in words)
    }
    out = []
    for row in read_lexicon(path, min_cells=3, max_cells=4):
        signal, name, expression = row.cells[:3]
        # keys are separated by `|`; `\|` is a key that is the bar itself (a table's cell border)
        keys = tuple(k.replace("\\|", "|") for k in KEY_SEPARATOR.split(row.cell(3, "")) if k)
        if signal not in known:
            raise row.error(f"unknown signal {signal!r}")
        for group in re.findall(r"\{([a-z_]+)\}", expression):
            if group not in alternations:
                raise row.error(f"unknown word list {{{group}}}; known: {', '.join(sorted(alternations))}")
            expression = expression.replace("{" + group + "}", alternations[group])
        try:
            regex = re.compile(expression)
        except re.error as exc:
            raise row.error(f"bad regular expression: {exc}") from None
        out.append(Pattern(signal, regex, f"lexicons/ads/{Path(path).name}:{row.line} pattern:{name}", keys))
    return PatternSet(out)


def load_exemptions(path: str) -> PhraseIndex[Exemption]:
    pairs: list[tuple[str, Exemption]] = []
    known = {*PHRASE_SIGNALS, *PATTERN_ONLY_SIGNALS, VOICE_SIGNAL, "shop_link"}
    for row in read_lexicon(path, min_cells=3, max_cells=4):
        names = row.cells[1]
        signals = None if names == "*" else frozenset(s.strip() for s in names.split(","))
        if signals is not None and not signals <= known:
            raise row.error(f"unknown signal(s): {', '.join(sorted(signals - known))}")
        if row.cells[2] not in SCOPES:
            raise row.error(f"scope must be span or sentence, not {row.cells[2]!r}")
        pairs.append((row.cells[0], Exemption(signals, row.cells[2], _source(path, row.line, row.cells[0]))))
    return PhraseIndex(pairs)


def load_voice(path: str) -> PhraseIndex[str]:
    """selling_voice.txt: word <TAB> group, one of VOICE_GROUPS."""
    pairs: list[tuple[str, str]] = []
    for row in read_lexicon(path, min_cells=2, max_cells=2):
        if row.cells[1] not in VOICE_GROUPS:
            raise row.error(f"group must be one of {', '.join(VOICE_GROUPS)}, not {row.cells[1]!r}")
        pairs.append((row.cells[0], row.cells[1]))
    return PhraseIndex(pairs)


def voice_hits(scan: FieldScan, index: PhraseIndex[str]) -> list[Hit]:
    """Sentences that address the reader, urge and promise a gain all at once (赶紧来，你就是赚到
    ……优惠): the selling register as a whole, not one stock phrase. The hit spans the words found."""
    found: dict[int, dict[str, tuple[int, int]]] = {}
    for start, end, group in scan.analysis.phrases(index):
        found.setdefault(scan.seg.sentence(start), {}).setdefault(group, (start, end))
    hits = []
    for groups in found.values():
        if len(groups) < len(VOICE_GROUPS):
            continue
        start = min(s for s, _e in groups.values())
        end = max(e for _s, e in groups.values())
        if not scan.exempt(VOICE_SIGNAL, start, end):
            words = "+".join(scan.folded[s:e] for s, e in groups.values())
            hits.append(Hit(VOICE_SIGNAL, start, end, (f"lexicons/ads/selling_voice.txt {words}",)))
    return hits


@dataclass(frozen=True, slots=True)
class Contexts:
    """contexts.txt as two indexes (the groups every field needs, and the lazy ones) and one
    expression per asked group (ASKED_GROUPS), None when the group is empty."""

    eager: PhraseIndex[str]
    lazy: PhraseIndex[str]
    asked: dict[str, re.Pattern[str] | None]


def context_words(path: str, group: str) -> list[str]:
    """The words of one group of contexts.txt (for `{group}` in patterns.tsv)."""
    return [row.cells[0] for row in read_lexicon(path, min_cells=2, max_cells=2) if row.cells[1] == group]


def load_contexts(path: str) -> Contexts:
    eager: list[tuple[str, str]] = []
    lazy: list[tuple[str, str]] = []
    asked: dict[str, list[str]] = {group: [] for group in ASKED_GROUPS}
    for row in read_lexicon(path, min_cells=2, max_cells=2):
        if row.cells[1] not in CONTEXT_GROUPS:
            raise row.error(f"group must be one of {', '.join(CONTEXT_GROUPS)}, not {row.cells[1]!r}")
        if row.cells[1] in asked:
            asked[row.cells[1]].append(row.cells[0])
        else:
            (lazy if row.cells[1] in LAZY_GROUPS else eager).append((row.cells[0], row.cells[1]))
    expressions = {
        group: re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
        if words
        else None
        for group, words in asked.items()
    }
    return Contexts(PhraseIndex(eager), PhraseIndex(lazy), expressions)


class Segments:
    """Sentence and paragraph numbers of offsets in one field: the shared analysis's sentences
    (cut at `SENTENCE_STOPS`) and paragraphs (cut after each newline), computed once per field
    for every checker."""

    def __init__(self, analysis: FieldAnalysis) -> None:
        self._sentences = analysis.sentences
        self._paragraphs = analysis.paragraphs

    def sentence(self, offset: int) -> int:
        return self._sentences.index(offset)

    def paragraph(self, offset: int) -> int:
        return self._paragraphs.index(offset)


class FieldScan:
    """Everything the signals need to know about one folded field, computed once."""

    def __init__(
        self,
        analysis: FieldAnalysis,
        contexts: Contexts,
        exemptions: PhraseIndex[Exemption],
        patterns: PatternSet | None = None,
    ) -> None:
        # phrase hits come from the shared analysis (the pipeline's one combined automaton)
        self.analysis = analysis
        self.folded = folded = analysis.folded
        self.seg = Segments(analysis)
        self.context_sentences: dict[str, set[int]] = {g: set() for g in CONTEXT_GROUPS}
        self.context_paragraphs: dict[str, set[int]] = {g: set() for g in CONTEXT_GROUPS}
        self.enforcement_words: set[str] = set()
        self.negations: list[tuple[int, int]] = []
        self._lazy = contexts.lazy
        self._asked = contexts.asked
        self._product_words: list[int] | None = None
        self._self_words: list[int] = []
        for start, end, group in analysis.phrases(contexts.eager):
            self.context_sentences[group].add(self.seg.sentence(start))
            self.context_paragraphs[group].add(self.seg.paragraph(start))
            if group in ("enforcement", "warning"):
                self.enforcement_words.add(folded[start:end])
            elif group == "negation":
                self.negations.append((start, end))
        self.span_exemptions: list[tuple[int, int, Exemption]] = []
        self.sentence_exemptions: dict[int, list[Exemption]] = {}
        for start, end, ex in analysis.phrases(exemptions):
            if ex.scope == "span":
                self.span_exemptions.append((start, end, ex))
            else:
                self.sentence_exemptions.setdefault(self.seg.sentence(start), []).append(ex)
        self.pattern_hits = (
            list(patterns.finditer(folded, analysis.phrases(patterns.keys), analysis.paragraphs))
            if patterns
            else []
        )
        self._money_sentences: set[int] | None = None
        self._single_rates: set[int] | None = None

    @property
    def money_sentences(self) -> set[int]:
        """Sentences naming an amount of money (not a range) or a price pattern; computed on first
        use, as only a price word that needs an amount asks (speed)."""
        if self._money_sentences is None:
            folded = self.folded
            ranges = {self.seg.sentence(m.start()) for m in MONEY_RANGE.finditer(folded)}
            self._money_sentences = {
                self.seg.sentence(m.start()) for m in MONEY.finditer(folded)
            } - ranges | {
                self.seg.sentence(s) for s, _e, p in self.pattern_hits if p.signal == "price_promotion"
            }
        return self._money_sentences

    def negated(self, offset: int) -> bool:
        """Whether a negation (contexts.txt group `negation`) begins before `offset` in its clause; it
        may end inside the claim (不可能解决 holds 能解决, 不能治愈 holds 能治愈)."""
        if not self.negations:
            return False
        clause_start, _end = self.analysis.clauses.bounds(offset)
        return any(clause_start <= s < offset for s, _e in self.negations)

    @property
    def single_rate_sentences(self) -> set[int]:
        """Sentences naming a rate (4.5%) that is not part of a range (2.0%-3.5%); computed on first
        use, as only an entry that needs `rate` asks."""
        if self._single_rates is None:
            ranges = [m.span() for m in RATE_RANGE.finditer(self.folded)]
            self._single_rates = {
                self.seg.sentence(m.start())
                for m in RATE.finditer(self.folded)
                if not any(s <= m.start() < e for s, e in ranges)
            }
        return self._single_rates

    def has_context(self, group: str, offset: int) -> bool:
        return self.seg.sentence(offset) in self.context_sentences[group]

    def satisfied(self, entry: Entry, start: int, end: int) -> bool:
        """Whether the entry's context rule holds for a hit at start:end."""
        if entry.needs == "-":
            return True
        if entry.needs == "amount":
            return self.seg.sentence(start) in self.money_sentences
        if entry.needs == "number":
            return NUMBER_AFTER.match(self.folded, end) is not None
        if entry.needs == "commerce":
            return self.commercial(start)
        if entry.needs == "rate":
            return self.seg.sentence(start) in self.single_rate_sentences
        return self.has_context(entry.needs, start)

    def commercial(self, offset: int) -> bool:
        """A buying word in the sentence, or a word of a service on offer (培训, 课程, 挂号 …) when no
        public body (人社局, 社区, 人民医院 …) provides it in the paragraph."""
        if self.has_context("commerce", offset):
            return True
        return self.has_context("service", offset) and (
            self.seg.paragraph(offset) not in self.context_paragraphs["public"]
        )

    def exempt(self, signal: str, start: int, end: int) -> bool:
        for s, e, ex in self.span_exemptions:
            if s <= start and end <= e and ex.covers(signal):
                return True
        return any(ex.covers(signal) for ex in self.sentence_exemptions.get(self.seg.sentence(start), ()))

    def in_warning(
        self,
        offset: int,
        channel_paragraphs: frozenset[int] = frozenset(),
        order_paragraphs: frozenset[int] = frozenset(),
        claim: bool = False,
    ) -> bool:
        """Inside a paragraph that reports on, or warns against, an ad: enforcement and warning
        words always; news words (group `report`) unless the paragraph gives a price and a channel;
        a source hedge (group `hedge`: 据了解) for every hit but a `claim` asserted outside quotes;
        a sentence that narrates a third party's offer or event (group `narration`: 实行…优惠,
        推出…措施, 举办, 的广告) without the seller's or the reader's voice (group `self`), unless its
        paragraph gives a way to buy (`order_paragraphs`: an order number is an ad whoever speaks)."""
        p = self.seg.paragraph(offset)
        if p in self.context_paragraphs["enforcement"] or p in self.context_paragraphs["warning"]:
            return True
        if p in channel_paragraphs:
            return False
        if p in self.context_paragraphs["report"]:
            return True
        if p in self.context_paragraphs[HEDGE_GROUP] and not (claim and self.asserted(offset)):
            return True
        return p not in order_paragraphs and self.narrated(offset)

    def asserted(self, offset: int) -> bool:
        """Whether the sentence at `offset` asserts what it says in the post's own voice: outside
        quotes, and giving it to nobody (contexts.txt group `attribution`: 承诺, 宣称, 表示, 介绍 …)."""
        if self.in_quotes(offset):
            return False
        attribution = self._asked["attribution"]
        start, end = self.analysis.sentences.bounds(offset)
        return attribution is None or attribution.search(self.folded, start, end) is None

    def narrated(self, offset: int) -> bool:
        """Whether the sentence at `offset` narrates someone else's offer, policy or event (contexts.txt
        group `narration`) and neither speaks as the seller nor to the reader (group `self`): the
        government or a reporter telling of a third party's business, not the account selling."""
        narration = self._asked["narration"]
        start, end = self.analysis.sentences.bounds(offset)
        if narration is None or narration.search(self.folded, start, end) is None:
            return False
        sentence = self.seg.sentence(offset)
        _ = self.product_words  # the lazy groups (`self` among them) are scanned on first use
        # a 你 inside a quoted slogan (“万张门票等你抢”活动) is the third party's voice, not the post's
        return not any(
            self.seg.sentence(w) == sentence and not self.in_quotes(w) for w in self._self_words
        )

    @property
    def product_words(self) -> list[int]:
        """Offsets of the product words (contexts.txt group `product`); the lazy groups are scanned on
        first use, as only an absolute term or a lone claim asks (speed)."""
        if self._product_words is None:
            self._product_words = []
            for s, _e, group in self.analysis.phrases(self._lazy):
                if group == "product":
                    self._product_words.append(s)
                else:
                    self.context_sentences[group].add(self.seg.sentence(s))
                    if group == "self":
                        self._self_words.append(s)
        return self._product_words

    def names_product(self, offset: int) -> bool:
        """Whether the sentence at `offset` names a product or service (group `product`)."""
        sentence = self.seg.sentence(offset)
        return any(self.seg.sentence(w) == sentence for w in self.product_words)

    def names_seller(self, offset: int) -> bool:
        """Whether the paragraph at `offset` names a merchant or speaks as one (group `seller`:
        有限公司, 旗舰店, 本店, 我院 …): the commercial actor behind a claim."""
        return self.seg.paragraph(offset) in self.context_paragraphs["seller"]

    @property
    def official(self) -> bool:
        """Whether the field speaks as an authority or a reporter anywhere (OFFICIAL_GROUPS, or a news
        lede of contexts.txt group `lede`: 近日, 日前, 今年以来)."""
        if any(self.context_paragraphs[g] for g in OFFICIAL_GROUPS):
            return True
        lede = self._asked["lede"]
        return lede is not None and lede.search(self.folded) is not None

    def praises_product(self, start: int, end: int, adjacent: int, window: int, before: int = 0) -> bool:
        """Whether an absolute term at start:end praises the thing on sale: a product word (contexts.txt
        group `product`) right after it (顶级工艺, 第一品牌), or within `window` characters when the
        sentence also speaks as the seller or to the buyer (group `self`: 我们, 本店, 您), or up to
        `before` characters ahead of it in its sentence (本地特色的小吃，当地首推; 医院…业界领先)."""
        product_words = self.product_words
        sentence = self.seg.sentence(start)
        clause_start, _clause_end = self.analysis.clauses.bounds(start)
        if sentence in self.context_sentences["self"] or COPULA.search(self.folded, clause_start, start):
            # 我们的…最…的小吃 / 是本溪市最具实力的教育培训高端品牌: the seller's voice or a copula
            # claim (X 是 … 最 … 的 Y) reaches the product word at the end of the phrase
            reach = end + window
        else:  # 最完美的纯澈口感: a 的 and a short modifier may sit between; a count (5个品牌) may not
            reach = end + adjacent + (self.folded[end : end + 1] == "的")
        return any(
            self.seg.sentence(w) == sentence
            and (
                (start <= w <= reach and not COUNT.search(self.folded, end, w))
                # …品牌…最有价值的5个品牌之一: a counted ranking reports, it does not praise
                or (start - before <= w < start and not COUNT.search(self.folded, end, end + window))
            )
            for w in product_words
        )

    def in_quotes(self, start: int) -> bool:
        """Whether `start` lies inside a pair of quotation marks on its line."""
        line_start = self.folded.rfind("\n", 0, start) + 1
        before = self.folded[line_start:start]
        for left, right in QUOTES:
            if left == right:
                if before.count(left) % 2 == 1:
                    return True
            elif before.rfind(left) > before.rfind(right):
                return True
        return False

    def in_quotation(self, start: int) -> bool:
        """`in_quotes`, or inside a quotation the text begins in the middle of: a closing mark after
        `start` on its line with no opening mark before it (an excerpt cut inside a slogan: 3个月狂瘦
        10斤！”“苦瓜茶……”)."""
        if self.in_quotes(start):
            return True
        line_start = self.folded.rfind("\n", 0, start) + 1
        line_end = self.folded.find("\n", start)
        line_end = len(self.folded) if line_end < 0 else line_end
        before, after = self.folded[line_start:start], self.folded[start:line_end]
        return any(
            left != right and left not in before and right in after.split(left, 1)[0]
            for left, right in QUOTES
        )

    @property
    def quoted_share(self) -> float:
        """The share of the field's characters inside quotation marks (opened, or the text's first
        line cut inside one): a text made of slogans is ad copy taken out, one that tells around them
        is an account."""
        folded = self.folded
        if not folded:
            return 0.0
        inside = 0
        for line in folded.split("\n"):  # one pass a line: which characters lie between marks
            quoted = [False] * len(line)
            for left, right in QUOTES:
                if left == right:
                    opened = False
                    for i, ch in enumerate(line):
                        if ch == left:
                            opened = not opened
                        elif opened:
                            quoted[i] = True
                    continue
                first_left, first_right = line.find(left), line.find(right)
                # a line cut inside a quotation: its start up to the first closing mark is quoted
                opened = first_right >= 0 and (first_left < 0 or first_right < first_left)
                for i, ch in enumerate(line):
                    if ch == left:
                        opened = True
                    elif ch == right:
                        opened = False
                    elif opened:
                        quoted[i] = True
            inside += sum(quoted)
        return inside / len(folded)

    @property
    def has_any_cue(self) -> bool:
        return any(self.context_paragraphs[g] for g in QUOTING_GROUPS)


def word_hits(scan: FieldScan, index: PhraseIndex[Entry]) -> list[Hit]:
    """Lexicon and pattern hits whose context rule holds and that no exemption covers.

    A contact channel (咨询电话, 加微信) is contact-to-buy when its sentence has a commercial
    word, or when its paragraph promotes a price or makes a claim only a seller makes: the number is
    then where to buy.
    """
    hits = list(_pattern_hits(scan))
    waiting: list[Hit] = []
    for start, end, entry in scan.analysis.phrases(index):
        if scan.exempt(entry.signal, start, end):
            continue
        if entry.signal in CLAIM_SIGNALS and scan.negated(start):
            continue
        hit = Hit(entry.signal, start, end, (entry.source,), entry.strong, family=entry.family)
        if scan.satisfied(entry, start, end):
            hits.append(hit)
        elif entry.signal == "contact_to_buy":
            waiting.append(hit)
    # a price, or a claim only a seller makes (cure, pass, return, appreciation), makes the paragraph's
    # contact channel (私信, 咨询电话) where to buy
    promoted = {
        scan.seg.paragraph(h.start)
        for h in hits
        if h.signal == "price_promotion" or h.signal in CLAIM_SIGNALS
    }
    hits += [h for h in waiting if scan.seg.paragraph(h.start) in promoted]
    return hits


def _pattern_hits(scan: FieldScan) -> Iterator[Hit]:
    """Hits of the regular expressions in patterns.tsv (discounts, guarantees, claims, specs)."""
    for start, end, pattern in scan.pattern_hits:
        if pattern.signal in CLAIM_SIGNALS and scan.negated(start):
            continue
        if not scan.exempt(pattern.signal, start, end):
            yield Hit(pattern.signal, start, end, (pattern.source,))


def mark_quoted(scan: FieldScan, hits: list[Hit], whole_document_quoted: bool) -> list[Hit]:
    """Hits in an enforcement notice or warning quote an ad rather than make one."""
    # A news-style paragraph that names a price and where to buy still sells (村民…一斤只要120元，拨打…).
    orders = frozenset(scan.seg.paragraph(h.start) for h in hits if h.signal in CHANNEL_SIGNALS)
    channels = orders & frozenset(scan.seg.paragraph(h.start) for h in hits if h.signal == "price_promotion")
    out = []
    for hit in hits:
        quoted = (
            whole_document_quoted
            or scan.in_warning(hit.start, channels, orders, hit.signal in HEDGE_PIERCING)
            or (scan.has_any_cue and scan.in_quotes(hit.start))
        )
        out.append(replace(hit, quoted=quoted) if quoted else hit)
    return out


def merge_overlaps(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits of one signal become one hit spanning them all (全网第一 ⊃ 第一)."""
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.signal, h.start, -h.end)):
        last = out[-1] if out else None
        if last and last.signal == hit.signal and hit.start < last.end and last.kind == hit.kind:
            sources = last.sources + tuple(s for s in hit.sources if s not in last.sources)
            out[-1] = replace(
                last,
                end=max(last.end, hit.end),
                sources=sources,
                strong=last.strong or hit.strong,
                quoted=last.quoted and hit.quoted,
            )
        else:
            out.append(hit)
    return out
