"""The default chain's verdicts on a fixed sample stay what they were (benchmarks/sameness.py).

Speed work on the shared machinery (phrase bank, gated patterns, analysis, the engine) must not
change a single finding, redacted text, tier or decision. The sample — every 8th case of every
real set (cases added later are not compared) and 150 seeded 1 KB benchmark posts — was reviewed once and each verdict's digests kept
in tests/data/sameness.json. A change that is MEANT to change findings regenerates that file:

    PYTHONPATH=src:. .venv/bin/python benchmarks/sameness.py --sample --write tests/data/sameness.json

(and says so in its commit message); any other difference is a regression.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.sameness import SAMPLE_POSTS, differences, digests, documents

from review_pipeline import Pipeline, load_policy

EXPECTED = Path(__file__).resolve().parent / "data" / "sameness.json"


def test_sample_covers_every_real_set_and_the_benchmark_posts() -> None:
    names: dict[str, int] = {}
    for name, _doc in documents(sample=True):
        names[name] = names.get(name, 0) + 1
    assert names["posts_1k"] == SAMPLE_POSTS
    assert {"ads_real", "pii_real", "posts_real", "repost_real", "sensitive_real", "tiers_real", "tone_real"} <= set(names)
    assert set(json.loads(EXPECTED.read_text(encoding="utf-8"))) == set(names)


def test_verdicts_on_the_sample_are_unchanged() -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    result = digests(Pipeline.from_policy(load_policy("default")), sample=True)
    # cases added to a real set since the file was written are not compared (nothing to compare with)
    for name, entry in result.items():
        entry["each"] = {k: v for k, v in entry["each"].items() if k in expected.get(name, {}).get("each", {})}
    changed = differences(expected, result)
    assert not changed, f"{len(changed)} verdicts changed (first: {changed[:10]}); see this module's docstring"
