"""The minimal diff: a longest common subsequence, checked against a plain dynamic programme."""
from hypothesis import given
from hypothesis import strategies as st

from annotator.text.lcs import matching_blocks, opcodes


def lcs_length(a, b):
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    return table[0][0]


small = st.lists(st.sampled_from("abc "), max_size=25)


@given(small, small)
def test_blocks_are_a_longest_common_subsequence(a, b):
    blocks = matching_blocks(a, b)
    assert sum(size for _, _, size in blocks) == lcs_length(a, b)
    for i, j, size in blocks:
        assert a[i:i + size] == b[j:j + size]


@given(small, small)
def test_opcodes_rebuild_the_new_sequence(a, b):
    rebuilt = []
    for tag, i1, i2, j1, j2 in opcodes(matching_blocks(a, b)):
        rebuilt += a[i1:i2] if tag == "equal" else b[j1:j2]
    assert rebuilt == b


def test_twins_stay_in_order():
    twin = ["The", " ", "mayor", ".", " "]
    old = ["a", " ", "b", ".", " "] + twin + ["c", " "] + twin[:-1]
    new = twin + twin[:-1]
    blocks = matching_blocks(old, new)
    assert sum(size for _, _, size in blocks) == len(new)


def test_too_many_edits_gives_up():
    assert matching_blocks(list("abcdef"), list("uvwxyz"), max_edits=3) is None
