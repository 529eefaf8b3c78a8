"""Map offsets in a Document's plain text back to line and column in the source file.

A reader builds the plain text piece by piece with a `TextBuilder`: every piece is either
copied verbatim from the source (`copy`), stands for a source span with different characters
(`substitute`, e.g. `&amp;` -> `&`), or is inserted (`insert`, e.g. a line break for `<p>`).
The resulting `SourceMap` turns a plain-text offset into a source offset and then into a
1-based (line, column) in the source, and a plain-text span into a source span for redaction.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_NEWLINE = re.compile("\n")



@dataclass(frozen=True)
class Piece:
    """`text[doc_start:doc_end]` came from `source[src_start:src_end]`."""

    doc_start: int
    doc_end: int
    src_start: int
    src_end: int

    @property
    def verbatim(self) -> bool:
        return self.doc_end - self.doc_start == self.src_end - self.src_start


class SourceMap:
    """Plain-text offset -> source offset -> (line, column); identity when built with `identity`."""

    def __init__(self, source: str, pieces: list[Piece]) -> None:
        self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(source)]
        self._source_len = len(source)
        self._pieces = pieces
        self._starts = [p.doc_start for p in pieces]

    @classmethod
    def identity(cls, text: str) -> SourceMap:
        """The map of a document whose text is its source."""
        return cls(text, [Piece(0, len(text), 0, len(text))])

    @classmethod
    def anchor(cls, source: str, src_offset: int, length: int) -> SourceMap:
        """A short field (a title) found at one place of the source."""
        return cls(source, [Piece(0, length, src_offset, src_offset)])

    def _piece(self, offset: int) -> Piece | None:
        i = bisect_right(self._starts, offset) - 1
        return self._pieces[i] if i >= 0 else None

    def source_offset(self, offset: int) -> int:
        """Where the plain-text character at `offset` starts in the source."""
        piece = self._piece(offset)
        if piece is None:
            return 0
        if piece.verbatim:
            return min(piece.src_start + (offset - piece.doc_start), self._source_len)
        return piece.src_start if offset < piece.doc_end else piece.src_end

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span holding plain-text `[start, end)` (an empty span stays empty)."""
        if end <= start:
            pos = self.source_offset(start)
            return pos, pos
        last = self._piece(end - 1)
        if last is None:
            return 0, 0
        src_end = last.src_start + (end - last.doc_start) if last.verbatim else last.src_end
        return self.source_offset(start), src_end

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the source of plain-text `offset`."""
        return self._line_col(self.source_offset(offset))

    def end_position(self, start: int, end: int) -> tuple[int, int]:
        """1-based (line, column) just after plain-text `[start, end)` in the source."""
        return self._line_col(self.source_span(start, end)[1])

    def _line_col(self, src: int) -> tuple[int, int]:
        line = bisect_right(self._line_starts, src)
        return line, src - self._line_starts[line - 1] + 1


@dataclass
class TextBuilder:
    """Accumulates the plain text of a document and its pieces."""

    parts: list[str] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    length: int = 0

    def _add(self, text: str, src_start: int, src_end: int) -> None:
        if not text:
            return
        self.parts.append(text)
        self.pieces.append(Piece(self.length, self.length + len(text), src_start, src_end))
        self.length += len(text)

    def copy(self, source: str, start: int, end: int) -> None:
        """Copy `source[start:end]` verbatim."""
        self._add(source[start:end], start, end)

    def substitute(self, text: str, src_start: int, src_end: int) -> None:
        """`text` stands for `source[src_start:src_end]` (an entity, collapsed whitespace)."""
        self._add(text, src_start, src_end)

    def insert(self, text: str, src_at: int) -> None:
        """`text` has no source of its own (a separator); it maps to `src_at`."""
        self._add(text, src_at, src_at)

    def tail(self, n: int) -> str:
        """The last `n` characters built so far."""
        out = ""
        for part in reversed(self.parts):
            out = part + out
            if len(out) >= n:
                break
        return out[-n:]

    def truncate(self, length: int) -> None:
        """Drop everything built after `length` characters."""
        while self.pieces and self.pieces[-1].doc_start >= length:
            self.pieces.pop()
            self.parts.pop()
        if self.pieces and self.pieces[-1].doc_end > length:
            last = self.pieces[-1]
            keep = length - last.doc_start
            src_end = last.src_start + keep if last.verbatim else last.src_end
            self.pieces[-1] = Piece(last.doc_start, length, last.src_start, src_end)
            self.parts[-1] = self.parts[-1][:keep]
        self.length = min(self.length, length)

    def build(self, source: str) -> tuple[str, SourceMap]:
        return "".join(self.parts), SourceMap(source, self.pieces)
