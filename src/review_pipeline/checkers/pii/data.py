"""The PII checker's word lists (lexicons/pii/), read once into lookup structures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from review_pipeline.checkers.pii.numbers import compact
from review_pipeline.lexicon import read_lexicon
from review_pipeline.policy import builtin_dir
from review_pipeline.text.fold import fold

ROLES = ("party", "other", "contact")
SIDES = ("before", "after")
LANDLINE_KINDS = ("personal", "office", "unit")
# Every entity the checker knows, in recognizer order (`recognizers.RECOGNIZERS` has one each);
# here so that options and data load without importing presidio.
ENTITIES: tuple[str, ...] = (
    "CN_RESIDENT_ID", "CN_MOBILE", "CN_LANDLINE", "BANK_CARD", "EMAIL", "PERSON", "ADDRESS",
    "CN_PASSPORT", "CN_HMT_PERMIT", "CN_LICENSE_PLATE", "IP_ADDRESS", "QQ", "WECHAT_ID",
)  # fmt: skip
NAME_CUE_KINDS = ("private", "call", "weak", "official", "unit")
# name_structure.tsv: words of the structures that decide whose a name is (names.py)
NAME_STRUCTURE_KINDS = ("employer", "staff", "place_column", "contact", "dateline")
ADDRESS_CUE_KINDS = ("home", "office", "unit", "scene")
ADDRESS_PARTS = ("town", "village", "road", "section", "lane", "number", "building", "unit", "floor", "room", "group")
_LEX = builtin_dir("lexicons") / "pii"


@dataclass(frozen=True)
class PersonCue:
    """A word next to which a name is looked for, and the role of the person it names."""

    cue: str
    role: str
    side: str


@dataclass(frozen=True)
class LandlineCue:
    """A word that tells whose landline a nearby number is (see `pii.landline`)."""

    word: str
    kind: str  # one of LANDLINE_KINDS


@dataclass(frozen=True)
class PiiData:
    """Everything the recognizers read from data files."""

    surnames: frozenset[str]
    person_cues: tuple[PersonCue, ...]
    context: dict[str, list[str]]
    negative: dict[str, tuple[str, ...]]  # entity (or "*") -> words that rule a value out
    public_values: frozenset[str]  # compacted, upper case
    three_digit_codes: frozenset[str]
    allow_names: frozenset[str] = field(default_factory=frozenset)
    landline_cues: tuple[LandlineCue, ...] = ()
    # the structural name finder (names.py) and the severity of names
    name_cues: dict[str, str] = field(default_factory=dict)  # word -> private | call | official
    name_right_words: frozenset[str] = field(default_factory=frozenset)
    name_stop_chars: frozenset[str] = field(default_factory=frozenset)
    ambiguous_surnames: frozenset[str] = field(default_factory=frozenset)
    address_forms: tuple[str, ...] = ()
    name_not_after: tuple[str, ...] = ()
    place_names: frozenset[str] = frozenset()  # 岳阳, 娄底: official place names (county level and up)
    given_not_alone: frozenset[str] = field(default_factory=frozenset)
    name_soft_stop_chars: frozenset[str] = field(default_factory=frozenset)
    byline_words: tuple[str, ...] = ()
    public_roll_cues: tuple[str, ...] = ()
    honour_frames: tuple[str, ...] = ()  # 授予, 表彰: a sentence that commends the names in it
    private_context: tuple[str, ...] = ()
    name_not_last: frozenset[str] = field(default_factory=frozenset)
    public_figures: frozenset[str] = field(default_factory=frozenset)
    byline_after: tuple[str, ...] = ()
    list_heads: tuple[str, ...] = ()
    officials_after: tuple[str, ...] = ()
    product_words: tuple[str, ...] = ()
    # home addresses (AddressRecognizer): cue word -> home | office | unit, part -> endings
    address_cues: dict[str, str] = field(default_factory=dict)
    address_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # entity -> words that label the number after them (a malformed value there is reported)
    number_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    not_email_endings: frozenset[str] = field(default_factory=frozenset)  # png, jpg: file names
    # characters given names seldom use -> log ratio (below zero), from jieba's name statistics
    given_name_chars: dict[str, float] = field(default_factory=dict)
    pseudonym_marks: tuple[str, ...] = ()  # 化名 after a name: a pseudonym, no name anywhere
    name_right_anchors: tuple[str, ...] = ()  # 捡到, 一家 after a name: an anchor on the right
    # word -> employer | staff | place_column | contact | dateline (name_structure.tsv)
    name_structure: dict[str, str] = field(default_factory=dict)
    plate_after: tuple[str, ...] = ()  # 出租车 after a plate: a company's operating vehicle


def _number_cues(path: str, entities: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for line in read_lexicon(path, min_cells=2, max_cells=2):
        entity, cue = line.cells
        if entity not in entities:
            raise line.error(f"unknown entity {entity!r}")
        out.setdefault(entity, []).append(fold(cue))
    return {e: tuple(sorted(set(c), key=len, reverse=True)) for e, c in out.items()}


def _address_cues(path: str) -> dict[str, str]:
    return _word_kinds(path, ADDRESS_CUE_KINDS)


def _word_kinds(path: str, kinds: tuple[str, ...]) -> dict[str, str]:
    """A `word<TAB>kind` file: folded word -> kind, the kind checked against `kinds`."""
    out: dict[str, str] = {}
    for line in read_lexicon(path, min_cells=2, max_cells=2):
        word, kind = line.cells
        if kind not in kinds:
            raise line.error(f"kind must be one of {', '.join(kinds)}, not {kind!r}")
        out[fold(word)] = kind
    return out


def _address_parts(path: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {part: [] for part in ADDRESS_PARTS}
    for line in read_lexicon(path, min_cells=2, max_cells=2):
        part, ending = line.cells
        if part not in out:
            raise line.error(f"part must be one of {', '.join(ADDRESS_PARTS)}, not {part!r}")
        out[part].append(fold(ending))
    missing = [p for p, endings in out.items() if not endings]
    if missing:
        raise ValueError(f"{path}: no endings for {', '.join(missing)}")
    return {p: tuple(sorted(set(e), key=len, reverse=True)) for p, e in out.items()}


def _surnames(path: str) -> frozenset[str]:
    out = set()
    for line in read_lexicon(path, max_cells=1):
        if not 1 <= len(line.cells[0]) <= 2:
            raise line.error("a surname has one or two characters")
        out.add(fold(line.cells[0]))
    return frozenset(out)


def _person_cues(path: str) -> tuple[PersonCue, ...]:
    out = []
    for line in read_lexicon(path, min_cells=3, max_cells=3):
        cue, role, side = line.cells
        if role not in ROLES:
            raise line.error(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        if side not in SIDES:
            raise line.error(f"side must be one of {', '.join(SIDES)}, not {side!r}")
        out.append(PersonCue(fold(cue), role, side))
    return tuple(out)


def _context(path: str, entities: tuple[str, ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in read_lexicon(path, min_cells=2, max_cells=2):
        entity, word = line.cells
        if entity not in entities:
            raise line.error(f"unknown entity {entity!r}")
        out.setdefault(entity, []).append(fold(word))
    return out


def _negative(path: str, entities: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for line in read_lexicon(path, min_cells=2, max_cells=2):
        word, targets = line.cells
        for target in (t.strip() for t in targets.split(",")):
            if target != "*" and target not in entities:
                raise line.error(f"unknown entity {target!r}")
            out.setdefault(target, []).append(fold(word))
    return {k: tuple(v) for k, v in out.items()}


def _public(paths: list[str]) -> frozenset[str]:
    return frozenset(compact(fold(line.cells[0])) for p in paths for line in read_lexicon(p, max_cells=2))


def _landline_cues(path: str) -> tuple[LandlineCue, ...]:
    out = []
    for line in read_lexicon(path, min_cells=2, max_cells=2):
        word, kind = line.cells
        if kind not in LANDLINE_KINDS:
            raise line.error(f"kind must be one of {', '.join(LANDLINE_KINDS)}, not {kind!r}")
        out.append(LandlineCue(fold(word), kind))
    return tuple(out)


def _area_codes(path: str) -> frozenset[str]:
    out = set()
    for line in read_lexicon(path, max_cells=2):
        if not (len(line.cells[0]) == 3 and line.cells[0].isdigit() and line.cells[0][0] == "0"):
            raise line.error("a three-digit area code looks like 010")
        out.add(line.cells[0])
    return frozenset(out)


def _name_cues(path: str) -> dict[str, str]:
    return _word_kinds(path, NAME_CUE_KINDS)


def _words(path: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(fold(line.cells[0]) for line in read_lexicon(path, max_cells=1)))


def _chars(path: str) -> frozenset[str]:
    out = set()
    for line in read_lexicon(path, max_cells=1):
        if len(line.cells[0]) != 1:
            raise line.error("one character a line")
        out.add(fold(line.cells[0]))
    return frozenset(out)


def _char_ratios(path: str) -> dict[str, float]:
    """A `char<TAB>log ratio` file (given_name_chars.tsv): character -> ratio."""
    out: dict[str, float] = {}
    for line in read_lexicon(path, min_cells=2, max_cells=2):
        char, ratio = line.cells
        if len(char) != 1:
            raise line.error("one character a line")
        try:
            out[fold(char)] = float(ratio)
        except ValueError:
            raise line.error(f"the ratio must be a number, not {ratio!r}") from None
    return out


def _names(paths: list[str]) -> frozenset[str]:
    return frozenset(fold(line.cells[0]) for p in paths for line in read_lexicon(p, max_cells=1))


def load_data(
    *,
    surnames: str | Path,
    person_cues: str | Path,
    context_words: str | Path,
    negative_cues: str | Path,
    public_contacts: list[str],
    area_codes: str | Path,
    allow_names: list[str],
    landline_cues: str | Path,
    entities: tuple[str, ...],
    name_cues: str | Path | None = None,
    name_right_words: str | Path | None = None,
    name_stop_chars: str | Path | None = None,
    ambiguous_surnames: str | Path | None = None,
    address_forms: str | Path | None = None,
    name_not_after: str | Path | None = None,
    place_names: str | Path | None = None,
    given_not_alone: str | Path | None = None,
    name_soft_stop_chars: str | Path | None = None,
    byline_words: str | Path | None = None,
    public_roll_cues: str | Path | None = None,
    honour_frames: str | Path | None = None,
    private_context: str | Path | None = None,
    name_not_last: str | Path | None = None,
    public_figures: str | Path | None = None,
    byline_after: str | Path | None = None,
    list_heads: str | Path | None = None,
    officials_after: str | Path | None = None,
    product_words: str | Path | None = None,
    given_name_chars: str | Path | None = None,
    pseudonym_marks: str | Path | None = None,
    name_right_anchors: str | Path | None = None,
    name_structure: str | Path | None = None,
    plate_after: str | Path = _LEX / "plate_after.txt",
    address_cues: str | Path = _LEX / "address_cues.tsv",
    address_parts: str | Path = _LEX / "address_parts.tsv",
    number_cues: str | Path = _LEX / "number_cues.tsv",
    not_email_endings: str | Path = _LEX / "not_email_endings.txt",
) -> PiiData:
    """Read and check every list; a bad line raises a `LexiconError` naming file and line."""
    return PiiData(
        surnames=_surnames(str(surnames)),
        person_cues=_person_cues(str(person_cues)),
        context=_context(str(context_words), entities),
        negative=_negative(str(negative_cues), entities),
        public_values=_public([str(p) for p in public_contacts]),
        three_digit_codes=_area_codes(str(area_codes)),
        allow_names=_names([str(p) for p in allow_names]),
        landline_cues=_landline_cues(str(landline_cues)),
        name_cues=_name_cues(str(name_cues)) if name_cues else {},
        name_right_words=frozenset(_words(str(name_right_words))) if name_right_words else frozenset(),
        name_stop_chars=_chars(str(name_stop_chars)) if name_stop_chars else frozenset(),
        ambiguous_surnames=_chars(str(ambiguous_surnames)) if ambiguous_surnames else frozenset(),
        address_forms=_words(str(address_forms)) if address_forms else (),
        name_not_after=_words(str(name_not_after)) if name_not_after else (),
        place_names=frozenset(_words(str(place_names))) if place_names else frozenset(),
        given_not_alone=_chars(str(given_not_alone)) if given_not_alone else frozenset(),
        name_soft_stop_chars=_chars(str(name_soft_stop_chars)) if name_soft_stop_chars else frozenset(),
        byline_words=_words(str(byline_words)) if byline_words else (),
        public_roll_cues=_words(str(public_roll_cues)) if public_roll_cues else (),
        honour_frames=_words(str(honour_frames)) if honour_frames else (),
        private_context=_words(str(private_context)) if private_context else (),
        name_not_last=_chars(str(name_not_last)) if name_not_last else frozenset(),
        public_figures=_names([str(public_figures)]) if public_figures else frozenset(),
        byline_after=_words(str(byline_after)) if byline_after else (),
        list_heads=_words(str(list_heads)) if list_heads else (),
        officials_after=_words(str(officials_after)) if officials_after else (),
        product_words=_words(str(product_words)) if product_words else (),
        given_name_chars=_char_ratios(str(given_name_chars)) if given_name_chars else {},
        pseudonym_marks=_words(str(pseudonym_marks)) if pseudonym_marks else (),
        name_right_anchors=_words(str(name_right_anchors)) if name_right_anchors else (),
        name_structure=_word_kinds(str(name_structure), NAME_STRUCTURE_KINDS) if name_structure else {},
        plate_after=_words(str(plate_after)),
        address_cues=_address_cues(str(address_cues)),
        address_parts=_address_parts(str(address_parts)),
        number_cues=_number_cues(str(number_cues), entities),
        not_email_endings=frozenset(_words(str(not_email_endings))),
    )
