"""Input errors: one line, naming the file, never a traceback."""

from __future__ import annotations


class InputError(ValueError):
    """A file that cannot be read as a draft (binary, undecodable, too large, unknown type)."""

    def __init__(self, path: str, message: str) -> None:
        self.path, self.message = path, message
        super().__init__(f"{path}: {message}")
