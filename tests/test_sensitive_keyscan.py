"""The key scanner of the sensitive matcher (hashed key prefixes on numpy arrays) finds exactly the
occurrences a brute-force search finds, in the order of an Aho-Corasick walk."""

from __future__ import annotations

import pickle

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.sensitive.keyscan import KeyScanner

ALPHABET = "赌博彩金真人荷官ab1"


def brute_force(keys: dict[str, int], text: str) -> list[tuple[int, int]]:
    """(end, payload) of every key occurrence, by end, longest key first."""
    found = [(i + len(k), -len(k), p) for k, p in keys.items() for i in range(len(text) - len(k) + 1) if text.startswith(k, i)]
    return [(end, p) for end, _, p in sorted(found)]


def hits(scanner: KeyScanner, text: str) -> list[tuple[int, int]]:
    scan = scanner.scan(text)
    return list(zip(scan.k_end.tolist(), scan.payload.tolist(), strict=True))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=6), min_size=1, max_size=12, unique=True),
    st.text(alphabet=ALPHABET + "的了", max_size=80),  # kept characters only: positions are offsets
)
def test_every_occurrence_and_nothing_else(keys: list[str], text: str) -> None:
    table = {k: i for i, k in enumerate(keys)}
    assert hits(KeyScanner(table), text) == brute_force(table, text)


def test_overlapping_and_nested_keys_in_real_text() -> None:
    table = {"真人荷官": 0, "荷官": 1, "真人": 2, "注册送彩金": 3, "彩金": 4}
    text = "本平台真人荷官在线发牌注册送彩金彩金当日到账"
    assert hits(KeyScanner(table), text) == brute_force(table, text)


def test_barriers_stop_a_key_across_joined_texts() -> None:
    scanner = KeyScanner({"赌博": 0})
    assert hits(scanner, "网络赌博") == [(4, 0)]
    assert scanner.scan("网络赌博", barriers=np.array([2])).payload.tolist() == []  # 赌 is the joint


def test_pickled_scanner_rebuilds_its_tables() -> None:
    scanner = KeyScanner({"真人荷官": 0, "百家乐": 1, "赌": 2})
    again = pickle.loads(pickle.dumps(scanner))
    text = "线上百家乐真人荷官逢赌必输"
    assert hits(again, text) == hits(scanner, text) == brute_force({"真人荷官": 0, "百家乐": 1, "赌": 2}, text)


def test_no_keys_scan_to_nothing() -> None:
    assert hits(KeyScanner({}), "真人荷官") == []
