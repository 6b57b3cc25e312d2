"""Signing in and the first account."""
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from annotator.forms.base import Form, storable_text
from annotator.limits import PASSWORD_CHARS, USERNAME_CHARS
from annotator.services.accounts import USERNAME_PATTERN


def username_shape(form, field):
    """Accept a username only when it matches whole ("name\n" does not)."""
    if field.data and not USERNAME_PATTERN.fullmatch(field.data):
        raise ValidationError("Use 2 to 64 letters, digits, '.', '_' or '-' only.")


def new_password_fields(label="Password"):
    """A new password and its repetition; the accounts service applies the password policy."""
    return (
        PasswordField(label, validators=[DataRequired(), Length(max=PASSWORD_CHARS), storable_text]),
        PasswordField("Repeat password", validators=[
            DataRequired(), EqualTo("password", message="The passwords differ."), storable_text,
        ]),
    )


class LoginForm(Form):
    username = StringField("Username", validators=[DataRequired(), Length(max=USERNAME_CHARS), storable_text])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=PASSWORD_CHARS), storable_text])


class AccountForm(Form):
    username = StringField("Username", validators=[DataRequired(), Length(min=2, max=USERNAME_CHARS), username_shape])
    display_name = StringField("Display name", validators=[Optional(), Length(max=120), storable_text])
    password, confirm = new_password_fields()
