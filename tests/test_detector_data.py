"""The detector's own labelled data: its splits stay honest and the shipped model matches it."""

import hashlib
import sys
from collections import Counter
from pathlib import Path

import pytest

from annotator.text import detector

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from detector_sets import (  # noqa: E402
    DATASET_DIR,
    DETECTOR_DATA,
    NEWS_PATH,
    RELABELS_PATH,
    clef_test_debates,
    is_held_out,
    is_validation,
    news_rows,
    read_jsonl,
    training_texts,
    unseen,
)

MANIFEST = detector.manifest()


@pytest.fixture(scope="module")
def relabelled():
    return read_jsonl(RELABELS_PATH)


def test_our_labels_follow_the_hash_split(relabelled):
    # Held-out rows are never trained on; the threshold is chosen on validation rows only.
    split_of = {"held-out": is_held_out, "validation": is_validation, "training": lambda text: not is_held_out(text)}
    for row in relabelled:
        assert split_of[row["split"]](row["text"]), row


def test_our_labels_are_binary_and_unique(relabelled):
    assert {row["label"] for row in relabelled} == {0, 1}
    assert max(Counter(row["text"] for row in relabelled).values()) == 1


def test_held_out_labels_were_given_twice(relabelled):
    held_out = [row for row in relabelled if row["split"] == "held-out"]
    assert len(held_out) == 600
    assert all(row["labellers"] == 2 for row in held_out)


def test_written_news_splits_by_article():
    trained, held_out = news_rows(held_out=False), news_rows(held_out=True)
    assert trained and held_out
    assert not {row["article"] for row in trained} & {row["article"] for row in held_out}
    rows = trained + held_out
    assert {row["label"] for row in rows} == {0, 1}
    assert max(Counter(row["text"] for row in rows).values()) == 1


@pytest.mark.parametrize(("key", "path"), [("relabels", RELABELS_PATH), ("news", NEWS_PATH)])
def test_shipped_model_was_trained_on_the_data_in_the_repo(key, path):
    # Editing the labelled data without retraining (scripts/train_detector.py) fails here.
    assert MANIFEST["data"][key]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_shipped_files_match_the_hashes_the_runtime_checks():
    for name, expected in MANIFEST["files"].items():
        assert hashlib.sha256((detector.DATA_DIR / name).read_bytes()).hexdigest() == expected, name


def test_no_held_out_sentence_was_trained_on():
    # The trainer reads only the training split; its manifest says how many rows it kept.
    counts = MANIFEST["data"]["counts"]
    trained = [row for row in news_rows(held_out=False) if not is_validation(row["text"])]
    assert counts["news"]["rows"] == len(trained)


def test_sample_article_labels_are_zero_one_or_unclear():
    rows = read_jsonl(DETECTOR_DATA / "sample_article_labels.jsonl")
    assert {row["label"] for row in rows} == {0, 1, None}


def test_sample_article_labels_name_sentences_by_hash_not_by_text():
    # The article is not ours to ship: only a sha1 and the first four words of each sentence.
    rows = read_jsonl(DETECTOR_DATA / "sample_article_labels.jsonl")
    assert all(set(row) == {"index", "sha1", "opening", "label", "speaker"} for row in rows)
    assert all(len(row["sha1"]) == 40 and len(row["opening"].split()) <= 4 for row in rows)
    assert len({row["sha1"] for row in rows}) == len(rows)


def test_clef_test_debates_are_stored_whole_with_binary_labels():
    debates = clef_test_debates()
    assert set(debates) == {"20180131_state_union", "20181015_60_min", "20190205_trump_state", "20190215_trump_emergency"}
    for rows in debates.values():
        assert [row["line"] for row in rows] == list(range(1, len(rows) + 1))
        assert {row["label"] for row in rows} == {0, 1}
        assert all(row["text"] and '""' not in row["text"] for row in rows)  # CSV quoting undone


def test_the_trainer_never_reads_the_evaluation_sets():
    source = (Path(__file__).resolve().parents[1] / "scripts" / "train_detector.py").read_text(encoding="utf-8")
    assert not any(word in source for word in ("EVAL_DIR", "clef_test", "detector_data/eval"))


@pytest.mark.skipif(not DATASET_DIR.is_dir(), reason="no ../shared/datasets/claims-train")
def test_evaluation_drops_the_sentences_of_the_training_files():
    trained = training_texts()
    for rows in clef_test_debates().values():
        kept = unseen(rows, trained)
        assert 0 < len(kept) < len(rows)
        assert sum(row["label"] for row in kept) == sum(row["label"] for row in rows)
        assert not {row["text"].strip() for row in kept} & trained
