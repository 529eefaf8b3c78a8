"""Precision and recall of the `engagement` checker on real posts (see benchmarks/tone_real.py).

Usage: .venv/bin/python benchmarks/engagement_real.py [--verbose] [--posts 1000]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.tone_real import main

if __name__ == "__main__":
    main("engagement")
