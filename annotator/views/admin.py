"""Administration: accounts and roles."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from annotator.extensions import db
from annotator.forms import EditUserForm, NewUserForm, NewVerdictForm, VerdictForm
from annotator.services import accounts, verdicts
from annotator.views.helpers import require_admin, validated

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def check_admin():
    require_admin()


@bp.get("/users")
def users():
    return render_template("admin/users.html", users=accounts.list_users(), form=NewUserForm())


@bp.post("/users")
def create_user():
    form = NewUserForm()
    if not form.validate():
        return render_template("admin/users.html", users=accounts.list_users(), form=form), 422
    accounts.create_user(form.username.data, form.password.data, form.role.data,
                         form.display_name.data, actor=current_user)
    db.session.commit()
    flash(f"Account {form.username.data} created.", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>")
def update_user(user_id):
    user = accounts.get_user(user_id)
    form = validated(EditUserForm())
    accounts.update_user(current_user, user, form.role.data, form.active.data)
    db.session.commit()
    flash(f"Account {user.username} updated.", "success")
    return redirect(url_for("admin.users"))


@bp.get("/verdicts")
def verdict_scale():
    scale = verdicts.list_verdicts(include_inactive=True)
    return render_template("admin/verdicts.html", verdicts=scale, form=NewVerdictForm(active=True))


@bp.post("/verdicts")
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
def update_verdict(verdict_id):
    verdict = verdicts.get_verdict(verdict_id)
    form = validated(VerdictForm())
    verdicts.update_verdict(current_user, verdict, label=form.label.data, rating=form.rating.data,
                            position=form.position.data if form.position.data is not None else verdict.position,
                            active=form.active.data)
    db.session.commit()
    flash(f"Verdict {verdict.label} saved.", "success")
    return redirect(url_for("admin.verdict_scale"))
