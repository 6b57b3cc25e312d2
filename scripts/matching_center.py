"""Write annotator/text/data/matching_center.json: the mean detector embedding of news
sentences, which "Checked before" subtracts before comparing detector embeddings.

The fine-tuned detector's embeddings all point much the same way (it was trained to tell claims
from the rest), so their raw cosine says little; centred on the mean of news sentences, what is left
tells claims apart. The mean comes from the project's own written news sentences
(scripts/detector_data/news_written.jsonl, every sentence), never from tests/data.
Usage: python scripts/matching_center.py
"""
import json
from pathlib import Path

from annotator.text import detector, matching

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "scripts" / "detector_data" / "news_written.jsonl"


def main():
    rows = [json.loads(line) for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [row["text"] for row in rows]
    center = detector.embed(texts).mean(axis=0)
    out = {"format": 1, "source": "scripts/detector_data/news_written.jsonl", "sentences": len(texts),
           "encoder_sha256": detector.manifest()["files"][detector.ENCODER_FILE],
           "center": [round(float(x), 6) for x in center]}
    matching.CENTER_PATH.write_text(json.dumps(out) + "\n", encoding="utf-8")
    print(f"{len(texts)} sentences -> {matching.CENTER_PATH}")


if __name__ == "__main__":
    main()
