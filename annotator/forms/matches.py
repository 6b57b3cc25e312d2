"""Forms of "Checked before": reusing an earlier verdict, dismissing a match (the API)."""
from wtforms import IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange

from annotator.forms.base import Form
from annotator.limits import MAX_INT


class ReuseForm(Form):
    original = IntegerField("Earlier claim", validators=[
        InputRequired(message="Choose the earlier claim whose verdict to reuse."), NumberRange(min=1, max=MAX_INT)])
    version = IntegerField("Version", validators=[InputRequired(), NumberRange(min=1, max=MAX_INT)])


class DismissMatchForm(Form):
    kind = SelectField("Kind of match", choices=[
        SelectChoice("claim", "An earlier claim"), SelectChoice("reference", "A reference review")],
        validators=[InputRequired(message="Say whether the match is an earlier claim or a reference review.")])
    id = IntegerField("Match", validators=[
        InputRequired(message="Say which match is not the same claim."), NumberRange(min=1, max=MAX_INT)])
