"""Sensitive word lists: deny and allow entries read from lexicon files.

Lexicon files (UTF-8, one entry a line, `#` comments, TAB-separated cells):

    term[<TAB>category[<TAB>severity[<TAB>replacement]]][<TAB>flag=value ...]

`category` defaults to the file name (`gambling.txt` -> `gambling`); empty cells keep their
place. Flags: `boundary=word` (the hit must start and end on jieba word boundaries, for short
ambiguous terms), `pinyin=no` (no pinyin variant for this entry). Allow-list files hold one
phrase a line; a deny hit lying inside an allow hit is not reported.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import NamedTuple

from review_pipeline.lexicon import LexiconLine, read_lexicon
from review_pipeline.models import Severity
from review_pipeline.text.fold import fold_char
from review_pipeline.text.normalize import normalize_terms

_FLAG = re.compile(r"^([a-z_]+)=(.*)$")
_FLAG_VALUES = {"boundary": ("any", "word"), "pinyin": ("yes", "no")}
_SEVERITIES = ("info", "warning", "error")



class Entry(NamedTuple):
    """One deny entry (or its pinyin variant) as the matcher uses it (a tuple: cheap to unpickle)."""

    term: str
    key: str  # normalised term
    category: str
    severity: Severity | None
    replacement: str | None
    boundary: str
    pinyin: bool
    lexicon: str
    line: int
    via: str = "term"  # "term" | "pinyin" | "homophone"

    @property
    def source(self) -> str:
        name = Path(self.lexicon)
        how = {"pinyin": " (拼音)", "homophone": " (谐音)"}.get(self.via, "")
        return f"{name.parent.name}/{name.name}:{self.line} {self.term}{how}"


class AllowEntry(NamedTuple):
    phrase: str
    key: str
    lexicon: str
    line: int


class Affix(NamedTuple):
    """An enforcement word that, written right before or after a deny term, makes the phrase
    a naming of the thing (打击网络赌场, 刷单兼职诈骗), not a solicitation of it."""

    text: str
    key: str
    side: str  # "before" | "after"
    categories: frozenset[str] | None  # None: every category
    lexicon: str
    line: int


def _entry(line: LexiconLine, normalized: str) -> Entry:
    cells: list[str] = []
    flags: dict[str, str] = {}
    for cell in line.cells[1:]:
        m = _FLAG.match(cell)
        if m:
            key, value = m.groups()
            if key not in _FLAG_VALUES:
                raise line.error(f"unknown flag {key!r} (known: {', '.join(_FLAG_VALUES)})")
            if value not in _FLAG_VALUES[key]:
                raise line.error(f"flag {key} must be one of {', '.join(_FLAG_VALUES[key])}")
            flags[key] = value
        elif flags:
            raise line.error("positional cells (category, severity, replacement) must come before flags")
        else:
            cells.append(cell)
    if len(cells) > 3:
        raise line.error("too many cells: term, category, severity, replacement, then flags (key=value)")
    category = cells[0] if cells and cells[0] else Path(line.path).stem
    severity = cells[1] if len(cells) > 1 and cells[1] else None
    if severity is not None and severity not in _SEVERITIES:
        raise line.error(f"severity must be one of {', '.join(_SEVERITIES)}, not {severity!r}")
    replacement = cells[2] if len(cells) > 2 and cells[2] else None
    return Entry(
        term=line.cells[0],
        key=normalized,
        category=category,
        severity=severity,  # type: ignore[arg-type]
        replacement=replacement,
        boundary=flags.get("boundary", "any"),
        pinyin=flags.get("pinyin", "yes") == "yes",
        lexicon=line.path,
        line=line.line,
    )


def _matchable(lines: list[LexiconLine], keys: list[str], strict: bool) -> None:
    """A term made of noise characters only (spaces, punctuation, emoji, invisible characters)
    can never match: loading refuses it, naming the file and line, instead of dropping it
    silently (issue 15.17). `lexicon lint` reads with `strict=False` to list them all."""
    if strict:
        for line, key in zip(lines, keys, strict=True):
            if not key:
                raise line.error("unmatchable entry: nothing is left after removing noise characters")


def read_deny(path: str | Path, enclosed: bool = False, *, strict: bool = True) -> list[Entry]:
    """Deny entries of one file; errors name the file and line."""
    lines = list(read_lexicon(path, max_cells=8))
    keys = normalize_terms([line.cells[0] for line in lines], enclosed=enclosed)
    _matchable(lines, keys, strict)
    return [_entry(line, key) for line, key in zip(lines, keys, strict=True)]


def read_allow(path: str | Path, enclosed: bool = False, *, strict: bool = True) -> list[AllowEntry]:
    """Allow phrases of one file (a second cell, if any, is a free comment)."""
    lines = list(read_lexicon(path, max_cells=2))
    keys = normalize_terms([line.cells[0] for line in lines], enclosed=enclosed)
    _matchable(lines, keys, strict)
    return [AllowEntry(line.cells[0], key, line.path, line.line) for line, key in zip(lines, keys, strict=True)]


def read_lookalikes(path: str | Path) -> dict[int, str]:
    """A lookalike table: `character<TAB>Latin letter it imitates` a line; errors name file and line."""
    out: dict[int, str] = {}
    for line in read_lexicon(path, max_cells=3):
        char, target = line.cells[0], line.cells[1] if len(line.cells) > 1 else ""
        if len(char) != 1 or char.isascii():
            raise line.error("first cell must be one non-ASCII character")
        if len(target) != 1 or not (target.isascii() and target.isalnum()):
            raise line.error("second cell must be the one ASCII letter or digit the character imitates")
        out[ord(char)] = target.lower()
    return out


_SIDES = ("before", "after")


def read_affixes(path: str | Path, enclosed: bool = False, *, strict: bool = True) -> list[Affix]:
    """Enforcement affixes of one file: `affix<TAB>before|after[<TAB>category,category]`."""
    lines = list(read_lexicon(path, max_cells=3))
    keys = normalize_terms([line.cells[0] for line in lines], enclosed=enclosed)
    _matchable(lines, keys, strict)
    out = []
    for line, key in zip(lines, keys, strict=True):
        side = line.cells[1] if len(line.cells) > 1 else ""
        if side not in _SIDES:
            raise line.error(f"second cell must be one of {', '.join(_SIDES)}, not {side!r}")
        cats = line.cells[2] if len(line.cells) > 2 and line.cells[2] else ""
        categories = frozenset(c.strip() for c in cats.split(",") if c.strip()) or None
        out.append(Affix(line.cells[0], key, side, categories, line.path, line.line))
    return out


def affix_allows(deny: list[Entry], affixes: list[Affix]) -> list[AllowEntry]:
    """Allow phrases made of every deny term of an affix's categories with that affix before or
    after it: one enforcement word covers every term, and a new term needs no new allow line."""
    out = []
    for e in deny:
        if not e.key:
            continue
        for a in affixes:
            if a.key and (a.categories is None or e.category in a.categories):
                before = a.side == "before"
                phrase = a.text + e.term if before else e.term + a.text
                out.append(AllowEntry(phrase, a.key + e.key if before else e.key + a.key, a.lexicon, a.line))
    return out


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def is_latin_letter(ch: str) -> bool:
    folded = fold_char(ch)
    return folded.isalpha() and (folded.isascii() or "\u00c0" <= folded <= "\u024f")


def pinyin_variants(entries: list[Entry], *, full: bool = True, mixed: bool = False) -> list[Entry]:
    """Entries for the pinyin spellings of every Han term (`pinyin=no` aside).

    `full`: every term wholly in pinyin (dubo); `mixed`: what evasions write without that risk: a
    short term half in pinyin (约pao, yue炮, 刷单jianzhi) and a term of three characters or more wholly
    in pinyin (yiyeqing), never two syllables alone (Lou Feng, yuanjiao@… are people's names)."""
    from pypinyin import lazy_pinyin  # a core dependency, imported late: the CLI starts without it
    out = []
    for e in entries:
        if e.pinyin and len(e.key) >= 2 and all(_is_han(ch) for ch in e.key):
            syllables = lazy_pinyin(e.key)  # read as a whole, so a polyphone takes the term's reading
            spellings = {"".join(syllables)} if full else set()
            if mixed:
                spellings.update(_spellings(e.key, syllables))
            for spelled in sorted(spellings):
                out.append(
                    Entry(e.term, spelled, e.category, e.severity, e.replacement, e.boundary, e.pinyin, e.lexicon, e.line, "pinyin")
                )
    return out


# Up to this many characters a term is also spelled half in pinyin (约pao, yue炮, 刷单jianzhi): 2^n - 2
# mixed spellings, 14 for four characters.
MIXED_MAX = 4
# A term of two characters is never spelled wholly in pinyin: two syllables are how people's names
# are written (Lou Feng, yuanjiao@… is 袁娇's mailbox, not 援交).
FULL_MIN = 3


def _spellings(term: str, syllables: list[str]) -> list[str]:
    """The spellings of `term` an evasion writes: in full pinyin (three characters or more) and, for a
    short term, every mix of characters and syllables."""
    out = ["".join(syllables)] if len(term) >= FULL_MIN else []
    if len(syllables) == len(term) and len(term) <= MIXED_MAX:
        # bit i set: character i written in pinyin; 0 (the term itself) and all-pinyin are left out
        out += [
            "".join(syllables[i] if mask >> i & 1 else ch for i, ch in enumerate(term))
            for mask in range(1, 2 ** len(term) - 1)
        ]
    return out


# A term is spelled with one homophone (真人荷官 -> 真人禾官, 注册送彩金 -> 注册送菜金) only from this many
# characters on: a two- or three-character term with one character swapped is often another word
# (援交 -> 圆角), a longer one almost never is.
HOMOPHONE_MIN = 4


@functools.lru_cache(maxsize=1)
def homophone_table() -> dict[str, tuple[str, ...]]:
    """Toneless pinyin syllable -> the common characters read so: the 3,755 characters of GB 2312
    level 1 (the set evasions draw their stand-ins from), each under its first reading."""
    from pypinyin import Style, pinyin

    table: dict[str, list[str]] = {}
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:  # the five empty cells at the end of row 55
                continue
            table.setdefault(pinyin(ch, style=Style.NORMAL)[0][0], []).append(ch)
    return {syllable: tuple(chars) for syllable, chars in table.items()}


def homophone_variants(entries: list[Entry], categories: frozenset[str]) -> list[Entry]:
    """Entries for every spelling of a Han term (of `categories`, `pinyin=no` aside, four characters
    or more) with ONE character replaced by a common character of the same toneless reading."""
    from pypinyin import lazy_pinyin  # a core dependency, imported late: the CLI starts without it
    table = homophone_table()
    out = []
    for e in entries:
        key = e.key
        if e.category not in categories or not e.pinyin or len(key) < HOMOPHONE_MIN or not all(map(_is_han, key)):
            continue
        syllables = lazy_pinyin(key)  # read as a whole: a polyphone takes the term's reading
        if len(syllables) != len(key):
            continue
        spellings = {
            key[:i] + other + key[i + 1 :]
            for i, syllable in enumerate(syllables)
            for other in table.get(syllable, ())
            if other != key[i]
        }
        for spelled in sorted(spellings):
            out.append(Entry(e.term, spelled, e.category, e.severity, e.replacement, e.boundary, e.pinyin, e.lexicon, e.line, "homophone"))
    return out
