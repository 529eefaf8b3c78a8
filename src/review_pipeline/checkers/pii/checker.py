"""Personal information (article 19): find it and de-identify it before publishing.

Every detected value becomes a `pii/<ENTITY>` error whose excerpt and suggestion are masked,
and a redaction, so `Verdict.redacted` holds the de-identified post. In punishment and
mandatory disclosures the entities listed in `disclosure_exempt` (by default the disclosed
party's name) are allowed: an info finding, no redaction.

Landlines are special: government posts publish office numbers constantly, so a `CN_LANDLINE`
is reported only when a cue in `landline_cues` makes it a private person's number (家庭电话,
村民, 其家属 …) and never next to an office cue (咨询电话, 传真, …局); without either,
`landline_default` decides (ignore, a warning to check, or an error like any other entity).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field, field_validator

from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.checkers.pii.data import ENTITIES, load_data
from review_pipeline.checkers.pii.engine import PiiEngine, PiiEntity
from review_pipeline.checkers.pii.landline import LandlineOwnerFinder
from review_pipeline.checkers.pii.masking import Masker, MaskSpec
from review_pipeline.checkers.pii.numbers import compact
from review_pipeline.checkers.pii.persons import person_finder
from review_pipeline.lexicon import read_lexicon
from review_pipeline.models import Document, FieldName, Finding, Severity
from review_pipeline.policy import builtin_dir
from review_pipeline.rules import load_rules
from review_pipeline.text.normalize import Normalized, strip_invisible

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer

LEGAL_BASIS = "办法第十九条"
_LEX = builtin_dir("lexicons") / "pii"

LABELS: dict[str, str] = {
    "CN_RESIDENT_ID": "居民身份证号码",
    "CN_MOBILE": "手机号码",
    "CN_LANDLINE": "固定电话号码",
    "BANK_CARD": "银行卡号",
    "EMAIL": "电子邮箱",
    "PERSON": "个人姓名",
    "ADDRESS": "住址",
    "CN_PASSPORT": "护照号码",
    "CN_HMT_PERMIT": "港澳台通行证件号码",
    "CN_LICENSE_PLATE": "机动车号牌",
    "IP_ADDRESS": "IP地址",
    "QQ": "QQ号码",
    "WECHAT_ID": "微信号",
}


_DESCRIPTIONS = {
    "CN_LANDLINE": "未去标识化的个人固定电话（家庭电话、村民等个人的号码；咨询、办公、传真等单位电话不报，"
    "无线索时按 landline_default）",
}


class PiiOptions(CheckerOptions):
    """Policy section `checkers.pii`."""

    entities: list[str] = Field(default_factory=lambda: list(ENTITIES))
    surnames: str = str(_LEX / "surnames.txt")
    person_cues: str = str(_LEX / "person_cues.tsv")
    context_words: str = str(_LEX / "context_words.tsv")
    negative_cues: str = str(_LEX / "negative_cues.tsv")
    area_codes: str = str(_LEX / "area_codes.tsv")
    landline_cues: str = str(_LEX / "landline_cues.tsv")
    # names without a cue word (names.py) and the severity of a private person's name
    name_cues: str = str(_LEX / "name_cues.tsv")
    name_right_words: str = str(_LEX / "name_right_words.txt")
    name_stop_chars: str = str(_LEX / "name_stop_chars.txt")
    ambiguous_surnames: str = str(_LEX / "ambiguous_surnames.txt")
    address_forms: str = str(_LEX / "address_forms.txt")
    name_not_after: str = str(_LEX / "name_not_after.txt")
    # official place names: a surname-initial word that is one (岳阳, 娄底) is no full name
    place_names: str = str(_LEX / "place_names.txt")
    given_not_alone: str = str(_LEX / "given_not_alone.txt")
    name_soft_stop_chars: str = str(_LEX / "name_soft_stop_chars.txt")
    byline_words: str = str(_LEX / "byline_words.txt")
    public_roll_cues: str = str(_LEX / "public_roll_cues.txt")
    # verbs of a commendation (授予, 表彰): names in their sentence are honoured, not private
    honour_frames: str = str(_LEX / "honour_frames.txt")
    private_context: str = str(_LEX / "private_context.txt")
    # vetoes of names without a cue: last characters of places, organisations and products,
    # public figures, credits after a name, heads of lists of places or products, and what
    # closes a list of officials in role
    name_not_last: str = str(_LEX / "name_not_last.txt")
    public_figures: str = str(_LEX / "public_figures.txt")
    byline_after: str = str(_LEX / "byline_after.txt")
    list_heads: str = str(_LEX / "list_heads.txt")
    officials_after: str = str(_LEX / "officials_after.txt")
    product_words: str = str(_LEX / "product_words.txt")
    # characters given names seldom use (jieba's name statistics): evidence against a reading
    given_name_chars: str = str(_LEX / "given_name_chars.tsv")
    # marks after an altered name (化名): the string is no name anywhere in the post
    pseudonym_marks: str = str(_LEX / "pseudonym_marks.txt")
    # words after a name strong enough to anchor it with nothing before it (捡到, 一家, 现年)
    name_right_anchors: str = str(_LEX / "name_right_anchors.txt")
    # structures that decide whose a name is: employers that are no public office, a table
    # column of places, a name's own contact in brackets, a dateline before a byline
    name_structure: str = str(_LEX / "name_structure.tsv")
    structural_names: bool = True
    # context: error where the post's context is private (private_context), warning elsewhere
    # so an editor confirms consent; error: every private person's name is an error
    person_severity: Literal["context", "error"] = "context"
    # a landline with neither a personal nor an office cue near it
    landline_default: Literal["ignore", "warning", "error"] = "ignore"
    public_contacts: list[str] = Field(default_factory=lambda: [str(_LEX / "public_contacts.tsv")])
    public_email_domains: str = str(_LEX / "public_email_domains.txt")
    allow_names: list[str] = Field(default_factory=lambda: [str(_LEX / "allow_names.txt")])
    score_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    masks: dict[str, MaskSpec] = Field(default_factory=dict)
    # article 19 exemptions: what a punishment / mandatory disclosure may publish
    disclosure_exempt: list[str] = Field(default_factory=lambda: ["PERSON"])
    disclosure_roles: list[str] = Field(default_factory=lambda: ["party"])

    @field_validator("entities", "disclosure_exempt")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(ENTITIES))
        if unknown:
            raise ValueError(f"unknown entities {unknown}; known: {', '.join(ENTITIES)}")
        return value

    @field_validator("masks")
    @classmethod
    def _known_masks(cls, value: dict[str, MaskSpec]) -> dict[str, MaskSpec]:
        unknown = sorted(set(value) - set(ENTITIES))
        if unknown:
            raise ValueError(f"masks for unknown entities {unknown}")
        return value


class PiiChecker:
    """Detects the personal information in DESIGN.md and records its de-identified form."""

    name: ClassVar[str] = "pii"
    Options: ClassVar[type[PiiOptions]] = PiiOptions
    RULES: ClassVar[tuple[RuleInfo, ...]] = load_rules(__package__ or __name__)

    def __init__(self, options: PiiOptions) -> None:
        self.options = options
        self.data = load_data(
            surnames=options.surnames,
            person_cues=options.person_cues,
            context_words=options.context_words,
            negative_cues=options.negative_cues,
            public_contacts=options.public_contacts,
            area_codes=options.area_codes,
            allow_names=options.allow_names,
            landline_cues=options.landline_cues,
            entities=ENTITIES,
            name_cues=options.name_cues if options.structural_names else None,
            name_right_words=options.name_right_words,
            name_stop_chars=options.name_stop_chars,
            ambiguous_surnames=options.ambiguous_surnames,
            address_forms=options.address_forms,
            name_not_after=options.name_not_after,
            place_names=options.place_names,
            given_not_alone=options.given_not_alone,
            name_soft_stop_chars=options.name_soft_stop_chars,
            byline_words=options.byline_words,
            public_roll_cues=options.public_roll_cues,
            honour_frames=options.honour_frames,
            private_context=options.private_context,
            name_not_last=options.name_not_last,
            public_figures=options.public_figures,
            byline_after=options.byline_after,
            list_heads=options.list_heads,
            officials_after=options.officials_after,
            product_words=options.product_words,
            given_name_chars=options.given_name_chars,
            pseudonym_marks=options.pseudonym_marks,
            name_right_anchors=options.name_right_anchors,
            name_structure=options.name_structure,
        )
        self.landlines = LandlineOwnerFinder(self.data.landline_cues, self.data.context.get("CN_LANDLINE", []))
        self.masker = Masker(options.masks)
        self._public_domains = tuple(
            "." + d.lstrip(".") for d in (line.cells[0].lower() for line in read_lexicon(options.public_email_domains))
        )
        self.engine = PiiEngine(self._recognizers, self.data, options.score_threshold, options.entities)

    def _recognizers(self) -> list[EntityRecognizer]:
        """Built by the engine on the first text that may hold personal information."""
        from review_pipeline.checkers.pii.recognizers import build_recognizers

        return build_recognizers(self.options.entities, self.data)

    def check(self, document: Document, context: CheckContext) -> Iterator[Finding]:
        # Recognition runs on each field with invisible characters removed and every decimal
        # digit in ASCII (issue: 138\u200b1234…); offsets are mapped back to the original, so
        # a redaction covers the whole original value, invisible characters included.
        views = {field: strip_invisible(original, context.folded(field)) for field, original in context.fields()}
        found = [
            (field, original, views[field].text, entity)
            for field, original in context.fields()
            for entity in self.engine.analyze(views[field].text)
            if not self._is_public(entity, views[field].text)
        ]
        found = [f for f in found if not self._unit_mailbox(f, found)]
        found = _every_occurrence(found, [(f, o, views[f].text) for f, o in context.fields()])
        personal = self._personal_landlines(found)
        private = self._private_context(v.text for v in views.values())
        for field, original, folded, entity in found:
            severity, entity = self._severity(entity, folded, personal, private)
            if severity is not None:
                yield self._finding(document, context, field, original, views[field], entity, severity)

    def _private_context(self, texts: Iterable[str]) -> bool:
        """True when a word of `private_context` (complaints, health, minors, lost property,
        relief, debts, crime …) is written anywhere in the post."""
        persons = person_finder(self.data)
        return any(persons.private(t) for t in texts)

    def _personal_landlines(self, found: list[tuple[FieldName, str, str, PiiEntity]]) -> dict[str, str]:
        """Digits of every landline a personal cue marks, anywhere in the post -> that cue.

        Once a number is known to be a private person's, every other occurrence of it in the
        post (title included) is too, even one written without a cue.
        """
        out: dict[str, str] = {}
        for _, _, folded, entity in found:
            if entity.entity == "CN_LANDLINE":
                owned = self.landlines.classify(folded, entity.start, entity.end)
                if owned.owner == "personal":
                    out.setdefault(compact(folded[entity.start : entity.end]), owned.cue)
        return out

    def _unit_mailbox(
        self, item: tuple[FieldName, str, str, PiiEntity], found: list[tuple[FieldName, str, str, PiiEntity]]
    ) -> bool:
        """An e-mail address that is a unit's: an office cue (热线, 编辑部, …局) stands before it
        as before an office number, or it is alone on its line next to a fixed line that is no
        private person's (a masthead or contact block: 0632-3181189 / zzlncm@163.com). A private
        person's mailbox comes with a cue that says whose it is (联系人, 其邮箱 …)."""
        field, _, folded, entity = item
        if entity.entity != "EMAIL":
            return False
        if self.landlines.classify(folded, entity.start, entity.end).owner == "office":
            return True
        line_start = folded.rfind("\n", 0, entity.start) + 1
        line_end = folded.find("\n", entity.end)
        line_end = len(folded) if line_end < 0 else line_end
        if folded[line_start : entity.start].strip() or folded[entity.end : line_end].strip():
            return False  # the address shares its line with words: a cue may say whose it is
        for other_field, _, _, other in found:
            if other_field != field or other.entity != "CN_LANDLINE":
                continue
            between = folded[other.end : line_start] if other.end <= line_start else folded[line_end : other.start]
            if len(between) <= 2 and not between.strip(" \n\t,;，；"):
                return self.landlines.classify(folded, other.start, other.end).owner != "personal"
        return False

    def _is_public(self, entity: PiiEntity, folded: str) -> bool:
        if entity.entity not in ("CN_MOBILE", "CN_LANDLINE", "EMAIL", "QQ", "WECHAT_ID"):
            return False
        if entity.entity == "EMAIL" and ("." + folded[entity.start : entity.end].split("@")[-1]).endswith(self._public_domains):
            return True
        value = compact(folded[entity.start : entity.end])
        public = self.data.public_values
        return value in public or any(value[n:] in public for n in (3, 4) if entity.entity == "CN_LANDLINE")

    def _severity(
        self, entity: PiiEntity, folded: str, personal: dict[str, str], private: bool = True
    ) -> tuple[Severity | None, PiiEntity]:
        """error for every entity but names and landlines: a private person's name is an error
        in a private context (or under `person_severity: error`), a warning elsewhere; a
        landline depends on whose number it is."""
        if entity.entity == "PERSON":
            if private or self.options.person_severity == "error":
                return "error", entity
            return "warning", replace(entity, source=f"{entity.source};public_context")
        if entity.meta.get("malformed"):
            return "warning", entity  # 身份证号 + a number that is no valid ID: check, masked anyway
        if entity.entity != "CN_LANDLINE":
            return "error", entity
        digits = compact(folded[entity.start : entity.end])
        cue = next((c for d, c in personal.items() if d.endswith(digits) or digits.endswith(d)), None)
        if cue is not None:
            return "error", replace(entity, source=f"{entity.source};landline_cue:{cue}")
        if self.landlines.classify(folded, entity.start, entity.end).owner == "office":
            return None, entity
        default = self.options.landline_default
        if default == "ignore":
            return None, entity
        return default, replace(entity, source=f"{entity.source};landline_default")

    def _exempt(self, document: Document, entity: PiiEntity) -> bool:
        if document.disclosure is None or entity.entity not in self.options.disclosure_exempt:
            return False
        return entity.entity != "PERSON" or entity.meta.get("role") in self.options.disclosure_roles

    def _finding(
        self,
        document: Document,
        context: CheckContext,
        field: FieldName,
        original: str,
        view: Normalized,
        entity: PiiEntity,
        severity: Severity = "error",
    ) -> Finding:
        value = view.text[entity.start : entity.end]  # what was recognised: no invisible characters
        start, end = view.span(entity.start, entity.end)
        extra: dict[str, int] = {}
        if entity.entity == "PERSON":
            extra["surname_length"] = int(entity.meta.get("surname_length", 1))
        masked = _as_written(self.masker.mask(entity.entity, value, **extra), value, original, view, entity.start)
        label = LABELS[entity.entity]
        exempt = self._exempt(document, entity)
        if exempt:
            message = f"{label}属于{_DISCLOSURE[document.disclosure or '']}中依法公开的内容，可保留。"
        elif severity == "warning" and entity.meta.get("malformed"):
            # de-identified all the same: a mistyped ID is still someone's ID
            context.redact(field, start, end, masked)
            message = (
                f"疑似{label}（位数、日期或校验位不符，可能写错），发布前仍应去标识化处理（建议：{masked}）。"
            )
        elif severity == "warning" and entity.entity == "PERSON":
            # de-identified all the same: the editor confirms the person agreed to be named
            context.redact(field, start, end, masked)
            message = (
                f"含有个人{label}，发布前应去标识化处理（建议：{masked}）；如确需署名，请核实本人同意。"
            )
        elif severity == "warning":  # no cue says whose number it is: the editor decides
            message = f"可能含有个人{label}，请核实是否为单位公开电话；如属个人信息，应去标识化处理（建议：{masked}）。"
        else:
            context.redact(field, start, end, masked)
            message = f"含有未去标识化的{label}，发布前应去标识化处理（建议：{masked}）。"
        return Finding(
            checker=self.name,
            rule=f"pii/{entity.entity}",
            category="personal_information",
            severity="info" if exempt else severity,
            field=field,
            start=start,
            end=end,
            excerpt=masked,
            message=message,
            suggestion=None if exempt else masked,
            score=min(1.0, entity.score),
            source=entity.source,
            legal_basis=LEGAL_BASIS,
        )


_DISCLOSURE = {"punishment": "惩戒公示", "mandatory": "强制性信息披露", "": ""}


def _every_occurrence(
    found: list[tuple[FieldName, str, str, PiiEntity]], fields: list[tuple[FieldName, str, str]]
) -> list[tuple[FieldName, str, str, PiiEntity]]:
    """`found` plus every other occurrence, in any field, of a value found somewhere.

    A name recognised in one sentence (当事人张三) is the same person where it stands again
    without a cue, or in the title; leaving those occurrences unmasked would leak the value
    the redaction hides (RUBRIC: no labelled value may survive in `Verdict.redacted`).
    """
    values: dict[str, PiiEntity] = {}
    for _, _, folded, entity in found:
        value = folded[entity.start : entity.end]
        if len(value) >= 2:
            values.setdefault(value, entity)
    if not values:
        return found
    taken: dict[FieldName, list[tuple[int, int]]] = {}
    for field, _, _, entity in found:
        taken.setdefault(field, []).append((entity.start, entity.end))
    out = list(found)
    for field, original, folded in fields:
        spans = taken.setdefault(field, [])
        for value, entity in values.items():
            i = folded.find(value)
            while i >= 0:
                j = i + len(value)
                if not any(s < j and i < e for s, e in spans):
                    spans.append((i, j))
                    out.append((field, original, folded, replace(entity, start=i, end=j, source=f"{entity.source};repeat")))
                i = folded.find(value, j)
    return out


def _as_written(masked: str, value: str, original: str, view: Normalized, start: int) -> str:
    """The mask with every character it keeps as the post wrote it: values are recognised in the
    folded view (full width, traditional script mapped), but the redacted post keeps its own
    brackets, digits and script (劉某某, （0771）*****34, １３８****５６７８), not the folded ones.
    Digits of other scripts (١٣٨…, written to slip past a filter) stay in ASCII."""
    if len(masked) != len(value):
        return masked
    out = []
    for i, (kept, seen) in enumerate(zip(masked, value, strict=True)):
        written = original[view.starts[start + i] : view.ends[start + i]]
        odd_digit = any(ch.isdigit() and not ("0" <= ch <= "9" or "０" <= ch <= "９") for ch in written)
        out.append(written if kept == seen and not odd_digit else kept)
    return "".join(out)
