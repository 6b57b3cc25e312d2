"""The detector in a newsroom: figures on its decisions, retraining its head, going back, languages."""
import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Claim, DetectorHead
from annotator.services import detector
from annotator.services.errors import InvalidInput, PermissionDenied
from annotator.services.suggestions import decide_suggestion, import_and_suggest
from annotator.text.checkworthiness import score_sentence

PLACES = ["Riverton", "Oakdale", "Milford", "Ashby", "Brookfield", "Kelso", "Dunmore", "Fairhaven",
          "Glenwood", "Harlow", "Ivybridge", "Jarrow", "Kendal", "Lydney", "Marlow", "Newent",
          "Otley", "Penrith", "Quorn", "Redruth", "Selby", "Thirsk", "Ulverston", "Ventnor",
          "Wetherby", "Yarm", "Alston", "Bude", "Corbridge", "Darley"]
# A newsroom on a weather desk: it wants the forecasts and has no use for council budgets.
WANTED = "Heavy rain and strong winds are expected to reach {place} on Friday night, forecasters warned."
UNWANTED = "The council in {place} spent ${n} million on new roads last year, its annual report shows."


def claims_of(article):
    return db.session.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)).all()


def decide_all(admin, article, wanted):
    for claim in claims_of(article):
        decide_suggestion(admin, claim.id, "accept" if wanted(claim.quote) else "dismiss")
    db.session.commit()


def weather_desk(admin):
    paragraphs = [f"{WANTED.format(place=p)} {UNWANTED.format(place=p, n=i + 3)}" for i, p in enumerate(PLACES)]
    article = import_and_suggest(admin, "\n\n".join(paragraphs), threshold=0.0, title="Weather and roads")
    decide_all(admin, article, lambda quote: quote.startswith("Heavy rain"))
    return article


def test_figures_count_accepted_dismissed_and_marked_by_hand(admin, make_claim):
    article = import_and_suggest(admin, f"{WANTED.format(place='Kelso')}\n\n{UNWANTED.format(place='Kelso', n=4)}",
                                 threshold=0.0, title="Two")
    decide_all(admin, article, lambda quote: quote.startswith("Heavy"))
    make_claim(article, quote="annual report")
    figures = detector.detector_figures()
    assert (figures["accepted"], figures["dismissed"], figures["marked_by_hand"]) == (1, 1, 1)
    assert figures["precision"] == 0.5 and figures["recall"] == 0.5
    assert figures["head"] == "the shipped model"


def test_retraining_needs_enough_decisions(admin):
    import_and_suggest(admin, WANTED.format(place="Kelso"), threshold=0.0, title="One")
    with pytest.raises(InvalidInput, match="Too few decisions"):
        detector.retrain_head(admin)


def test_only_an_admin_retrains_or_goes_back(reviewer):
    with pytest.raises(PermissionDenied):
        detector.retrain_head(reviewer)
    with pytest.raises(PermissionDenied):
        detector.use_shipped_head(reviewer)


def test_a_head_that_ranks_held_out_decisions_better_is_adopted_and_used(admin):
    weather_desk(admin)
    sentence = UNWANTED.format(place="Zennor", n=9)
    before = score_sentence(sentence).score
    row = detector.retrain_head(admin)
    db.session.commit()
    assert row.held_out >= 2 and row.trained_on >= 20
    assert row.metrics["candidate"]["average_precision"] > row.metrics["current"]["average_precision"]
    assert row.adopted and "head #" in detector.detector_figures()["head"]
    assert score_sentence(sentence, head=detector.current_head()).score < before


def test_a_head_that_does_no_better_is_kept_but_not_adopted(admin):
    paragraphs = [f"{UNWANTED.format(place=p, n=i + 3)} Thank you all so much for coming tonight, {p}."
                  for i, p in enumerate(PLACES)]
    article = import_and_suggest(admin, "\n\n".join(paragraphs), threshold=0.0, title="Agrees with the model")
    decide_all(admin, article, lambda quote: quote.startswith("The council"))
    row = detector.retrain_head(admin)
    # The shipped head already ranks these perfectly; a tie is not an improvement.
    assert row.metrics["current"]["average_precision"] == 1.0
    assert not row.adopted and detector.current_head() is None
    assert db.session.scalars(select(DetectorHead)).all() == [row]


def test_an_admin_can_go_back_to_the_shipped_head(admin):
    weather_desk(admin)
    assert detector.retrain_head(admin).adopted
    detector.use_shipped_head(admin)
    assert detector.current_head() is None
    assert detector.detector_figures()["head"] == "the shipped model"


def test_an_article_in_another_language_gets_no_suggestions_and_a_note(admin):
    german = ("Die Arbeitslosigkeit ist im März auf 4,3 Prozent gesunken, den niedrigsten Stand seit 2008, "
              "teilte das Statistikamt mit. Die Regierung hat für das kommende Jahr 12 Milliarden Euro eingeplant.")
    article = import_and_suggest(admin, german, threshold=0.0, title="Arbeitsmarkt")
    assert claims_of(article) == []
    assert "looks like German" in detector.language_note(article)


def test_an_article_marked_as_another_language_gets_no_suggestions(admin):
    article = import_and_suggest(admin, WANTED.format(place="Kelso"), threshold=0.0, title="t", language="fr")
    assert claims_of(article) == []
    assert "marked as French" in detector.language_note(article)


def test_an_english_article_has_no_language_note(admin):
    article = import_and_suggest(admin, WANTED.format(place="Kelso"), threshold=0.0, title="t")
    assert detector.language_note(article) is None and claims_of(article)


def test_the_command_line_retrains_and_goes_back(runner, admin):
    weather_desk(admin)
    result = runner.invoke(args=["retrain-detector"])
    assert result.exit_code == 0, result.output
    assert "so it was adopted" in result.output and detector.current_head() is not None
    result = runner.invoke(args=["retrain-detector", "--shipped"])
    assert result.exit_code == 0 and detector.current_head() is None


def test_the_command_line_says_when_there_are_too_few_decisions(runner, admin):
    result = runner.invoke(args=["retrain-detector"])
    assert result.exit_code != 0 and "Too few decisions" in result.output
