"""One presidio recognizer per entity, for folded Chinese text (half width, lower case).

Presidio's built-in recognizers use `\\b`, which never fires between CJK characters and
digits, so every pattern here bounds values with explicit look-arounds instead. Checksums go
in `validate_result` (True -> score 1.0, False -> dropped, None -> the pattern's score);
values that need a context word (QQ, passports …) start below the threshold and pass only
when presidio's context enhancer finds one of `context` in the words just before them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from presidio_analyzer import EntityRecognizer, LocalRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from review_pipeline.checkers.pii.checksums import (
    luhn_valid,
    valid_legacy_resident_id,
    valid_resident_id,
    valid_uscc,
)
from review_pipeline.checkers.pii.data import ENTITIES, PiiData
from review_pipeline.checkers.pii.engine import LANG, NEEDS_CONTEXT
from review_pipeline.checkers.pii.numbers import (
    PLATE_PROVINCES,
    compact,
    country_prefix_length,
    split_landline,
)
from review_pipeline.checkers.pii.persons import person_finder
from review_pipeline.text.analysis import SENTENCE_FINALS
from review_pipeline.text.phrases import PhraseIndex

FLAGS = re.DOTALL | re.MULTILINE | re.IGNORECASE
NEGATIVE_LOOKBACK = 10  # characters before a value searched for 订单号, 信用代码 …

STRONG, MEDIUM = 0.9, 0.6

_B = r"(?<![0-9a-z])"  # value boundaries that work next to CJK characters
# what a page masks digits with (913101173245******, 138****5678): a value cut by one is
# already de-identified, not a malformed value (RUBRIC §1, §5)
_DIGIT_MASKS = frozenset("*＊×")
_E = r"(?![0-9a-z])"


_DIGITS5 = re.compile(r"[0-9]{5}|[0-9][ \-][0-9]{4}")
# Every value of the number recognizers (IDs, phones, cards, permits, QQ) holds five digits with
# at most one separator between two of them (13812345678, 138 1234 5678, 4506 0219 …) and is
# made of these characters only (digits, letters, separators, brackets, 转/分机 + an extension),
# so it lies inside one stretch of them that holds such a run: their patterns run on those
# stretches, not on the whole post.
_FIVE_DIGITS = re.compile(r"[0-9](?:[ \-\u2014\u2013]?[0-9]){4}")
_VALUE_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz()+ -\u2014\u2013.\u8f6c\u5206\u673a")
_VALUE_RUN = re.compile(r"[0-9a-z()+ \-\u2014\u2013.\u8f6c\u5206\u673a]*")


def value_windows(text: str) -> list[tuple[int, int]]:
    """The stretches of value characters that hold a run of five digits, in order."""
    out: list[tuple[int, int]] = []
    end = 0
    for m in _FIVE_DIGITS.finditer(text):
        if m.start() < end:
            continue
        lo = m.start()
        while lo > end and text[lo - 1] in _VALUE_CHARS:
            lo -= 1
        end = _VALUE_RUN.match(text, m.end()).end()  # type: ignore[union-attr]  # * always matches
        out.append((lo, end))
    return out


class _Windows:
    """`value_windows` of the last text asked about: the number recognizers read one post in
    turn. One tuple, so a reader in another thread sees a text and its own windows."""

    def __init__(self) -> None:
        self._last: tuple[str, list[tuple[int, int]]] = ("", [])

    def __call__(self, text: str) -> list[tuple[int, int]]:
        seen, windows = self._last
        if seen is text or seen == text:
            return windows
        windows = value_windows(text)
        self._last = (text, windows)
        return windows


_windows = _Windows()

# pattern -> (the last text searched, whether the pattern occurs in it): most recognizers share
# `_DIGITS5` as their trigger and read one post in turn, so it runs once per post
_TRIGGERED: dict[re.Pattern[str], tuple[str, bool]] = {}


def _triggered(pattern: re.Pattern[str], text: str) -> bool:
    """`pattern.search(text) is not None`, kept for the last text (one tuple per pattern, so
    another thread sees a text and its own answer)."""
    held = _TRIGGERED.get(pattern)
    if held is not None and held[0] is text:
        return held[1]
    found = pattern.search(text) is not None
    _TRIGGERED[pattern] = (text, found)
    return found


class CnPatternRecognizer(PatternRecognizer):
    """A pattern recognizer that drops values right after a word such as 订单号 or 信用代码.

    `TRIGGER` is a cheap search that must succeed before the patterns run at all.
    """

    ENTITY = ""
    PATTERNS: tuple[tuple[str, str, float], ...] = ()
    TRIGGER: re.Pattern[str] = _DIGITS5
    # every value holds a run of five digits (see `value_windows`): the patterns run on windows
    WINDOWED = True
    # digits of a malformed value right after one of the entity's `number_cues` (身份证号：…);
    # None: no such reading for this entity
    MALFORMED_DIGITS: tuple[int, int] | None = None
    MALFORMED_SCORE = 0.55
    # a value inside a web address (https://user@host/…, https://58oz7x.wx.host/…) is part of the link
    NOT_IN_URL = False
    _VALUE_AT = re.compile(r"[0-9](?:[0-9]|[ \-](?=[0-9]))*x?(?![0-9a-z])")

    def __init__(self, data: PiiData) -> None:
        self.data = data
        negative = data.negative.get(self.ENTITY, ()) + data.negative.get("*", ())
        self._negative = re.compile("|".join(map(re.escape, negative))) if negative else None
        super().__init__(
            supported_entity=self.ENTITY,
            name=type(self).__name__,
            supported_language=LANG,
            patterns=[Pattern(name, regex, score) for name, regex, score in self.PATTERNS],
            context=data.context.get(self.ENTITY, []),
            global_regex_flags=FLAGS,
        )
        self._compiled = [(name, regex, score, re.compile(regex, FLAGS)) for name, regex, score in self.PATTERNS]
        cues = data.number_cues.get(self.ENTITY, ()) if self.MALFORMED_DIGITS else ()
        # a cue, then at most 为/是 and a colon or spaces, ending where a value starts
        self._cue_before = (
            re.compile(rf"(?:{'|'.join(map(re.escape, cues))})[：:\s]{{0,2}}(?:为|是)?[：:\s]{{0,2}}$") if cues else None
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        if not _triggered(self.TRIGGER, text):
            return []
        if self.WINDOWED and regex_flags in (None, FLAGS):
            results = self._in_windows(text, _windows(text))
        else:
            results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if self._cue_before is not None:
            results.extend(self._malformed(text, results))
        if self.NOT_IN_URL:
            results = [r for r in results if not _in_url(text, r.start)]
        if self._negative is None:
            return results
        return [r for r in results if not self._negative.search(text, max(0, r.start - NEGATIVE_LOOKBACK), r.start)]

    def _malformed(self, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        """Values right after a cue of `number_cues` (身份证号：450102…) that no pattern took:
        reported as malformed (a warning, masked all the same: a mistyped number is still the
        person's). Only the windows of value characters are looked at, and only their start."""
        assert self._cue_before is not None and self.MALFORMED_DIGITS is not None
        low, high = self.MALFORMED_DIGITS
        out = []
        for lo, hi in _windows(text):
            while lo < hi and text[lo] == " ":
                lo += 1
            if not self._cue_before.search(text, max(0, lo - 12), lo):
                continue
            m = self._VALUE_AT.match(text, lo, hi)
            if m is None or any(r.start < m.end() and m.start() < r.end for r in results):
                continue
            if text[m.end() : m.end() + 1] in _DIGIT_MASKS:
                continue  # 身份证件号码:913101173245******: masked by the page
            digits = sum(c.isdigit() for c in m.group())
            if low <= digits <= high and self.plausible_malformed(compact(m.group())):
                result = _result(self, m.start(), m.end(), self.MALFORMED_SCORE, f"{self.ENTITY.lower()}_after_cue_malformed")
                result.recognition_metadata["malformed"] = True
                out.append(result)
        return out

    def plausible_malformed(self, code: str) -> bool:
        """Whether `code` (no separators) can be a mistyped value of this entity."""
        return True

    def _in_windows(self, text: str, windows: list[tuple[int, int]]) -> list[RecognizerResult]:
        """What presidio's `PatternRecognizer.analyze` returns, with each pattern run only on
        `windows` (no match lies outside them: see `value_windows`). The same results, scores,
        explanations and validation as presidio's loop, without its per-pattern timing and
        logging or a scan of the whole post per pattern."""
        if not windows:
            return []
        results = []
        recognizer = type(self).__name__  # the name given to presidio in __init__
        for name, regex, score, compiled in self._compiled:
            for lo, hi in windows:
                for match in compiled.finditer(text, lo, hi):
                    start, end = match.span()
                    if start == end:
                        continue
                    value = text[start:end]
                    validation = self.validate_result(value)
                    explanation = self.build_regex_explanation(
                        recognizer, name, regex, score, validation, FLAGS  # type: ignore[arg-type]  # presidio declares bool
                    )
                    result = RecognizerResult(
                        entity_type=self.supported_entities[0],
                        start=start,
                        end=end,
                        score=score,
                        analysis_explanation=explanation,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                    if validation is not None:
                        result.score = EntityRecognizer.MAX_SCORE if validation else EntityRecognizer.MIN_SCORE
                    if self.invalidate_result(value):
                        result.score = EntityRecognizer.MIN_SCORE
                    if result.score > EntityRecognizer.MIN_SCORE:
                        results.append(result)
                    explanation.score = result.score
        return EntityRecognizer.remove_duplicates(results)


class ResidentIdRecognizer(CnPatternRecognizer):
    """GB 11643 resident IDs: 18 digits with check digit, also written in groups (4506 0219 …,
    450602 19900101 1239); the 15-digit pre-1999 form (valid region and 19YY date). A number
    right after 身份证号 that is no valid ID is still reported, as malformed (a warning, masked
    all the same): a mistyped ID is still someone's ID."""

    ENTITY = "CN_RESIDENT_ID"
    _DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
    _SEP = r"[ \-]?"
    PATTERNS = (
        ("id18", _B + r"[1-9][0-9]{5}[ \-]?(?:18|19|20)[0-9]{2}" + _DATE + r"[ \-]?[0-9]{3}[0-9x]" + _E, 0.5),
        ("id18_grouped", _B + r"[1-9](?:" + _SEP + r"[0-9]){16}" + _SEP + r"[0-9x]" + _E, 0.5),
        ("id15", _B + r"[1-9][0-9]{5}" + _SEP + r"[0-9]{2}" + _DATE + _SEP + r"[0-9]{3}" + _E, 0.5),
    )
    MALFORMED_DIGITS = (12, 20)

    def validate_result(self, pattern_text: str) -> bool | None:
        code = compact(pattern_text)
        if len(code) == 18:
            return valid_resident_id(code)
        return valid_legacy_resident_id(code)


class MobileRecognizer(CnPatternRecognizer):
    """Mainland mobile numbers (1[3-9] + 9 digits), with +86/0086 and separators; the country
    prefix is left out of the entity."""

    ENTITY = "CN_MOBILE"
    PATTERNS = (("mobile", _B + r"(?:(?:\+|00)?86[ \-]?)?1[3-9][0-9](?:[ \-]?[0-9]{4}){2}" + _E, MEDIUM),)
    MALFORMED_DIGITS = (10, 12)

    def plausible_malformed(self, code: str) -> bool:
        return code.startswith("1")  # 手机号：1381234567 (a digit short); a landline is no mobile

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: Any = None) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for r in results:
            r.start += country_prefix_length(text[r.start : r.end])
        return results


class LandlineRecognizer(CnPatternRecognizer):
    """Fixed lines: area code (010, 02x or 0300–0999) + 7–8 digits, optional extension; a bare
    local number only next to 电话/座机."""

    ENTITY = "CN_LANDLINE"
    _EXT = r"(?:(?:转|-|ext\.?|分机)[0-9]{1,5})?"
    PATTERNS = (
        ("landline", _B + r"(?:\(0[1-9][0-9]{1,2}\)|0[1-9][0-9]{1,2})[ \-—–]?[2-9][0-9]{6,7}" + _EXT + _E, MEDIUM),
        ("local", _B + r"[2-9][0-9]{6,7}" + _E, NEEDS_CONTEXT),
    )
    _SPLIT = re.compile(r"^(\(?0[0-9]+\)?[ \-]?[0-9]+)")

    def validate_result(self, pattern_text: str) -> bool | None:
        if pattern_text[0] not in "0(":
            return None
        head = re.split(r"转|ext|分机", pattern_text)[0]
        number = compact(head)
        if "-" in head and len(number) > 12:  # 0770-2812345-801: the last group is an extension
            number = compact(head.rsplit("-", 1)[0])
        return None if split_landline(number, self.data.three_digit_codes) else False


class BankCardRecognizer(CnPatternRecognizer):
    """Bank cards: 16–19 digits, Luhn-valid with a card-scheme first digit; a UnionPay-looking
    number that fails Luhn only next to 卡号/账号. Never a valid resident ID or USCC."""

    ENTITY = "BANK_CARD"
    # after 卡号/账号 a card or an account: cards have 16–19 digits, accounts of some banks up to
    # 25 (a rural commercial bank's 10024903271088800000021)
    MALFORMED_DIGITS = (14, 25)
    PATTERNS = (("card", _B + r"[0-9]{4}(?:[ \-]?[0-9]{4}){3}(?:[ \-]?[0-9]{1,3})?" + _E, NEEDS_CONTEXT),)

    ACCOUNT_LOOKBACK = 120  # characters before an account number searched for its unit holder
    _SENTENCE_END = re.compile(f"[{SENTENCE_FINALS}]")  # 或是通过银行汇款 after ；: the same donation sentence

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: Any = None) -> list[RecognizerResult]:
        """…and a number read after 账号 whose sentence names a unit holder before it (开户名:
        杭州市慈善总会 / 账号:…) is the unit's account, not a person's."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if self._negative is None:
            return results
        return [r for r in results if not (r.recognition_metadata.get("malformed") and self._unit_holder(text, r.start))]

    def _unit_holder(self, text: str, start: int) -> bool:
        """A unit word between the start of the sentence (at most ACCOUNT_LOOKBACK back) and `start`."""
        lo = max(0, start - self.ACCOUNT_LOOKBACK)
        ends = [m.end() for m in self._SENTENCE_END.finditer(text, lo, start)]
        assert self._negative is not None
        return self._negative.search(text, ends[-1] if ends else lo, start) is not None

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = compact(pattern_text)
        if not 16 <= len(digits) <= 19 or valid_resident_id(digits) or valid_uscc(digits):
            return False
        if luhn_valid(digits):
            return True if digits[0] in "345689" else None
        return None if digits.startswith("62") else False


class EmailRecognizer(CnPatternRecognizer):
    """ASCII e-mail addresses bounded so that surrounding Chinese is never swallowed."""

    ENTITY = "EMAIL"
    TRIGGER = re.compile("@")
    WINDOWED = False
    NOT_IN_URL = True  # https://user@host/…, …/@name.com: part of the link
    _LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
    PATTERNS = (
        (
            "email",
            r"(?<![a-z0-9._%+\-])[a-z0-9](?:[a-z0-9._%+\-]{0,62}[a-z0-9])?@"
            + _LABEL
            + r"(?:\."
            + _LABEL
            + r")*\.[a-z]{2,24}(?![a-z0-9\-])",
            STRONG,
        ),
    )

    # a phone number run into the mailbox (010-65363526rmzk001@163.com): a masthead or contact
    # block, a unit's; a private person's mailbox comes with a cue that says whose it is
    _AFTER_PHONE = re.compile(r"(?:0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}|1[3-9][0-9]{9})[a-z]")

    def validate_result(self, pattern_text: str) -> bool | None:
        """A file name (logo@2x.png) is no e-mail address; nor a phone number and a mailbox
        run together."""
        if pattern_text.rsplit(".", 1)[-1] in self.data.not_email_endings:
            return False
        return False if self._AFTER_PHONE.match(pattern_text) else None


_URL_HEAD = re.compile(r"(?:https?|ftp)://[^\s]*$|www\.[^\s]*$")


def _in_url(text: str, start: int) -> bool:
    """Whether `start` lies inside a web address that began earlier on the same run of
    non-space characters."""
    lo = max(0, start - 200)
    return _URL_HEAD.search(text, lo, start) is not None


class IpRecognizer(CnPatternRecognizer):
    """IPv4 addresses, octets 0–255."""

    ENTITY = "IP_ADDRESS"
    TRIGGER = re.compile(r"[0-9]\.[0-9]{1,3}\.[0-9]")
    WINDOWED = False
    _OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
    PATTERNS = (("ipv4", r"(?<![0-9.])" + _OCTET + r"(?:\." + _OCTET + r"){3}(?!\.?[0-9])", MEDIUM),)


class PassportRecognizer(CnPatternRecognizer):
    """Chinese passports (E + 8 digits, E + letter + 7, G + 8, D/S/P official), next to 护照."""

    ENTITY = "CN_PASSPORT"
    TRIGGER = re.compile(r"[a-z][0-9]{7}", re.IGNORECASE)
    WINDOWED = False
    PATTERNS = (("passport", _B + r"(?:e[0-9]{8}|e[a-hj-np-z][0-9]{7}|g[0-9]{8}|[dsp]e?[0-9]{7,8})" + _E, NEEDS_CONTEXT),)


class HmtPermitRecognizer(CnPatternRecognizer):
    """Permits for Hong Kong, Macau and Taiwan travel (回乡证 H/M + 8(+2), 往来港澳通行证 C + 8,
    台胞证 8 or 10 digits), next to 通行证/回乡证/台胞证."""

    ENTITY = "CN_HMT_PERMIT"
    PATTERNS = (
        ("hmt", _B + r"(?:[hm][0-9]{8}(?:[0-9]{2})?|c[0-9a-z][0-9]{7}|[0-9]{8}(?:[0-9]{2})?)" + _E, NEEDS_CONTEXT),
    )


class LicensePlateRecognizer(CnPatternRecognizer):
    """Vehicle plates: province + letter (no I/O) + 5 characters, new-energy 6; optional ·."""

    ENTITY = "CN_LICENSE_PLATE"
    _PROVINCES = PLATE_PROVINCES
    TRIGGER = re.compile(rf"[{_PROVINCES}][a-z]", re.IGNORECASE)
    WINDOWED = False
    _L = "a-hj-np-z"
    PATTERNS = (
        (
            "plate",
            rf"(?<![{_L}0-9])[{_PROVINCES}][{_L}][·・. \-]?"
            rf"(?:[{_L}0-9]{{4}}[{_L}0-9挂学警港澳]|[a-k][{_L}0-9][0-9]{{4}}|[0-9]{{5}}[a-k])(?![a-z0-9])",
            MEDIUM,
        ),
    )

    def __init__(self, data: PiiData) -> None:
        super().__init__(data)
        words = "|".join(re.escape(w) for w in sorted(data.plate_after, key=len, reverse=True))
        # 黑ATX237号出租车, 陕AT2943号出租车: a company's operating vehicle (plate_after.txt)
        self._operated = re.compile(rf"[ )）]?号?(?:{words})") if words else None

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if self._operated is None or not results:
            return results
        return [r for r in results if not self._operated.match(text, r.end)]

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if sum(c.isdigit() for c in pattern_text) >= 3 else False


class QqRecognizer(CnPatternRecognizer):
    """QQ numbers (5–11 digits) only with QQ/Q号 just before them."""

    ENTITY = "QQ"
    PATTERNS = (("qq", _B + r"[1-9][0-9]{4,10}" + _E, NEEDS_CONTEXT),)


class WechatRecognizer(CnPatternRecognizer):
    """WeChat IDs (6–20 of letters, digits, _ and -, letter first) only next to 微信/wx."""

    ENTITY = "WECHAT_ID"
    TRIGGER = re.compile(r"[a-z][a-z0-9_\-]{5}", re.IGNORECASE)
    WINDOWED = False
    NOT_IN_URL = True  # https://58oz7x.wx.lppoll.com/…: a piece of a web address
    PATTERNS = (("wechat", r"(?<![0-9a-z_\-])[a-z][a-z0-9_\-]{5,19}(?![0-9a-z_\-])", NEEDS_CONTEXT),)


class AddressRecognizer(LocalRecognizer):
    """A home address below the county (民法典 art. 1034: 住址 is personal information; RUBRIC.md
    §1): township, village, road, number, building, unit, room, village group, built from the
    endings in `lexicons/pii/address_parts.tsv`. Whose address it is comes from the words
    around it (`lexicons/pii/address_cues.tsv`):

    - a home cue (住址, 家住, 居住在, 现住, 户籍地 …) just before it, or a home just after it
      (…153号的王先生家): reported when it names a household: road + number, village + group
      (+ number), an estate + building / unit / room;
    - an office cue (办公地址, 地址：, 受理地点 …) just before it, or a unit's name just after it
      (…359号市民政局): a unit's address, never reported;
    - no cue: reported only when it names a household inside a building (a room or a floor) or
      a numbered courtyard (号院), and is not the scene of an event (…号院内, …楼下: a `scene`
      word right after it).
    """

    ENTITY = "ADDRESS"
    _NAME = r"(?:(?![区县市省州旗号路街巷])[\u4e00-\u9fff])"
    # a road's name may hold 州 (渔州路, 广州路, 苏州街): it ends a prefecture's name, not a road's
    _ROAD_NAME = r"(?:(?![区县市省旗号路街巷])[\u4e00-\u9fff])"
    _NUM = r"[0-9一二三四五六七八九十百零〇]"
    # where an address may start: after a county-level place, a cue's end or punctuation
    _START = r"(?<=[区县市旗州盟：:，,；;\s住在于为是地所])"
    _HOME_AFTER = re.compile(r"的?[^，。；,;\s]{0,5}?家(?![属长])")  # 153号的王先生家
    CUE_LOOKBACK = 12  # characters before an address searched for a cue
    UNIT_AFTER = 10  # characters after it searched for a unit's name (…号市民政局)
    REACH = 48  # an address starts at most this many characters before its house number

    def __init__(self, data: PiiData) -> None:
        parts = {k: "|".join(map(re.escape, v)) for k, v in data.address_parts.items()}
        name, num = self._NAME, self._NUM
        self._regex = re.compile(
            self._START
            + rf"(?P<town>(?![在于住]){name}{{2,6}}?(?:{parts['town']}))?"
            # a village, its committee, an estate, a hamlet (大安村委石门屯)
            + rf"(?P<village>(?![在于住])(?:{name}|[0-9]){{1,10}}(?:{parts['village']}))?"
            # a road and a lane numbered off it (中山路三巷)
            + rf"(?P<road>(?![在于住])(?:{self._ROAD_NAME}|[0-9a-z]){{1,10}}?(?:{parts['road']})(?!道)(?:{parts['section']}|{num}{{1,2}}段)?(?:{num}+(?:{parts['lane']}))?)?"
            + rf"(?P<number>(?:[0-9]+(?:-[0-9]+)?|[一二三四五六七八九十百]+)(?:{parts['number']})(?![楼房线]))?"
            # an estate written after the road's number (白沙大道56号华润小区3栋…): part of the address
            + rf"(?P<estate>(?<=号)(?!的){name}{{2,8}}?(?:{parts['village']}))?"
            # building-unit-room written with dashes (幸福小区3-2-501): a household
            + r"(?P<flat>[0-9]{1,3}-[0-9]{1,2}-[0-9]{2,4}(?:室|号)?(?![0-9-]))?"
            + rf"(?P<building>[0-9a-z]+(?:{parts['building']}))?"
            + rf"(?P<unit>[0-9]+(?:{parts['unit']}))?"
            + rf"(?P<floor>[0-9]+(?:{parts['floor']})(?![0-9]))?"
            # a room, with its ending or as bare digits right after a building or unit (3单元501)
            + rf"(?P<room>[0-9]+(?:{parts['room']})|(?<=[{_last_chars(data.address_parts, 'building', 'unit')}])[0-9]{{3,4}}(?![0-9]))?"
            + rf"(?P<group>{num}+(?:{parts['group']})(?![区会]))?"
            # the house in a village group (3组12号)
            + rf"(?:(?<=[{_last_chars(data.address_parts, 'group')}])[0-9]+(?:-[0-9]+)?号)?",
            FLAGS,
        )
        house = "|".join(
            map(re.escape, sorted({e for k in ("number", "building", "unit", "room", "group") for e in data.address_parts[k]}, key=len, reverse=True))
        )
        self._house = re.compile(rf"{num}(?:{house})|[0-9]-[0-9]{{1,2}}-[0-9]{{2,4}}")
        self._cues = PhraseIndex((w, k) for w, k in data.address_cues.items() if k in ("home", "office"))
        scenes = sorted((w for w, k in data.address_cues.items() if k == "scene"), key=len, reverse=True)
        self._scene_after = re.compile("|".join(map(re.escape, scenes)) if scenes else r"(?!)")
        units = sorted((w for w, k in data.address_cues.items() if k == "unit"), key=len, reverse=True)
        self._unit_after = re.compile(
            rf"[^，。；,;、\s]{{0,{self.UNIT_AFTER}}}?(?:{'|'.join(map(re.escape, units))})" if units else r"(?!)"
        )
        super().__init__(supported_entities=[self.ENTITY], supported_language=LANG, name=type(self).__name__)

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        done = 0
        for house in self._house.finditer(text):
            if house.start() < done:
                continue
            lo, hi = max(done, house.start() - self.REACH), min(len(text), house.end() + self.REACH)
            found = self._in_span(text, lo, hi)
            out.extend(found)
            done = max([hi - self.REACH, *(r.end for r in found)])
        return out

    def owner(self, text: str, start: int, end: int) -> str:
        """home, office or "" for the address at [start, end): the nearest cue before it (of
        two overlapping cues the longer: 家庭地址： is a home, not 地址：), else what follows."""
        lo = max(0, start - self.CUE_LOOKBACK)
        hits = sorted(self._cues.find(text[lo:start]), key=lambda h: (h[1], h[1] - h[0]))
        if hits:
            s, e, kind = hits[-1]
            longer = [h for h in hits if h[0] < e and s < h[1] and h[1] - h[0] > e - s]
            return max(longer, key=lambda h: h[1] - h[0])[2] if longer else kind
        if self._unit_after.match(text, end):
            return "office"
        if self._HOME_AFTER.match(text, end):
            return "home_after"
        return ""

    def _in_span(self, text: str, lo: int, hi: int) -> list[RecognizerResult]:
        out = []
        for found in self._regex.finditer(text, lo, hi):
            m = self._after_cue(text, found, hi)
            if m.end() - m.start() < 4:
                continue
            owner = self.owner(text, m.start(), m.end())
            if owner == "office":
                continue  # a unit's address is published on purpose
            if not owner and self._scene_after.match(text, m.end()):
                continue  # 在西矿街130号院内: where something happened, no one's home named
            if owner == "home_after":
                # …153号的王先生家: a home, but a village group named before X家 without its house
                # number (九溪村12组王家孟家中) names no household (RUBRIC.md §6)
                owner = "home" if not (m["group"] and not m["number"] and not m.group().endswith("号")) else ""
            place = m["town"] or m["village"] or m["road"]
            inside = m["room"] or m["floor"] or m["flat"]  # a household inside a building
            household = (inside and (m["building"] or m["unit"] or place)) or (m["number"] or "").endswith("号院")
            building = m["building"] or m["unit"]
            if household or (owner == "home" and (inside or (building and place) or (m["unit"] and m["building"]) or (place and (m["number"] or m["group"])))):
                out.append(_result(self, m.start(), m.end(), 0.85, "address" if owner != "home" else "address_home"))
        return out

    def _after_cue(self, text: str, m: re.Match[str], hi: int) -> re.Match[str]:
        """The address after a cue the match swallowed: after punctuation a place's name may start
        anywhere, so `，家住和平村3组12号` reads 家住和平村 as the village; the address is what
        follows 家住, and 家住 is its cue."""
        lead = max((e for s, e, _ in self._cues.find(text[m.start() : m.end()]) if s == 0), default=0)
        if not lead:
            return m
        return self._regex.match(text, m.start() + lead, hi) or m


def _last_chars(parts: dict[str, tuple[str, ...]], *kinds: str) -> str:
    """The last characters of the endings of `kinds`, escaped for a character class."""
    return re.escape("".join(sorted({e[-1] for k in kinds for e in parts[k]})))


class PersonRecognizer(LocalRecognizer):
    """Person names (`persons.PersonFinder`) as a presidio recognizer; metadata carries the
    cue's role and how the name was found."""

    ENTITY = "PERSON"

    def __init__(self, data: PiiData) -> None:
        self.finder = person_finder(data)
        super().__init__(supported_entities=[self.ENTITY], supported_language=LANG, name=type(self).__name__)

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        out = []
        for hit in self.finder.find(text):
            result = _result(self, hit.start, hit.end, hit.score, hit.pattern)
            result.recognition_metadata.update(hit.meta)
            out.append(result)
        return out


def _result(recognizer: EntityRecognizer, start: int, end: int, score: float, pattern: str) -> RecognizerResult:
    return RecognizerResult(
        entity_type=recognizer.supported_entities[0],
        start=start,
        end=end,
        score=score,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: type(recognizer).__name__,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
            "pattern": pattern,
        },
    )


RECOGNIZERS: dict[str, Callable[[PiiData], EntityRecognizer]] = {
    cls.ENTITY: cls
    for cls in (
        ResidentIdRecognizer,
        MobileRecognizer,
        LandlineRecognizer,
        BankCardRecognizer,
        EmailRecognizer,
        PersonRecognizer,
        AddressRecognizer,
        PassportRecognizer,
        HmtPermitRecognizer,
        LicensePlateRecognizer,
        IpRecognizer,
        QqRecognizer,
        WechatRecognizer,
    )
}
if tuple(RECOGNIZERS) != ENTITIES:  # data.ENTITIES is what options are validated against
    raise ImportError("pii: data.ENTITIES and recognizers.RECOGNIZERS disagree")


def build_recognizers(entities: list[str], data: PiiData) -> list[EntityRecognizer]:
    """One recognizer for each of `entities`."""
    return [RECOGNIZERS[e](data) for e in entities]
