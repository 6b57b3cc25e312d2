"""Measure "Checked before" matching on tests/data/claim_pairs.jsonl.

Every pair's second claim goes into one archive; every pair's first claim is a query. A query of a
paraphrased, reworded, re-numbered or other-speaker pair should find its partner; a query of an
unrelated pair should find nothing (its partner shares a topic, not a claim). Reports:
  recall@5        partner among the matches shown (top 5, at or above the threshold)
  precision@1     partner is the first match shown, of the matching queries that showed one
  clean top 1     queries whose first match shown, if any, is their partner (target >= 0.95)
Usage: python scripts/eval_matching.py [--encoder matching|detector] [--threshold 0.58] [--sweep]
"""
import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from annotator.text import detector, matching

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "claim_pairs.jsonl"


def load_pairs(path=PAIRS):
    """Return the pairs as dicts."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(pairs, queries, claims, threshold):
    """Return the figures overall and per kind, for one threshold."""
    index = matching.Index([pair["id"] for pair in pairs], claims)
    found = index.search(queries, top=5, threshold=threshold)
    tally = defaultdict(lambda: defaultdict(int))
    for pair, matches in zip(pairs, found):
        keys = [match.key for match in matches]
        related = pair["kind"] != "unrelated"
        for group in ("all", pair["kind"]):
            counts = tally[group]
            counts["queries"] += 1
            counts["clean"] += not keys or (related and keys[0] == pair["id"])
            if related:
                counts["related"] += 1
                counts["recall5"] += pair["id"] in keys
                counts["shown"] += bool(keys)
                counts["first"] += bool(keys) and keys[0] == pair["id"]
    return {group: _figures(counts) for group, counts in tally.items()}


def _figures(counts):
    """Turn counts into rates."""
    def rate(part, whole):
        return round(counts[part] / counts[whole], 3) if counts[whole] else None
    return {"queries": counts["queries"], "recall@5": rate("recall5", "related"),
            "precision@1": rate("first", "shown"), "clean top 1": rate("clean", "queries")}


def vectors(pairs, which):
    """Return (queries, claims) embedded with the chosen encoder."""
    embed = matching.embed if which == "matching" else lambda texts: matching.unit(detector.embed(texts))
    return embed([pair["query"] for pair in pairs]), embed([pair["claim"] for pair in pairs])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", choices=("matching", "detector"), default="matching")
    parser.add_argument("--threshold", type=float, default=matching.THRESHOLD)
    parser.add_argument("--sweep", action="store_true", help="print overall figures for a range of thresholds")
    args = parser.parse_args()
    pairs = load_pairs()
    queries, claims = vectors(pairs, args.encoder)
    if args.sweep:
        for threshold in np.arange(0.40, 0.80, 0.02):
            print(f"{threshold:.2f}", measure(pairs, queries, claims, threshold)["all"])
        return
    figures = measure(pairs, queries, claims, args.threshold)
    print(f"encoder {args.encoder}, threshold {args.threshold}, {len(pairs)} pairs")
    for group in ["all", "paraphrase", "reworded", "renumbered", "speaker", "unrelated"]:
        print(f"  {group:11} {figures[group]}")
    overall = figures["all"]
    met = overall["recall@5"] >= 0.90 and overall["clean top 1"] >= 0.95
    print("targets (recall@5 >= 0.90, clean top 1 >= 0.95):", "met" if met else "NOT met")


if __name__ == "__main__":
    main()
