"""Load a row by id for a service, or raise the domain's NotFound."""
from annotator.extensions import db
from annotator.services.errors import NotFound


def get_or_not_found(model, row_id, message):
    """Return the model row with this id, or raise NotFound(message)."""
    row = db.session.get(model, row_id)
    if row is None:
        raise NotFound(message)
    return row
