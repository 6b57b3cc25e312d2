"""Signing in and out, and the first-run setup of an empty instance."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from annotator import transaction
from annotator.forms.auth import AccountForm, LoginForm
from annotator.services import accounts, login_throttle
from annotator.services.errors import InvalidInput, PermissionDenied
from annotator.views.helpers import requires, show_errors

bp = Blueprint("auth", __name__)


@bp.route("/setup", methods=["GET", "POST"])
@requires("auth.setup")
def setup():
    if not accounts.is_setup_needed():
        return redirect(url_for("articles.index"))
    form = AccountForm()
    if form.validate_on_submit():
        try:
            with transaction.savepoint():
                user = accounts.create_first_admin(form.username.data, form.password.data, form.display_name.data)
        except InvalidInput as invalid:
            show_errors(form, invalid, form.password)
        else:
            login_user(user)
            flash("Welcome! Your administrator account is ready. Load the demo article to look around.", "success")
            return redirect(url_for("articles.index"))
    return render_template("auth/setup.html", form=form), 422 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@requires("auth.sign_in")
def login():
    if current_user.is_authenticated:
        return redirect(url_for("articles.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            user = _authenticate(form)
        except PermissionDenied as denied:
            error = denied.message  # the 401 rolls back; the attempt stays counted (count_attempt)
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    status = 401 if error else (422 if form.errors else 200)
    return render_template("auth/login.html", form=form, error=error), status


def _authenticate(form):
    count_attempt(form.username.data)
    return accounts.authenticate(form.username.data, form.password.data, request.remote_addr)


def count_attempt(username):
    """Count a password check against the throttle, committed before the password is checked.

    Committed in a transaction of its own (transaction.separate), so that parallel requests see
    each other's attempts and a refused sign-in (a 401, which rolls back) still counts.
    """
    config = current_app.config
    with transaction.separate():
        login_throttle.count_attempt(username, request.remote_addr, config["LOGIN_MAX_FAILURES"],
                                     config["LOGIN_WINDOW_SECONDS"])


def _safe_next(target):
    """Follow ?next= only to a path on this site; browsers drop tabs and newlines, so refuse them."""
    target = target or ""
    parts = urlsplit(target)
    if (target.startswith("/") and not parts.scheme and not parts.netloc and "\\" not in target
            and not target.startswith("//") and all(ch > " " for ch in target)):
        return target
    return url_for("articles.index")


@bp.post("/logout")
@requires("auth.sign_out")
def logout():
    accounts.end_sessions(current_user._get_current_object())
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))
