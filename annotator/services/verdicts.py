"""The verdict scale of this instance."""
from sqlalchemy import func, select

from annotator import permissions
from annotator.extensions import db
from annotator.models import Verdict
from annotator.services.errors import Conflict, InvalidInput
from annotator.services.history import record_changes, record_event
from annotator.services.lookup import get_or_not_found


def list_verdicts(include_inactive=False):
    """Return the scale in display order."""
    query = select(Verdict).order_by(Verdict.position, Verdict.id)
    if not include_inactive:
        query = query.where(Verdict.active.is_(True))
    return db.session.scalars(query).all()


def check_verdict_key(key):
    """Return key when it names an active verdict (None means unrated), else raise."""
    if key is None:
        return None
    if db.session.scalar(select(Verdict.id).where(Verdict.key == key, Verdict.active.is_(True))) is None:
        raise InvalidInput(f"Unknown verdict {key!r}.", {"verdict": [f"Unknown verdict {key!r}."]})
    return key


def get_verdict(verdict_id):
    """Return the verdict or raise NotFound."""
    return get_or_not_found(Verdict, verdict_id, "No such verdict.")


def create_verdict(actor, key, label, rating=None, position=None):
    """Add a verdict to the scale; keys are permanent because claims and exports name them."""
    permissions.check(actor, "admin.verdicts")
    if db.session.scalar(select(Verdict.id).where(Verdict.key == key)) is not None:
        raise Conflict(f"The key {key!r} is taken.", {"key": ["That key is taken."]})
    if position is None:
        position = (db.session.scalar(select(func.max(Verdict.position))) or 0) + 1
    verdict = Verdict(key=key, label=label, rating=rating, position=position)
    db.session.add(verdict)
    db.session.flush()
    record_event(actor, "verdict", "create", entity_id=verdict.id,
                 new={"key": key, "label": label, "rating": rating})
    return verdict


def update_verdict(actor, verdict, **changes):
    """Change a verdict's label, rating, position or whether it can be chosen for new ratings."""
    permissions.check(actor, "admin.verdicts")
    return record_changes(actor, "verdict", verdict, changes)
