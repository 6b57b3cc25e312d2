"""API: the signed-in user's own account."""
from annotator.forms.account import ChangePasswordForm
from annotator.security import is_token_request
from annotator.serializers import user_json
from annotator.views.account import change_own_password
from annotator.views.api import bp
from annotator.views.helpers import json_data, json_form, requires


@bp.post("/me/password")
@requires("account.password")
def change_password():
    form, _ = json_form(ChangePasswordForm)
    user = change_own_password(form, keep_session=not is_token_request())
    return json_data(user_json(user))
