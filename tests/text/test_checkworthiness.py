from hypothesis import given
from hypothesis import strategies as st

from annotator.text.checkworthiness import DEFAULT_THRESHOLD, score_sentence, suggest_claims

CLAIM = "Unemployment fell to 4.3 percent in March, the lowest level since 2008, the statistics office said."


@given(st.text(max_size=300))
def test_score_is_a_deterministic_probability(text):
    first = score_sentence(text)
    assert 0.0 <= first.score <= 1.0
    assert score_sentence(text) == first


def test_check_worthy_sentence_scores_high_with_reasons():
    scored = score_sentence(CLAIM)
    assert scored.score >= DEFAULT_THRESHOLD
    assert "contains a figure: '4.3 percent'" in scored.reasons
    assert "attributed to the statistics office" in scored.reasons
    assert scored.claimant == "the statistics office"


def test_question_and_opinion_score_low():
    for text in ("Will the plan work?", "We must do better for our children."):
        assert score_sentence(text).score < DEFAULT_THRESHOLD


def test_short_fragment_is_too_short_to_check():
    scored = score_sentence("Key points")
    assert "too short to check" in scored.reasons
    assert scored.score < DEFAULT_THRESHOLD


def test_pronoun_claimant_comes_from_previous_sentence():
    assert score_sentence("He said 40 people had died.", "Jane Doe").claimant == "Jane Doe"


def test_suggestions_carry_offsets_into_the_article():
    article = f"Budget Vote Tonight\n\nThe morning was grey.\n\n{CLAIM} He added that 3,000 jobs had gone since 2019."
    suggestions = suggest_claims(article, DEFAULT_THRESHOLD)
    assert [s.quote for s in suggestions][0] == CLAIM
    for suggestion in suggestions:
        assert article[suggestion.start : suggestion.end] == suggestion.quote
    assert suggestions[-1].claimant == "the statistics office"


def test_threshold_filters_suggestions():
    assert suggest_claims(CLAIM, threshold=1.01) == []
