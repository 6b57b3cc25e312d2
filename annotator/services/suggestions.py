"""Claim suggestions: the detector proposes, a person accepts or dismisses."""
from flask import current_app
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Claim
from annotator.services import settings
from annotator.services.articles import ensure_unlocked, import_article
from annotator.services.claims import create_claim
from annotator.services.errors import Conflict, InvalidInput
from annotator.services.history import record_event
from annotator.services.review import move_claim
from annotator.services.detector import suggest_for
from annotator.text.checkworthiness import DEFAULT_THRESHOLD

DECISIONS = {"accept": "open", "dismiss": "dismissed"}
THRESHOLD_SETTING = "suggestion_threshold"


def current_threshold():
    """Return the lowest score that becomes a suggestion: the admin's setting, else the
    SUGGESTION_THRESHOLD configured, else the detector's own threshold."""
    configured = current_app.config.get("SUGGESTION_THRESHOLD")
    return float(settings.get_setting(THRESHOLD_SETTING, DEFAULT_THRESHOLD if configured is None else configured))


def set_threshold(actor, threshold):
    """Set the instance's suggestion threshold to two decimals (admins only); later suggestions use it."""
    if not 0 <= threshold <= 1:
        raise InvalidInput("The threshold is a score between 0 and 1.", {"threshold": ["Give a score between 0 and 1."]})
    return settings.set_setting(actor, THRESHOLD_SETTING, round(float(threshold), 2), current_threshold())


def add_suggestions(actor, article, threshold=None):
    """Propose every sentence scoring at least threshold (the instance's when None); return how many are new.

    A span that already carries a claim in any state (accepted, dismissed, or an
    undecided suggestion) is left as it is, so suggesting again never undoes a decision.
    """
    ensure_unlocked(article)
    threshold = current_threshold() if threshold is None else threshold
    taken = set(db.session.execute(select(Claim.start, Claim.end).where(Claim.article_id == article.id)).all())
    added = 0
    for suggestion in suggest_for(article, threshold):
        if (suggestion.start, suggestion.end) in taken:
            continue
        create_claim(actor, article, suggestion.start, suggestion.end, origin="detector",
                     review_state="suggested", score=round(suggestion.score, 4),
                     reasons=suggestion.reasons, claimant=suggestion.claimant or "")
        added += 1
    record_event(actor, "article", "suggest", article_id=article.id, entity_id=article.id,
                 new={"threshold": threshold, "added": added})
    return added


def decide_suggestion(actor, claim, article, decision):
    """Accept (-> open) or dismiss (-> dismissed) one suggestion."""
    if claim.review_state != "suggested":
        raise Conflict("This claim is no longer a suggestion; someone has already decided it.")
    return move_claim(actor, claim, DECISIONS[decision], article=article)


def decide_suggestions(actor, article, decision, min_score=0.0):
    """Accept or dismiss every undecided suggestion scoring at least min_score; return the count."""
    ensure_unlocked(article)
    undecided = db.session.scalars(
        select(Claim).where(Claim.article_id == article.id, Claim.review_state == "suggested",
                            Claim.score >= min_score).order_by(Claim.start)
    ).all()
    for claim in undecided:
        move_claim(actor, claim, DECISIONS[decision], article=article)
    return len(undecided)


def import_and_suggest(actor, text, source_format="text", max_chars=400_000, threshold=None, **metadata):
    """Import an article and propose its check-worthy sentences, as an import always does."""
    article = import_article(actor, text, source_format, max_chars, **metadata)
    add_suggestions(actor, article, threshold)
    return article
