"""Claims: create, change and delete, guarded by version numbers."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from annotator import permissions
from annotator.extensions import db
from annotator.models import Claim, utcnow
from annotator.services.articles import ensure_unlocked, get_article
from annotator.services.claimants import link
from annotator.services.errors import InvalidInput
from annotator.services.history import record_changes, record_event
from annotator.services.lookup import check_version, get_claim
from annotator.services.review import note_content_change
from annotator.services.verdicts import check_verdict_key
from annotator.text.spans import quote_at

EDITABLE_FIELDS = ("claimant", "verdict_key", "notes")
CHANGED = "Someone else changed this claim since you opened it."


def _anchor(article, start, end):
    try:
        quote = quote_at(article.text, start, end)
    except ValueError as error:
        raise InvalidInput(str(error), {"start": [str(error)]}) from None
    if not quote.exact.strip():
        raise InvalidInput("A claim must cover some text, not only spaces.", {"start": ["Empty span."]})
    return {"start": start, "end": end, "quote": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix}


def _find_by_key(article, key):
    return db.session.scalar(select(Claim).where(Claim.article_id == article.id, Claim.idempotency_key == key))


def create_claim(actor, article, start, end, *, idempotency_key=None, origin="manual",
                 review_state="open", score=None, reasons=(), **fields):
    """Create a claim on [start, end); a repeated idempotency key returns the first claim."""
    permissions.check(actor, "claim.create")
    ensure_unlocked(article)
    if idempotency_key and (existing := _find_by_key(article, idempotency_key)):
        return existing, False
    check_verdict_key(fields.get("verdict_key"))
    # sources=[]: a new claim has none, and a loaded empty list needs no query to read.
    claim = Claim(article_id=article.id, origin=origin, review_state=review_state, score=score, sources=[],
                  reasons=list(reasons), idempotency_key=idempotency_key, created_by_id=actor.id,
                  updated_by_id=actor.id, **_anchor(article, start, end),
                  **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS and v is not None})
    link([claim])
    if idempotency_key:
        try:
            with db.session.begin_nested():
                db.session.add(claim)
        except IntegrityError:
            # Two retries raced; the first one won and holds the key.
            return _find_by_key(article, idempotency_key), False
    else:
        db.session.add(claim)
        db.session.flush()
    record_event(actor, "claim", "create", article_id=article.id, claim_id=claim.id, entity_id=claim.id,
                 new={"start": start, "end": end, "quote": claim.quote, "origin": origin})
    return claim, True


def create_claims(actor, article, rows):
    """Create many claims at once (suggestions): one flush, one history event each; return them.

    Each row holds start, end and the other columns (origin, review_state, score, reasons, claimant).
    """
    permissions.check(actor, "claim.create")
    ensure_unlocked(article)
    claims = [Claim(article_id=article.id, created_by_id=actor.id, updated_by_id=actor.id,
                    **{**row, "reasons": list(row.get("reasons", ())), **_anchor(article, row["start"], row["end"])})
              for row in rows]
    link(claims)
    db.session.add_all(claims)
    db.session.flush()
    for claim in claims:
        record_event(actor, "claim", "create", article_id=article.id, claim_id=claim.id, entity_id=claim.id,
                     new={"start": claim.start, "end": claim.end, "quote": claim.quote, "origin": claim.origin})
    return claims


def load_for_change(claim_id, expected_version, article_id=None):
    """Return (claim, article) for a change of the claim: the claim locked and at the version
    the change was made against, its article not signed off."""
    claim = get_claim(claim_id, lock=True, article_id=article_id)
    article = get_article(claim.article_id)
    ensure_unlocked(article)
    check_version(claim, expected_version, CHANGED)
    return claim, article


def update_claim(actor, claim_id, expected_version, changes):
    """Apply field changes (and a new span) to the claim, one history event per changed field."""
    permissions.check(actor, "claim.edit")
    claim, article = load_for_change(claim_id, expected_version)
    changes = dict(changes)
    if "verdict_key" in changes and changes["verdict_key"] != claim.verdict_key:
        check_verdict_key(changes["verdict_key"])  # a retired verdict may stay, but nobody chooses it anew
    if any(changes.get(key, 0) is None for key in ("start", "end")):
        raise InvalidInput("Give the start and end as numbers.", {"start": ["Give a number."]})
    if "start" in changes or "end" in changes:
        changes.update(_anchor(article, changes.get("start", claim.start), changes.get("end", claim.end)))
    allowed = {k: v for k, v in changes.items() if k in EDITABLE_FIELDS + ("start", "end", "quote", "prefix", "suffix")}
    changed = record_changes(actor, "claim", claim, allowed, article_id=claim.article_id, claim_id=claim.id)
    if "claimant" in changed:
        link([claim])
    if changed:
        claim.updated_by_id = actor.id
        claim.updated_at = utcnow()
        note_content_change(actor, claim)
        db.session.flush()
    return claim


def delete_claim(actor, claim_id, expected_version, article_id=None):
    """Delete the claim (of article_id's article, when given); its history stays."""
    permissions.check(actor, "claim.delete")
    claim, _ = load_for_change(claim_id, expected_version, article_id)
    record_event(actor, "claim", "delete", article_id=claim.article_id, claim_id=claim.id,
                 entity_id=claim.id, old={"start": claim.start, "end": claim.end, "quote": claim.quote})
    db.session.delete(claim)
    db.session.flush()
