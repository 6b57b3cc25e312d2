"""Quote selectors and highlight fragments: pure functions, no app."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.text.normalize import paragraphs
from annotator.text.spans import fragments, fragments_of_ranges, quote_at


def test_quote_with_context():
    text = "a" * 40 + "QUOTE" + "b" * 40
    quote = quote_at(text, 40, 45)
    assert (quote.exact, quote.prefix, quote.suffix) == ("QUOTE", "a" * 32, "b" * 32)


def test_quote_counts_code_points():
    assert quote_at("x🎉y", 1, 2).exact == "🎉"


@pytest.mark.parametrize("start,end", [(-1, 2), (2, 2), (3, 2), (0, 99)])
def test_quote_outside_the_text_is_refused(start, end):
    with pytest.raises(ValueError):
        quote_at("short", start, end)


def test_nested_and_overlapping_fragments():
    pieces = fragments("abcdefghij", 0, 10, [("outer", 1, 8), ("inner", 3, 5), ("cross", 6, 10)])
    assert [(p.text, p.span_ids) for p in pieces] == [
        ("a", ()), ("bc", ("outer",)), ("de", ("outer", "inner")), ("f", ("outer",)),
        ("gh", ("outer", "cross")), ("ij", ("cross",)),
    ]


spans_strategy = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 30)).map(sorted)
                          .filter(lambda se: se[0] < se[1]), max_size=12)


@given(st.text(min_size=30, max_size=30), spans_strategy)
def test_fragments_rebuild_the_text_and_know_their_spans(text, raw_spans):
    spans = [(i, s, e) for i, (s, e) in enumerate(raw_spans)]
    pieces = fragments(text, 0, len(text), spans)
    assert "".join(p.text for p in pieces) == text
    for piece in pieces:
        covering = {i for i, s, e in spans if s <= piece.start and piece.end <= e}
        assert set(piece.span_ids) == covering


def naive_fragments(text, start, end, spans):
    """The obvious way: every piece lists the spans covering it, in the order they open in the range."""
    cuts = sorted({start, end} | {min(max(x, start), end) for _, s, e in spans for x in (s, e)})
    opening = sorted(spans, key=lambda span: max(span[1], start))
    return [(left, right, text[left:right], tuple(i for i, s, e in opening if s <= left and right <= e))
            for left, right in zip(cuts, cuts[1:])]


@given(st.text(alphabet="ab \n", min_size=30, max_size=30), spans_strategy)
def test_fragments_of_ranges_are_the_naive_fragments_of_each_range(text, raw_spans):
    spans = [(i, s, e) for i, (s, e) in enumerate(raw_spans)]
    ranges = paragraphs(text)
    assert fragments_of_ranges(text, ranges, spans) == [naive_fragments(text, s, e, spans) for s, e in ranges]


def test_fragments_of_ranges_carry_a_span_across_ranges_in_the_order_given():
    text = "aaaa\n\nbbbb\n\ncccc"
    spans = [("late", 2, 14), ("early", 0, 8), ("inner", 7, 8)]
    first, second, third = fragments_of_ranges(text, [(0, 4), (6, 10), (12, 16)], spans)
    assert [(p.text, p.span_ids) for p in first] == [("aa", ("early",)), ("aa", ("early", "late"))]
    assert [(p.text, p.span_ids) for p in second] == [
        ("b", ("late", "early")), ("b", ("late", "early", "inner")), ("bb", ("late",))]
    assert [(p.text, p.span_ids) for p in third] == [("cc", ("late",)), ("cc", ())]
