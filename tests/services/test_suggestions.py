"""Suggestions: proposed on import, decided by a person, never undone by suggesting again."""
import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Claim
from annotator.services.errors import Conflict, Locked, PermissionDenied
from annotator.services.suggestions import add_suggestions, decide_suggestion, decide_suggestions, import_and_suggest
from annotator.text.checkworthiness import DEFAULT_THRESHOLD

TEXT = ("Unemployment fell to 4.1 per cent in June, the lowest level since 2008, the minister said.\n\n"
        "It was a sunny afternoon.\n\n"
        "According to the treasury, the deficit grew by $3 billion last year.")


def claims_of(article):
    return db.session.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)).all()


def test_import_suggests_check_worthy_sentences(admin):
    article = import_and_suggest(admin, TEXT, title="Economy")
    suggested = claims_of(article)
    assert [c.quote for c in suggested] == [
        "Unemployment fell to 4.1 per cent in June, the lowest level since 2008, the minister said.",
        "According to the treasury, the deficit grew by $3 billion last year.",
    ]
    first = suggested[0]
    assert (first.review_state, first.origin, first.claimant) == ("suggested", "detector", "the minister")
    assert 0.5 <= first.score <= 1 and any("figure" in r for r in first.reasons)


def test_threshold_controls_what_is_suggested(admin):
    article = import_and_suggest(admin, TEXT, threshold=1.0, title="None")
    assert claims_of(article) == []


def test_suggesting_again_leaves_decided_claims_alone(admin):
    article = import_and_suggest(admin, TEXT, title="Economy")
    accepted, dismissed = claims_of(article)
    decide_suggestion(admin, accepted.id, "accept")
    decide_suggestion(admin, dismissed.id, "dismiss")
    db.session.commit()
    assert add_suggestions(admin, article, 0.0) == 1  # only the sunny afternoon is new
    states = {c.quote[:12]: c.review_state for c in claims_of(article)}
    assert states == {"Unemployment": "open", "It was a sun": "suggested", "According to": "dismissed"}


def test_accept_and_dismiss_move_through_the_review_table(admin):
    article = import_and_suggest(admin, TEXT, title="Economy")
    claim = claims_of(article)[0]
    decide_suggestion(admin, claim.id, "accept")
    assert claim.review_state == "open"
    with pytest.raises(Conflict):
        decide_suggestion(admin, claim.id, "dismiss")


def test_decide_all_above_a_score(admin):
    article = import_and_suggest(admin, TEXT, threshold=0.0, title="Economy")
    high = [c for c in claims_of(article) if c.score >= 0.5]
    assert decide_suggestions(admin, article, "accept", 0.5) == len(high)
    assert decide_suggestions(admin, article, "dismiss") == 3 - len(high)
    assert {c.review_state for c in claims_of(article)} == {"open", "dismissed"}


def test_nobody_decides_on_a_signed_off_article(admin):
    article = import_and_suggest(admin, TEXT, title="Economy")
    article.state = "signed_off"
    with pytest.raises(Locked):
        decide_suggestions(admin, article, "accept")
    with pytest.raises(Locked):
        add_suggestions(admin, article)


def test_inactive_user_cannot_decide(admin, make_user):
    article = import_and_suggest(admin, TEXT, title="Economy")
    gone = make_user("annotator", active=False)
    with pytest.raises(PermissionDenied):
        decide_suggestion(gone, claims_of(article)[0].id, "accept")


def test_instance_threshold_falls_back_to_the_configured_then_the_detector_default(app, admin):
    from annotator.services.suggestions import current_threshold

    assert current_threshold() == DEFAULT_THRESHOLD
    app.config["SUGGESTION_THRESHOLD"] = 0.6
    assert current_threshold() == 0.6
    article = import_and_suggest(admin, TEXT, title="Economy")  # no threshold given: the instance's
    assert all(c.score >= 0.6 for c in claims_of(article))


def test_an_admin_sets_the_instance_threshold_and_it_is_recorded(admin):
    from annotator.models import Event
    from annotator.services.suggestions import THRESHOLD_SETTING, current_threshold, set_threshold

    set_threshold(admin, 0.554)
    db.session.commit()
    assert current_threshold() == 0.55  # kept to two decimals, as the pages show it
    event = db.session.scalars(select(Event).where(Event.field == THRESHOLD_SETTING)).one()
    assert (event.entity, event.old, event.new) == ("setting", DEFAULT_THRESHOLD, 0.55)


@pytest.mark.parametrize("role", ["annotator", "reviewer"])
def test_only_an_admin_sets_the_instance_threshold(make_user, role):
    from annotator.services.suggestions import current_threshold, set_threshold

    with pytest.raises(PermissionDenied):
        set_threshold(make_user(role), 0.9)
    assert current_threshold() == DEFAULT_THRESHOLD


@pytest.mark.parametrize("value", [-0.1, 1.5, float("nan")])
def test_the_instance_threshold_is_a_score(admin, value):
    from annotator.services.errors import InvalidInput
    from annotator.services.suggestions import current_threshold, set_threshold

    with pytest.raises(InvalidInput):
        set_threshold(admin, value)
    assert current_threshold() == DEFAULT_THRESHOLD
