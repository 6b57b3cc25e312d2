"""A time-boxed fuzz run of the text functions: hypothesis generates text from the adversarial
alphabet and steers (hypothesis.target) towards the inputs that cost the most CPU per character.
Each function must never raise and stay within a linear CPU budget on every input it is given.

The whole run takes ANNOTATOR_TEXT_FUZZ_SECONDS (30 by default), shared by the functions; CI runs it
with the rest of the suite.
"""
import gc
import os
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings, target
from hypothesis import strategies as st

from annotator.text.anchoring import Anchor, reanchor
from annotator.text.attribution import attribute_text
from annotator.text.claimant import find_claimant, spoken_content
from annotator.text.diff import readable_ops
from annotator.text.normalize import html_to_text, markdown_to_text, normalize_text
from annotator.text.sentences import split_sentences
from tests.text.adversarial import ALPHABET

FUZZ_SECONDS = float(os.environ.get("ANNOTATOR_TEXT_FUZZ_SECONDS", "30"))
# A linear budget: a fixed cost plus a cost per character, far above what any function needs
# (about 1-5 µs a character) and far below what a quadratic one spends on a few thousand.
FIXED_CPU, CPU_PER_CHAR = 0.05, 20e-6
pieces = st.sampled_from(ALPHABET) | st.text(alphabet="B. “”\"'*_[]()<>!?…,\n", max_size=8)
texts = st.lists(pieces, max_size=1000).map("".join)


def shuffled_diff(text):
    words = text.split(" ")
    random.Random(len(text)).shuffle(words)
    return readable_ops(text, " ".join(words))


def reanchor_all(text):
    if len(text) < 2:
        return []
    anchors = [Anchor(s, s + 1 + len(text) // 10, text[s:s + 1 + len(text) // 10]) for s in range(0, len(text) - 1, 97)]
    return reanchor(text, text[::-1][: len(text) // 3] + text, anchors)


TARGETS = {
    "normalize_text": normalize_text, "markdown_to_text": markdown_to_text, "html_to_text": html_to_text,
    "split_sentences": lambda t: split_sentences(normalize_text(t)),
    "find_claimant": find_claimant, "spoken_content": spoken_content,
    "attribute_text": lambda t: attribute_text(normalize_text(t), "A Byline"),
    "readable_ops": shuffled_diff, "reanchor": reanchor_all,
}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_fuzz_text_function_stays_linear(name):
    function, stop = TARGETS[name], time.monotonic() + FUZZ_SECONDS / len(TARGETS)

    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(texts)
    def run(text):
        if time.monotonic() > stop:
            return  # the time box is spent: the rest of this batch passes through
        gc.disable()  # a collection of the test run's garbage is not the function's cost
        try:
            started = time.thread_time()
            function(text)
            spent = time.thread_time() - started
        finally:
            gc.enable()
        target(spent / (len(text) + 100), label="CPU seconds per character")
        assert spent <= FIXED_CPU + CPU_PER_CHAR * len(text), f"{spent:.3f} s for {len(text):,} characters"

    run()
    while time.monotonic() < stop:
        run()
