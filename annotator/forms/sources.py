"""The sources of a claim."""
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from annotator.forms.base import Form, web_address
from annotator.limits import TEXT_FIELD_CHARS


class SourceForm(Form):
    url = web_address("Source URL", required=True)
    title = StringField("Title", validators=[Optional(), Length(max=500)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=300)])
    published_on = DateField("Date", validators=[Optional()])
    passage = TextAreaField("Passage quoted", validators=[Optional(), Length(max=TEXT_FIELD_CHARS)])
    relation = SelectField("Bearing on the claim", default="supports", choices=[
        SelectChoice("supports", "Supports"), SelectChoice("refutes", "Refutes"),
        SelectChoice("context", "Context"),
    ])
    archive_url = web_address("Archived copy URL")


class SourceUpdateForm(SourceForm):
    """A change to some fields of a source; version is the claim's version the editor saw."""
    version = IntegerField("Version", validators=[InputRequired(), NumberRange(min=1)])
    url = web_address("Source URL")
