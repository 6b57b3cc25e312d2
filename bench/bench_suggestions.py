"""Time suggest_claims on a ~10,000-word article built from the news sentences.

    python bench/bench_suggestions.py
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotator.text.checkworthiness import DEFAULT_THRESHOLD, suggest_claims  # noqa: E402

NEWS_PATH = REPO / "tests" / "data" / "news_sentences.jsonl"
TARGET_WORDS = 10_000
RUNS = 5


def build_article(target_words: int = TARGET_WORDS) -> str:
    """Return paragraphs of three news sentences, varied by a round number, until long enough."""
    with open(NEWS_PATH, encoding="utf-8") as handle:
        sentences = [json.loads(line)["text"] for line in handle if line.strip()]
    paragraphs, words, round_number = [], 0, 0
    while words < target_words:
        round_number += 1
        for i in range(0, len(sentences), 3):
            # Vary the copy so caches keyed on whole sentences cannot flatter the timing.
            chunk = [f"{s} (Update {round_number}.{i})" if i % 2 else s for s in sentences[i : i + 3]]
            paragraphs.append(" ".join(chunk))
            words += sum(len(s.split()) for s in chunk)
            if words >= target_words:
                break
    return "\n\n".join(paragraphs)


def main() -> None:
    """Print best and mean wall time of suggest_claims over five runs."""
    article = build_article()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        suggestions = suggest_claims(article, DEFAULT_THRESHOLD)
        timings.append(time.perf_counter() - started)
    print(f"article: {len(article.split())} words, {len(article)} characters")
    print(f"suggestions: {len(suggestions)}")
    print(f"suggest_claims: best {min(timings):.3f} s, mean {statistics.mean(timings):.3f} s over {RUNS} runs")
    print(f"first run (loads the model): {timings[0]:.3f} s; os.cpu_count() = {os.cpu_count()}")
    print("target: under 0.5 s")


if __name__ == "__main__":
    main()
