"""The matching index: unit vectors, put and remove by key, threshold, exclusion, blobs."""
import numpy as np

from annotator.text import matching


def vectors(n, seed=0):
    return matching.unit(np.random.default_rng(seed).normal(size=(n, matching.DIMENSION)))


def test_search_finds_the_nearest_key_above_the_threshold_best_first():
    rows = vectors(50)
    index = matching.Index(range(50), rows)
    query = rows[7] + 0.1 * vectors(1, 1)[0]
    [found] = index.search([query], top=5, threshold=0.5)
    assert [match.key for match in found] == [7]
    assert index.search([vectors(1, 2)[0]], threshold=0.5) == [[]]


def test_exclude_leaves_a_key_out_for_one_query():
    rows = vectors(3)
    index = matching.Index("abc", rows)
    found = index.search(rows[:2], threshold=0.9, exclude=lambda query, key: query == 0 and key == "a")
    assert [[m.key for m in matches] for matches in found] == [[], ["b"]]


def test_put_replaces_and_remove_moves_the_last_row_into_the_gap():
    rows = vectors(3)
    index = matching.Index("abc", rows)
    index.put("a", rows[2])
    index.remove("b")
    index.remove("missing")
    assert sorted(index.keys) == ["a", "c"]
    [found] = index.search([rows[2]], threshold=0.99)
    assert sorted(match.key for match in found) == ["a", "c"]


def test_float16_blobs_round_trip_close_enough_to_rank():
    rows = vectors(4)
    back = matching.from_blobs([matching.to_blob(row) for row in rows])
    assert back.shape == (4, matching.DIMENSION) and np.abs(back - rows).max() < 1e-3
    assert matching.from_blobs([]).shape == (0, matching.DIMENSION)


def test_the_encoder_puts_a_paraphrase_near_and_an_unrelated_claim_far():
    rows = matching.embed([
        "Wind and solar now produce more electricity than coal.",
        "Renewables such as wind and solar have overtaken coal in power generation.",
        "The national team has not won a match at the World Cup since 1998.",
    ])
    index = matching.Index(["paraphrase", "unrelated"], rows[1:])
    [found] = index.search(rows[:1])
    assert [match.key for match in found] == ["paraphrase"]
