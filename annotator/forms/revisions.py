"""New copy of an article, re-attaching orphaned claims, comparing revisions."""
from flask_wtf.file import FileAllowed, FileField
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from annotator.forms.articles import ClaimForm, VersionForm
from annotator.forms.base import ARTICLE_FILE_TYPES, Form
from annotator.limits import MAX_INT


class RevisionForm(Form):
    """New copy for an article, pasted or uploaded; version is the article's version the editor saw."""
    text = TextAreaField("New text")  # no Optional(): it would skip validate_text
    source_format = SelectField("The pasted text is", default="text", choices=[
        SelectChoice("text", "Plain text"), SelectChoice("markdown", "Markdown"), SelectChoice("html", "HTML"),
    ])
    file = FileField("Or upload a file", validators=[
        FileAllowed(ARTICLE_FILE_TYPES, "Upload a .txt, .md or .html file."),
    ])
    note = StringField("What changed", validators=[Optional(), Length(max=500)])
    version = IntegerField("Version", validators=[Optional(), NumberRange(min=1)])

    def validate_text(self, field):
        edited = bool((field.data or "").strip())
        if not edited and not self.file.data:
            raise ValidationError("Paste the new text or upload a file.")
        if edited and self.file.data:  # taking the file would drop the edit without a word
            raise ValidationError("You edited the text and chose a file: save one of them. Empty the text box to "
                                  "upload the file, or choose no file to save the text.")


class ReattachForm(VersionForm):
    """A new span for an orphaned claim, in code points of the current text."""
    start = IntegerField("Start", validators=[InputRequired(), NumberRange(min=0)])
    end = IntegerField("End", validators=[InputRequired(), NumberRange(min=1)])
    validate_end = ClaimForm.validate_end


class CompareForm(Form):
    """Two revision numbers to compare, from the query string."""
    old = IntegerField("From revision", validators=[Optional(), NumberRange(min=1, max=MAX_INT)])
    new = IntegerField("To revision", validators=[Optional(), NumberRange(min=1, max=MAX_INT)])
