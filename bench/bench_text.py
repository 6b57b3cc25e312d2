"""Benchmark: every text function on 400,000 characters of each hostile input of the review.

Prints, per function, the slowest input and its CPU time (the bar: well under 1 s), and the core
count. The inputs are those of tests/text/adversarial.py. Run: python bench/bench_text.py [chars]
"""
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.text.attribution import attribute_text  # noqa: E402
from annotator.text.claimant import find_claimant, spoken_content  # noqa: E402
from annotator.text.checkworthiness import suggest_claims  # noqa: E402
from annotator.text.normalize import html_to_text, markdown_to_text, normalize_text  # noqa: E402
from annotator.text.sentences import split_sentences  # noqa: E402
from tests.text.adversarial import MAKERS, article, mixed  # noqa: E402
from tests.text.test_linear_time import anchors_in, edited, reanchor, readable_ops, shuffled  # noqa: E402

FUNCTIONS = {
    "normalize_text": (normalize_text, False), "markdown_to_text": (markdown_to_text, False),
    "html_to_text": (html_to_text, False), "split_sentences": (split_sentences, True),
    "find_claimant": (find_claimant, True), "spoken_content": (spoken_content, True),
    "attribute_text": (attribute_text, True), "suggest_claims (detector)": (suggest_claims, True),
    "readable_ops, shuffled": (lambda t: readable_ops(t, shuffled(t)), True),
    "reanchor 20 claims after an edit": (lambda t: reanchor(t, edited(t), anchors_in(t)), True),
}


def main(size):
    inputs = {**MAKERS, "mixed": mixed, "article": article}
    print(f"{size:,} characters of each of {len(inputs)} inputs; {os.cpu_count()} cores")
    for name, (function, canonical) in FUNCTIONS.items():
        worst = (0.0, "")
        for payload, make in inputs.items():
            text = make(size)
            text = (normalize_text(text) or "x") if canonical else text
            started = time.process_time()
            function(text)
            worst = max(worst, (time.process_time() - started, payload))
        print(f"{name:34} slowest {worst[1]:20} {worst[0]:.3f} s CPU")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400_000)
