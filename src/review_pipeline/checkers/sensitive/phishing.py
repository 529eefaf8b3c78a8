"""Phishing messages that pose as an institution (尊敬的车主，您的ETC已过期，请及时点击网址完成认证), found
by their structure rather than by a list of messages: a greeting that addresses the reader, then a
claim about the reader's account or card (expired, frozen, disabled, abnormal), then an order to
click a link or log in to a website, all within a short window. The words and their roles live in
`lexicons/sensitive/phishing_words.tsv`; the window is the `phishing_window` option.

Basis: 刑法 art. 266 (诈骗), 反电信网络诈骗法 arts. 2 and 14, the regulation's article 18. A police
warning that quotes such a message is a citation (`CitationRule`), not a finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from review_pipeline.lexicon import read_lexicon
from review_pipeline.text.fold import fold

ROLES = ("greeting", "status", "action", "target")
TARGET_REACH = (
    24  # characters from an action word to the place it sends the reader (点击:**网址, 前往车辆中心:http)
)


@dataclass(frozen=True)
class Message:
    """One greeting → status → action + target, in offsets of the folded field."""

    start: int
    end: int


class PhishingMessages:
    """The message finder of one word table."""

    def __init__(self, words: Sequence[tuple[str, str]], window: int) -> None:
        by_role: dict[str, list[str]] = {role: [] for role in ROLES}
        for word, role in words:
            if role not in ROLES:
                raise ValueError(f"phishing word {word!r}: unknown role {role!r}")
            by_role[role].append(fold(word))
        self.window = window

        def pattern(role: str) -> re.Pattern[str] | None:
            found = sorted(set(by_role[role]), key=len, reverse=True)
            return re.compile("|".join(map(re.escape, found))) if found else None

        self._greeting, self._status = pattern("greeting"), pattern("status")
        self._action, self._target = pattern("action"), pattern("target")

    @classmethod
    def from_files(cls, paths: Sequence[str], window: int) -> PhishingMessages:
        return cls(
            [
                (line.cells[0], line.cells[1])
                for path in paths
                for line in read_lexicon(path, min_cells=2, max_cells=2)
            ],
            window,
        )

    def __bool__(self) -> bool:
        return None not in (self._greeting, self._status, self._action, self._target)

    def find(self, folded: str) -> list[Message]:
        """The messages in one folded field, in order, not overlapping."""
        if not self:
            return []
        assert self._greeting and self._status and self._action and self._target
        out: list[Message] = []
        after = 0
        for greeting in self._greeting.finditer(folded):
            if greeting.start() < after:
                continue
            limit = min(len(folded), greeting.start() + self.window)
            status = self._status.search(folded, greeting.end(), limit)
            if status is None:
                continue
            for action in self._action.finditer(folded, status.end(), limit):
                target = self._target.search(folded, action.end(), min(limit, action.end() + TARGET_REACH))
                if target is not None:
                    out.append(Message(greeting.start(), target.end()))
                    after = target.end()
                    break
        return out
