from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.checkworthiness import DEFAULT_THRESHOLD, score_sentence, score_sentences, suggest_claims

CLAIM = "Unemployment fell to 4.3 percent in March, the lowest level since 2008, the statistics office said."


@settings(deadline=None)  # the first example loads the encoder
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


def test_default_threshold_is_the_one_chosen_in_training():
    from annotator.text import detector

    assert detector.manifest()["threshold"] == DEFAULT_THRESHOLD


def test_scoring_many_sentences_at_once_matches_one_at_a_time():
    # The int8 encoder quantises activations per batch, so batching may move a score a little.
    texts = [CLAIM, "Will the plan work?", "He said 40 people had died in the floods last week."]
    together = score_sentences(texts)
    for text, scored in zip(texts, together):
        alone = score_sentence(text)
        assert abs(alone.score - scored.score) < 0.02
        assert (alone.reasons, alone.claimant) == (scored.reasons, scored.claimant)


def test_an_article_not_in_english_gets_no_suggestions():
    german = (
        "Die Arbeitslosigkeit ist im März auf 4,3 Prozent gesunken, den niedrigsten Stand seit 2008, "
        "teilte das Statistikamt mit. Die Regierung hat für das kommende Jahr 12 Milliarden Euro "
        "für neue Schulen eingeplant, sagte der Minister am Mittwoch."
    )
    assert suggest_claims(german, 0.0) == []
    assert suggest_claims(f"{CLAIM} {CLAIM}", DEFAULT_THRESHOLD)


def test_signals_are_linear_in_the_length_of_the_sentence():
    # An unclosed quotation once made the quotation pattern backtrack quadratically.
    import time

    from annotator.text.checkworthiness import detect_signals

    text = "“" + "word " * 80_000 + "“ more, 12 percent in 2020 " * 1000
    started = time.perf_counter()
    signals = detect_signals(text, None)
    assert time.perf_counter() - started < 5
    assert "figure" in signals


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
