"""The fine-tuned check-worthiness detector: the shipped encoder and its linear head.

The encoder (int8 ONNX) and tokenizer are package data whose sha256 the manifest
(data/detector_model.json) records; both are checked when the encoder loads, once per process,
lazily on first use. A head is 384 weights and a bias over the pooled embedding: the shipped one
is data/detector_head.json; a newsroom may train its own (annotator/services/detector.py) and
pass it to score().
"""
from __future__ import annotations

import functools
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy, onnxruntime and tokenizers load with the encoder, on first use
    import numpy as np

    from annotator.text.encoder import Encoder

DATA_DIR = Path(__file__).with_name("data")
MANIFEST_PATH = DATA_DIR / "detector_model.json"
ENCODER_FILE, TOKENIZER_FILE, HEAD_FILE = "detector_encoder.onnx", "detector_tokenizer.json", "detector_head.json"

_load_lock = threading.Lock()
_settings = {"threads": 1}
_loaded: list[Encoder] = []  # at most one encoder per process


@dataclass(frozen=True, eq=False)
class Head:
    """A logistic-regression head over pooled embeddings."""

    weights: np.ndarray
    bias: float

    def logits(self, embeddings: np.ndarray) -> np.ndarray:
        """Return one logit per embedding row."""
        import numpy as np

        return embeddings.astype(np.float64) @ self.weights + self.bias

    def to_json(self) -> dict:
        """Return the head as a JSON-ready mapping (the format of detector_head.json)."""
        return {"format": 1, "weights": [round(float(w), 7) for w in self.weights], "bias": round(self.bias, 7)}

    @classmethod
    def from_json(cls, stored: dict) -> "Head":
        """Build a head from its JSON mapping; raise ValueError when it is malformed."""
        import numpy as np

        weights = np.asarray(stored.get("weights", []), dtype=np.float64)
        if weights.ndim != 1 or weights.size == 0 or not np.isfinite(weights).all():
            raise ValueError("a detector head needs a list of finite weights")
        return cls(weights, float(stored.get("bias", 0.0)))


def threads() -> int:
    """Return the intra-op threads an encoder of this process gets."""
    return _settings["threads"]


def set_threads(threads: int) -> None:
    """Bound the encoder's intra-op threads; takes effect if the encoder has not loaded yet."""
    _settings["threads"] = max(1, int(threads))


@functools.cache
def manifest() -> dict:
    """Return the shipped model's manifest: provenance, training data, settings, file hashes."""
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


def encoder() -> Encoder:
    """Return the process's encoder, loading it (hashes checked) on first use."""
    if not _loaded:
        with _load_lock:
            if not _loaded:
                _loaded.append(_load_encoder(_settings["threads"]))
    return _loaded[0]


def _load_encoder(threads: int) -> Encoder:
    """Read the encoder's files, check their hashes and start an onnxruntime session."""
    from annotator.text.encoder import Encoder, check_sha256

    hashes = manifest()["files"]
    model = check_sha256(DATA_DIR / ENCODER_FILE, hashes[ENCODER_FILE])
    tokenizer = check_sha256(DATA_DIR / TOKENIZER_FILE, hashes[TOKENIZER_FILE])
    return Encoder(model, tokenizer, threads)


@functools.cache
def shipped_head() -> Head:
    """Return the head trained with the encoder, as shipped."""
    from annotator.text.encoder import check_sha256

    data = check_sha256(DATA_DIR / HEAD_FILE, manifest()["files"][HEAD_FILE])
    return Head.from_json(json.loads(data))


def embed(texts: list[str]) -> np.ndarray:
    """Return the pooled embeddings of texts."""
    return encoder().embed(texts)


def logits(texts: list[str], head: Head | None = None) -> np.ndarray:
    """Return the detector's logit for each text, with the shipped head unless one is given."""
    return (head or shipped_head()).logits(embed(texts))
