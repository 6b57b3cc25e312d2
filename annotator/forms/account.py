"""One's own account: the password and API tokens."""
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from annotator.forms.auth import new_password_fields
from annotator.forms.base import Form, storable_text
from annotator.limits import PASSWORD_CHARS


class ChangePasswordForm(Form):
    current_password = PasswordField("Current password", validators=[
        DataRequired(), Length(max=PASSWORD_CHARS), storable_text,
    ])
    password, confirm = new_password_fields("New password")


class TokenForm(Form):
    name = StringField("Token name", validators=[DataRequired(), Length(max=80), storable_text])
