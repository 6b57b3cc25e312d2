"""The detector's claim suggestions."""
import math

from wtforms import FloatField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from annotator.forms.base import Form


def score_field(label, required=False, **kwargs):
    """A detector score between 0 and 1, optional unless required."""
    first = InputRequired(message=f"Give the {label.lower()}, between 0 and 1.") if required else Optional()
    return FloatField(label, validators=[first, NumberRange(min=0, max=1), _not_nan], **kwargs)


def _not_nan(form, field):
    """Refuse NaN, which NumberRange lets through (it compares false with every bound)."""
    if field.data is not None and math.isnan(field.data):
        raise ValidationError("Give a number between 0 and 1.")


class SuggestForm(Form):
    threshold = score_field("Lowest score to suggest")


class SuggestionSettingsForm(Form):
    threshold = score_field("Lowest score to suggest", required=True)


class DecideSuggestionsForm(Form):
    decision = SelectField("Decision", choices=[SelectChoice("accept", "Accept"), SelectChoice("dismiss", "Dismiss")])
    min_score = score_field("Score at least", default=0.0)
