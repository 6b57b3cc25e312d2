"""Matching typed claimant names to records: pure text, no app."""
import time

from hypothesis import given, strategies as st

from annotator.text.claimant_names import ClaimantIndex, Key, choose, lookup_keys, name_key, record_keys

RECORDS = [
    (1, "Mevlüt Çavuşoğlu", ["the foreign minister", "Turkish Foreign Minister"]),
    (2, "Jane Smith", []),
    (3, "John Smith", []),
    (4, "World Health Organization", ["WHO"]),
]
INDEX = ClaimantIndex(RECORDS)


def test_diacritics_and_case_do_not_matter():
    assert INDEX.match("Mevlut Cavusoglu") == 1
    assert INDEX.match("MEVLÜT ÇAVUŞOĞLU") == 1
    assert name_key("Çavuşoğlu") == name_key("Cavusoglu") == "cavusoglu"


def test_an_unambiguous_surname_alone_names_the_record():
    assert INDEX.match("Cavusoglu") == 1
    assert INDEX.match("Foreign Minister Cavusoglu") == 1


def test_a_surname_two_records_share_names_neither():
    assert INDEX.match("Smith") is None
    assert INDEX.match("Mr Smith") is None
    assert INDEX.match("Jane Smith") == 2


def test_a_given_name_that_differs_is_not_a_title():
    assert ClaimantIndex([(3, "John Smith", [])]).match("Jane Smith") is None


def test_a_role_phrase_matches_when_an_alias_says_so():
    assert INDEX.match("the foreign minister") == 1
    assert INDEX.match("The Foreign Minister") == 1
    assert INDEX.match("the health minister") is None


def test_a_combining_mark_does_not_split_a_word():
    assert name_key("İA") == name_key("İA".casefold()) == "ia"


def test_an_alias_matches_exactly():
    assert INDEX.match("who") == 4
    assert INDEX.match("World Health") is None


def test_an_empty_or_punctuation_only_name_matches_nothing():
    assert INDEX.match("") is None
    assert INDEX.match(" -- ") is None
    assert record_keys(9, "!!!") == set()


def test_two_records_with_one_name_are_ambiguous():
    assert ClaimantIndex([(1, "Ana Lopez", []), (2, "Ana López", [])]).match("Ana Lopez") is None


def test_a_name_beats_a_surname_of_another_record():
    index = ClaimantIndex([(1, "Cole", []), (2, "Dana Cole", [])])
    assert index.match("Cole") == 1


def test_choose_ignores_keys_it_was_not_asked_about():
    assert choose("Cavusoglu", [Key(5, "smith", "surname")]) is None


names = st.lists(st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=12), min_size=1, max_size=4)


@given(names)
def test_a_record_is_found_by_its_own_name_in_any_case(words):
    name = " ".join(words)
    if not name_key(name):
        return
    index = ClaimantIndex([(7, name, [])])
    assert index.match(name) == 7
    assert index.match(name.upper()) in (7, None)  # some letters change under upper() (ß -> SS)
    assert index.match(name.casefold()) == 7


@given(names, st.text(max_size=40))
def test_match_returns_a_known_id_or_none(words, typed):
    index = ClaimantIndex([(1, " ".join(words), []), (2, typed, [typed])])
    assert index.match(typed) in (1, 2, None)
    assert index.match(" ".join(words)) in (1, 2, None)


@given(st.text(max_size=200))
def test_keys_are_bounded_and_folded(text):
    whole, surname = lookup_keys(text)
    assert len(whole) <= 300 and whole == whole.casefold()
    assert surname is None or surname in whole.split(" ")


def test_linear_in_hostile_input():
    hostile = ("Ç" * 50 + " the " * 10) * 8000  # 400,000+ characters
    started = time.process_time()
    ClaimantIndex([(1, hostile, [hostile] * 50)]).match(hostile)
    assert time.process_time() - started < 1.0
