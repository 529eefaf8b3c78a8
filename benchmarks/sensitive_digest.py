"""Count + digest of every `sensitive` finding on fixed texts: the proof that a speed change
changed no finding (run before and after; the two lines must be equal).

    .venv/bin/python benchmarks/sensitive_digest.py [--pd 1000] [--chars 1000000]

Texts: the real set (tests/data/sensitive_real, every split, title and text), People's Daily
posts of 1,000 characters (benchmarks.corpus), the regulation, two hijacked pages stuffed with
gambling-platform compounds (benchmarks.sensitive.hijacked_page), and the speed benchmark's corpora
(People's Daily in documents of 2,000 characters, as they are and with one term of a 10k-term
lexicon every ~60 characters, through that lexicon with every normalisation on and pinyin).
Each finding contributes every field a caller sees (place, line, column, rule, severity,
message, suggestion, source, excerpt, fingerprint); the digest is a SHA-256 over them in order.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import lexicon_terms, people_daily_text  # noqa: E402
from benchmarks.sensitive import hijacked_page  # noqa: E402
from benchmarks.sensitive_real import REGULATION, sensitive_pipeline  # noqa: E402
from review_pipeline import Document, Pipeline  # noqa: E402
from review_pipeline.policy import Policy  # noqa: E402

FIELDS = ("field", "start", "end", "line", "column", "rule", "category", "severity", "message", "suggestion", "source", "legal_basis", "excerpt", "fingerprint")


def digest(pipeline: Pipeline, documents: Iterable[Document]) -> tuple[int, str]:
    """(number of findings, digest of all of them) over the documents, in order."""
    sha = hashlib.sha256()
    count = 0
    for i, verdict in enumerate(pipeline.pipe(list(documents), timeout_s=0)):
        for f in verdict.findings:
            count += 1
            sha.update(json.dumps([i, *(getattr(f, name) for name in FIELDS)], ensure_ascii=False).encode("utf-8"))
    return count, sha.hexdigest()[:16]


NOISE = ("*", " ", "·", "✨", "\u200b", "、", "！", "ⓐ")


def evasions(n: int) -> list[str]:
    """People's Daily posts with a term of the default deny lists every ~80 characters, written
    with the evasions the matcher reads through (noise inside, a doubled character, full width,
    pinyin of a character), some quoted in a warning sentence: every rule of the matcher runs."""
    terms = [
        line.split("\t")[0]
        for path in sorted((ROOT / "lexicons" / "sensitive").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    rng = random.Random(11)
    out = []
    for i in range(n):
        text = people_daily_text(1000, seed=10_000 + i)
        pieces = []
        for j in range(0, len(text), 80):
            term = list(rng.choice(terms))
            k = rng.randrange(len(term))
            how = rng.randrange(5)
            if how == 0:
                term.insert(k, rng.choice(NOISE))
            elif how == 1:
                term.insert(k, term[k])
            elif how == 2:
                term = [chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in term]
            word = "".join(term)
            if how == 3:
                word = f"警惕“{word}”等诈骗话术"
            pieces.append(text[j : j + 80] + word)
        out.append("".join(pieces))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pd", type=int, default=1000, help="People's Daily posts of 1,000 characters")
    parser.add_argument("--chars", type=int, default=1_000_000, help="characters of the benchmark corpora")
    args = parser.parse_args()
    default = sensitive_pipeline()
    rows = [json.loads(line) for line in (ROOT / "tests/data/sensitive_real/cases.jsonl").read_text("utf-8").splitlines() if line.strip()]
    sets: dict[str, tuple[Pipeline, list[Document]]] = {
        "sensitive_real": (default, [Document(text=r["text"], title=r.get("title")) for r in rows]),
        "people_daily": (default, [Document(text=people_daily_text(1000, seed=i)) for i in range(args.pd)]),
        "regulation": (default, [Document(text=REGULATION.read_text(encoding="utf-8"))]),
    }
    sets["evasions"] = (default, [Document(text=t) for t in evasions(args.pd)])
    sets["hijacked"] = (default, [Document(text=hijacked_page(20_000, sentence_ends=e)) for e in (True, False)])
    text = people_daily_text(args.chars, seed=1)
    docs = [text[i : i + 2000] for i in range(0, len(text), 2000)]
    with tempfile.TemporaryDirectory() as tmp:
        terms = lexicon_terms(10000, seed=10001, min_len=4)
        lexicon = Path(tmp) / "bench" / "words.txt"  # a fixed folder name: findings name it in `source`
        lexicon.parent.mkdir()
        lexicon.write_text("\n".join(terms) + "\n", encoding="utf-8")
        options = {"lexicons": [str(lexicon)], "max_gap": 3, "pinyin": True, "disk_cache": False}
        bench = Pipeline.from_policy(Policy(id="bench", checkers={"sensitive": options}))
        rng = random.Random(7)
        dense = ["".join(d[i : i + 60] + rng.choice(terms) for i in range(0, len(d), 60)) for d in docs]
        sets["bench_sparse"] = (bench, [Document(text=d) for d in docs])
        sets["bench_dense"] = (bench, [Document(text=d) for d in dense])
        total = hashlib.sha256()
        for name, (pipeline, documents) in sets.items():
            count, value = digest(pipeline, documents)
            total.update(f"{name}:{count}:{value}".encode())
            print(f"{name:<15} {count:>7} findings  digest {value}")
    print(f"{'all':<15} digest {total.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
