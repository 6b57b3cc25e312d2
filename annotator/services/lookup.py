"""Load what a service acts on, by id, and check the version it was asked to change."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from annotator.extensions import db
from annotator.models import Claim
from annotator.services.errors import Conflict, NotFound


def get_or_not_found(model, row_id, message):
    """Return the model row with this id, or raise NotFound(message)."""
    row = db.session.get(model, row_id)
    if row is None:
        raise NotFound(message)
    return row


def get_claim(claim_id, lock=False, article_id=None):
    """Return the claim, its sources loaded, or raise NotFound (also when article_id, the article
    in the address, is not the claim's).

    With lock, the row is locked until the transaction ends (FOR UPDATE on PostgreSQL;
    SQLite already serialises writers), so the version check sees the latest save.
    """
    query = select(Claim).where(Claim.id == claim_id).options(selectinload(Claim.sources))
    if lock:
        query = query.with_for_update(of=Claim)
    claim = db.session.scalar(query)
    if claim is None:
        raise NotFound("No such claim.")
    if article_id is not None and claim.article_id != article_id:
        raise NotFound("This article has no such claim.")
    return claim


def check_version(row, expected_version, message):
    """Refuse a change made against an older version of row (a claim or an article); the
    Conflict about a claim carries the claim as it is now, for the editor to show."""
    if expected_version is not None and expected_version != row.version:
        raise Conflict(message, current=row if isinstance(row, Claim) else None)
