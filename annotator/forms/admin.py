"""Administration: accounts, the verdict scale, the reference library."""
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from annotator.forms.auth import AccountForm, new_password_fields
from annotator.forms.base import Form, web_address
from annotator.models import ROLES

ROLE_CHOICES = [SelectChoice(role, role.title()) for role in ROLES]


class ResetPasswordForm(Form):
    password, confirm = new_password_fields("New password")


class NewUserForm(AccountForm):
    role = SelectField("Role", choices=ROLE_CHOICES, default="annotator")


class EditUserForm(Form):
    role = SelectField("Role", choices=ROLE_CHOICES)
    active = BooleanField("Active")


class VerdictForm(Form):
    label = StringField("Label", validators=[DataRequired(), Length(max=80)])
    rating = IntegerField("ClaimReview rating (1 worst, 5 best; empty for none)",
                          validators=[Optional(), NumberRange(min=1, max=5)])
    position = IntegerField("Position", validators=[Optional(), NumberRange(min=0, max=999)])
    active = BooleanField("Can be chosen")


class NewVerdictForm(VerdictForm):
    key = StringField("Key", validators=[
        DataRequired(), Length(min=2, max=40),
        Regexp(r"^[a-z][a-z0-9_]*$", message="Use lower-case letters, digits and _ (e.g. half_true)."),
    ])


class PublisherForm(Form):
    """The organisation ClaimReview names as the publisher of its reviews."""
    name = StringField("Name", validators=[DataRequired("Give the organisation's name."), Length(max=200)])
    url = web_address("Web address", required=True)


class ReferenceImportForm(Form):
    file = FileField("ClaimReview file", validators=[
        FileRequired("Choose a file to import."),
        FileAllowed(["json", "jsonld", "csv"], "Upload a .json, .jsonld or .csv file."),
    ])
