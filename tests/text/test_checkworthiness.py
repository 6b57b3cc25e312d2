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


def test_fast_logit_matches_the_trainers_features():
    from annotator.text import checkworthiness as cw

    for text in (CLAIM, '"Prices rose 40 percent," she said.', "Will the plan work?", "We must do better for our children.", "[Note: corrected.]"):
        claimant = cw.find_claimant(text)
        signals = cw.detect_signals(text, claimant)
        expected = cw.linear_score(cw.feature_names(text, signals))
        assert abs(cw._logit(cw.model_tokens(text), signals) - expected) < 1e-9


def test_default_threshold_is_the_one_chosen_in_training():
    import json

    from annotator.text.checkworthiness import MODEL_PATH

    manifest = json.loads(MODEL_PATH.with_name("checkworthiness_training.json").read_text())
    assert manifest["threshold"] == DEFAULT_THRESHOLD


def test_bracketed_editorial_note_is_not_suggested():
    note = "[DEMO ARTICLE: The town and the 40,000 residents quoted here are invented. It shows the tool.]"
    article = f"Council Votes\n\n{note}\n\n{CLAIM}"
    assert [s.quote for s in suggest_claims(article, DEFAULT_THRESHOLD)] == [CLAIM]
    assert "an editorial note in brackets" in score_sentence(note).reasons


def test_brackets_inside_a_sentence_do_not_rule_it_out():
    scored = score_sentence("The minister said [the budget] would rise by 12 percent to $4 billion in 2025.")
    assert "an editorial note in brackets" not in scored.reasons
    assert scored.score >= DEFAULT_THRESHOLD


def test_a_quotation_is_judged_by_what_it_says():
    factual = "“Unemployment fell to 4.3 percent in March, the lowest level since 2008,” the minister said."
    for appeal in (
        "“We will not remain silent, and we will never give up,” the minister told reporters.",
        "“Humanity is dying in this city,” the deputy prime minister said.",
    ):
        assert score_sentence(appeal).score < DEFAULT_THRESHOLD <= score_sentence(factual).score
        assert score_sentence(appeal).claimant
