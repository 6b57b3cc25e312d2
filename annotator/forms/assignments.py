"""Who annotates and reviews an article."""
from wtforms import DateField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from annotator.forms.base import Form, one_of
from annotator.limits import USERNAME_CHARS
from annotator.models import PRIORITIES

PRIORITY_CHOICES = [SelectChoice(p, p.title()) for p in PRIORITIES]


class AssignmentForm(Form):
    """Who annotates and who reviews an article; usernames, checked by the assignments service."""
    annotators = SelectMultipleField("Annotators", validate_choice=False, validators=[
        DataRequired(message="Choose at least one annotator.")])
    reviewer = SelectField("Reviewer", validate_choice=False, validators=[Optional(), Length(max=USERNAME_CHARS)])
    due_on = DateField("Due date", validators=[Optional()])
    priority = SelectField("Priority", choices=PRIORITY_CHOICES, default="normal", validate_choice=False,
                           validators=[one_of(PRIORITIES, "priority")])

    def validate_annotators(self, field):
        if any(len(name) > USERNAME_CHARS for name in field.data or []):
            raise ValidationError(f"A username has at most {USERNAME_CHARS} characters.")
