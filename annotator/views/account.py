"""The signed-in user's own account: personal API tokens."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from annotator.extensions import db
from annotator.forms import TokenForm
from annotator.services import accounts
from annotator.views.helpers import validated

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.before_request
@login_required
def check_signed_in():
    return None


@bp.get("")
def show():
    tokens = accounts.list_api_tokens(current_user)
    return render_template("account/show.html", tokens=tokens, form=TokenForm(), new_token=None)


@bp.post("/tokens")
def create_token():
    form = validated(TokenForm())
    token, plaintext = accounts.create_api_token(current_user, form.name.data)
    db.session.commit()
    tokens = accounts.list_api_tokens(current_user)
    # Shown once, on this response only; never stored in the clear.
    return render_template("account/show.html", tokens=tokens, form=TokenForm(), new_token=plaintext)


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id):
    token = accounts.revoke_api_token(current_user, token_id)
    db.session.commit()
    flash(f"Token {token.name} revoked.", "success")
    return redirect(url_for("account.show"))
