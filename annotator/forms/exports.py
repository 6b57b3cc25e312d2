"""Export filters and the import upload."""
from datetime import date

from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, DateField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from annotator.forms.base import Form
from annotator.models import ARTICLE_STATES


class ExportFilterForm(Form):
    """Which articles a multi-article export holds; read from the query string."""
    state = SelectMultipleField("Article state", validators=[Optional()],
                                choices=[SelectChoice(s, s.replace("_", " ")) for s in ARTICLE_STATES])
    signed_off = BooleanField("Signed-off articles only")
    since = DateField("With activity from", validators=[Optional()])
    until = DateField("With activity until (inclusive)", validators=[Optional()])

    def validate_until(self, field):
        if field.data and field.data >= date.max:
            raise ValidationError("Choose an earlier end date.")
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end date comes before the start date.")


class ImportForm(Form):
    file = FileField("Export file (claim-annotator/1, .json or .jsonl)", validators=[
        FileAllowed(("json", "jsonl", "ndjson"), "Upload a .json or .jsonl export."),
    ])

    def validate_file(self, field):
        if not field.data:
            raise ValidationError("Choose a file to import.")
