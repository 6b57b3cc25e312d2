"""Claims to re-check: the article's last revision changed their sentence, and nobody has edited
or reviewed them since. An approved one has already gone back to review (services/revisions.py)."""
from dataclasses import dataclass

from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Event


@dataclass(frozen=True)
class Recheck:
    claim_id: int
    revision: int
    before: str  # the sentence as it was
    after: str  # the sentence now


def list_rechecks(article):
    """Return the Rechecks of the article's current revision (three queries, whatever its size)."""
    revised = _revise_event_id(article)
    if revised is None:
        return []
    changes = db.session.execute(select(Event.claim_id, Event.old, Event.new).where(
        Event.article_id == article.id, Event.entity == "claim", Event.action == "sentence_change",
        Event.id < revised).order_by(Event.id)).all()
    found = {claim_id: Recheck(claim_id, new["revision"], old["sentence"], new["sentence"])
             for claim_id, old, new in changes if new.get("revision") == article.revision_number}
    touched = set(db.session.scalars(select(Event.claim_id).distinct().where(
        Event.article_id == article.id, Event.id > revised, Event.claim_id.in_(found))))
    return [check for claim_id, check in found.items() if claim_id not in touched]


def _revise_event_id(article):
    """Return the id of the event that recorded the current revision, or None (never revised)."""
    if article.revision_number < 2:
        return None
    row = db.session.execute(select(Event.id, Event.new).where(
        Event.article_id == article.id, Event.entity == "article", Event.action == "revise")
        .order_by(Event.id.desc()).limit(1)).first()
    return row.id if row and row.new.get("revision") == article.revision_number else None
