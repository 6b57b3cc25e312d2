"""The search box's language and the snippets, without an app."""
import pytest

from annotator.text.search_query import QueryError, Term, fold, fts5_match, highlight, parse_query


def test_words_phrases_exclusions_and_or_parse_into_groups():
    query = parse_query('council "spent money" -mayor roads OR streets')
    assert query.groups == ((Term(("council",)),), (Term(("spent", "money")),),
                            (Term(("roads",)), Term(("streets",))))
    assert query.excluded == (Term(("mayor",), negated=True),)


def test_every_word_reaches_fts5_inside_quotes():
    match = fts5_match(parse_query('NEAR(a b) x* -"c d" e OR f'))
    assert match == '(("NEAR a") AND ("b") AND ("x") AND ("e" OR "f")) NOT ("c d")'


@pytest.mark.parametrize("raw", ["", " ", "-x", '"', "* ( ) :", "OR"])
def test_a_query_without_a_word_to_find_is_refused(raw):
    with pytest.raises(QueryError):
        parse_query(raw)


def test_a_stray_or_beside_an_exclusion_is_dropped():
    query = parse_query("a -b OR c")
    assert query.groups == ((Term(("a",)),), (Term(("c",)),))


def test_fold_ignores_case_and_diacritics():
    assert fold("ÇAVUŞOĞLU") == fold("cavusoglu")


def test_highlight_marks_whole_words_only():
    assert highlight("Roads and railroads", {"roads"}) == [("Roads", True), (" and railroads", False)]


def test_highlight_opens_a_window_near_the_first_match_in_long_text():
    text = "filler " * 200 + "the turnip price" + " tail" * 200
    pieces = highlight(text, {"turnip"})
    assert pieces[0] == ("…", False) and pieces[-1] == ("…", False)
    assert ("turnip", True) in pieces
    assert sum(len(p) for p, _ in pieces) < 300


def test_highlight_is_linear_on_long_adversarial_text():
    import time

    text = ("a" * 1000 + " ") * 400
    started = time.perf_counter()
    highlight(text, {"zzz"})
    assert time.perf_counter() - started < 1
