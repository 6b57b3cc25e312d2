"""Properties of the text functions on text drawn from adversarial alphabets: initials, quotes,
runs of spaces, markup, capitalised words and punctuation runs."""
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.anchoring import Anchor, reanchor, similarity
from annotator.text.claimant import find_claimant, spoken_content
from annotator.text.diff import diff_ops, diff_segments
from annotator.text.lcs import diff_blocks
from annotator.text.normalize import html_to_text, markdown_to_text, normalize_text
from annotator.text.sentences import split_sentences
from annotator.text.spans import fragments, quote_at
from tests.text.adversarial import ALPHABET

pieces = st.sampled_from(ALPHABET) | st.text(alphabet="B. “”\"'*_[]()<>!?…,\n", max_size=6)
adversarial = st.lists(pieces, max_size=60).map("".join)
canonical = adversarial.map(normalize_text)
INVISIBLE = set("\u200b\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@given(adversarial)
def test_normalized_text_is_canonical_and_shows_what_it_holds(raw):
    text = normalize_text(raw)
    assert normalize_text(text) == text
    assert not INVISIBLE & set(text) and "\r" not in text and "\n\n\n" not in text


def test_bidi_controls_and_zero_width_spaces_go_and_joiners_stay():
    raw = "a\u202eb\u2066c\u2069\u200bd\ufeffe \u200d\u200c \u200e\u200f"
    assert normalize_text(raw) == "abcde \u200d\u200c \u200e\u200f"


@given(adversarial)
def test_markup_reduces_to_canonical_text(raw):
    for convert in (html_to_text, markdown_to_text):
        text = convert(raw)
        assert normalize_text(text) == text


def test_html_reader_keeps_what_a_browser_shows():
    html = '<p title="a > b">One <b>two</b></p><script>if (a < b) {}</script><p>Three<br/>four'
    assert html_to_text(html) == "One two\n\nThree\nfour"
    assert html_to_text("a <b unclosed") == "a"
    assert html_to_text("<!-- never closed <p>x") == ""


def test_markdown_emphasis_pairs_on_one_line_only():
    assert markdown_to_text("**a\nb** and **c**") == "**a\nb** and c"
    assert markdown_to_text("__a__ **b __c__** **d") == "a b __c__ **d"


@given(canonical)
def test_sentences_are_ordered_trimmed_slices_that_cover_every_word(text):
    sentences = split_sentences(text)
    covered = 0
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text == sentence.text.strip() != ""
        assert sentence.start >= covered
        assert not text[covered:sentence.start].strip()
        covered = sentence.end
    assert not text[covered:].strip()


@given(canonical, st.none() | st.just("Jane Doe"))
def test_a_claimant_is_words_of_the_sentence_or_the_previous_one(sentence, previous):
    claimant = find_claimant(sentence, previous)
    assert claimant is None or claimant == previous or all(w in sentence for w in claimant.split())


@given(canonical)
def test_spoken_content_is_the_sentence_or_words_quoted_in_it(sentence):
    content = spoken_content(sentence)
    assert content == sentence or all(word in sentence for word in content.split())


def rebuilt(old, new):
    parts = []
    for op in diff_ops(old, new):
        parts.append(old[op.old_start:op.old_end] if op.tag == "equal" else new[op.new_start:op.new_end])
        if op.tag == "equal":
            assert old[op.old_start:op.old_end] == new[op.new_start:op.new_end]
    return "".join(parts)


@given(canonical, canonical)
def test_diff_turns_any_text_into_any_other(old, new):
    assert rebuilt(old, new) == new
    segments = diff_segments(old, new)
    assert "".join(t for kind, t in segments if kind != "insert") == old


@given(st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=80), st.randoms(use_true_random=False))
def test_diff_of_a_shuffled_text_rebuilds_it(words, rng):
    old = normalize_text("".join(words))
    rng.shuffle(words)
    assert rebuilt(old, normalize_text("".join(words))) == normalize_text("".join(words))


@settings(max_examples=200)
@given(st.lists(st.sampled_from("abcde"), max_size=900), st.lists(st.sampled_from("abcde"), max_size=900))
def test_patience_blocks_are_a_common_subsequence(a, b):
    blocks = diff_blocks(a, b)
    assert blocks[-1] == (len(a), len(b), 0)
    at_a = at_b = 0
    for i, j, size in blocks:
        assert i >= at_a and j >= at_b and a[i:i + size] == b[j:j + size]
        at_a, at_b = i + size, j + size


@given(canonical, canonical, st.data())
def test_a_placed_claim_holds_its_quote_or_a_close_edit_of_it(old, edit, data):
    if not old.strip():
        return
    start = data.draw(st.integers(0, len(old) - 1))
    end = data.draw(st.integers(start + 1, len(old)))
    quote = quote_at(old, start, end)
    new = old[:start] + edit + old[start:]
    placement, = reanchor(old, new, [Anchor(start, end, quote.exact, quote.prefix, quote.suffix)])
    if placement.method == "fuzzy":
        assert similarity(quote.exact, new[placement.start:placement.end]) >= 0.85
    elif not placement.is_orphaned:
        assert new[placement.start:placement.end] == quote.exact


@given(canonical, st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300)), max_size=8))
def test_fragments_rebuild_the_text_whatever_the_spans(text, raw_spans):
    spans = [(i, min(a, b), max(a, b)) for i, (a, b) in enumerate(raw_spans) if min(a, b) < max(a, b) <= len(text)]
    assert "".join(f.text for f in fragments(text, 0, len(text), spans)) == text
