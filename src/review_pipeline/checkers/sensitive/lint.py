"""`review-pipeline lexicon lint`: problems in sensitive word lists, by file and line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from review_pipeline.checkers.sensitive.entries import Entry, read_allow, read_deny


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
    deny = [e for p in deny_paths for e in read_deny(p, strict=False)]
    allow = [a for p in allow_paths for a in read_allow(p, strict=False)]
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


