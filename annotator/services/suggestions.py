"""Claim suggestions: the detector proposes, a person accepts or dismisses."""
from dataclasses import replace

from flask import current_app
from sqlalchemy import select

from annotator import permissions
from annotator.extensions import db
from annotator.models import Claim
from annotator.services import settings
from annotator.services.articles import checked_text, ensure_unlocked, get_article, import_article
from annotator.services.claims import CHANGED, create_claims
from annotator.services.errors import Conflict, InvalidInput
from annotator.services.history import record_event
from annotator.services.lookup import check_version, get_claim
from annotator.services.review import move_claim
from annotator.text.attribution import SPEAKER, ArticleAttributions
from annotator.services.detector import suggest_for_text
from annotator.text.checkworthiness import DEFAULT_THRESHOLD

DECISIONS = {"accept": "open", "dismiss": "dismissed"}
THRESHOLD_SETTING = "suggestion_threshold"


def current_threshold():
    """Return the lowest score that becomes a suggestion: the admin's setting, else the
    SUGGESTION_THRESHOLD configured, else the detector's own threshold."""
    return float(settings.get_setting(THRESHOLD_SETTING, default_threshold()))


def default_threshold():
    """Return the threshold in force until an admin sets one: SUGGESTION_THRESHOLD, else the detector's."""
    configured = current_app.config.get("SUGGESTION_THRESHOLD")
    return DEFAULT_THRESHOLD if configured is None else configured


def set_threshold(actor, threshold):
    """Set the instance's suggestion threshold to two decimals (admins only); later suggestions use it."""
    permissions.check(actor, "settings.edit")
    if not 0 <= threshold <= 1:
        raise InvalidInput("The threshold is a score between 0 and 1.", {"threshold": ["Give a score between 0 and 1."]})
    return settings.set_setting(actor, THRESHOLD_SETTING, round(float(threshold), 2), current_threshold())


def add_suggestions(actor, article, threshold=None):
    """Propose every sentence scoring at least threshold (the instance's when None); return how many are new.

    A span that already carries a claim in any state (accepted, dismissed, or an
    undecided suggestion) is left as it is, so suggesting again never undoes a decision.
    """
    permissions.check(actor, "suggestion.run", article)  # a locked article is refused now, before any text work
    threshold = current_threshold() if threshold is None else threshold
    proposed = propose(article.text, threshold, article.byline, article.outlet, article.language)
    return _write_suggestions(actor, article, proposed, threshold)


def propose(text, threshold, byline="", outlet="", language=None):
    """Return the detector's suggestions for a canonical text, each with its claimant read across
    the whole article (a pronoun's or a quotation's speaker, the article's own voice, or nobody).
    Pure work, done before any write."""
    attributions = ArticleAttributions(text, byline or "", outlet or "")
    return [_attributed(s, attributions.at(s.start)) for s in suggest_for_text(text, language, threshold)]


def _attributed(suggestion, attribution):
    """Give a suggestion the article-level claimant; the detector's reason names the same one."""
    reasons = suggestion.reasons
    if attribution.kind == SPEAKER:
        reasons = tuple(f"attributed to {attribution.claimant}" if r.startswith("attributed to ") else r
                        for r in reasons)
    return replace(suggestion, claimant=attribution.claimant, reasons=reasons)


def _write_suggestions(actor, article, proposed, threshold):
    """Write the proposed suggestions whose span is free, in one batch; return how many."""
    taken = set(db.session.execute(select(Claim.start, Claim.end).where(Claim.article_id == article.id)).all())
    fresh = [s for s in proposed if (s.start, s.end) not in taken]
    create_claims(actor, article, [
        {"start": s.start, "end": s.end, "origin": "detector", "review_state": "suggested",
         "score": round(s.score, 4), "reasons": s.reasons, "claimant": s.claimant or ""} for s in fresh
    ])
    record_event(actor, "article", "suggest", article_id=article.id, entity_id=article.id,
                 new={"threshold": threshold, "added": len(fresh)})
    return len(fresh)


def decide_suggestion(actor, claim_id, decision, expected_version=None, article_id=None):
    """Accept (-> open) or dismiss (-> dismissed) one suggestion (of article_id's article, when given)."""
    permissions.check(actor, "suggestion.decide")
    claim = get_claim(claim_id, lock=True, article_id=article_id)
    article = get_article(claim.article_id)
    check_version(claim, expected_version, CHANGED)
    if not claim.is_suggested:
        raise Conflict("This claim is no longer a suggestion; someone has already decided it.")
    return move_claim(actor, claim, DECISIONS[decision], article=article)


def restore_suggestion(actor, claim_id, expected_version=None):
    """Undo a dismissal: the claim is a suggestion to decide again."""
    permissions.check(actor, "suggestion.decide")
    claim = get_claim(claim_id, lock=True)
    article = get_article(claim.article_id)
    check_version(claim, expected_version, CHANGED)
    if not claim.is_dismissed:
        raise Conflict("This claim is not dismissed, so there is nothing to restore.")
    return move_claim(actor, claim, "suggested", article=article)


def decide_suggestions(actor, article, decision, min_score=0.0):
    """Accept or dismiss every undecided suggestion scoring at least min_score; return the count."""
    permissions.check(actor, "suggestion.decide")
    ensure_unlocked(article)
    undecided = db.session.scalars(
        select(Claim).where(Claim.article_id == article.id, Claim.is_suggested,
                            Claim.score >= min_score).order_by(Claim.start)
    ).all()
    for claim in undecided:
        move_claim(actor, claim, DECISIONS[decision], article=article)
    return len(undecided)


def import_and_suggest(actor, text, source_format="text", threshold=None, **metadata):
    """Import an article and propose its check-worthy sentences, as an import always does.

    Normalising, splitting and scoring happen before the first write, so a long text never
    holds a write lock while it is read.
    """
    canonical = checked_text(text, source_format)
    threshold = current_threshold() if threshold is None else threshold
    proposed = propose(canonical, threshold, metadata.get("byline"), metadata.get("outlet"), metadata.get("language"))
    article = import_article(actor, canonical, "text", **metadata)
    _write_suggestions(actor, article, proposed, threshold)
    return article
