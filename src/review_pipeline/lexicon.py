"""Word-list files: UTF-8, one entry a line, TAB-separated cells, `#` comments.

Every checker reads its data through here, so a malformed file always gets the same kind of
error: the file, the line, and what is wrong. A cell value starting with `#` is written `\\#`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from review_pipeline.limits import MAX_LEXICON_BYTES, LimitError, read_regular_file
from review_pipeline.policy import PolicyError


class LexiconError(PolicyError):
    """A word list that cannot be used; `str()` is `file:line: message`."""


@dataclass(frozen=True, slots=True)
class LexiconLine:
    """One entry: its cells (stripped, at least one, the first non-empty) and where it stands."""

    path: str
    line: int
    cells: tuple[str, ...]

    def cell(self, index: int, default: str = "") -> str:
        return self.cells[index] if index < len(self.cells) and self.cells[index] else default

    def error(self, message: str) -> LexiconError:
        return LexiconError(message, self.path, self.line)

    def regex(self, index: int = 0) -> re.Pattern[str]:
        """The cell compiled as a regular expression; a bad one is an error naming file and line."""
        try:
            return re.compile(self.cell(index))
        except re.error as exc:
            raise self.error(f"bad regular expression: {exc}") from None


def read_lexicon(path: str | Path, min_cells: int = 1, max_cells: int | None = None) -> list[LexiconLine]:
    """Parse a word-list file; a `LexiconError` names the file and line of the first bad entry."""
    p = Path(path)
    try:
        raw = read_regular_file(p, MAX_LEXICON_BYTES, "word list")
    except LimitError as exc:
        raise LexiconError(f"cannot read word list: {exc}", p) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise LexiconError("not UTF-8 text", p, bad_line) from None
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if "\x00" in line:
            raise LexiconError("NUL byte in entry (binary file?)", p, number)
        cells = tuple(c.strip().replace("\\#", "#") for c in line.rstrip("\r\n").split("\t"))
        if not cells[0]:
            raise LexiconError("entry starts with a TAB: the term is empty", p, number)
        if len(cells) < min_cells:
            raise LexiconError(f"expected at least {min_cells} TAB-separated cells, found {len(cells)}", p, number)
        if max_cells is not None and len(cells) > max_cells:
            raise LexiconError(f"expected at most {max_cells} TAB-separated cells, found {len(cells)}", p, number)
        out.append(LexiconLine(str(p), number, cells))
    return out
