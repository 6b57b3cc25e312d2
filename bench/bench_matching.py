"""Benchmark: "Checked before" over 100,000 archived claims plus 100,000 reference reviews.

    python bench/bench_matching.py                 # 200,000 rows
    python bench/bench_matching.py --rows 50000 --article 200

The index is built the way a process builds it after a restart: from float16 blobs as the
database stores them. The archive's vectors are the embeddings of the claim pairs' texts plus
noise (the dot product costs the same whatever the vectors hold). The query texts are embedded
with the real encoder, and that cost is counted. Targets: one claim < 50 ms; a 1,000-claim
article < 2 s.
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from annotator.text import matching  # noqa: E402

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "claim_pairs.jsonl"


def timed(work, repeat):
    """Return the median seconds of repeat runs of work()."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--article", type=int, default=1000, help="claims in the long article")
    args = parser.parse_args()
    texts = [json.loads(line)["query"] for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    seeds = matching.embed(texts)
    rng = np.random.default_rng(1)
    rows = seeds[rng.integers(0, len(seeds), args.rows)] + rng.normal(0, 0.05, (args.rows, matching.DIMENSION))
    blobs = [matching.to_blob(vector) for vector in matching.unit(rows)]
    keys = [("claim", n) if n % 2 else ("reference", n) for n in range(args.rows)]
    started = time.perf_counter()
    index = matching.Index(keys, matching.from_blobs(blobs))
    print(f"index of {args.rows:,} rows from float16 blobs: {time.perf_counter() - started:.2f} s, "
          f"{(index.meaning.nbytes + index.style.nbytes) / 2**20:.0f} MB")
    article = [f"{texts[n % len(texts)]} ({n})" for n in range(args.article)]
    one = timed(lambda: index.search(matching.embed([article[0]])), 20)
    one_search = timed(lambda: index.search(seeds[:1]), 20)
    many = timed(lambda: index.search(matching.embed(article)), 3)
    search_only = timed(lambda: index.search(seeds[: min(args.article, len(seeds))]), 3)
    print(f"one claim (encode + search): {one * 1000:.1f} ms (target < 50 ms); search alone {one_search * 1000:.1f} ms")
    print(f"{args.article:,}-claim article (encode + search): {many:.2f} s (target < 2 s)")
    print(f"search only, {min(args.article, len(seeds))} stored vectors: {search_only:.2f} s")
    print("load:", os.getloadavg())


if __name__ == "__main__":
    main()
