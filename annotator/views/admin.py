"""Administration: accounts and roles."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from annotator.extensions import db
from annotator.forms import EditUserForm, NewUserForm, NewVerdictForm, ResetPasswordForm, VerdictForm
from annotator.services import accounts, verdicts
from annotator.services.errors import InvalidInput
from annotator.views.helpers import requires, show_errors, validated

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@requires("admin.users")
def users():
    return users_page(NewUserForm())


def users_page(form, status=200):
    people = accounts.list_users()
    return render_template("admin/users.html", users=people, form=form,
                           locked=accounts.locked_user_ids(people)), status


@bp.post("/users")
@requires("admin.users")
def create_user():
    form = NewUserForm()
    if not form.validate():
        return users_page(form, 422)
    try:
        accounts.create_user(form.username.data, form.password.data, form.role.data,
                             form.display_name.data, actor=current_user)
    except InvalidInput as invalid:
        db.session.rollback()
        show_errors(form, invalid, form.password)
        return users_page(form, 422)
    db.session.commit()
    flash(f"Account {form.username.data} created.", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>")
@requires("admin.users")
def update_user(user_id):
    user = accounts.get_user(user_id)
    form = validated(EditUserForm())
    accounts.update_user(current_user, user, form.role.data, form.active.data)
    db.session.commit()
    flash(f"Account {user.username} updated.", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/password")
@requires("admin.users")
def reset_password(user_id):
    user = accounts.get_user(user_id)
    form = validated(ResetPasswordForm())
    accounts.reset_password(current_user, user, form.password.data)
    db.session.commit()
    flash(f"{user.username} has a new password, to be changed at the next sign-in; their sessions are ended.",
          "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/unlock")
@requires("admin.users")
def unlock_user(user_id):
    user = accounts.get_user(user_id)
    accounts.unlock_user(current_user, user)
    db.session.commit()
    flash(f"{user.username} may sign in again.", "success")
    return redirect(url_for("admin.users"))


@bp.get("/verdicts")
@requires("admin.verdicts")
def verdict_scale():
    scale = verdicts.list_verdicts(include_inactive=True)
    return render_template("admin/verdicts.html", verdicts=scale, form=NewVerdictForm(active=True))


@bp.post("/verdicts")
@requires("admin.verdicts")
def create_verdict():
    form = NewVerdictForm()
    if not form.validate():
        scale = verdicts.list_verdicts(include_inactive=True)
        return render_template("admin/verdicts.html", verdicts=scale, form=form), 422
    verdicts.create_verdict(current_user, form.key.data, form.label.data, form.rating.data, form.position.data)
    db.session.commit()
    flash(f"Verdict {form.label.data} added.", "success")
    return redirect(url_for("admin.verdict_scale"))


@bp.post("/verdicts/<int:verdict_id>")
@requires("admin.verdicts")
def update_verdict(verdict_id):
    verdict = verdicts.get_verdict(verdict_id)
    form = validated(VerdictForm())
    verdicts.update_verdict(current_user, verdict, label=form.label.data, rating=form.rating.data,
                            position=form.position.data if form.position.data is not None else verdict.position,
                            active=form.active.data)
    db.session.commit()
    flash(f"Verdict {verdict.label} saved.", "success")
    return redirect(url_for("admin.verdict_scale"))
