"""Turn sentences into embeddings with the shipped int8 ONNX sentence encoder.

Runs with onnxruntime, tokenizers and numpy only (no torch). The encoder maps token ids to a
mean-pooled 384-dimensional vector; the linear head that turns it into a score is kept apart
(annotator/text/detector_head.py) so a newsroom's own decisions can retrain it in numpy.
"""

import hashlib
from pathlib import Path

import numpy as np

MAX_TOKENS = 128  # as in training; longer sentences are cut
# Padded tokens per run: sentences sorted by length keep padding small, and a small batch keeps
# the activations (and so the memory onnxruntime holds on to) small at no cost in speed.
BATCH_TOKENS = 512


class ModelFileError(RuntimeError):
    """A shipped model file is missing or does not match its recorded sha256."""


def check_sha256(path: Path, expected: str) -> bytes:
    """Return a file's bytes once they hash to expected; raise ModelFileError otherwise."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ModelFileError(f"cannot read {path}: {error}") from error
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise ModelFileError(f"{path} has sha256 {actual}, expected {expected}: reinstall the package")
    return data


class Encoder:
    """An ONNX sentence encoder and its tokenizer, loaded once."""

    def __init__(self, model: bytes | Path, tokenizer: bytes | Path, threads: int = 1):
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = max(1, int(threads))
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        # Idle threads sleep instead of spinning: on a shared machine spinning steals the cores.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        source = model if isinstance(model, bytes) else str(model)
        self.session = onnxruntime.InferenceSession(source, options, providers=["CPUExecutionProvider"])
        raw = tokenizer if isinstance(tokenizer, bytes) else Path(tokenizer).read_bytes()
        self.tokenizer = Tokenizer.from_str(raw.decode("utf-8"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.input_names = {item.name for item in self.session.get_inputs()}

    def embed(self, texts: list[str]) -> np.ndarray:
        """Return one pooled embedding per text, in order, as a (len(texts), dim) float32 array."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # A text repeated in one call (a dateline, a standing line, a quote said twice) runs once.
        unique = list(dict.fromkeys(texts))
        ids = [encoding.ids for encoding in self.tokenizer.encode_batch(unique)]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        result = np.empty((len(ids), self.dimension), dtype=np.float32)
        for chunk in _length_batches(order, ids):
            result[chunk] = self._run([ids[i] for i in chunk])
        if len(unique) == len(texts):
            return result
        row_of = {text: row for row, text in enumerate(unique)}
        return result[[row_of[text] for text in texts]]

    @property
    def dimension(self) -> int:
        """Return the size of an embedding."""
        return int(self.session.get_outputs()[0].shape[-1] or 384)

    def _run(self, batch: list[list[int]]) -> np.ndarray:
        """Run the encoder on one batch of token ids, padded to the longest."""
        width = max(len(ids) for ids in batch)
        input_ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1
        feed = {"input_ids": input_ids, "attention_mask": mask}
        if "token_type_ids" in self.input_names:
            feed["token_type_ids"] = np.zeros_like(input_ids)
        output = self.session.run(None, feed)[0]
        if output.ndim == 2:  # the model pools itself
            return output
        # A plain sentence-transformers export gives per-token states: mean-pool over the real tokens.
        weights = mask[:, :, None].astype(np.float32)
        return (output * weights).sum(axis=1) / weights.sum(axis=1)


def _length_batches(order: list[int], ids: list[list[int]]):
    """Yield runs of indices (shortest first) whose padded size stays within BATCH_TOKENS."""
    chunk: list[int] = []
    for index in order:
        # order is sorted by length, so the newest index sets the padded width
        if chunk and (len(chunk) + 1) * len(ids[index]) > BATCH_TOKENS:
            yield chunk
            chunk = []
        chunk.append(index)
    if chunk:
        yield chunk
