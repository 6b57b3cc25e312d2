"""Articles and their claims (the pages and the API)."""
from flask_wtf.file import FileAllowed, FileField
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.validators import ValidationError

from annotator.forms.base import ARTICLE_FILE_TYPES, Form, http_url
from annotator.limits import TEXT_FIELD_CHARS


class ArticleForm(Form):
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    byline = StringField("Byline", validators=[Optional(), Length(max=300)])
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200)])
    url = StringField("Original URL", validators=[
        Optional(), Length(max=2000), URL(require_tld=False, message="Enter a full address."), http_url,
    ])
    published_on = DateField("Publication date", validators=[Optional()])
    language = StringField("Language", default="en", validators=[
        Optional(), Length(max=16), Regexp(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", message="Use a code such as en or pt-BR."),
    ])
    text = TextAreaField("Text", validators=[Optional()])
    source_format = SelectField("The pasted text is", default="text", choices=[
        SelectChoice("text", "Plain text"), SelectChoice("markdown", "Markdown"), SelectChoice("html", "HTML"),
    ])
    file = FileField("Or upload a file", validators=[
        FileAllowed(ARTICLE_FILE_TYPES, "Upload a .txt, .md or .html file."),
    ])

    def validate_text(self, field):
        pasted = bool((field.data or "").strip())
        if not pasted and not self.file.data:
            raise ValidationError("Paste the article's text or upload a file.")
        if pasted and self.file.data:
            # Importing one and dropping the other would lose work without a word.
            raise ValidationError("You pasted text and chose a file: import one of them. Empty the text box to "
                                  "import the file, or choose no file to import the text.")


class ArticleImportForm(ArticleForm):
    """The import page: the title may be left out, and is then taken from the headline or file name."""
    title = StringField("Title", validators=[Optional(), Length(max=300)],
                        description="Leave it empty to use the first line (the headline) or the file's name.")


class ClaimForm(Form):
    start = IntegerField("Start", validators=[InputRequired(), NumberRange(min=0)])
    end = IntegerField("End", validators=[InputRequired(), NumberRange(min=1)])
    claimant = StringField("Claimant", validators=[Optional(), Length(max=300)])
    verdict = StringField("Verdict", validators=[Optional(), Length(max=40)])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=TEXT_FIELD_CHARS)])

    def validate_end(self, field):
        if self.start.data is not None and field.data is not None and field.data <= self.start.data:
            raise ValidationError("The end must come after the start.")


class ClaimUpdateForm(Form):
    version = IntegerField("Version", validators=[InputRequired(), NumberRange(min=1)])
    start = IntegerField("Start", validators=[Optional(), NumberRange(min=0)])
    end = IntegerField("End", validators=[Optional(), NumberRange(min=1)])
    claimant = StringField("Claimant", validators=[Optional(), Length(max=300)])
    verdict = StringField("Verdict", validators=[Optional(), Length(max=40)])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=TEXT_FIELD_CHARS)])


class VersionForm(Form):
    version = IntegerField("Version", validators=[InputRequired(), NumberRange(min=1)])
