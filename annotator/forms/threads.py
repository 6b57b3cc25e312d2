"""Forms of the discussion, the notifications and the mail preference (pages and API alike)."""
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp

from annotator.forms.base import Form, storable_text
from annotator.models import MAIL_FREQUENCIES
from annotator.limits import COMMENT_CHARS

FREQUENCY_LABELS = {"immediately": "Immediately", "daily": "Once a day (a digest)", "off": "Off: no e-mail"}


class CommentForm(Form):
    # The length is checked by the service (threads.clean_body) after stripping, with the count
    # in its message; the form only keeps what no column can store out.
    body = TextAreaField("Comment", validators=[storable_text, Length(max=COMMENT_CHARS * 2)])


class MentionForm(Form):
    prefix = StringField("Start of a username", validators=[
        Optional(), Length(max=64), Regexp(r"^[A-Za-z0-9_.-]*$", message="A username holds only letters, digits, _ . and -."),
    ])


class MailPreferenceForm(Form):
    email = StringField("E-mail address", validators=[
        Optional(), Length(max=254),
        # A plain shape check: the mail server is the judge of an address; this catches typos.
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Give an address like name@example.org."),
    ])
    frequency = SelectField("Send me e-mail", choices=[SelectChoice(f, FREQUENCY_LABELS[f]) for f in MAIL_FREQUENCIES],
                            default="immediately")
