"""Every text function is linear in its input: doubling an adversarial input at most about
doubles the time (see growth.py). The inputs are the ones that once backtracked or went quadratic.

Each function is measured in a fresh interpreter (`python -m tests.text.test_linear_time NAME`):
late in a suite run, the threads and heap that earlier tests leave in the process showed in the
timings (a linear case measured x3.2 and x3.3 a doubling in two clean-clone CI runs, x2.1 alone).
"""
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.text.anchoring import Anchor, reanchor
from annotator.text.attribution import attribute_text
from annotator.text.claimant import find_claimant, spoken_content
from annotator.text.diff import diff_ops, readable_ops
from annotator.text.normalize import html_to_text, markdown_to_text, normalize_text, paragraphs
from annotator.text.sentences import split_sentences
from annotator.text.spans import fragments_of_ranges, quote_at
from tests.text.adversarial import MAKERS, article, mixed
from tests.text.growth import MAX_RATIO, growth_ratio

START_SIZE = 20_000
PAYLOADS = {**MAKERS, "mixed": mixed, "article": article}


def shuffled(text, seed=0):
    """Return text with its sentences (or, with none, its words) in another order: the worst diff."""
    pieces = [s.text for s in split_sentences(text)] if text.count(". ") > 2 else text.split(" ")
    random.Random(seed).shuffle(pieces)
    return " ".join(pieces)


def edited(text, seed=0):
    """Return text with about one word in twenty replaced."""
    rng = random.Random(seed)
    words = text.split(" ")
    for _ in range(len(words) // 20):
        words[rng.randrange(len(words))] = "zz"
    return " ".join(words)


def anchors_in(text, count=20, size=40):
    """Return count anchors on text, short and long, spread over it."""
    rng, anchors = random.Random(2), []
    for _ in range(count):
        start = rng.randrange(max(1, len(text) - size))
        end = min(len(text), start + rng.choice((1, 8, size)))
        quote = quote_at(text, start, end)
        anchors.append(Anchor(start, end, quote.exact, quote.prefix, quote.suffix))
    return anchors


def paragraphs_shuffled(text, seed=1):
    paragraph_list = text.split("\n\n")
    random.Random(seed).shuffle(paragraph_list)
    return "\n\n".join(paragraph_list)


def fragments_of(text, spans):
    return fragments_of_ranges(text, paragraphs(text), spans)


def with_spans(text):
    return text, [(i, a.start, a.end) for i, a in enumerate(anchors_in(text, count=max(1, len(text) // 500)))]


MARKUP = {"emphasis", "underscores", "links", "link_targets", "brackets", "nested_tags", "open_tags", "open_attributes",
          "comments", "declarations", "space_run", "space_lines", "blank_space_lines", "newlines", "mixed"}
SENTENCE_LEVEL = set(PAYLOADS) - {"comments", "declarations", "open_tags", "open_attributes", "nested_tags"}
# name: (function, how its arguments are made from a text, which payloads, canonical text first)
FUNCTIONS = {
    "normalize_text": (normalize_text, lambda t: (t,), set(PAYLOADS), False),
    "markdown_to_text": (markdown_to_text, lambda t: (t,), MARKUP, False),
    "html_to_text": (html_to_text, lambda t: (t,), MARKUP | {"short_quotes", "according"}, False),
    "split_sentences": (split_sentences, lambda t: (t,), SENTENCE_LEVEL, True),
    "find_claimant": (find_claimant, lambda t: (t,), SENTENCE_LEVEL, True),
    "spoken_content": (spoken_content, lambda t: (t,), SENTENCE_LEVEL, True),
    "attribute_text": (attribute_text, lambda t: (t, "A Byline"), SENTENCE_LEVEL, True),
    "diff_ops of a shuffled revision": (diff_ops, lambda t: (t, shuffled(t)), SENTENCE_LEVEL, True),
    "readable_ops of a shuffled revision": (readable_ops, lambda t: (t, shuffled(t)), {"article", "mixed", "short_sentences"}, True),
    "diff_ops of shuffled paragraphs": (diff_ops, lambda t: (t, paragraphs_shuffled(t)), {"article", "mixed", "newlines"}, True),
    "reanchor after an edit": (reanchor, lambda t: (t, edited(t), anchors_in(t)), SENTENCE_LEVEL, True),
    "fragments_of_ranges": (fragments_of, with_spans, {"article", "mixed", "newlines", "short_sentences"}, True),
}


def maker(payload, arguments, canonical):
    """Return n -> the function's arguments for about n characters of the payload."""
    make = PAYLOADS[payload]
    return lambda n: arguments((normalize_text(make(n)) or "x") if canonical else make(n))


def slow_payloads(name):
    """Return a description of each payload on which the function named grows faster than linearly."""
    function, arguments, payloads, canonical = FUNCTIONS[name]
    slow = []
    for payload in sorted(payloads):
        ratio, size = growth_ratio(function, maker(payload, arguments, canonical), START_SIZE)
        if ratio > MAX_RATIO:
            slow.append(f"{payload}: x{ratio:.1f} a doubling from {size:,} to {4 * size:,} characters")
    return slow


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_doubling_the_input_at_most_doubles_the_time(name):
    measured = subprocess.run([sys.executable, "-m", "tests.text.test_linear_time", name],
                              cwd=Path(__file__).parents[2], capture_output=True, text=True, timeout=600)
    assert measured.returncode == 0, measured.stderr
    slow = json.loads(measured.stdout)
    assert not slow, f"{name} grows faster than linearly on: " + "; ".join(slow)


if __name__ == "__main__":
    print(json.dumps(slow_payloads(sys.argv[1])))
