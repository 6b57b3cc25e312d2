"""The article list's filters, sort and page."""
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from annotator.forms.base import Form, one_of
from annotator.limits import LIST_MAX_PER_PAGE, MAX_INT
from annotator.models import ARTICLE_STATES

ARTICLE_SORTS = [
    SelectChoice("newest", "Newest first"), SelectChoice("oldest", "Oldest first"),
    SelectChoice("title", "Title"), SelectChoice("due", "Due date"), SelectChoice("priority", "Priority"),
    SelectChoice("updated", "Last changed"),
]
DUE_CHOICES = [SelectChoice("", "Any time"), SelectChoice("overdue", "Overdue"),
               SelectChoice("soon", "Due in the next 7 days"), SelectChoice("none", "No due date")]


def listed_assignee(form, field):
    """Refuse an assignee the view's choices (anyone, me, nobody, the active accounts) do not hold."""
    if field.data and field.data not in {value for value, _ in field.choices}:
        raise ValidationError(f"No active account is named {field.data!r}.")


def assignee_field(label="Assigned to"):
    return SelectField(label, default="", validate_choice=False, validators=[listed_assignee])


class ArticleListForm(Form):
    """The article list's filters, sort and page, read from the query string."""
    q = StringField("Title contains", validators=[Optional(), Length(max=200)])
    state = SelectField("State", default="", validate_choice=False, choices=[SelectChoice("", "Any state")] + [
        SelectChoice(s, s.replace("_", " ").capitalize()) for s in ARTICLE_STATES],
        validators=[one_of(("", *ARTICLE_STATES), "state")])
    assignee = assignee_field()  # choices: the view's people
    due = SelectField("Due", default="", choices=DUE_CHOICES, validate_choice=False,
                      validators=[one_of([c.value for c in DUE_CHOICES], "due filter")])
    outlet = SelectField("Outlet", default="", validate_choice=False, validators=[Length(max=200)])
    sort = SelectField("Sort by", default="newest", choices=ARTICLE_SORTS, validate_choice=False,
                       validators=[one_of([c.value for c in ARTICLE_SORTS], "sort")])
    page = IntegerField("Page", default=1, validators=[Optional(), NumberRange(min=1, max=MAX_INT)])
    per_page = IntegerField("Per page", validators=[Optional(), NumberRange(min=1, max=LIST_MAX_PER_PAGE)])

    def validate_outlet(self, field):
        if field.data and field.data not in {value for value, _ in field.choices}:
            raise ValidationError(f"No article names the outlet {field.data!r}.")
