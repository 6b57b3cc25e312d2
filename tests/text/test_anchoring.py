"""Re-anchoring: each method on its own, then random edits (hypothesis) against known truth."""
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.text.anchoring import MIN_SIMILARITY, Anchor, Reanchorer, reanchor, similarity
from annotator.text.spans import quote_at


def anchor_of(text, quote, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    q = quote_at(text, start, start + len(quote))
    return Anchor(start, start + len(quote), q.exact, q.prefix, q.suffix)


def place(old, new, quote, occurrence=0):
    placement = Reanchorer(old, new).place(anchor_of(old, quote, occurrence))
    text = None if placement.is_orphaned else new[placement.start:placement.end]
    return placement.method, text, placement.start


OLD = ("The council spent $4 million on roads in 2023, the mayor said.\n\n"
       "Schools received less than half of that, according to the budget office.\n\n"
       "Critics called the plan reckless.")


# --- one test per method ---------------------------------------------------------------

def test_same_offsets_when_the_edit_comes_after_the_claim():
    new = OLD.replace("reckless", "short-sighted")
    assert place(OLD, new, "$4 million on roads") == ("offsets", "$4 million on roads", 18)


def test_offsets_mapped_through_the_diff_when_text_is_inserted_before():
    new = "A new first paragraph.\n\n" + OLD
    method, text, start = place(OLD, new, "$4 million on roads")
    assert (method, text, start) == ("diff", "$4 million on roads", 18 + 24)


def test_quote_found_nearby_when_sentences_swap_places():
    old = "Costs fell by a third. Sales rose by 4 percent in May."
    new = "Sales rose by 4 percent in May. Costs fell by a third."
    method, text, start = place(old, new, "Costs fell by a third.")
    assert (method, text, start) == ("nearby", "Costs fell by a third.", new.index("Costs"))


def test_small_edit_inside_the_quote_is_tolerated_and_reported_as_fuzzy():
    new = OLD.replace("$4 million on roads in 2023", "$4.2 million on roads in 2023")
    method, text, _ = place(OLD, new, "The council spent $4 million on roads in 2023")
    assert (method, text) == ("fuzzy", "The council spent $4.2 million on roads in 2023")


def test_edit_at_the_end_of_the_quote_is_tolerated():
    new = OLD.replace("in 2023", "in 2024")
    method, text, _ = place(OLD, new, "The council spent $4 million on roads in 2023")
    assert (method, text) == ("fuzzy", "The council spent $4 million on roads in 2024")


def test_a_large_edit_inside_the_quote_orphans_the_claim():
    new = OLD.replace("spent $4 million on roads", "cancelled every road project")
    assert place(OLD, new, "The council spent $4 million on roads in 2023")[0] == "orphaned"


def test_a_moved_paragraph_is_found_anywhere():
    paragraphs = OLD.split("\n\n")
    filler = "\n\n".join(f"Filler paragraph number {i} about nothing much at all." for i in range(60))
    old = "\n\n".join([paragraphs[0], filler, paragraphs[1]])
    new = "\n\n".join([paragraphs[1], paragraphs[0], filler])
    method, text, start = place(old, new, "less than half of that")
    assert (method, text, start) == ("anywhere", "less than half of that", new.index("less than half"))


def test_a_deleted_sentence_is_orphaned():
    new = OLD.replace("Critics called the plan reckless.", "")
    assert place(OLD, new, "Critics called the plan reckless.") == ("orphaned", None, None)


def test_a_deleted_sentence_does_not_jump_to_its_surviving_twin():
    old = "Prices rose. Wages fell. Prices rose. Rents held."
    new = "Prices rose. Wages fell. Rents held."
    assert place(old, new, "Prices rose.", occurrence=0)[0] != "orphaned" or \
        place(old, new, "Prices rose.", occurrence=1)[0] != "orphaned"
    placements = reanchor(old, new, [anchor_of(old, "Prices rose.", 0), anchor_of(old, "Prices rose.", 1)])
    assert sorted(p.is_orphaned for p in placements) == [False, True]


def test_repeated_sentence_keeps_its_own_occurrence_when_text_is_inserted_between():
    old = "Vote now. Vote now."
    new = "Vote now. Polls close at eight. Vote now."
    assert place(old, new, "Vote now.", 0)[2] == 0
    assert place(old, new, "Vote now.", 1)[2] == new.rindex("Vote now.")


def test_same_offsets_holding_a_shifted_twin_are_not_taken():
    old = "Go. Go. Go. End."
    new = "Go. Go. End."  # the first "Go. " deleted: the second moved onto the first's offsets
    placements = reanchor(old, new, [anchor_of(old, "Go.", i) for i in range(3)])
    assert sum(p.is_orphaned for p in placements) == 1
    assert sorted(p.start for p in placements if not p.is_orphaned) == [0, 4]


def test_an_orphan_comes_back_when_its_text_returns_and_never_onto_old_text():
    old = "Budget up. Prices rose. Wages fell."
    anchor = Anchor(100, 112, "Prices rose.", "", " Wages fell.")  # offsets of an older text
    again = Reanchorer(old, old + " Prices rose. Wages fell.").place(anchor, orphaned=True)
    assert again.method == "anywhere" and again.start == len(old) + 1
    assert Reanchorer(old, old + " Rents held.").place(anchor, orphaned=True).is_orphaned


def test_short_quote_far_away_needs_some_context():
    filler = " ".join(f"word{i}" for i in range(800))
    old = "Tax: 4%. " + filler
    new = filler + " Unrelated: 4%."
    assert place(old, new, "4%")[0] == "orphaned"


def test_emoji_and_combining_marks_keep_code_point_offsets():
    old = "Café 👩‍🔬 q\u0303 said: the 🚀 launch cost $2bn."
    new = "New 🎉 intro. " + old
    method, text, start = place(old, new, "the 🚀 launch cost $2bn")
    assert (text, start) == ("the 🚀 launch cost $2bn", old.index("the 🚀") + len("New 🎉 intro. "))
    assert method == "diff"


def test_identical_texts_keep_every_claim_in_place():
    anchors = [anchor_of(OLD, q) for q in ("$4 million", "the mayor said", "reckless")]
    assert [p.method for p in reanchor(OLD, OLD, anchors)] == ["offsets"] * 3


# --- random edits ----------------------------------------------------------------------

LETTERS = string.ascii_lowercase
PREFIXES = ("", "é", "q\u0303", "😀", "ü", "👩‍🔬", "ß")
SEPARATORS = (" ", " ", " ", ", ", ". ", ".\n\n")


def word(i):
    """Return a word made unique by its letters; some carry emoji or combining marks."""
    letters = LETTERS[i % 26] + LETTERS[(i // 26) % 26] + LETTERS[i // 676]
    return PREFIXES[i % len(PREFIXES)] + letters


@st.composite
def documents(draw, min_units=6, max_units=60):
    """Units are (id, text): a word and the separator after it. Ids say which unit is which."""
    count = draw(st.integers(min_units, max_units))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=count, max_size=count))
    return [(i, word(i) + seps[i]) for i in range(count)]


@st.composite
def edits(draw, units):
    """Apply random deletions, insertions and replacements; inserted words are fresh (upper case)."""
    units, fresh = list(units), iter(range(10_000, 20_000))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(units)))
        removed = draw(st.integers(0, min(6, len(units) - at)))
        added = draw(st.integers(0, 5))
        inserted = [(next(fresh), f"NEW{word(n).upper()} ") for n in range(added)]
        units[at:at + removed] = inserted
    return units


def text_of(units):
    return "".join(text for _, text in units)


def word_span(units, first, last):
    start = sum(len(text) for _, text in units[:first])
    last_word = word(units[last][0]) if units[last][0] < 10_000 else units[last][1].rstrip(" ")
    end = sum(len(text) for _, text in units[:last]) + len(last_word)
    return start, end


def claims_of(units, draw):
    old = text_of(units)
    pairs = draw(st.lists(st.tuples(st.integers(0, len(units) - 1), st.integers(0, 3)), min_size=1, max_size=8))
    claims = []
    for first, length in pairs:
        last = min(len(units) - 1, first + length)
        start, end = word_span(units, first, last)
        q = quote_at(old, start, end)
        claims.append((first, last, Anchor(start, end, q.exact, q.prefix, q.suffix)))
    return claims


def untouched_position(old_units, new_units, first, last):
    """Where the words first..last now start, if they survived side by side; else None."""
    ids = [old_units[i][0] for i in range(first, last + 1)]
    new_ids = [unit_id for unit_id, _ in new_units]
    if ids[0] not in new_ids:
        return None
    at = new_ids.index(ids[0])
    if new_ids[at:at + len(ids)] != ids:
        return None
    return word_span(new_units, at, at + len(ids) - 1)[0]


def deleted(old_units, new_units, first, last):
    survivors = {unit_id for unit_id, _ in new_units}
    return all(old_units[i][0] not in survivors for i in range(first, last + 1))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_edits_keep_untouched_claims_on_their_words_and_orphan_deleted_ones(data):
    old_units = data.draw(documents())
    new_units = data.draw(edits(old_units))
    old, new = text_of(old_units), text_of(new_units)
    claims = claims_of(old_units, data.draw)
    placements = reanchor(old, new, [anchor for _, _, anchor in claims])
    for (first, last, anchor), placement in zip(claims, placements):
        expected = untouched_position(old_units, new_units, first, last)
        if expected is not None:
            assert (placement.start, placement.end) == (expected, expected + len(anchor.quote)), placement
        elif deleted(old_units, new_units, first, last):
            assert placement.is_orphaned, placement
        if not placement.is_orphaned:
            assert similarity(anchor.quote, new[placement.start:placement.end]) >= MIN_SIMILARITY


REPEATED = "The mayor said taxes would not rise. "


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_claims_on_a_repeated_sentence_keep_to_their_own_occurrence(data):
    units = data.draw(documents(min_units=4, max_units=30))
    for slot, position in enumerate(sorted(set(data.draw(st.lists(st.integers(0, len(units)), min_size=2, max_size=4))), reverse=True)):
        units.insert(position, (-1 - slot, REPEATED))
    old = text_of(units)
    repeated = [i for i, (unit_id, _) in enumerate(units) if unit_id < 0]
    new_units = data.draw(edits(units).filter(lambda edited: all(
        any(unit_id == units[i][0] for unit_id, _ in edited) for i in repeated)))
    ordered_ids = [unit_id for unit_id, _ in new_units if unit_id < 0]
    if ordered_ids != [units[i][0] for i in repeated]:
        return  # the edit reordered twins; which is which is then a matter of taste
    anchors = [anchor_of_span(old, sum(len(t) for _, t in units[:i]), len(REPEATED) - 1) for i in repeated]
    placements = reanchor(old, text_of(new_units), anchors)
    for i, placement in zip(repeated, placements):
        at = [unit_id for unit_id, _ in new_units].index(units[i][0])
        assert placement.start == sum(len(t) for _, t in new_units[:at]), (placement, i)


def anchor_of_span(text, start, size):
    q = quote_at(text, start, start + size)
    return Anchor(start, start + size, q.exact, q.prefix, q.suffix)
