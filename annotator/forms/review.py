"""Review and sign-off."""
from wtforms import BooleanField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from annotator.forms.base import Form
from annotator.limits import REVIEW_TEXT_CHARS


class ReviewForm(Form):
    """A review move; version (optional) is the claim's or article's version the reviewer saw."""
    version = IntegerField("Version", validators=[Optional(), NumberRange(min=1)])


class RequestChangesForm(ReviewForm):
    comment = TextAreaField("What should change", validators=[
        DataRequired(message="Say what should change."), Length(max=REVIEW_TEXT_CHARS),
    ])


class ReopenForm(ReviewForm):
    reason = TextAreaField("Why reopen", validators=[
        DataRequired(message="Say why the article is reopened."), Length(max=REVIEW_TEXT_CHARS),
    ])


class SelfReviewForm(Form):
    allowed = BooleanField("Allow self-review (one-person newsrooms)")
