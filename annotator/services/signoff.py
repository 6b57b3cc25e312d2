"""Sign-off and reopen: the reviewer's final word on an article, and the hash of what was signed."""
import hashlib
import json

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from annotator.extensions import db
from annotator.models import Article, Claim, Event, SignOff, Verdict, utcnow
from annotator.permissions import has_contributed
from annotator.services import notifications
from annotator.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from annotator.services.history import record_event
from annotator.services.review import (
    check_article_move, check_capability, check_article_version, flush_or_conflict, move_article,
)

HASH_FORMAT = "claim-annotator/content/1"
# The hash of a sign-off that records its terms (verdict labels and ratings, publisher).
HASH_FORMAT_WITH_TERMS = "claim-annotator/content/2"
ARTICLE_FIELDS = ("title", "byline", "outlet", "url", "published_on", "language", "text")
CLAIM_FIELDS = ("start", "end", "quote", "claimant", "verdict_key", "notes", "review_state")
SOURCE_FIELDS = ("url", "title", "publisher", "published_on", "passage", "relation", "archive_url")
MAX_REASON = 2000
PENDING = ("open", "submitted", "changes_requested")


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _pick(obj, fields):
    return {field: _plain(getattr(obj, field)) for field in fields}


def _canonical_claim(claim):
    data = _pick(claim, CLAIM_FIELDS)
    sources = [_pick(s, SOURCE_FIELDS) for s in sorted(claim.sources, key=lambda s: s.position)]
    data["sources"] = sources
    return data


def _dumps(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical_content(article, terms=None):
    """Return the annotated content of article as plain data, in a canonical order; with the
    sign-off's terms, those too."""
    claims = sorted((_canonical_claim(c) for c in article.claims),
                    key=lambda c: (c["start"], c["end"], _dumps(c)))
    content = {"format": HASH_FORMAT, "article": _pick(article, ARTICLE_FIELDS), "claims": claims}
    if terms is not None:
        content.update(format=HASH_FORMAT_WITH_TERMS, terms=terms)
    return content


def content_hash(article, terms=None):
    """Return the SHA-256 (hex) of the article's annotated content, as recorded at sign-off.

    The content is canonical JSON (keys sorted, no spaces, UTF-8, dates as ISO strings) of:
    the article's text and metadata (title, byline, outlet, url, published_on, language);
    every claim, dismissed ones included, with start, end, quote, claimant, verdict key,
    notes and review state; and each claim's sources in position order (url, title,
    publisher, published_on, passage, relation, archive_url). Claims are ordered by
    (start, end, content). Database ids, versions, people and timestamps are left out, so
    an export re-imported elsewhere hashes the same, and any change to an annotated field
    changes the hash. `article.claims` and each claim's `sources` must be loaded.

    terms: what the sign-off covered besides (signed_terms: the label and rating of each
    verdict its claims use, the ClaimReview publisher); given, they are hashed with the content
    under format HASH_FORMAT_WITH_TERMS, so a relabelled verdict cannot pass for what was signed.
    Sign-offs made before terms were recorded have none, and their hash is of the content alone.
    """
    return hashlib.sha256(_dumps(canonical_content(article, terms)).encode("utf-8")).hexdigest()


def configured_publisher():
    """Return the ClaimReview publisher this instance is configured with."""
    return {"name": current_app.config["PUBLISHER_NAME"], "url": current_app.config["PUBLISHER_URL"]}


def signed_terms(article, publisher):
    """Return the terms a sign-off records: the label and rating of every verdict the claims
    use (as the scale has them now; a key the scale lacks is left out, as exports leave it)."""
    keys = sorted({c.verdict_key for c in article.claims if c.verdict_key})
    rows = db.session.execute(select(Verdict.key, Verdict.label, Verdict.rating).where(Verdict.key.in_(keys)))
    verdicts = {key: {"label": label, "rating": rating} for key, label, rating in rows}
    return {"verdicts": verdicts, "publisher": {"name": publisher["name"], "url": publisher["url"]}}


def load_for_sign_off(article_id):
    """Return the article with claims and sources, fresh, its row locked FOR UPDATE (PostgreSQL)."""
    article = db.session.scalar(
        select(Article).where(Article.id == article_id).with_for_update()
        .options(selectinload(Article.claims).selectinload(Claim.sources))
        .execution_options(populate_existing=True)
    )
    if article is None:
        raise NotFound("No such article.")
    return article


def sign_off_blockers(claims):
    """Return what stands between these claims and a sign-off, as sentences (empty: ready)."""
    live = [c for c in claims if c.review_state != "dismissed"]
    counts = {
        "suggestion(s) still to accept or dismiss": sum(c.review_state == "suggested" for c in live),
        "claim(s) not approved yet": sum(c.review_state in PENDING for c in live),
        "orphaned claim(s) to re-anchor or delete": sum(c.anchor_state == "orphaned" for c in live),
    }
    return [f"{n} {what}" for what, n in counts.items() if n]


def _article_events(article_id):
    return db.session.scalars(select(Event).where(Event.article_id == article_id).order_by(Event.id)).all()


def is_self_review(actor, article, events):
    """Tell whether signing off is self-review: actor changed the content since the first
    submission of this cycle (permissions.has_contributed), or a claim now approved was
    approved under self-review. events: the article's, by id."""
    last_move = {e.claim_id: e.action for e in events if e.field == "review_state"}
    approved = (c.id for c in article.claims if c.review_state == "approved")
    return has_contributed(actor, events) or any(last_move.get(i) == "self_review" for i in approved)


def sign_off(actor, article_id, allow_self_review=False, expected_version=None, publisher=None):
    """Sign the article off: every claim approved, four eyes kept; record the hash and the terms
    it covers (publisher: the configured one unless given), and lock it."""
    check_capability(actor, "review")
    article = load_for_sign_off(article_id)
    check_article_version(article, expected_version)
    check_article_move(actor, article, "signed_off")
    blockers = sign_off_blockers(article.claims)
    if blockers:
        raise Conflict("Not ready to sign off: " + "; ".join(blockers) + ".")
    self_review = is_self_review(actor, article, _article_events(article.id))
    if self_review and not allow_self_review:
        raise PermissionDenied("You changed or approved your own work in this article; another reviewer must sign it off.")
    terms = signed_terms(article, publisher or configured_publisher())
    digest = content_hash(article, terms)
    record = SignOff(article_id=article.id, reviewer_id=actor.id, content_hash=digest, self_review=self_review,
                     terms=terms)
    db.session.add(record)
    move_article(actor, article, "signed_off")
    record_event(actor, "article", "sign_off", article_id=article.id, entity_id=article.id,
                 field="content_hash", new={"content_hash": digest, "self_review": self_review})
    notifications.notify(notifications.assigned_ids(article.id), "signed_off", actor, article.id)
    flush_or_conflict("Someone else changed this article at the same moment. Reload and try again.")
    return record


def _clean_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say why the article is reopened.", {"reason": ["Say why the article is reopened."]})
    if len(reason) > MAX_REASON:
        raise InvalidInput("The reason is too long.", {"reason": [f"Use at most {MAX_REASON} characters."]})
    return reason


def reopen(actor, article_id, reason, expected_version=None):
    """Reopen a signed-off article for annotation; the reason is required and recorded."""
    check_capability(actor, "review")
    reason = _clean_reason(reason)
    article = load_for_sign_off(article_id)
    check_article_version(article, expected_version)
    if article.state != "signed_off":
        raise Conflict("Only a signed-off article can be reopened.")
    check_article_move(actor, article, "annotating")
    record = get_current_sign_off(article.id)
    if record is not None:
        record.reopened_at, record.reopened_by_id, record.reopen_reason = utcnow(), actor.id, reason
    move_article(actor, article, "annotating")
    record_event(actor, "article", "reopen", article_id=article.id, entity_id=article.id,
                 field="reopen_reason", new=reason)
    notifications.notify(notifications.assigned_ids(article.id), "reopened", actor, article.id)
    flush_or_conflict("Someone else changed this article at the same moment. Reload and try again.")
    return article


def get_current_sign_off(article_id):
    """Return the sign-off in force (not reopened), or None."""
    return db.session.scalar(
        select(SignOff).where(SignOff.article_id == article_id, SignOff.reopened_at.is_(None))
        .options(selectinload(SignOff.reviewer)).order_by(SignOff.id.desc()).limit(1)
    )


def list_sign_offs(article_id):
    """Return every sign-off of the article, newest first, reviewers loaded."""
    return db.session.scalars(
        select(SignOff).where(SignOff.article_id == article_id)
        .options(selectinload(SignOff.reviewer)).order_by(SignOff.id.desc())
    ).all()
