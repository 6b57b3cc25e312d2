"""The verdict scale of this instance."""
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import DEFAULT_SCALE, Verdict
from annotator.services.errors import InvalidInput


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


def seed_default_scale():
    """Add the default scale when the instance has none."""
    if db.session.scalar(select(Verdict.id).limit(1)) is not None:
        return
    for position, (key, label, rating) in enumerate(DEFAULT_SCALE):
        db.session.add(Verdict(key=key, label=label, rating=rating, position=position))
    db.session.flush()
