"""The two-level diff: its ops rebuild the new text; its readable segments rebuild both."""
from hypothesis import given
from hypothesis import strategies as st

from annotator.text.diff import change_counts, diff_ops, diff_segments

texts = st.lists(st.sampled_from(["Vote now.", "Taxes rose", " ", ", ", "\n\n", "é", "👩‍🔬", "4%", "said"]),
                 max_size=30).map("".join)


@given(texts, texts)
def test_ops_turn_the_old_text_into_the_new(old, new):
    rebuilt, at = [], 0
    for op in diff_ops(old, new):
        assert op.old_start == at
        rebuilt.append(old[op.old_start:op.old_end] if op.tag == "equal" else new[op.new_start:op.new_end])
        if op.tag == "equal":
            assert old[op.old_start:op.old_end] == new[op.new_start:op.new_end]
        at = op.old_end
    assert at == len(old) and "".join(rebuilt) == new


@given(texts, texts)
def test_segments_hold_both_texts(old, new):
    segments = diff_segments(old, new)
    assert "".join(t for kind, t in segments if kind != "insert") == old
    assert "".join(t for kind, t in segments if kind != "delete") == new


def test_a_changed_word_shows_as_one_deletion_and_one_insertion():
    segments = diff_segments("The mayor said 4 million.\n\nEnd.", "The mayor said 5 million.\n\nEnd.")
    assert segments == [("equal", "The mayor said "), ("delete", "4"), ("insert", "5"), ("equal", " million.\n\nEnd.")]
    assert change_counts(segments) == {"delete": 1, "insert": 1}


def test_a_rewritten_sentence_is_not_shredded_into_words():
    segments = diff_segments("Prices rose sharply in May. End.", "Rents fell slowly in June. End.")
    assert segments[:3] == [("delete", "Prices rose sharply"), ("insert", "Rents fell slowly"), ("equal", " in ")]
