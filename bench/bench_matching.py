"""Benchmark: "Checked before" over 100,000 archived claims plus 100,000 reference reviews.

    python bench/bench_matching.py                 # 200,000 rows
    python bench/bench_matching.py --rows 50000 --article 200

The index is built the way a process builds it after a restart: from float16 blobs as the
database stores them. The archive's vectors are the embeddings of the claim pairs' texts plus
noise. A claim's query vector is stored when it is created (the worker embeds it), so the
article's matches read stored vectors; encoding them at query time is timed beside it. The
grouped index is compared with scoring every row. Targets: one claim < 50 ms; a 1,000-claim
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
    print(f"index of {args.rows:,} rows from float16 blobs, grouped: {time.perf_counter() - started:.2f} s, "
          f"{(index.meaning.nbytes + index.style.nbytes) / 2**20:.0f} MB")
    article = [f"{texts[n % len(texts)]} ({n})" for n in range(args.article)]
    stored = matching.from_blobs([matching.to_blob(v) for v in matching.embed(article)])  # what the worker stored
    one = timed(lambda: index.search(matching.embed([article[0]])), 20)
    one_stored = timed(lambda: index.search(stored[:1]), 20)
    many = timed(lambda: index.search(stored), 3)
    encode = timed(lambda: matching.embed(article), 1)
    exact = matching.Index()
    exact.put_many(keys, matching.from_blobs(blobs))  # never grouped: every query scores every row
    truth, found = exact.search(stored), index.search(stored)
    wanted = sum(len(matches) for matches in truth)
    kept = sum(len({m.key for m in a} & {m.key for m in b}) for a, b in zip(truth, found))
    print(f"one claim: encode + search {one * 1000:.1f} ms, from its stored vector {one_stored * 1000:.1f} ms "
          f"(target < 50 ms)")
    print(f"{args.article:,}-claim article from stored vectors: {many:.2f} s (target < 2 s); "
          f"encoding its {args.article:,} texts would add {encode:.2f} s")
    print(f"grouped search keeps {kept:,} of the {wanted:,} matches scoring every row finds ({kept / max(wanted, 1):.3f})")
    print("load:", os.getloadavg())


if __name__ == "__main__":
    main()
