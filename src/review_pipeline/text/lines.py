"""Offsets to 1-based line and column numbers."""

from __future__ import annotations

from bisect import bisect_right


class LineIndex:
    """Maps a `str` offset to (line, column), both 1-based, columns in characters."""

    def __init__(self, text: str) -> None:
        starts = [0]
        pos = text.find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self._starts = starts
        self._length = len(text)

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def bounds(self, offset: int) -> tuple[int, int, int, int]:
        """(line, column, start of that line, end of that line before its break) of `offset`."""
        starts = self._starts
        line = bisect_right(starts, offset)
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else self._length
        return line, offset - start + 1, start, end

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based `line`."""
        return self._starts[line - 1]
