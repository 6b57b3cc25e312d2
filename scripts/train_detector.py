"""Train the check-worthiness model shipped in annotator/text/data/.

Trains a logistic regression over hashed word, bigram and character n-gram features plus
the heuristic signals of annotator.text.checkworthiness, on
- the training split of ../shared/datasets/claims-train (train_cb.jsonl, train_ct19.jsonl);
  rows whose text hashes into the held-out split (see is_held_out) are never trained on;
- our own labels of 2,100 of those train_cb sentences (scripts/detector_data/cb_relabels.jsonl,
  split "training" and "validation"): where we relabelled a sentence, our label replaces the
  crowd's; and
- news sentences written and labelled for this project (scripts/detector_data/news_written.jsonl),
  except the held-out articles (is_held_out on the article id).
The decision threshold is chosen first: a model trained without the validation rows
(is_validation, a different slice of the training split) picks the threshold with the best F1
on the train_cb validation sentences (our label where we gave one, the crowd's elsewhere); then the shipped model is trained on the whole
training split, and its bias is shifted by the logit of that threshold so that the shipped score
crosses 0.5 where the chosen threshold was: 0.5 is the default threshold, as anyone reading a score
in [0, 1] expects. The shift changes no ranking. Full-batch Adam on a fixed order makes the run deterministic: the same data
gives the same weights.

    python scripts/train_detector.py
"""

import argparse
import base64
import gzip
import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotator.text import checkworthiness as cw  # noqa: E402
from detector_sets import (  # noqa: E402
    CB,
    CT19,
    DATASET_DIR,
    NEWS,
    NEWS_PATH,
    RELABELS_PATH,
    TRAINING_FILES,
    is_held_out,
    is_validation,
    load_rows,
    news_rows,
    relabels,
    require_dataset,
)

MANIFEST_PATH = cw.MODEL_PATH.with_name("checkworthiness_training.json")
SEED = 20240601
SHIPPED_THRESHOLD = 0.5  # the shipped bias is shifted so that the chosen threshold reads as this


def sentence_buckets(text: str) -> list[int]:
    """Return the feature buckets the runtime scorer reads for a text."""
    claimant = cw.find_claimant(text)
    return cw.all_buckets(cw.feature_names(text, cw.detect_signals(text, claimant)))


def build_matrix(rows: list[tuple[str, int, int]]):
    """Return sparse (indices, row ids) of the features, labels and each row's source."""
    indices, row_ids = [], []
    for row_id, (text, _, _) in enumerate(rows):
        buckets = sentence_buckets(text)
        indices.extend(buckets)
        row_ids.extend([row_id] * len(buckets))
    labels = np.array([label for _, label, _ in rows], dtype=np.float64)
    domains = np.array([domain for _, _, domain in rows], dtype=np.float64)
    return np.array(indices, dtype=np.int64), np.array(row_ids, dtype=np.int64), labels, domains


def train(matrix, args) -> tuple[np.ndarray, float]:
    """Fit weights and bias by full-batch Adam on weighted logistic loss with L2."""
    indices, row_ids, labels, domains = matrix
    count = len(labels)
    # Parameters: bucket weights, the bias, and an offset for CT19 rows only, so the
    # shipped bias keeps ClaimBuster's base rate while CT19 still teaches the ranking.
    weights, bias, offset = np.zeros(cw.BUCKETS), 0.0, 0.0
    sample_weight = np.choose(domains.astype(np.int64), [1.0, args.ct19_weight, args.news_weight])
    sample_weight /= sample_weight.mean()
    domains = (domains == CT19).astype(np.float64)
    moments = [np.zeros(cw.BUCKETS + 2), np.zeros(cw.BUCKETS + 2)]
    for step in range(1, args.steps + 1):
        logits = np.bincount(row_ids, weights=weights[indices], minlength=count)
        logits += bias + offset * domains
        error = (1 / (1 + np.exp(-logits)) - labels) * sample_weight / count
        grad_w = np.bincount(indices, weights=error[row_ids], minlength=cw.BUCKETS)
        grad_w += args.l2 * weights
        grad = np.concatenate([grad_w, [error.sum(), (error * domains).sum()]])
        update = _adam(grad, moments, step, args.rate)
        weights -= update[:-2]
        bias -= update[-2]
        offset -= update[-1]
        if step % 50 == 0:
            loss = np.mean(sample_weight * np.logaddexp(0, -logits * (2 * labels - 1)))
            print(f"step {step}: loss {loss:.4f}", flush=True)
    return weights, float(bias)


def _adam(grad: np.ndarray, moments: list[np.ndarray], step: int, rate: float) -> np.ndarray:
    """Return one Adam update and advance the moment estimates in place."""
    moments[0] = 0.9 * moments[0] + 0.1 * grad
    moments[1] = 0.999 * moments[1] + 0.001 * grad**2
    first = moments[0] / (1 - 0.9**step)
    second = moments[1] / (1 - 0.999**step)
    return rate * first / (np.sqrt(second) + 1e-8)


def save_model(weights: np.ndarray, bias: float, manifest: dict) -> None:
    """Write int16-quantised weights, little-endian and base64, into gzip JSON."""
    scale = float(np.abs(weights).max()) / 32767 or 1.0
    quantised = np.round(weights / scale).astype("<i2")
    stored = {
        "format": 1,
        "buckets": cw.BUCKETS,
        "bias": round(bias, 6),
        "scale": scale,
        "weights": base64.b64encode(quantised.tobytes()).decode("ascii"),
        "training": manifest,
    }
    payload = json.dumps(stored, sort_keys=True).encode("utf-8")
    cw.MODEL_PATH.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    MANIFEST_PATH.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def describe_training(counts: dict, args, chosen: float) -> dict:
    """Return the manifest: the exact files, their hashes, the split and settings."""
    files = []
    for name in TRAINING_FILES:
        files.append({"path": f"shared/datasets/claims-train/{name}", "sha256": _sha256(DATASET_DIR / name), **counts[name]})
    return {
        "files": files,
        "held_out": "rows with int(sha1(text)[:12], 16) % 5 == 0 are never trained on",
        "threshold": SHIPPED_THRESHOLD,
        "validation": "rows with int(sha1(text)[:12], 16) % 5 == 1 choose the threshold "
        "(best F1 on their train_cb part, our label where we gave one), then join the training rows",
        "chosen_threshold": chosen,
        "calibration": f"bias shifted by -logit({chosen}) so that scores cross {SHIPPED_THRESHOLD} "
        "where the chosen threshold was",
        "seed": SEED,
        "relabels": {
            "path": str(RELABELS_PATH.relative_to(REPO)),
            "sha256": _sha256(RELABELS_PATH),
            **counts["relabels"],
        },
        "news": {"path": str(NEWS_PATH.relative_to(REPO)), "sha256": _sha256(NEWS_PATH), **counts["news"]},
        "settings": {
            "steps": args.steps,
            "rate": args.rate,
            "l2": args.l2,
            "ct19_weight": args.ct19_weight,
            "news_weight": args.news_weight,
        },
    }


def _sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def training_rows() -> tuple[list[tuple[str, int, int]], dict]:
    """Return (text, label, source) of every training row, and counts per source."""
    ours = {text: label for text, label in relabels().items() if not is_held_out(text)}
    rows, counts = [], {}
    for domain, name in enumerate(TRAINING_FILES):
        # Our labels judge check-worthiness, as the crowd's do; CT19's say "fact-checked", so they stay.
        mine = ours if domain == CB else {}
        kept = [(r["text"], mine.get(r["text"], int(r["label"])), domain) for r in load_rows(name)]
        kept = [row for row in kept if not is_held_out(row[0])]
        counts[name] = {"trained_rows": len(kept), "positives": sum(label for _, label, _ in kept)}
        rows.extend(kept)
    counts["relabels"] = {"relabelled_training_rows": len(ours), "positives": sum(ours.values())}
    news = [(r["text"], int(r["label"]), NEWS) for r in news_rows(held_out=False)]
    counts["news"] = {"trained_rows": len(news), "positives": sum(label for _, label, _ in news)}
    return rows + news, counts


def choose_threshold(rows: list[tuple[str, int, int]], args) -> float:
    """Train without the validation rows; return the best-F1 threshold on the CB validation rows.

    Those rows carry our label where we gave one (cb_relabels.jsonl) and the crowd's elsewhere:
    our 300 alone are too few to pick a stable threshold.
    """
    fit = [row for row in rows if not is_validation(row[0])]
    check = [row for row in rows if is_validation(row[0]) and row[2] == CB]
    print(f"choosing the threshold: training on {len(fit)} rows, validating on {len(check)}", flush=True)
    weights, bias = train(build_matrix(fit), args)
    indices, row_ids, labels, _ = build_matrix(check)
    logits = np.bincount(row_ids, weights=weights[indices], minlength=len(labels)) + bias
    scores = 1 / (1 + np.exp(-logits))
    best = max((_f1(scores >= t / 100, labels), t / 100) for t in range(5, 96))
    print(f"validation: best F1 {best[0]:.3f} at threshold {best[1]:.2f}", flush=True)
    return best[1]


def _f1(predicted: np.ndarray, labels: np.ndarray) -> float:
    """Return the F1 of boolean predictions against 0/1 labels."""
    true_pos = float((predicted & (labels == 1)).sum())
    return 2 * true_pos / max(float(predicted.sum() + labels.sum()), 1.0)


def main() -> None:
    """Choose the threshold, train on the training split, write the model and its manifest."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--rate", type=float, default=0.02)
    parser.add_argument("--l2", type=float, default=3e-3)
    parser.add_argument("--ct19-weight", type=float, default=1.0)
    parser.add_argument("--news-weight", type=float, default=2.0)
    args = parser.parse_args()
    require_dataset()
    np.random.seed(SEED)  # nothing draws at random today; fixed in case something does
    rows, counts = training_rows()
    threshold = choose_threshold(rows, args)
    print(f"training on {len(rows)} rows", flush=True)
    weights, bias = train(build_matrix(rows), args)
    shift = math.log(threshold / (1 - threshold)) - math.log(SHIPPED_THRESHOLD / (1 - SHIPPED_THRESHOLD))
    save_model(weights, bias - shift, describe_training(counts, args, threshold))
    print(f"wrote {cw.MODEL_PATH} ({cw.MODEL_PATH.stat().st_size / 1024:.0f} KiB)")
    if SHIPPED_THRESHOLD != cw.DEFAULT_THRESHOLD:
        print(f"NOTE: set DEFAULT_THRESHOLD = {SHIPPED_THRESHOLD} in annotator/text/checkworthiness.py")


if __name__ == "__main__":
    main()
