"""Write history events; the table is append-only, so this is the only verb."""
from annotator.extensions import db
from annotator.models import Event
from annotator.models.types import iso_time


def record_event(actor, entity, action, *, article_id=None, claim_id=None, entity_id=None,
                 field="", old=None, new=None):
    """Add one event to the session, in the caller's transaction."""
    event = Event(
        actor_id=actor.id if actor is not None else None,
        entity=entity, action=action, article_id=article_id, claim_id=claim_id,
        entity_id=entity_id, field=field, old=iso_time(old), new=iso_time(new),
    )
    db.session.add(event)
    return event


def record_changes(actor, entity, obj, changes, *, article_id=None, claim_id=None):
    """Apply `changes` (field -> value) to obj, writing an event for each real change."""
    changed = {}
    for field, value in changes.items():
        old = getattr(obj, field)
        if old == value:
            continue
        setattr(obj, field, value)
        changed[field] = (old, value)
        record_event(actor, entity, "update", article_id=article_id, claim_id=claim_id,
                     entity_id=obj.id, field=field, old=old, new=value)
    return changed
