"""Benchmark: re-anchor 1,000 claims on a 10,000-word article after a typical edit.

The edit: a few sentences changed, one paragraph added, one removed. The bar is under 1 s.
Run: python bench/bench_reanchor.py
"""
import os
import random
import time
from collections import Counter

from annotator.text.anchoring import Anchor, reanchor
from annotator.text.spans import quote_at

WORDS = ("council mayor budget roads schools police report million percent year said according "
         "city state river bridge housing taxes water election voters health hospital workers "
         "the a of in on and to for with by from more less than").split()


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    words.insert(rng.randrange(len(words)), str(rng.randint(2, 9999)))
    return " ".join(words).capitalize() + "."


def article(rng, words=10_000):
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return paragraphs


def claims(rng, text, count=1_000):
    anchors = []
    for _ in range(count):
        start = rng.randrange(len(text) - 200)
        start = text.rfind(" ", 0, start) + 1
        end = text.find(" ", start + rng.randint(20, 120))
        quote = quote_at(text, start, end)
        anchors.append(Anchor(start, end, quote.exact, quote.prefix, quote.suffix))
    return anchors


def edit(rng, paragraphs):
    paragraphs = list(paragraphs)
    for _ in range(4):  # a few sentences changed
        i = rng.randrange(len(paragraphs))
        sentences = paragraphs[i].split(". ")
        sentences[rng.randrange(len(sentences))] = sentence(rng).rstrip(".")
        paragraphs[i] = ". ".join(sentences)
    paragraphs.insert(rng.randrange(len(paragraphs)), " ".join(sentence(rng) for _ in range(4)))
    del paragraphs[rng.randrange(len(paragraphs))]
    return paragraphs


def main():
    rng = random.Random(7)
    paragraphs = article(rng)
    old = "\n\n".join(paragraphs)
    new = "\n\n".join(edit(rng, paragraphs))
    anchors = claims(rng, old)
    began = time.perf_counter()
    placements = reanchor(old, new, anchors)
    elapsed = time.perf_counter() - began
    assert all(p.is_orphaned or new[p.start:p.end] for p in placements)
    methods = Counter(p.method for p in placements)
    print(f"words={len(old.split())} claims={len(anchors)} characters={len(old)}")
    print(f"methods={dict(methods)}")
    print(f"reanchor_seconds={elapsed:.3f} (bar: < 1 s) cpu_count={os.cpu_count()}")


if __name__ == "__main__":
    main()
