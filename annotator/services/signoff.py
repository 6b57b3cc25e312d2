"""Sign-off and reopen: the reviewer's final word on an article, and the hash of what was signed."""
import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from annotator.extensions import db
from annotator.limits import REVIEW_TEXT_CHARS
from annotator.models import Article, Claim, Event, SignOff, Verdict, utcnow
from annotator import permissions
from annotator.models.types import iso_time
from annotator.permissions import FourEyes
from annotator.services import notifications
from annotator.services.errors import Conflict, InvalidInput, NotFound
from annotator.services.history import record_event
from annotator.services.lookup import check_version
from annotator.services.publisher import current_publisher
from annotator.services.review import (
    ARTICLE_CHANGED, check_article_move, flush_or_conflict, move_article,
)
from annotator.text.words import counted

HASH_FORMAT = "claim-annotator/content/1"
# The hash of a sign-off that records its terms (verdict labels and ratings, publisher).
HASH_FORMAT_WITH_TERMS = "claim-annotator/content/2"
ARTICLE_FIELDS = ("title", "byline", "outlet", "url", "published_on", "language", "text")
CLAIM_FIELDS = ("start", "end", "quote", "claimant", "verdict_key", "notes", "review_state")
SOURCE_FIELDS = ("url", "title", "publisher", "published_on", "passage", "relation", "archive_url")
PENDING = ("open", "submitted", "changes_requested")


def _pick(obj, fields):
    return {field: iso_time(getattr(obj, field)) for field in fields}


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
    live = [c for c in claims if not c.is_dismissed]
    counts = {
        ("suggestion", "still to accept or dismiss"): sum(c.is_suggested for c in live),
        ("claim", "not approved yet"): sum(c.review_state in PENDING for c in live),
        ("orphaned claim", "to re-anchor or delete"): sum(c.anchor_state == "orphaned" for c in live),
    }
    return [f"{counted(n, noun)} {what}" for (noun, what), n in counts.items() if n]


def _article_events(article_id):
    return db.session.scalars(select(Event).where(Event.article_id == article_id).order_by(Event.id)).all()


def four_eyes_of(article, events, allow_self_review):
    """Return what the four-eyes rule reads of a sign-off: the article's events (by id), and
    whether a claim now approved was approved under self-review (signing that off is too)."""
    last_move = {e.claim_id: e.action for e in events if e.field == "review_state"}
    approved = (c.id for c in article.claims if c.is_approved)
    return FourEyes(events, None, allow_self_review, any(last_move.get(i) == "self_review" for i in approved))


def sign_off(actor, article_id, allow_self_review=False, expected_version=None, publisher=None):
    """Sign the article off: every claim approved, four eyes kept; record the hash and the terms
    it covers (publisher: the configured one unless given), and lock it."""
    permissions.check(actor, "article.sign_off")
    article = load_for_sign_off(article_id)
    check_version(article, expected_version, ARTICLE_CHANGED)
    check_article_move(actor, article, "signed_off")
    blockers = sign_off_blockers(article.claims)
    if blockers:
        raise Conflict("Not ready to sign off: " + "; ".join(blockers) + ".")
    four_eyes = four_eyes_of(article, _article_events(article.id), allow_self_review)
    permissions.check(actor, "article.sign_off", four_eyes)
    self_review = permissions.is_own_work(actor, four_eyes)
    terms = signed_terms(article, publisher or current_publisher())
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
    if len(reason) > REVIEW_TEXT_CHARS:
        raise InvalidInput("The reason is too long.", {"reason": [f"Use at most {REVIEW_TEXT_CHARS} characters."]})
    return reason


def reopen(actor, article_id, reason, expected_version=None):
    """Reopen a signed-off article for annotation; the reason is required and recorded."""
    permissions.check(actor, "article.reopen")
    reason = _clean_reason(reason)
    article = load_for_sign_off(article_id)
    check_version(article, expected_version, ARTICLE_CHANGED)
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
        .options(joinedload(SignOff.reviewer)).order_by(SignOff.id.desc()).limit(1)
    )


def list_sign_offs(article_id):
    """Return every sign-off of the article, newest first, reviewers loaded."""
    return db.session.scalars(
        select(SignOff).where(SignOff.article_id == article_id)
        .options(selectinload(SignOff.reviewer)).order_by(SignOff.id.desc())
    ).all()
