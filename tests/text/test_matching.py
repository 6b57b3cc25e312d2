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


def test_put_replaces_a_key_and_remove_drops_one():
    rows = vectors(3)
    index = matching.Index("abc", rows)
    index.put("a", rows[2])
    index.remove("b")
    index.remove("missing")
    assert sorted(index.live_keys()) == ["a", "c"]
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


def grouped(monkeypatch, rows):
    """An index past the size where rows are grouped by centroid (the sizes made small)."""
    monkeypatch.setattr(matching, "PARTITION_MIN", 200)
    monkeypatch.setattr(matching, "GROUP_ROWS", 20)
    return matching.Index(range(len(rows)), rows)


def test_a_grouped_index_finds_what_scoring_every_row_finds(monkeypatch):
    rows = vectors(1000)
    queries = matching.unit(rows[:100] + 0.3 * vectors(100, 1))
    exact = [[m.key for m in found] for found in matching.Index(range(1000), rows).search(queries, threshold=0.6)]
    index = grouped(monkeypatch, rows)
    assert index._lists is not None and len(index._lists[0]) == 50
    assert [[m.key for m in found] for found in index.search(queries, threshold=0.6)] == exact
    assert all(found for found in exact)


def test_a_grouped_index_finds_a_row_added_later_and_never_a_removed_one(monkeypatch):
    rows = vectors(400)
    index = grouped(monkeypatch, rows)
    index.put("new", vectors(1, 5)[0])
    index.remove(3)
    index.put(4, rows[3])  # a grouped row that changes moves to the tail
    new, moved, gone = index.search([vectors(1, 5)[0], rows[3], rows[5]], threshold=0.99)
    assert ([m.key for m in new], [m.key for m in moved], [m.key for m in gone]) == (["new"], [4], [5])
    assert len(index) == 400 and 3 not in index.live_keys()


def test_regrouping_after_many_removals_keeps_every_live_key(monkeypatch):
    rows = vectors(400)
    index = grouped(monkeypatch, rows)
    for key in range(0, 400, 2):
        index.remove(key)
    index.tidy()
    assert len(index.keys) == 200 and sorted(index.live_keys()) == list(range(1, 400, 2))
    assert [m.key for m in index.search([rows[9]], threshold=0.99)[0]] == [9]
