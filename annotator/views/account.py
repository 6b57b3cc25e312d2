"""The signed-in user's own account: the password and personal API tokens."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user

from annotator.forms.account import ChangePasswordForm, TokenForm
from annotator.services import accounts
from annotator.services.errors import InvalidInput
from annotator.views.auth import count_attempt
from annotator.views.helpers import requires, show_errors, validated

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.get("")
@requires("account.view")
def show():
    tokens = accounts.list_api_tokens(current_user)
    return render_template("account/show.html", tokens=tokens, form=TokenForm(), new_token=None)


@bp.get("/password")
@requires("account.password")
def password():
    return render_template("account/password.html", form=ChangePasswordForm())


@bp.post("/password")
@requires("account.password")
def change_password():
    form = ChangePasswordForm()
    if form.validate():
        try:
            change_own_password(form)
        except InvalidInput as invalid:
            show_errors(form, invalid, form.password)
        else:
            flash("Your password is changed. Every other session of yours is signed out.", "success")
            return redirect(url_for("account.show"))
    return render_template("account/password.html", form=form), 422


def change_own_password(form, keep_session=True):
    """Change the signed-in user's password (the API's route shares this); keep this session."""
    count_attempt(current_user.username)
    user = accounts.change_password(current_user._get_current_object(), form.current_password.data,
                                    form.password.data, request.remote_addr)
    if keep_session:
        login_user(user)  # the cookie carries the new session token; the old ones no longer work
    return user


@bp.post("/tokens")
@requires("account.tokens")
def create_token():
    form = validated(TokenForm())
    token, plaintext = accounts.create_api_token(current_user, form.name.data)
    tokens = accounts.list_api_tokens(current_user)
    # Shown once, on this response only; never stored in the clear.
    return render_template("account/show.html", tokens=tokens, form=TokenForm(), new_token=plaintext)


@bp.post("/tokens/<int:token_id>/revoke")
@requires("account.tokens")
def revoke_token(token_id):
    token = accounts.revoke_api_token(current_user, token_id)
    flash(f"Token {token.name} revoked.", "success")
    return redirect(url_for("account.show"))
