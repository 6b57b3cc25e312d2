"""The detector's data: where it lives, how it splits, and our own labelled sets.

Kept apart from train_detector.py (which needs numpy) so that the evaluation script and the
tests can read the same split without it. The split lives only here.
"""

import csv
import hashlib
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# ../shared beside the checkout; ANNOTATOR_SHARED_DIR points elsewhere (a git worktree, say).
SHARED = Path(os.environ.get("ANNOTATOR_SHARED_DIR", REPO.parent / "shared"))
DATASET_DIR = SHARED / "datasets" / "claims-train"
TRAINING_FILES = ("train_cb.jsonl", "train_ct19.jsonl")
DETECTOR_DATA = REPO / "scripts" / "detector_data"
RELABELS_PATH = DETECTOR_DATA / "cb_relabels.jsonl"
NEWS_PATH = DETECTOR_DATA / "news_written.jsonl"
# For evaluation only: never read by scripts/train_detector.py, never used to choose a threshold.
EVAL_DIR = DETECTOR_DATA / "eval"
CLEF_TEST_GLOB = "clef2019_test_*.tsv"
CB, CT19, NEWS = 0, 1, 2  # the source of a training row
HELD_OUT_EVERY = 5


def is_held_out(text: str) -> bool:
    """Tell whether a text belongs to the held-out split: sha1 of its UTF-8 text mod 5 == 0."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
    return int(digest[:12], 16) % HELD_OUT_EVERY == 0


def is_validation(text: str) -> bool:
    """Tell whether a training-split text is kept aside to choose the threshold (sha1 mod 5 == 1)."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
    return int(digest[:12], 16) % HELD_OUT_EVERY == 1


def require_dataset() -> None:
    """Exit with a clear message when ../shared/datasets/claims-train is missing."""
    missing = [name for name in TRAINING_FILES if not (DATASET_DIR / name).is_file()]
    if missing:
        sys.exit(f"Training data missing: {', '.join(missing)} not found in {DATASET_DIR}")


def load_rows(name: str) -> list[dict]:
    """Read one training file of ../shared/datasets/claims-train."""
    return read_jsonl(DATASET_DIR / name)


def read_jsonl(path: Path) -> list[dict]:
    """Read a JSON Lines file."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def relabels(split: str | None = None) -> dict[str, int]:
    """Return our labels of train_cb sentences by text, for one split or all of them."""
    return {r["text"]: int(r["label"]) for r in read_jsonl(RELABELS_PATH) if split in (None, r["split"])}


def news_rows(held_out: bool) -> list[dict]:
    """Return the written news sentences of the training articles, or of the held-out ones."""
    return [r for r in read_jsonl(NEWS_PATH) if is_held_out(r["article"]) == held_out]


def clef_test_debates() -> dict[str, list[dict]]:
    """Return the stored CLEF 2019 test debates by name, as rows of text and label (0 or 1).

    Each file is one debate of the lab's annotated test set as published (line, speaker, text,
    label; tab-separated with CSV quoting): see scripts/detector_data/README.md for provenance.
    """
    debates = {}
    for path in sorted(EVAL_DIR.glob(CLEF_TEST_GLOB)):
        with open(path, encoding="utf-8", newline="") as handle:
            lines = list(csv.reader(handle, delimiter="\t"))
        name = path.stem.removeprefix("clef2019_test_")
        debates[name] = [{"text": text, "label": int(label), "line": int(line)} for line, _, text, label in lines]
    return debates


def training_texts() -> set[str]:
    """Return every text of the training files (stripped), to keep evaluation sets apart from them."""
    return {row["text"].strip() for name in TRAINING_FILES for row in load_rows(name)}


def unseen(rows: list[dict], trained: set[str]) -> list[dict]:
    """Return the rows whose text is not in the training files."""
    return [row for row in rows if row["text"].strip() not in trained]
