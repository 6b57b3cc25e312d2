"""Quote selectors and highlight fragments: pure functions, no app."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.text.spans import fragments, quote_at


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
