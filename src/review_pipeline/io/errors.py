"""Input errors: one line, naming the file, never a traceback."""

from __future__ import annotations


def shown_name(name: str) -> str:
    """A file name as it can be printed on one line: undecodable bytes (lone surrogates) and
    control characters escaped, e.g. `\\udcb0\\udca1.txt`, `a\\nb.txt`."""
    escaped = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in escaped)


class InputError(ValueError):
    """A file that cannot be read as a draft (binary, undecodable, too large, unknown type)."""

    def __init__(self, path: str, message: str) -> None:
        self.path, self.message = path, message
        super().__init__(f"{shown_name(path)}: {message}")
