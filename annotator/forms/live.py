"""Live updates: a poll of an article's changes and a presence heartbeat."""
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange, Optional

from annotator.forms.base import Form
from annotator.limits import MAX_INT


class ChangesForm(Form):
    """A live poll: the events after this cursor; the claims of events after `seen` (default: the cursor)."""
    after = IntegerField("After event", validators=[InputRequired(), NumberRange(min=0, max=MAX_INT)])
    seen = IntegerField("Seen event", validators=[Optional(), NumberRange(min=0, max=MAX_INT)])


class PresenceForm(Form):
    """A heartbeat: the claim the person has open, or none."""
    claim_id = IntegerField("Claim", validators=[Optional(), NumberRange(min=1, max=MAX_INT)])
