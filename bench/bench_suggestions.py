"""Time the fine-tuned detector: model load, suggestions for 10,000 and 1,000 words, memory.

Builds articles from the news sentences of the tests, loads the encoder once (timed), then
times suggest_claims over five runs each and reports the growth of the process's resident
memory from an app that has not loaded the model to one that has suggested (the model's cost).

    python bench/bench_suggestions.py [--threads N]   # N defaults to DETECTOR_THREADS' default
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# onnxruntime writes under $XDG_CACHE_HOME on import: keep it out of HOME.
_home = tempfile.mkdtemp(prefix="bench-xdg-")
for _name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = os.path.join(_home, _name.lower())

from annotator.config import DEFAULTS  # noqa: E402
from annotator.text import detector  # noqa: E402
from annotator.text.checkworthiness import DEFAULT_THRESHOLD, suggest_claims  # noqa: E402

NEWS_PATH = REPO / "tests" / "data" / "news_sentences.jsonl"
RUNS = 5
TARGETS = {10_000: 1.0, 1_000: 0.15}  # words: seconds
LOAD_TARGET, RSS_TARGET_MB = 1.0, 150


def build_article(target_words: int = 10_000) -> str:
    """Return paragraphs of three news sentences, varied by a round number, until long enough."""
    with open(NEWS_PATH, encoding="utf-8") as handle:
        sentences = [json.loads(line)["text"] for line in handle if line.strip()]
    paragraphs, words, round_number = [], 0, 0
    while words < target_words:
        round_number += 1
        for i in range(0, len(sentences), 3):
            # Vary every copied sentence so that nothing keyed on whole sentences (the encoder runs
            # a text repeated in one call once) can flatter the timing.
            chunk = [s if round_number == 1 else f"Update {round_number}.{i}: {s}" for s in sentences[i : i + 3]]
            paragraphs.append(" ".join(chunk))
            words += sum(len(s.split()) for s in chunk)
            if words >= target_words:
                break
    return "\n\n".join(paragraphs)


def rss_mb() -> float:
    """Return this process's resident set size in MiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def time_suggestions(words: int) -> None:
    """Print best and mean wall time of suggest_claims on an article of about this many words."""
    article = build_article(words)
    timings, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        suggestions = suggest_claims(article, DEFAULT_THRESHOLD)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    # CPU time (all threads) tells what a run costs when the machine is shared and wall time lies.
    print(
        f"{len(article.split()):>6} words: {len(suggestions)} suggestions; best {min(timings):.3f} s, "
        f"mean {statistics.mean(timings):.3f} s over {RUNS} runs (target < {TARGETS[words]} s); "
        f"CPU time best {min(cpu):.3f} s"
    )


def main() -> None:
    """Print the load time, the suggestion timings and the memory the model costs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=DEFAULTS["DETECTOR_THREADS"])
    args = parser.parse_args()
    from annotator import create_app

    create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": "sqlite://"})
    before = rss_mb()
    detector.set_threads(args.threads)
    started = time.perf_counter()
    detector.encoder()
    detector.shipped_head()
    print(f"model load: {time.perf_counter() - started:.3f} s (target < {LOAD_TARGET} s)")
    for words in TARGETS:
        time_suggestions(words)
    print(f"resident memory: {before:.0f} MiB before the model, {rss_mb():.0f} MiB after suggesting "
          f"(+{rss_mb() - before:.0f} MiB; target < {RSS_TARGET_MB})")
    print(f"intra-op threads {args.threads}; os.cpu_count() = {os.cpu_count()}; "
          f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
