"""Evaluate the shipped check-worthiness scorer.

Prints precision, recall and F1 at the threshold, and average precision, on
(a) the held-out split of ../shared/datasets/claims-train (texts whose sha1 mod 5 is 0,
never trained on), separately for train_cb and train_ct19, and
(b) a "CB-clean" PROXY: held-out train_cb rows whose text also appears in train_ct19
(the 2016 debates are in both) and whose two labels agree: positives are check-worthy to
the crowd AND were fact-checked by professionals, negatives are neither. The data has no
annotator-agreement field, so this cross-set agreement is the only "clearer" subset; it is
small and its negatives are only "not fact-checked", so read it as a rough proxy for
ClaimBuster's expert-labelled set, not as that set, and
(c) tests/data/news_sentences.jsonl, news prose written for this project.
Each text is scored as one sentence through score_sentence.

    python scripts/eval_detector.py [--threshold 0.5]
"""

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotator.text.checkworthiness import DEFAULT_THRESHOLD, score_sentence  # noqa: E402

SHARED = REPO.parent / "shared"
DATASET_DIR = SHARED / "datasets" / "claims-train"
NEWS_PATH = REPO / "tests" / "data" / "news_sentences.jsonl"
HELD_OUT_FILES = ("train_cb.jsonl", "train_ct19.jsonl")


def read_jsonl(path: Path) -> list[dict]:
    """Read a JSON Lines file."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def held_out_rows(name: str) -> list[dict]:
    """Return the rows of a training file that the model never saw."""
    from train_detector import is_held_out  # the split lives in one place

    return [row for row in read_jsonl(DATASET_DIR / name) if is_held_out(row["text"])]


def cb_clean_proxy() -> list[dict]:
    """Return held-out CB rows whose label agrees with the CT19 label of the same text."""
    ct19 = {row["text"]: int(row["label"]) for row in held_out_rows("train_ct19.jsonl")}
    return [row for row in held_out_rows("train_cb.jsonl") if ct19.get(row["text"]) == int(row["label"])]


def average_precision(scores: list[float], labels: list[int]) -> float:
    """Return the mean of precision at the rank of each positive, best score first."""
    ranked = sorted(zip(scores, labels), key=lambda pair: -pair[0])
    hits, total = 0, 0.0
    for rank, (_, label) in enumerate(ranked, start=1):
        if label:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def precision_recall_f1(scores, labels, threshold: float) -> tuple[float, float, float]:
    """Return precision, recall and F1 of predicting score >= threshold."""
    predicted = [score >= threshold for score in scores]
    true_pos = sum(1 for p, label in zip(predicted, labels) if p and label)
    precision = true_pos / max(sum(predicted), 1)
    recall = true_pos / max(sum(labels), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_threshold(scores, labels) -> tuple[float, float]:
    """Return the threshold (in steps of 0.01) with the best F1, and that F1."""
    candidates = [(precision_recall_f1(scores, labels, t / 100)[2], t / 100) for t in range(1, 100)]
    f1, threshold = max(candidates)
    return threshold, f1


def report(name: str, rows: list[dict], threshold: float) -> None:
    """Score rows and print the figures for one evaluation set."""
    scores = [score_sentence(row["text"]).score for row in rows]
    labels = [int(row["label"]) for row in rows]
    precision, recall, f1 = precision_recall_f1(scores, labels, threshold)
    ap = average_precision(scores, labels)
    best_t, best_f1 = best_threshold(scores, labels)
    print(
        f"{name:<22} n={len(rows):<5} pos={sum(labels):<4} P={precision:.3f} R={recall:.3f} "
        f"F1={f1:.3f} AP={ap:.3f}  (best F1 {best_f1:.3f} at {best_t:.2f})"
    )


def main() -> None:
    """Print the figures for every evaluation set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()
    print(f"threshold {args.threshold}")
    if not DATASET_DIR.is_dir():
        print(f"Held-out sets skipped: {DATASET_DIR} is missing (expected ../shared beside the repo)")
    else:
        for name in HELD_OUT_FILES:
            report(f"held-out {name.split('.')[0]}", held_out_rows(name), args.threshold)
        report("PROXY cb-clean", cb_clean_proxy(), args.threshold)
    report("news sentences", read_jsonl(NEWS_PATH), args.threshold)


if __name__ == "__main__":
    main()
