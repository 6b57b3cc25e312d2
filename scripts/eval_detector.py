"""Evaluate the shipped check-worthiness scorer.

Prints precision, recall and F1 at the threshold, and average precision, on
(a) the held-out split of ../shared/datasets/claims-train (texts whose sha1 mod 5 is 0,
never trained on), separately for train_cb (crowd labels) and train_ct19 (fact-checked or not);
(b) 600 of those held-out train_cb sentences with OUR labels (scripts/detector_data/
cb_relabels.jsonl, split "held-out"): each labelled independently by two of us following
scripts/detector_data/LABELLING.md, the crowd's label breaking the 5% of ties. This is our
stand-in for expert-labelled debate sentences; it is not ClaimBuster's expert set;
(c) the held-out articles of the news we wrote (scripts/detector_data/news_written.jsonl,
articles whose id hashes into the held-out split), and tests/data/news_sentences.jsonl, news
prose written earlier for the tests and never trained on;
(d) the CLEF 2019 CheckThat! Task 1 TEST debates we store (scripts/detector_data/eval/, for
evaluation only), less any sentence also found in the training files; and the held-out CLEF
rows again, debate by debate. CLEF figures come two ways: "pooled" ranks every sentence of all
debates together; "per debate" is the lab's own measure (MAP: the AP of each debate's ranking,
averaged over debates);
(e) the sample article ../shared/samples/aleppo-ceasefire.txt, scored in context through
suggest_claims, against our labels of its sentences (scripts/detector_data/
sample_article_labels.jsonl, by the sha1 of each sentence: 1 = clearly check-worthy, 0 = not,
null = unclear, left out).
Each text of (a)-(d) is scored as one sentence (score_sentences, one encoder run per set).
Besides the figures at the threshold, each line gives the best recall reached at a precision of
at least 0.80 (the news bar of issue 16).

    python scripts/eval_detector.py [--threshold 0.5]
"""

import argparse
import hashlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotator.text.checkworthiness import DEFAULT_THRESHOLD, score_sentences, suggest_claims  # noqa: E402
from detector_sets import (  # noqa: E402
    DATASET_DIR,
    DETECTOR_DATA,
    clef_test_debates,
    SHARED,
    RELABELS_PATH,
    TRAINING_FILES,
    is_held_out,
    load_rows,
    news_rows,
    read_jsonl,
    training_texts,
    unseen,
)

NEWS_PATH = REPO / "tests" / "data" / "news_sentences.jsonl"
SAMPLE_PATH = SHARED / "samples" / "aleppo-ceasefire.txt"
SAMPLE_LABELS = DETECTOR_DATA / "sample_article_labels.jsonl"
PRECISION_BAR = 0.80


def sha1_of(text: str) -> str:
    """Return the hex sha1 of a text's UTF-8 bytes: how the sample article's labels name its sentences."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def held_out_rows(name: str) -> list[dict]:
    """Return the rows of a training file that the model never saw."""
    return [row for row in load_rows(name) if is_held_out(row["text"])]


def our_held_out_labels() -> list[dict]:
    """Return the held-out train_cb sentences with our labels instead of the crowd's."""
    return [row for row in read_jsonl(RELABELS_PATH) if row["split"] == "held-out"]


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


def recall_at_precision(scores, labels, floor: float = PRECISION_BAR) -> float:
    """Return the best recall of any threshold (steps of 0.01) whose precision reaches floor."""
    reached = [precision_recall_f1(scores, labels, t / 100) for t in range(1, 100)]
    return max((recall for precision, recall, _ in reached if precision >= floor), default=0.0)


def report(name: str, rows: list[dict], threshold: float, scores: list[float] | None = None) -> None:
    """Score rows (unless scores are given) and print the figures for one evaluation set."""
    if scores is None:
        scores = [scored.score for scored in score_sentences([row["text"] for row in rows])]
    labels = [int(row["label"]) for row in rows]
    precision, recall, f1 = precision_recall_f1(scores, labels, threshold)
    ap = average_precision(scores, labels)
    best_t, best_f1 = best_threshold(scores, labels)
    print(
        f"{name:<22} n={len(rows):<5} pos={sum(labels):<4} P={precision:.3f} R={recall:.3f} "
        f"F1={f1:.3f} AP={ap:.3f}  (best F1 {best_f1:.3f} at {best_t:.2f}; "
        f"R@P>={PRECISION_BAR:.2f} {recall_at_precision(scores, labels):.3f})"
    )


def report_per_debate(name: str, debates: dict[str, list[dict]]) -> None:
    """Print the mean over debates of each debate's average precision (CLEF's MAP)."""
    texts = [row["text"] for rows in debates.values() for row in rows]
    scores = iter(scored.score for scored in score_sentences(texts))
    aps = []
    for rows in debates.values():
        debate_scores = [next(scores) for _ in rows]
        if any(row["label"] for row in rows):
            aps.append(average_precision(debate_scores, [row["label"] for row in rows]))
    print(f"{name:<22} {len(aps)} debates, mean AP per debate (MAP) {sum(aps) / max(len(aps), 1):.3f}: "
          + ", ".join(f"{ap:.3f}" for ap in aps))


def report_clef(threshold: float) -> None:
    """Print the CLEF 2019 figures: the stored test debates, and the held-out rows by debate."""
    trained = training_texts()
    test = {name: unseen(rows, trained) for name, rows in clef_test_debates().items()}
    report("CLEF-2019 test, pooled", [row for rows in test.values() for row in rows], threshold)
    report_per_debate("CLEF-2019 test", test)
    by_debate: dict[str, list[dict]] = {}
    for row in held_out_rows("train_ct19.jsonl"):
        by_debate.setdefault(row["source"], []).append(row)
    report_per_debate("held-out train_ct19", by_debate)


def report_sample(threshold: float) -> None:
    """Score the sample article in context and print its figures on the labelled sentences."""
    if not SAMPLE_PATH.is_file():
        print(f"Sample article skipped: {SAMPLE_PATH} is missing")
        return
    scored = {sha1_of(s.quote): s.score for s in suggest_claims(SAMPLE_PATH.read_text(encoding="utf-8"), 0.0)}
    # Matched by the sha1 of the sentence (the article is not ours to ship, so neither are its
    # sentences): a change to the sentence splitter can leave a labelled sentence unmatched.
    rows = [row for row in read_jsonl(SAMPLE_LABELS) if row["label"] is not None and row["sha1"] in scored]
    missing = sum(1 for row in read_jsonl(SAMPLE_LABELS) if row["sha1"] not in scored)
    if missing:
        print(f"sample article: {missing} labelled sentences no longer split as labelled, left out")
    report("sample article", rows, threshold, [scored[row["sha1"]] for row in rows])


def main() -> None:
    """Print the figures for every evaluation set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()
    print(f"threshold {args.threshold}")
    if not DATASET_DIR.is_dir():
        print(f"Held-out sets skipped: {DATASET_DIR} is missing (expected ../shared beside the repo)")
    else:
        for name in TRAINING_FILES:
            report(f"held-out {name.split('.')[0]}", held_out_rows(name), args.threshold)
        report_clef(args.threshold)
    report("held-out, our labels", our_held_out_labels(), args.threshold)
    report("news written, held-out", news_rows(held_out=True), args.threshold)
    report("news sentences (tests)", read_jsonl(NEWS_PATH), args.threshold)
    report_sample(args.threshold)


if __name__ == "__main__":
    main()
