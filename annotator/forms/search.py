"""The search box and its filters."""
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from annotator.forms.base import Form
from annotator.forms.listing import assignee_field
from annotator.limits import SEARCH_MAX_PAGE, SEARCH_QUERY_CHARS
from annotator.models import REVIEW_STATES


def searchable_text(form, field):
    """Refuse characters no index holds: NUL and other controls, lone surrogates."""
    value = field.data or ""
    if any((ord(c) < 32 and c not in "\t\n\r") or 0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise ValidationError("Remove the control characters (or broken characters) from the search.")


class SearchForm(Form):
    """The search box and its filters, read from the query string; the view sets the choices
    of kind (the registered kinds), verdict (the scale) and assignee (the active accounts)."""
    q = StringField("Search", validators=[InputRequired(message="Type something to search for."),
                                          Length(max=SEARCH_QUERY_CHARS), searchable_text])
    kind = SelectMultipleField("Look in", validators=[Optional()], choices=[])
    verdict = SelectField("Verdict", validators=[Optional()], choices=[])
    claimant = StringField("Claimant", validators=[Optional(), Length(max=300), searchable_text])
    review_state = SelectField("Review state", validators=[Optional()], choices=[SelectChoice("", "Any")] + [
        SelectChoice(s, s.replace("_", " ").capitalize()) for s in REVIEW_STATES])
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200), searchable_text])
    assignee = assignee_field()  # choices: the view's people
    published_from = DateField("Published from", validators=[Optional()])
    published_until = DateField("Published until", validators=[Optional()])
    page = IntegerField("Page", default=1, validators=[Optional(), NumberRange(min=1, max=SEARCH_MAX_PAGE)])

    def validate_published_until(self, field):
        if field.data and self.published_from.data and field.data < self.published_from.data:
            raise ValidationError("The end date comes before the start date.")
