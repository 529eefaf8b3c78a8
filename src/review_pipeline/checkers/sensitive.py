"""Sensitive words (article 18): deny lists matched through evasions, with exact offsets.

Lexicon files (UTF-8, one entry a line, `#` comments, TAB-separated cells):

    term[<TAB>category[<TAB>severity[<TAB>replacement]]][<TAB>flag=value ...]

`category` defaults to the file name (`gambling.txt` -> `gambling`); empty cells keep their
place. Flags: `boundary=word` (the hit must start and end on jieba word boundaries, for short
ambiguous terms), `pinyin=no` (no pinyin variant for this entry). Allow-list files hold one
phrase a line; a deny hit lying inside an allow hit is not reported.

Matching (see `text.automaton`): width, case, traditional characters and noise characters
between the characters of a term (up to `max_gap` in a row) are normalised away; Latin-letter
ends of a term must not touch other Latin letters; optional variants fold repeated
characters, enclosed digits/letters, and pinyin spellings of Chinese terms.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any, ClassVar, Literal, NamedTuple, overload

import numpy as np
from pydantic import Field

from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.lexicon import LexiconError, LexiconLine, read_lexicon
from review_pipeline.models import Document, Finding, Severity
from review_pipeline.policy import builtin_dir, file_digest
from review_pipeline.text.automaton import EncodedAutomaton, Scan
from review_pipeline.text.fold import fold, fold_char
from review_pipeline.text.normalize import collapse_runs, normalize_term

log = logging.getLogger("review_pipeline.checkers.sensitive")

LEGAL_BASIS = "办法第十八条"
CACHE_FORMAT = 1  # bump when the pickled layout changes
CATEGORY_LABELS = {
    "gambling": "赌博",
    "pornography": "色情",
    "drugs": "毒品",
    "fraud": "诈骗",
    "profanity": "低俗辱骂",
}
DEFAULT_LEXICONS = tuple(f"{name}.txt" for name in CATEGORY_LABELS)
_FLAG = re.compile(r"^([a-z_]+)=(.*)$")
_FLAG_VALUES = {"boundary": ("any", "word"), "pinyin": ("yes", "no")}
_SEVERITIES = ("info", "warning", "error")
_NONE = np.zeros(0, dtype=np.int64)


def _default_lexicons() -> list[str]:
    folder = builtin_dir("lexicons") / "sensitive"
    return [str(folder / name) for name in DEFAULT_LEXICONS]


class SensitiveOptions(CheckerOptions):
    """Policy section `checkers.sensitive`."""

    lexicons: list[str] = Field(default_factory=_default_lexicons, description="deny lists")
    allow: list[str] = Field(default_factory=list, description="allow lists")
    max_gap: int = Field(default=3, ge=0, le=50, description="noise characters allowed in a row inside a term")
    overlaps: Literal["all", "longest"] = "all"
    fold_repeats: bool = False
    enclosed: bool = False
    pinyin: bool = False
    severity: dict[str, Severity] = Field(default_factory=dict, description="per category")
    default_severity: Severity = "error"
    disk_cache: bool = True


# --- lexicon entries ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """One deny entry (or its pinyin variant) as the matcher uses it."""

    term: str
    key: str  # normalised term
    category: str
    severity: Severity | None
    replacement: str | None
    boundary: str
    pinyin: bool
    lexicon: str
    line: int
    via: str = "term"  # "term" | "pinyin"

    @property
    def source(self) -> str:
        name = Path(self.lexicon)
        return f"{name.parent.name}/{name.name}:{self.line} {self.term}" + (" (拼音)" if self.via == "pinyin" else "")


@dataclass(frozen=True, slots=True)
class AllowEntry:
    phrase: str
    key: str
    lexicon: str
    line: int


def _entry(line: LexiconLine, enclosed: bool) -> Entry:
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
        key=normalize_term(line.cells[0], enclosed=enclosed),
        category=category,
        severity=severity,  # type: ignore[arg-type]
        replacement=replacement,
        boundary=flags.get("boundary", "any"),
        pinyin=flags.get("pinyin", "yes") == "yes",
        lexicon=line.path,
        line=line.line,
    )


def read_deny(path: str | Path, enclosed: bool = False) -> list[Entry]:
    """Deny entries of one file; errors name the file and line."""
    return [_entry(line, enclosed) for line in read_lexicon(path, max_cells=8)]


def read_allow(path: str | Path, enclosed: bool = False) -> list[AllowEntry]:
    """Allow phrases of one file (a second cell, if any, is a free comment)."""
    return [
        AllowEntry(line.cells[0], normalize_term(line.cells[0], enclosed=enclosed), line.path, line.line)
        for line in read_lexicon(path, max_cells=2)
    ]


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _is_latin_letter(ch: str) -> bool:
    folded = fold_char(ch)
    return folded.isalpha() and (folded.isascii() or "\u00c0" <= folded <= "\u024f")


def _pinyin_variants(entries: list[Entry]) -> list[Entry]:
    try:
        from pypinyin import lazy_pinyin
    except ImportError as exc:  # pragma: no cover - pypinyin is in the `pinyin` extra
        raise ValueError("the pinyin variant needs pypinyin (pip install review-pipeline[pinyin])") from exc
    out = []
    for e in entries:
        if e.pinyin and len(e.key) >= 2 and all(_is_han(ch) for ch in e.key):
            spelled = "".join(lazy_pinyin(e.key))
            out.append(
                Entry(e.term, spelled, e.category, e.severity, e.replacement, e.boundary, e.pinyin, e.lexicon, e.line, "pinyin")
            )
    return out


# --- the compiled matcher ---------------------------------------------------------------------


class Match(NamedTuple):
    """A deny hit in the original text."""

    start: int
    end: int
    entry: Entry


_new_tuple = tuple.__new__  # `Match` from a (start, end, entry) row without a Python-level call


class Matches(Sequence[Match]):
    """The deny hits of one text, held as arrays; `Match` tuples are built only when read.

    Real text has a raw hit every few dozen characters; building (and garbage-collecting) a
    tuple per hit inside `find` cost more than the scan itself. Reading (iterating, indexing)
    builds them in C; `starts`/`ends` serve callers that only need offsets or counts.
    """

    __slots__ = ("_entries", "_ids", "ends", "starts")

    def __init__(self, starts: np.ndarray, ends: np.ndarray, ids: np.ndarray, entries: np.ndarray) -> None:
        self.starts, self.ends = starts, ends  # original offsets, sorted by (start, end, lexicon, line)
        self._ids, self._entries = ids, entries  # hit -> index into the object array `entries`

    @classmethod
    def of(cls, matches: list[Match]) -> Matches:
        """Wrap already-built matches."""
        entries = np.empty(len(matches), dtype=object)
        entries[:] = [m.entry for m in matches]
        starts = np.array([m.start for m in matches], dtype=np.int64)
        ends = np.array([m.end for m in matches], dtype=np.int64)
        return cls(starts, ends, np.arange(len(matches)), entries)

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self) -> Iterator[Match]:
        rows = zip(self.starts.tolist(), self.ends.tolist(), self._entries[self._ids].tolist(), strict=True)
        return map(_new_tuple, repeat(Match), rows)

    @overload
    def __getitem__(self, index: int) -> Match: ...
    @overload
    def __getitem__(self, index: slice) -> list[Match]: ...
    def __getitem__(self, index: int | slice) -> Match | list[Match]:
        if isinstance(index, slice):
            return list(self)[index]
        return Match(int(self.starts[index]), int(self.ends[index]), self._entries[self._ids[index]])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # compares by content, like list

    def __repr__(self) -> str:
        return f"Matches({list(self)!r})"


@dataclass
class CompiledLexicon:
    """Everything built from the word lists: entries, per-key targets, and the automaton."""

    entries: list[Entry]
    allow: list[AllowEntry]
    targets: list[tuple[tuple[int, ...], bool]]  # payload -> (entry ids, is an allow key)
    runs: list[tuple[int, ...] | None]  # entry id -> run lengths of its key (collapsing only)
    automaton: EncodedAutomaton
    latin: list[tuple[bool, bool]] = field(default_factory=list)  # entry id -> Latin at (start, end)


def compile_lexicon(
    deny: list[Entry], allow: list[AllowEntry], *, enclosed: bool, collapse: bool, pinyin: bool
) -> CompiledLexicon:
    """Build the automaton for deny + allow entries (a key may carry several entries)."""
    entries = [e for e in deny if e.key]
    if pinyin:
        entries += _pinyin_variants(entries)
    by_key: dict[str, list[int]] = {}
    runs: list[tuple[int, ...] | None] = []
    for i, e in enumerate(entries):
        key, lengths = collapse_runs(e.key) if collapse else (e.key, ())
        runs.append(lengths if any(n > 1 for n in lengths) else None)
        by_key.setdefault(key, []).append(i)
    allow_keys = {collapse_runs(a.key)[0] if collapse else a.key for a in allow if a.key}
    targets: list[tuple[tuple[int, ...], bool]] = []
    payloads: dict[str, int] = {}
    for key, ids in by_key.items():
        payloads[key] = len(targets)
        targets.append((tuple(ids), False))
    for key in sorted(allow_keys):
        if key in payloads:  # the same phrase is denied and allowed: allow wins, as lint reports
            targets[payloads[key]] = (targets[payloads[key]][0], True)
        else:
            payloads[key] = len(targets)
            targets.append(((), True))
    automaton = EncodedAutomaton(payloads, enclosed=enclosed, collapse=collapse)
    latin = [(_is_latin_letter(e.key[0]), _is_latin_letter(e.key[-1])) for e in entries]
    return CompiledLexicon(entries, allow, targets, runs, automaton, latin)


class SensitiveMatcher:
    """A compiled lexicon plus the run-time rules (gap, boundaries, allow, overlaps).

    Hits are mapped, gap-checked, repeat-checked and sorted as numpy arrays; only hits whose
    key needs a per-hit decision (allow phrase, Latin edge, jieba boundary, several entries)
    take the Python path, so common words in long texts cost almost nothing each.
    """

    def __init__(self, compiled: CompiledLexicon, *, max_gap: int = 3, overlaps: str = "all") -> None:
        self.compiled = compiled
        self.max_gap = max_gap
        self.longest_only = overlaps == "longest"
        c = compiled
        self._lengths = c.automaton.lengths
        self._entry_of = np.full(len(c.targets), -1, dtype=np.int64)
        wanted: dict[int, tuple[int, ...]] = {}  # payload -> run lengths its single entry needs
        for payload, (ids, is_allow) in enumerate(c.targets):
            if len(ids) == 1 and not is_allow:
                e = ids[0]
                if not any(c.latin[e]) and c.entries[e].boundary == "any":
                    self._entry_of[payload] = e
                    runs = c.runs[e]
                    if runs is not None:
                        wanted[payload] = runs
        # Repeat counts as a padded matrix: row per payload, 0 where any run length will do.
        self._runs_row = np.full(len(c.targets), -1, dtype=np.int64)
        width = max((i + 1 for runs in wanted.values() for i, n in enumerate(runs) if n > 1), default=0)
        self._runs_need = np.zeros((len(wanted), width), dtype=np.int64)
        for row, (payload, runs) in enumerate(wanted.items()):
            self._runs_row[payload] = row
            self._runs_need[row, : len(runs)] = [n if n > 1 else 0 for n in runs][:width]
        self._steps = np.arange(width, dtype=np.int64)
        # Entries as an object array (one gather per text), and their (lexicon, line) sort rank.
        self._entries = np.empty(len(c.entries), dtype=object)
        self._entries[:] = c.entries
        order = {key: i for i, key in enumerate(sorted({(e.lexicon, e.line) for e in c.entries}))}
        self._rank = np.array([order[(e.lexicon, e.line)] for e in c.entries], dtype=np.int64)

    def find(self, text: str) -> Matches:
        """Every deny hit in `text` (original offsets), sorted by (start, end, lexicon, line)."""
        scan = self.compiled.automaton.scan(text)
        payload = scan.payload
        if not len(payload):
            return Matches(_NONE, _NONE, _NONE, self._entries)
        k_end = scan.k_end
        k_start = k_end - self._lengths[payload]
        starts, ends, ok = scan.locate(k_start, k_end, self.max_gap)
        entry_of = self._entry_of[payload]
        if len(self._runs_need):
            ok = self._check_runs(scan, payload, k_start, ok)
        if entry_of.min() >= 0:  # the common case: no hit needs a per-hit decision
            simple = np.flatnonzero(ok) if ok is not None else None
            if simple is not None:
                starts, ends, entry_of = starts[simple], ends[simple], entry_of[simple]
            order = self._order(len(text), starts, ends, entry_of)
            found = Matches(starts[order], ends[order], entry_of[order], self._entries)
            return Matches.of(_longest_only(list(found))) if self.longest_only else found
        if ok is None:
            ok = np.ones(len(payload), dtype=bool)
        special = np.flatnonzero(ok & (entry_of < 0))
        simple = np.flatnonzero(ok & (entry_of >= 0))
        deny = list(Matches(starts[simple], ends[simple], entry_of[simple], self._entries))
        more, allowed = self._special(text, scan, special, k_start, starts, ends)
        deny += more
        if allowed:
            deny = [m for m in deny if not any(a <= m.start and m.end <= b for a, b in allowed)]
        if self.longest_only:
            deny = _longest_only(deny)
        deny.sort(key=lambda m: (m.start, m.end, m.entry.lexicon, m.entry.line))
        return Matches.of(deny)

    def _order(self, size: int, starts: np.ndarray, ends: np.ndarray, entry_ids: np.ndarray) -> np.ndarray:
        """Stable order by (start, end, lexicon, line): one packed int64 key when it fits."""
        rank = self._rank[entry_ids]
        if size < 1 << 21 and len(self._rank) < 1 << 20:
            return np.argsort((((starts << 21) | ends) << 20) | rank, kind="stable")
        return np.lexsort((rank, ends, starts))

    def _check_runs(
        self, scan: Scan, payload: np.ndarray, k_start: np.ndarray, ok: np.ndarray | None
    ) -> np.ndarray | None:
        """`ok` (None: all ok) cleared where a folded repeat is shorter in the text than in the entry."""
        rows = self._runs_row[payload]
        hits = np.flatnonzero(rows >= 0)
        if not len(hits):
            return ok
        last = len(scan.bounds) - 2 if scan.bounds is not None else scan.kept_count - 1
        pos = k_start[hits, None] + self._steps
        np.minimum(pos, last, out=pos)  # past a key's end the need is 0: any position will do
        short = hits[(scan.run_lengths(pos) < self._runs_need[rows[hits]]).any(axis=1)]
        if not len(short):
            return ok
        if ok is None:
            ok = np.ones(len(payload), dtype=bool)
        ok[short] = False
        return ok

    def _special(
        self, text: str, scan: Scan, hits: np.ndarray, k_start: np.ndarray, starts: np.ndarray, ends: np.ndarray
    ) -> tuple[list[Match], list[tuple[int, int]]]:
        """Deny hits that need per-hit checks, and the spans of allow phrases."""
        c = self.compiled
        out: list[Match] = []
        allowed: list[tuple[int, int]] = []
        boundaries: frozenset[int] | None = None
        run_len = scan.all_run_lengths()
        for h in hits.tolist():
            start, end = int(starts[h]), int(ends[h])
            ids, is_allow = c.targets[int(scan.payload[h])]
            if is_allow:
                allowed.append((start, end))
            for i in ids:
                if not self._edges_ok(text, start, end, c.latin[i]):
                    continue
                wanted = c.runs[i]
                if wanted is not None:
                    got = run_len[int(k_start[h]) : int(scan.k_end[h])].tolist()
                    if any(g < w for g, w in zip(got, wanted, strict=True)):
                        continue
                if c.entries[i].boundary == "word":
                    if boundaries is None:
                        boundaries = _word_boundaries(text)
                    if start not in boundaries or end not in boundaries:
                        continue
                out.append(Match(start, end, c.entries[i]))
        return out, allowed

    def _edges_ok(self, text: str, start: int, end: int, latin: tuple[bool, bool]) -> bool:
        """A Latin-letter end of a term must not continue into a longer Latin word."""
        if latin[0] and start > 0 and _is_latin_letter(text[start - 1]):
            return False
        return not (latin[1] and end < len(text) and _is_latin_letter(text[end]))


def _word_boundaries(text: str) -> frozenset[int]:
    from review_pipeline.text.segment import word_boundaries

    return word_boundaries(fold(text))  # same length as `text`: offsets carry over


def _longest_only(matches: list[Match]) -> list[Match]:
    """Drop hits lying inside a longer hit (partial overlaps both stay: each is its own term)."""
    spans = sorted({(m.start, m.end) for m in matches}, key=lambda s: (s[0], -s[1]))
    kept: set[tuple[int, int]] = set()
    reach = -1  # furthest end among spans starting at or before the current one
    for s, e in spans:
        if e <= reach:
            continue  # contained in an earlier-starting (or same-start, longer) span
        kept.add((s, e))
        reach = e
    return [m for m in matches if (m.start, m.end) in kept]


# --- building, with caches --------------------------------------------------------------------

_compiled_cache: dict[str, CompiledLexicon] = {}


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """Hash of the modules whose classes are pickled: a code change can never load a stale layout."""
    from review_pipeline.text import automaton, normalize

    digest = hashlib.sha256()
    for module_file in (__file__, automaton.__file__, normalize.__file__):
        digest.update(Path(module_file).read_bytes())
    return digest.hexdigest()[:16]


def lexicon_digest(options: SensitiveOptions) -> str:
    """Identifies a compiled lexicon: file contents and the options that shape the automaton."""
    import ahocorasick

    parts = [f"format={CACHE_FORMAT}", f"code={_code_digest()}", f"ahocorasick={getattr(ahocorasick, '__version__', '?')}"]
    parts += [f"deny={file_digest(p)}:{Path(p).stem}" for p in options.lexicons]
    parts += [f"allow={file_digest(p)}" for p in options.allow]
    parts += [f"enclosed={options.enclosed}", f"repeats={options.fold_repeats}", f"pinyin={options.pinyin}"]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def cache_dir() -> Path:
    """Where compiled lexicons are pickled: $REVIEW_PIPELINE_CACHE or ~/.cache/review-pipeline."""
    env = os.environ.get("REVIEW_PIPELINE_CACHE")
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "review-pipeline"
    return base / "sensitive"


def _load_pickle(path: Path) -> CompiledLexicon | None:
    try:
        with path.open("rb") as fh:
            loaded = pickle.load(fh)  # our own cache folder, written by `_store_pickle`
    except FileNotFoundError:
        return None
    except Exception:  # a stale or damaged cache file: rebuild, never fail on it
        log.warning("sensitive lexicon cache unreadable, rebuilding", extra={"cache": path.name})
        return None
    return loaded if isinstance(loaded, CompiledLexicon) else None


def _store_pickle(path: Path, compiled: CompiledLexicon) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as fh:
            pickle.dump(compiled, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)
    except OSError:  # a read-only home is no reason to fail a review
        log.info("sensitive lexicon cache not writable", extra={"cache": str(path.parent)})


def load_compiled(options: SensitiveOptions) -> CompiledLexicon:
    """The compiled lexicon for these options: from memory, from the disk cache, or built."""
    digest = lexicon_digest(options)
    hit = _compiled_cache.get(digest)
    if hit is not None:
        return hit
    path = cache_dir() / f"{digest}.pkl"
    compiled = _load_pickle(path) if options.disk_cache else None
    if compiled is None:
        deny = [e for p in options.lexicons for e in read_deny(p, options.enclosed)]
        allow = [a for p in options.allow for a in read_allow(p, options.enclosed)]
        compiled = compile_lexicon(
            deny, allow, enclosed=options.enclosed, collapse=options.fold_repeats, pinyin=options.pinyin
        )
        if options.disk_cache:
            _store_pickle(path, compiled)
    _compiled_cache[digest] = compiled
    return compiled


# --- the checker ------------------------------------------------------------------------------


class SensitiveChecker:
    """Deny-list words (gambling, pornography, drugs, fraud, profanity, or a supervisor's list)."""

    name: ClassVar[str] = "sensitive"
    Options: ClassVar[type[CheckerOptions]] = SensitiveOptions
    RULES: ClassVar[list[RuleInfo]] = [
        RuleInfo(rule=f"sensitive/{cat}", severity="error", legal_basis=LEGAL_BASIS, description=f"{label}类敏感词")
        for cat, label in CATEGORY_LABELS.items()
    ] + [
        RuleInfo(
            rule="sensitive/<category>",
            severity="error",
            legal_basis=LEGAL_BASIS,
            description="其他词表的敏感词：类别取词条第二列或词表文件名",
        )
    ]

    def __init__(self, options: SensitiveOptions) -> None:
        self.options = options
        self.matcher = SensitiveMatcher(load_compiled(options), max_gap=options.max_gap, overlaps=options.overlaps)

    def check(self, document: Document, context: CheckContext) -> Iterator[Finding]:
        for field_name, text in context.fields():
            for m in self.matcher.find(text):
                yield self._finding(field_name, m)

    def _finding(self, field_name: Any, m: Match) -> Finding:
        e = m.entry
        label = CATEGORY_LABELS.get(e.category, e.category)
        how = "（拼音写法）" if e.via == "pinyin" else ""
        return Finding(
            checker=self.name,
            rule=f"sensitive/{e.category}",
            category=e.category,
            severity=e.severity or self.options.severity.get(e.category, self.options.default_severity),
            field=field_name,
            start=m.start,
            end=m.end,
            message=f"含{label}类敏感词「{e.term}」{how}，违反办法第十八条，发布前须删除或改写。",
            suggestion=f"改为「{e.replacement}」" if e.replacement else "删除该词或改写该句",
            source=e.source,
            legal_basis=LEGAL_BASIS,
        )


# --- lint ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LintIssue:
    """One problem in a word list: `file:line: level: message`."""

    file: str
    line: int
    level: Literal["error", "warning"]
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.level}: {self.message}"


def lint_lexicons(deny_paths: Iterable[str | Path], allow_paths: Iterable[str | Path] = ()) -> list[LintIssue]:
    """Duplicates, entries normalisation makes identical or unmatchable, and shadowed entries.

    A malformed line raises `LexiconError` (file and line), like loading the policy would.
    """
    issues: list[LintIssue] = []
    deny = [e for p in deny_paths for e in read_deny(p)]
    allow = [a for p in allow_paths for a in read_allow(p)]
    seen: dict[tuple[str, str], Entry] = {}
    for e in deny:
        if not e.key:
            issues.append(LintIssue(e.lexicon, e.line, "error", "unmatchable: nothing is left after removing noise characters"))
            continue
        first = seen.get((e.key, e.category))
        if first is None:
            seen[(e.key, e.category)] = e
        elif first.term == e.term:
            issues.append(LintIssue(e.lexicon, e.line, "warning", f"duplicate of {Path(first.lexicon).name}:{first.line}"))
        else:
            issues.append(
                LintIssue(e.lexicon, e.line, "warning", f"identical after normalisation to {Path(first.lexicon).name}:{first.line}")
            )
    allow_by_key = {a.key: a for a in allow if a.key}
    for e in deny:
        shadow = allow_by_key.get(e.key) if e.key else None
        if shadow is not None:
            issues.append(
                LintIssue(e.lexicon, e.line, "error", f"never reported: the allow list holds the same phrase ({Path(shadow.lexicon).name}:{shadow.line})")
            )
    deny_keys = [e.key for e in deny if e.key]
    for a in allow:
        if not a.key:
            issues.append(LintIssue(a.lexicon, a.line, "error", "unmatchable: nothing is left after removing noise characters"))
        elif not any(k in a.key for k in deny_keys):
            issues.append(LintIssue(a.lexicon, a.line, "warning", "allow phrase contains no deny entry: it has no effect"))
    issues.sort(key=lambda i: (i.file, i.line, i.message))
    return issues


__all__ = [
    "AllowEntry",
    "CompiledLexicon",
    "Entry",
    "LexiconError",
    "LintIssue",
    "Match",
    "Matches",
    "SensitiveChecker",
    "SensitiveMatcher",
    "SensitiveOptions",
    "compile_lexicon",
    "lint_lexicons",
    "load_compiled",
    "read_allow",
    "read_deny",
]
